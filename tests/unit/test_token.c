/*
 * test_token.c — JWT access tokens (HS256, typ JWT), opaque tokens and
 * SHA-256 digests. Most verify tests sign tokens by hand (below), so that
 * every header and claim can be varied independently of jb_token_issue().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "jb_b64.h"
#include "jb_token.h"

/*
 */
#define NOW ((time_t)1700000000)
#define SUB "6f1c2b9e-8d4a-4e3b-9c2f-0a1b2c3d4e5f"
#define HDR "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_secret[] = "fedcba9876543210fedcba987654321";

static const struct jb_token_cfg cfg = {secret, sizeof(secret) - 1,
    "https://jobbro.dk", "jobbro-api", 900};

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url of len bytes, appended to out. */
static void
b64_append(char *out, const void *data, size_t len)
{
	char *end;

	end = out + strlen(out);
	assert_true(
	    jb_b64url_encode(data, len, end, JB_B64_ENCODED_LEN(len)) > 0 ||
	    len == 0);
}

/*
 * A compact JWS of header and payload texts. md is the HMAC digest, or
 * NULL for an empty signature (alg none). Returns a malloc'd string.
 */
static char *
make_jws(const char *header, const char *payload, const EVP_MD *md,
    const unsigned char *key, size_t keylen)
{
	char *tok;
	size_t cap;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;

	cap = JB_B64_ENCODED_LEN(strlen(header)) +
	    JB_B64_ENCODED_LEN(strlen(payload)) + JB_B64_ENCODED_LEN(64) + 4;
	tok = calloc(1, cap);
	assert_non_null(tok);
	b64_append(tok, header, strlen(header));
	strcat(tok, ".");
	b64_append(tok, payload, strlen(payload));
	if (md != NULL) {
		maclen = sizeof(mac);
		assert_non_null(HMAC(md, key, (int)keylen, (unsigned char *)tok,
		    strlen(tok), mac, &maclen));
	}
	strcat(tok, ".");
	if (md != NULL)
		b64_append(tok, mac, maclen);
	return (tok);
}

/* The claims jb_token_issue() would put in a token issued at NOW. */
static json_t *
good_claims(void)
{
	json_t *c;

	c = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:[s,s]}",
	    "iss", "https://jobbro.dk", "aud", "jobbro-api", "sub", SUB, "role",
	    "consultant", "iat", (json_int_t)NOW, "nbf", (json_int_t)NOW, "exp",
	    (json_int_t)NOW + 900, "jti",
	    "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8", "municipality_codes",
	    "0101", "0147");
	assert_non_null(c);
	return (c);
}

/* Sign claims (stolen) with header and secret the way we issue them. */
static char *
sign_claims(const char *header, json_t *claims)
{
	char *payload, *tok;

	payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	assert_non_null(payload);
	tok =
	    make_jws(header, payload, EVP_sha256(), secret, sizeof(secret) - 1);
	free(payload);
	return (tok);
}

/* Does the verifier accept token (freed) at now? */
static int
accepts_at(char *token, time_t now)
{
	json_t *c;

	c = jb_token_verify(&cfg, token, now);
	free(token);
	json_decref(c);
	return (c != NULL);
}

#define assert_accepted(tok) assert_true(accepts_at((tok), NOW))
#define assert_rejected(tok) assert_false(accepts_at((tok), NOW))

/* Claims with one member replaced (value stolen) or, if NULL, removed. */
static json_t *
claims_with(const char *key, json_t *value)
{
	json_t *c;

	c = good_claims();
	if (value == NULL)
		json_object_del(c, key);
	else
		json_object_set_new(c, key, value);
	return (c);
}

static char *
token_with(const char *key, json_t *value)
{
	return (sign_claims(HDR, claims_with(key, value)));
}

