/*
 * calendar.c — /v1/me/calendar-feed: a calendar subscription. POST gives
 * the caller a secret URL of their interviews' iCalendar feed
 * (/v1/interviews.ics?feed=<token>) that a calendar app can poll without
 * an Authorization header; a new POST replaces the old token, DELETE
 * revokes it. The token is good for that feed only (sql/api/calendar.sql).
 * The URL's base is JOBBRO_PUBLIC_URL, else http://<Host>.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

/* clang-format off */
const struct jb_endpoint jb_calendar_endpoints[] = {
	{ .method = HTTP_METHOD_POST, .path = "/v1/me/calendar-feed",
	    .roles = JB_ROLES_USERS, .flags = JB_EP_BASE_URL,
	    .function = "calendar_feed_create" },
	{ .method = HTTP_METHOD_DELETE, .path = "/v1/me/calendar-feed",
	    .roles = JB_ROLES_USERS, .function = "calendar_feed_delete" },
	JB_ENDPOINTS_END
};
/* clang-format on */
