/*
 * webhookd.c — jobbro-webhookd, the webhook sender: its own process, never
 * in a Kore worker's request path. It claims due deliveries from the
 * database (api.webhook_claim: FOR UPDATE SKIP LOCKED plus a lease, so
 * any number of senders can share one database and a crashed sender's
 * claims come back), POSTs each event signed with its webhook's secret
 *
 *	Jobbro-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 *	    "<t>.<raw body>")>
 *
 * and records the answer (api.webhook_done: 2xx delivered; anything else
 * retried with backoff until the retry window ends, then the webhook is
 * turned off). It sleeps on LISTEN jobbro_webhooks, polling every second.
 *
 * Env: DATABASE_URL (the server's role), JOBBRO_WEBHOOK_RETRY_WINDOW
 * (seconds, 86400), JOBBRO_WEBHOOK_BACKOFF_BASE (seconds, 30),
 * JOBBRO_WEBHOOK_BACKOFF_CAP (seconds, 3600), JOBBRO_WEBHOOK_TIMEOUT
 * (seconds, 10), JOBBRO_WEBHOOK_BATCH (8), JOBBRO_WEBHOOK_ALLOW_PRIVATE=1
 * (let it call loopback and private addresses: development and tests).
 */
#include <sys/select.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jb_url.h"

#define WEBHOOKD_SIG_MAX 128
#define WEBHOOKD_ERR_MAX (CURL_ERROR_SIZE + 64)

struct webhookd_conf {
	const char *dburl;
	double window;
	double base;
	double cap;
	long timeout;
	int batch;
	int allow_private;
};

struct webhookd_result {
	long status; /* HTTP status; 0: no answer */
	char error[WEBHOOKD_ERR_MAX];
};

static volatile sig_atomic_t webhookd_stop;

static void webhookd_signal(int);
static double webhookd_env(const char *, double, double, double);
static PGconn *webhookd_connect(const struct webhookd_conf *);
static int webhookd_round(PGconn *, const struct webhookd_conf *);
static void webhookd_wait(PGconn *);
static void webhookd_deliver(const struct webhookd_conf *, PGresult *, int,
    struct webhookd_result *);
static int webhookd_done(PGconn *, const struct webhookd_conf *, const char *,
    const struct webhookd_result *);
static void webhookd_sign(const char *, const char *, time_t, char *, size_t);
static curl_socket_t webhookd_socket(void *, curlsocktype,
    struct curl_sockaddr *);
static size_t webhookd_discard(char *, size_t, size_t, void *);
static void webhookd_log(const char *, ...)
    __attribute__((format(printf, 1, 2)));

int
main(void)
{
	struct webhookd_conf conf;
	PGconn *db;
	int n;

	if ((conf.dburl = getenv("DATABASE_URL")) == NULL) {
		webhookd_log("DATABASE_URL is not set");
		return (2);
	}
	conf.window =
	    webhookd_env("JOBBRO_WEBHOOK_RETRY_WINDOW", 86400, 1, 30 * 86400);
	conf.base =
	    webhookd_env("JOBBRO_WEBHOOK_BACKOFF_BASE", 30, 0.01, 86400);
	conf.cap =
	    webhookd_env("JOBBRO_WEBHOOK_BACKOFF_CAP", 3600, 0.01, 86400);
	conf.timeout = (long)webhookd_env("JOBBRO_WEBHOOK_TIMEOUT", 10, 1, 60);
	conf.batch = (int)webhookd_env("JOBBRO_WEBHOOK_BATCH", 8, 1, 100);
	conf.allow_private = jb_url_allow_private();

	signal(SIGTERM, webhookd_signal);
	signal(SIGINT, webhookd_signal);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		webhookd_log("curl_global_init failed");
		return (1);
	}
	webhookd_log("started (retry window %.0f s, backoff %.2f s .. %.0f "
		     "s%s)",
	    conf.window, conf.base, conf.cap,
	    conf.allow_private ? ", private addresses allowed" : "");

	db = NULL;
	while (!webhookd_stop) {
		if (db == NULL && (db = webhookd_connect(&conf)) == NULL) {
			sleep(1);
			continue;
		}
		if ((n = webhookd_round(db, &conf)) < 0) {
			PQfinish(db);
			db = NULL;
			sleep(1);
			continue;
		}
		if (n < conf.batch)
			webhookd_wait(db);
	}
	PQfinish(db);
	curl_global_cleanup();
	webhookd_log("stopped");

	return (0);
}

