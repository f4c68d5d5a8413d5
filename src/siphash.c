/*
 * siphash.c — SipHash-2-4, a keyed 64-bit hash: the rate limiter's and
 * the response cache's table keys, so that callers who choose the input
 * (an address, a query string) cannot aim at one bucket.
 */
#include <stdint.h>
#include <string.h>

#include "jb_siphash.h"

#define SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND \
	do { \
		v0 += v1; \
		v1 = SIP_ROTL(v1, 13); \
		v1 ^= v0; \
		v0 = SIP_ROTL(v0, 32); \
		v2 += v3; \
		v3 = SIP_ROTL(v3, 16); \
		v3 ^= v2; \
		v0 += v3; \
		v3 = SIP_ROTL(v3, 21); \
		v3 ^= v0; \
		v2 += v1; \
		v1 = SIP_ROTL(v1, 17); \
		v1 ^= v2; \
		v2 = SIP_ROTL(v2, 32); \
	} while (0)

/* SipHash-2-4 (Aumasson and Bernstein), 64-bit output. */
uint64_t
jb_siphash(const uint64_t *k, const unsigned char *in, size_t len)
{
	uint64_t v0, v1, v2, v3, m, b;
	size_t i, left;

	v0 = 0x736f6d6570736575ULL ^ k[0];
	v1 = 0x646f72616e646f6dULL ^ k[1];
	v2 = 0x6c7967656e657261ULL ^ k[0];
	v3 = 0x7465646279746573ULL ^ k[1];
	b = (uint64_t)len << 56;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, in + i, 8);
		v3 ^= m;
		SIP_ROUND;
		SIP_ROUND;
		v0 ^= m;
	}
	for (left = 0; i + left < len; left++)
		b |= (uint64_t)in[i + left] << (8 * left);
	v3 ^= b;
	SIP_ROUND;
	SIP_ROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIP_ROUND;
	SIP_ROUND;
	SIP_ROUND;
	SIP_ROUND;

	return (v0 ^ v1 ^ v2 ^ v3);
}
