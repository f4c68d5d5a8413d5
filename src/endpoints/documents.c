/*
 * documents.c — /v1/placements/{id}/documents: the files of a placement
 * (contract, approval, payslip), PDF, PNG or JPEG up to 10 MiB. The body
 * of an upload is the file itself, named by ?filename= (src/file.c); a
 * download answers with its bytes. Admin, consultant, the placement's
 * employer and its seeker; partners none.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define DOCUMENT_ROLES \
	(JB_ROLE_ADMIN | JB_ROLE_CONSULTANT | JB_ROLE_EMPLOYER | JB_ROLE_SEEKER)

/* clang-format off */
static const struct jb_field upload_query[] = {
	{ "filename", JB_T_STRING, 0, 1, 255, NULL, NULL },
	{ "title", JB_T_STRING, 0, 1, 200, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field document_query[] = {
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_document_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/placements/{id}/documents",
	    .id = JB_ID_UUID, .roles = DOCUMENT_ROLES,
	    .query = document_query, .flags = JB_EP_LIST,
	    .function = "placement_documents_list" },
	{ .method = HTTP_METHOD_POST, .path = "/v1/placements/{id}/documents",
	    .id = JB_ID_UUID, .roles = DOCUMENT_ROLES, .query = upload_query,
	    .flags = JB_EP_UPLOAD | JB_EP_LOCATION,
	    .function = "placement_documents_create" },
	{ .method = HTTP_METHOD_GET,
	    .path = "/v1/placements/{id}/documents/{document_id}",
	    .id = JB_ID_UUID, .sub = JB_ID_UUID, .roles = DOCUMENT_ROLES,
	    .flags = JB_EP_DOWNLOAD,
	    .function = "placement_documents_download" },
	{ .method = HTTP_METHOD_DELETE,
	    .path = "/v1/placements/{id}/documents/{document_id}",
	    .id = JB_ID_UUID, .sub = JB_ID_UUID, .roles = DOCUMENT_ROLES,
	    .function = "placement_documents_delete" },
	JB_ENDPOINTS_END
};
/* clang-format on */
