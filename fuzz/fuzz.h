/* fuzz: the entry point every target defines, libFuzzer's. The same
 * object links either with libFuzzer (-Dfuzzers=true, clang) or with
 * seed_main.c, which replays files as an ordinary test under any compiler. */
#ifndef CPROF_FUZZ_H
#define CPROF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
