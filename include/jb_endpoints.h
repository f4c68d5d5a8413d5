/*
 * jb_endpoints.h — every endpoint table, and the one list of them that
 * the router serves (src/endpoints/endpoints.c). A resource whose run
 * functions send statements of their own lists their SQL; the router
 * registers it and writes each statement's handle beside it.
 */
#ifndef JB_ENDPOINTS_H
#define JB_ENDPOINTS_H

#include "jb_endpoint.h"

struct jb_resource {
	const char *name;
	const struct jb_endpoint *endpoints; /* ends with JB_ENDPOINTS_END */
	const char *const *sql; /* its own statements, NULL-terminated */
	int *stmt; /* their handles, one per sql[] */
};

extern const struct jb_resource jb_resources[]; /* ends with .name NULL */

extern const struct jb_endpoint jb_health_endpoints[];
extern const struct jb_endpoint jb_docs_endpoints[];
extern const struct jb_endpoint jb_auth_endpoints[];
extern const struct jb_endpoint jb_user_endpoints[];
extern const struct jb_endpoint jb_municipality_endpoints[];
extern const struct jb_endpoint jb_employer_endpoints[];
extern const struct jb_endpoint jb_job_endpoints[];
extern const struct jb_endpoint jb_seeker_endpoints[];
extern const struct jb_endpoint jb_application_endpoints[];
extern const struct jb_endpoint jb_interview_endpoints[];
extern const struct jb_endpoint jb_placement_endpoints[];
extern const struct jb_endpoint jb_paperwork_endpoints[];
extern const struct jb_endpoint jb_document_endpoints[];
extern const struct jb_endpoint jb_follow_up_endpoints[];
extern const struct jb_endpoint jb_stats_endpoints[];
extern const struct jb_endpoint jb_caseload_endpoints[];
extern const struct jb_endpoint jb_audit_endpoints[];
extern const struct jb_endpoint jb_event_endpoints[];
extern const struct jb_endpoint jb_api_client_endpoints[];
extern const struct jb_endpoint jb_calendar_endpoints[];
extern const struct jb_endpoint jb_webhook_endpoints[];

extern const char *const jb_health_sql[];
extern int jb_health_stmt[];
extern const char *const jb_auth_sql[];
extern int jb_auth_stmt[];

#endif
