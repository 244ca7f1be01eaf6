/*
 * report: rendering a summary (summary.h) in an output format.
 *
 * Each format is one module, lib/report_<name>.c, that defines one
 * struct dp_report_format; the table in lib/report.c lists them in the
 * order they are documented.  A renderer reads the summary (after
 * dp_summary_finish()), writes the whole report to a stream the caller
 * owns and keeps no state.  Formats for people make every string taken
 * from the input safe for a terminal (dp_report_sanitize()); formats for
 * programs escape it by their own rules.
 *
 *	text	aligned plain-text tables for an 80-column terminal
 *	markdown	the text summary as GitHub-flavoured Markdown tables
 *	json	one JSON object on one line with the same aggregates
 *	csv	one row per finding (RFC 4180), safe to open in a spreadsheet
 *	sarif	SARIF 2.1.0 for code scanning (GitHub), one result per finding
 */
#ifndef DP_REPORT_H
#define DP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "summary.h"

struct dp_report_format {
	const char *name;	/* as given to dp-report -f */
	/*
	 * Writes the report of s to fp.  Returns 0, or -1 with DP_ERR_IO
	 * when fp is in error (writes are buffered: the caller checks
	 * fflush or fclose as well) or DP_ERR_NOMEM.
	 */
	int	(*render)(const struct dp_summary *s, FILE *fp,
		    struct dp_error *err);
	/*
	 * 1 when the format lists every finding: the caller then calls
	 * dp_summary_keep_all() before adding records.
	 */
	int	all;
};

extern const struct dp_report_format dp_report_text;	/* report_text.c */
extern const struct dp_report_format dp_report_markdown;
						/* report_markdown.c */
extern const struct dp_report_format dp_report_json;	/* report_json.c */
extern const struct dp_report_format dp_report_csv;	/* report_csv.c */
extern const struct dp_report_format dp_report_sarif;	/* report_sarif.c */

/* Returns the format called name, borrowed and constant, or NULL. */
const struct dp_report_format *dp_report_format_find(const char *name);

/*
 * Writes the names of every format into buf of size bytes as a phrase,
 * "text or json", truncated when buf is too small.
 */
void	dp_report_format_names(char *buf, size_t size);

/*
 * Returns a new copy of the NUL-terminated string s that is safe to
 * print on a terminal and at most width characters wide; free with
 * free().  Control characters (C0 including ESC, DEL, C1), Unicode
 * direction overrides and isolates, and bytes that are not valid UTF-8
 * are each replaced by "?".  A longer string is cut and ends in "...";
 * width 0 means no limit.  Width counts characters, one column each.
 * Returns NULL only when memory runs out.
 */
char	*dp_report_sanitize(const char *s, size_t width);

/* Returns the number of characters of the valid UTF-8 string s. */
size_t	dp_report_width(const char *s);

#endif
