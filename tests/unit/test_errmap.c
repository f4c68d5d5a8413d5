/*
 * test_errmap.c — what a client is told about a failed SQL statement:
 * status, detail and field error for our JBnnn codes and PostgreSQL's,
 * never PostgreSQL's own text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jb_errmap.h"

#define PG_TEXT "insert or update on table \"employers\" violates ..."

static struct jb_error_answer
map(const char *state, const char *column, const char *constraint,
    const char *table, const char *hint, int is_delete)
{
	struct jb_sql_error e = {state, PG_TEXT, column, constraint, table,
	    hint};
	struct jb_error_answer a;

	jb_errmap(&e, is_delete, &a);
	return (a);
}

static void
assert_no_pg_text(const struct jb_error_answer *a)
{
	assert_true(a->detail == NULL || strstr(a->detail, "violates") == NULL);
	assert_null(strstr(a->message, "violates"));
}

static void
test_jb_codes(void **state)
{
	struct jb_sql_error e = {"JB409", "illegal transition from a to b",
	    NULL, NULL, NULL, NULL};
	struct jb_error_answer a;

	jb_errmap(&e, 0, &a);
	assert_int_equal(a.status, 409);
	assert_string_equal(a.detail, "illegal transition from a to b");
	assert_string_equal(a.field, "");
	assert_false(a.log);

	/* A field error of ours: COLUMN, HINT and our message. */
	e = (struct jb_sql_error){"JB422", "municipality 0147 is outside",
	    "municipality_code", NULL, NULL, "out_of_scope"};
	jb_errmap(&e, 0, &a);
	assert_int_equal(a.status, 422);
	assert_string_equal(a.field, "municipality_code");
	assert_string_equal(a.code, "out_of_scope");
	assert_string_equal(a.message, "municipality 0147 is outside");

	/* JB400 names a query parameter; no HINT: invalid_value. */
	e = (struct jb_sql_error){"JB400", "to is before from", "to", NULL,
	    NULL, NULL};
	jb_errmap(&e, 0, &a);
	assert_int_equal(a.status, 400);
	assert_string_equal(a.code, "invalid_value");

	/* Codes outside 400..599 are a server fault. */
	e = (struct jb_sql_error){"JB200", "no", NULL, NULL, NULL, NULL};
	jb_errmap(&e, 0, &a);
	assert_int_equal(a.status, 500);
	assert_null(a.detail);
	assert_true(a.log);
}

static void
test_foreign_key(void **state)
{
	struct jb_error_answer a;

	a = map("23503", NULL, "employers_municipality_code_fkey", "employers",
	    NULL, 0);
	assert_int_equal(a.status, 422);
	assert_string_equal(a.field, "municipality_code");
	assert_string_equal(a.code, "not_found");
	assert_string_equal(a.message, "no such municipality");
	assert_no_pg_text(&a);

	a = map("23503", NULL, "jobs_employer_id_fkey", "jobs", NULL, 0);
	assert_string_equal(a.message, "no such employer");

	/* DELETE of a row still referred to: 409, no field error. */
	a = map("23503", NULL, "jobs_employer_id_fkey", "jobs", NULL, 1);
	assert_int_equal(a.status, 409);
	assert_string_equal(a.field, "");
	assert_string_equal(a.detail, "this resource is still in use");
}

static void
test_unique_and_exclusion(void **state)
{
	struct jb_error_answer a;

	a = map("23505", NULL, "employers_cvr_key", "employers", NULL, 0);
	assert_int_equal(a.status, 409);
	assert_string_equal(a.field, "cvr");
	assert_string_equal(a.code, "duplicate");
	assert_string_equal(a.message, "cvr is already in use");
	assert_no_pg_text(&a);

	a = map("23P01", NULL, "interviews_seeker_id_excl", "interviews", NULL,
	    0);
	assert_int_equal(a.status, 409);
	assert_string_equal(a.field, "seeker_id");
	assert_string_equal(a.code, "overlap");
}

static void
test_checks_and_data(void **state)
{
	struct jb_error_answer a;

	a = map("23514", NULL, "jobs_weekly_hours_check", "jobs", NULL, 0);
	assert_int_equal(a.status, 422);
	assert_string_equal(a.field, "weekly_hours");
	assert_string_equal(a.code, "invalid_value");
	assert_no_pg_text(&a);

	a = map("23502", "title", NULL, "jobs", NULL, 0);
	assert_string_equal(a.field, "title");
	assert_string_equal(a.code, "required");

	/* A data exception without a field: 422 and a detail only. */
	a = map("22003", NULL, NULL, NULL, NULL, 0);
	assert_int_equal(a.status, 422);
	assert_string_equal(a.field, "");
	assert_non_null(a.detail);
	assert_no_pg_text(&a);
}

static void
test_unavailable_and_faults(void **state)
{
	static const char *const down[] = {"08006", "57P01", "57P03", "53300",
	    "57014", NULL};
	struct jb_error_answer a;
	int i;

	for (i = 0; down[i] != NULL; i++) {
		a = map(down[i], NULL, NULL, NULL, NULL, 0);
		assert_int_equal(a.status, 503);
	}
	a = map("40001", NULL, NULL, NULL, NULL, 0);
	assert_int_equal(a.status, 409);
	a = map("40P01", NULL, NULL, NULL, NULL, 0);
	assert_int_equal(a.status, 409);

	/* Anything else is ours to fix: 500, logged, nothing shown. */
	a = map("42883", NULL, NULL, NULL, NULL, 0);
	assert_int_equal(a.status, 500);
	assert_null(a.detail);
	assert_true(a.log);
	a = map(NULL, NULL, NULL, NULL, NULL, 0);
	assert_int_equal(a.status, 500);
}

static void
test_field_from_constraint(void **state)
{
	struct jb_sql_error e = {"23505", NULL, NULL,
	    "applications_seeker_id_job_id_key", "applications", NULL};
	char field[JB_ERRMAP_FIELD_MAX];

	jb_errmap_field(&e, field, sizeof(field));
	assert_string_equal(field, "seeker_id_job_id");
	/* A COLUMN wins over the constraint. */
	e.column = "job_id";
	jb_errmap_field(&e, field, sizeof(field));
	assert_string_equal(field, "job_id");
	/* A constraint of another table keeps its name. */
	e = (struct jb_sql_error){"23514", NULL, NULL, "users_email_key",
	    "seekers", NULL};
	jb_errmap_field(&e, field, sizeof(field));
	assert_string_equal(field, "users_email");
	/* Nothing to go on. */
	e = (struct jb_sql_error){"23514", NULL, NULL, NULL, NULL, NULL};
	jb_errmap_field(&e, field, sizeof(field));
	assert_string_equal(field, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jb_codes),
	    cmocka_unit_test(test_foreign_key),
	    cmocka_unit_test(test_unique_and_exclusion),
	    cmocka_unit_test(test_checks_and_data),
	    cmocka_unit_test(test_unavailable_and_faults),
	    cmocka_unit_test(test_field_from_constraint),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
