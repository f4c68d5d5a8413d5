/*
 * events.c — GET /v1/events: the change feed, oldest first
 * (api.events_list). `after` is the cursor of the last page (`cursor`,
 * which the Link header uses, is the same); unlike other lists,
 * next_cursor is never null: on the last page it is where to poll next.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"
#include "jb_fields.h"

/* clang-format off */
static const struct jb_field event_query[] = {
	{ "after", JB_T_STRING, 0, 1, 512, NULL, NULL },
	{ "type", JB_T_ENUM, 0, 0, 0, jb_event_types, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_event_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/events",
	    .roles = JB_ROLES_USERS, .query = event_query, .flags = JB_EP_LIST,
	    .function = "events_list", .scope = JB_SCOPE_EVENTS_READ },
	JB_ENDPOINTS_END
};
/* clang-format on */
