/*
 * sensitive: classifiers of sensitive files (unencrypted private keys,
 * keystores, credential stores, password databases, database dumps),
 * loaded from a folder of YAML files (one family per file, dp-rules(5)
 * SENSITIVE FILES), run on a file's path and the head of its content,
 * and the file.sensitive record that says what a file is, never what
 * it holds (dp-event(5)).
 *
 * A pack is read as packload.h says, with the list "classifiers" in
 * each family file.  A classifier is a mapping:
 *
 *	id		required, [a-z0-9-]+, unique in the pack
 *	title, description	required strings
 *	names		globs (fnmatch(3), '*' stops at '/', ASCII case
 *			ignored), each matched against as many of the
 *			path's last components as it has: "id_rsa",
 *			".aws/credentials"
 *	paths		PCRE2 patterns (UTF) searched in the whole path
 *	exclude		globs as names: a file matching one is never of
 *			this classifier, whatever else matches
 *	content		{decode, match, nomatch}: PCRE2 patterns over
 *			bytes (not UTF: \xfe is the byte 0xfe), searched
 *			in the head of the content.  The content test
 *			holds when one match pattern matches (or there
 *			are none) and no nomatch pattern does.  decode
 *			"pem" runs them on the base64-decoded body of the
 *			head's first PEM block (header lines such as
 *			"Proc-Type:" left out) instead of the bytes
 *	either		true: the name test or the content test is
 *			enough; by default every test given must hold.
 *			Needs names or paths, and content with match
 *	encrypted	true or false: said in the record when given
 *	severity	required: info, low, medium, high or critical
 *	confidence	low, medium (the default) or high
 *	examples	required {match: [...], nomatch: [...]}, each list
 *			non-empty; an item is a path (of a file with no
 *			content) or a mapping {path, text, hex}: hex
 *			gives the content as pairs of hex digits, which
 *			may be separated by white space
 *
 * The name test holds when one of names or paths matches; a
 * classifier needs names, paths or content.  An empty file is never
 * sensitive.
 *
 * Every problem is a DP_ERR_CONFIG error as packload.h says.  A pack
 * is immutable once loaded and may be shared between threads; a
 * scanner holds the scratch space of one classification: use one
 * scanner per thread.
 */
#ifndef DP_SENSITIVE_H
#define DP_SENSITIVE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "error.h"
#include "rule.h"
#include "secret.h"

struct dp_sensitive_private;

/* A loaded classifier; every member is owned by the pack. */
struct dp_sensitive {
	char *id;
	char *title;
	char *description;
	char *family;		/* the file's family */
	enum dp_rule_severity severity;
	enum dp_rule_confidence confidence;
	int encrypted;		/* 1 true, 0 false, -1 not said */
	char *source;		/* file as named in diagnostics */
	long line;		/* line where the classifier starts */
	/*
	 * The examples as arrays of objects {path, text, hex, line}
	 * (text and hex only when given), never NULL.
	 */
	json_t *match;
	json_t *nomatch;
	struct dp_sensitive_private *priv;
};

struct dp_sensitive_pack;

/* Receives each problem found while loading or checking a pack. */
typedef void (*dp_sensitive_report_fn)(const struct dp_error *err,
	    void *arg);

/*
 * Returns a new pack of the *.yml files of the folder dir; free with
 * dp_sensitive_pack_free().  report (may be NULL) is called with every
 * problem, in order; every file is read even after a bad one.  Returns
 * NULL when there was any problem, with the first in err:
 * DP_ERR_CONFIG (the problems of packload.h, a duplicate id, an empty
 * glob, a bad regular expression, a bad decode, either or encrypted
 * that is not a boolean, either without a name and a content match, a
 * classifier without names, paths or content, hex that is not pairs of
 * hex digits, a pack without classifiers) or DP_ERR_NOMEM.
 */
struct dp_sensitive_pack *dp_sensitive_pack_load(const char *dir,
	    dp_sensitive_report_fn report, void *arg, struct dp_error *err);

void	dp_sensitive_pack_free(struct dp_sensitive_pack *pack);

/* Returns the number of classifiers of pack. */
size_t	dp_sensitive_pack_count(const struct dp_sensitive_pack *pack);

