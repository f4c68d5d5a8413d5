/*
 * test_b64.c — base64url (RFC 4648 §5) without padding, strict decoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jb_b64.h"

static const struct {
	const char *plain;
	size_t len;
	const char *encoded;
} vectors[] = {
    /* RFC 4648 §10, padding removed. */
    {"", 0, ""},
    {"f", 1, "Zg"},
    {"fo", 2, "Zm8"},
    {"foo", 3, "Zm9v"},
    {"foob", 4, "Zm9vYg"},
    {"fooba", 5, "Zm9vYmE"},
    {"foobar", 6, "Zm9vYmFy"},
    /* Bytes that use the url-safe symbols 62 and 63, and NULs. */
    {"\xfb\xff", 2, "-_8"},
    {"\xff\xff\xff", 3, "____"},
    {"\xfb\xef\xbe", 3, "----"},
    {"\x00\x00\x00", 3, "AAAA"},
    {"\x00", 1, "AA"},
};

/* Decode text of length len into a buffer of outlen bytes. */
static int
decode(const char *text, size_t len, size_t outlen, unsigned char *out,
    size_t *n)
{
	return (jb_b64url_decode(text, len, out, outlen, n));
}

static void
assert_rejected(const char *text)
{
	unsigned char out[256];
	size_t n = 0;

	if (decode(text, strlen(text), sizeof(out), out, &n) != -1)
		fail_msg("\"%s\" was accepted", text);
}

static void
test_encode_vectors(void **state)
{
	char out[64];
	size_t i, len;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		len = vectors[i].len;
		memset(out, 'X', sizeof(out));
		assert_int_equal(jb_b64url_encode((const unsigned char *)
						      vectors[i]
							  .plain,
				     len, out, sizeof(out)),
		    strlen(vectors[i].encoded));
		assert_string_equal(out, vectors[i].encoded);
	}
}

static void
test_decode_vectors(void **state)
{
	unsigned char out[64];
	size_t i, n, want;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		want = vectors[i].len;
		n = 999;
		assert_int_equal(decode(vectors[i].encoded,
				     strlen(vectors[i].encoded), sizeof(out),
				     out, &n),
		    0);
		assert_int_equal(n, want);
		assert_memory_equal(out, vectors[i].plain, want);
	}
}

/* Every length 0..100 and every byte value survive a round trip. */
static void
test_round_trip(void **state)
{
	unsigned char in[256], back[256];
	char enc[JB_B64_ENCODED_LEN(256)];
	size_t len, i, elen, n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 151 + 7);
	for (len = 0; len <= 100; len++) {
		elen = jb_b64url_encode(in, len, enc, JB_B64_ENCODED_LEN(len));
		assert_int_equal(elen, (len * 4 + 2) / 3);
		assert_int_equal(strlen(enc), elen);
		assert_null(strpbrk(enc, "+/="));
		assert_int_equal(decode(enc, elen, len, back, &n), 0);
		assert_int_equal(n, len);
		assert_memory_equal(back, in, len);
	}
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	elen = jb_b64url_encode(in, sizeof(in), enc, sizeof(enc));
	assert_int_equal(decode(enc, elen, sizeof(back), back, &n), 0);
	assert_int_equal(n, sizeof(in));
	assert_memory_equal(back, in, sizeof(in));
}

static void
test_decode_empty(void **state)
{
	unsigned char out[1];
	size_t n = 42;

	assert_int_equal(decode("", 0, 0, out, &n), 0);
	assert_int_equal(n, 0);
}

static void
test_reject_padding(void **state)
{
	assert_rejected("Zg==");
	assert_rejected("Zg=");
	assert_rejected("Zm8=");
	assert_rejected("Zm9vYg==");
	assert_rejected("====");
	assert_rejected("Zm9v====");
}

static void
test_reject_bad_characters(void **state)
{
	unsigned char out[16];
	size_t n;

	assert_rejected("Zm9+"); /* standard alphabet, not url */
	assert_rejected("Zm9/");
	assert_rejected("Zm 9v");
	assert_rejected("Zm9v\n");
	assert_rejected(" Zm9v");
	assert_rejected("Zm.v");
	assert_rejected("Zm9\xc3\xa6");
	assert_rejected("Zm9\xff");
	/* An embedded NUL within len is not a symbol. */
	assert_int_equal(decode("Zm\0v", 4, sizeof(out), out, &n), -1);
	assert_int_equal(decode("Zm9vY\0", 6, sizeof(out), out, &n), -1);
	assert_int_equal(decode("Zm9vYm\0", 7, sizeof(out), out, &n), -1);
}

/* The unused low bits of the last symbol must be zero. */
static void
test_reject_noncanonical_tail(void **state)
{
	assert_rejected("Zh"); /* "f" is Zg */
	assert_rejected("Zv");
	assert_rejected("Zm9"); /* "fo" is Zm8 */
	assert_rejected("Zm-");
	assert_rejected("Zm9vYh");
	assert_rejected("Zm9vYmF"); /* "fooba" is Zm9vYmE */
	assert_rejected("__");
	assert_rejected("___");
}

static void
test_reject_truncated(void **state)
{
	assert_rejected("Z");
	assert_rejected("Zm9vY");
	assert_rejected("Zm9vYmFyZ");
}

static void
test_decode_output_too_small(void **state)
{
	unsigned char out[8];
	size_t n;

	memset(out, 0xaa, sizeof(out));
	assert_int_equal(decode("Zm9v", 4, 2, out, &n), -1);
	assert_int_equal(out[2], 0xaa);
	assert_int_equal(decode("Zm9v", 4, 3, out, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(decode("Zm9vYmE", 7, 4, out, &n), -1);
	assert_int_equal(out[4], 0xaa);
	assert_int_equal(decode("Zm9vYmE", 7, 5, out, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(decode("Zm9vYg", 6, 3, out, &n), -1);
	assert_int_equal(decode("Zg", 2, 0, out, &n), -1);
	assert_int_equal(decode("Zg", 2, 1, out, &n), 0);
}

/* len bounds the input: bytes after it are never looked at. */
static void
test_decode_respects_len(void **state)
{
	unsigned char out[8];
	size_t n;

	assert_int_equal(decode("Zm9v!!!!", 4, sizeof(out), out, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "foo", 3);
}

static void
test_encode_output_too_small(void **state)
{
	char out[16];
	size_t len;

	/* The documented contract: JB_B64_ENCODED_LEN(len) bytes suffice,
	 * anything smaller is refused without writing. */
	for (len = 0; len <= 9; len++) {
		memset(out, 'X', sizeof(out));
		assert_int_equal(jb_b64url_encode((const unsigned char
							  *)"foobarbaz",
				     len, out, JB_B64_ENCODED_LEN(len) - 1),
		    0);
		assert_int_equal(out[0], 'X');
		assert_int_equal(jb_b64url_encode((const unsigned char
							  *)"foobarbaz",
				     len, out, JB_B64_ENCODED_LEN(len)),
		    (len * 4 + 2) / 3);
	}
	assert_int_equal(jb_b64url_encode((const unsigned char *)"", 0, out, 0),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_encode_vectors),
	    cmocka_unit_test(test_decode_vectors),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_decode_empty),
	    cmocka_unit_test(test_reject_padding),
	    cmocka_unit_test(test_reject_bad_characters),
	    cmocka_unit_test(test_reject_noncanonical_tail),
	    cmocka_unit_test(test_reject_truncated),
	    cmocka_unit_test(test_decode_output_too_small),
	    cmocka_unit_test(test_decode_respects_len),
	    cmocka_unit_test(test_encode_output_too_small),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