/* A token jb_token_issue() made for sub/role at now. */
static char *
issue(time_t now)
{
	json_t *claims;
	char *tok;

	claims = json_pack("{s:s, s:s, s:[s], s:s}", "sub", SUB, "role",
	    "employer", "municipality_codes", "0851", "employer_id",
	    "11111111-2222-3333-4444-555555555555");
	tok = jb_token_issue(&cfg, claims, now);
	json_decref(claims);
	if (tok == NULL)
		fail_msg("jb_token_issue() returned NULL");
	return (tok);
}

/* The hand-made token helper itself agrees with the verifier. */
static void
test_verify_hand_made(void **state)
{
	json_t *c;
	char *tok;

	tok = sign_claims(HDR, good_claims());
	c = jb_token_verify(&cfg, tok, NOW);
	free(tok);
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "sub")), SUB);
	assert_string_equal(json_string_value(json_object_get(c, "role")),
	    "consultant");
	assert_int_equal(json_array_size(
			     json_object_get(c, "municipality_codes")),
	    2);
	json_decref(c);
}

static void
test_issue_round_trip(void **state)
{
	json_t *c;
	char *tok, *dot;
	unsigned char hdr[128];
	size_t n;
	json_t *h;

	tok = issue(NOW);
	assert_int_equal(strspn(tok, b64url), strchr(tok, '.') - tok);
	/* Three segments, the last a 32-byte MAC. */
	assert_int_equal(strlen(strrchr(tok, '.') + 1), 43);
	assert_true(strchr(tok, '.') != strrchr(tok, '.'));

	/* Header: exactly HS256 and JWT. */
	dot = strchr(tok, '.');
	assert_int_equal(jb_b64url_decode(tok, dot - tok, hdr, sizeof(hdr), &n),
	    0);
	h = json_loadb((char *)hdr, n, 0, NULL);
	assert_non_null(h);
	assert_string_equal(json_string_value(json_object_get(h, "alg")),
	    "HS256");
	assert_string_equal(json_string_value(json_object_get(h, "typ")),
	    "JWT");
	json_decref(h);

	c = jb_token_verify(&cfg, tok, NOW);
	free(tok);
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "sub")), SUB);
	assert_string_equal(json_string_value(json_object_get(c, "role")),
	    "employer");
	assert_string_equal(json_string_value(
				json_object_get(c, "employer_id")),
	    "11111111-2222-3333-4444-555555555555");
	assert_string_equal(json_string_value(
				json_array_get(json_object_get(c,
						   "municipality_codes"),
				    0)),
	    "0851");
	assert_string_equal(json_string_value(json_object_get(c, "iss")),
	    cfg.issuer);
	assert_string_equal(json_string_value(json_object_get(c, "aud")),
	    cfg.audience);
	assert_int_equal(json_integer_value(json_object_get(c, "iat")), NOW);
	assert_int_equal(json_integer_value(json_object_get(c, "nbf")), NOW);
	assert_int_equal(json_integer_value(json_object_get(c, "exp")),
	    NOW + cfg.ttl);
	assert_int_equal(strlen(json_string_value(json_object_get(c, "jti"))),
	    JB_OPAQUE_LEN);
	json_decref(c);
}

static void
test_issue_unique_jti(void **state)
{
	json_t *a, *b;
	char *t1, *t2;

	t1 = issue(NOW);
	t2 = issue(NOW);
	a = jb_token_verify(&cfg, t1, NOW);
	b = jb_token_verify(&cfg, t2, NOW);
	free(t1);
	free(t2);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_not_equal(json_string_value(json_object_get(a, "jti")),
	    json_string_value(json_object_get(b, "jti")));
	json_decref(a);
	json_decref(b);
}

/* Lifetime and leeway of issued tokens, and a verifier with another
 * secret. */
static void
test_issue_lifetime(void **state)
{
	struct jb_token_cfg c;

	assert_true(accepts_at(issue(NOW), NOW + 900 + JB_TOKEN_LEEWAY - 1));
	assert_false(accepts_at(issue(NOW), NOW + 900 + JB_TOKEN_LEEWAY));
	assert_true(accepts_at(issue(NOW), NOW - JB_TOKEN_LEEWAY));
	assert_false(accepts_at(issue(NOW), NOW - JB_TOKEN_LEEWAY - 1));

	c = cfg;
	c.secret = other_secret;
	c.secret_len = sizeof(other_secret) - 1;
	{
		char *t = issue(NOW);
		json_t *v = jb_token_verify(&c, t, NOW);

		free(t);
		assert_null(v);
	}
}

