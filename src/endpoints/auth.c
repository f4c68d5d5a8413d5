/*
 * auth.c — logging in. POST /v1/auth/token (password, refresh_token and
 * client_credentials grants, JSON or form body) and POST /v1/auth/revoke
 * need more than one step: a lookup, Argon2 verification in a task, and
 * the refresh-token write, each its own state. Step 1 counts the attempt
 * against the login throttle before any password is checked
 * (sql/api/auth.sql). An API client's secret is checked by its SHA-256
 * in one statement (api.auth_api_client), no task needed. GET /v1/me and POST
 * /v1/auth/logout-all are table entries. (Every request's bearer token is
 * checked in src/bearer.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jb_config.h"
#include "jb_endpoints.h"
#include "jb_http.h"
#include "jb_password.h"
#include "jb_problem.h"
#include "jb_query.h"
#include "jb_token.h"
#include "jb_validate.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

/* Refresh tokens live 30 days; SQL takes the seconds as text. */
#define REFRESH_TTL_SECONDS "2592000"
#define TOKEN_FIELD_MAX 1024
/* Longer secrets are refused (and counted) without hashing them. */
#define SECRET_MAX 255
/* The client_id of an API client (sql/api/api_clients.sql). */
#define API_CLIENT_PREFIX "jbc_"

enum {
	TOK_START = 0,
	TOK_LOOKUP,
	TOK_VERIFY,
	TOK_ISSUE,
	TOK_REFRESH,
	TOK_FAILED,
	TOK_API_CLIENT,
};

static int auth_token(struct jb_request *);
static int auth_revoke(struct jb_request *);
static json_t *auth_form(struct jb_request *);
static int auth_password_grant(struct jb_request *);
static int auth_refresh_grant(struct jb_request *);
static int auth_lookup_done(struct jb_request *);
static int auth_client_grant(struct jb_request *);
static int auth_api_client_grant(struct jb_request *, const char *);
static int auth_api_client_done(struct jb_request *);
static int auth_is_client(struct jb_request *);
static int auth_basic(struct jb_request *);
static int auth_wrong_credentials(struct jb_request *);
static int auth_verify_done(struct jb_request *);
static int auth_failed(struct jb_request *);
static int auth_issue(struct jb_request *);
static int auth_send_tokens(struct jb_request *);
static const char *auth_param(struct jb_request *, const char *);
static const char *auth_ip(struct jb_request *);

