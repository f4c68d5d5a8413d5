/*
 * jb_export.h — every list as a bulk export: Accept: application/x-ndjson
 * or text/csv answers all rows in the caller's scope and filters,
 * streamed page by page (chunked) with bounded memory.
 */
#ifndef JB_EXPORT_H
#define JB_EXPORT_H

#include <stddef.h>

#include <jansson.h>

#define JB_EXPORT_PAGE 500 /* rows asked of the list function at a time */

#define JB_EXPORT_NONE 0
#define JB_EXPORT_NDJSON 1
#define JB_EXPORT_CSV 2

struct jb_request;

int jb_export_format(const char *);
int jb_export_begin(struct jb_request *, int);
int jb_export_step(struct jb_request *);
void jb_export_free(struct jb_request *);

#endif
