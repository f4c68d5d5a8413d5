/*
 * filetype.c — the type of a file is what its first bytes say, never what
 * the client claimed: %PDF- is a PDF, the eight-byte PNG signature a
 * PNG, FF D8 FF a JPEG; anything else (text, HTML, a truncated
 * signature) is none of ours. And the Content-Disposition of a download:
 * an ASCII filename="..." for old clients, the exact name as RFC 8187
 * filename*=UTF-8''... for the rest (RFC 6266), so no stored name can
 * break the header. Pure: no Kore.
 */
#include <stdio.h>
#include <string.h>

#include "jb_filetype.h"

struct filetype_magic {
	const char *type;
	const char *magic;
	size_t len;
};

static const struct filetype_magic filetype_magics[] = {
    {"application/pdf", "%PDF-", 5},
    {"image/png", "\x89PNG\r\n\x1a\n", 8},
    {"image/jpeg", "\xff\xd8\xff", 3},
    {NULL, NULL, 0},
};

static int filetype_attr_char(unsigned char);

/* The media type of data, or NULL when it is none we keep. */
const char *
jb_filetype_sniff(const void *data, size_t len)
{
	const struct filetype_magic *m;

	for (m = filetype_magics; m->type != NULL; m++) {
		if (len >= m->len && memcmp(data, m->magic, m->len) == 0)
			return (m->type);
	}
	return (NULL);
}

/*
 * attachment; filename="<ASCII, others as _>"; filename*=UTF-8''<name,
 * percent-encoded> into out. Returns -1 when it does not fit.
 */
int
jb_filetype_disposition(const char *name, char *out, size_t len)
{
	const unsigned char *p;
	size_t n;
	int w;

	n = 0;
	w = snprintf(out, len, "attachment; filename=\"");
	if (w < 0 || (size_t)w >= len)
		return (-1);
	n = w;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (n + 2 >= len)
			return (-1);
		out[n++] = *p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\'
		    ? '_'
		    : (char)*p;
	}
	w = snprintf(out + n, len - n, "\"; filename*=UTF-8''");
	if (w < 0 || (size_t)w >= len - n)
		return (-1);
	n += w;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (n + 4 >= len)
			return (-1);
		if (filetype_attr_char(*p))
			out[n++] = (char)*p;
		else
			n += snprintf(out + n, len - n, "%%%02X", *p);
	}
	out[n] = '\0';

	return (0);
}

/* RFC 8187 attr-char: the bytes a filename* value may hold as they are. */
static int
filetype_attr_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return (1);
	return (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}
