/*
 * validate.c — the declarative validators. jb_validate_object() checks a
 * JSON object against a field table (types, lengths, ranges, formats,
 * enums, unknown fields) and appends one error per bad field;
 * jb_query_parse() turns a query string into a typed JSON object using
 * the same tables. Nothing here touches Kore or the database.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_problem.h"
#include "jb_url.h"
#include "jb_validate.h"

#define FIELD_PATH_MAX 128
#define QUERY_VALUE_MAX 1024

static const struct jb_field *field_find(const struct jb_field *, const char *);
static int field_writable(const struct jb_field *, int);
static void field_path(char *, size_t, const char *, const char *);
static void check_value(const json_t *, const struct jb_field *, const char *,
    json_t *);
static void check_string(const char *, const struct jb_field *, const char *,
    json_t *);
static void check_url(const char *, size_t, const struct jb_field *,
    const char *, json_t *);
static void check_range(double, const struct jb_field *, const char *,
    json_t *);
static void check_strings(const json_t *, const struct jb_field *, const char *,
    json_t *);
static json_t *query_value(const char *, const struct jb_field *, json_t *);
static int parse_number(const char *, double *);
static int hex_value(char);

/*
 * Validate obj against fields. mode is JB_V_CREATE or JB_V_PATCH; prefix
 * names the enclosing object for nested fields (NULL at the top). Returns
 * the number of errors added.
 */
int
jb_validate_object(const json_t *obj, const struct jb_field *fields, int mode,
    const char *prefix, json_t *errors)
{
	const struct jb_field *f;
	const char *key;
	const json_t *v;
	char path[FIELD_PATH_MAX];
	size_t before;

	before = json_array_size(errors);

	json_object_foreach((json_t *)obj, key, v) {
		field_path(path, sizeof(path), prefix, key);
		if ((f = field_find(fields, key)) == NULL) {
			jb_errors_add(errors, path, "unknown_field",
			    "%s is not a known field", path);
		} else if (!field_writable(f, mode)) {
			jb_errors_add(errors, path, "read_only",
			    "%s cannot be written %s", path,
			    mode == JB_V_PATCH ? "by PATCH" : "on create");
		}
	}

	for (f = fields; f->type != JB_T_END; f++) {
		if (!field_writable(f, mode))
			continue;
		field_path(path, sizeof(path), prefix, f->name);
		v = json_object_get(obj, f->name);
		if (v == NULL) {
			if (mode == JB_V_CREATE && (f->flags & JB_F_REQUIRED))
				jb_errors_add(errors, path, "required",
				    "%s is required", path);
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & JB_F_NULLABLE))
				jb_errors_add(errors, path, "invalid_type",
				    "%s cannot be null", path);
			continue;
		}
		check_value(v, f, path, errors);
		/* A nested object is always given whole. */
		if (f->type == JB_T_OBJECT && json_is_object(v))
			(void)jb_validate_object(v, f->fields, JB_V_CREATE,
			    path, errors);
	}

	return ((int)(json_array_size(errors) - before));
}

/*
 * Parse a raw query string against fields. Unknown parameters are
 * ignored; bad values of known ones are added to errors. Returns a new
 * object of typed values (never NULL).
 */
json_t *
jb_query_parse(const char *qs, const struct jb_field *fields, json_t *errors)
{
	json_t *out, *v;
	const struct jb_field *f;
	const char *p, *amp, *eq;
	char key[64], val[QUERY_VALUE_MAX];
	size_t klen, vlen;

	out = json_object();
	for (p = qs; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		eq = memchr(p, '=', amp ? (size_t)(amp - p) : strlen(p));
		klen = eq ? (size_t)(eq - p)
			  : (amp ? (size_t)(amp - p) : strlen(p));
		if (klen == 0)
			continue;
		if (jb_url_decode(p, klen, key, sizeof(key)) == -1)
			continue;
		if ((f = field_find(fields, key)) == NULL)
			continue;
		if (json_object_get(out, key) != NULL) {
			jb_errors_add(errors, key, "duplicate",
			    "%s is given more than once", key);
			continue;
		}
		vlen = 0;
		if (eq != NULL)
			vlen = amp ? (size_t)(amp - eq - 1) : strlen(eq + 1);
		if (eq == NULL ||
		    jb_url_decode(eq + 1, vlen, val, sizeof(val)) == -1 ||
		    jb_utf8_len(val) == (size_t)-1) {
			jb_errors_add(errors, key, "invalid_format",
			    "%s is not a valid value", key);
			continue;
		}
		if ((v = query_value(val, f, errors)) != NULL)
			json_object_set_new(out, key, v);
	}

	return (out);
}

