/*
 * url.c — is a webhook URL one we may POST to? Only http:// and https://
 * with a host, no credentials, and (unless JOBBRO_WEBHOOK_ALLOW_PRIVATE=1)
 * no host that is, or names, the machine itself or a private network:
 * loopback, RFC 1918, carrier-grade NAT, link-local, unique local
 * (fc00::/7), unspecified, multicast and broadcast. The API checks the
 * URL as written (literal addresses, localhost); jobbro-webhookd checks
 * every address a name resolves to when it connects, since DNS changes.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jb_url.h"

static int url_v4_private(const unsigned char *);
static int url_v6_private(const unsigned char *);
static int url_host_private(const char *);

/* JOBBRO_WEBHOOK_ALLOW_PRIVATE=1: development and tests only. */
int
jb_url_allow_private(void)
{
	const char *v = getenv("JOBBRO_WEBHOOK_ALLOW_PRIVATE");

	return (v != NULL && strcmp(v, "1") == 0);
}

/* JB_URL_OK, or why the URL is refused. */
int
jb_url_check(const char *url, int allow_private)
{
	char host[JB_URL_HOST_MAX];
	const char *p;

	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return (JB_URL_FORMAT);
	}
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return (JB_URL_SCHEME);
	if (!jb_url_host(url, host, sizeof(host)))
		return (JB_URL_FORMAT);
	if (!allow_private && url_host_private(host))
		return (JB_URL_PRIVATE);

	return (JB_URL_OK);
}

/*
 * The host of an http(s) URL, without brackets or port. Returns 0 when
 * there is none, when the authority carries credentials or when the
 * port is not a number.
 */
int
jb_url_host(const char *url, char *host, size_t len)
{
	const char *a, *end, *h, *hend, *port;
	size_t n;

	if ((a = strstr(url, "://")) == NULL)
		return (0);
	a += 3;
	end = a + strcspn(a, "/?#");
	if (memchr(a, '@', end - a) != NULL)
		return (0);
	if (*a == '[') {
		h = a + 1;
		if ((hend = memchr(h, ']', end - h)) == NULL)
			return (0);
		port = hend + 1;
	} else {
		h = a;
		hend = memchr(h, ':', end - h);
		if (hend == NULL)
			hend = end;
		port = hend;
	}
	if (port < end) {
		if (*port != ':' || port + 1 == end || end - port > 6)
			return (0);
		for (port++; port < end; port++) {
			if (!isdigit((unsigned char)*port))
				return (0);
		}
	}
	n = hend - h;
	if (n == 0 || n >= len)
		return (0);
	memcpy(host, h, n);
	host[n] = '\0';

	return (1);
}

/* AF_INET or AF_INET6 address bytes: one we must not call? */
int
jb_url_ip_private(int family, const void *addr)
{
	if (family == AF_INET)
		return (url_v4_private(addr));
	if (family == AF_INET6)
		return (url_v6_private(addr));
	return (1);
}

int
jb_url_sockaddr_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (url_v4_private((const unsigned char *)&(
		    (const struct sockaddr_in *)(const void *)sa)
					   ->sin_addr));
	if (sa->sa_family == AF_INET6)
		return (url_v6_private((const unsigned char *)&(
		    (const struct sockaddr_in6 *)(const void *)sa)
					   ->sin6_addr));
	return (1);
}

static int
url_v4_private(const unsigned char *a)
{
	return (a[0] == 0 || a[0] == 10 || a[0] == 127 ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	    (a[0] == 169 && a[1] == 254) ||
	    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) || a[0] >= 224);
}

static int
url_v6_private(const unsigned char *a)
{
	static const unsigned char zero[15];
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff};

	if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1))
		return (1); /* :: and ::1 */
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, zero, 12) == 0)
		return (url_v4_private(a + 12)); /* ::ffff:a.b.c.d, ::a.b.c.d */
	return ((a[0] & 0xfe) == 0xfc || /* fc00::/7 */
	    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || /* fe80::/10 */
	    a[0] == 0xff); /* multicast */
}

/* A literal address we must not call, or a name of this machine. */
static int
url_host_private(const char *host)
{
	struct in_addr v4;
	unsigned char buf[16];
	size_t n;

	/* inet_aton also takes what resolvers take: 127.1, 0x7f000001. */
	if (inet_aton(host, &v4) == 1)
		return (url_v4_private((unsigned char *)&v4));
	if (inet_pton(AF_INET6, host, buf) == 1)
		return (url_v6_private(buf));
	n = strlen(host);
	if (n > 0 && host[n - 1] == '.')
		n--;
	if ((n == 9 && strncasecmp(host, "localhost", 9) == 0) ||
	    (n > 10 && strncasecmp(host + n - 10, ".localhost", 10) == 0))
		return (1);
	return (0);
}
