/*
 * employers.c — /v1/employers: the companies that offer adapted jobs.
 * CVR numbers are checked (modulus 11) here and unique in the database.
 */
#include "jb_http.h"

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
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_employer_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/employers", JB_ID_NONE, READERS,
	    employer_query, NULL, JB_EP_LIST, "employers_list", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/employers", JB_ID_NONE, CREATORS, NULL,
	    employer_fields, JB_EP_CREATE | JB_EP_LOCATION, "employers_create",
	    NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/employers/{id}", JB_ID_UUID, READERS, NULL,
	    NULL, 0, "employers_get", NULL, 0 },
	{ HTTP_METHOD_PATCH, "/v1/employers/{id}", JB_ID_UUID, EDITORS, NULL,
	    employer_fields, JB_EP_PATCH | JB_EP_IF_MATCH, "employers_update",
	    NULL, 0 },
	{ HTTP_METHOD_DELETE, "/v1/employers/{id}", JB_ID_UUID, JB_ROLE_ADMIN,
	    NULL, NULL, JB_EP_IF_MATCH, "employers_delete", NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
