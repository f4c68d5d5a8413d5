/*
 * jb_router.h — Kore's one route: find the endpoint, check the caller,
 * validate the input and run the endpoint (its api function, or its own
 * run function).
 */
#ifndef JB_ROUTER_H
#define JB_ROUTER_H

#include <libpq-fe.h>

struct http_request;

int jb_router_init(void);
int jb_router_check_functions(PGconn *);
int jb_dispatch(struct http_request *);

#endif