/* exp: now must be before exp + leeway. */
static void
test_exp(void **state)
{
	assert_accepted(
	    token_with("exp", json_integer(NOW - JB_TOKEN_LEEWAY + 1)));
	assert_rejected(token_with("exp", json_integer(NOW - JB_TOKEN_LEEWAY)));
	assert_rejected(token_with("exp", json_integer(NOW - 3600)));
	assert_rejected(token_with("exp", NULL));
	assert_rejected(token_with("exp", json_string("1700000900")));
	assert_rejected(token_with("exp", json_real(1700000900.0)));
	assert_rejected(token_with("exp", json_null()));
}

/* nbf (optional) and iat may be at most the leeway in the future. */
static void
test_nbf_iat(void **state)
{
	assert_accepted(token_with("nbf", json_integer(NOW + JB_TOKEN_LEEWAY)));
	assert_rejected(
	    token_with("nbf", json_integer(NOW + JB_TOKEN_LEEWAY + 1)));
	assert_rejected(token_with("nbf", json_integer(NOW + 3600)));
	assert_rejected(token_with("nbf", json_string("0")));
	assert_accepted(token_with("nbf", NULL));

	assert_accepted(token_with("iat", json_integer(NOW + JB_TOKEN_LEEWAY)));
	assert_rejected(
	    token_with("iat", json_integer(NOW + JB_TOKEN_LEEWAY + 1)));
	assert_rejected(token_with("iat", NULL));
	assert_rejected(token_with("iat", json_true()));
	assert_accepted(token_with("iat", json_integer(NOW - 86400)));
}

static void
test_iss(void **state)
{
	assert_rejected(token_with("iss", json_string("https://evil.dk")));
	assert_rejected(token_with("iss", json_string("https://jobbro.dk/")));
	assert_rejected(token_with("iss", json_string("")));
	assert_rejected(token_with("iss", NULL));
	assert_rejected(
	    token_with("iss", json_pack("[s]", "https://jobbro.dk")));
}

static void
test_aud(void **state)
{
	assert_rejected(token_with("aud", json_string("other-api")));
	assert_rejected(token_with("aud", json_string("jobbro-api ")));
	assert_rejected(token_with("aud", NULL));
	assert_rejected(token_with("aud", json_integer(1)));
	assert_rejected(token_with("aud", json_array()));
	assert_rejected(token_with("aud", json_pack("[s,s]", "a", "b")));
	assert_rejected(token_with("aud", json_pack("[i,{}]", 1)));
	assert_accepted(
	    token_with("aud", json_pack("[s,s]", "other", "jobbro-api")));
	assert_accepted(token_with("aud", json_pack("[s]", "jobbro-api")));
}

static void
test_sub_role_jti_codes(void **state)
{
	static const char *const roles[] = {"admin", "consultant", "employer",
	    "seeker", "partner", NULL};
	const char *const *r;

	assert_rejected(token_with("sub", NULL));
	assert_rejected(token_with("sub", json_string("not-a-uuid")));
	assert_rejected(token_with("sub", json_string(SUB "0")));
	assert_rejected(token_with("sub", json_integer(1)));
	assert_accepted(token_with("sub",
	    json_string("6F1C2B9E-8D4A-4E3B-9C2F-0A1B2C3D4E5F")));

	for (r = roles; *r != NULL; r++)
		assert_accepted(token_with("role", json_string(*r)));
	assert_rejected(token_with("role", NULL));
	assert_rejected(token_with("role", json_string("root")));
	assert_rejected(token_with("role", json_string("Admin")));
	assert_rejected(token_with("role", json_string("")));
	assert_rejected(token_with("role", json_pack("[s]", "admin")));

	assert_rejected(token_with("jti", NULL));
	assert_rejected(token_with("jti", json_integer(7)));

	assert_rejected(token_with("municipality_codes", NULL));
	assert_rejected(token_with("municipality_codes", json_string("0101")));
	assert_accepted(token_with("municipality_codes", json_array()));
}

