/*
 * jb_token.h — JWT access tokens (HS256, typ JWT, made and checked with
 * libjwt) and opaque tokens.
 */
#ifndef JB_TOKEN_H
#define JB_TOKEN_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#define JB_TOKEN_MAX 4096 /* longest bearer token accepted */
#define JB_TOKEN_LEEWAY 30 /* seconds of clock skew allowed */
#define JB_OPAQUE_LEN 43 /* base64url of 32 random bytes */
#define JB_SHA256_HEX_LEN 64

struct jb_token_cfg {
	const unsigned char *secret;
	size_t secret_len;
	const char *issuer;
	const char *audience;
	long ttl; /* access token lifetime, s */
};

char *jb_token_issue(const struct jb_token_cfg *, const json_t *, time_t);
json_t *jb_token_verify(const struct jb_token_cfg *, const char *, time_t);
int jb_token_opaque(char *, size_t);
void jb_token_sha256_hex(const char *, char *);

#endif
