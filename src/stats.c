/*
 * stats.c — /v1/stats: what the service achieves, computed in SQL over
 * the placements and applications the caller may see. Retention is a
 * Kaplan–Meier estimate at 6, 12 and 24 months with Greenwood 95 %
 * intervals (api.stats_retention); the overview counts placements per
 * year, satisfaction, the application funnel and income uplift
 * (api.stats_overview). /v1/caseloads: each consultant's seekers counted
 * by stage (api.caseloads_list).
 */
#include "jb_fields.h"
#include "jb_http.h"

#define STATS_READERS \
	(JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER | \
	    JB_ROLE_EMPLOYER)
#define CASELOAD_READERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER)

/* clang-format off */
static const char *const retention_groups[] = { "cohort_year",
    "municipality", "job_type", "age_band", NULL };

static const struct jb_field retention_query[] = {
	{ "group_by", JB_T_ENUM, 0, 0, 0, retention_groups, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "job_type", JB_T_ENUM, 0, 0, 0, jb_job_types, NULL },
	{ "from", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "to", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field overview_query[] = {
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "from", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "to", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field caseload_query[] = {
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_stats_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/stats/retention", JB_ID_NONE, STATS_READERS,
	    retention_query, NULL, 0, "stats_retention", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/stats/overview", JB_ID_NONE, STATS_READERS,
	    overview_query, NULL, 0, "stats_overview", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/caseloads", JB_ID_NONE, CASELOAD_READERS,
	    caseload_query, NULL, JB_EP_LIST, "caseloads_list", NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