static void
test_header(void **state)
{
	/* typ is required and must be JWT, byte for byte. */
	assert_rejected(sign_claims("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
	    good_claims()));
	assert_rejected(
	    sign_claims("{\"alg\":\"HS256\",\"typ\":\"jwt\"}", good_claims()));
	assert_rejected(sign_claims("{\"alg\":\"HS256\"}", good_claims()));
	assert_rejected(
	    sign_claims("{\"alg\":\"HS256\",\"typ\":1}", good_claims()));
	/* alg is pinned, byte for byte. */
	assert_rejected(
	    sign_claims("{\"alg\":\"hs256\",\"typ\":\"JWT\"}", good_claims()));
	assert_rejected(sign_claims("{\"typ\":\"JWT\"}", good_claims()));
	/* No crit, no duplicate members, an object. */
	assert_rejected(sign_claims("{\"alg\":\"HS256\",\"typ\":\"JWT\","
				    "\"crit\":[\"exp\"]}",
	    good_claims()));
	assert_rejected(sign_claims("{\"alg\":\"none\",\"alg\":\"HS256\","
				    "\"typ\":\"JWT\"}",
	    good_claims()));
	assert_rejected(sign_claims("[\"HS256\",\"JWT\"]", good_claims()));
	assert_rejected(sign_claims("", good_claims()));
	/* Extra harmless members are fine. */
	assert_accepted(sign_claims("{\"typ\":\"JWT\",\"kid\":\"k1\","
				    "\"alg\":\"HS256\"}",
	    good_claims()));
}

/* Claims (stolen) as compact JSON text (malloc'd). */
static char *
payload_of(json_t *claims)
{
	char *p;

	p = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	assert_non_null(p);
	return (p);
}

/* Hand-built tokens with other algorithms, same key, are refused. */
static void
test_alg_pinning(void **state)
{
	char *payload;

	payload = payload_of(good_claims());
	/* alg none, empty signature, in the usual spellings. */
	assert_rejected(make_jws("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload,
	    NULL, NULL, 0));
	assert_rejected(make_jws("{\"alg\":\"None\",\"typ\":\"JWT\"}", payload,
	    NULL, NULL, 0));
	assert_rejected(make_jws("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", payload,
	    NULL, NULL, 0));
	/* alg none, but with a real HS256 signature. */
	assert_rejected(make_jws("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload,
	    EVP_sha256(), secret, sizeof(secret) - 1));
	/* HS256 header, no signature. */
	assert_rejected(make_jws(HDR, payload, NULL, NULL, 0));
	/* Other HMACs with the very same key. */
	assert_rejected(make_jws("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload,
	    EVP_sha512(), secret, sizeof(secret) - 1));
	assert_rejected(make_jws("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", payload,
	    EVP_sha384(), secret, sizeof(secret) - 1));
	/* HS256 header over an HS512 MAC. */
	assert_rejected(
	    make_jws(HDR, payload, EVP_sha512(), secret, sizeof(secret) - 1));
	/* Control: the same payload, properly signed, passes. */
	assert_accepted(
	    make_jws(HDR, payload, EVP_sha256(), secret, sizeof(secret) - 1));
	free(payload);
}

static void
test_wrong_key(void **state)
{
	char *payload;

	payload = payload_of(good_claims());
	assert_rejected(make_jws(HDR, payload, EVP_sha256(), other_secret,
	    sizeof(other_secret) - 1));
	assert_rejected(
	    make_jws(HDR, payload, EVP_sha256(), secret, sizeof(secret) - 2));
	free(payload);
}

