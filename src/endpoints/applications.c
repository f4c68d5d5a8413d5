/*
 * applications.c — /v1/applications: a seeker applies to a published
 * job, the application moves submitted → in_review → interview → offered
 * (→ hired by a placement), or ends rejected / withdrawn, and every move
 * is kept as history. Who may make which move, and what an employer may
 * see of the seeker, is decided in SQL (api.applications_*).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define READERS JB_ROLES_USERS
#define APPLICANTS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_SEEKER)
#define MOVERS (JB_ROLES_USERS & ~JB_ROLE_PARTNER)

/* clang-format off */
static const char *const application_statuses[] = { "submitted",
    "in_review", "interview", "offered", "hired", "rejected", "withdrawn",
    NULL };
static const char *const application_moves[] = { "in_review", "interview",
    "offered", "hired", "rejected", "withdrawn", NULL };

static const struct jb_field application_fields[] = {
	{ "seeker_id", JB_T_UUID, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "job_id", JB_T_UUID, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "cover_note", JB_T_STRING, JB_F_NULLABLE, 0, 2000, NULL, NULL },
	{ "prepared_with_consultant", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field transition_fields[] = {
	{ "to", JB_T_ENUM, JB_F_REQUIRED, 0, 0, application_moves, NULL },
	{ "reason", JB_T_STRING, JB_F_NULLABLE, 0, 1000, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field application_query[] = {
	{ "seeker_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "job_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "status", JB_T_ENUM, 0, 0, 0, application_statuses, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_application_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/applications",
	    .roles = READERS, .query = application_query, .flags = JB_EP_LIST,
	    .function = "applications_list",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/applications",
	    .roles = APPLICANTS, .body = application_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "applications_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/applications/{id}",
	    .id = JB_ID_UUID, .roles = READERS,
	    .function = "applications_get",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_POST,
	    .path = "/v1/applications/{id}/transitions", .id = JB_ID_UUID,
	    .roles = MOVERS, .body = transition_fields,
	    .flags = JB_EP_CREATE | JB_EP_IF_MATCH,
	    .function = "applications_transition" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/applications/{id}/history",
	    .id = JB_ID_UUID, .roles = READERS,
	    .function = "applications_history",
	    .scope = JB_SCOPE_SEEKERS_READ },
	JB_ENDPOINTS_END
};
/* clang-format on */
