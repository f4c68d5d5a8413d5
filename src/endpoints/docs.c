/*
 * docs.c — the API's public pages, none of them personal: GET /docs (the
 * reference: Redoc renders /v1/openapi.json; its script is served from
 * memory, nothing comes from elsewhere), GET /v1/openapi.json (the
 * contract, whose servers name this API's own URL: JOBBRO_PUBLIC_URL,
 * else http:// + Host) and GET /problems, /problems/{slug} (a page per
 * problem type: a problem's "type" is "/problems/<slug>", which resolves
 * against the API's URL to it). jb_docs_init() prepares everything once
 * in Kore's parent; every answer has an ETag and If-None-Match gets 304.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "jb_config.h"
#include "jb_docs.h"
#include "jb_endpoints.h"
#include "jb_http.h"
#include "jb_problem.h"

#define DOCS_JS "redoc.standalone.js"
#define DOCS_FLAGS (JB_EP_NO_BEARER | JB_EP_NOT_PERSONAL)
#define DOCS_MARK "@@jobbro-server-url@@"
#define DOCS_ETAG_LEN 24 /* "\"" + 22 hex + "\"" */
#define DOCS_CSP_PAGE \
	"default-src 'none'; script-src 'self'; style-src 'self' " \
	"'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " \
	"connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; " \
	"form-action 'none'; frame-ancestors 'none'"
#define DOCS_CSP_TEXT \
	"default-src 'none'; base-uri 'none'; form-action 'none'; " \
	"frame-ancestors 'none'"

static int docs_page(struct jb_request *);
static int docs_asset(struct jb_request *);
static int docs_openapi(struct jb_request *);
static int docs_problems(struct jb_request *);
static int docs_problem(struct jb_request *);
static void docs_etag(const void *, size_t, const char *,
    char[DOCS_ETAG_LEN + 1]);
static int docs_send(struct jb_request *, const char *, const char *, size_t,
    const char *);
static int docs_send_page(struct jb_request *, struct kore_buf *);
static void docs_html_head(struct kore_buf *, const char *);
static void docs_escape(struct kore_buf *, const char *);

/* What jb_docs_init() made. */
static struct {
	char page_etag[DOCS_ETAG_LEN + 1];
	char js_etag[DOCS_ETAG_LEN + 1];
	char spec_etag[DOCS_ETAG_LEN + 1];
	char *spec_head; /* the spec up to its server URL (NULL: as is) */
	size_t spec_head_len;
	const char *spec_tail; /* after it */
	size_t spec_tail_len;
} docs;

/* clang-format off */
const struct jb_endpoint jb_docs_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/docs", .roles = JB_ROLES_ALL,
	    .flags = DOCS_FLAGS, .max_age = 300, .run = docs_page },
	{ .method = HTTP_METHOD_GET, .path = "/docs/{id}",
	    .roles = JB_ROLES_ALL, .flags = DOCS_FLAGS, .max_age = 3600,
	    .run = docs_asset },
	{ .method = HTTP_METHOD_GET, .path = "/v1/openapi.json",
	    .roles = JB_ROLES_ALL, .flags = DOCS_FLAGS, .max_age = 300,
	    .run = docs_openapi },
	{ .method = HTTP_METHOD_GET, .path = "/problems",
	    .roles = JB_ROLES_ALL, .flags = DOCS_FLAGS, .max_age = 300,
	    .run = docs_problems },
	{ .method = HTTP_METHOD_GET, .path = "/problems/{id}",
	    .roles = JB_ROLES_ALL, .flags = DOCS_FLAGS, .max_age = 300,
	    .run = docs_problem },
	JB_ENDPOINTS_END
};
/* clang-format on */

/*
 * In Kore's parent, after jb_config_load(): the ETags of what never
 * changes, and the spec cut where its server URL goes (its "servers"
 * replaced by one whose URL is a mark). Returns -1 on a spec that is not
 * a JSON object.
 */
