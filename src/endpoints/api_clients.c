/*
 * api_clients.c — /v1/api-clients: the credentials of partner systems
 * (admin only). Create and rotate answer the new client_secret, the only
 * time it is shown; SQL makes it and stores its SHA-256
 * (sql/api/api_clients.sql). Logging in with it: src/endpoints/auth.c.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define ADMIN_ONLY JB_ROLE_ADMIN

/* clang-format off */
static const char *const api_client_scopes[] = { "jobs:read",
    "seekers:read", "seekers:refer", "placements:read", "events:read",
    "webhooks:manage", NULL };

static const struct jb_field api_client_fields[] = {
	{ "name", JB_T_STRING, JB_F_REQUIRED, 1, 200, NULL, NULL },
	{ "municipality_codes", JB_T_CODES, JB_F_REQUIRED, 0, 98, NULL, NULL },
	{ "scopes", JB_T_ENUMS, JB_F_REQUIRED, 0, 6, api_client_scopes,
	    NULL },
	{ "active", JB_T_BOOL, JB_F_PATCH_ONLY, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field api_client_query[] = {
	{ "active", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_api_client_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/api-clients",
	    .roles = ADMIN_ONLY, .query = api_client_query,
	    .flags = JB_EP_LIST, .function = "api_clients_list" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/api-clients",
	    .roles = ADMIN_ONLY, .body = api_client_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "api_clients_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/api-clients/{id}",
	    .id = JB_ID_UUID, .roles = ADMIN_ONLY,
	    .function = "api_clients_get" },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/api-clients/{id}",
	    .id = JB_ID_UUID, .roles = ADMIN_ONLY, .body = api_client_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "api_clients_update" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/api-clients/{id}/secret",
	    .id = JB_ID_UUID, .roles = ADMIN_ONLY,
	    .function = "api_clients_rotate_secret" },
	JB_ENDPOINTS_END
};
/* clang-format on */
