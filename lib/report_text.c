#include <config.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rfc3339.h"

#define WIDTH 80		/* columns of the terminal */
#define INDENT 2		/* before every table row */
#define GAP 2			/* between table columns */
#define PIECE 40		/* the widest name in a top finding line */

/*
 * Writes to the caller's stream: the report is this module's output,
 * not a diagnostic.  Returns what vfprintf returns.
 */
static int	put(FILE *, const char *, ...)
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

/* A column of a table; min is the narrowest it may shrink to, 0: never. */
struct col {
	const char *head;
	int right;		/* right-aligned (numbers) */
	size_t min;
};

/* A table of sanitised cells, row by row. */
struct tab {
	const struct col *cols;
	size_t ncols;
	char **cells;
	size_t n, cap;
	int fail;		/* memory ran out */
};

static void
tab_free(struct tab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* Adds a row of t->ncols strings (NULL prints as "-"). */
static void
tab_add(struct tab *t, const char *const *row)
{
	char **nc;
	size_t i;

	if (t->fail)
		return;
	if (t->n + t->ncols > t->cap) {
		t->cap = t->cap == 0 ? 16 * t->ncols : t->cap * 2;
		if ((nc = realloc(t->cells, t->cap * sizeof(*nc))) == NULL) {
			t->fail = 1;
			return;
		}
		t->cells = nc;
	}
	for (i = 0; i < t->ncols; i++) {
		t->cells[t->n] = dp_report_sanitize(row[i] != NULL ? row[i] :
		    "-", 0);
		if (t->cells[t->n] == NULL) {
			t->fail = 1;
			return;
		}
		t->n++;
	}
}

/* Prints s in w columns, cut with "..." when longer.  -1: no memory. */
static int
cell(FILE *fp, const char *s, size_t w, int right, int last)
{
	char *cut = NULL;
	size_t len = dp_report_width(s);

	if (len > w) {
		if ((cut = dp_report_sanitize(s, w)) == NULL)
			return -1;
		s = cut;
		len = w;
	}
	if (right)
		put(fp, "%*s%s", (int)(w - len), "", s);
	else
		put(fp, "%s%*s", s, last ? 0 : (int)(w - len), "");
	free(cut);
	return 0;
}

/*
 * Prints the header and rows of t, the columns as wide as their widest
 * cell, shrinking the widest shrinkable column while the rows would not
 * fit in WIDTH.  Returns 0 or -1 (no memory).
 */
static int
tab_print(const struct tab *t, FILE *fp)
{
	size_t w[8], total, i, j, k, best;

	if (t->fail || t->ncols > sizeof(w) / sizeof(w[0]))
		return -1;
	total = INDENT + GAP * (t->ncols - 1);
	for (j = 0; j < t->ncols; j++) {
		w[j] = dp_report_width(t->cols[j].head);
		for (i = j; i < t->n; i += t->ncols)
			if (dp_report_width(t->cells[i]) > w[j])
				w[j] = dp_report_width(t->cells[i]);
		total += w[j];
	}
	while (total > WIDTH) {
		best = t->ncols;
		for (j = 0; j < t->ncols; j++)
			if (t->cols[j].min > 0 && w[j] > t->cols[j].min &&
			    (best == t->ncols || w[j] - t->cols[j].min >
			    w[best] - t->cols[best].min))
				best = j;
		if (best == t->ncols)
			break;
		w[best]--;
		total--;
	}
	for (i = 0; i <= t->n; i += t->ncols) {
		put(fp, "%*s", INDENT, "");
		for (j = 0; j < t->ncols; j++) {
			k = j + 1 == t->ncols;
			if (cell(fp, i == 0 ? t->cols[j].head :
			    t->cells[i - t->ncols + j], w[j], t->cols[j].right,
			    (int)k) != 0)
				return -1;
			if (!k)
				put(fp, "%*s", GAP, "");
		}
		fputc('\n', fp);
		if (i == t->n)
			break;
	}
	return 0;
}

/* Writes ms as "2026-03-01" (day) or "2026-03-01 09:14:05" into buf. */
static void
when(int64_t ms, int day, char *buf, size_t size)
{
	char t[DP_RFC3339_MAX];

	if (dp_rfc3339_format(ms, t, sizeof(t), NULL) != 0) {
		snprintf(buf, size, "?");
		return;
	}
	t[10] = day ? '\0' : ' ';
	t[19] = '\0';
	snprintf(buf, size, "%s", t);
}

/* "1 finding", "2 findings" */
static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
header(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	char a[DP_RFC3339_MAX], b[DP_RFC3339_MAX];

	put(fp, "dp %s report", PACKAGE_VERSION);
	if (t->has_time) {
		when(t->first, 0, a, sizeof(a));
		when(t->last, 0, b, sizeof(b));
		put(fp, ", %s to %s UTC\n", a, b);
	} else
		put(fp, ", %s\n", t->records == 0 ? "no records" :
		    "no times");
}

static int
kinds(const struct dp_summary *s, FILE *fp)
{
	static const struct col cols[] = {
		{ "KIND", 0, 12 }, { "RECORDS", 1, 0 }
	};
	const struct dp_summary_totals *t = dp_summary_totals(s);
	struct tab tab = { cols, 2, NULL, 0, 0, 0 };
	const struct dp_summary_kind *k;
	const char *row[2];
	char n[24];
	size_t i;
	int rc;

	put(fp, "\nRecords by kind (%" PRIu64 " %s", t->records,
	    plural(t->records, "record", "records"));
	if (t->malformed > 0)
		put(fp, ", %" PRIu64 " with missing or mistyped fields",
		    t->malformed);
	put(fp, ")\n");
	if (t->records == 0) {
		put(fp, "  no records\n");
		return 0;
	}
	for (i = 0; i < dp_summary_nkinds(s); i++) {
		k = dp_summary_kind_at(s, i);
		snprintf(n, sizeof(n), "%" PRIu64, k->count);
		row[0] = k->name;
		row[1] = n;
		tab_add(&tab, row);
	}
	rc = tab_print(&tab, fp);
	tab_free(&tab);
	return rc;
}

static int
devs(const struct dp_summary *s, FILE *fp)
{
	static const struct col cols[] = {
		{ "NAME", 0, 10 }, { "EMAIL", 0, 10 }, { "COMMITS", 1, 0 },
		{ "FINDINGS", 1, 0 }, { "RISK", 1, 0 }, { "FIRST", 0, 0 },
		{ "LAST", 0, 0 }
	};
	struct tab tab = { cols, 7, NULL, 0, 0, 0 };
	const struct dp_summary_dev *d;
	char first[DP_RFC3339_MAX], last[DP_RFC3339_MAX];
	char c[24], f[24], r[24];
	const char *row[7];
	size_t i;
	int rc;

	put(fp, "\nDevelopers (%zu)\n", dp_summary_ndevs(s));
	if (dp_summary_ndevs(s) == 0) {
		put(fp, "  no developers\n");
		return 0;
	}
	for (i = 0; i < dp_summary_ndevs(s); i++) {
		d = dp_summary_dev_at(s, i);
		snprintf(c, sizeof(c), "%" PRIu64, d->commits);
		snprintf(f, sizeof(f), "%" PRIu64, d->findings);
		snprintf(r, sizeof(r), "%" PRIu64, d->risk);
		snprintf(first, sizeof(first), "-");
		snprintf(last, sizeof(last), "-");
		if (d->has_time) {
			when(d->first, 1, first, sizeof(first));
			when(d->last, 1, last, sizeof(last));
		}
		row[0] = d->name != NULL ? d->name : d->key;
		row[1] = d->email;
		row[2] = c;
		row[3] = f;
		row[4] = r;
		row[5] = first;
		row[6] = last;
		tab_add(&tab, row);
	}
	rc = tab_print(&tab, fp);
	tab_free(&tab);
	return rc;
}

static int
repos(const struct dp_summary *s, FILE *fp)
{
	static const struct col cols[] = {
		{ "REPOSITORY", 0, 12 }, { "RECORDS", 1, 0 },
		{ "COMMITS", 1, 0 }
	};
	struct tab tab = { cols, 3, NULL, 0, 0, 0 };
	const struct dp_summary_repo *r;
	char n[24], c[24];
	const char *row[3];
	size_t i;
	int rc;

	put(fp, "\nRepositories (%zu)\n", dp_summary_nrepos(s));
	if (dp_summary_nrepos(s) == 0) {
		put(fp, "  no repositories\n");
		return 0;
	}
	for (i = 0; i < dp_summary_nrepos(s); i++) {
		r = dp_summary_repo_at(s, i);
		snprintf(n, sizeof(n), "%" PRIu64, r->records);
		snprintf(c, sizeof(c), "%" PRIu64, r->commits);
		row[0] = r->name;
		row[1] = n;
		row[2] = c;
		tab_add(&tab, row);
	}
	rc = tab_print(&tab, fp);
	tab_free(&tab);
	return rc;
}

static int
severities(const struct dp_summary *s, FILE *fp)
{
	static const struct col cols[] = {
		{ "SEVERITY", 0, 0 }, { "FINDINGS", 1, 0 }
	};
	const struct dp_summary_totals *t = dp_summary_totals(s);
	struct tab tab = { cols, 2, NULL, 0, 0, 0 };
	const char *row[2];
	char n[24];
	int sev, rc;

	put(fp, "\nFindings by severity (%" PRIu64 " %s)\n", t->findings,
	    plural(t->findings, "finding", "findings"));
	if (t->findings == 0) {
		put(fp, "  no findings\n");
		return 0;
	}
	for (sev = DP_SUMMARY_SEV_COUNT - 1; sev >= 0; sev--) {
		if (sev == DP_SUMMARY_SEV_UNKNOWN && t->by_severity[sev] == 0)
			continue;
		snprintf(n, sizeof(n), "%" PRIu64, t->by_severity[sev]);
		row[0] = dp_summary_severity_name(sev);
		row[1] = n;
		tab_add(&tab, row);
	}
	rc = tab_print(&tab, fp);
	tab_free(&tab);
	return rc;
}

static int
rules(const struct dp_summary *s, FILE *fp)
{
	static const struct col cols[] = {
		{ "SEVERITY", 0, 0 }, { "RULE", 0, 12 }, { "TITLE", 0, 12 },
		{ "COUNT", 1, 0 }
	};
	struct tab tab = { cols, 4, NULL, 0, 0, 0 };
	const struct dp_summary_rule *r;
	const char *row[4];
	char n[24];
	size_t i;
	int rc;

	put(fp, "\nRules that fired (%zu)\n", dp_summary_nrules(s));
	if (dp_summary_nrules(s) == 0) {
		put(fp, "  no findings\n");
		return 0;
	}
	for (i = 0; i < dp_summary_nrules(s); i++) {
		r = dp_summary_rule_at(s, i);
		snprintf(n, sizeof(n), "%" PRIu64, r->count);
		row[0] = dp_summary_severity_name(r->severity);
		row[1] = r->id;
		row[2] = r->title;
		row[3] = n;
		tab_add(&tab, row);
	}
	rc = tab_print(&tab, fp);
	tab_free(&tab);
	return rc;
}

/* Prints text, made safe and cut to the columns left after indent. */
static int
line(FILE *fp, size_t indent, const char *text)
{
	char *safe;

	if ((safe = dp_report_sanitize(text, WIDTH - indent)) == NULL)
		return -1;
	put(fp, "%s\n", safe);
	free(safe);
	return 0;
}

/* One finding on two lines: what and how bad, then when, who and where. */
static int
finding(FILE *fp, const struct dp_summary_finding *f, size_t rank, int digits)
{
	char *actor, *repo, buf[4 * (2 * PIECE + 64)], t[DP_RFC3339_MAX];
	int rc = -1, n;

	if ((n = put(fp, "%*s%*zu. ", INDENT, "", digits, rank)) < 0)
		return -1;
	snprintf(buf, sizeof(buf), "%s, risk %d: %s",
	    dp_summary_severity_name(f->severity), f->risk,
	    f->title != NULL ? f->title : f->rule_id != NULL ? f->rule_id :
	    "(no rule)");
	if (line(fp, (size_t)n, buf) != 0)
		return -1;
	actor = dp_report_sanitize(f->actor != NULL ? f->actor : "", PIECE);
	repo = dp_report_sanitize(f->repo != NULL ? f->repo : "", PIECE);
	if (actor == NULL || repo == NULL)
		goto out;
	snprintf(t, sizeof(t), "no time");
	if (f->has_time)
		when(f->time, 0, t, sizeof(t));
	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s", t,
	    *actor != '\0' ? " by " : "", actor,
	    *repo != '\0' ? " in " : "", repo,
	    f->commit[0] != '\0' ? " at " : "", f->commit);
	put(fp, "%*s", n, "");
	rc = line(fp, (size_t)n, buf);
out:
	free(actor);
	free(repo);
	return rc;
}

static int
top(const struct dp_summary *s, FILE *fp)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	size_t i, n = dp_summary_ntop(s);
	int digits = 1;

	put(fp, "\nTop findings (%zu of %" PRIu64 ")\n", n, t->findings);
	if (t->findings == 0) {
		put(fp, "  no findings\n");
		return 0;
	}
	for (i = n; i >= 10; i /= 10)
		digits++;
	for (i = 0; i < n; i++)
		if (finding(fp, dp_summary_top_at(s, i), i + 1, digits) != 0)
			return -1;
	return 0;
}

static int
render(const struct dp_summary *s, FILE *fp, struct dp_error *err)
{
	header(s, fp);
	if (kinds(s, fp) != 0 || devs(s, fp) != 0 || repos(s, fp) != 0 ||
	    severities(s, fp) != 0 || rules(s, fp) != 0 || top(s, fp) != 0) {
		if (ferror(fp))
			return dp_error_set(err, DP_ERR_IO, NULL, 0, 0,
			    "write error");
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	if (ferror(fp))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error");
	return 0;
}

const struct dp_report_format dp_report_text = { "text", render, 0 };
