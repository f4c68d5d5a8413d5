/*
 * token.c — issues and verifies access tokens (JWT, HS256, header typ
 * "at+jwt" per RFC 9068, claims iss aud sub role iat nbf exp jti +
 * scope), and makes the opaque refresh tokens and their SHA-256 digests.
 *
 * Why not libjwt: Debian's libjwt 1.10 writes "typ":"JWT" into every
 * header and jwt_decode() answers EINVAL for any other typ, so it can
 * neither make nor read an at+jwt token. The JWS compact form with one
 * pinned algorithm is small enough to do here with OpenSSL's HMAC and a
 * constant-time compare; every claim is checked, none is trusted.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "jb_b64.h"
#include "jb_token.h"
#include "jb_validate.h"

static int token_header_ok(const char *);
static int token_claims_ok(const struct jb_token_cfg *, json_t *, time_t);
static int token_aud_ok(const json_t *, const char *);

/*
 * Sign an access token for claims (sub, role, municipality_codes,
 * employer_id, seeker_id). Returns a malloc'd string or NULL.
 */
char *
jb_token_issue(const struct jb_token_cfg *cfg, const json_t *claims, time_t now)
{
	json_t *all;
	char *payload, *out, jti[JB_OPAQUE_LEN + 1];
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	size_t hlen, plen, len;
	static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}";

	if (jb_token_opaque(jti, sizeof(jti)) == -1)
		return (NULL);

	all = json_deep_copy(claims);
	json_object_set_new(all, "iss", json_string(cfg->issuer));
	json_object_set_new(all, "aud", json_string(cfg->audience));
	json_object_set_new(all, "iat", json_integer(now));
	json_object_set_new(all, "nbf", json_integer(now));
	json_object_set_new(all, "exp", json_integer(now + cfg->ttl));
	json_object_set_new(all, "jti", json_string(jti));
	payload = json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(all);
	if (payload == NULL)
		return (NULL);

	plen = strlen(payload);
	len = JB_B64_ENCODED_LEN(sizeof(header)) + JB_B64_ENCODED_LEN(plen) +
	    JB_B64_ENCODED_LEN(32) + 2;
	if ((out = malloc(len)) == NULL) {
		free(payload);
		return (NULL);
	}
	hlen = jb_b64url_encode((const unsigned char *)header,
	    sizeof(header) - 1, out, len);
	out[hlen++] = '.';
	hlen += jb_b64url_encode((const unsigned char *)payload, plen,
	    out + hlen, len - hlen);
	free(payload);

	maclen = sizeof(mac);
	HMAC(EVP_sha256(), cfg->secret, (int)cfg->secret_len,
	    (const unsigned char *)out, hlen, mac, &maclen);
	out[hlen++] = '.';
	(void)jb_b64url_encode(mac, maclen, out + hlen, len - hlen);

	return (out);
}

/*
 * Verify a bearer token at time now. Returns its claims (a new object)
 * or NULL for anything short of a valid, current token of ours.
 */
