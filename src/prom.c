/*
 * prom.c — the Prometheus text format (version 0.0.4), the parts worth
 * testing alone: a label value escaped (backslash, double quote, line
 * feed), and the lines of one histogram series: cumulative buckets up to
 * le="+Inf", then _sum and _count, where _count is the +Inf bucket, so a
 * scrape always reads them consistent.
 */
#include <stdarg.h>
#include <stdio.h>

#include "jb_prom.h"

static int prom_put(char *, size_t, size_t *, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Escape in as a label value into out (outlen bytes). Returns the length
 * written without the NUL, or 0 (and out "") when out is too small.
 */
size_t
jb_prom_escape(const char *in, char *out, size_t outlen)
{
	size_t o, need;
	const char *p;

	if (outlen == 0)
		return (0);
	for (o = 0, p = in; *p != '\0'; p++) {
		need = (*p == '\\' || *p == '"' || *p == '\n') ? 2 : 1;
		if (o + need + 1 > outlen) {
			out[0] = '\0';
			return (0);
		}
		if (need == 2) {
			out[o++] = '\\';
			out[o++] = *p == '\n' ? 'n' : *p;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';

	return (o);
}

/*
 * The lines of histogram name for one series: labels is "" or
 * `k="v",...` (escaped); counts has nbounds + 1 entries, per bucket (not
 * cumulative), the last one above every bound; sum in the unit of the
 * bounds. Returns the length written to out, or -1 when out is too small.
 */
int
jb_prom_histogram(char *out, size_t outlen, const char *name,
    const char *labels, const double *bounds, size_t nbounds,
    const uint64_t *counts, double sum)
{
	unsigned long long cumulative;
	const char *sep, *open, *close;
	size_t b, off;

	sep = labels[0] != '\0' ? "," : "";
	open = labels[0] != '\0' ? "{" : "";
	close = labels[0] != '\0' ? "}" : "";
	off = 0;
	cumulative = 0;
	for (b = 0; b <= nbounds; b++) {
		cumulative += counts[b];
		if (b < nbounds &&
		    prom_put(out, outlen, &off,
			"%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
			bounds[b], cumulative) == -1)
			return (-1);
	}
	if (prom_put(out, outlen, &off,
		"%s_bucket{%s%sle=\"+Inf\"} %llu\n"
		"%s_sum%s%s%s %.3f\n"
		"%s_count%s%s%s %llu\n",
		name, labels, sep, cumulative, name, open, labels, close, sum,
		name, open, labels, close, cumulative) == -1)
		return (-1);

	return ((int)off);
}

/* snprintf at *off; -1 when it does not fit. */
static int
prom_put(char *out, size_t outlen, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= outlen)
		return (-1);
	va_start(ap, fmt);
	n = vsnprintf(out + *off, outlen - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= outlen - *off)
		return (-1);
	*off += (size_t)n;

	return (0);
}