static void
webhookd_signal(int sig)
{
	webhookd_stop = 1;
}

/* A number from the environment within lo..hi, else the default. */
static double
webhookd_env(const char *name, double def, double lo, double hi)
{
	const char *v = getenv(name);
	char *end;
	double d;

	if (v == NULL || *v == '\0')
		return (def);
	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || *end != '\0' || d < lo || d > hi) {
		webhookd_log("%s=%s is not a number in %g..%g; using %g", name,
		    v, lo, hi, def);
		return (def);
	}
	return (d);
}

static PGconn *
webhookd_connect(const struct webhookd_conf *conf)
{
	PGconn *db;
	PGresult *res;

	db = PQconnectdb(conf->dburl);
	if (PQstatus(db) != CONNECTION_OK) {
		webhookd_log("cannot connect to the database: %s",
		    PQerrorMessage(db));
		PQfinish(db);
		return (NULL);
	}
	res = PQexec(db, "LISTEN jobbro_webhooks");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		webhookd_log("LISTEN failed: %s", PQerrorMessage(db));
		PQclear(res);
		PQfinish(db);
		return (NULL);
	}
	PQclear(res);

	return (db);
}

/*
 * Claim and deliver one batch. Returns how many were claimed, -1 when
 * the connection is broken.
 */
static int
webhookd_round(PGconn *db, const struct webhookd_conf *conf)
{
	struct webhookd_result r;
	PGresult *res;
	const char *params[2];
	char n[24], lease[24];
	int i, rows;

	/* Each delivery may take the whole timeout: lease them all. */
	(void)snprintf(n, sizeof(n), "%d", conf->batch);
	(void)snprintf(lease, sizeof(lease), "%ld",
	    (conf->timeout + 5) * conf->batch + 30);
	params[0] = n;
	params[1] = lease;
	res = PQexecParams(db,
	    "SELECT delivery_id, url, secret, event_id, event_type, body "
	    "FROM api.webhook_claim($1::int, $2::int)",
	    2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		webhookd_log("claim failed: %s", PQerrorMessage(db));
		PQclear(res);
		return (PQstatus(db) == CONNECTION_OK ? 0 : -1);
	}
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		webhookd_deliver(conf, res, i, &r);
		if (webhookd_done(db, conf, PQgetvalue(res, i, 0), &r) == -1) {
			PQclear(res);
			return (-1);
		}
	}
	PQclear(res);

	return (rows);
}

/* Sleep until NOTIFY jobbro_webhooks, a signal or a second has passed. */
static void
webhookd_wait(PGconn *db)
{
	struct timeval tv = {1, 0};
	PGnotify *note;
	fd_set fds;
	int fd;

	if ((fd = PQsocket(db)) < 0)
		return;
	FD_ZERO(&fds);
	FD_SET(fd, &fds);
	if (select(fd + 1, &fds, NULL, NULL, &tv) > 0)
		(void)PQconsumeInput(db);
	while ((note = PQnotifies(db)) != NULL)
		PQfreemem(note);
}

/* POST row i's event to its URL; what came back goes into r. */
static void
webhookd_deliver(const struct webhookd_conf *conf, PGresult *res, int i,
    struct webhookd_result *r)
{
	struct curl_slist *h = NULL;
	char line[WEBHOOKD_SIG_MAX + 64], errbuf[CURL_ERROR_SIZE];
	const char *url, *secret, *body;
	CURL *c;
	CURLcode rc;

	url = PQgetvalue(res, i, 1);
	secret = PQgetvalue(res, i, 2);
	body = PQgetvalue(res, i, 5);
	r->status = 0;
	r->error[0] = '\0';
	errbuf[0] = '\0';