int
jb_docs_init(void)
{
	json_t *spec;
	char *text, *mark;

	if (jb_config.docs_js != NULL) {
		docs_etag(jb_config.docs_html, jb_config.docs_html_len, NULL,
		    docs.page_etag);
		docs_etag(jb_config.docs_js, jb_config.docs_js_len, NULL,
		    docs.js_etag);
	}
	if (jb_config.openapi_json == NULL)
		return (0);
	docs_etag(jb_config.openapi_json, jb_config.openapi_len, NULL,
	    docs.spec_etag);

	spec =
	    json_loadb(jb_config.openapi_json, jb_config.openapi_len, 0, NULL);
	if (!json_is_object(spec)) {
		json_decref(spec);
		fprintf(stderr,
		    "jobbro: JOBBRO_OPENAPI_JSON is not a JSON "
		    "object\n");
		return (-1);
	}
	json_object_set_new(spec, "servers",
	    json_pack("[{s:s, s:s}]", "url", DOCS_MARK, "description",
		"This server"));
	text = json_dumps(spec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(spec);
	if (text == NULL ||
	    (mark = strstr(text, "\"" DOCS_MARK "\"")) == NULL) {
		free(text);
		return (-1);
	}
	docs.spec_head = text;
	docs.spec_head_len = mark - text;
	docs.spec_tail = mark + strlen("\"" DOCS_MARK "\"");
	docs.spec_tail_len = strlen(docs.spec_tail);

	return (0);
}

static int
docs_page(struct jb_request *jr)
{
	if (jb_config.docs_js == NULL)
		return (jb_respond_problem(jr, 404, NULL,
		    "the server was started without the API reference "
		    "(JOBBRO_DOCS_DIR); the contract is at "
		    "/v1/openapi.json",
		    NULL));
	http_response_header(jr->req, "content-security-policy", DOCS_CSP_PAGE);

	return (docs_send(jr, "text/html; charset=utf-8", jb_config.docs_html,
	    jb_config.docs_html_len, docs.page_etag));
}

static int
docs_asset(struct jb_request *jr)
{
	if (jb_config.docs_js == NULL || strcmp(jr->path_id, DOCS_JS) != 0)
		return (jb_respond_problem(jr, 404, NULL, "no such resource",
		    NULL));

	return (docs_send(jr, "application/javascript; charset=utf-8",
	    jb_config.docs_js, jb_config.docs_js_len, docs.js_etag));
}

/*
 * The spec with servers = [{"url": <this API's URL>}]; without a URL
 * (no JOBBRO_PUBLIC_URL and no sane Host) the file's own servers.
 */
static int
docs_openapi(struct jb_request *jr)
{
	struct kore_buf buf;
	json_t *url;
	char *quoted, etag[DOCS_ETAG_LEN + 1];
	int r;

	if (jb_config.openapi_json == NULL)
		return (jb_respond_problem(jr, 404, NULL,
		    "the server was started without JOBBRO_OPENAPI_JSON",
		    NULL));
	url = jb_request_base_url(jr);
	quoted = json_is_string(url) && docs.spec_head != NULL
	    ? json_dumps(url, JSON_ENCODE_ANY)
	    : NULL;
	json_decref(url);
	if (quoted == NULL)
		return (docs_send(jr, "application/json; charset=utf-8",
		    jb_config.openapi_json, jb_config.openapi_len,
		    docs.spec_etag));

	docs_etag(quoted, strlen(quoted), docs.spec_etag, etag);
	kore_buf_init(&buf, docs.spec_head_len + docs.spec_tail_len + 512);
	kore_buf_append(&buf, docs.spec_head, docs.spec_head_len);
	kore_buf_append(&buf, quoted, strlen(quoted));
	kore_buf_append(&buf, docs.spec_tail, docs.spec_tail_len);
	free(quoted);
	r = docs_send(jr, "application/json; charset=utf-8",
	    (const char *)buf.data, buf.offset, etag);
	kore_buf_cleanup(&buf);

	return (r);
}

/* Every problem type, linked to its page. */
static int
docs_problems(struct jb_request *jr)
{
	const struct jb_problem_kind *k;
	struct kore_buf buf;

	kore_buf_init(&buf, 4096);
	docs_html_head(&buf, "Jobbro API problem types");
	kore_buf_appendf(&buf,
	    "<p>Every error answer of the Jobbro API is an RFC 9457 problem "
	    "(<code>application/problem+json</code>). Its <code>type</code> "
	    "is one of these; compare it as a string. The reference is at "
	    "<a href=\"/docs\">/docs</a>.</p>\n<dl>\n");
	for (k = jb_problem_kinds(); k->slug != NULL; k++) {
		kore_buf_appendf(&buf,
		    "<dt id=\"%s\"><a href=\"%s%s\"><code>%s%s</code></a> "
		    "(%d) ",
		    k->slug, JB_PROBLEM_BASE, k->slug, JB_PROBLEM_BASE, k->slug,
		    k->status);
		docs_escape(&buf, k->title);
		kore_buf_appendf(&buf, "</dt>\n<dd>");
		docs_escape(&buf, k->about ? k->about : "");
		kore_buf_appendf(&buf, "</dd>\n");
	}
	kore_buf_appendf(&buf, "</dl>\n</body>\n</html>\n");

	return (docs_send_page(jr, &buf));
}

/* One problem type: title, status, when it happens, what to do. */
static int
docs_problem(struct jb_request *jr)
{
	const struct jb_problem_kind *k;
	struct kore_buf buf;

	if ((k = jb_problem_find(jr->path_id)) == NULL)
		return (jb_respond_problem(jr, 404, NULL,
		    "no such problem type; GET /problems lists them", NULL));

	kore_buf_init(&buf, 2048);
	docs_html_head(&buf, k->title);
	kore_buf_appendf(&buf,
	    "<p>Problem type <code>%s%s</code>, HTTP status %d.</p>\n<p>",
	    JB_PROBLEM_BASE, k->slug, k->status);
	docs_escape(&buf, k->about ? k->about : "");
	kore_buf_appendf(&buf,
	    "</p>\n<p>Every answer of this type is "
	    "<code>application/problem+json</code> with <code>title</code>, "
	    "<code>status</code>, <code>detail</code> and the "
	    "<code>request_id</code> to quote when you ask for help. "
	    "<a href=\"/problems\">All problem types</a> · "
	    "<a href=\"/docs\">API reference</a></p>\n</body>\n</html>\n");

	return (docs_send_page(jr, &buf));
}

/* Send the HTML page in buf (and clean it up), with its ETag. */
static int
docs_send_page(struct jb_request *jr, struct kore_buf *buf)
{
	int r;

	http_response_header(jr->req, "content-security-policy", DOCS_CSP_TEXT);
	r = jb_respond_etag(jr, 200, "text/html; charset=utf-8",
	    (const char *)buf->data, buf->offset, NULL);
	kore_buf_cleanup(buf);

	return (r);
}

/* A strong ETag: 88 bits of SHA-256 over salt (may be NULL) and data. */
static void
docs_etag(const void *data, size_t len, const char *salt,
    char out[DOCS_ETAG_LEN + 1])
{
	EVP_MD_CTX *md;
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hlen = 0;
	int i;

	if ((md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    (salt == NULL || EVP_DigestUpdate(md, salt, strlen(salt)) == 1) &&
	    EVP_DigestUpdate(md, data, len) == 1)
		(void)EVP_DigestFinal_ex(md, h, &hlen);
	EVP_MD_CTX_free(md);
	if (hlen < 11)
		memset(h, 0, 11);
	out[0] = '"';
	for (i = 0; i < 11; i++)
		(void)snprintf(out + 1 + 2 * i, 3, "%02x", h[i]);
	out[DOCS_ETAG_LEN - 1] = '"';
	out[DOCS_ETAG_LEN] = '\0';
}

/*
 * 200 with the body, or 304 when the client has it already (src/http.c;
 * the endpoint's max_age says for how long any cache may keep it).
 */
static int
docs_send(struct jb_request *jr, const char *ctype, const char *body,
    size_t len, const char *etag)
{
	return (jb_respond_tagged(jr, 200, ctype, body, len, etag));
}

static void
docs_html_head(struct kore_buf *buf, const char *title)
{
	kore_buf_appendf(buf,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	docs_escape(buf, title);
	kore_buf_appendf(buf, "</title>\n</head>\n<body>\n<h1>");
	docs_escape(buf, title);
	kore_buf_appendf(buf, "</h1>\n");
}

static void
docs_escape(struct kore_buf *buf, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			kore_buf_appendf(buf, "&lt;");
			break;
		case '>':
			kore_buf_appendf(buf, "&gt;");
			break;
		case '&':
			kore_buf_appendf(buf, "&amp;");
			break;
		case '"':
			kore_buf_appendf(buf, "&quot;");
			break;
		default:
			kore_buf_append(buf, s, 1);
			break;
		}
	}
}
