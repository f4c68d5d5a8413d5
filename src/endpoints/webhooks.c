/*
 * webhooks.c — /v1/webhooks: subscriptions to the change feed, delivered
 * by jobbro-webhookd (src/webhookd/). Admins, and API clients (partner
 * tokens with scope webhooks:manage) for their own webhooks; SQL refuses
 * a partner user (api.webhook_caller) and scopes rows to the owning
 * client (api.webhook_visible). The URL is checked here (JB_T_URL:
 * http(s), no private address unless JOBBRO_WEBHOOK_ALLOW_PRIVATE=1)
 * and again by the sender when it connects.
 */
#include <kore/kore.h>
#include <kore/http.h>

#include "jb_endpoints.h"

#define WEBHOOK_ROLES (JB_ROLE_ADMIN | JB_ROLE_PARTNER)

/* clang-format off */
static const char *const webhook_events[] = { "job.published",
    "job.updated", "job.closed", "job.filled", "seeker.created",
    "seeker.updated", "seeker.erased", "application.created",
    "application.status_changed", "interview.scheduled",
    "interview.rescheduled", "interview.cancelled", "interview.recorded",
    "placement.created", "placement.ended", "follow_up.recorded", NULL };

static const char *const delivery_statuses[] = { "pending", "delivered",
    "failed", NULL };

static const struct jb_field webhook_fields[] = {
	{ "url", JB_T_URL, JB_F_REQUIRED, 0, 2000, NULL, NULL },
	{ "events", JB_T_ENUMS, JB_F_REQUIRED, 1, 16, webhook_events, NULL },
	{ "secret", JB_T_STRING, JB_F_CREATE_ONLY, 32, 200, NULL, NULL },
	{ "active", JB_T_BOOL, JB_F_PATCH_ONLY, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field webhook_query[] = {
	{ "active", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

static const struct jb_field delivery_query[] = {
	{ "status", JB_T_ENUM, 0, 0, 0, delivery_statuses, NULL },
	JB_LIST_QUERY,
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const struct jb_endpoint jb_webhook_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/v1/webhooks",
	    .roles = WEBHOOK_ROLES, .query = webhook_query,
	    .flags = JB_EP_LIST, .function = "webhooks_list",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	{ .method = HTTP_METHOD_POST, .path = "/v1/webhooks",
	    .roles = WEBHOOK_ROLES, .body = webhook_fields,
	    .flags = JB_EP_CREATE | JB_EP_LOCATION,
	    .function = "webhooks_create",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	{ .method = HTTP_METHOD_GET, .path = "/v1/webhooks/{id}",
	    .id = JB_ID_UUID, .roles = WEBHOOK_ROLES,
	    .function = "webhooks_get",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	{ .method = HTTP_METHOD_PATCH, .path = "/v1/webhooks/{id}",
	    .id = JB_ID_UUID, .roles = WEBHOOK_ROLES, .body = webhook_fields,
	    .flags = JB_EP_PATCH | JB_EP_IF_MATCH,
	    .function = "webhooks_update",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	{ .method = HTTP_METHOD_DELETE, .path = "/v1/webhooks/{id}",
	    .id = JB_ID_UUID, .roles = WEBHOOK_ROLES, .flags = JB_EP_IF_MATCH,
	    .function = "webhooks_delete",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	{ .method = HTTP_METHOD_GET, .path = "/v1/webhooks/{id}/deliveries",
	    .id = JB_ID_UUID, .roles = WEBHOOK_ROLES, .query = delivery_query,
	    .flags = JB_EP_LIST, .function = "webhooks_deliveries",
	    .scope = JB_SCOPE_WEBHOOKS_MANAGE },
	JB_ENDPOINTS_END
};
/* clang-format on */
