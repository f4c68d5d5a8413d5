/*
 * jb_replica.h — the read replica's lag monitor (src/replica.c): one per
 * worker, on Kore's loop; its verdict goes to jb_db_replica_set().
 */
#ifndef JB_REPLICA_H
#define JB_REPLICA_H

#include <stdint.h>

int jb_replica_register(void);
void jb_replica_start(int);
int jb_replica_lsn(const char *, uint64_t *);

#endif