/* Swap the payload of a good token, or alter its signature. */
static void
test_tampered(void **state)
{
	char *good, *evil, *tok, *p1, *p2, *s1, *s2;
	size_t len, i;

	good = sign_claims(HDR, good_claims());
	evil = sign_claims(HDR, claims_with("role", json_string("admin")));
	p1 = strchr(good, '.');
	s1 = strchr(p1 + 1, '.');
	p2 = strchr(evil, '.');
	s2 = strchr(p2 + 1, '.');

	/* good's header and signature around evil's payload. */
	len = strlen(good) + strlen(evil);
	tok = calloc(1, len);
	assert_non_null(tok);
	memcpy(tok, good, p1 - good);
	strncat(tok, p2, s2 - p2);
	strcat(tok, s1);
	assert_rejected(tok);

	/* Any one character of the signature changed, including the last,
	 * whose two unused bits must be zero. */
	len = strlen(good);
	for (i = s1 - good + 1; i < len; i++) {
		tok = strdup(good);
		assert_non_null(tok);
		tok[i] = tok[i] == 'A' ? 'B' : 'A';
		assert_rejected(tok);
	}
	/* Any one character of the payload changed. */
	for (i = p1 - good + 1; i < (size_t)(s1 - good); i++) {
		tok = strdup(good);
		assert_non_null(tok);
		tok[i] = tok[i] == 'e' ? 'f' : 'e';
		assert_rejected(tok);
	}
	/* Signature dropped, truncated, doubled. */
	tok = strndup(good, s1 - good + 1);
	assert_rejected(tok);
	tok = strndup(good, len - 4);
	assert_rejected(tok);
	tok = calloc(1, 2 * len);
	assert_non_null(tok);
	strcat(tok, good);
	strcat(tok, s1 + 1);
	assert_rejected(tok);

	free(good);
	free(evil);
}

