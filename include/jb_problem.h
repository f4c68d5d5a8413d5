/*
 * jb_problem.h — RFC 9457 problem+json bodies and field error lists.
 */
#ifndef JB_PROBLEM_H
#define JB_PROBLEM_H

#include <jansson.h>

#define JB_PROBLEM_BASE "https://jobbro.dk/problems/"

json_t *jb_errors_new(void);
void jb_errors_add(json_t *, const char *, const char *, const char *, ...)
    __attribute__((format(printf, 4, 5)));
const char *jb_problem_slug(int);
const char *jb_problem_title(int);
char *jb_problem_build(int, const char *, const char *, const char *, json_t *,
    const char *);

#endif
