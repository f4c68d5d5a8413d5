/*
 * jb_query.h — one SQL statement for a request: submit it to the pool,
 * sleep until it is done, and answer from its result (the row an api
 * function returns, or the error mapped to a problem). A read may go
 * to the replica (jb_query_read).
 */
#ifndef JB_QUERY_H
#define JB_QUERY_H

#include <stddef.h>

struct jb_request;

int jb_query_init(void);
int jb_query_run(struct jb_request *, int, int, const char **);
int jb_query_run_file(struct jb_request *, int, int, const char **, size_t,
    int);
int jb_query_read(struct jb_request *, int, const char *);
int jb_query_pending(struct jb_request *);
int jb_query_ok(struct jb_request *);
int jb_query_answer(struct jb_request *);
int jb_query_error(struct jb_request *);

#endif
