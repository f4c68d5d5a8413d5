/*
 * stats.c — /v1/stats: what the service achieves, computed in SQL over
 * the placements and applications the caller may see. Retention is a
 * Kaplan–Meier estimate at 6, 12 and 24 months with Greenwood 95 %
 * intervals (api.stats_retention); the overview counts placements per
 * year, satisfaction, the application funnel and income uplift
 * (api.stats_overview); the outcomes are satisfaction, income uplift and
 * the change in wellbeing and social scores, grouped as retention
 * (api.stats_outcomes); fidelity measures how closely the service follows
 * the method, per municipality or consultant (api.stats_fidelity).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"
#include "jb_fields.h"

#define STATS_READERS \
	(JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER | \
	    JB_ROLE_EMPLOYER)

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

/* Fidelity is about the service, not an employer's staff: no employers. */
#define FIDELITY_READERS \
	(JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER)

static const char *const fidelity_groups[] = { "municipality", "consultant",
    NULL };

static const struct jb_field fidelity_query[] = {
	{ "group_by", JB_T_ENUM, 0, 0, 0, fidelity_groups, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "from", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "to", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_stats_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/stats/retention",
	    .roles = STATS_READERS, .query = retention_query,
	    .flags = JB_EP_NOT_PERSONAL | JB_EP_REPLICA | JB_EP_CACHE_STATS,
	    .function = "stats_retention",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/stats/outcomes",
	    .roles = STATS_READERS, .query = retention_query,
	    .flags = JB_EP_NOT_PERSONAL | JB_EP_REPLICA | JB_EP_CACHE_STATS,
	    .function = "stats_outcomes",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/stats/overview",
	    .roles = STATS_READERS, .query = overview_query,
	    .flags = JB_EP_NOT_PERSONAL | JB_EP_REPLICA | JB_EP_CACHE_STATS,
	    .function = "stats_overview",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/stats/fidelity",
	    .roles = FIDELITY_READERS, .query = fidelity_query,
	    .flags = JB_EP_NOT_PERSONAL | JB_EP_REPLICA | JB_EP_CACHE_STATS,
	    .function = "stats_fidelity",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	JB_ENDPOINTS_END
};
/* clang-format on */
