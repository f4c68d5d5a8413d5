/*
 * jb_cursor.h — opaque, signed keyset cursors for list endpoints.
 */
#ifndef JB_CURSOR_H
#define JB_CURSOR_H

#include <stddef.h>

#include <jansson.h>

#define JB_CURSOR_MAX 512 /* longest cursor we issue or accept */
#define JB_CURSOR_KEY_LEN 32
#define JB_CURSOR_SCOPE_LEN 65 /* list name, ':', 32 hex digits, NUL */

void jb_cursor_set_key(const unsigned char *, size_t);
void jb_cursor_scope(const char *, json_t *, char *);
void jb_cursor_salt(const char *, char *, size_t);
int jb_cursor_encode(const char *, const char *, char *, size_t);
json_t *jb_cursor_decode(const char *, const char *);

#endif
