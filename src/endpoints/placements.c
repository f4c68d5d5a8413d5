/*
 * placements.c — /v1/placements: hiring an offered application. One SQL
 * call does it all in one transaction (placement, application hired, job
 * filled, seeker placed, follow-ups at +1, +3, +6, +12 and +24 months);
 * the job row lock makes two hires of the last position queue, and the
 * second finds no free position (409).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"
#include "jb_fields.h"

#define HIRERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER)

/* clang-format off */
static const char *const placement_statuses[] = { "active", "ended", NULL };
static const char *const end_reasons[] = { "quit", "dismissed",
    "contract_ended", "moved", "other", NULL };

static const struct jb_field placement_fields[] = {
	{ "application_id", JB_T_UUID, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "start_date", JB_T_DATE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "weekly_hours", JB_T_NUMBER, JB_F_REQUIRED | JB_F_EXCL_MIN, 0, 37,
	    NULL, NULL },
	{ "hourly_wage_dkk", JB_T_NUMBER, JB_F_NULLABLE, 0, 10000, NULL,
	    NULL },
	{ "job_type", JB_T_ENUM, 0, 0, 0, jb_job_types, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field end_fields[] = {
	{ "end_date", JB_T_DATE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "reason", JB_T_ENUM, JB_F_REQUIRED, 0, 0, end_reasons, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field placement_query[] = {
	{ "seeker_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "job_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "employer_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "status", JB_T_ENUM, 0, 0, 0, placement_statuses, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_placement_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/placements",
	    .roles = JB_ROLES_USERS, .query = placement_query,
	    .flags = JB_EP_LIST, .function = "placements_list",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/placements",
	    .roles = HIRERS, .body = placement_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "placements_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/placements/{id}",
	    .id = JB_ID_UUID, .roles = JB_ROLES_USERS,
	    .function = "placements_get",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/placements/{id}/end",
	    .id = JB_ID_UUID, .roles = HIRERS, .body = end_fields,
	    .flags = JB_EP_CREATE | JB_EP_IF_MATCH,
	    .function = "placements_end" },
	JB_ENDPOINTS_END
};
/* clang-format on */
