/*
 * rule: detection rules with Sigma semantics, loaded from YAML or JSON
 * files, compiled once and evaluated against dp/1 events (dp-rules(5)).
 * This module holds rule files, their metadata and tests, and sets of
 * rules; what a rule matches is its detection (detection.h).
 *
 * A rule file holds one rule per YAML document ("---" separates them;
 * a .json file holds one).  A rule is a mapping:
 *
 *	id		required, [A-Za-z0-9][A-Za-z0-9._-]*, unique in the set
 *	title		required, a non-empty string
 *	severity	required: info, low, medium, high or critical
 *	confidence	low, medium (the default) or high
 *	description, remediation		strings
 *	tags, controls, falsepositives		lists of strings; a control
 *			is "framework:control", such as "soc2:CC8.1"
 *	detection	required: named selections and a condition,
 *			compiled by dp_detection_compile()
 *	tests		{match: [event, ...], nomatch: [event, ...]}
 *	status, author, date, modified, references, logsource, related,
 *	license		Sigma metadata, accepted and ignored
 *
 * Every problem in a rule is a DP_ERR_CONFIG error whose source is the
 * file as named (the folder given, "/", the path inside it) and whose
 * line is that of the key or value at fault.  A set and its rules are
 * immutable once loaded, except for the scratch space evaluation uses:
 * a set is evaluated by one thread at a time.
 */
#ifndef DP_RULE_H
#define DP_RULE_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

enum dp_rule_severity {
	DP_RULE_SEVERITY_INFO,
	DP_RULE_SEVERITY_LOW,
	DP_RULE_SEVERITY_MEDIUM,
	DP_RULE_SEVERITY_HIGH,
	DP_RULE_SEVERITY_CRITICAL
};

enum dp_rule_confidence {
	DP_RULE_CONFIDENCE_LOW,
	DP_RULE_CONFIDENCE_MEDIUM,
	DP_RULE_CONFIDENCE_HIGH
};

struct dp_detection;
struct dp_rule_test;

/* A loaded rule; every member is owned by the rule set. */
struct dp_rule {
	char *id;
	char *title;
	char *description;	/* or NULL */
	char *remediation;	/* or NULL */
	enum dp_rule_severity severity;
	enum dp_rule_confidence confidence;
	json_t *tags;		/* arrays of strings, never NULL */
	json_t *controls;
	json_t *falsepositives;
	char *path;		/* file inside the rules folder, "sub/x.yml" */
	char *source;		/* file as named in diagnostics */
	long line;		/* line where the rule starts */
	struct dp_detection *detection;	/* private */
	struct dp_rule_test *tests;	/* private */
	size_t ntests;			/* private */
};

struct dp_ruleset;

/* Receives each problem found while loading or testing rules. */
typedef void (*dp_rule_report_fn)(const struct dp_error *err, void *arg);

/*
 * Returns a new, empty rule set; free with dp_ruleset_free().  report
 * (may be NULL) is called with every problem that later calls find, in
 * order, before they return.  Returns NULL with DP_ERR_NOMEM.
 */
struct dp_ruleset *dp_ruleset_new(dp_rule_report_fn report, void *arg,
	    struct dp_error *err);

void	dp_ruleset_free(struct dp_ruleset *rs);

/*
 * Adds the rules of the file path inside the folder dir (its source in
 * diagnostics is "dir/path").  Rules of other documents in the file are
 * still added after a bad one.  Returns 0, or -1 when there was any
 * problem, with the first in err: DP_ERR_CONFIG (a bad, unreadable or
 * missing file, a bad rule, a rule id already in the set, naming both
 * files) or DP_ERR_NOMEM.
 */
int	dp_ruleset_add_file(struct dp_ruleset *rs, const char *dir,
	    const char *path, struct dp_error *err);

/*
 * Adds the rules held in the len bytes at buf, read as the file path
 * (JSON when it ends in ".json", else YAML) named source.  Returns as
 * dp_ruleset_add_file().
 */
int	dp_ruleset_add_buffer(struct dp_ruleset *rs, const char *source,
	    const char *path, const char *buf, size_t len,
	    struct dp_error *err);

/*
 * Returns a new set of the rules in every *.yml, *.yaml and *.json file
 * under dir, in the order of their paths (subfolders included, names
 * starting with "." left out, nested at most 16 deep); free with
 * dp_ruleset_free().  Every file is read even after a bad one.  Returns
 * NULL when there was any problem, with the first in err: DP_ERR_CONFIG
 * (as dp_ruleset_add_file(), or a folder that cannot be read) or
 * DP_ERR_NOMEM.
 */
struct dp_ruleset *dp_ruleset_load(const char *dir, dp_rule_report_fn report,
	    void *arg, struct dp_error *err);

/* Returns the number of rules in rs. */
size_t	dp_ruleset_count(const struct dp_ruleset *rs);

/* Returns rule i (< dp_ruleset_count()), borrowed from rs. */
const struct dp_rule *dp_ruleset_rule(const struct dp_ruleset *rs, size_t i);

/*
 * Returns 1 when rule (from rs) matches ev, 0 when not, or -1 as
 * dp_detection_match(), with the text prefixed by the rule id ("rule
 * 'x': regular expression on 'commit.message' reached its match
 * limit"); source and line are left for the caller to fill.
 */
int	dp_rule_match(struct dp_ruleset *rs, const struct dp_rule *rule,
	    const json_t *ev, struct dp_error *err);

/*
 * Evaluates every rule of rs against ev.  Sets *matched to the rules
 * that match, in set order, and *n to their number; the array is
 * borrowed from rs and valid until the next evaluation.  Returns 0, or
 * -1 as dp_rule_match() for the first rule that could not be decided;
 * the others are still evaluated and that one is not in *matched.
 */
int	dp_ruleset_eval(struct dp_ruleset *rs, const json_t *ev,
	    const struct dp_rule *const **matched, size_t *n,
	    struct dp_error *err);

/*
 * Checks every rule: each selection must be used by the condition (a
 * DP_ERR_CONFIG problem at the line of the selection, "rule 'x':
 * selection 'y' is not used by the condition"), each "match" event of
 * its tests must match it and each "nomatch" event must not (a problem
 * at the line of the event, such as "rule 'x' test 2 should match but
 * did not"; tests are numbered from 1 in each list).  Returns 0 when all
 * pass, or -1 with the first failure in err.
 */
int	dp_ruleset_test(struct dp_ruleset *rs, struct dp_error *err);

/*
 * Parses a severity or confidence name into *out.  Returns 0, or -1
 * when the name is not one of them.
 */
int	dp_rule_severity_parse(const char *s, enum dp_rule_severity *out);
int	dp_rule_confidence_parse(const char *s, enum dp_rule_confidence *out);

/* Return the constant name of a severity or confidence ("high"). */
const char *dp_rule_severity_name(enum dp_rule_severity s);
const char *dp_rule_confidence_name(enum dp_rule_confidence c);

#endif
