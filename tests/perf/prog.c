/* The program tests/perf_test.sh records with perf: a few functions of
 * known relative weight, a recursion and a second thread, built with
 * frame pointers and without inlining (see the test for the command):
 *   cc -O1 -g -fno-omit-frame-pointer -fno-inline -pthread prog.c */
#include <pthread.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		sink += i ^ (sink >> 3);
}

__attribute__((noinline)) static void heavy(void) { spin(6000000); }
__attribute__((noinline)) static void light(void) { spin(2000000); }

__attribute__((noinline)) static void recurse(int depth)
{
	if (depth == 0) {
		spin(1000000);
		return;
	}
	recurse(depth - 1);
	sink++;
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 8; i++)
		light();
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 8;
	pthread_t t;
	if (pthread_create(&t, NULL, worker, NULL))
		return 1;
	for (int i = 0; i < rounds; i++) {
		heavy();
		light();
		recurse(5);
	}
	pthread_join(t, NULL);
	return 0;
}
