/*
 * jb_roles.h — who may call: the roles as bits (for endpoint tables) and
 * as names (in tokens, in SQL's ctx, in the log).
 */
#ifndef JB_ROLES_H
#define JB_ROLES_H

#define JB_ROLE_ANON 0x01
#define JB_ROLE_ADMIN 0x02
#define JB_ROLE_CONSULTANT 0x04
#define JB_ROLE_EMPLOYER 0x08
#define JB_ROLE_SEEKER 0x10
#define JB_ROLE_PARTNER 0x20
#define JB_ROLES_USERS 0x3e /* every role of a logged-in caller */
#define JB_ROLES_ALL 0x3f

const char *jb_role_name(unsigned int);
unsigned int jb_role_bit(const char *);

#endif
