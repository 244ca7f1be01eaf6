/*
 * dp-score: judges dp/1 events with rules and writes findings
 * (dp-score(1), dp-rules(5)).
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datadir.h"
#include "devrisk.h"
#include "event.h"
#include "finding.h"
#include "policy.h"
#include "rule.h"
#include "suppress.h"
#include "tool.h"

enum {
	OPT_AS_OF = TOOL_OPT_FIRST_FREE,
	OPT_CHECK_RULES,
	OPT_FAIL_ON,
	OPT_FINDINGS_ONLY,
	OPT_POLICY,
	OPT_RULES,
	OPT_SHOW_SUPPRESSED,
	OPT_SUPPRESS
};

struct score {
	struct dp_ruleset *rs;
	struct dp_policy *policy;	/* or NULL */
	struct dp_suppress *suppress;	/* or NULL */
	struct dp_devrisk *devrisk;
	FILE *out;
	int findings_only;
	int show_suppressed;
	int64_t now;		/* UTC ms, for the expiry of suppressions */
	long long nfindings;
	int worst;		/* highest severity written, -1 for none */
	int status;		/* of problems that did not stop the run */
};

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [--findings-only] [--fail-on LEVEL] "
	    "[--rules DIR]\n"
	    "       [--policy FILE] [--suppress FILE] [--show-suppressed] "
	    "[--as-of DATE]\n"
	    "       [-o FILE] [--bad-lines FILE] [--strict] "
	    "[--max-line SIZE] [FILE ...]\n"
	    "       %s --check-rules DIR [--policy FILE] "
	    "[--suppress FILE]\n", tool_name(), tool_name());
	if (status == DP_EXIT_OK)
		fputs("\n"
		    "  --rules DIR        rules folder (default: the score "
		    "rules of dp)\n"
		    "  --policy FILE      approved tools, trusted bots, "
		    "protected branches ...\n"
		    "  --suppress FILE    accepted risks: findings to leave "
		    "out until they expire\n"
		    "  --show-suppressed  write suppressed findings too, "
		    "marked\n"
		    "  --as-of DATE       expire suppressions as on DATE "
		    "(YYYY-MM-DD), not today\n"
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

/* Reports err at the record's place; returns its exit status. */
static int
record_problem(struct dp_error *err, const char *name, long line)
{
	snprintf(err->source, sizeof(err->source), "%s", name);
	err->line = line;
	tool_diag(err);
	return tool_status(err->code);
}

/* Writes finding f of rule (ownership taken) unless it is suppressed. */
static int
emit(struct score *s, json_t *f, const struct dp_rule *rule)
{
	int state = DP_SUPPRESS_NONE, status = DP_EXIT_OK;
	struct dp_error err;

	if ((s->suppress != NULL && (state = dp_suppress_apply(s->suppress,
	    f, s->now, &err)) < 0) ||
	    dp_devrisk_add(s->devrisk, f, &err) != 0) {
		tool_diag(&err);
		status = tool_status(err.code);
		goto out;
	}
	if (state == DP_SUPPRESS_ACTIVE && !s->show_suppressed)
		goto out;
	/* a failed write is reported when the output is closed */
	if (dp_ndjson_write(s->out, f, &err) != 0) {
		status = DP_EXIT_IOERR;
		goto out;
	}
	if (state != DP_SUPPRESS_ACTIVE && (int)rule->severity > s->worst)
		s->worst = (int)rule->severity;
out:
	json_decref(f);
	return status;
}

static int
score_record(struct dp_record *rec, const char *name, void *arg)
{
	struct score *s = arg;
	const struct dp_rule *const *m;
	json_t *ev = rec->obj;
	struct dp_error err;
	size_t n, i;
	json_t *f;
	int finding, status;

	if (dp_event_validate(ev, name, rec->line, &err) != 0) {
		tool_diag(&err);
		return DP_EXIT_DATAERR;
	}
	if (dp_devrisk_add(s->devrisk, ev, &err) != 0)
		return record_problem(&err, name, rec->line);
	finding = strcmp(dp_event_get_string(ev, "kind"), "finding") == 0;
	/* a failed write is reported when the output is closed */
	if ((!s->findings_only || finding) &&
	    dp_ndjson_write_record(s->out, rec, &err) != 0)
		return DP_EXIT_IOERR;
	if (finding)
		return DP_EXIT_OK;
	/* the bytes read are written: from here the object is only matched */
	if (dp_policy_annotate(s->policy, ev, &err) != 0)
		return record_problem(&err, name, rec->line);
	if (dp_ruleset_eval(s->rs, ev, &m, &n, &err) != 0) {
		record_problem(&err, name, rec->line);
		s->status = tool_worse(s->status, tool_status(err.code));
	}
	for (i = 0; i < n; i++) {
		if ((f = dp_finding_new(m[i], (const json_t *const *)&ev, 1,
		    ++s->nfindings, &err)) == NULL) {
			tool_diag(&err);
			return tool_status(err.code);
		}
		if ((status = emit(s, f, m[i])) != DP_EXIT_OK)
			return status;
	}
	return DP_EXIT_OK;
}

/* Writes the dev.risk records; returns a status. */
static int
write_devrisk(struct score *s)
{
	struct dp_error err;
	json_t *recs, *rec;
	size_t i;
	int status = DP_EXIT_OK;

	if ((recs = dp_devrisk_records(s->devrisk, &err)) == NULL) {
		tool_diag(&err);
		return tool_status(err.code);
	}
	json_array_foreach(recs, i, rec)
		if (dp_ndjson_write(s->out, rec, &err) != 0) {
			status = DP_EXIT_IOERR;
			break;
		}
	json_decref(recs);
	return status;
}

/* Loads the policy and the suppressions named; returns a status. */
static int
load_config(struct score *s, const char *policy, const char *suppress)
{
	struct dp_error err;
	int status = DP_EXIT_OK;

	if (policy != NULL &&
	    (s->policy = dp_policy_load(policy, policy, &err)) == NULL) {
		tool_diag(&err);
		status = tool_status(err.code);
	}
	if (suppress != NULL &&
	    (s->suppress = dp_suppress_load(suppress, suppress, &err)) ==
	    NULL) {
		tool_diag(&err);
		status = tool_worse(status, tool_status(err.code));
	}
	return status;
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
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "check-rules", required_argument, NULL, OPT_CHECK_RULES },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "findings-only", no_argument, NULL, OPT_FINDINGS_ONLY },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED },
		{ "suppress", required_argument, NULL, OPT_SUPPRESS },
		TOOL_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct tool_filter filter = TOOL_FILTER_INIT;
	struct score s = { .worst = -1 };
	struct tool_out out = { NULL, NULL, NULL };
	const char *check = NULL, *rules = NULL, *policy = NULL;
	const char *suppress = NULL;
	enum dp_rule_severity fail_on = DP_RULE_SEVERITY_INFO;
	int ch, failing = 0, as_of = 0, status;
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
		case OPT_AS_OF:
			if (dp_suppress_parse_date(optarg, &s.now) != 0) {
				tool_warn("--as-of: bad date '%s' (expected "
				    "YYYY-MM-DD)", optarg);
				return usage(stderr, DP_EXIT_USAGE);
			}
			as_of = 1;
			break;
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
		case OPT_POLICY:
			policy = optarg;
			break;
		case OPT_RULES:
			rules = optarg;
			break;
		case OPT_SHOW_SUPPRESSED:
			s.show_suppressed = 1;
			break;
		case OPT_SUPPRESS:
			suppress = optarg;
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
	if (!as_of)
		s.now = (int64_t)time(NULL) * 1000;
	if ((status = load_config(&s, policy, suppress)) != DP_EXIT_OK ||
	    check != NULL) {
		if (check != NULL)
			status = tool_worse(status, check_rules(check));
		goto out;
	}
	if (rules == NULL && asprintf(&deflt, "%s/score",
	    dp_datadir_rules()) < 0) {
		deflt = NULL;
		tool_warn("out of memory");
		status = DP_EXIT_SOFTWARE;
		goto out;
	}
	if ((s.rs = dp_ruleset_load(rules != NULL ? rules : deflt, report,
	    NULL, &err)) == NULL) {
		status = tool_status(err.code);
		goto out;
	}
	if ((s.devrisk = dp_devrisk_new(&err)) == NULL) {
		tool_diag(&err);
		status = tool_status(err.code);
		goto out;
	}
	if ((status = tool_out_open(&out, filter.output)) != DP_EXIT_OK)
		goto out;
	s.out = out.fp;
	status = tool_each_record(argc, argv, &filter, score_record, &s);
	status = tool_worse(status, s.status);
	if (!s.findings_only && status < DP_EXIT_SOFTWARE)
		status = tool_worse(status, write_devrisk(&s));
	if (failing && s.worst >= (int)fail_on)
		status = tool_worse(status, DP_EXIT_FAIL);
	status = tool_out_close(&out, status);
out:
	dp_ruleset_free(s.rs);
	dp_policy_free(s.policy);
	dp_suppress_free(s.suppress);
	dp_devrisk_free(s.devrisk);
	free(deflt);
	return status;
}
