/*
 * jb_accept.h — content negotiation (src/accept.c): which of the media
 * types we can send does a request's Accept header prefer? Pure: no Kore.
 */
#ifndef JB_ACCEPT_H
#define JB_ACCEPT_H

#define JB_ACCEPT_OFFERS_MAX 8

int jb_accept_choose(const char *, const char *const *);

#endif
