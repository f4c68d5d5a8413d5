/*
 * jb_listen.h — each worker's LISTEN connection (src/listen.c): the
 * public-read cache (src/cache.c) lives while it does and is emptied on
 * every change PostgreSQL announces on JB_LISTEN_CHANNEL.
 */
#ifndef JB_LISTEN_H
#define JB_LISTEN_H

#define JB_LISTEN_CHANNEL "jobbro_public"

void jb_listen_init(const char *, int);
void jb_listen_poll(void);
int jb_listen_live(void);
void jb_listen_changed(void);
const char *jb_listen_lsn(void);
void jb_listen_publish(void);

#endif
