/*
 * jb_password.h — Argon2id password hashes.
 */
#ifndef JB_PASSWORD_H
#define JB_PASSWORD_H

#include <stddef.h>

#define JB_PASSWORD_ENCODED_MAX 160

int jb_password_init(void);
int jb_password_hash(const char *, char *, size_t);
int jb_password_verify(const char *, const char *);

#endif
