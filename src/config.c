/*
 * config.c — reads Jobbro's environment variables (README lists them)
 * into jb_config. Runs in Kore's parent, so the workers inherit it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_addr.h"
#include "jb_config.h"
#include "jb_cursor.h"
#include "jb_ratelimit.h"

#define CONFIG_OPENAPI_MAX (4 * 1024 * 1024)
#define ACCESS_TOKEN_TTL 900

struct jb_config jb_config;

static const char *config_env(const char *, const char *);
static int config_int(const char *, int, int, int);
static char *config_slurp(const char *, size_t *);
static char *config_conninfo(const char *);
static int config_rate(const char *, const char *,
    struct jb_ratelimit_policy *);
static void config_docs(void);
static int config_replica(void);
static int config_listen(void);

/* Load and check the settings. Returns 0, or -1 after printing why. */
int
jb_config_load(void)
{
	const char *s;

	s = getenv("DATABASE_URL");
	if (s == NULL || *s == '\0') {
		fprintf(stderr, "jobbro: DATABASE_URL is not set\n");
		return (-1);
	}
	jb_config.database_url = config_conninfo(s);
	if (config_replica() == -1)
		return (-1);

	s = getenv("JOBBRO_JWT_SECRET");
	if (s == NULL || strlen(s) < 32) {
		fprintf(stderr,
		    "jobbro: JOBBRO_JWT_SECRET must be set to at "
		    "least 32 bytes (e.g. openssl rand -hex 32)\n");
		return (-1);
	}
	jb_config.jwt_secret = (unsigned char *)strdup(s);
	jb_config.jwt_secret_len = strlen(s);
	jb_cursor_set_key(jb_config.jwt_secret, jb_config.jwt_secret_len);

	jb_config.issuer = strdup(config_env("JOBBRO_JWT_ISSUER", "jobbro"));
	jb_config.audience =
	    strdup(config_env("JOBBRO_JWT_AUDIENCE", "jobbro-api"));
	jb_config.db_conns = config_int("JOBBRO_DB_CONNS", 4, 1, 64);
	jb_config.db_prepare = config_int("JOBBRO_DB_PREPARE", 1, 0, 1);
	jb_config.cache_mb = config_int("JOBBRO_CACHE_MB", 32, 0, 4096);
	if (config_listen() == -1)
		return (-1);
	jb_config.refresh_grace =
	    config_int("JOBBRO_REFRESH_REUSE_GRACE", 10, 0, 300);
	s = getenv("JOBBRO_METRICS_TOKEN");
	if (s != NULL && *s != '\0')
		jb_config.metrics_token = strdup(s);
	if (jb_addr_set_trusted(getenv("JOBBRO_TRUSTED_PROXIES")) == -1) {
		fprintf(stderr,
		    "jobbro: JOBBRO_TRUSTED_PROXIES must be a "
		    "comma-separated list of addresses or CIDR "
		    "blocks\n");
		return (-1);
	}

	if (config_rate("JOBBRO_RATE_LIMIT", "600/60s",
		&jb_config.rate_limit) == -1 ||
	    config_rate("JOBBRO_RATE_LIMIT_AUTH", "30/60s",
		&jb_config.rate_limit_auth) == -1)
		return (-1);

	jb_config.token.secret = jb_config.jwt_secret;
	jb_config.token.secret_len = jb_config.jwt_secret_len;
	jb_config.token.issuer = jb_config.issuer;
	jb_config.token.audience = jb_config.audience;
	jb_config.token.ttl = ACCESS_TOKEN_TTL;

	s = getenv("JOBBRO_OPENAPI_JSON");
	if (s != NULL && *s != '\0') {
		jb_config.openapi_json =
		    config_slurp(s, &jb_config.openapi_len);
		if (jb_config.openapi_json == NULL)
			return (-1);
	}
	config_docs();

	return (0);
}

/*
 * The cache's LISTEN connection (src/listen.c): JOBBRO_LISTEN_URL, else
 * DATABASE_URL. A LISTEN through PgBouncer in transaction mode hears
 * nothing, and a cache that is never told of changes would be stale for
 * good: with JOBBRO_DB_PREPARE=0 (the PgBouncer setting) and no
 * JOBBRO_LISTEN_URL, there is no cache. -1 after saying why.
 */
static int
config_listen(void)
{
	const char *s;

	s = getenv("JOBBRO_LISTEN_URL");
	if (s != NULL && *s != '\0') {
		if ((jb_config.listen_url = config_conninfo(s)) == NULL)
			return (-1);
		return (0);
	}
	jb_config.listen_url = jb_config.database_url;
	if (!jb_config.db_prepare && jb_config.cache_mb > 0) {
		fprintf(stderr,
		    "jobbro: JOBBRO_DB_PREPARE=0 (a pooler?) and no "
		    "JOBBRO_LISTEN_URL: no public-read cache\n");
		jb_config.cache_mb = 0;
	}
	return (0);
}

