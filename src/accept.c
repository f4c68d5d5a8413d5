/*
 * accept.c — content negotiation by the Accept header (RFC 9110 §12.5.1).
 * jb_accept_choose() weighs the media types we can send (offers, in the
 * server's order of preference): each gets the q of the most specific
 * media range that matches it (type/subtype over type/ * over * / *);
 * the offer with the highest q above 0 wins, a tie goes to the earlier
 * offer. Media type parameters other than q are allowed and ignored; a
 * malformed range (bad q, no subtype) is skipped, as if it were not sent.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "jb_accept.h"

#define ACCEPT_Q_ONE 1000 /* q in thousandths */

struct accept_range {
	const char *type;
	size_t tlen;
	const char *sub;
	size_t slen;
	int q;
};

static const char *accept_element_end(const char *);
static int accept_range(const char *, const char *, struct accept_range *);
static const char *accept_param(const char *, const char *,
    struct accept_range *);
static const char *accept_token(const char *, const char *);
static const char *accept_ows(const char *, const char *);
static int accept_qvalue(const char *, size_t);
static int accept_specificity(const struct accept_range *, const char *);

/*
 * The index in offers (NULL-terminated, at most JB_ACCEPT_OFFERS_MAX
 * considered) of the media type accept prefers; 0 when there is no
 * Accept header or no well-formed range in it; -1 when the header
 * accepts none of them.
 */
int
jb_accept_choose(const char *accept, const char *const *offers)
{
	int q[JB_ACCEPT_OFFERS_MAX], spec[JB_ACCEPT_OFFERS_MAX];
	struct accept_range r;
	const char *p, *end;
	int i, n, s, best, ranges;

	for (n = 0; n < JB_ACCEPT_OFFERS_MAX && offers[n] != NULL; n++)
		q[n] = spec[n] = 0;
	ranges = 0;
	for (p = accept; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = accept_element_end(p);
		if (!accept_range(p, end, &r))
			continue;
		ranges++;
		for (i = 0; i < n; i++) {
			s = accept_specificity(&r, offers[i]);
			if (s > spec[i] ||
			    (s > 0 && s == spec[i] && r.q > q[i])) {
				spec[i] = s;
				q[i] = r.q;
			}
		}
	}
	if (ranges == 0)
		return (n > 0 ? 0 : -1);

	best = -1;
	for (i = 0; i < n; i++) {
		if (q[i] > 0 && (best == -1 || q[i] > q[best]))
			best = i;
	}
	return (best);
}

/* The comma that ends the element at p (not one in a quoted string). */
static const char *
accept_element_end(const char *p)
{
	int quoted;

	for (quoted = 0; *p != '\0'; p++) {
		if (quoted && *p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			break;
	}
	return (p);
}

/* Parse the element [p, end) as a media range; 0 if it is malformed. */
static int
accept_range(const char *p, const char *end, struct accept_range *r)
{
	p = accept_ows(p, end);
	r->type = p;
	p = accept_token(p, end);
	r->tlen = p - r->type;
	if (r->tlen == 0 || p == end || *p != '/')
		return (0);
	r->sub = ++p;
	p = accept_token(p, end);
	r->slen = p - r->sub;
	if (r->slen == 0)
		return (0);
	if (r->tlen == 1 && *r->type == '*' &&
	    !(r->slen == 1 && *r->sub == '*'))
		return (0);
	r->q = ACCEPT_Q_ONE;

	while ((p = accept_ows(p, end)) != end) {
		if (*p != ';' || (p = accept_param(p + 1, end, r)) == NULL)
			return (0);
	}
	return (1);
}

/* One parameter after its ';' (may be empty); NULL if malformed. */
static const char *
accept_param(const char *p, const char *end, struct accept_range *r)
{
	const char *name, *value;
	size_t nlen;

	p = accept_ows(p, end);
	name = p;
	p = accept_token(p, end);
	if ((nlen = p - name) == 0)
		return (p);
	if (p == end || *p != '=')
		return (NULL);
	value = ++p;
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
		}
		if (p == end)
			return (NULL);
		p++;
	} else {
		p = accept_token(p, end);
	}
	if (p == value)
		return (NULL);
	if (nlen == 1 && (*name == 'q' || *name == 'Q') &&
	    (r->q = accept_qvalue(value, p - value)) < 0)
		return (NULL);
	return (p);
}

/* The end of the RFC 9110 token at p. */
static const char *
accept_token(const char *p, const char *end)
{
	while (p < end &&
	    (isalnum((unsigned char)*p) ||
		strchr("!#$%&'*+-.^_`|~", *p) != NULL))
		p++;
	return (p);
}

static const char *
accept_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return (p);
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in 1/1000. */
static int
accept_qvalue(const char *s, size_t len)
{
	size_t i;
	int q, scale;

	if (len == 0 || len > 5 || (s[0] != '0' && s[0] != '1'))
		return (-1);
	q = (s[0] - '0') * ACCEPT_Q_ONE;
	if (len == 1)
		return (q);
	if (s[1] != '.')
		return (-1);
	for (i = 2, scale = 100; i < len; i++, scale /= 10) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		q += (s[i] - '0') * scale;
	}
	return (q > ACCEPT_Q_ONE ? -1 : q);
}

/* 3: type/subtype matches the offer; 2: type/ *; 1: * / *; 0: no match. */
static int
accept_specificity(const struct accept_range *r, const char *offer)
{
	const char *slash;
	size_t tlen;

	if (r->tlen == 1 && *r->type == '*')
		return (1);
	if ((slash = strchr(offer, '/')) == NULL)
		return (0);
	tlen = slash - offer;
	if (r->tlen != tlen || strncasecmp(r->type, offer, tlen) != 0)
		return (0);
	if (r->slen == 1 && *r->sub == '*')
		return (2);
	if (r->slen == strlen(slash + 1) &&
	    strncasecmp(r->sub, slash + 1, r->slen) == 0)
		return (3);
	return (0);
}
