/*
 * etag.c — entity tags for conditional GETs. jb_etag_of() makes a strong
 * tag from the bytes of a representation (and the row version SQL gave),
 * so a list page or a rendering the database gave no version for still
 * gets one, and every tag changes exactly when the bytes do.
 * jb_etag_match() checks an If-None-Match field value against the
 * current tag with the weak comparison RFC 9110 §13.1.2 asks for GET,
 * and tells a malformed field (answered 400) from one that does not
 * match. Pure: no Kore, unit-tested.
 */
#include <string.h>

#include <openssl/evp.h>

#include "jb_b64.h"
#include "jb_etag.h"

#define ETAG_HASH_BYTES 16

static const char *etag_skip_ows(const char *);
static const char *etag_parse(const char *, const char **, size_t *);
static int etag_opaque_eq(const char *, size_t, const char *);

/*
 * out (JB_ETAG_LEN bytes) = "<version>-<digest>" when SQL gave the row's
 * version tag ("3"; If-Match compares that part), else "<digest>"; the
 * digest is base64url of the first 16 (with a version: 8) bytes of the
 * SHA-256 of the representation's bytes. The digest makes the tag change
 * when what the caller sees changes without the row (a joined name, a
 * withdrawn consent), the version keeps If-Match working on it.
 */
void
jb_etag_of(const char *version, const void *data, size_t len, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;
	size_t vlen, n;

	mdlen = 0;
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < ETAG_HASH_BYTES)
		memset(md, 0, sizeof(md));
	vlen = 0;
	if (version != NULL && version[0] == '"' &&
	    (vlen = strcspn(version + 1, "\"")) > 20)
		vlen = 0;
	out[0] = '"';
	if (vlen > 0) {
		memcpy(out + 1, version + 1, vlen);
		out[1 + vlen] = '-';
		vlen++;
	}
	n = jb_b64url_encode(md,
	    vlen > 0 ? ETAG_HASH_BYTES / 2 : ETAG_HASH_BYTES, out + 1 + vlen,
	    JB_ETAG_LEN - 2 - vlen);
	out[1 + vlen + n] = '"';
	out[2 + vlen + n] = '\0';
}

/*
 * Does the If-None-Match field value inm name etag (a strong or weak
 * entity tag, quotes included)? "*" matches any current representation.
 * Returns JB_ETAG_MATCH, JB_ETAG_NOMATCH, or JB_ETAG_MALFORMED when inm
 * is neither "*" nor a comma-separated list of entity tags.
 */
int
jb_etag_match(const char *inm, const char *etag)
{
	const char *p, *opaque;
	size_t len;
	int found, any;

	p = etag_skip_ows(inm);
	if (*p == '*' && *etag_skip_ows(p + 1) == '\0')
		return (JB_ETAG_MATCH);

	found = any = 0;
	while (*p != '\0') {
		if (*p == ',') { /* empty list elements are allowed */
			p = etag_skip_ows(p + 1);
			continue;
		}
		if ((p = etag_parse(p, &opaque, &len)) == NULL)
			return (JB_ETAG_MALFORMED);
		any = 1;
		if (etag_opaque_eq(opaque, len, etag))
			found = 1;
		p = etag_skip_ows(p);
		if (*p != ',' && *p != '\0')
			return (JB_ETAG_MALFORMED);
	}
	if (!any)
		return (JB_ETAG_MALFORMED);

	return (found ? JB_ETAG_MATCH : JB_ETAG_NOMATCH);
}

static const char *
etag_skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return (p);
}

/*
 * entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E /
 * obs-text. Sets the opaque tag (quotes included) and returns what
 * follows, or NULL.
 */
static const char *
etag_parse(const char *p, const char **opaque, size_t *len)
{
	const unsigned char *q;

	if (p[0] == 'W' && p[1] == '/')
		p += 2;
	if (*p != '"')
		return (NULL);
	for (q = (const unsigned char *)p + 1; *q != '"'; q++) {
		if (!(*q == 0x21 || (*q >= 0x23 && *q <= 0x7e) || *q >= 0x80))
			return (NULL);
	}
	*opaque = p;
	*len = (size_t)((const char *)q + 1 - p);

	return ((const char *)q + 1);
}

/* Weak comparison: the opaque tags are equal, W/ on either side or not. */
static int
etag_opaque_eq(const char *opaque, size_t len, const char *etag)
{
	if (etag[0] == 'W' && etag[1] == '/')
		etag += 2;
	return (strlen(etag) == len && memcmp(opaque, etag, len) == 0);
}
