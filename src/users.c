/*
 * users.c — /v1/users: accounts of every role, managed by admins.
 * Passwords arrive in the body and leave it as Argon2id hashes before
 * SQL sees them; responses never carry a hash (api.user_json).
 */
#include "jb_http.h"

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
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_user_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/users", JB_ID_NONE, ADMIN_ONLY, user_query,
	    NULL, JB_EP_LIST, "users_list", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/users", JB_ID_NONE, ADMIN_ONLY, NULL,
	    user_fields, JB_EP_CREATE | JB_EP_HASH_PASSWORD | JB_EP_LOCATION,
	    "users_create", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/users/{id}", JB_ID_UUID, ADMIN_ONLY, NULL,
	    NULL, 0, "users_get", NULL, 0 },
	{ HTTP_METHOD_PATCH, "/v1/users/{id}", JB_ID_UUID, ADMIN_ONLY, NULL,
	    user_fields, JB_EP_PATCH | JB_EP_HASH_PASSWORD | JB_EP_IF_MATCH,
	    "users_update", NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
