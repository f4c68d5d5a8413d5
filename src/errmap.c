/*
 * errmap.c — the one map from a failed SQL statement to what the client
 * is told. SQL raises our own JBnnn codes (status nnn, with COLUMN and
 * HINT naming the field and its error code, sql/README.md) or PostgreSQL
 * raises its own (a constraint, a data exception, a lost connection).
 * Each rule gives the status, the problem detail and the field error;
 * PostgreSQL's own text never reaches the client (it names tables and
 * may quote row data), our JBnnn messages do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_errmap.h"

/* How a rule names the field to blame. */
#define FIELD_NONE 0
#define FIELD_DIAG 1 /* the COLUMN, else the constraint's column part */

struct errmap_rule {
	const char *state; /* "23505", a class "23", or "JB" for JBnnn */
	int status; /* 0: the nnn of JBnnn */
	int on_delete; /* the status for a DELETE (0: the same) */
	int field; /* FIELD_* */
	const char *code; /* field error code (NULL: the HINT, else invalid) */
	const char
	    *message; /* field message, %s the field's noun (NULL: SQL's) */
	const char *detail; /* problem detail (NULL: SQL's for JB, else none) */
	int log; /* a server fault: log SQL's text */
};

/* clang-format off */
static const struct errmap_rule rules[] = {
	{ "JB", 0, 0, FIELD_DIAG, NULL, NULL, NULL, 0 },
	{ "23505", 409, 0, FIELD_DIAG, "duplicate", "%s is already in use",
	    "a resource with this value already exists", 0 },
	{ "23P01", 409, 0, FIELD_DIAG, "overlap",
	    "%s already has something booked at this time",
	    "this overlaps another booking", 0 },
	{ "23503", 422, 409, FIELD_DIAG, "not_found", "no such %s",
	    "a field names something that does not exist", 0 },
	{ "23502", 422, 0, FIELD_DIAG, "required", "%s is required",
	    "a required field is missing", 0 },
	{ "23", 422, 0, FIELD_DIAG, "invalid_value", "%s is not acceptable",
	    "a field is not acceptable", 0 },
	{ "22", 422, 0, FIELD_DIAG, "invalid_value",
	    "%s is out of range or malformed",
	    "a value is out of range or malformed", 0 },
	{ "40001", 409, 0, FIELD_NONE, NULL, NULL,
	    "the request met a concurrent change; retry it", 0 },
	{ "40P01", 409, 0, FIELD_NONE, NULL, NULL,
	    "the request met a concurrent change; retry it", 0 },
	{ "08", 503, 0, FIELD_NONE, NULL, NULL,
	    "the database is unavailable; retry shortly", 0 },
	{ "53", 503, 0, FIELD_NONE, NULL, NULL,
	    "the database is unavailable; retry shortly", 0 },
	{ "57014", 503, 0, FIELD_NONE, NULL, NULL,
	    "the database took too long; retry shortly", 1 },
	{ "57P", 503, 0, FIELD_NONE, NULL, NULL,
	    "the database is unavailable; retry shortly", 0 },
	{ "", 500, 0, FIELD_NONE, NULL, NULL, NULL, 1 }
};
/* clang-format on */

static const struct errmap_rule *errmap_rule(const char *);
static void errmap_noun(const char *, char *, size_t);

/*
 * What to answer for error e of a statement run for a DELETE (is_delete)
 * or anything else.
 */
void
jb_errmap(const struct jb_sql_error *e, int is_delete,
    struct jb_error_answer *out)
{
	const struct errmap_rule *r;
	const char *state;
	char noun[JB_ERRMAP_FIELD_MAX];
	int jb, in_use, n;

	memset(out, 0, sizeof(*out));
	state = e->sqlstate != NULL ? e->sqlstate : "";
	r = errmap_rule(state);
	jb = strncmp(state, "JB", 2) == 0;
	in_use = is_delete && r->on_delete != 0;

	out->status = r->status;
	if (jb) {
		n = atoi(state + 2);
		out->status = n >= 400 && n <= 599 ? n : 500;
	}
	if (in_use)
		out->status = r->on_delete;
	out->log = r->log || out->status == 500;
	out->detail = jb && e->message != NULL ? e->message : r->detail;
	if (out->status == 500)
		out->detail = NULL;
	if (in_use)
		out->detail = "this resource is still in use";

	/* A field error: for 400 and 422, and for a duplicate or overlap. */
	if (r->field == FIELD_NONE || in_use ||
	    (out->status != 400 && out->status != 422 && r->code == NULL))
		return;
	jb_errmap_field(e, out->field, sizeof(out->field));
	if (out->field[0] == '\0')
		return;
	out->code = r->code;
	if (jb && e->hint != NULL && *e->hint != '\0')
		out->code = e->hint;
	if (out->code == NULL)
		out->code = "invalid_value";
	if (r->message == NULL) {
		(void)snprintf(out->message, sizeof(out->message), "%s",
		    e->message != NULL ? e->message : "invalid");
		return;
	}
	errmap_noun(out->field, noun, sizeof(noun));
	(void)snprintf(out->message, sizeof(out->message), r->message,
	    strcmp(r->code, "not_found") == 0 ? noun : out->field);
}

/*
 * The field an error is about: the COLUMN the statement named, or the
 * constraint name without "<table>_" and "_key|_fkey|_check|_excl".
 */
void
jb_errmap_field(const struct jb_sql_error *e, char *out, size_t len)
{
	const char *c, *suffix;
	size_t tlen, clen, slen;
	static const char *suffixes[] = {"_fkey", "_key", "_check", "_excl",
	    NULL};
	int i;

	out[0] = '\0';
	if (e->column != NULL && *e->column != '\0') {
		(void)snprintf(out, len, "%s", e->column);
		return;
	}
	if ((c = e->constraint) == NULL)
		return;
	if (e->table != NULL) {
		tlen = strlen(e->table);
		if (strncmp(c, e->table, tlen) == 0 && c[tlen] == '_')
			c += tlen + 1;
	}
	clen = strlen(c);
	for (i = 0; (suffix = suffixes[i]) != NULL; i++) {
		slen = strlen(suffix);
		if (clen > slen && strcmp(c + clen - slen, suffix) == 0) {
			clen -= slen;
			break;
		}
	}
	(void)snprintf(out, len, "%.*s", (int)clen, c);
}

/* The first rule whose state is the SQLSTATE or a prefix of it. */
static const struct errmap_rule *
errmap_rule(const char *state)
{
	const struct errmap_rule *r;

	for (r = rules; r->state[0] != '\0'; r++) {
		if (strncmp(state, r->state, strlen(r->state)) == 0)
			return (r);
	}
	return (r);
}

/* What a field names: municipality_code -> municipality, job_id -> job. */
static void
errmap_noun(const char *field, char *out, size_t len)
{
	static const char *suffixes[] = {"_id", "_code", NULL};
	size_t flen, slen;
	char *p;
	int i;

	(void)snprintf(out, len, "%s", field);
	flen = strlen(out);
	for (i = 0; suffixes[i] != NULL; i++) {
		slen = strlen(suffixes[i]);
		if (flen > slen &&
		    strcmp(out + flen - slen, suffixes[i]) == 0) {
			out[flen - slen] = '\0';
			break;
		}
	}
	for (p = out; *p != '\0'; p++) {
		if (*p == '_')
			*p = ' ';
	}
}
