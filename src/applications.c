/*
 * applications.c — /v1/applications: a seeker applies to a published
 * job, the application moves submitted → in_review → interview → offered
 * (→ hired by a placement), or ends rejected / withdrawn, and every move
 * is kept as history. Who may make which move, and what an employer may
 * see of the seeker, is decided in SQL (api.applications_*).
 */
#include "jb_http.h"

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
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_application_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/applications", JB_ID_NONE, READERS,
	    application_query, NULL, JB_EP_LIST, "applications_list", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/applications", JB_ID_NONE, APPLICANTS, NULL,
	    application_fields, JB_EP_CREATE | JB_EP_LOCATION,
	    "applications_create", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/applications/{id}", JB_ID_UUID, READERS, NULL,
	    NULL, 0, "applications_get", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/applications/{id}/transitions", JB_ID_UUID,
	    MOVERS, NULL, transition_fields, JB_EP_CREATE | JB_EP_IF_MATCH,
	    "applications_transition", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/applications/{id}/history", JB_ID_UUID,
	    READERS, NULL, NULL, 0, "applications_history", NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
