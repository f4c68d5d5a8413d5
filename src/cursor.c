/*
 * cursor.c — the keyset cursor codec. SQL hands C the keys of the last
 * row of a page as a JSON array; C gives the client
 * base64url(array || HMAC-SHA256(list, array)[0..16]). A cursor that
 * comes back is verified before it is decoded, so SQL can trust its
 * types, and one list's cursor is refused by every other list — and by
 * the same list asked with other filters (jb_cursor_scope).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "jb_b64.h"
#include "jb_cursor.h"

#define CURSOR_MAC_LEN 16
#define CURSOR_RAW_MAX ((JB_CURSOR_MAX / 4) * 3)
#define CURSOR_SCOPE_MAX 64

static unsigned char cursor_key[JB_CURSOR_KEY_LEN];

static void cursor_mac(const char *, const unsigned char *, size_t,
    unsigned char *);

/* Derive the cursor key from a secret (the JWT secret, domain-separated). */
void
jb_cursor_set_key(const unsigned char *secret, size_t len)
{
	unsigned int outlen;
	static const char label[] = "jobbro cursor v1";

	outlen = sizeof(cursor_key);
	HMAC(EVP_sha256(), secret, (int)len, (const unsigned char *)label,
	    sizeof(label) - 1, cursor_key, &outlen);
}

/*
 * The scope a list's cursors are signed for (out: JB_CURSOR_SCOPE_LEN
 * bytes): the list's name and a digest of its filters — the query object
 * without limit, cursor and after, its keys sorted — so a cursor used
 * with other filters than the ones it was made for is refused. query
 * NULL: the list's name alone (a feed position valid whatever the
 * filters).
 */
void
jb_cursor_scope(const char *list, json_t *query, char *out)
{
	json_t *filters;
	char *text;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen, i;

	if (query == NULL) { /* a feed position: the list alone */
		(void)snprintf(out, JB_CURSOR_SCOPE_LEN, "%.*s",
		    CURSOR_SCOPE_MAX, list);
		return;
	}
	filters = json_is_object(query) ? json_deep_copy(query) : json_object();
	(void)json_object_del(filters, "limit");
	(void)json_object_del(filters, "cursor");
	(void)json_object_del(filters, "after");
	text = json_dumps(filters, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(filters);
	mdlen = 0;
	if (text == NULL ||
	    EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL) != 1)
		memset(md, 0, sizeof(md));
	free(text);

	(void)snprintf(out, JB_CURSOR_SCOPE_LEN, "%.*s:", CURSOR_SCOPE_MAX - 33,
	    list);
	for (i = 0; i < 16; i++)
		(void)snprintf(out + strlen(out), 3, "%02x", md[i]);
}

/*
 * out (outlen bytes, at most 65) = hex SHA-256 of build and the cursor
 * key: changes when the api build or the key does (api.page_tag), tells
 * nothing of the key.
 */
void
jb_cursor_salt(const char *build, char *out, size_t outlen)
{
	EVP_MD_CTX *md;
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hlen, i;

	hlen = 0;
	if ((md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, build, strlen(build)) == 1 &&
	    EVP_DigestUpdate(md, cursor_key, sizeof(cursor_key)) == 1)
		(void)EVP_DigestFinal_ex(md, h, &hlen);
	EVP_MD_CTX_free(md);
	out[0] = '\0';
	for (i = 0; i < hlen && i * 2 + 2 < outlen; i++)
		(void)snprintf(out + i * 2, 3, "%02x", h[i]);
}

/*
 * Encode the JSON array text raw into out. Returns 0, or -1 when the
 * cursor would be longer than JB_CURSOR_MAX.
 */
int
jb_cursor_encode(const char *scope, const char *raw, char *out, size_t outlen)
{
	size_t len;
	unsigned char buf[CURSOR_RAW_MAX];

	len = strlen(raw);
	if (len + CURSOR_MAC_LEN > sizeof(buf))
		return (-1);

	memcpy(buf, raw, len);
	cursor_mac(scope, buf, len, buf + len);
	if (jb_b64url_encode(buf, len + CURSOR_MAC_LEN, out, outlen) == 0)
		return (-1);

	return (0);
}

/*
 * Verify and decode a cursor. Returns a new JSON array of 1..4 strings or
 * numbers, or NULL when the cursor is not one we issued.
 */
json_t *
jb_cursor_decode(const char *scope, const char *cursor)
{
	json_t *keys, *v;
	size_t len, n, i;
	unsigned char buf[CURSOR_RAW_MAX], mac[CURSOR_MAC_LEN];

	len = strlen(cursor);
	if (len == 0 || len > JB_CURSOR_MAX)
		return (NULL);
	if (jb_b64url_decode(cursor, len, buf, sizeof(buf), &n) == -1)
		return (NULL);
	if (n <= CURSOR_MAC_LEN)
		return (NULL);

	n -= CURSOR_MAC_LEN;
	cursor_mac(scope, buf, n, mac);
	if (CRYPTO_memcmp(mac, buf + n, CURSOR_MAC_LEN) != 0)
		return (NULL);

	keys = json_loadb((const char *)buf, n, JSON_REJECT_DUPLICATES, NULL);
	if (keys == NULL)
		return (NULL);
	if (!json_is_array(keys) || json_array_size(keys) == 0 ||
	    json_array_size(keys) > 4)
		goto bad;
	json_array_foreach(keys, i, v) {
		if (!json_is_string(v) && !json_is_number(v))
			goto bad;
	}
	return (keys);

bad:
	json_decref(keys);
	return (NULL);
}

/* HMAC over scope, a NUL, and the keys: a cursor fits one list only. */
static void
cursor_mac(const char *scope, const unsigned char *data, size_t len,
    unsigned char *out)
{
	unsigned char msg[CURSOR_SCOPE_MAX + 1 + CURSOR_RAW_MAX];
	unsigned char full[EVP_MAX_MD_SIZE];
	unsigned int outlen;
	size_t slen;

	slen = strnlen(scope, CURSOR_SCOPE_MAX);
	memcpy(msg, scope, slen);
	msg[slen] = '\0';
	memcpy(msg + slen + 1, data, len);

	outlen = sizeof(full);
	HMAC(EVP_sha256(), cursor_key, sizeof(cursor_key), msg, slen + 1 + len,
	    full, &outlen);
	memcpy(out, full, CURSOR_MAC_LEN);
}
