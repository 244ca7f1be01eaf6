#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rfc3339.h"
#include "utf8.h"

static const char header[] = "id,time,severity,confidence,risk,rule_id,"
    "rule_title,developer,actor,repo,path,line,commit,remediation";

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
 * Returns the length of the character at p when a terminal would act on
 * it (a control other than tab and line breaks, DEL, a C1 control, a
 * direction override or isolate), else 0.  p is valid UTF-8.
 */
static size_t
hidden(const unsigned char *p)
{
	if ((p[0] < 0x20 && p[0] != '\t' && p[0] != '\r' && p[0] != '\n') ||
	    p[0] == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
		return 3;
	return 0;
}

/* Writes the bytes of s, each character hidden() finds as "?". */
static void
text(FILE *fp, const char *s, int quoted)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		if ((n = hidden(p)) != 0) {
			putc('?', fp);
			p += n;
			continue;
		}
		if (quoted && *p == '"')
			putc('"', fp);
		putc(*p++, fp);
	}
}

/*
 * Writes s as one cell: invalid UTF-8 repaired, characters a terminal
 * acts on (see hidden()) replaced by "?", a leading = + - @ tab
 * or carriage return neutralised with a single quote (a spreadsheet
 * would read the cell as a formula), and the cell in double quotes,
 * with each quote doubled, when it holds a comma, a quote or a line
 * break.  Returns 0, or -1 when memory runs out.
 */
static int
cell(FILE *fp, const char *s)
{
	char *fixed = NULL;
	if (s == NULL)
		return 0;
	if (dp_utf8_invalid_at(s, strlen(s)) != 0) {
		if ((fixed = dp_utf8_repair(s, strlen(s), NULL)) == NULL)
			return -1;
		s = fixed;
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
			putc('\'', fp);
		text(fp, s, 0);
	} else {
		putc('"', fp);
		if (strchr("=+-@\t\r", s[0]) != NULL)
			putc('\'', fp);
		text(fp, s, 1);
		putc('"', fp);
	}
	free(fixed);
	return 0;
}

static int
row(FILE *fp, const struct dp_summary_finding *f)
{
	char t[DP_RFC3339_MAX] = "";

	if (f->has_time && dp_rfc3339_format(f->time, t, sizeof(t), NULL) != 0)
		t[0] = '\0';
	if (cell(fp, f->id) != 0)
		return -1;
	put(fp, ",%s,%s,", t, dp_summary_severity_name(f->severity));
	if (cell(fp, f->confidence) != 0)
		return -1;
	put(fp, ",%d,", f->risk);
	if (cell(fp, f->rule_id) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->title) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->developer) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->actor) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->repo) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->path) != 0 || putc(',', fp) == EOF)
		return -1;
	if (f->line > 0)
		put(fp, "%ld", f->line);
	putc(',', fp);
	if (cell(fp, f->commit_id) != 0 || putc(',', fp) == EOF ||
	    cell(fp, f->remediation) != 0)
		return -1;
	put(fp, "\r\n");
	return 0;
}

static int
render(const struct dp_summary *s, FILE *fp, struct dp_error *err)
{
	size_t i;

	put(fp, "%s\r\n", header);
	for (i = 0; i < dp_summary_nfindings(s); i++)
		if (row(fp, dp_summary_finding_at(s, i)) != 0) {
			if (ferror(fp))
				break;
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	if (ferror(fp))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error");
	return 0;
}

const struct dp_report_format dp_report_csv = { "csv", render, 1 };
