/*
 * paperwork.c — /v1/placements/{id}/paperwork: the checklist a placement's
 * job type needs (contract, approvals, subsidy, payslip), one row per step
 * (sql/api/paperwork.sql). Read like the placement; marked by staff and
 * the placement's employer.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define MARKERS (JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER)

/* clang-format off */
static const char *const paperwork_statuses[] = { "open", "done",
    "not_needed", NULL };

static const struct jb_field paperwork_fields[] = {
	{ "status", JB_T_ENUM, 0, 0, 0, paperwork_statuses, NULL },
	{ "done_on", JB_T_DATE, 0, 0, 0, NULL, NULL },
	{ "note", JB_T_STRING, JB_F_NULLABLE, 0, 2000, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_paperwork_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/placements/{id}/paperwork",
	    .id = JB_ID_UUID, .roles = JB_ROLES_USERS,
	    .function = "placements_paperwork",
	    .scope = JB_SCOPE_PLACEMENTS_READ },
	{ .method = HTTP_METHOD_PATCH,
	    .path = "/v1/placements/{id}/paperwork/{step}",
	    .id = JB_ID_UUID, .sub = JB_ID_NAME, .roles = MARKERS,
	    .body = paperwork_fields, .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "placements_paperwork_update" },
	JB_ENDPOINTS_END
};
/* clang-format on */
