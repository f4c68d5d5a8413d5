/*
 * b64.c — base64url without padding, for cursors, opaque tokens and the
 * strict reading of a JWT's segments. Decoding is strict: no padding, no
 * whitespace, no non-alphabet bytes, and the unused low bits of the last
 * symbol must be zero, so every byte string has exactly one accepted
 * encoding.
 *
 * Why not Kore's kore_base64url_decode(): in Kore 4.1 (utils.c) it
 * refuses every unpadded input whose length is a multiple of 4, accepts
 * stray low bits, and exists only inside the kore process, where the
 * unit tests of the cursor and token codecs do not run.
 */
#include <string.h>

#include "jb_b64.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_value(unsigned char);

/*
 * Encode len bytes of in into out (outlen bytes available). Returns the
 * length written without the NUL, or 0 when out is too small.
 */
size_t
jb_b64url_encode(const unsigned char *in, size_t len, char *out, size_t outlen)
{
	size_t i, o;
	unsigned int v;

	if (outlen < JB_B64_ENCODED_LEN(len))
		return (0);

	for (i = 0, o = 0; i + 2 < len; i += 3) {
		v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
		out[o++] = b64_alphabet[(v >> 18) & 0x3f];
		out[o++] = b64_alphabet[(v >> 12) & 0x3f];
		out[o++] = b64_alphabet[(v >> 6) & 0x3f];
		out[o++] = b64_alphabet[v & 0x3f];
	}
	if (len - i == 1) {
		v = in[i] << 16;
		out[o++] = b64_alphabet[(v >> 18) & 0x3f];
		out[o++] = b64_alphabet[(v >> 12) & 0x3f];
	} else if (len - i == 2) {
		v = (in[i] << 16) | (in[i + 1] << 8);
		out[o++] = b64_alphabet[(v >> 18) & 0x3f];
		out[o++] = b64_alphabet[(v >> 12) & 0x3f];
		out[o++] = b64_alphabet[(v >> 6) & 0x3f];
	}
	out[o] = '\0';

	return (o);
}

/*
 * Decode len characters of in into out (outlen bytes available). Returns
 * 0 and sets *written on success, -1 on any malformed input.
 */
int
jb_b64url_decode(const char *in, size_t len, unsigned char *out, size_t outlen,
    size_t *written)
{
	size_t i, o, rem;
	int a, b, c, d;

	rem = len % 4;
	if (rem == 1 || (len / 4) * 3 + (rem ? rem - 1 : 0) > outlen)
		return (-1);

	for (i = 0, o = 0; i + 3 < len; i += 4) {
		a = b64_value(in[i]);
		b = b64_value(in[i + 1]);
		c = b64_value(in[i + 2]);
		d = b64_value(in[i + 3]);
		if (a < 0 || b < 0 || c < 0 || d < 0)
			return (-1);
		out[o++] = (a << 2) | (b >> 4);
		out[o++] = ((b & 0x0f) << 4) | (c >> 2);
		out[o++] = ((c & 0x03) << 6) | d;
	}
	if (rem >= 2) {
		a = b64_value(in[i]);
		b = b64_value(in[i + 1]);
		if (a < 0 || b < 0)
			return (-1);
		out[o++] = (a << 2) | (b >> 4);
		if (rem == 2 && (b & 0x0f) != 0)
			return (-1);
		if (rem == 3) {
			c = b64_value(in[i + 2]);
			if (c < 0 || (c & 0x03) != 0)
				return (-1);
			out[o++] = ((b & 0x0f) << 4) | (c >> 2);
		}
	}
	*written = o;

	return (0);
}

static int
b64_value(unsigned char ch)
{
	const char *p;

	if (ch == '\0' || (p = strchr(b64_alphabet, ch)) == NULL)
		return (-1);
	return ((int)(p - b64_alphabet));
}
