/*
 * bearer.c — who is calling: "Authorization: Bearer <access token>" on
 * every request is verified (src/token.c) and gives the caller's role and
 * claims. No header: anonymous. Endpoints that take other credentials
 * (the token endpoint's HTTP Basic) are marked JB_EP_NO_BEARER.
 *
 * A client sends the same token for its whole life (15 minutes), and
 * verifying it (libjwt's HMAC and two JSON parses) costs more than the
 * rest of a cheap request in C. So each worker remembers the tokens it
 * verified: a later request with byte for byte the same token takes the
 * claims from memory, after checking that the token has not expired
 * since. Only tokens that passed verification are kept; a token is never
 * trusted by anything but its exact bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "jb_bearer.h"
#include "jb_config.h"
#include "jb_http.h"
#include "jb_roles.h"
#include "jb_token.h"

#define BEARER_CACHE_SLOTS 1024 /* per worker, direct-mapped */

struct bearer_slot {
	char *token; /* NULL: empty */
	json_t *claims;
	json_int_t exp;
};

static struct bearer_slot bearer_cache[BEARER_CACHE_SLOTS];

static json_t *bearer_verify(const char *, time_t);
static struct bearer_slot *bearer_slot(const char *, size_t);

/* Set jr->role and jr->claims. Returns 0 after answering 401. */
int
jb_bearer_check(struct jb_request *jr)
{
	const char *h, *role;

	if (jr->ep->flags & JB_EP_NO_BEARER)
		return (1);
	if ((h = jb_header(jr, "authorization")) == NULL)
		return (1);
	if (strncasecmp(h, "Bearer ", 7) != 0) {
		(void)jb_respond_problem(jr, 401, NULL,
		    "use Authorization: Bearer <access token>", NULL);
		return (0);
	}
	jr->claims = bearer_verify(h + 7, time(NULL));
	if (jr->claims == NULL) {
		(void)jb_respond_problem(jr, 401, NULL,
		    "the access token is invalid or expired", NULL);
		return (0);
	}
	role = json_string_value(json_object_get(jr->claims, "role"));
	jr->role = jb_role_bit(role);

	return (1);
}

/* The claims of token at now (a new reference), or NULL. */
static json_t *
bearer_verify(const char *token, time_t now)
{
	struct bearer_slot *s;
	json_t *claims;
	size_t len;

	if ((len = strlen(token)) > JB_TOKEN_MAX)
		return (NULL);
	s = bearer_slot(token, len);
	if (s->token != NULL && strcmp(s->token, token) == 0) {
		if (s->exp > (json_int_t)now - JB_TOKEN_LEEWAY)
			return (json_incref(s->claims));
		return (NULL);
	}

	if ((claims = jb_token_verify(&jb_config.token, token, now)) == NULL)
		return (NULL);
	free(s->token);
	json_decref(s->claims);
	s->token = strdup(token);
	s->claims = json_incref(claims);
	s->exp = json_integer_value(json_object_get(claims, "exp"));
	if (s->token == NULL) {
		json_decref(s->claims);
		s->claims = NULL;
	}

	return (claims);
}

/* The slot of a token: FNV-1a of its last 32 bytes (the signature). */
static struct bearer_slot *
bearer_slot(const char *token, size_t len)
{
	const unsigned char *p;
	uint32_t h;

	p = (const unsigned char *)token + (len > 32 ? len - 32 : 0);
	for (h = 2166136261u; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;

	return (&bearer_cache[h % BEARER_CACHE_SLOTS]);
}
