/*
 * jb_validate.h — declarative validation of JSON bodies and query strings.
 * A resource describes its fields once as a table of struct jb_field;
 * the validator reports every bad field, never only the first.
 */
#ifndef JB_VALIDATE_H
#define JB_VALIDATE_H

#include <stddef.h>

#include <jansson.h>

enum jb_type {
	JB_T_END = 0, /* terminates a field table */
	JB_T_STRING, /* length in characters: min..max */
	JB_T_INT, /* min..max */
	JB_T_NUMBER, /* min..max; JB_F_EXCL_MIN makes min exclusive */
	JB_T_BOOL,
	JB_T_UUID,
	JB_T_DATE, /* YYYY-MM-DD, a real calendar date */
	JB_T_DATETIME, /* RFC 3339: date T hh:mm:ss[.frac] Z or +hh:mm */
	JB_T_EMAIL,
	JB_T_ENUM, /* one of values */
	JB_T_CODE, /* municipality code: 4 digits */
	JB_T_CVR, /* 8 digits, modulus 11 */
	JB_T_STRINGS, /* array of strings: min..max items, each 1..200 */
	JB_T_CODES, /* array of municipality codes, max items */
	JB_T_ENUMS, /* array of values (one of values each), max items */
	JB_T_OBJECT, /* nested object described by fields */
	JB_T_LATLON, /* query only: "lat,lon" -> {"lat","lon"} */
	JB_T_URL, /* webhook target: http(s), min..max long (jb_url.h) */
	JB_T_DIGITS, /* min..max ASCII digits: postal and DISCO-08 codes */
};

#define JB_F_REQUIRED 0x01 /* must be present on create */
#define JB_F_NULLABLE 0x02 /* JSON null accepted */
#define JB_F_EXCL_MIN 0x04 /* NUMBER: value must be > min */
#define JB_F_READONLY 0x08 /* documented, but not writable */
#define JB_F_CREATE_ONLY 0x10 /* writable on create, not by PATCH */
#define JB_F_PATCH_ONLY 0x20 /* writable by PATCH, not on create */

#define JB_STRINGS_ITEM_MAX 200

struct jb_field {
	const char *name;
	enum jb_type type;
	int flags;
	double min;
	double max;
	const char *const *values; /* JB_T_ENUM */
	const struct jb_field *fields; /* JB_T_OBJECT */
};

/* Modes of jb_validate_object(). */
#define JB_V_CREATE 0 /* required fields must be present */
#define JB_V_PATCH 1 /* every field optional */

int jb_validate_object(const json_t *, const struct jb_field *, int,
    const char *, json_t *);
json_t *jb_query_parse(const char *, const struct jb_field *, json_t *);

int jb_valid_uuid(const char *);
int jb_valid_date(const char *);
int jb_valid_datetime(const char *);
int jb_valid_email(const char *);
int jb_valid_cvr(const char *);
int jb_valid_code(const char *);
int jb_valid_name(const char *);
size_t jb_utf8_len(const char *);
int jb_url_decode(const char *, size_t, char *, size_t);

#endif
