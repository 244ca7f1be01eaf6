/*
 * dp-report: the last stage of a dp pipeline.  Reads dp/1 records,
 * keeps only their aggregates (summary.h) and renders them in one
 * format (report.h) for people or for other programs.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "event.h"
#include "report.h"
#include "summary.h"
#include "tool.h"

enum {
	OPT_TOP = TOOL_OPT_FIRST_FREE
};

static const char synopsis[] =
    "[-f FORMAT] [--top N] [-o FILE] [--bad-lines FILE]\n"
    "                 [--strict] [--max-line SIZE] [FILE ...]";

static int
help(void)
{
	printf("usage: %s %s\n\n"
	    "  -f, --format FORMAT   text (default), markdown, json, csv or "
	    "sarif\n"
	    "      --top N           keep the N riskiest findings "
	    "(default %d)\n"
	    "  -o, --output FILE     write the report to FILE\n"
	    "      --bad-lines FILE  copy bad lines and records to FILE\n"
	    "      --strict          stop at the first bad line, no report\n"
	    "      --max-line SIZE   longest line read (default 16M)\n"
	    "  -h, --help            print this help\n"
	    "      --version         print the version\n",
	    tool_name(), synopsis, DP_SUMMARY_TOP_DEFAULT);
	return DP_EXIT_OK;
}

static int
usage(void)
{
	fprintf(stderr, "usage: %s %s\n", tool_name(), synopsis);
	return DP_EXIT_USAGE;
}

/* Parses N of --top, 0 to DP_SUMMARY_TOP_MAX.  Returns 0 or -1. */
static int
parse_top(const char *arg, size_t *top)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0 ||
	    n > DP_SUMMARY_TOP_MAX) {
		tool_warn("--top: invalid number '%s' (expected 0 to %d)", arg,
		    DP_SUMMARY_TOP_MAX);
		return -1;
	}
	*top = n;
	return 0;
}

/* Validates one record's envelope and adds it to the summary. */
static int
add(struct dp_record *rec, const char *name, void *arg)
{
	struct dp_error err;

	if (dp_event_validate(rec->obj, name, rec->line, &err) != 0) {
		tool_diag(&err);
		return DP_EXIT_DATAERR;
	}
	if (dp_summary_add(arg, rec->obj, &err) != 0) {
		tool_diag(&err);
		return tool_status(err.code);
	}
	return DP_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		TOOL_FILTER_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "top", required_argument, NULL, OPT_TOP },
		{ NULL, 0, NULL, 0 }
	};
	const struct dp_report_format *fmt = &dp_report_text;
	struct tool_filter f = TOOL_FILTER_INIT;
	struct tool_out out = { NULL, NULL, NULL };
	struct dp_summary *s = NULL;
	struct dp_error err;
	size_t top = DP_SUMMARY_TOP_DEFAULT;
	int ch, rc, status, complete = 0;
	char names[256];

	tool_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:ho:", longopts, NULL)) != -1) {
		if ((rc = tool_filter_option(&f, ch, optarg)) == 1)
			continue;
		if (rc == -1)
			return usage();
		switch (ch) {
		case 'f':
			if ((fmt = dp_report_format_find(optarg)) != NULL)
				break;
			dp_report_format_names(names, sizeof(names));
			tool_warn("unknown format '%s' (expected %s)", optarg,
			    names);
			return usage();
		case 'h':
			return help();
		case OPT_TOP:
			if (parse_top(optarg, &top) != 0)
				return usage();
			break;
		case TOOL_OPT_VERSION:
			return tool_version();
		case ':':
			tool_warn("option '%s' needs an argument",
			    argv[optind - 1]);
			return usage();
		default:
			if (optopt != 0)
				tool_warn("unknown option '-%c'", optopt);
			else
				tool_warn("unknown option '%s'",
				    argv[optind - 1]);
			return usage();
		}
	}
	argc -= optind;
	argv += optind;

	if ((status = tool_out_open(&out, f.output)) != DP_EXIT_OK)
		return status;
	if ((s = dp_summary_new(top, &err)) == NULL) {
		tool_diag(&err);
		status = tool_status(err.code);
		goto out;
	}
	if (fmt->all)
		dp_summary_keep_all(s);
	status = tool_each_record(argc, argv, &f, add, s);
	/* bad lines and missing inputs are reported; the rest is complete */
	if (f.strict)
		complete = status == DP_EXIT_OK;
	else
		complete = status == DP_EXIT_OK || status == DP_EXIT_DATAERR ||
		    status == DP_EXIT_NOINPUT;
	if (!complete)
		goto out;
	dp_summary_finish(s);
	if (fmt->render(s, out.fp, &err) != 0) {
		/* a write error is reported once, by tool_out_close() */
		if (err.code != DP_ERR_IO)
			tool_diag(&err);
		status = tool_worse(status, tool_status(err.code));
		complete = 0;
	}
out:
	dp_summary_free(s);
	return tool_worse(status, tool_out_close(&out,
	    complete ? DP_EXIT_OK : status));
}