/*
 * The read replica: JOBBRO_DATABASE_READ_URL (none when unset) and how
 * far behind the primary it may be, JOBBRO_REPLICA_MAX_LAG (whole
 * seconds, 0..JB_REPLICA_MAX_LAG_MAX, default 5). -1 after saying why.
 */
static int
config_replica(void)
{
	const char *s;
	char *end;
	long v;

	s = getenv("JOBBRO_DATABASE_READ_URL");
	if (s != NULL && *s != '\0' &&
	    (jb_config.read_url = config_conninfo(s)) == NULL)
		return (-1);

	jb_config.replica_max_lag = 5;
	if ((s = getenv("JOBBRO_REPLICA_MAX_LAG")) == NULL || *s == '\0')
		return (0);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 ||
	    v > JB_REPLICA_MAX_LAG_MAX) {
		fprintf(stderr,
		    "jobbro: JOBBRO_REPLICA_MAX_LAG must be whole seconds, "
		    "0..%d; not \"%s\"\n",
		    JB_REPLICA_MAX_LAG_MAX, s);
		return (-1);
	}
	jb_config.replica_max_lag = (int)v;

	return (0);
}

/*
 * The API reference (GET /docs): JOBBRO_DOCS_DIR holds its page
 * (index.html, from api-spec/docs.html) and Redoc's standalone bundle
 * (scripts/docs-assets.sh). Without both the server starts all the same
 * and /docs answers 404.
 */
static void
config_docs(void)
{
	const char *dir;
	char *html, *js;

	dir = getenv("JOBBRO_DOCS_DIR");
	if (dir == NULL || *dir == '\0')
		return;
	if (asprintf(&html, "%s/index.html", dir) == -1)
		return;
	if (asprintf(&js, "%s/redoc.standalone.js", dir) == -1) {
		free(html);
		return;
	}
	jb_config.docs_html = config_slurp(html, &jb_config.docs_html_len);
	jb_config.docs_js = config_slurp(js, &jb_config.docs_js_len);
	if (jb_config.docs_html == NULL || jb_config.docs_js == NULL) {
		fprintf(stderr,
		    "jobbro: GET /docs answers 404 without %s and "
		    "%s\n",
		    html, js);
		free(jb_config.docs_html);
		free(jb_config.docs_js);
		jb_config.docs_html = jb_config.docs_js = NULL;
	}
	free(html);
	free(js);
}

static const char *
config_env(const char *name, const char *def)
{
	const char *s;

	s = getenv(name);
	return (s != NULL && *s != '\0' ? s : def);
}

static int
config_int(const char *name, int def, int min, int max)
{
	const char *s;
	char *end;
	long v;

	if ((s = getenv(name)) == NULL || *s == '\0')
		return (def);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "jobbro: %s must be %d..%d, using %d\n", name,
		    min, max, def);
		return (def);
	}
	return ((int)v);
}

/* Read a whole (small) file; startup only. */
static char *
config_slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "jobbro: cannot open %s: %s\n", path,
		    strerror(errno));
		return (NULL);
	}
	buf = malloc(CONFIG_OPENAPI_MAX);
	n = buf ? fread(buf, 1, CONFIG_OPENAPI_MAX, fp) : 0;
	fclose(fp);
	if (buf == NULL || n == 0 || n == CONFIG_OPENAPI_MAX) {
		fprintf(stderr, "jobbro: cannot read %s\n", path);
		free(buf);
		return (NULL);
	}
	*len = n;

	return (buf);
}

/*
 * DATABASE_URL with gssencmode=disable unless it says otherwise: over TCP
 * libpq would first try GSSAPI encryption, whose Kerberos probing costs a
 * blocking round of library calls in a worker (and syscalls Kore's
 * seccomp filter does not allow).
 */
static char *
config_conninfo(const char *url)
{
	char *out;
	int uri;

	if (strstr(url, "gssencmode") != NULL)
		return (strdup(url));
	uri = strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0;
	if (asprintf(&out, "%s%sgssencmode=disable", url,
		uri ? (strchr(url, '?') ? "&" : "?") : " ") == -1)
		return (NULL);

	return (out);
}

/* A rate limit setting (src/ratelimit.c); -1 after saying what is wrong. */
static int
config_rate(const char *name, const char *def, struct jb_ratelimit_policy *p)
{
	const char *s;

	s = config_env(name, def);
	if (jb_ratelimit_parse(s, p) == -1) {
		fprintf(stderr,
		    "jobbro: %s must be requests per window, such as "
		    "600/60s, 30/1m, 10/s or 5/2h (at most %d requests and "
		    "%d s), or off; not \"%s\"\n",
		    name, JB_RATELIMIT_MAX, JB_RATELIMIT_WINDOW_MAX, s);
		return (-1);
	}
	return (0);
}