/* 8-4-4-4-12 hexadecimal digits. */
int
jb_valid_uuid(const char *s)
{
	int i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (!isxdigit((unsigned char)s[i])) {
			return (0);
		}
	}
	return (s[36] == '\0');
}

/* YYYY-MM-DD naming a real day between 1900 and 2999. */
int
jb_valid_date(const char *s)
{
	int y, m, d, mdays;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	for (y = 0; y < 10; y++) {
		if (y != 4 && y != 7 && !isdigit((unsigned char)s[y]))
			return (0);
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return (0);
	mdays = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		mdays = 29;

	return (d <= mdays);
}

/*
 * RFC 3339 date-time: YYYY-MM-DDThh:mm:ss, optional fraction (1-6
 * digits), then Z or +hh:mm / -hh:mm. A real date and time of day.
 */
int
jb_valid_datetime(const char *s)
{
	char date[11];
	const char *p;
	int i, n;

	if (strlen(s) < 20 || s[10] != 'T')
		return (0);
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!jb_valid_date(date))
		return (0);
	p = s + 11;
	for (i = 0; i < 8; i++) {
		if (i == 2 || i == 5) {
			if (p[i] != ':')
				return (0);
		} else if (!isdigit((unsigned char)p[i])) {
			return (0);
		}
	}
	if (atoi(p) > 23 || atoi(p + 3) > 59 || atoi(p + 6) > 59)
		return (0);
	p += 8;
	if (*p == '.') {
		for (n = 0, p++; isdigit((unsigned char)*p); p++)
			n++;
		if (n < 1 || n > 6)
			return (0);
	}
	if (strcmp(p, "Z") == 0)
		return (1);
	if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':' ||
	    !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
	    !isdigit((unsigned char)p[4]) || !isdigit((unsigned char)p[5]))
		return (0);

	return (atoi(p + 1) <= 23 && atoi(p + 4) <= 59);
}

/* A pragmatic check: local@domain.tld, no spaces, at most 254 bytes. */
int
jb_valid_email(const char *s)
{
	const char *at, *dot, *p;

	if (strlen(s) > 254 || (at = strchr(s, '@')) == NULL || at == s)
		return (0);
	if (strchr(at + 1, '@') != NULL)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return (0);
	}
	dot = strrchr(at + 1, '.');

	return (dot != NULL && dot > at + 1 && dot[1] != '\0');
}

/* Danish CVR: 8 digits, weights 2 7 6 5 4 3 2 1, sum divisible by 11. */
int
jb_valid_cvr(const char *s)
{
	static const int weights[8] = {2, 7, 6, 5, 4, 3, 2, 1};
	int i, sum;

	for (i = 0, sum = 0; i < 8; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (0);
		sum += (s[i] - '0') * weights[i];
	}

	return (s[8] == '\0' && s[0] != '0' && sum % 11 == 0);
}

/* Official kommunekode: exactly four digits. */
int
jb_valid_code(const char *s)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (0);
	}
	return (s[4] == '\0');
}

/* A name in a path (a paperwork step): [a-z0-9_], 1 to 63 characters. */
int
jb_valid_name(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++) {
		if (!islower((unsigned char)s[n]) &&
		    !isdigit((unsigned char)s[n]) && s[n] != '_')
			return (0);
	}
	return (n > 0 && n < 64);
}

