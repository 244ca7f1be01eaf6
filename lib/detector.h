/*
 * detector: content detectors for secrets, loaded from a folder of YAML
 * files (one detector family per file, dp-rules(5) DETECTORS), compiled
 * once with PCRE2 JIT, and run over buffers.
 *
 * A pack is every *.yml file of one folder, read in name order: the
 * file allow.yml holds the global allowlist ("allow: [patterns]"), any
 * other file one family:
 *
 *	family		required, the file's name without ".yml"
 *	detectors	required, a non-empty list of detectors
 *
 * and each detector is a mapping:
 *
 *	id		required, [a-z0-9-]+, unique in the pack
 *	title, description	required strings
 *	keywords	required, literals of 3 bytes or more; the pattern
 *			runs only on buffers holding one of them, ignoring
 *			ASCII case
 *	pattern		required, PCRE2 (UTF, invalid UTF-8 in the
 *			buffer allowed) with a named group "secret"
 *	entropy		minimum Shannon entropy of the secret, bits per
 *			byte, 0 to 8
 *	allow		patterns; a secret matching any is dropped
 *	paths		patterns; the detector runs only on matching paths
 *	requires	{detector: ID, within: LINES}: a finding is kept
 *			only when the detector ID found something at most
 *			LINES lines away in the same buffer
 *	binary		true: the detector also runs on binary content
 *			(see dp_detector_is_binary()); false by default
 *	severity	required: info, low, medium, high or critical
 *	confidence	low, medium (the default) or high
 *	examples	required {match: [...], nomatch: [...]}, each list
 *			non-empty; an item is a string (the text) or a
 *			mapping {text, secret, path}
 *
 * Every problem is a DP_ERR_CONFIG error whose source is the file as
 * named ("dir/aws.yml") and whose line is that of the key or value at
 * fault.  The error texts never quote an example.
 *
 * A pack is immutable once loaded and may be shared between threads.
 * A scanner holds the scratch space of one scan (match data, JIT stack,
 * keyword hits): use one scanner per thread.
 */
#ifndef DP_DETECTOR_H
#define DP_DETECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "error.h"
#include "rule.h"

struct dp_detector_private;

/* A loaded detector; every member is owned by the pack. */
struct dp_detector {
	char *id;
	char *title;
	char *description;
	char *family;		/* the file's family */
	enum dp_rule_severity severity;
	enum dp_rule_confidence confidence;
	double entropy;		/* the floor, 0 when none */
	int binary;		/* runs on binary content too */
	char *source;		/* file as named in diagnostics */
	long line;		/* line where the detector starts */
	/*
	 * The examples as arrays of objects {text, secret, path, line}
	 * (secret and path only when given), never NULL.
	 */
	json_t *match;
	json_t *nomatch;
	struct dp_detector_private *priv;
};

struct dp_detector_pack;

/* Receives each problem found while loading or checking a pack. */
typedef void (*dp_detector_report_fn)(const struct dp_error *err,
	    void *arg);

/*
 * Returns a new pack of the *.yml files of the folder dir (names
 * starting with "." left out; subfolders are not read); free with
 * dp_detector_pack_free().  report (may be NULL) is called with every
 * problem, in order; every file is read even after a bad one.  Returns
 * NULL when there was any problem, with the first in err: DP_ERR_CONFIG
 * (a folder or file that cannot be read, YAML errors, unknown or
 * missing keys, a family that is not the file's name, a bad or
 * duplicate id, a short keyword, a bad regular expression with its
 * offset, a pattern without a "secret" group, a bad severity,
 * confidence or entropy, a requires naming a missing detector, itself,
 * or a detector that has a requires itself, a pack without detectors)
 * or DP_ERR_NOMEM.
 */
struct dp_detector_pack *dp_detector_pack_load(const char *dir,
	    dp_detector_report_fn report, void *arg, struct dp_error *err);

void	dp_detector_pack_free(struct dp_detector_pack *pack);

/* Returns the number of detectors of pack. */
size_t	dp_detector_pack_count(const struct dp_detector_pack *pack);

/* Returns detector i (< count), borrowed from pack. */
const struct dp_detector *dp_detector_pack_get(
	    const struct dp_detector_pack *pack, size_t i);

/* Returns the detector named id, borrowed from pack, or NULL. */
const struct dp_detector *dp_detector_pack_find(
	    const struct dp_detector_pack *pack, const char *id);

