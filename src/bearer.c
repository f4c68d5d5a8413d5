/*
 * bearer.c — who is calling: "Authorization: Bearer <access token>" on
 * every request is verified (src/token.c) and gives the caller's role and
 * claims. No header: anonymous. Endpoints that take other credentials
 * (the token endpoint's HTTP Basic) are marked JB_EP_NO_BEARER.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "jb_bearer.h"
#include "jb_config.h"
#include "jb_http.h"
#include "jb_roles.h"
#include "jb_token.h"

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
	jr->claims = jb_token_verify(&jb_config.token, h + 7, time(NULL));
	if (jr->claims == NULL) {
		(void)jb_respond_problem(jr, 401, NULL,
		    "the access token is invalid or expired", NULL);
		return (0);
	}
	role = json_string_value(json_object_get(jr->claims, "role"));
	jr->role = jb_role_bit(role);

	return (1);
}
