/*
 * roles.c — the names of the roles, as tokens, SQL's ctx and the log
 * spell them, and their bits in endpoint tables.
 */
#include <stddef.h>
#include <string.h>

#include "jb_roles.h"

/* clang-format off */
static const struct {
	unsigned int	bit;
	const char	*name;
} roles[] = {
	{ JB_ROLE_ANON, "anonymous" },
	{ JB_ROLE_ADMIN, "admin" },
	{ JB_ROLE_CONSULTANT, "consultant" },
	{ JB_ROLE_EMPLOYER, "employer" },
	{ JB_ROLE_SEEKER, "seeker" },
	{ JB_ROLE_PARTNER, "partner" },
	{ 0, NULL }
};
/* clang-format on */

/* The name of one role bit; anything else is "anonymous". */
const char *
jb_role_name(unsigned int bit)
{
	int i;

	for (i = 0; roles[i].name != NULL; i++) {
		if (roles[i].bit == bit)
			return (roles[i].name);
	}
	return ("anonymous");
}

/* The bit of a role name; 0 for a name that is none of ours. */
unsigned int
jb_role_bit(const char *name)
{
	int i;

	for (i = 0; name != NULL && roles[i].name != NULL; i++) {
		if (strcmp(roles[i].name, name) == 0)
			return (roles[i].bit);
	}
	return (0);
}
