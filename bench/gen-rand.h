/* SPDX-License-Identifier: MIT */
/*
 * The reproducible random numbers of the bench corpus generators: define
 * GEN_SEED (a non-zero 64-bit constant) before including; same seed, same
 * corpus on every machine.
 */
#ifndef VAKT_BENCH_GEN_RAND_H
#define VAKT_BENCH_GEN_RAND_H

#include <stdint.h>

static uint64_t state = GEN_SEED;

/* A number in [0, n): xorshift64*, fast and reproducible everywhere. */
static uint32_t rnd(uint32_t n)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

/* A random element of array a. */
#define PICK(a) (a)[rnd(sizeof(a) / sizeof((a)[0]))]

#endif
