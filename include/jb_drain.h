/*
 * jb_drain.h — a graceful stop: on SIGTERM a worker finishes the requests
 * it accepted (for at most a few seconds) before Kore stops it.
 */
#ifndef JB_DRAIN_H
#define JB_DRAIN_H

void jb_drain_init(void);
int jb_draining(void);
void jb_drain_enter(void);
void jb_drain_leave(void);

#endif
