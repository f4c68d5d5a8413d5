/*
 * jb_b64.h — base64url (RFC 4648 §5, no padding) encoding and decoding.
 */
#ifndef JB_B64_H
#define JB_B64_H

#include <stddef.h>

/* Bytes needed to encode len bytes, including the terminating NUL. */
#define JB_B64_ENCODED_LEN(len) (((len)*4 + 2) / 3 + 1)

size_t jb_b64url_encode(const unsigned char *, size_t, char *, size_t);
int jb_b64url_decode(const char *, size_t, unsigned char *, size_t, size_t *);

#endif
