/*
 * jb_config.h — settings from the environment, read once in Kore's
 * parent process before the workers fork.
 */
#ifndef JB_CONFIG_H
#define JB_CONFIG_H

#include <stddef.h>

#include "jb_ratelimit.h"
#include "jb_token.h"

#define JB_REPLICA_MAX_LAG_MAX 60 /* the lag monitor's history is longer */

struct jb_config {
	char *database_url;
	char *read_url; /* a streaming replica; NULL: none */
	int replica_max_lag; /* seconds it may be behind the primary */
	unsigned char *jwt_secret;
	size_t jwt_secret_len;
	char *issuer;
	char *audience;
	int db_conns;
	int db_prepare;
	int cache_mb; /* each worker's public-read cache; 0: none */
	char *listen_url; /* its LISTEN connection: straight to PostgreSQL */
	int refresh_grace; /* seconds a rotated refresh token still works */
	char *metrics_token; /* NULL: /metrics for loopback callers only */
	char *openapi_json;
	size_t openapi_len;
	char *docs_html; /* the page of GET /docs; NULL: none */
	size_t docs_html_len;
	char *docs_js; /* Redoc's bundle, its script */
	size_t docs_js_len;
	struct jb_token_cfg token;
	struct jb_ratelimit_policy rate_limit; /* per token, client, address */
	struct jb_ratelimit_policy rate_limit_auth; /* POST /v1/auth/token */
};

extern struct jb_config jb_config;

int jb_config_load(void);

#endif
