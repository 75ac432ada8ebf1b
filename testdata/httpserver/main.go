// httpserver is the live service the HTTP tests fetch profiles from: it
// serves net/http/pprof on 127.0.0.1 on a free port, writes the port to
// -portfile, and keeps burning CPU, allocating, contending on a mutex and
// blocking on a channel so every profile type has samples in main.
//
// Build and run (tests/http_test.sh does this):
//
//	go build -o httpserver main.go
//	./httpserver -portfile port [-cert cert.pem -key key.pem]
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

var sink [][]byte

//go:noinline
func burnCPU() {
	x := 0
	for {
		for i := 0; i < 1000000; i++ {
			x += i * i
		}
		if x == 42 {
			println(x)
		}
	}
}

// allocated is closed once allocate() has made its first buffer.
var allocated = make(chan struct{})

//go:noinline
func allocate() {
	for first := true; ; first = false {
		buf := make([]byte, 64<<10)
		sink = append(sink, buf)
		if first {
			close(allocated)
		}
		if len(sink) > 256 {
			sink = sink[128:]
		}
		time.Sleep(time.Millisecond)
	}
}

//go:noinline
func contend(mu *sync.Mutex) {
	for {
		mu.Lock()
		time.Sleep(100 * time.Microsecond)
		mu.Unlock()
	}
}

//go:noinline
func block(ch chan int) {
	for {
		<-ch
	}
}

func main() {
	portfile := flag.String("portfile", "", "file to write the port to")
	cert := flag.String("cert", "", "TLS certificate (serves https when set)")
	key := flag.String("key", "", "TLS key")
	lifetime := flag.Duration("lifetime", 5*time.Minute, "exit after this long")
	flag.Parse()

	// Every allocation sampled: the heap checks must not depend on the
	// luck of the 512 KB sampling on a loaded machine.
	runtime.MemProfileRate = 1
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)

	go burnCPU()
	go allocate()
	var mu sync.Mutex
	for i := 0; i < 4; i++ {
		go contend(&mu)
	}
	ch := make(chan int)
	go block(ch)
	go func() {
		for {
			time.Sleep(time.Millisecond)
			ch <- 1
		}
	}()
	// A safety net: never outlive a test that forgot to stop us.
	time.AfterFunc(*lifetime, func() { os.Exit(0) })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	// A heap profile shows allocations as of the last completed GC cycles:
	// wait until allocate() has run, then finish two cycles, so the first
	// heap fetch already sees main.allocate however loaded the machine is.
	<-allocated
	runtime.GC()
	runtime.GC()

	if *portfile != "" {
		port := ln.Addr().(*net.TCPAddr).Port
		tmp := *portfile + ".tmp"
		if err := os.WriteFile(tmp, []byte(strconv.Itoa(port)+"\n"), 0644); err != nil {
			log.Fatal(err)
		}
		// Rename so the test never reads a half-written file.
		if err := os.Rename(tmp, *portfile); err != nil {
			log.Fatal(err)
		}
	}
	if *cert != "" {
		log.Fatal(http.ServeTLS(ln, nil, *cert, *key))
	}
	log.Fatal(http.Serve(ln, nil))
}