json_t *
jb_token_verify(const struct jb_token_cfg *cfg, const char *token, time_t now)
{
	json_t *claims;
	const char *dot1, *dot2;
	unsigned char mac[EVP_MAX_MD_SIZE], sig[64], *payload;
	unsigned int maclen;
	size_t len, siglen, plen;

	len = strlen(token);
	if (len > JB_TOKEN_MAX || !token_header_ok(token))
		return (NULL);
	if ((dot1 = strchr(token, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.'))
		return (NULL);

	maclen = sizeof(mac);
	HMAC(EVP_sha256(), cfg->secret, (int)cfg->secret_len,
	    (const unsigned char *)token, dot2 - token, mac, &maclen);
	if (jb_b64url_decode(dot2 + 1, strlen(dot2 + 1), sig, sizeof(sig),
		&siglen) == -1 ||
	    siglen != maclen || CRYPTO_memcmp(mac, sig, maclen) != 0)
		return (NULL);

	if ((payload = malloc(len)) == NULL)
		return (NULL);
	claims = NULL;
	if (jb_b64url_decode(dot1 + 1, dot2 - dot1 - 1, payload, len, &plen) ==
	    0)
		claims = json_loadb((const char *)payload, plen,
		    JSON_REJECT_DUPLICATES, NULL);
	free(payload);

	if (claims != NULL &&
	    (!json_is_object(claims) || !token_claims_ok(cfg, claims, now))) {
		json_decref(claims);
		claims = NULL;
	}

	return (claims);
}

/* 32 random bytes, base64url: refresh tokens and jti values. */
int
jb_token_opaque(char *out, size_t len)
{
	unsigned char raw[32];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return (-1);
	if (jb_b64url_encode(raw, sizeof(raw), out, len) == 0)
		return (-1);

	return (0);
}

/* Lower-case hex SHA-256 of s into out (JB_SHA256_HEX_LEN + 1 bytes). */
void
jb_token_sha256_hex(const char *s, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len, i;
	static const char hex[] = "0123456789abcdef";

	len = 0;
	(void)EVP_Digest(s, strlen(s), md, &len, EVP_sha256(), NULL);
	for (i = 0; i < len; i++) {
		out[i * 2] = hex[md[i] >> 4];
		out[i * 2 + 1] = hex[md[i] & 0x0f];
	}
	out[len * 2] = '\0';
}

/* The header must say exactly alg HS256 and typ at+jwt. */
static int
token_header_ok(const char *token)
{
	const char *dot;
	unsigned char buf[512];
	size_t n;
	json_t *hdr;
	const char *alg, *typ;
	int ok;

	if ((dot = strchr(token, '.')) == NULL || (size_t)(dot - token) > 600)
		return (0);
	if (jb_b64url_decode(token, dot - token, buf, sizeof(buf), &n) == -1)
		return (0);
	if ((hdr = json_loadb((char *)buf, n, JSON_REJECT_DUPLICATES, NULL)) ==
	    NULL)
		return (0);

	alg = json_string_value(json_object_get(hdr, "alg"));
	typ = json_string_value(json_object_get(hdr, "typ"));
	ok = json_is_object(hdr) && alg != NULL && typ != NULL &&
	    strcmp(alg, "HS256") == 0 && strcmp(typ, "at+jwt") == 0 &&
	    json_object_get(hdr, "crit") == NULL;
	json_decref(hdr);

	return (ok);
}

/* iss, aud, exp, nbf, iat, sub, role, jti: all present and right. */
static int
token_claims_ok(const struct jb_token_cfg *cfg, json_t *c, time_t now)
{
	const char *iss, *sub, *role, *jti;
	json_t *exp, *nbf, *iat;

	iss = json_string_value(json_object_get(c, "iss"));
	sub = json_string_value(json_object_get(c, "sub"));
	role = json_string_value(json_object_get(c, "role"));
	jti = json_string_value(json_object_get(c, "jti"));
	exp = json_object_get(c, "exp");
	nbf = json_object_get(c, "nbf");
	iat = json_object_get(c, "iat");

	if (iss == NULL || strcmp(iss, cfg->issuer) != 0)
		return (0);
	if (!token_aud_ok(json_object_get(c, "aud"), cfg->audience))
		return (0);
	/* Compare against now +- leeway: claims are attacker-sized. */
	if (!json_is_integer(exp) ||
	    json_integer_value(exp) <= (json_int_t)now - JB_TOKEN_LEEWAY)
		return (0);
	if (nbf != NULL &&
	    (!json_is_integer(nbf) ||
		json_integer_value(nbf) > (json_int_t)now + JB_TOKEN_LEEWAY))
		return (0);
	if (!json_is_integer(iat) ||
	    json_integer_value(iat) > (json_int_t)now + JB_TOKEN_LEEWAY)
		return (0);
	if (sub == NULL || !jb_valid_uuid(sub) || jti == NULL)
		return (0);
	if (role == NULL ||
	    (strcmp(role, "admin") != 0 && strcmp(role, "consultant") != 0 &&
		strcmp(role, "employer") != 0 && strcmp(role, "seeker") != 0 &&
		strcmp(role, "partner") != 0))
		return (0);
	if (!json_is_array(json_object_get(c, "municipality_codes")))
		return (0);

	return (1);
}

static int
token_aud_ok(const json_t *aud, const char *want)
{
	const json_t *v;
	size_t i;

	if (json_is_string(aud))
		return (strcmp(json_string_value(aud), want) == 0);
	if (json_is_array(aud)) {
		json_array_foreach(aud, i, v) {
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), want) == 0)
				return (1);
		}
	}
	return (0);
}
