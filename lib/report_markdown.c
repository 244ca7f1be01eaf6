#include <config.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rfc3339.h"

/*
 * The characters that start or end markup inside a table cell in GitHub
 * Markdown: emphasis, code, links, images, HTML and autolinks, tables,
 * strikethrough, entities, math, and the escape itself.  Input never
 * starts a line, so block markup (#, -, +, 1.) needs no escape.
 */
#define MARKUP "\\`*_[]<>|~&$"

/*
 * Writes to the report stream fp (the caller's, for the report itself,
 * not a diagnostic).  Returns what vfprintf returns.
 */
static int	put(FILE *fp, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

static int
put(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fp, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Writes the input string s (NULL: nothing) as inline text that cannot
 * be markup: made safe for a terminal (line breaks, controls and bytes
 * that are not UTF-8 become "?"), then each character of MARKUP
 * escaped with a backslash.  Returns 0, or -1 when memory runs out.
 */
static int
md(FILE *fp, const char *s)
{
	char *safe;
	const char *p;

	if (s == NULL)
		return 0;
	if ((safe = dp_report_sanitize(s, 0)) == NULL)
		return -1;
	for (p = safe; *p != '\0'; p++) {
		if (strchr(MARKUP, *p) != NULL)
			putc('\\', fp);
		putc(*p, fp);
	}
	free(safe);
	return 0;
}

/* Writes the cell "| s " of the input string s (NULL: empty). */
static int
cell(FILE *fp, const char *s)
{
	put(fp, "| ");
	if (md(fp, s) != 0)
		return -1;
	put(fp, " ");
	return 0;
}

/* The RFC 3339 time ms, or "" when has is 0, cut to n characters. */
static void
when(int has, int64_t ms, char *buf, size_t size, size_t n)
{
	buf[0] = '\0';
	if (has && dp_rfc3339_format(ms, buf, size, NULL) == 0 && n < size)
		buf[n] = '\0';
}

static void
header(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	char a[DP_RFC3339_MAX], b[DP_RFC3339_MAX];

	put(fp, "# dp %s report\n\n", PACKAGE_VERSION);
	if (t->has_time) {
		when(1, t->first, a, sizeof(a), sizeof(a));
		when(1, t->last, b, sizeof(b), sizeof(b));
		put(fp, "From %s to %s.\n", a, b);
	} else
		put(fp, "%s.\n", t->records == 0 ? "No records" :
		    "No times");
}

static int
kinds(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	const struct dp_summary_kind *k;
	size_t i;

	put(fp, "\n## Records by kind (%" PRIu64 " %s", t->records,
	    t->records == 1 ? "record" : "records");
	if (t->malformed > 0)
		put(fp, ", %" PRIu64 " with missing or mistyped fields",
		    t->malformed);
	put(fp, ")\n\n");
	if (dp_summary_nkinds(s) == 0) {
		put(fp, "No records.\n");
		return 0;
	}
	put(fp, "| Kind | Records |\n| --- | ---: |\n");
	for (i = 0; i < dp_summary_nkinds(s); i++) {
		k = dp_summary_kind_at(s, i);
		if (cell(fp, k->name) != 0)
			return -1;
		put(fp, "| %" PRIu64 " |\n", k->count);
	}
	return 0;
}

static int
devs(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_dev *d;
	char a[DP_RFC3339_MAX], b[DP_RFC3339_MAX];
	size_t i;

	put(fp, "\n## Developers (%zu)\n\n", dp_summary_ndevs(s));
	if (dp_summary_ndevs(s) == 0) {
		put(fp, "No developers.\n");
		return 0;
	}
	put(fp, "| Developer | Name | Email | Commits | Findings | Risk | "
	    "First | Last |\n| --- | --- | --- | ---: | ---: | ---: | --- | "
	    "--- |\n");
	for (i = 0; i < dp_summary_ndevs(s); i++) {
		d = dp_summary_dev_at(s, i);
		if (cell(fp, d->key) != 0 || cell(fp, d->name) != 0 ||
		    cell(fp, d->email) != 0)
			return -1;
		when(d->has_time, d->first, a, sizeof(a), 10);
		when(d->has_time, d->last, b, sizeof(b), 10);
		put(fp, "| %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %s | "
		    "%s |\n", d->commits, d->findings, d->risk, a, b);
	}
	return 0;
}

static int
repos(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_repo *r;
	size_t i;

	put(fp, "\n## Repositories (%zu)\n\n", dp_summary_nrepos(s));
	if (dp_summary_nrepos(s) == 0) {
		put(fp, "No repositories.\n");
		return 0;
	}
	put(fp, "| Repository | Records | Commits |\n| --- | ---: | ---: |\n");
	for (i = 0; i < dp_summary_nrepos(s); i++) {
		r = dp_summary_repo_at(s, i);
		if (cell(fp, r->name) != 0)
			return -1;
		put(fp, "| %" PRIu64 " | %" PRIu64 " |\n", r->records,
		    r->commits);
	}
	return 0;
}

static void
severities(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	int sev;

	put(fp, "\n## Findings by severity (%" PRIu64 " %s)\n\n",
	    t->findings, t->findings == 1 ? "finding" : "findings");
	if (t->findings == 0) {
		put(fp, "No findings.\n");
		return;
	}
	put(fp, "| Severity | Findings |\n| --- | ---: |\n");
	for (sev = DP_SUMMARY_SEV_COUNT - 1; sev >= DP_SUMMARY_SEV_UNKNOWN;
	    sev--)
		if (sev != DP_SUMMARY_SEV_UNKNOWN || t->by_severity[sev] > 0)
			put(fp, "| %s | %" PRIu64 " |\n",
			    dp_summary_severity_name(sev), t->by_severity[sev]);
}

static int
rules(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_rule *r;
	size_t i;

	put(fp, "\n## Rules that fired (%zu)\n\n", dp_summary_nrules(s));
	if (dp_summary_nrules(s) == 0) {
		put(fp, "No findings.\n");
		return 0;
	}
	put(fp, "| Severity | Rule | Title | Findings |\n"
	    "| --- | --- | --- | ---: |\n");
	for (i = 0; i < dp_summary_nrules(s); i++) {
		r = dp_summary_rule_at(s, i);
		put(fp, "| %s ", dp_summary_severity_name(r->severity));
		if (cell(fp, r->id) != 0 || cell(fp, r->title) != 0)
			return -1;
		put(fp, "| %" PRIu64 " |\n", r->count);
	}
	return 0;
}

static int
top(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	const struct dp_summary_finding *f;
	char when_[DP_RFC3339_MAX];
	size_t i;

	put(fp, "\n## Top findings (%zu of %" PRIu64 ")\n\n",
	    dp_summary_ntop(s), t->findings);
	if (dp_summary_ntop(s) == 0) {
		put(fp, "No findings.\n");
		return 0;
	}
	put(fp, "| # | Severity | Risk | Title | Time | Actor | Repository | "
	    "Commit |\n| ---: | --- | ---: | --- | --- | --- | --- | --- |\n");
	for (i = 0; i < dp_summary_ntop(s); i++) {
		f = dp_summary_top_at(s, i);
		put(fp, "| %zu | %s | %d ", i + 1,
		    dp_summary_severity_name(f->severity), f->risk);
		when(f->has_time, f->time, when_, sizeof(when_),
		    sizeof(when_));
		if (cell(fp, f->title != NULL ? f->title : f->rule_id != NULL ?
		    f->rule_id : "(no rule)") != 0)
			return -1;
		put(fp, "| %s ", when_);
		if (cell(fp, f->actor) != 0 || cell(fp, f->repo) != 0)
			return -1;
		put(fp, "| %s |\n", f->commit);
	}
	return 0;
}

static int
render(const struct dp_summary *s, FILE *fp, struct dp_error *err)
{
	header(s, fp);
	if (kinds(s, fp) != 0 || devs(s, fp) != 0 || repos(s, fp) != 0)
		goto nomem;
	severities(s, fp);
	if (rules(s, fp) != 0 || top(s, fp) != 0)
		goto nomem;
	if (ferror(fp))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error");
	return 0;
nomem:
	if (ferror(fp))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error");
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

const struct dp_report_format dp_report_markdown = { "markdown", render, 0 };
