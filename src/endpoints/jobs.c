/*
 * jobs.c — /v1/jobs: adapted job postings (hours, one supervisor, tasks
 * that fit), their filters and the draft → published → closed moves; for
 * job boards a schema.org JobPosting of a published job (Accept:
 * application/ld+json) and the public feed of them all,
 * /v1/feeds/jobs.jsonld.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_batch.h"
#include "jb_endpoints.h"
#include "jb_fields.h"

#define EDITORS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER)

/* clang-format off */
static const char *const job_statuses[] = { "draft", "published", "filled",
    "closed", NULL };

/* Where the work is: a Danish postal code and city, the street optional. */
static const struct jb_field job_address_fields[] = {
	{ "street", JB_T_STRING, JB_F_NULLABLE, 1, 200, NULL, NULL },
	{ "postal_code", JB_T_DIGITS, JB_F_REQUIRED, 4, 4, NULL, NULL },
	{ "city", JB_T_STRING, JB_F_REQUIRED, 1, 100, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field job_fields[] = {
	{ "employer_id", JB_T_UUID, JB_F_REQUIRED | JB_F_CREATE_ONLY, 0, 0,
	    NULL, NULL },
	{ "title", JB_T_STRING, JB_F_REQUIRED, 1, 200, NULL, NULL },
	{ "description", JB_T_STRING, JB_F_REQUIRED, 1, 5000, NULL, NULL },
	{ "easy_read_summary", JB_T_STRING, JB_F_NULLABLE, 0, 2000, NULL,
	    NULL },
	{ "tasks", JB_T_STRINGS, 0, 0, 50, NULL, NULL },
	{ "job_type", JB_T_ENUM, JB_F_REQUIRED, 0, 0, jb_job_types, NULL },
	{ "weekly_hours", JB_T_NUMBER, JB_F_REQUIRED | JB_F_EXCL_MIN, 0, 37,
	    NULL, NULL },
	{ "schedule", JB_T_STRING, JB_F_NULLABLE, 0, 200, NULL, NULL },
	{ "single_supervisor", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "supervisor_name", JB_T_STRING, JB_F_NULLABLE, 0, 200, NULL, NULL },
	{ "accommodations", JB_T_STRINGS, 0, 0, 50, NULL, NULL },
	{ "positions", JB_T_INT, 0, 1, 1000, NULL, NULL },
	{ "hourly_wage_dkk", JB_T_NUMBER, JB_F_NULLABLE, 0, 10000, NULL,
	    NULL },
	{ "municipality_code", JB_T_CODE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "location", JB_T_OBJECT, JB_F_NULLABLE, 0, 0, NULL,
	    jb_location_fields },
	{ "starts_on", JB_T_DATE, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "external_reference", JB_T_STRING, JB_F_NULLABLE, 1, 100, NULL,
	    NULL },
	{ "application_deadline", JB_T_DATE, JB_F_NULLABLE, 0, 0, NULL,
	    NULL },
	{ "occupation_code", JB_T_DIGITS, JB_F_NULLABLE, 4, 6, NULL, NULL },
	{ "address", JB_T_OBJECT, JB_F_NULLABLE, 0, 0, NULL,
	    job_address_fields },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field job_query[] = {
	{ "status", JB_T_ENUM, 0, 0, 0, job_statuses, NULL },
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "job_type", JB_T_ENUM, 0, 0, 0, jb_job_types, NULL },
	{ "max_weekly_hours", JB_T_NUMBER, JB_F_EXCL_MIN, 0, 37, NULL, NULL },
	/* the easy_read_summary's LIX at most this (sql/api/jobs.sql) */
	{ "max_lix", JB_T_NUMBER, 0, 0, 100, NULL, NULL },
	{ "single_supervisor", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "employer_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "external_reference", JB_T_STRING, 0, 1, 100, NULL, NULL },
	{ "near", JB_T_LATLON, 0, 0, 0, NULL, NULL },
	{ "radius_km", JB_T_NUMBER, JB_F_EXCL_MIN, 0, 500, NULL, NULL },
	{ "q", JB_T_STRING, 0, 1, 200, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	{ "deadline_after", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "occupation_code", JB_T_DIGITS, 0, 1, 6, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field feed_query[] = {
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_job_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/jobs",
	    .roles = JB_ROLES_ALL, .query = job_query,
	    .flags = JB_EP_LIST | JB_EP_NOT_PERSONAL | JB_EP_CACHE |
		JB_EP_REPLICA,
	    .function = "jobs_list",
	    .scope = JB_SCOPE_JOBS_READ, .max_age = 60 },
	{ .method = HTTP_METHOD_POST, .path = "/v1/jobs", .roles = EDITORS,
	    .body = job_fields, .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "jobs_create" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/jobs/{id}",
	    .id = JB_ID_UUID, .roles = JB_ROLES_ALL,
	    .flags = JB_EP_JSONLD | JB_EP_BASE_URL | JB_EP_NOT_PERSONAL |
		JB_EP_CACHE | JB_EP_REPLICA,
	    .function = "jobs_get", .scope = JB_SCOPE_JOBS_READ,
	    .max_age = 60 },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/jobs/{id}",
	    .id = JB_ID_UUID, .roles = EDITORS, .body = job_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH, .function = "jobs_update" },
	{ .method = HTTP_METHOD_DELETE, .path = "/v1/jobs/{id}",
	    .id = JB_ID_UUID, .roles = EDITORS, .flags = JB_EP_IF_MATCH,
	    .function = "jobs_delete" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/jobs/{id}/publish",
	    .id = JB_ID_UUID, .roles = EDITORS, .flags = JB_EP_IF_MATCH,
	    .function = "jobs_publish" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/jobs/{id}/close",
	    .id = JB_ID_UUID, .roles = EDITORS, .flags = JB_EP_IF_MATCH,
	    .function = "jobs_close" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/jobs/batch",
	    .roles = EDITORS, .query = jb_batch_query, .body = job_fields,
	    .flags = JB_EP_BATCH, .function = "jobs_batch" },
	{ .method = HTTP_METHOD_GET, .path = "/v1/feeds/jobs.jsonld",
	    .roles = JB_ROLES_ALL, .query = feed_query,
	    .flags = JB_EP_LIST | JB_EP_JSONLD | JB_EP_BASE_URL |
		JB_EP_CACHE | JB_EP_REPLICA,
	    .function = "feeds_jobs", .max_age = 300 },
	JB_ENDPOINTS_END
};
/* clang-format on */
