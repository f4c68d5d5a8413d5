/*
 * follow_ups.c — /v1/follow-ups: the check-ins at 1, 3, 6, 12 and 24
 * months of every placement. Past-due pending ones read as overdue;
 * recording "no longer employed" ends the placement (in SQL).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define RECORDERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT)

/* clang-format off */
static const char *const follow_up_statuses[] = { "pending", "overdue",
    "done", "missed", NULL };

static const struct jb_field record_fields[] = {
	{ "still_employed", JB_T_BOOL, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "weekly_hours", JB_T_NUMBER, JB_F_NULLABLE, 0, 37, NULL, NULL },
	{ "seeker_satisfaction", JB_T_INT, JB_F_NULLABLE, 1, 5, NULL, NULL },
	{ "employer_satisfaction", JB_T_INT, JB_F_NULLABLE, 1, 5, NULL, NULL },
	{ "wellbeing_score", JB_T_INT, JB_F_NULLABLE, 1, 5, NULL, NULL },
	{ "social_score", JB_T_INT, JB_F_NULLABLE, 1, 5, NULL, NULL },
	{ "wellbeing_notes", JB_T_STRING, JB_F_NULLABLE, 0, 5000, NULL, NULL },
	{ "social_notes", JB_T_STRING, JB_F_NULLABLE, 0, 5000, NULL, NULL },
	{ "needs_support", JB_T_BOOL, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field follow_up_query[] = {
	{ "status", JB_T_ENUM, 0, 0, 0, follow_up_statuses, NULL },
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "placement_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "due_before", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_follow_up_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/follow-ups",
	    .roles = JB_ROLES_USERS, .query = follow_up_query,
	    .flags = JB_EP_LIST, .function = "follow_ups_list",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/follow-ups/{id}",
	    .id = JB_ID_UUID, .roles = JB_ROLES_USERS,
	    .function = "follow_ups_get",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/follow-ups/{id}/record",
	    .id = JB_ID_UUID, .roles = RECORDERS, .body = record_fields,
	    .flags = JB_EP_CREATE | JB_EP_IF_MATCH,
	    .function = "follow_ups_record" },
	JB_ENDPOINTS_END
};
/* clang-format on */
