/*
 * jb_addr.h — the client's address behind trusted proxies (src/addr.c).
 * Pure: no Kore; unit-tested.
 */
#ifndef JB_ADDR_H
#define JB_ADDR_H

#include <stddef.h>

#define JB_ADDR_LEN 46 /* INET6_ADDRSTRLEN */

int jb_addr_set_trusted(const char *);
void jb_addr_client(const char *, const char *, char *, size_t);
int jb_addr_valid(const char *);
void jb_addr_format(int, const void *, char *, size_t);

#endif
