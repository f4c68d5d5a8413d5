/*
 * users.c — /v1/users: accounts of every role, managed by admins.
 * Passwords arrive in the body and leave it as Argon2id hashes before
 * SQL sees them; responses never carry a hash (api.user_json).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define ADMIN_ONLY JB_ROLE_ADMIN

/* clang-format off */
static const char *const user_roles[] = { "admin", "consultant", "employer",
    "seeker", "partner", NULL };

static const struct jb_field user_fields[] = {
	{ "email", JB_T_EMAIL, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "name", JB_T_STRING, JB_F_REQUIRED, 1, 200, NULL, NULL },
	{ "role", JB_T_ENUM, JB_F_REQUIRED, 0, 0, user_roles, NULL },
	{ "password", JB_T_STRING, JB_F_REQUIRED, 10, 200, NULL, NULL },
	{ "municipality_codes", JB_T_CODES, 0, 0, 98, NULL, NULL },
	{ "employer_id", JB_T_UUID, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "seeker_id", JB_T_UUID, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "active", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field user_query[] = {
	{ "role", JB_T_ENUM, 0, 0, 0, user_roles, NULL },
	{ "active", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_user_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/users", .roles = ADMIN_ONLY,
	    .query = user_query, .flags = JB_EP_LIST,
	    .function = "users_list" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/users",
	    .roles = ADMIN_ONLY, .body = user_fields,
	    .flags = JB_EP_CREATE | JB_EP_HASH_PASSWORD | JB_EP_LOCATION,
	    .function = "users_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/users/{id}",
	    .id = JB_ID_UUID, .roles = ADMIN_ONLY, .function = "users_get" },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/users/{id}",
	    .id = JB_ID_UUID, .roles = ADMIN_ONLY, .body = user_fields,
	    .flags = JB_EP_PATCH | JB_EP_HASH_PASSWORD | JB_EP_IF_MATCH,
	    .function = "users_update" },
	JB_ENDPOINTS_END
};
/* clang-format on */
