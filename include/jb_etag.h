/*
 * jb_etag.h — entity tags for conditional GETs: a strong tag made from
 * the bytes of an answer (and the row version SQL gave, if any), and
 * RFC 9110 If-None-Match matching.
 */
#ifndef JB_ETAG_H
#define JB_ETAG_H

#include <stddef.h>

#define JB_ETAG_LEN 64 /* '"' [version '-'] base64url '"' NUL */

#define JB_ETAG_NOMATCH 0
#define JB_ETAG_MATCH 1
#define JB_ETAG_MALFORMED -1

void jb_etag_of(const char *, const void *, size_t, char *);
int jb_etag_match(const char *, const char *);

#endif