/* Characters in a NUL-terminated UTF-8 string, or (size_t)-1 if invalid. */
size_t
jb_utf8_len(const char *s)
{
	const unsigned char *p;
	size_t n;
	int i, more;
	unsigned int cp;

	for (p = (const unsigned char *)s, n = 0; *p != '\0'; n++) {
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xe0) == 0xc0) {
			more = 1;
			cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			more = 2;
			cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			more = 3;
			cp = *p & 0x07;
		} else {
			return ((size_t)-1);
		}
		for (i = 1; i <= more; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return ((size_t)-1);
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((more == 1 && cp < 0x80) || (more == 2 && cp < 0x800) ||
		    (more == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return ((size_t)-1);
		p += more + 1;
	}

	return (n);
}

/*
 * Percent-decode len bytes of in ('+' is a space) into out. Fails on bad
 * escapes, NUL bytes, or when out is too small.
 */
int
jb_url_decode(const char *in, size_t len, char *out, size_t outlen)
{
	size_t i, o;
	int hi, lo;

	for (i = 0, o = 0; i < len; i++) {
		if (o + 1 >= outlen)
			return (-1);
		if (in[i] == '+') {
			out[o++] = ' ';
		} else if (in[i] == '%') {
			if (i + 2 >= len)
				return (-1);
			hi = hex_value(in[i + 1]);
			lo = hex_value(in[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return (-1);
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';

	return (0);
}

static const struct jb_field *
field_find(const struct jb_field *fields, const char *name)
{
	const struct jb_field *f;

	for (f = fields; f->type != JB_T_END; f++) {
		if (strcmp(f->name, name) == 0)
			return (f);
	}
	return (NULL);
}

/* May a body in this mode carry the field? */
static int
field_writable(const struct jb_field *f, int mode)
{
	if (f->flags & JB_F_READONLY)
		return (0);
	if (mode == JB_V_PATCH && (f->flags & JB_F_CREATE_ONLY))
		return (0);
	if (mode == JB_V_CREATE && (f->flags & JB_F_PATCH_ONLY))
		return (0);
	return (1);
}

static void
field_path(char *buf, size_t len, const char *prefix, const char *name)
{
	if (prefix == NULL)
		(void)snprintf(buf, len, "%s", name);
	else
		(void)snprintf(buf, len, "%s.%s", prefix, name);
}

/* Check one non-null value against its field description. */
static void
check_value(const json_t *v, const struct jb_field *f, const char *path,
    json_t *errors)
{
	switch (f->type) {
	case JB_T_INT:
		if (!json_is_integer(v))
			break;
		check_range((double)json_integer_value(v), f, path, errors);
		return;
	case JB_T_NUMBER:
		if (!json_is_number(v))
			break;
		check_range(json_number_value(v), f, path, errors);
		return;
	case JB_T_BOOL:
		if (!json_is_boolean(v))
			break;
		return;
	case JB_T_STRINGS:
	case JB_T_CODES:
	case JB_T_ENUMS:
		if (!json_is_array(v))
			break;
		check_strings(v, f, path, errors);
		return;
	case JB_T_OBJECT:
		if (!json_is_object(v))
			break;
		return;
	default:
		if (!json_is_string(v))
			break;
		check_string(json_string_value(v), f, path, errors);
		return;
	}
	jb_errors_add(errors, path, "invalid_type", "%s has the wrong type",
	    path);
}

/* Check a string value: length, then the format its type demands. */
static void
check_string(const char *s, const struct jb_field *f, const char *path,
    json_t *errors)
{
	const char *const *e;
	size_t len;

	len = jb_utf8_len(s);
	if (len == (size_t)-1) {
		jb_errors_add(errors, path, "invalid_format",
		    "%s is not valid UTF-8", path);
		return;
	}

	switch (f->type) {
	case JB_T_STRING:
		if (f->max > 0 && len > f->max)
			jb_errors_add(errors, path, "too_long",
			    "%s must be at most %.0f characters", path, f->max);
		else if (len < f->min)
			jb_errors_add(errors, path, "too_short",
			    "%s must be at least %.0f characters", path,
			    f->min);
		return;
	case JB_T_UUID:
		if (!jb_valid_uuid(s))
			break;
		return;
	case JB_T_DATE:
		if (!jb_valid_date(s))
			break;
		return;
	case JB_T_DATETIME:
		if (!jb_valid_datetime(s))
			break;
		return;
	case JB_T_EMAIL:
		if (!jb_valid_email(s))
			break;
		return;
	case JB_T_CODE:
		if (!jb_valid_code(s))
			break;
		return;
	case JB_T_CVR:
		if (len != 8 || !isdigit((unsigned char)s[0]) ||
		    strspn(s, "0123456789") != 8)
			break;
		if (!jb_valid_cvr(s))
			jb_errors_add(errors, path, "invalid_checksum",
			    "%s is not a valid CVR number", path);
		return;
	case JB_T_URL:
		check_url(s, len, f, path, errors);
		return;
	case JB_T_DIGITS:
		if (len < f->min || len > f->max ||
		    strspn(s, "0123456789") != len)
			break;
		return;
	case JB_T_ENUM:
		for (e = f->values; *e != NULL; e++) {
			if (strcmp(*e, s) == 0)
				return;
		}
		jb_errors_add(errors, path, "invalid_value",
		    "%s is not one of the allowed values", path);
		return;
	default:
		break;
	}
	jb_errors_add(errors, path, "invalid_format", "%s is not well formed",
	    path);
}

/* A webhook URL: its length, then http(s) and no private address. */
static void
check_url(const char *s, size_t len, const struct jb_field *f, const char *path,
    json_t *errors)
{
	if (f->max > 0 && len > f->max) {
		jb_errors_add(errors, path, "too_long",
		    "%s must be at most %.0f characters", path, f->max);
		return;
	}
	switch (jb_url_check(s, jb_url_allow_private())) {
	case JB_URL_OK:
		return;
	case JB_URL_SCHEME:
		jb_errors_add(errors, path, "invalid_format",
		    "%s must be an http:// or https:// URL", path);
		return;
	case JB_URL_PRIVATE:
		jb_errors_add(errors, path, "forbidden_address",
		    "%s must not point to a loopback, private or link-local "
		    "address",
		    path);
		return;
	default:
		jb_errors_add(errors, path, "invalid_format",
		    "%s is not a well-formed URL", path);
		return;
	}
}

static void
check_range(double d, const struct jb_field *f, const char *path,
    json_t *errors)
{
	int low;

	low = (f->flags & JB_F_EXCL_MIN) ? d <= f->min : d < f->min;
	if (!isfinite(d) || low || d > f->max)
		jb_errors_add(errors, path, "out_of_range",
		    "%s must be between %g and %g", path, f->min, f->max);
}

/* Arrays of strings: item count within max, each item checked. */
static void
check_strings(const json_t *arr, const struct jb_field *f, const char *path,
    json_t *errors)
{
	struct jb_field item;
	const json_t *v;
	size_t i;
	char ipath[FIELD_PATH_MAX + 24];

	if (json_array_size(arr) > f->max) {
		jb_errors_add(errors, path, "too_long",
		    "%s has more than %.0f items", path, f->max);
		return;
	}
	if (json_array_size(arr) < f->min) {
		jb_errors_add(errors, path, "too_short",
		    "%s needs at least %.0f items", path, f->min);
		return;
	}

	memset(&item, 0, sizeof(item));
	item.name = f->name;
	item.type = f->type == JB_T_CODES ? JB_T_CODE
	    : f->type == JB_T_ENUMS       ? JB_T_ENUM
					  : JB_T_STRING;
	item.values = f->values;
	item.min = 1;
	item.max = JB_STRINGS_ITEM_MAX;

	json_array_foreach(arr, i, v) {
		(void)snprintf(ipath, sizeof(ipath), "%.*s[%zu]",
		    FIELD_PATH_MAX - 1, path, i);
		if (!json_is_string(v)) {
			jb_errors_add(errors, ipath, "invalid_type",
			    "%s must be a string", ipath);
			continue;
		}
		check_string(json_string_value(v), &item, ipath, errors);
	}
}

/* Convert one query value to JSON by field type, or add an error. */
static json_t *
query_value(const char *s, const struct jb_field *f, json_t *errors)
{
	json_t *v;
	double d, lat, lon;
	size_t before;
	const char *comma;
	char num[64];

	before = json_array_size(errors);
	switch (f->type) {
	case JB_T_INT:
		if (!parse_number(s, &d) || d != floor(d) ||
		    strpbrk(s, ".eE") != NULL)
			goto bad;
		/* Range first: casting a huge double is undefined. */
		check_range(d, f, f->name, errors);
		if (json_array_size(errors) != before)
			return (NULL);
		return (json_integer((json_int_t)d));
	case JB_T_NUMBER:
		if (!parse_number(s, &d))
			goto bad;
		v = json_real(d);
		break;
	case JB_T_BOOL:
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			goto bad;
		return (json_boolean(strcmp(s, "true") == 0));
	case JB_T_LATLON:
		if ((comma = strchr(s, ',')) == NULL ||
		    (size_t)(comma - s) >= sizeof(num))
			goto bad;
		memcpy(num, s, comma - s);
		num[comma - s] = '\0';
		if (!parse_number(num, &lat) || !parse_number(comma + 1, &lon))
			goto bad;
		if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
			jb_errors_add(errors, f->name, "out_of_range",
			    "%s must be <lat>,<lon> within -90..90, -180..180",
			    f->name);
			return (NULL);
		}
		return (json_pack("{s:f, s:f}", "lat", lat, "lon", lon));
	default:
		check_string(s, f, f->name, errors);
		if (json_array_size(errors) != before)
			return (NULL);
		return (json_string(s));
	}

	check_range(json_number_value(v), f, f->name, errors);
	if (json_array_size(errors) != before) {
		json_decref(v);
		return (NULL);
	}
	return (v);

bad:
	jb_errors_add(errors, f->name, "invalid_format",
	    "%s is not a valid value", f->name);
	return (NULL);
}

static int
parse_number(const char *s, double *out)
{
	char *end;

	if (*s == '\0' || isspace((unsigned char)*s) || strlen(s) > 32)
		return (0);
	errno = 0;
	*out = strtod(s, &end);

	return (errno == 0 && *end == '\0' && isfinite(*out) &&
	    strpbrk(s, "xXnN") == NULL);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}