	if (jb_url_check(url, conf->allow_private) != JB_URL_OK) {
		(void)snprintf(r->error, sizeof(r->error),
		    "the URL is not allowed");
		return;
	}
	if ((c = curl_easy_init()) == NULL) {
		(void)snprintf(r->error, sizeof(r->error), "curl_easy_init");
		return;
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "User-Agent: jobbro-webhookd/1");
	(void)snprintf(line, sizeof(line), "Jobbro-Event-Id: %s",
	    PQgetvalue(res, i, 3));
	h = curl_slist_append(h, line);
	(void)snprintf(line, sizeof(line), "Jobbro-Event-Type: %s",
	    PQgetvalue(res, i, 4));
	h = curl_slist_append(h, line);
	(void)snprintf(line, sizeof(line), "Jobbro-Signature: ");
	webhookd_sign(secret, body, time(NULL), line + strlen(line),
	    sizeof(line) - strlen(line));
	h = curl_slist_append(h, line);

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, conf->timeout);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, webhookd_discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (!conf->allow_private) {
		curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION,
		    webhookd_socket);
		curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, NULL);
	}

	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	} else {
		(void)snprintf(r->error, sizeof(r->error), "%s%s%s",
		    curl_easy_strerror(rc), errbuf[0] != '\0' ? ": " : "",
		    errbuf);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

/* Record the attempt. Returns -1 when the connection is broken. */
static int
webhookd_done(PGconn *db, const struct webhookd_conf *conf, const char *id,
    const struct webhookd_result *r)
{
	PGresult *res;
	const char *params[6];
	char status[24], window[32], base[32], cap[32];
	int ok;

	(void)snprintf(status, sizeof(status), "%ld", r->status);
	(void)snprintf(window, sizeof(window), "%f", conf->window);
	(void)snprintf(base, sizeof(base), "%f", conf->base);
	(void)snprintf(cap, sizeof(cap), "%f", conf->cap);
	params[0] = id;
	params[1] = status;
	params[2] = r->error[0] != '\0' ? r->error : NULL;
	params[3] = window;
	params[4] = base;
	params[5] = cap;
	res = PQexecParams(db,
	    "SELECT api.webhook_done($1::uuid, $2::int, $3::text, "
	    "$4::float8, $5::float8, $6::float8)",
	    6, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (ok)
		webhookd_log("delivery %s: %s%s -> %s", id,
		    r->status > 0 ? "HTTP " : "",
		    r->status > 0 ? status : r->error, PQgetvalue(res, 0, 0));
	else
		webhookd_log("recording delivery %s failed: %s", id,
		    PQerrorMessage(db));
	PQclear(res);
	if (!ok && PQstatus(db) != CONNECTION_OK)
		return (-1);

	return (ok ? 0 : 1);
}

/* "t=<t>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>" into out. */
static void
webhookd_sign(const char *secret, const char *body, time_t t, char *out,
    size_t len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen, i;
	char ts[32], hex[2 * EVP_MAX_MD_SIZE + 1];
	size_t tslen, blen;
	unsigned char *msg;

	tslen = (size_t)snprintf(ts, sizeof(ts), "%lld.", (long long)t);
	blen = strlen(body);
	if ((msg = malloc(tslen + blen)) == NULL) {
		out[0] = '\0';
		return;
	}
	memcpy(msg, ts, tslen);
	memcpy(msg + tslen, body, blen);
	if (HMAC(EVP_sha256(), secret, (int)strlen(secret), msg, tslen + blen,
		mac, &maclen) == NULL)
		maclen = 0;
	free(msg);
	for (i = 0; i < maclen; i++)
		(void)snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	hex[2 * maclen] = '\0';
	(void)snprintf(out, len, "t=%lld,v1=%s", (long long)t, hex);
}

/*
 * Every address curl is about to connect to, after DNS: refuse loopback,
 * private and link-local ones (a public name may resolve to them).
 */
static curl_socket_t
webhookd_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	if (jb_url_sockaddr_private(&a->addr))
		return (CURL_SOCKET_BAD);
	return (socket(a->family, a->socktype, a->protocol));
}

static size_t
webhookd_discard(char *p, size_t size, size_t n, void *arg)
{
	return (size * n);
}

static void
webhookd_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "jobbro-webhookd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
