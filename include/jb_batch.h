/*
 * jb_batch.h — batch create endpoints (POST /v1/<things>/batch): the
 * body {"items": [<create body>, ...]}, each item checked against the
 * resource's own field table, and the 422 of an atomic batch as a
 * problem that still lists every item's result.
 */
#ifndef JB_BATCH_H
#define JB_BATCH_H

#include <jansson.h>

#include "jb_validate.h"

#define JB_BATCH_MAX 1000

struct jb_request;

extern const struct jb_field jb_batch_query[];

int jb_batch_validate(json_t *, const json_t *, const struct jb_field *,
    json_t *);
int jb_batch_problem(struct jb_request *, const char *);

#endif
