/*
 * password.c — Argon2id hashing and verification (m = 19 MiB, t = 2,
 * p = 1). In a request it runs in a Kore task thread, never on the event
 * loop; jb_password_hash() is the blocking form for startup only.
 */
#include <string.h>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "jb_metrics.h"
#include "jb_password.h"
#include "jb_token.h"

#define PW_T_COST 2
#define PW_M_COST 19456
#define PW_PARALLEL 1
#define PW_SALT_LEN 16
#define PW_HASH_LEN 32

/* Verified against for unknown emails, so they cost as much as known. */
static char pw_dummy[JB_PASSWORD_ENCODED_MAX];

static int pw_task(struct kore_task *);

/* Make the dummy hash (startup, blocking). */
int
jb_password_init(void)
{
	char pw[JB_OPAQUE_LEN + 1];

	if (jb_token_opaque(pw, sizeof(pw)) == -1)
		return (-1);
	return (jb_password_hash(pw, pw_dummy, sizeof(pw_dummy)));
}

/* Hash password into out (JB_PASSWORD_ENCODED_MAX bytes). 0 on success. */
int
jb_password_hash(const char *password, char *out, size_t outlen)
{
	unsigned char salt[PW_SALT_LEN];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return (-1);
	if (argon2id_hash_encoded(PW_T_COST, PW_M_COST, PW_PARALLEL, password,
		strlen(password), salt, sizeof(salt), PW_HASH_LEN, out,
		outlen) != ARGON2_OK)
		return (-1);

	return (0);
}

/* Does password match encoded? NULL encoded: burn the same time, no. */
int
jb_password_verify(const char *password, const char *encoded)
{
	int ok;

	ok = argon2id_verify(encoded ? encoded : pw_dummy, password,
		 strlen(password)) == ARGON2_OK;

	return (encoded != NULL && ok);
}

/*
 * JB_HASH_MAKE a hash of password, or JB_HASH_VERIFY it against verify
 * (NULL: an unknown user; burn the same time, fail) in a task thread
 * bound to req, which Kore wakes when it is done. Returns 0, or -1 when
 * a task already ran or an argument is too long.
 */
int
jb_password_task(struct jb_hash_task *h, struct http_request *req, int mode,
    const char *password, const char *verify)
{
	if (h->started || strlen(password) >= sizeof(h->password) ||
	    (verify != NULL && strlen(verify) >= sizeof(h->verify)))
		return (-1);

	h->started = 1;
	(void)kore_strlcpy(h->password, password, sizeof(h->password));
	h->mode = mode;
	h->verify[0] = '\0';
	if (verify != NULL)
		(void)kore_strlcpy(h->verify, verify, sizeof(h->verify));
	h->ok = 0;

	kore_task_create(&h->task, pw_task);
	kore_task_bind_request(&h->task, req);
	jb_metrics_argon2_queued();
	kore_task_run(&h->task);

	return (0);
}

/* Has the task finished? Then h->ok (and h->encoded) tell. */
int
jb_password_task_done(struct jb_hash_task *h)
{
	return (kore_task_state(&h->task) == KORE_TASK_STATE_FINISHED);
}

static int
pw_task(struct kore_task *t)
{
	struct jb_hash_task *h = (struct jb_hash_task *)t;

	jb_metrics_argon2_started();
	if (h->mode == JB_HASH_VERIFY)
		h->ok = jb_password_verify(h->password,
		    h->verify[0] != '\0' ? h->verify : NULL);
	else
		h->ok = jb_password_hash(h->password, h->encoded,
			    sizeof(h->encoded)) == 0;
	OPENSSL_cleanse(h->password, sizeof(h->password));
	jb_metrics_argon2_done(h->mode == JB_HASH_VERIFY);

	return (KORE_RESULT_OK);
}
