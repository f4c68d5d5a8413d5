/*
 * jb_problem.h — RFC 9457 problem+json bodies and field error lists.
 */
#ifndef JB_PROBLEM_H
#define JB_PROBLEM_H

#include <jansson.h>

/*
 * A problem's "type" is this relative URI reference + slug: constant for
 * clients to compare, and it resolves against the API's own URL to the
 * page the server shows for it (GET /problems/<slug>).
 */
#define JB_PROBLEM_BASE "/problems/"

/* One problem type: its status, slug, title and what it means. */
struct jb_problem_kind {
	int status;
	const char *slug;
	const char *title;
	const char *about; /* when it happens, what to do (one paragraph) */
};

json_t *jb_errors_new(void);
void jb_errors_add(json_t *, const char *, const char *, const char *, ...)
    __attribute__((format(printf, 4, 5)));
const struct jb_problem_kind *jb_problem_kinds(void);
const struct jb_problem_kind *jb_problem_find(const char *);
const char *jb_problem_slug(int);
const char *jb_problem_title(int);
char *jb_problem_build(int, const char *, const char *, const char *, json_t *,
    const char *);

#endif
