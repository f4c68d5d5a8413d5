/*
 * test_filetype.c — a file's type by its first bytes, whatever else it
 * claims to be, and a Content-Disposition safe for any stored name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jb_filetype.h"

#define SNIFF(s) jb_filetype_sniff((s), sizeof(s) - 1)

static void
test_sniff_ours(void **state)
{
	assert_string_equal(SNIFF("%PDF-1.7\n%\xe2\xe3"), "application/pdf");
	assert_string_equal(SNIFF("%PDF-"), "application/pdf");
	assert_string_equal(SNIFF("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
	    "image/png");
	assert_string_equal(SNIFF("\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg");
	assert_string_equal(SNIFF("\xff\xd8\xff"), "image/jpeg");
}

static void
test_sniff_others(void **state)
{
	assert_null(jb_filetype_sniff("", 0));
	assert_null(SNIFF("%PDF")); /* too short */
	assert_null(SNIFF("\x89PNG\r\n\x1a")); /* truncated signature */
	assert_null(SNIFF("\x89PNG\n\x1a\n\0")); /* line ends converted */
	assert_null(SNIFF("\xff\xd8"));
	assert_null(SNIFF("<!DOCTYPE html><html>"));
	assert_null(SNIFF("hello, this is text"));
	assert_null(SNIFF(" %PDF-1.4")); /* not at the start */
	assert_null(SNIFF("GIF89a"));
	assert_null(SNIFF("PK\x03\x04")); /* a .docx */
}

static void
test_disposition_plain(void **state)
{
	char out[JB_DISPOSITION_LEN];

	assert_int_equal(jb_filetype_disposition("contract.pdf", out,
			     sizeof(out)),
	    0);
	assert_string_equal(out,
	    "attachment; filename=\"contract.pdf\"; "
	    "filename*=UTF-8''contract.pdf");
}

static void
test_disposition_hostile(void **state)
{
	char out[JB_DISPOSITION_LEN];

	assert_int_equal(jb_filetype_disposition("a\"b\\c; x=\r\n%.pdf", out,
			     sizeof(out)),
	    0);
	assert_string_equal(out,
	    "attachment; filename=\"a_b_c; x=__%.pdf\"; "
	    "filename*=UTF-8''a%22b%5Cc%3B%20x%3D%0D%0A%25.pdf");
	assert_int_equal(jb_filetype_disposition("løn.pdf", out, sizeof(out)),
	    0);
	assert_string_equal(out,
	    "attachment; filename=\"l__n.pdf\"; "
	    "filename*=UTF-8''l%C3%B8n.pdf");
}

static void
test_disposition_fits(void **state)
{
	char out[JB_DISPOSITION_LEN], name[256], small[40];

	memset(name, 0xff, 255);
	name[255] = '\0';
	assert_int_equal(jb_filetype_disposition(name, out, sizeof(out)), 0);
	assert_int_equal(strlen(out), 22 + 255 + 20 + 3 * 255);
	assert_int_equal(jb_filetype_disposition(name, small, sizeof(small)),
	    -1);
	assert_int_equal(jb_filetype_disposition("abcdefghijklmnopq", small,
			     sizeof(small)),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff_ours),
	    cmocka_unit_test(test_sniff_others),
	    cmocka_unit_test(test_disposition_plain),
	    cmocka_unit_test(test_disposition_hostile),
	    cmocka_unit_test(test_disposition_fits),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
