/*
 * audit.c — GET /v1/audit-events: the audit log for admins, newest
 * first: who read or changed whose personal data, when and from where
 * (api.audit_events_list). from and to are dates or RFC 3339 date-times;
 * SQL reads which and answers 400 for anything else.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

/* clang-format off */
static const struct jb_field audit_query[] = {
	{ "seeker_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "actor_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "action", JB_T_STRING, 0, 1, 64, NULL, NULL },
	{ "from", JB_T_STRING, 0, 10, 40, NULL, NULL },
	{ "to", JB_T_STRING, 0, 10, 40, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_audit_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/audit-events",
	    .roles = JB_ROLE_ADMIN, .query = audit_query, .flags = JB_EP_LIST,
	    .function = "audit_events_list" },
	JB_ENDPOINTS_END
};
/* clang-format on */
