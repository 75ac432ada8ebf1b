// Writes labels.cpu.pb.gz and labels.allocs.pb.gz for the differential
// test: CPU samples under pprof.Do labels (worker, nested phase), a
// 60-frame recursion, and an allocation profile at MemProfileRate 512.
// usage: go build labels.go && ./labels cpu.pb.gz allocs.pb.gz

package main

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

var sink []byte

func deep(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	deep(n-1, f)
}

func spin(d time.Duration) int {
	end := time.Now().Add(d)
	x := 0
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x += i * i
		}
	}
	return x
}

func sorter(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		a := make([]int, 5000)
		for i := range a {
			a[i] = (i * 7919) % 5003
		}
		sort.Ints(a)
		sink = make([]byte, 1<<uint(len(a)%7+10))
	}
}

func builder(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		var b strings.Builder
		for i := 0; i < 200; i++ {
			b.WriteString("xyz")
		}
		sink = []byte(b.String())
	}
}

func main() {
	runtime.MemProfileRate = 512
	f, _ := os.Create(os.Args[1])
	pprof.StartCPUProfile(f)
	ctx := context.Background()
	done := make(chan bool)
	for _, w := range []string{"alpha", "beta", "gamma"} {
		w := w
		go func() {
			pprof.Do(ctx, pprof.Labels("worker", w, "phase", "one"), func(ctx context.Context) {
				switch w {
				case "alpha":
					deep(60, func() { spin(300 * time.Millisecond) })
				case "beta":
					deep(5, func() { sorter(300 * time.Millisecond) })
				default:
					pprof.Do(ctx, pprof.Labels("phase", "two"), func(context.Context) {
						deep(20, func() { builder(300 * time.Millisecond) })
					})
				}
			})
			done <- true
		}()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
	spin(100 * time.Millisecond)
	pprof.StopCPUProfile()
	f.Close()
	h, _ := os.Create(os.Args[2])
	pprof.Lookup("allocs").WriteTo(h, 0)
	h.Close()
}
