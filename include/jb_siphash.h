/*
 * jb_siphash.h — SipHash-2-4 with a 128-bit key (src/siphash.c).
 */
#ifndef JB_SIPHASH_H
#define JB_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t jb_siphash(const uint64_t *, const unsigned char *, size_t);

#endif
