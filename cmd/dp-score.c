/*
 * dp-score: judges dp/1 events with rules and writes findings
 * (dp-score(1), dp-rules(5)).
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "event.h"
#include "finding.h"
#include "rule.h"
#include "tool.h"

enum {
	OPT_CHECK_RULES = TOOL_OPT_FIRST_FREE,
	OPT_FAIL_ON,
	OPT_FINDINGS_ONLY,
	OPT_RULES
};

struct score {
	struct dp_ruleset *rs;
	FILE *out;
	int findings_only;
	long long nfindings;
	int worst;		/* highest severity written, -1 for none */
	int status;		/* of problems that did not stop the run */
};

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [--findings-only] [--fail-on LEVEL] "
	    "[--rules DIR] [-o FILE]\n"
	    "       [--bad-lines FILE] [--strict] [--max-line SIZE] "
	    "[FILE ...]\n"
	    "       %s --check-rules DIR\n", tool_name(), tool_name());
	if (status == DP_EXIT_OK)
		fputs("\n"
		    "  --rules DIR        rules folder (default: the score "
		    "rules of dp)\n"
		    "  --check-rules DIR  load and test the rules in DIR, "
		    "then exit\n"
		    "  --findings-only    write findings, not the events\n"
		    "  --fail-on LEVEL    exit 1 after a finding of LEVEL or "
		    "worse\n"
		    "  -o, --output FILE  write to FILE at a clean exit\n"
		    "  --bad-lines FILE   copy bad input lines to FILE\n"
		    "  --strict           stop at the first bad line\n"
		    "  --max-line SIZE    longest input line (default 16M)\n"
		    "  --help, --version\n", fp);
	return status;
}

static void
report(const struct dp_error *err, void *arg)
{
	(void)arg;
	tool_diag(err);
}

static int
score_record(struct dp_record *rec, const char *name, void *arg)
{
	struct score *s = arg;
	const struct dp_rule *const *m;
	const json_t *ev = rec->obj;
	struct dp_error err;
	size_t n, i;
	json_t *f;
	int finding, rc;

	if (dp_event_validate(ev, name, rec->line, &err) != 0) {
		tool_diag(&err);
		return DP_EXIT_DATAERR;
	}
	finding = strcmp(dp_event_get_string(ev, "kind"), "finding") == 0;
	/* a failed write is reported when the output is closed */
	if ((!s->findings_only || finding) &&
	    dp_ndjson_write_record(s->out, rec, &err) != 0)
		return DP_EXIT_IOERR;
	if (finding)
		return DP_EXIT_OK;
	if (dp_ruleset_eval(s->rs, ev, &m, &n, &err) != 0) {
		snprintf(err.source, sizeof(err.source), "%s", name);
		err.line = rec->line;
		tool_diag(&err);
		s->status = tool_worse(s->status, tool_status(err.code));
	}
	for (i = 0; i < n; i++) {
		if ((f = dp_finding_new(m[i], &ev, 1, ++s->nfindings,
		    &err)) == NULL) {
			tool_diag(&err);
			return tool_status(err.code);
		}
		rc = dp_ndjson_write(s->out, f, &err);
		json_decref(f);
		if (rc != 0)
			return DP_EXIT_IOERR;
		if ((int)m[i]->severity > s->worst)
			s->worst = (int)m[i]->severity;
	}
	return DP_EXIT_OK;
}

static int
check_rules(const char *dir)
{
	struct dp_ruleset *rs;
	struct dp_error err;
	int status = DP_EXIT_OK;

	if ((rs = dp_ruleset_load(dir, report, NULL, &err)) == NULL)
		return tool_status(err.code);
	if (dp_ruleset_test(rs, &err) != 0)
		status = tool_status(err.code);
	dp_ruleset_free(rs);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check-rules", required_argument, NULL, OPT_CHECK_RULES },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "findings-only", no_argument, NULL, OPT_FINDINGS_ONLY },
		{ "rules", required_argument, NULL, OPT_RULES },
		TOOL_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct tool_filter filter = TOOL_FILTER_INIT;
	struct score s = { NULL, NULL, 0, 0, -1, DP_EXIT_OK };
	struct tool_out out = { NULL, NULL, NULL };
	const char *check = NULL, *rules = NULL;
	enum dp_rule_severity fail_on = DP_RULE_SEVERITY_INFO;
	int ch, failing = 0, status;
	struct dp_error err;
	char *deflt = NULL;

	tool_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return usage(stdout, DP_EXIT_OK);
		case TOOL_OPT_VERSION:
			return tool_version();
		case OPT_CHECK_RULES:
			check = optarg;
			break;
		case OPT_FAIL_ON:
			if (dp_rule_severity_parse(optarg, &fail_on) != 0) {
				tool_warn("--fail-on: unknown severity '%s'",
				    optarg);
				return usage(stderr, DP_EXIT_USAGE);
			}
			failing = 1;
			break;
		case OPT_FINDINGS_ONLY:
			s.findings_only = 1;
			break;
		case OPT_RULES:
			rules = optarg;
			break;
		case ':':
			tool_warn("option '%s' needs an argument",
			    argv[optind - 1]);
			return usage(stderr, DP_EXIT_USAGE);
		case '?':
			if (optopt != 0)
				tool_warn("unknown option '-%c'", optopt);
			else
				tool_warn("unknown option '%s'",
				    argv[optind - 1]);
			return usage(stderr, DP_EXIT_USAGE);
		default:
			if (tool_filter_option(&filter, ch, optarg) != 1)
				return usage(stderr, DP_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (check != NULL && argc > 0) {
		tool_warn("--check-rules takes no input files");
		return usage(stderr, DP_EXIT_USAGE);
	}
	if (check != NULL)
		return check_rules(check);
	if (rules == NULL && asprintf(&deflt, "%s/score",
	    dp_datadir_rules()) < 0) {
		tool_warn("out of memory");
		return DP_EXIT_SOFTWARE;
	}
	if ((s.rs = dp_ruleset_load(rules != NULL ? rules : deflt, report,
	    NULL, &err)) == NULL) {
		status = tool_status(err.code);
		goto out;
	}
	if ((status = tool_out_open(&out, filter.output)) != DP_EXIT_OK)
		goto out;
	s.out = out.fp;
	status = tool_each_record(argc, argv, &filter, score_record, &s);
	status = tool_worse(status, s.status);
	if (failing && s.worst >= (int)fail_on)
		status = tool_worse(status, DP_EXIT_FAIL);
	status = tool_out_close(&out, status);
out:
	dp_ruleset_free(s.rs);
	free(deflt);
	return status;
}
