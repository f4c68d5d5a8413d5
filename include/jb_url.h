/*
 * jb_url.h — webhook target URLs (src/url.c): http(s) only, and not to
 * loopback, private, link-local or unspecified addresses unless allowed.
 * Pure: no Kore; shared by the API's validator and jobbro-webhookd.
 */
#ifndef JB_URL_H
#define JB_URL_H

#include <sys/socket.h>

#define JB_URL_OK 0
#define JB_URL_SCHEME 1 /* not http:// or https:// */
#define JB_URL_FORMAT 2 /* no host, credentials, bad port, spaces */
#define JB_URL_PRIVATE 3 /* loopback, private, link-local, unspecified */

#define JB_URL_HOST_MAX 256

int jb_url_check(const char *, int);
int jb_url_host(const char *, char *, size_t);
int jb_url_ip_private(int, const void *);
int jb_url_sockaddr_private(const struct sockaddr *);
int jb_url_allow_private(void);

#endif
