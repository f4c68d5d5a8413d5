/*
 * endpoints.c — the one list of every endpoint table the router serves,
 * in the order it searches them. A new resource is a file in this folder
 * and a line here.
 */
#include <stddef.h>

#include "jb_endpoints.h"

/* clang-format off */
const struct jb_resource jb_resources[] = {
	{ "health", jb_health_endpoints, jb_health_sql, jb_health_stmt },
	{ "docs", jb_docs_endpoints, NULL, NULL },
	{ "auth", jb_auth_endpoints, jb_auth_sql, jb_auth_stmt },
	{ "users", jb_user_endpoints, NULL, NULL },
	{ "municipalities", jb_municipality_endpoints, NULL, NULL },
	{ "employers", jb_employer_endpoints, NULL, NULL },
	{ "jobs", jb_job_endpoints, NULL, NULL },
	{ "seekers", jb_seeker_endpoints, NULL, NULL },
	{ "applications", jb_application_endpoints, NULL, NULL },
	{ "interviews", jb_interview_endpoints, NULL, NULL },
	{ "placements", jb_placement_endpoints, NULL, NULL },
	{ "paperwork", jb_paperwork_endpoints, NULL, NULL },
	{ "documents", jb_document_endpoints, NULL, NULL },
	{ "follow-ups", jb_follow_up_endpoints, NULL, NULL },
	{ "stats", jb_stats_endpoints, NULL, NULL },
	{ "caseloads", jb_caseload_endpoints, NULL, NULL },
	{ "audit-events", jb_audit_endpoints, NULL, NULL },
	{ "events", jb_event_endpoints, NULL, NULL },
	{ "api-clients", jb_api_client_endpoints, NULL, NULL },
	{ "calendar-feed", jb_calendar_endpoints, NULL, NULL },
	{ "webhooks", jb_webhook_endpoints, NULL, NULL },
	{ NULL, NULL, NULL, NULL }
};
/* clang-format on */
