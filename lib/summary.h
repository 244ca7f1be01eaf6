/*
 * summary: the aggregates of a dp/1 stream that dp-report renders.
 *
 * Records are added one at a time and are not kept: the summary holds
 * counts per kind, per repository (repo.name), per developer and per
 * rule, counts of findings per severity, the time span, and only the
 * top N findings (a bounded heap).  Memory grows with the number of
 * distinct kinds, repositories, developers, developer names and e-mail
 * addresses, and rules, never with the number of records, so a stream
 * of millions of events is summarised in bounded memory.  Only when
 * asked to (dp_summary_keep_all()) does it keep every finding as well,
 * for formats that list them all; memory then grows with the number of
 * findings, still not with the number of other records.
 *
 * A developer is keyed by actor.id, else by actor.email in lower case,
 * else by actor.name, else "(unknown)" when the record has an actor
 * object without any of them; records without an actor belong to no
 * developer.  Empty strings count as missing.
 *
 * The summary is lenient: a field that is missing where the dp/1 shape
 * requires it (time; rule.id, rule.severity and risk in a finding) or
 * that has the wrong type or value is treated as absent and the record
 * is counted as malformed; it is never a failure.  Envelope validation
 * is the caller's business (dp_event_validate()).
 *
 * Nothing depends on hash order.  dp_summary_finish() sorts every list
 * for output:
 *	kinds		count descending, then name
 *	repositories	records descending, then name
 *	developers	risk sum, findings, commits descending, then key
 *	rules		severity, count descending, then rule id
 *	top findings	risk descending, then the later time (findings
 *			without a time last), then id
 *	all findings	as the top findings, then rule id, then the
 *			order of input
 * and chooses each developer's name and e-mail address: the one seen
 * most often, ties broken by byte order.  A rule's title is the least
 * title seen in byte order and its severity the highest seen, so the
 * output does not depend on the order of the input.
 *
 * All strings handed out are borrowed from the summary and valid until
 * it is freed; they are input text, not yet made safe for a terminal.
 */
#ifndef DP_SUMMARY_H
#define DP_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "error.h"

#define DP_SUMMARY_TOP_DEFAULT 10	/* top findings kept by default */
#define DP_SUMMARY_TOP_MAX 100000	/* the most that may be kept */
#define DP_SUMMARY_COMMIT_LEN 12	/* hex digits of a commit shown */

/* Severities of findings, in increasing order. */
enum dp_summary_severity {
	DP_SUMMARY_SEV_UNKNOWN = 0,	/* missing or not one of the names */
	DP_SUMMARY_SEV_INFO,
	DP_SUMMARY_SEV_LOW,
	DP_SUMMARY_SEV_MEDIUM,
	DP_SUMMARY_SEV_HIGH,
	DP_SUMMARY_SEV_CRITICAL
};

#define DP_SUMMARY_SEV_COUNT 6

/* Totals over every record added. */
struct dp_summary_totals {
	uint64_t records;	/* records added */
	uint64_t malformed;	/* records with a missing or mistyped field */
	uint64_t commits;	/* scm.commit records */
	uint64_t findings;	/* finding records */
	uint64_t by_severity[DP_SUMMARY_SEV_COUNT];	/* findings */
	int has_time;		/* first and last are set */
	int64_t first, last;	/* earliest and latest time, in ms */
	size_t top_limit;	/* the N of the top findings */
};

struct dp_summary_kind {
	const char *name;	/* "(none)" when kind was missing */
	uint64_t count;
};

struct dp_summary_repo {
	const char *name;
	uint64_t records;
	uint64_t commits;
};

struct dp_summary_dev {
	const char *key;	/* the developer key (see above) */
	const char *name;	/* most frequent actor.name, or NULL */
	const char *email;	/* most frequent actor.email, or NULL */
	uint64_t records;
	uint64_t commits;
	int has_time;
	int64_t first, last;	/* first and last activity, in ms */
	uint64_t findings;	/* findings about this developer */
	uint64_t by_severity[DP_SUMMARY_SEV_COUNT];
	uint64_t risk;		/* sum of the risk of those findings */
};

