/*
 * addr.c — the client's address, for the login throttle and the audit
 * trail. It is the TCP peer, unless the peer is one of the proxies
 * listed in JOBBRO_TRUSTED_PROXIES (addresses or CIDR blocks, comma
 * separated): then it is the right-most X-Forwarded-For entry that is
 * not itself a trusted proxy. An X-Forwarded-For from anyone else is
 * ignored (a client could write anything there).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_addr.h"

#define ADDR_PROXIES_MAX 32

struct addr_net {
	int family;
	unsigned char net[16];
	int bits;
};

static struct addr_net addr_proxies[ADDR_PROXIES_MAX];
static int addr_nproxies;

static int addr_parse_net(const char *, size_t, struct addr_net *);
static int addr_in(const struct addr_net *, const char *);
static int addr_trusted(const char *);
static void addr_trim(const char **, size_t *);

/*
 * Read the trusted proxies ("10.0.0.1, 192.168.0.0/16, ::1"). NULL or
 * empty: none. Returns -1 for an entry that is not an address or block.
 */
int
jb_addr_set_trusted(const char *list)
{
	const char *p, *comma;
	size_t len;

	addr_nproxies = 0;
	for (p = list; p != NULL && *p != '\0'; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		addr_trim(&p, &len);
		if (len == 0)
			continue;
		if (addr_nproxies == ADDR_PROXIES_MAX ||
		    addr_parse_net(p, len, &addr_proxies[addr_nproxies]) == -1)
			return (-1);
		addr_nproxies++;
	}
	return (0);
}

/*
 * The client address into out (JB_ADDR_LEN): peer, or from xff (may be
 * NULL) when the peer is a trusted proxy.
 */
void
jb_addr_client(const char *peer, const char *xff, char *out, size_t len)
{
	const char *end, *start, *p;
	char entry[JB_ADDR_LEN];
	size_t n;

	(void)snprintf(out, len, "%s", peer);
	if (xff == NULL || !addr_trusted(peer))
		return;
	for (end = xff + strlen(xff); end > xff; end = start - 1) {
		for (start = end; start > xff && start[-1] != ','; start--)
			;
		p = start;
		n = end - start;
		addr_trim(&p, &n);
		if (n == 0 || n >= sizeof(entry))
			return;
		memcpy(entry, p, n);
		entry[n] = '\0';
		if (!jb_addr_valid(entry))
			return;
		(void)snprintf(out, len, "%s", entry);
		if (!addr_trusted(entry) || start == xff)
			return;
	}
}

/* Is s a plain IPv4 or IPv6 address? */
int
jb_addr_valid(const char *s)
{
	unsigned char buf[16];

	return (inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1);
}

/* The text form of a socket address, "" for a unix socket. */
void
jb_addr_format(int family, const void *sa, char *out, size_t len)
{
	const struct sockaddr_in *in4 = sa;
	const struct sockaddr_in6 *in6 = sa;

	out[0] = '\0';
	if (family == AF_INET)
		(void)inet_ntop(AF_INET, &in4->sin_addr, out, len);
	else if (family == AF_INET6)
		(void)inet_ntop(AF_INET6, &in6->sin6_addr, out, len);
}

static int
addr_trusted(const char *ip)
{
	int i;

	for (i = 0; i < addr_nproxies; i++) {
		if (addr_in(&addr_proxies[i], ip))
			return (1);
	}
	return (0);
}

/* "a.b.c.d", "a.b.c.d/n", "x::y", "x::y/n" of len bytes. */
static int
addr_parse_net(const char *s, size_t len, struct addr_net *n)
{
	char buf[64], *slash, *end;
	long bits;

	if (len >= sizeof(buf))
		return (-1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	bits = -1;
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		bits = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || bits < 0)
			return (-1);
	}
	memset(n, 0, sizeof(*n));
	if (inet_pton(AF_INET, buf, n->net) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, n->net) == 1)
		n->family = AF_INET6;
	else
		return (-1);
	n->bits = bits == -1 ? (n->family == AF_INET ? 32 : 128) : (int)bits;

	return (n->bits > (n->family == AF_INET ? 32 : 128) ? -1 : 0);
}

static int
addr_in(const struct addr_net *n, const char *ip)
{
	unsigned char a[16];
	int full, rest;

	if (inet_pton(n->family, ip, a) != 1)
		return (0);
	full = n->bits / 8;
	rest = n->bits % 8;
	if (memcmp(a, n->net, full) != 0)
		return (0);
	if (rest == 0)
		return (1);

	return (((a[full] ^ n->net[full]) & (0xff << (8 - rest)) & 0xff) == 0);
}

static void
addr_trim(const char **p, size_t *len)
{
	while (*len > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
		(*len)--;
}
