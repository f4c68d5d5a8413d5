/*
 * jb_errmap.h — what a failed SQL statement means for the client: its
 * SQLSTATE (PostgreSQL's, or our JBnnn) mapped to an HTTP status, a
 * problem type and, where a field is to blame, the field, its error code
 * and a message in words a user understands. One table, src/errmap.c.
 */
#ifndef JB_ERRMAP_H
#define JB_ERRMAP_H

#include <stddef.h>

/* The diagnostics of a failed statement (NULL: not given). */
struct jb_sql_error {
	const char *sqlstate;
	const char *message;
	const char *column;
	const char *constraint;
	const char *table;
	const char *hint;
};

#define JB_ERRMAP_FIELD_MAX 64
#define JB_ERRMAP_MESSAGE_MAX 256

/* The answer: status, problem type (NULL: from the status), detail. */
struct jb_error_answer {
	int status;
	const char *slug;
	const char *detail; /* NULL: the status's title says it all */
	int log; /* a server fault: log the SQL error */
	char field[JB_ERRMAP_FIELD_MAX]; /* "": no field error */
	const char *code;
	char message[JB_ERRMAP_MESSAGE_MAX];
};

void jb_errmap(const struct jb_sql_error *, int, struct jb_error_answer *);
void jb_errmap_field(const struct jb_sql_error *, char *, size_t);

#endif