struct dp_summary_rule {
	const char *id;		/* rule.id, "(none)" when it was missing */
	const char *title;	/* rule.title, or NULL */
	enum dp_summary_severity severity;
	uint64_t count;
};

struct dp_summary_finding {
	const char *id;		/* the record id, or NULL */
	const char *rule_id;	/* or NULL */
	const char *title;	/* rule.title, or NULL */
	enum dp_summary_severity severity;
	int risk;		/* 0 to 100 */
	const char *developer;	/* the developer key, or NULL */
	const char *actor;	/* that developer's name, e-mail or key */
	const char *repo;	/* repo.name, else location.repo, or NULL */
	char commit[DP_SUMMARY_COMMIT_LEN + 1];	/* "" when unknown */
	int has_time;
	int64_t time;		/* in ms */
	/* the rest as given, each NULL (line 0) when absent or mistyped */
	const char *confidence;	/* rule.confidence */
	const json_t *tags;	/* rule.tags, an array of strings only */
	const char *path;	/* location.path */
	long line;		/* location.line, 1 or more */
	const char *commit_id;	/* location.commit, in full */
	const char *description;	/* finding.description */
	const char *remediation;	/* finding.remediation */
	uint64_t seq;		/* its place among the findings added, from 0 */
};

struct dp_summary;

/*
 * Returns a new, empty summary that keeps the top findings (0 to
 * DP_SUMMARY_TOP_MAX); free with dp_summary_free().  Returns NULL with
 * DP_ERR_USAGE when top is too large or DP_ERR_NOMEM.
 */
struct dp_summary *dp_summary_new(size_t top, struct dp_error *err);

/*
 * Makes s keep every finding added from now on, listed by
 * dp_summary_nfindings() and dp_summary_finding_at().  Call it before
 * the first dp_summary_add().
 */
void	dp_summary_keep_all(struct dp_summary *s);

/* Frees s and every string it handed out.  s may be NULL. */
void	dp_summary_free(struct dp_summary *s);

/*
 * Adds the record rec (not kept, not changed).  Returns 0, or -1 with
 * DP_ERR_NOMEM (the summary is then still consistent, without rec's
 * contribution to the aggregate that could not grow).
 */
int	dp_summary_add(struct dp_summary *s, const json_t *rec,
	    struct dp_error *err);

/*
 * Sorts the lists and chooses names for output (see above).  Call it
 * after the last dp_summary_add() and before reading the lists; adding
 * more records afterwards is allowed and needs another call.
 */
void	dp_summary_finish(struct dp_summary *s);

/* Returns the totals, borrowed. */
const struct dp_summary_totals *dp_summary_totals(const struct dp_summary *s);

/*
 * The lists: how many entries each holds, and entry i (below that
 * count), borrowed.
 */
size_t	dp_summary_nkinds(const struct dp_summary *s);
const struct dp_summary_kind *dp_summary_kind_at(const struct dp_summary *s,
	    size_t i);
size_t	dp_summary_nrepos(const struct dp_summary *s);
const struct dp_summary_repo *dp_summary_repo_at(const struct dp_summary *s,
	    size_t i);
size_t	dp_summary_ndevs(const struct dp_summary *s);
const struct dp_summary_dev *dp_summary_dev_at(const struct dp_summary *s,
	    size_t i);
size_t	dp_summary_nrules(const struct dp_summary *s);
const struct dp_summary_rule *dp_summary_rule_at(const struct dp_summary *s,
	    size_t i);
size_t	dp_summary_ntop(const struct dp_summary *s);
const struct dp_summary_finding *dp_summary_top_at(
	    const struct dp_summary *s, size_t i);

/*
 * Every finding, when dp_summary_keep_all() was called (else none), in
 * the order given above: how many, and finding i (below that), borrowed.
 */
size_t	dp_summary_nfindings(const struct dp_summary *s);
const struct dp_summary_finding *dp_summary_finding_at(
	    const struct dp_summary *s, size_t i);

/* Returns the lower-case name of sev ("critical"), constant. */
const char *dp_summary_severity_name(enum dp_summary_severity sev);

/* Returns the severity named name, or DP_SUMMARY_SEV_UNKNOWN. */
enum dp_summary_severity dp_summary_severity_parse(const char *name);

#endif
