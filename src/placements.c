/*
 * placements.c — /v1/placements: hiring an offered application. One SQL
 * call does it all in one transaction (placement, application hired, job
 * filled, seeker placed, follow-ups at +1, +3, +6, +12 and +24 months);
 * the job row lock makes two hires of the last position queue, and the
 * second finds no free position (409).
 */
#include "jb_fields.h"
#include "jb_http.h"

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
	{ "job_type", JB_T_ENUM, JB_F_REQUIRED, 0, 0, jb_job_types, NULL },
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
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_placement_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/placements", JB_ID_NONE, JB_ROLES_USERS,
	    placement_query, NULL, JB_EP_LIST, "placements_list", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/placements", JB_ID_NONE, HIRERS, NULL,
	    placement_fields, JB_EP_CREATE | JB_EP_LOCATION,
	    "placements_create", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/placements/{id}", JB_ID_UUID, JB_ROLES_USERS,
	    NULL, NULL, 0, "placements_get", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/placements/{id}/end", JB_ID_UUID, HIRERS,
	    NULL, end_fields, JB_EP_CREATE | JB_EP_IF_MATCH, "placements_end",
	    NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