static void
test_garbage(void **state)
{
	static const char *const junk[] = {"", ".", "..", "...", "abc", "a.b.c",
	    "a.b", "eyJ", "eyJ.eyJ.eyJ", "Bearer x", "\xff\xfe.\xff.\xff",
	    /* {"alg":"HS256","typ":"JWT"} with padding kept */
	    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9=.e30.", NULL};
	const char *const *j;
	char *tok;

	for (j = junk; *j != NULL; j++) {
		tok = strdup(*j);
		assert_non_null(tok);
		assert_rejected(tok);
	}
	/* A good token with extra segments. */
	tok = sign_claims(HDR, good_claims());
	tok = realloc(tok, strlen(tok) + 8);
	strcat(tok, ".e30");
	assert_rejected(tok);
	/* A good token with whitespace around it. */
	tok = sign_claims(HDR, good_claims());
	tok = realloc(tok, strlen(tok) + 2);
	strcat(tok, " ");
	assert_rejected(tok);
}

/* A signed, otherwise good token is refused once longer than the max. */
static void
test_overlong(void **state)
{
	char *pad, *tok;
	size_t n, len;
	int seen_ok, seen_long;
	json_t *c;

	seen_ok = seen_long = 0;
	pad = calloc(1, JB_TOKEN_MAX);
	assert_non_null(pad);
	for (n = 2000; n < 3400 && !(seen_ok && seen_long); n++) {
		memset(pad, 'x', n);
		pad[n] = '\0';
		tok = sign_claims(HDR, claims_with("pad", json_string(pad)));
		len = strlen(tok);
		c = jb_token_verify(&cfg, tok, NOW);
		free(tok);
		if (len <= JB_TOKEN_MAX && len > JB_TOKEN_MAX - 4) {
			assert_non_null(c);
			seen_ok = 1;
		} else if (len > JB_TOKEN_MAX) {
			assert_null(c);
			seen_long = 1;
		}
		json_decref(c);
	}
	free(pad);
	assert_true(seen_ok && seen_long);

	/* A header longer than any of ours, however well signed. */
	pad = calloc(1, 1024);
	assert_non_null(pad);
	strcpy(pad, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x\":\"");
	memset(pad + strlen(pad), 'x', 500);
	strcat(pad, "\"}");
	assert_rejected(sign_claims(pad, good_claims()));
	free(pad);
}

static void
test_sha256_hex(void **state)
{
	char out[JB_SHA256_HEX_LEN + 2];

	memset(out, 'Z', sizeof(out));
	jb_token_sha256_hex("abc", out);
	assert_string_equal(out,
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(out[JB_SHA256_HEX_LEN + 1], 'Z');
	jb_token_sha256_hex("", out);
	assert_string_equal(out,
	    "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	jb_token_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomn"
			    "op"
			    "nopq",
	    out);
	assert_string_equal(out,
	    "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_opaque(void **state)
{
	char a[64], b[64];

	assert_int_equal(jb_token_opaque(a, sizeof(a)), 0);
	assert_int_equal(jb_token_opaque(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), JB_OPAQUE_LEN);
	assert_int_equal(strspn(a, b64url), JB_OPAQUE_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(jb_token_opaque(a, 10), -1);
}

/*
 * Regression: JB_OPAQUE_LEN + 1 bytes are enough (token.c and password.c
 * rely on it). An earlier JB_B64_ENCODED_LEN demanded the padded length,
 * which made every jb_token_issue() fail.
 */
static void
test_opaque_documented_buffer(void **state)
{
	char buf[JB_OPAQUE_LEN + 1];

	assert_int_equal(jb_token_opaque(buf, sizeof(buf)), 0);
	assert_int_equal(strlen(buf), JB_OPAQUE_LEN);
}

/*
 * Verify token (freed) in a child process, so that a sanitizer abort
 * cannot take the whole suite down. Returns 1 accepted, 0 rejected, -1
 * when the child died or exited otherwise.
 */
static int
verify_isolated(char *token)
{
	pid_t pid;
	int status;

	(void)fflush(NULL);
	if ((pid = fork()) == -1)
		fail_msg("fork failed");
	if (pid == 0)
		_exit(accepts_at(token, NOW) ? 20 : 10);
	free(token);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		return (-1);
	if (WEXITSTATUS(status) == 20)
		return (1);
	return (WEXITSTATUS(status) == 10 ? 0 : -1);
}

/*
 * Regression (was src/token.c:208, :211, :214): the time checks compute
 * exp + JB_TOKEN_LEEWAY, nbf - JB_TOKEN_LEEWAY and iat - JB_TOKEN_LEEWAY
 * in json_int_t, which overflows (undefined behaviour; UBSan aborts) for
 * a signed token with exp = INT64_MAX or nbf/iat = INT64_MIN. Only
 * reachable with a valid signature, so low severity; comparing
 * exp > now - JB_TOKEN_LEEWAY (now is small) avoids it. Either verdict
 * is acceptable here; dying is not.
 */
static void
regress_time_claim_overflow(void **state)
{
	int exp_max, nbf_min, iat_min;

	exp_max = verify_isolated(token_with("exp", json_integer(INT64_MAX)));
	nbf_min = verify_isolated(token_with("nbf", json_integer(INT64_MIN)));
	iat_min = verify_isolated(token_with("iat", json_integer(INT64_MIN)));
	assert_int_not_equal(exp_max, -1);
	assert_int_not_equal(nbf_min, -1);
	assert_int_not_equal(iat_min, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_verify_hand_made),
	    cmocka_unit_test(test_issue_round_trip),
	    cmocka_unit_test(test_issue_unique_jti),
	    cmocka_unit_test(test_issue_lifetime),
	    cmocka_unit_test(test_exp),
	    cmocka_unit_test(test_nbf_iat),
	    cmocka_unit_test(test_iss),
	    cmocka_unit_test(test_aud),
	    cmocka_unit_test(test_sub_role_jti_codes),
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_alg_pinning),
	    cmocka_unit_test(test_wrong_key),
	    cmocka_unit_test(test_tampered),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_overlong),
	    cmocka_unit_test(test_sha256_hex),
	    cmocka_unit_test(test_opaque),
	    cmocka_unit_test(test_opaque_documented_buffer),
	    cmocka_unit_test(regress_time_claim_overflow),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