/* Returns classifier i (< count), borrowed from pack. */
const struct dp_sensitive *dp_sensitive_pack_get(
	    const struct dp_sensitive_pack *pack, size_t i);

/* Returns the classifier named id, borrowed from pack, or NULL. */
const struct dp_sensitive *dp_sensitive_pack_find(
	    const struct dp_sensitive_pack *pack, const char *id);

/*
 * Runs the examples of every classifier of pack: the classifier must
 * take each match example (its path and content) and none of the
 * nomatch examples, whatever the other classifiers say.  A failure is
 * a DP_ERR_CONFIG problem at the line of the example, such as
 * "classifier dotenv: match example 2 is not taken" (examples are
 * numbered from 1 in each list), reported to report (may be NULL).
 * Returns 0 when all pass, or -1 with the first failure in err, or
 * with DP_ERR_NOMEM or DP_ERR_DATA (an example reached a match limit).
 */
int	dp_sensitive_pack_check(const struct dp_sensitive_pack *pack,
	    dp_sensitive_report_fn report, void *arg, struct dp_error *err);

/* Bounds on a classification; fill with DP_SENSITIVE_LIMITS_INIT. */
struct dp_sensitive_limits {
	size_t head;		/* bytes of content the patterns see */
	uint32_t match_limit;	/* pcre2_set_match_limit() per match */
	uint32_t depth_limit;	/* pcre2_set_depth_limit() per match */
};

#define DP_SENSITIVE_LIMITS_INIT { (size_t)64 << 10, 1000000, 10000 }

/* What made a file sensitive. */
enum dp_sensitive_reason {
	DP_SENSITIVE_NAME,
	DP_SENSITIVE_CONTENT,
	DP_SENSITIVE_BOTH
};

/* Returns "name", "content" or "both". */
const char *dp_sensitive_reason_name(enum dp_sensitive_reason reason);

/* The classification of a file. */
struct dp_sensitive_match {
	const struct dp_sensitive *classifier;	/* borrowed, or NULL */
	enum dp_sensitive_reason reason;
};

struct dp_sensitive_scanner;

/*
 * Returns a new scanner for pack, which must outlive it; free with
 * dp_sensitive_scanner_free().  limits may be NULL for
 * DP_SENSITIVE_LIMITS_INIT.  Returns NULL with DP_ERR_NOMEM.
 */
struct dp_sensitive_scanner *dp_sensitive_scanner_new(
	    const struct dp_sensitive_pack *pack,
	    const struct dp_sensitive_limits *limits, struct dp_error *err);

void	dp_sensitive_scanner_free(struct dp_sensitive_scanner *sc);

/*
 * Classifies the file at path (NULL when it has none: then no name
 * test holds) whose content is the len bytes at buf.  Of the
 * classifiers that take it, the best is chosen: highest confidence,
 * then severity, then first in the pack.  Sets *m to it and its
 * reason, and returns 1; returns 0 with m->classifier NULL when none
 * takes the file.  Returns -1 with DP_ERR_DATA (source set to path)
 * when a pattern reached a match limit: that classifier is taken as
 * not matching and *m is still the best of the others; or with
 * DP_ERR_INTERNAL.
 */
int	dp_sensitive_classify(struct dp_sensitive_scanner *sc,
	    const char *path, const char *buf, size_t len,
	    struct dp_sensitive_match *m, struct dp_error *err);

/*
 * Returns a new file.sensitive record for the file classified as m
 * whose content is the len bytes at buf, found where w says; free with
 * json_decref().  Its members are, in order, the envelope (v, kind,
 * id, time, src, actor, repo; the last three when given) and file
 * {classifier, title, family, severity, confidence, path, reason,
 * encrypted (when the classifier says), size, fingerprint, commit
 * (when known)}.  The fingerprint is dp_secret_fingerprint() of the
 * classifier id and the whole content; the id is keyed as that of
 * secret.detected.  Nothing of the content itself is in the record.
 * Returns NULL with DP_ERR_DATA (a time out of range), DP_ERR_NOMEM or
 * DP_ERR_INTERNAL.
 */
json_t	*dp_sensitive_record_new(const struct dp_sensitive_match *m,
	    const char *buf, size_t len, const struct dp_secret_where *w,
	    struct dp_error *err);

#endif
