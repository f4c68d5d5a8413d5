/*
 * employers.c — /v1/employers: the companies that offer adapted jobs.
 * CVR numbers are checked (modulus 11) here and unique in the database.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define READERS \
	(JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER | \
	    JB_ROLE_PARTNER)
#define CREATORS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT)
#define EDITORS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER)

/* clang-format off */
static const struct jb_field employer_fields[] = {
	{ "name", JB_T_STRING, JB_F_REQUIRED, 1, 200, NULL, NULL },
	{ "cvr", JB_T_CVR, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "street", JB_T_STRING, JB_F_NULLABLE, 0, 200, NULL, NULL },
	{ "postal_code", JB_T_STRING, JB_F_NULLABLE, 1, 10, NULL, NULL },
	{ "city", JB_T_STRING, JB_F_NULLABLE, 0, 200, NULL, NULL },
	{ "municipality_code", JB_T_CODE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "contact_name", JB_T_STRING, JB_F_NULLABLE, 0, 200, NULL, NULL },
	{ "contact_email", JB_T_EMAIL, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "contact_phone", JB_T_STRING, JB_F_NULLABLE, 0, 40, NULL, NULL },
	{ "agreement_signed_on", JB_T_DATE, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "notes", JB_T_STRING, JB_F_NULLABLE, 0, 5000, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field employer_query[] = {
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "cvr", JB_T_STRING, 0, 1, 8, NULL, NULL },
	{ "q", JB_T_STRING, 0, 1, 200, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_employer_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/employers",
	    .roles = READERS, .query = employer_query, .flags = JB_EP_LIST,
	    .function = "employers_list",
	    .scope = JB_SCOPE_JOBS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/employers",
	    .roles = CREATORS, .body = employer_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "employers_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/employers/{id}",
	    .id = JB_ID_UUID, .roles = READERS, .function = "employers_get",
	    .scope = JB_SCOPE_JOBS_READ },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/employers/{id}",
	    .id = JB_ID_UUID, .roles = EDITORS, .body = employer_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "employers_update" },
	{ .method = HTTP_METHOD_DELETE, .path = "/v1/employers/{id}",
	    .id = JB_ID_UUID, .roles = JB_ROLE_ADMIN, .flags = JB_EP_IF_MATCH,
	    .function = "employers_delete" },
	JB_ENDPOINTS_END
};
/* clang-format on */
