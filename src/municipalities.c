/*
 * municipalities.c — /v1/municipalities: the 98 Danish kommuner,
 * read-only reference data, open to everyone.
 */
#include "jb_http.h"

/* clang-format off */
static const struct jb_field municipality_query[] = {
	{ "region_code", JB_T_STRING, 0, 1, 8, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_municipality_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/municipalities", JB_ID_NONE, JB_ROLES_ALL,
	    municipality_query, NULL, JB_EP_LIST, "municipalities_list", NULL,
	    0 },
	{ HTTP_METHOD_GET, "/v1/municipalities/{code}", JB_ID_CODE,
	    JB_ROLES_ALL, NULL, NULL, 0, "municipalities_get", NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
