/*
 * batch.c — the C half of the batch create endpoints (sql/api/batch.sql
 * is the other). The body must be {"items": [...]} with 1 to 1,000
 * items; each item is validated like the single create's body, and an
 * item that fails is not sent to be created: its errors go to SQL in
 * args.invalid ({"<index>": [errors]}), which answers for it in place.
 * An atomic batch with a failed item comes back as 422 {"results"}; it
 * is answered as a problem whose errors name every failed field
 * (items[i].field) and which keeps the per-item results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_batch.h"
#include "jb_http.h"
#include "jb_problem.h"

/* clang-format off */
const struct jb_field jb_batch_query[] = {
	{ "atomic", JB_T_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};
/* clang-format on */

static void batch_flatten(json_t *, json_t *);

/*
 * Check body, a batch of create bodies for fields; item errors go to
 * args.invalid, errors of the batch itself to errors. Returns the number
 * of items that failed.
 */
int
jb_batch_validate(json_t *args, const json_t *body,
    const struct jb_field *fields, json_t *errors)
{
	const char *key;
	const json_t *v, *items, *item;
	json_t *invalid, *item_errors;
	char index[24];
	size_t i;
	int failed;

	json_object_foreach((json_t *)body, key, v) {
		if (strcmp(key, "items") != 0)
			jb_errors_add(errors, key, "unknown_field",
			    "%s is not a known field", key);
	}
	items = json_object_get(body, "items");
	if (items == NULL) {
		jb_errors_add(errors, "items", "required", "items is required");
		return (0);
	}
	if (!json_is_array(items)) {
		jb_errors_add(errors, "items", "invalid_type",
		    "items must be an array of create bodies");
		return (0);
	}
	if (json_array_size(items) < 1 ||
	    json_array_size(items) > JB_BATCH_MAX) {
		jb_errors_add(errors, "items",
		    json_array_size(items) < 1 ? "too_short" : "too_long",
		    "items must have 1 to %d create bodies", JB_BATCH_MAX);
		return (0);
	}

	failed = 0;
	invalid = json_object();
	json_array_foreach(items, i, item) {
		item_errors = jb_errors_new();
		if (!json_is_object(item))
			jb_errors_add(item_errors, "item", "invalid_type",
			    "each item must be a JSON object");
		else
			(void)jb_validate_object(item, fields, JB_V_CREATE,
			    NULL, item_errors);
		if (json_array_size(item_errors) == 0) {
			json_decref(item_errors);
			continue;
		}
		(void)snprintf(index, sizeof(index), "%zu", i);
		json_object_set_new(invalid, index, item_errors);
		failed++;
	}
	json_object_set_new(args, "invalid", invalid);

	return (failed);
}

/*
 * Answer the 422 {"results": [...]} of an atomic batch as a problem:
 * errors for each failed item's fields, plus the results themselves.
 */
int
jb_batch_problem(struct jb_request *jr, const char *body)
{
	json_t *v, *results, *errors, *problem;
	char *text;
	int r;

	v = json_loads(body, 0, NULL);
	results = json_object_get(v, "results");
	if (!json_is_array(results)) {
		json_decref(v);
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	}
	errors = jb_errors_new();
	batch_flatten(results, errors);
	text = jb_problem_build(422, NULL,
	    "an item is not acceptable, so no item was stored (atomic)",
	    jr->request_id, errors, NULL);
	problem = json_loads(text, 0, NULL);
	free(text);
	json_object_set(problem, "results", results);
	json_decref(v);
	text = json_dumps(problem, JSON_COMPACT);
	json_decref(problem);
	if (text == NULL)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	r = jb_respond(jr, 422, "application/problem+json", text, strlen(text));
	free(text);

	return (r);
}

/* items[i].<field> for every error of an item that failed itself. */
static void
batch_flatten(json_t *results, json_t *errors)
{
	json_t *res, *e;
	const char *field, *code, *message;
	size_t i, j;
	json_int_t index;
	char path[160];

	json_array_foreach(results, i, res) {
		if (json_integer_value(json_object_get(res, "status")) == 424)
			continue;
		index = json_integer_value(json_object_get(res, "index"));
		json_array_foreach(json_object_get(res, "errors"), j, e) {
			field = json_string_value(json_object_get(e, "field"));
			if (field == NULL || strcmp(field, "item") == 0)
				(void)snprintf(path, sizeof(path),
				    "items[%lld]", (long long)index);
			else
				(void)snprintf(path, sizeof(path),
				    "items[%lld].%s", (long long)index, field);
			code = json_string_value(json_object_get(e, "code"));
			message =
			    json_string_value(json_object_get(e, "message"));
			jb_errors_add(errors, path,
			    code != NULL ? code : "invalid_value", "%s",
			    message != NULL ? message : "invalid");
		}
	}
}
