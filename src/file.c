/*
 * file.c — documents in and out. An upload's body is the file itself
 * (like a GitHub release asset), or a browser form's part "file": 1 byte
 * to 10 MiB, and a PDF, PNG or JPEG by its first bytes (src/filetype.c)
 * — the Content-Type header (or the part's) is not consulted. Its type goes to
 * SQL as args.content_type and its bytes as the statement's binary third
 * parameter (src/router.c). A download is the row of a statement asked for in
 * binary format: the document's JSON (name, type), its tag (the sha256) and its
 * bytes, sent as they are with the headers a browser needs to save, never
 * render, them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_file.h"
#include "jb_filetype.h"
#include "jb_http.h"
#include "jb_problem.h"
#include "jb_pubcache.h"

/* The download statement's columns. */
#define FILE_COL_BODY 1
#define FILE_COL_ETAG 2
#define FILE_COL_CHANGED 4
#define FILE_COL_CONTENT 5

/* What a form may hold beside its file: boundaries, part headers. */
#define FILE_FORM_EXTRA (64 * 1024)

static int file_form(struct jb_request *);
static int file_headers(struct jb_request *, const char *);

/*
 * Check an upload's body and put its type in args.content_type. Returns
 * 0 after answering 413 (over 10 MiB), 422 (empty) or 415 (not a PDF,
 * PNG or JPEG).
 */
int
jb_file_body(struct jb_request *jr)
{
	struct http_request *req = jr->req;
	const char *type;
	json_t *errors;
	size_t len;

	jr->file = req->http_body != NULL ? req->http_body->data : NULL;
	jr->file_len = req->http_body != NULL ? req->http_body_length : 0;
	if (jb_content_type_is(jr, "multipart/form-data") && !file_form(jr))
		return (0);
	len = jr->file_len;
	if (len > JB_FILE_MAX) {
		(void)jb_respond_problem(jr, 413, NULL,
		    "the file is larger than 10 MiB", NULL);
		return (0);
	}
	if (len == 0) {
		errors = jb_errors_new();
		jb_errors_add(errors, "body", "required",
		    "send the file as the request body");
		(void)jb_respond_problem(jr, 422, NULL, "the file is empty",
		    errors);
		return (0);
	}
	if ((type = jb_filetype_sniff(jr->file, len)) == NULL) {
		(void)jb_respond_problem(jr, 415, NULL,
		    "the file is not a PDF, PNG or JPEG (by its content)",
		    NULL);
		return (0);
	}
	json_object_set_new(jr->args, "content_type", json_string(type));

	return (1);
}

/*
 * A browser form (multipart/form-data): the file is its part "file"
 * (Kore parses the form); its name is the filename unless ?filename=
 * gives one. Returns 0 after answering 413 or 422 (no such part, or an
 * empty one).
 */
static int
file_form(struct jb_request *jr)
{
	struct http_request *req = jr->req;
	struct http_file *f;
	json_t *errors, *query, *name;

	if (jr->file_len > JB_FILE_MAX + FILE_FORM_EXTRA) {
		(void)jb_respond_problem(jr, 413, NULL,
		    "the file is larger than 10 MiB", NULL);
		return (0);
	}
	/* Kore reads the form as it parses it; the bytes stay in place. */
	http_populate_multipart_form(req);
	(void)http_body_rewind(req);
	if ((f = http_file_lookup(req, "file")) == NULL ||
	    req->http_body == NULL ||
	    f->position + f->length > req->http_body_length) {
		errors = jb_errors_new();
		jb_errors_add(errors, "file", "required",
		    "send the file (not empty) as the form's part \"file\"");
		(void)jb_respond_problem(jr, 422, NULL,
		    "the form holds no file", errors);
		return (0);
	}
	jr->file = req->http_body->data + f->position;
	jr->file_len = f->length;
	query = json_object_get(jr->args, "query");
	if (!json_is_object(query) || json_object_get(query, "filename"))
		return (1);
	if ((name = json_string(f->filename)) == NULL) {
		errors = jb_errors_new();
		jb_errors_add(errors, "filename", "invalid_format",
		    "the file's name is not UTF-8");
		(void)jb_respond_problem(jr, 422, NULL,
		    "one or more fields are not acceptable", errors);
		return (0);
	}
	json_object_set_new(query, "filename", name);

	return (1);
}

/*
 * Answer a download from its binary row: the bytes with their type and
 * name, or 304 when SQL left them out because If-None-Match names the
 * tag.
 */
int
jb_file_answer(struct jb_request *jr)
{
	PGresult *res = jr->job.result;
	const char *etag, *changed;

	if (PQntuples(res) != 1 || PQnfields(res) <= FILE_COL_CONTENT ||
	    PQgetisnull(res, 0, FILE_COL_BODY) ||
	    PQgetisnull(res, 0, FILE_COL_ETAG))
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	changed = PQgetvalue(res, 0, FILE_COL_CHANGED);
	if (!PQgetisnull(res, 0, FILE_COL_CHANGED) && *changed != '\0')
		jb_pubcache_changed(changed);
	etag = PQgetvalue(res, 0, FILE_COL_ETAG);
	if (PQgetisnull(res, 0, FILE_COL_CONTENT)) {
		http_response_header(jr->req, "etag", etag);
		return (jb_respond_not_modified(jr));
	}
	if (!file_headers(jr, PQgetvalue(res, 0, FILE_COL_BODY)))
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	return (jb_respond_tagged(jr, 200, jr->tmp[0],
	    PQgetvalue(res, 0, FILE_COL_CONTENT),
	    (size_t)PQgetlength(res, 0, FILE_COL_CONTENT), etag));
}

/*
 * Content-Disposition from the document's JSON (its filename); its
 * content_type into jr->tmp[0]. Returns 0 when the JSON lacks them.
 */
static int
file_headers(struct jb_request *jr, const char *body)
{
	char disposition[JB_DISPOSITION_LEN];
	const char *name, *type;
	json_t *doc;
	int ok;

	doc = json_loads(body, 0, NULL);
	name = json_string_value(json_object_get(doc, "filename"));
	type = json_string_value(json_object_get(doc, "content_type"));
	ok = name != NULL && type != NULL &&
	    strlen(type) < sizeof(jr->tmp[0]) &&
	    jb_filetype_disposition(name, disposition, sizeof(disposition)) ==
		0;
	if (ok) {
		(void)snprintf(jr->tmp[0], sizeof(jr->tmp[0]), "%s", type);
		http_response_header(jr->req, "content-disposition",
		    disposition);
	}
	json_decref(doc);

	return (ok);
}
