/*
 * caseloads.c — GET /v1/caseloads: one item per consultant the caller
 * may see, their seekers counted by stage, overdue follow-ups and
 * upcoming interviews (api.caseloads_list).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define READERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER)

/* clang-format off */
static const struct jb_field caseload_query[] = {
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_caseload_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/caseloads", .roles = READERS,
	    .query = caseload_query, .flags = JB_EP_LIST,
	    .function = "caseloads_list",
	    .scope = JB_SCOPE_SEEKERS_READ },
	JB_ENDPOINTS_END
};
/* clang-format on */
