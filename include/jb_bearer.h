/*
 * jb_bearer.h — the per-request check of "Authorization: Bearer <jwt>".
 */
#ifndef JB_BEARER_H
#define JB_BEARER_H

struct jb_request;

int jb_bearer_check(struct jb_request *);

#endif
