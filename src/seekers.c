/*
 * seekers.c — /v1/seekers: the people looking for an adapted job, their
 * support, benefits, preferences and consents, and the published jobs
 * that fit each of them best (matches: ranked, with reasons). Who sees
 * whom (caseload, municipality, oneself), which fields a seeker may
 * change about themselves and how jobs are scored are decided in SQL
 * (api.seekers_*). A seeker's data can be exported whole and erased:
 * anonymised, keeping what the statistics need (0010_seeker_privacy).
 */
#include "jb_fields.h"
#include "jb_http.h"

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
	{ "status", JB_T_ENUM, 0, 0, 0, seeker_statuses, NULL },
	{ "stage", JB_T_ENUM, 0, 0, 0, seeker_stages, NULL },
	{ "q", JB_T_STRING, 0, 1, 200, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

struct jb_endpoint jb_seeker_endpoints[] = {
	{ HTTP_METHOD_GET, "/v1/seekers", JB_ID_NONE, READERS, seeker_query,
	    NULL, JB_EP_LIST, "seekers_list", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/seekers", JB_ID_NONE, READERS, NULL,
	    seeker_fields, JB_EP_CREATE | JB_EP_LOCATION, "seekers_create",
	    NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/seekers/{id}", JB_ID_UUID,
	    READERS | JB_ROLE_SEEKER, NULL, NULL, 0, "seekers_get", NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/seekers/{id}/matches", JB_ID_UUID,
	    READERS | JB_ROLE_SEEKER, match_query, NULL, 0, "seekers_matches",
	    NULL, 0 },
	{ HTTP_METHOD_GET, "/v1/seekers/{id}/export", JB_ID_UUID,
	    JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_SEEKER, NULL, NULL, 0,
	    "seekers_export", NULL, 0 },
	{ HTTP_METHOD_POST, "/v1/seekers/{id}/erase", JB_ID_UUID,
	    JB_ROLE_ADMIN | JB_ROLE_CONSULTANT, NULL, NULL, JB_EP_IF_MATCH,
	    "seekers_erase", NULL, 0 },
	{ HTTP_METHOD_PATCH, "/v1/seekers/{id}", JB_ID_UUID, EDITORS, NULL,
	    seeker_fields, JB_EP_PATCH | JB_EP_IF_MATCH, "seekers_update",
	    NULL, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */
