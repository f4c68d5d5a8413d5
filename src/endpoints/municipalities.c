/*
 * municipalities.c — /v1/municipalities: the 98 Danish kommuner,
 * read-only reference data, open to everyone.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

/* clang-format off */
static const struct jb_field municipality_query[] = {
	{ "region_code", JB_T_STRING, 0, 1, 8, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_municipality_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/municipalities",
	    .roles = JB_ROLES_ALL, .query = municipality_query,
	    .flags = JB_EP_LIST | JB_EP_NOT_PERSONAL | JB_EP_REPLICA,
	    .function = "municipalities_list", .max_age = 3600 },
	{ .method = HTTP_METHOD_GET, .path = "/v1/municipalities/{code}",
	    .id = JB_ID_CODE, .roles = JB_ROLES_ALL,
	    .flags = JB_EP_NOT_PERSONAL | JB_EP_REPLICA,
	    .function = "municipalities_get",
	    .max_age = 3600 },
	JB_ENDPOINTS_END
};
/* clang-format on */
