/*
 * interviews.c — /v1/interviews: job interviews for an application,
 * rescheduled, cancelled or recorded, and an iCalendar feed of them,
 * also readable without a bearer token through a calendar subscription's
 * feed token (?feed=, src/endpoints/calendar.c; SQL refuses anonymous
 * callers without one).
 * PostgreSQL refuses overlapping interviews for one seeker, or for one
 * consultant who attends (exclusion constraints), so two requests at once
 * cannot both win.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define SCHEDULERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER)

/* clang-format off */
static const char *const interview_modes[] = { "in_person", "phone",
    "video", NULL };
static const char *const interview_statuses[] = { "scheduled", "completed",
    "cancelled", "no_show", NULL };

static const struct jb_field interview_fields[] = {
	{ "application_id", JB_T_UUID, JB_F_REQUIRED | JB_F_CREATE_ONLY, 0, 0,
	    NULL, NULL },
	{ "starts_at", JB_T_DATETIME, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "ends_at", JB_T_DATETIME, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "location", JB_T_STRING, JB_F_NULLABLE, 0, 500, NULL, NULL },
	{ "mode", JB_T_ENUM, 0, 0, 0, interview_modes, NULL },
	{ "consultant_attends", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "accommodations", JB_T_STRINGS, 0, 0, 20, NULL, NULL },
	{ "status", JB_T_ENUM, JB_F_PATCH_ONLY, 0, 0, interview_statuses,
	    NULL },
	{ "outcome", JB_T_STRING, JB_F_NULLABLE | JB_F_PATCH_ONLY, 0, 2000,
	    NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field interview_query[] = {
	{ "application_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "seeker_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "status", JB_T_ENUM, 0, 0, 0, interview_statuses, NULL },
	{ "from", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "to", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field calendar_query[] = {
	{ "seeker_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "feed", JB_T_STRING, 0, 1, 128, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_interview_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/interviews",
	    .roles = JB_ROLES_USERS, .query = interview_query,
	    .flags = JB_EP_LIST, .function = "interviews_list",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/interviews",
	    .roles = SCHEDULERS, .body = interview_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "interviews_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/interviews.ics",
	    .roles = JB_ROLES_ALL, .query = calendar_query,
	    .flags = JB_EP_CALENDAR, .function = "interviews_ics",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/interviews/{id}",
	    .id = JB_ID_UUID, .roles = JB_ROLES_USERS,
	    .function = "interviews_get",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/interviews/{id}",
	    .id = JB_ID_UUID, .roles = SCHEDULERS, .body = interview_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "interviews_update" },
	JB_ENDPOINTS_END
};
/* clang-format on */
