/*
 * token.c — access tokens: JWTs signed with HS256 by libjwt (header
 * {"alg":"HS256","typ":"JWT"}, claims iss aud sub role iat nbf exp jti +
 * scope), and the opaque refresh tokens and their SHA-256 digests.
 *
 * Debian's libjwt 1.10 signs, and checks a signature with the algorithm
 * its header names; it checks no claim, reads JSON that repeats a member,
 * and takes base64 with stray bits. So before libjwt sees a token it must
 * be ours in form: three segments of strict base64url, a header that is
 * exactly alg HS256 and typ JWT (any other alg is refused here, before
 * the token is trusted) and a payload object without repeated members.
 * The signature is compared here in constant time before libjwt checks
 * it again (libjwt compares with strcmp()); then every claim is checked
 * here. (A refresh token, the one long-lived secret, is compared by its
 * digest in SQL.)
 */
#include <stdlib.h>
#include <string.h>

#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "jb_b64.h"
#include "jb_roles.h"
#include "jb_token.h"
#include "jb_validate.h"

#define TOKEN_HEADER_MAX 600 /* encoded; ours is 36 */
#define TOKEN_SIG_MAX 96 /* base64url of an HMAC-SHA256, and room */

static json_t *token_segment(const char *, size_t, size_t);
static int token_header_ok(const char *, size_t);
static int token_signature_ok(const struct jb_token_cfg *, const char *);
static int token_claims_ok(const struct jb_token_cfg *, json_t *, time_t);
static int token_aud_ok(const json_t *, const char *);

/*
 * Sign an access token for claims (sub, role, municipality_codes,
 * employer_id, seeker_id). Returns a malloc'd string or NULL.
 */
char *
jb_token_issue(const struct jb_token_cfg *cfg, const json_t *claims, time_t now)
{
	jwt_t *jwt;
	json_t *all;
	char *payload, *out, jti[JB_OPAQUE_LEN + 1];

	if (jb_token_opaque(jti, sizeof(jti)) == -1)
		return (NULL);

	all = json_deep_copy(claims);
	json_object_set_new(all, "iss", json_string(cfg->issuer));
	json_object_set_new(all, "aud", json_string(cfg->audience));
	json_object_set_new(all, "iat", json_integer(now));
	json_object_set_new(all, "nbf", json_integer(now));
	json_object_set_new(all, "exp", json_integer(now + cfg->ttl));
	json_object_set_new(all, "jti", json_string(jti));
	payload = json_dumps(all, JSON_COMPACT);
	json_decref(all);
	if (payload == NULL)
		return (NULL);

	out = NULL;
	if (jwt_new(&jwt) == 0) {
		if (jwt_add_grants_json(jwt, payload) == 0 &&
		    jwt_set_alg(jwt, JWT_ALG_HS256, cfg->secret,
			(int)cfg->secret_len) == 0)
			out = jwt_encode_str(jwt);
		jwt_free(jwt);
	}
	free(payload);

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

	if (strlen(token) > JB_TOKEN_MAX)
		return (NULL);
	if ((dot1 = strchr(token, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.'))
		return (NULL);
	if (!token_header_ok(token, dot1 - token))
		return (NULL);
	claims = token_segment(dot1 + 1, dot2 - dot1 - 1, JB_TOKEN_MAX);
	if (claims == NULL)
		return (NULL);
	if (!token_signature_ok(cfg, token) ||
	    !token_claims_ok(cfg, claims, now)) {
		json_decref(claims);
		return (NULL);
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

/*
 * A segment of len characters (at most max) as a JSON object: strict
 * base64url, no repeated member. NULL otherwise.
 */
static json_t *
token_segment(const char *s, size_t len, size_t max)
{
	unsigned char *buf;
	size_t n;
	json_t *v;

	if (len == 0 || len > max || (buf = malloc(len)) == NULL)
		return (NULL);
	v = NULL;
	if (jb_b64url_decode(s, len, buf, len, &n) == 0)
		v = json_loadb((const char *)buf, n, JSON_REJECT_DUPLICATES,
		    NULL);
	free(buf);
	if (v != NULL && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return (v);
}

/* The header must say exactly alg HS256 and typ JWT, and nothing crit. */
static int
token_header_ok(const char *s, size_t len)
{
	json_t *hdr;
	const char *alg, *typ;
	int ok;

	if ((hdr = token_segment(s, len, TOKEN_HEADER_MAX)) == NULL)
		return (0);
	alg = json_string_value(json_object_get(hdr, "alg"));
	typ = json_string_value(json_object_get(hdr, "typ"));
	ok = alg != NULL && typ != NULL && strcmp(alg, "HS256") == 0 &&
	    strcmp(typ, "JWT") == 0 && json_object_get(hdr, "crit") == NULL;
	json_decref(hdr);

	return (ok);
}

/*
 * The HS256 signature is ours: compared here in constant time (libjwt
 * compares with strcmp(), which tells an attacker how many leading
 * characters of a forged signature were right), then libjwt checks the
 * whole token too.
 */
static int
token_signature_ok(const struct jb_token_cfg *cfg, const char *token)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	char want[TOKEN_SIG_MAX];
	const char *sig;
	unsigned int maclen;
	size_t len;
	jwt_t *jwt;
	int ok;

	if ((sig = strrchr(token, '.')) == NULL)
		return (0);
	sig++;
	if (HMAC(EVP_sha256(), cfg->secret, (int)cfg->secret_len,
		(const unsigned char *)token, (size_t)(sig - 1 - token), mac,
		&maclen) == NULL)
		return (0);
	len = jb_b64url_encode(mac, maclen, want, sizeof(want));
	if (len == 0 || strlen(sig) != len ||
	    CRYPTO_memcmp(sig, want, len) != 0)
		return (0);

	if (jwt_decode(&jwt, token, cfg->secret, (int)cfg->secret_len) != 0)
		return (0);
	ok = jwt_get_alg(jwt) == JWT_ALG_HS256;
	jwt_free(jwt);

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
	if ((jb_role_bit(role) & JB_ROLES_USERS) == 0)
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
