/*
 * test_url.c — webhook URLs: http(s) only, with a host and no
 * credentials; loopback, private, link-local and unspecified addresses
 * refused unless allowed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "jb_url.h"
#include "jb_validate.h"

static void
test_scheme(void **state)
{
	assert_int_equal(jb_url_check("https://example.com/hook", 0),
	    JB_URL_OK);
	assert_int_equal(jb_url_check("HTTP://example.com:8080/h?x=1", 0),
	    JB_URL_OK);
	assert_int_equal(jb_url_check("ftp://example.com/", 0), JB_URL_SCHEME);
	assert_int_equal(jb_url_check("file:///etc/passwd", 0), JB_URL_SCHEME);
	assert_int_equal(jb_url_check("example.com", 0), JB_URL_SCHEME);
}

static void
test_format(void **state)
{
	assert_int_equal(jb_url_check("https://", 0), JB_URL_FORMAT);
	assert_int_equal(jb_url_check("https:///x", 0), JB_URL_FORMAT);
	assert_int_equal(jb_url_check("https://u:p@example.com/", 0),
	    JB_URL_FORMAT);
	assert_int_equal(jb_url_check("https://example.com:80a/", 0),
	    JB_URL_FORMAT);
	assert_int_equal(jb_url_check("https://exa mple.com/", 0),
	    JB_URL_FORMAT);
	assert_int_equal(jb_url_check("https://[::1/", 0), JB_URL_FORMAT);
}

static void
test_private(void **state)
{
	const char *bad[] = {"http://127.0.0.1/", "http://127.1:9/",
	    "http://2130706433/", "http://0x7f000001/", "http://10.1.2.3/",
	    "http://172.16.0.1/", "http://172.31.255.255/",
	    "http://192.168.1.1/", "http://169.254.169.254/latest",
	    "http://0.0.0.0/", "http://[::1]:8080/", "http://[::]/",
	    "http://[fc00::1]/", "http://[fd12::1]/", "http://[fe80::1]/",
	    "http://[::ffff:127.0.0.1]/", "http://localhost/",
	    "http://LOCALHOST.:80/", "http://a.localhost/", NULL};
	const char *good[] = {"http://172.32.0.1/", "http://8.8.8.8/",
	    "https://[2001:db8::1]/", "https://hooks.example.org/x", NULL};
	int i;

	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(jb_url_check(bad[i], 0), JB_URL_PRIVATE);
		assert_int_equal(jb_url_check(bad[i], 1), JB_URL_OK);
	}
	for (i = 0; good[i] != NULL; i++)
		assert_int_equal(jb_url_check(good[i], 0), JB_URL_OK);
}

static void
test_sockaddr(void **state)
{
	struct sockaddr_in v4 = {.sin_family = AF_INET};
	struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};

	assert_int_equal(inet_pton(AF_INET, "192.168.0.9", &v4.sin_addr), 1);
	assert_true(jb_url_sockaddr_private((struct sockaddr *)&v4));
	assert_int_equal(inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr), 1);
	assert_false(jb_url_sockaddr_private((struct sockaddr *)&v4));
	assert_int_equal(inet_pton(AF_INET6, "fe80::2", &v6.sin6_addr), 1);
	assert_true(jb_url_sockaddr_private((struct sockaddr *)&v6));
	assert_int_equal(inet_pton(AF_INET6, "2606:4700::1", &v6.sin6_addr), 1);
	assert_false(jb_url_sockaddr_private((struct sockaddr *)&v6));
}

/* The API's validator: refused unless JOBBRO_WEBHOOK_ALLOW_PRIVATE=1. */
static const char *
url_error(const char *url)
{
	static char code[64];
	static const struct jb_field fields[] = {{"url", JB_T_URL,
						     JB_F_REQUIRED, 0, 2000,
						     NULL, NULL},
	    {NULL, JB_T_END, 0, 0, 0, NULL, NULL}};
	json_t *body, *errors;

	body = json_pack("{s:s}", "url", url);
	errors = json_array();
	code[0] = '\0';
	if (jb_validate_object(body, fields, JB_V_CREATE, NULL, errors) > 0)
		(void)snprintf(code, sizeof(code), "%s",
		    json_string_value(
			json_object_get(json_array_get(errors, 0), "code")));
	json_decref(body);
	json_decref(errors);
	return (code);
}

static void
test_validator_env(void **state)
{
	unsetenv("JOBBRO_WEBHOOK_ALLOW_PRIVATE");
	assert_false(jb_url_allow_private());
	assert_string_equal(url_error("http://127.0.0.1:8000/h"),
	    "forbidden_address");
	assert_string_equal(url_error("http://localhost/h"),
	    "forbidden_address");
	assert_string_equal(url_error("ftp://example.com/"), "invalid_format");
	assert_string_equal(url_error("https://example.com/h"), "");
	setenv("JOBBRO_WEBHOOK_ALLOW_PRIVATE", "0", 1);
	assert_string_equal(url_error("http://10.0.0.1/"), "forbidden_address");
	setenv("JOBBRO_WEBHOOK_ALLOW_PRIVATE", "1", 1);
	assert_true(jb_url_allow_private());
	assert_string_equal(url_error("http://127.0.0.1:8000/h"), "");
	assert_string_equal(url_error("ftp://127.0.0.1/"), "invalid_format");
	unsetenv("JOBBRO_WEBHOOK_ALLOW_PRIVATE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scheme),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_private),
	    cmocka_unit_test(test_sockaddr),
	    cmocka_unit_test(test_validator_env),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
