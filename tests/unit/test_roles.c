/*
 * test_roles.c — role names and bits agree both ways; nothing else is a
 * role.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jb_roles.h"

static void
test_round_trip(void **state)
{
	static const char *const names[] = {"anonymous", "admin", "consultant",
	    "employer", "seeker", "partner", NULL};
	unsigned int bit, all;
	int i;

	all = 0;
	for (i = 0; names[i] != NULL; i++) {
		bit = jb_role_bit(names[i]);
		assert_int_not_equal(bit, 0);
		assert_int_equal(bit & all, 0);
		all |= bit;
		assert_string_equal(jb_role_name(bit), names[i]);
	}
	assert_int_equal(all, JB_ROLES_ALL);
	assert_int_equal(all & ~JB_ROLE_ANON, JB_ROLES_USERS);
}

static void
test_strangers(void **state)
{
	assert_int_equal(jb_role_bit(NULL), 0);
	assert_int_equal(jb_role_bit(""), 0);
	assert_int_equal(jb_role_bit("Admin"), 0);
	assert_int_equal(jb_role_bit("admin "), 0);
	assert_int_equal(jb_role_bit("root"), 0);
	assert_string_equal(jb_role_name(0), "anonymous");
	assert_string_equal(jb_role_name(JB_ROLE_ADMIN | JB_ROLE_SEEKER),
	    "anonymous");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_strangers),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
