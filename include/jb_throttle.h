/*
 * jb_throttle.h — rate limits on the request path (src/throttle.c): whose
 * budget a request spends, and the 429 when it is spent.
 */
#ifndef JB_THROTTLE_H
#define JB_THROTTLE_H

struct jb_request;
struct kore_buf;

int jb_throttle_check(struct jb_request *);
void jb_throttle_metrics(struct kore_buf *);

#endif