/*
 * Runs the examples of every detector of pack: each match example must
 * give at least one finding of its detector (with the given secret,
 * when there is one) and each nomatch example none.  The whole pack
 * scans each example, so the detector a requires names counts.  A
 * failure is a DP_ERR_CONFIG problem at the line of the example, such
 * as "detector aws-key: match example 2 gives no finding" (examples
 * are numbered from 1 in each list), reported to report (may be NULL).
 * Returns 0 when all pass, or -1 with the first failure in err, or
 * with DP_ERR_NOMEM or DP_ERR_DATA (an example reached a match limit).
 */
int	dp_detector_pack_check(const struct dp_detector_pack *pack,
	    dp_detector_report_fn report, void *arg, struct dp_error *err);

/* Returns the number of detectors of pack that run on binary content. */
size_t	dp_detector_pack_binary(const struct dp_detector_pack *pack);

/* The bytes at the start of a buffer that say whether it is binary. */
#define DP_DETECTOR_BINARY_PREFIX 8192

/*
 * Returns 1 when the len bytes at buf are binary content, a NUL byte
 * among the first DP_DETECTOR_BINARY_PREFIX, else 0: the test git and
 * grep make, which text in any ASCII-compatible encoding passes.
 */
int	dp_detector_is_binary(const char *buf, size_t len);

/* Bounds on a scan; fill with DP_DETECTOR_LIMITS_INIT. */
struct dp_detector_limits {
	size_t max_bytes;	/* the largest buffer scanned */
	uint32_t match_limit;	/* pcre2_set_match_limit() per match */
	uint32_t depth_limit;	/* pcre2_set_depth_limit() per match */
};

#define DP_DETECTOR_LIMITS_INIT { (size_t)64 << 20, 1000000, 10000 }

/* One finding of a scan. */
struct dp_detector_match {
	const struct dp_detector *detector;	/* borrowed from the pack */
	long line;		/* 1-based */
	long column;		/* 1-based, in bytes from the line's start */
	size_t offset;		/* of the secret in the buffer */
	size_t length;		/* of the secret, in bytes, never 0 */
	double entropy;		/* of the secret, bits per byte */
};

/*
 * Receives each finding of a scan, with the buffer scanned.  Returns 0
 * to go on, or anything else to stop the scan.
 */
typedef int (*dp_detector_match_fn)(const struct dp_detector_match *m,
	    const char *buf, void *arg);

struct dp_detector_scanner;

/*
 * Returns a new scanner for pack, which must outlive it; free with
 * dp_detector_scanner_free().  limits may be NULL for
 * DP_DETECTOR_LIMITS_INIT.  Returns NULL with DP_ERR_NOMEM.
 */
struct dp_detector_scanner *dp_detector_scanner_new(
	    const struct dp_detector_pack *pack,
	    const struct dp_detector_limits *limits, struct dp_error *err);

void	dp_detector_scanner_free(struct dp_detector_scanner *sc);

/*
 * With whole 1, sc runs the pattern of every detector one of whose
 * keywords occurs over the whole buffer; with whole 0 (the default),
 * only where its matches may start (dp-rules(5) WINDOWS): at the
 * keywords, when every match starts with one, else on the lines
 * holding one and the detector's "lines" before and after them.  Both
 * give the same findings when every match starts in its window: the
 * check of a pack's examples runs both.
 */
void	dp_detector_scanner_set_whole(struct dp_detector_scanner *sc,
	    int whole);

/*
 * Scans the len bytes at buf, the content of path (NULL for none: then
 * detectors with paths do not run).  Only detectors one of whose
 * keywords occurs in buf run their pattern, and in binary content
 * (dp_detector_is_binary()) only those with binary set.  A finding is
 * the secret group of a match whose entropy reaches the detector's
 * floor, that no allow pattern (the detector's or the pack's)
 * matches, and whose requires is met; of findings whose secrets share
 * a byte only the best is kept (highest confidence, then severity,
 * then first in the pack).  fn is called for each finding in order of offset
 * (then of detector in the pack) until it returns non-zero.  Returns
 * 0 when the scan finished, 1 when fn stopped it, or -1 with
 * DP_ERR_DATA (source set to path) when buf is larger than max_bytes
 * (nothing is scanned) or when a pattern reached a match limit (that
 * detector's findings after the point are lost; the others are still
 * reported), or with DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_detector_scan(struct dp_detector_scanner *sc, const char *path,
	    const char *buf, size_t len, dp_detector_match_fn fn, void *arg,
	    struct dp_error *err);

#endif
