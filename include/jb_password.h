/*
 * jb_password.h — Argon2id password hashes, made and checked in a Kore
 * task thread so that no worker's event loop waits for them.
 */
#ifndef JB_PASSWORD_H
#define JB_PASSWORD_H

#include <stddef.h>

#include <kore/kore.h>
#include <kore/tasks.h>

#define JB_PASSWORD_ENCODED_MAX 160
#define JB_PASSWORD_MAX 255 /* longest password hashed, in bytes */

/* What a task does. */
#define JB_HASH_MAKE 1
#define JB_HASH_VERIFY 2

struct jb_hash_task {
	struct kore_task task; /* first */
	char password[JB_PASSWORD_MAX + 1];
	char encoded[JB_PASSWORD_ENCODED_MAX];
	char verify[JB_PASSWORD_ENCODED_MAX]; /* JB_HASH_VERIFY: against */
	int mode;
	int ok;
	int started;
};

int jb_password_init(void);
int jb_password_hash(const char *, char *, size_t);
int jb_password_verify(const char *, const char *);
int jb_password_task(struct jb_hash_task *, struct http_request *, int,
    const char *, const char *);
int jb_password_task_done(struct jb_hash_task *);

#endif
