/* The JIT program of tests/perf_test.sh: copies a counting loop into
 * anonymous executable memory and names it in /tmp/perf-PID.map, as JIT
 * compilers do for perf, then runs it. x86_64 machine code.
 *   cc -O0 -g -fno-omit-frame-pointer jit.c */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	/* mov ecx, 0x10000000; 1: dec ecx; jnz 1b; ret */
	static const unsigned char code[] = {
		0xb9, 0x00, 0x00, 0x00, 0x10, 0xff, 0xc9, 0x75, 0xfc, 0xc3,
	};
	unsigned char *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	/* two functions, so that a lookup has to pick */
	memcpy(mem, code, sizeof(code));
	memcpy(mem + 64, code, sizeof(code));
	char path[64];
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	FILE *f = fopen(path, "w");
	if (!f)
		return 1;
	fprintf(f, "%lx %x jit_first\n", (unsigned long)mem, (unsigned)sizeof(code));
	fprintf(f, "%lx %x jit_second\n", (unsigned long)(mem + 64),
		(unsigned)sizeof(code));
	fclose(f);
	void (*first)(void) = (void (*)(void))mem;
	void (*second)(void) = (void (*)(void))(mem + 64);
	for (int i = 0; i < 3; i++) {
		first();
		second();
		second();
	}
	return 0;
}