/* clang-format off */
static const struct jb_field auth_fields[] = {
	{ "grant_type", JB_T_STRING, 0, 1, 64, NULL, NULL },
	{ "username", JB_T_STRING, 0, 1, 254, NULL, NULL },
	{ "password", JB_T_STRING, 0, 1, TOKEN_FIELD_MAX, NULL, NULL },
	{ "refresh_token", JB_T_STRING, 0, 1, 128, NULL, NULL },
	{ "client_id", JB_T_STRING, 0, 1, 128, NULL, NULL },
	{ "client_secret", JB_T_STRING, 0, 1, TOKEN_FIELD_MAX, NULL, NULL },
	{ "scope", JB_T_STRING, 0, 0, 200, NULL, NULL },
	{ "token", JB_T_STRING, 0, 1, 4096, NULL, NULL },
	{ "token_type_hint", JB_T_STRING, 0, 1, 64, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_auth_endpoints[] = {
	{ .method = HTTP_METHOD_POST, .path = "/v1/auth/token",
	    .roles = JB_ROLES_ALL, .flags = JB_EP_NO_BEARER | JB_EP_OAUTH,
	    .run = auth_token },
	{ .method = HTTP_METHOD_POST, .path = "/v1/auth/revoke",
	    .roles = JB_ROLES_ALL, .flags = JB_EP_NO_BEARER | JB_EP_OAUTH,
	    .run = auth_revoke },
	{ .method = HTTP_METHOD_POST, .path = "/v1/auth/logout-all",
	    .roles = JB_ROLES_USERS, .function = "auth_logout_all" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/me",
	    .roles = JB_ROLES_USERS, .function = "me" },
	JB_ENDPOINTS_END
};
/* clang-format on */

enum {
	SQL_LOOKUP,
	SQL_CLIENT,
	SQL_FAILED,
	SQL_ISSUE,
	SQL_REFRESH,
	SQL_REVOKE,
	SQL_API_CLIENT,
	SQL_COUNT
};

/* The token endpoints' statements; the router registers them. */
const char *const jb_auth_sql[SQL_COUNT + 1] = {
    [SQL_LOOKUP] = "SELECT user_id, password_hash, retry_after "
		   "FROM api.auth_login_check($1::text, $2::text)",
    [SQL_CLIENT] = "SELECT user_id, password_hash, retry_after "
		   "FROM api.auth_client_check($1::text, $2::text)",
    [SQL_FAILED] = "SELECT api.auth_login_failed($1::uuid, $2::text)",
    [SQL_ISSUE] =
	"SELECT api.auth_issue($1::uuid, $2::text, $3::int, $4::text)",
    [SQL_REFRESH] = "SELECT api.auth_refresh($1::text, $2::text, $3::int, "
		    "$4::int)",
    [SQL_REVOKE] = "SELECT api.auth_revoke($1::text, $2::text)",
    [SQL_API_CLIENT] =
	"SELECT api.auth_api_client($1::text, $2::text, $3::text)",
};
int jb_auth_stmt[SQL_COUNT];

/* POST /v1/auth/token */
static int
auth_token(struct jb_request *jr)
{
	const char *grant;

	switch (jr->state) {
	case TOK_START:
		if ((jr->scratch = auth_form(jr)) == NULL)
			return (KORE_RESULT_OK);
		grant = auth_param(jr, "grant_type");
		if (grant == NULL)
			return (jb_respond_oauth(jr, 400, "invalid_request",
			    "grant_type is required"));
		if (strcmp(grant, "password") == 0)
			return (auth_password_grant(jr));
		if (strcmp(grant, "refresh_token") == 0)
			return (auth_refresh_grant(jr));
		if (strcmp(grant, "client_credentials") == 0)
			return (auth_client_grant(jr));
		return (jb_respond_oauth(jr, 400, "unsupported_grant_type",
		    "grant_type must be password, refresh_token or "
		    "client_credentials"));
	case TOK_LOOKUP:
		return (auth_lookup_done(jr));
	case TOK_VERIFY:
		return (auth_verify_done(jr));
	case TOK_FAILED:
		if (jb_query_pending(jr))
			return (KORE_RESULT_RETRY);
		if (!jb_query_ok(jr))
			return (jb_query_error(jr));
		return (auth_wrong_credentials(jr));
	case TOK_API_CLIENT:
		return (auth_api_client_done(jr));
	case TOK_ISSUE:
	case TOK_REFRESH:
		if (jb_query_pending(jr))
			return (KORE_RESULT_RETRY);
		return (auth_send_tokens(jr));
	}

	return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
}

/* POST /v1/auth/revoke {"token"}: always 200 (RFC 7009). */
static int
auth_revoke(struct jb_request *jr)
{
	const char *token, *params[2];

	if (jr->state == TOK_START) {
		if ((jr->scratch = auth_form(jr)) == NULL)
			return (KORE_RESULT_OK);
		if ((token = auth_param(jr, "token")) == NULL)
			return (jb_respond_oauth(jr, 400, "invalid_request",
			    "token is required"));
		jb_token_sha256_hex(token, jr->tmp[0]);
		params[0] = jr->tmp[0];
		params[1] = auth_ip(jr);
		jr->state = TOK_REFRESH;
		return (jb_query_run(jr, jb_auth_stmt[SQL_REVOKE], 2, params));
	}
	if (jb_query_pending(jr))
		return (KORE_RESULT_RETRY);
	if (!jb_query_ok(jr))
		return (jb_query_error(jr));

	return (jb_respond_json(jr, 200, json_object()));
}

/* The parameters, from a JSON or form body. NULL after answering. */
static json_t *
auth_form(struct jb_request *jr)
{
	struct http_request *req = jr->req;
	json_t *body, *errors, *v;
	const char *key;
	char *copy;
	size_t len;

	if (jb_content_type_is(jr, "application/x-www-form-urlencoded")) {
		len = req->http_body != NULL ? req->http_body_length : 0;
		if (len > JB_BODY_MAX) {
			(void)jb_respond_problem(jr, 413, NULL, NULL, NULL);
			return (NULL);
		}
		copy = kore_malloc(len + 1);
		if (len > 0)
			memcpy(copy, req->http_body->data, len);
		copy[len] = '\0';
		errors = jb_errors_new();
		body = jb_query_parse(copy, auth_fields, errors);
		kore_free(copy);
	} else {
		(void)jb_body_json(jr, &body);
		if (body == NULL)
			return (NULL);
		if (!json_is_object(body)) {
			json_decref(body);
			(void)jb_respond_oauth(jr, 400, "invalid_request",
			    "the body must be a JSON object");
			return (NULL);
		}
		errors = jb_errors_new();
		json_object_foreach(body, key, v) {
			if (!json_is_string(v) ||
			    strlen(json_string_value(v)) > TOKEN_FIELD_MAX)
				jb_errors_add(errors, key, "invalid_type",
				    "%s must be a short string", key);
		}
	}

	if (json_array_size(errors) > 0) {
		json_decref(errors);
		json_decref(body);
		(void)jb_respond_oauth(jr, 400, "invalid_request",
		    "a parameter is malformed");
		return (NULL);
	}
	json_decref(errors);

	return (body);
}

/* The client's address for SQL (NULL: none, e.g. a unix socket). */
static const char *
auth_ip(struct jb_request *jr)
{
	return (jr->ip[0] != '\0' ? jr->ip : NULL);
}

static const char *
auth_param(struct jb_request *jr, const char *name)
{
	const char *s;

	s = json_string_value(json_object_get(jr->scratch, name));
	return (s != NULL && *s != '\0' ? s : NULL);
}

static int
auth_password_grant(struct jb_request *jr)
{
	const char *user, *params[2];

	user = auth_param(jr, "username");
	if (user == NULL || auth_param(jr, "password") == NULL)
		return (jb_respond_oauth(jr, 400, "invalid_request",
		    "username and password are required"));
	params[0] = user;
	params[1] = auth_ip(jr);
	jr->state = TOK_LOOKUP;

	return (jb_query_run(jr, jb_auth_stmt[SQL_LOOKUP], 2, params));
}

/* Rotate: the old token's hash out, a new one's in, in one statement. */
static int
auth_refresh_grant(struct jb_request *jr)
{
	const char *old, *params[4];
	char grace[16];

	if ((old = auth_param(jr, "refresh_token")) == NULL)
		return (jb_respond_oauth(jr, 400, "invalid_request",
		    "refresh_token is required"));
	if (jb_token_opaque(jr->tmp[2], sizeof(jr->tmp[2])) == -1)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	jb_token_sha256_hex(old, jr->tmp[0]);
	jb_token_sha256_hex(jr->tmp[2], jr->tmp[1]);

	params[0] = jr->tmp[0];
	params[1] = jr->tmp[1];
	params[2] = REFRESH_TTL_SECONDS;
	(void)snprintf(grace, sizeof(grace), "%d", jb_config.refresh_grace);
	params[3] = grace;
	jr->state = TOK_REFRESH;

	return (jb_query_run(jr, jb_auth_stmt[SQL_REFRESH], 4, params));
}

/* The user row (or none) is here: verify the password in a task. */
static int
auth_lookup_done(struct jb_request *jr)
{
	PGresult *res;
	const char *hash, *secret;

	if (jb_query_pending(jr))
		return (KORE_RESULT_RETRY);
	if (!jb_query_ok(jr))
		return (jb_query_error(jr));

	res = jr->job.result;
	if (PQntuples(res) != 1)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	if ((jr->retry_after = atoi(PQgetvalue(res, 0, 2))) > 0)
		return (jb_respond_problem(jr, 429, NULL,
		    "too many failed attempts for these credentials; wait and "
		    "retry",
		    NULL));
	hash = NULL;
	jr->tmp[1][0] = '\0';
	if (!PQgetisnull(res, 0, 0)) {
		(void)kore_strlcpy(jr->tmp[1], PQgetvalue(res, 0, 0),
		    sizeof(jr->tmp[1]));
		hash = PQgetvalue(res, 0, 1);
	}
	secret =
	    auth_param(jr, auth_is_client(jr) ? "client_secret" : "password");
	if (strlen(secret) > SECRET_MAX)
		return (auth_failed(jr));
	jr->state = TOK_VERIFY;

	return (jb_request_hash(jr, JB_HASH_VERIFY, secret, hash));
}

static int
auth_verify_done(struct jb_request *jr)
{
	if (!jb_password_task_done(&jr->hash))
		return (KORE_RESULT_RETRY);
	if (!jr->hash.ok)
		return (auth_failed(jr));

	return (auth_issue(jr));
}

/* A wrong secret (already counted by step 1): into the audit trail. */
static int
auth_failed(struct jb_request *jr)
{
	const char *params[2];

	params[0] = jr->tmp[1][0] != '\0' ? jr->tmp[1] : NULL;
	params[1] = auth_ip(jr);
	jr->state = TOK_FAILED;

	return (jb_query_run(jr, jb_auth_stmt[SQL_FAILED], 2, params));
}

/* Store a new refresh token for the user in tmp[1]; get the claims. */
static int
auth_issue(struct jb_request *jr)
{
	const char *params[4];

	if (jb_token_opaque(jr->tmp[2], sizeof(jr->tmp[2])) == -1)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	jb_token_sha256_hex(jr->tmp[2], jr->tmp[0]);

	/* Client credentials get no refresh token (RFC 6749 §4.4.3). */
	if (auth_is_client(jr))
		jr->tmp[2][0] = '\0';
	params[0] = jr->tmp[1];
	params[1] = auth_is_client(jr) ? NULL : jr->tmp[0];
	params[2] = REFRESH_TTL_SECONDS;
	params[3] = auth_ip(jr);
	jr->state = TOK_ISSUE;

	return (jb_query_run(jr, jb_auth_stmt[SQL_ISSUE], 4, params));
}

/* Claims are in the result: sign the access token, send both. */
static int
auth_send_tokens(struct jb_request *jr)
{
	json_t *claims, *out;
	char *access;

	if (!jb_query_ok(jr))
		return (jb_query_error(jr));

	claims = NULL;
	if (PQntuples(jr->job.result) == 1 &&
	    !PQgetisnull(jr->job.result, 0, 0))
		claims = json_loads(PQgetvalue(jr->job.result, 0, 0), 0, NULL);
	if (claims != NULL && jr->state == TOK_API_CLIENT &&
	    json_object_get(claims, "error") != NULL) {
		json_decref(claims);
		return (auth_wrong_credentials(jr));
	}
	if (claims == NULL || json_object_get(claims, "error") != NULL) {
		json_decref(claims);
		return (jb_respond_oauth(jr, 400, "invalid_grant",
		    "the refresh token is invalid, expired or revoked"));
	}

	access = jb_token_issue(&jb_config.token, claims, time(NULL));
	json_decref(claims);
	if (access == NULL)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	out = json_pack("{s:s, s:s, s:i}", "access_token", access, "token_type",
	    "Bearer", "expires_in", (int)jb_config.token.ttl);
	if (jr->tmp[2][0] != '\0')
		json_object_set_new(out, "refresh_token",
		    json_string(jr->tmp[2]));
	free(access);
	http_response_header(jr->req, "cache-control", "no-store");

	return (jb_respond_json(jr, 200, out));
}

/*
 * Client credentials (partner systems), from the body or HTTP Basic: an
 * API client's client_id (jbc_...) and secret; or, deprecated, a partner
 * user's id and password.
 */
static int
auth_client_grant(struct jb_request *jr)
{
	const char *id, *params[2];

	if (!auth_basic(jr))
		return (KORE_RESULT_OK);
	id = auth_param(jr, "client_id");
	if (id == NULL || auth_param(jr, "client_secret") == NULL)
		return (jb_respond_oauth(jr, 401, "invalid_client",
		    "client_id and client_secret are required"));
	if (strncmp(id, API_CLIENT_PREFIX, strlen(API_CLIENT_PREFIX)) == 0)
		return (auth_api_client_grant(jr, id));
	if (!jb_valid_uuid(id))
		return (jb_respond_oauth(jr, 401, "invalid_client",
		    "the client is unknown or the secret is wrong"));
	params[0] = id;
	params[1] = auth_ip(jr);
	jr->state = TOK_LOOKUP;

	return (jb_query_run(jr, jb_auth_stmt[SQL_CLIENT], 2, params));
}

/*
 * An API client: the secret's SHA-256 is compared in SQL (secrets are
 * random, so no slow hash), after the attempt is counted.
 */
static int
auth_api_client_grant(struct jb_request *jr, const char *id)
{
	const char *params[3];

	jb_token_sha256_hex(auth_param(jr, "client_secret"), jr->tmp[0]);
	params[0] = id;
	params[1] = jr->tmp[0];
	params[2] = auth_ip(jr);
	jr->state = TOK_API_CLIENT;

	return (jb_query_run(jr, jb_auth_stmt[SQL_API_CLIENT], 3, params));
}

/* Claims, {"retry_after"} or {"error"}: sign, 429 or 401. */
static int
auth_api_client_done(struct jb_request *jr)
{
	PGresult *res;
	json_t *out;
	int wait;

	if (jb_query_pending(jr))
		return (KORE_RESULT_RETRY);
	if (!jb_query_ok(jr))
		return (jb_query_error(jr));
	res = jr->job.result;
	out = NULL;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	if (out == NULL)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	wait = (int)json_integer_value(json_object_get(out, "retry_after"));
	json_decref(out);
	if (wait > 0) {
		jr->retry_after = wait;
		return (jb_respond_problem(jr, 429, NULL,
		    "too many failed attempts for these credentials; wait and "
		    "retry",
		    NULL));
	}
	/* No refresh token for client credentials (RFC 6749 §4.4.3). */
	jr->tmp[2][0] = '\0';

	return (auth_send_tokens(jr));
}

static int
auth_is_client(struct jb_request *jr)
{
	const char *grant;

	grant = auth_param(jr, "grant_type");
	return (grant != NULL && strcmp(grant, "client_credentials") == 0);
}

/* The same answer for every wrong secret, password or unknown name. */
static int
auth_wrong_credentials(struct jb_request *jr)
{
	if (auth_is_client(jr))
		return (jb_respond_oauth(jr, 401, "invalid_client",
		    "the client is unknown or the secret is wrong"));
	return (jb_respond_oauth(jr, 400, "invalid_grant",
	    "the email or password is wrong"));
}

/*
 * Authorization: Basic base64(urlencode(id):urlencode(secret)) into the
 * parameters (RFC 6749 §2.3.1). Returns 0 after answering 401.
 */
static int
auth_basic(struct jb_request *jr)
{
	const char *h, *colon;
	unsigned char raw[512];
	char id[256], secret[256];
	size_t len;
	int n;

	if ((h = jb_header(jr, "authorization")) == NULL)
		return (1);
	if (strncasecmp(h, "Basic ", 6) != 0 || (len = strlen(h + 6)) == 0 ||
	    len % 4 != 0 || len / 4 * 3 >= sizeof(raw))
		goto bad;
	if ((n = EVP_DecodeBlock(raw, (const unsigned char *)h + 6, (int)len)) <
	    0)
		goto bad;
	while (n > 0 && h[6 + len - 1] == '=' && len-- > 0)
		n--;
	raw[n] = '\0';
	if ((colon = strchr((char *)raw, ':')) == NULL ||
	    jb_url_decode((char *)raw, colon - (char *)raw, id, sizeof(id)) ==
		-1 ||
	    jb_url_decode(colon + 1, strlen(colon + 1), secret,
		sizeof(secret)) == -1)
		goto bad;
	json_object_set_new(jr->scratch, "client_id", json_string(id));
	json_object_set_new(jr->scratch, "client_secret", json_string(secret));
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(raw, sizeof(raw));

	return (1);

bad:
	(void)jb_respond_oauth(jr, 401, "invalid_client",
	    "the Authorization header is not valid HTTP Basic");
	return (0);
}
