/*
 * seekers.c — /v1/seekers: the people looking for an adapted job, their
 * support, benefits, preferences and consents, and the published jobs
 * that fit each of them best (matches: ranked, with reasons). Who sees
 * whom (caseload, municipality, oneself), which fields a seeker may
 * change about themselves and how jobs are scored are decided in SQL
 * (api.seekers_*). A seeker's data can be exported whole and erased:
 * anonymised, keeping what the statistics need (0010_seeker_privacy).
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_batch.h"
#include "jb_endpoints.h"
#include "jb_fields.h"

#define READERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_PARTNER)
#define EDITORS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_SEEKER)

/* clang-format off */
static const char *const benefit_types[] = { "foertidspension",
    "kontanthjaelp", "ressourceforloeb", "ledighedsydelse", "none", NULL };
static const char *const seeker_statuses[] = { "active", "paused", "placed",
    "inactive", NULL };
static const char *const seeker_stages[] = { "searching", "submitted",
    "in_review", "interview", "offered", "placed", "paused", "inactive",
    NULL };

static const struct jb_field support_person_fields[] = {
	{ "name", JB_T_STRING, JB_F_REQUIRED, 1, 200, NULL, NULL },
	{ "relation", JB_T_STRING, JB_F_NULLABLE, 0, 100, NULL, NULL },
	{ "phone", JB_T_STRING, JB_F_NULLABLE, 0, 40, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field preference_fields[] = {
	{ "max_weekly_hours", JB_T_NUMBER, JB_F_NULLABLE | JB_F_EXCL_MIN, 0,
	    37, NULL, NULL },
	{ "job_types", JB_T_ENUMS, 0, 0, 3, jb_job_types, NULL },
	{ "interests", JB_T_STRINGS, 0, 0, 20, NULL, NULL },
	{ "travel_radius_km", JB_T_NUMBER, JB_F_NULLABLE | JB_F_EXCL_MIN, 0,
	    500, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};


static const struct jb_field consent_fields[] = {
	{ "processing", JB_T_BOOL, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "share_with_employers", JB_T_BOOL, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field seeker_fields[] = {
	{ "first_name", JB_T_STRING, JB_F_REQUIRED, 1, 100, NULL, NULL },
	{ "last_name", JB_T_STRING, JB_F_REQUIRED, 1, 100, NULL, NULL },
	{ "birth_date", JB_T_DATE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "email", JB_T_EMAIL, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "phone", JB_T_STRING, JB_F_NULLABLE, 0, 40, NULL, NULL },
	{ "municipality_code", JB_T_CODE, JB_F_REQUIRED, 0, 0, NULL, NULL },
	{ "consultant_id", JB_T_UUID, JB_F_NULLABLE, 0, 0, NULL, NULL },
	{ "external_reference", JB_T_STRING, JB_F_NULLABLE, 1, 100, NULL,
	    NULL },
	{ "support_person", JB_T_OBJECT, JB_F_NULLABLE, 0, 0, NULL,
	    support_person_fields },
	{ "benefit_type", JB_T_ENUM, 0, 0, 0, benefit_types, NULL },
	{ "monthly_benefit_dkk", JB_T_NUMBER, JB_F_NULLABLE, 0, 100000, NULL,
	    NULL },
	{ "preferences", JB_T_OBJECT, 0, 0, 0, NULL, preference_fields },
	{ "location", JB_T_OBJECT, JB_F_NULLABLE, 0, 0, NULL,
	    jb_location_fields },
	{ "support_needs", JB_T_STRINGS, 0, 0, 20, NULL, NULL },
	{ "needs_single_supervisor", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "easy_read", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ "consents", JB_T_OBJECT, JB_F_REQUIRED, 0, 0, NULL, consent_fields },
	{ "status", JB_T_ENUM, 0, 0, 0, seeker_statuses, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field match_query[] = {
	{ "limit", JB_T_INT, 0, 1, 100, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field seeker_query[] = {
	{ "municipality_code", JB_T_CODE, 0, 0, 0, NULL, NULL },
	{ "consultant_id", JB_T_UUID, 0, 0, 0, NULL, NULL },
	{ "external_reference", JB_T_STRING, 0, 1, 100, NULL, NULL },
	{ "status", JB_T_ENUM, 0, 0, 0, seeker_statuses, NULL },
	{ "stage", JB_T_ENUM, 0, 0, 0, seeker_stages, NULL },
	{ "q", JB_T_STRING, 0, 1, 200, NULL, NULL },
	{ "updated_since", JB_T_DATETIME, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_seeker_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/seekers", .roles = READERS,
	    .query = seeker_query, .flags = JB_EP_LIST,
	    .function = "seekers_list",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_POST, .path = "/v1/seekers", .roles = READERS,
	    .body = seeker_fields, .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "seekers_create",
	    .scope = JB_SCOPE_SEEKERS_REFER },
	{ .method = HTTP_METHOD_GET, .path = "/v1/seekers/{id}",
	    .id = JB_ID_UUID, .roles = READERS | JB_ROLE_SEEKER,
	    .function = "seekers_get",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/seekers/{id}/matches",
	    .id = JB_ID_UUID, .roles = READERS | JB_ROLE_SEEKER,
	    .query = match_query, .function = "seekers_matches",
	    .scope = JB_SCOPE_SEEKERS_READ },
	{ .method = HTTP_METHOD_GET, .path = "/v1/seekers/{id}/export",
	    .id = JB_ID_UUID,
	    .roles = JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_SEEKER,
	    .function = "seekers_export" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/seekers/{id}/erase",
	    .id = JB_ID_UUID, .roles = JB_ROLE_ADMIN | JB_ROLE_CONSULTANT,
	    .flags = JB_EP_IF_MATCH, .function = "seekers_erase" },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/seekers/{id}",
	    .id = JB_ID_UUID, .roles = EDITORS, .body = seeker_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "seekers_update" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/seekers/batch",
	    .roles = READERS, .query = jb_batch_query, .body = seeker_fields,
	    .flags = JB_EP_BATCH, .function = "seekers_batch",
	    .scope = JB_SCOPE_SEEKERS_REFER },
	JB_ENDPOINTS_END
};
/* clang-format on */
