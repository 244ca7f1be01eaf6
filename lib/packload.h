/*
 * packload: reading the folder of YAML files of a content pack, the
 * part shared by the secret detectors (detector.h) and the sensitive
 * file classifiers (sensitive.h), whose formats are in dp-rules(5).
 *
 * A pack is every *.yml file of one folder, read in byte order of the
 * names (names starting with "." left out; subfolders are not read).
 * Each file holds one mapping.  A family file is
 *
 *	family		required, the file's name without ".yml"
 *	LIST		required, a non-empty list of items (detectors,
 *			classifiers), each handed to the caller
 *
 * The helpers below check the keys that items of both formats share
 * (ids, strings, levels, regular expressions, examples) with the same
 * wording.  Every problem is a DP_ERR_CONFIG error whose source is the
 * file as named ("dir/aws.yml") and whose line is that of the key or
 * value at fault, handed to the report function and counted; the first
 * is kept.  Loading goes on after a problem, so that one run reports
 * them all.  The error texts never quote an example.
 *
 * A struct dp_packload is embedded by the loader of a pack and lives
 * only while it loads; it owns nothing but the document of the file
 * being read.
 */
#ifndef DP_PACKLOAD_H
#define DP_PACKLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "error.h"
#include "rule.h"
#include "yamldoc.h"

/* Receives each problem found while loading or checking a pack. */
typedef void (*dp_packload_report_fn)(const struct dp_error *err,
	    void *arg);

struct dp_packload {
	dp_packload_report_fn report;	/* may be NULL */
	void *arg;
	int nproblems;
	struct dp_error first;	/* the first problem */
	const char *what;	/* the item's name: "detector" */
	/* the file being read, set by dp_packload_dir() */
	struct dp_yamldoc *doc;
	const char *source;
	const char *family;
};

/* Starts a load whose items are called what ("detector"). */
void	dp_packload_init(struct dp_packload *pl, const char *what,
	    dp_packload_report_fn report, void *arg);

/* Records the problem e: reports it, counts it, keeps the first. */
void	dp_packload_problem(struct dp_packload *pl, const struct dp_error *e);

/*
 * Records a DP_ERR_CONFIG problem at line of the file being read.
 * Returns -1.
 */
int	dp_packload_bad(struct dp_packload *pl, long line, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* Records DP_ERR_NOMEM.  Returns -1. */
int	dp_packload_nomem(struct dp_packload *pl);

/*
 * Receives the root mapping of each file called name ("aws.yml") of the
 * folder, with pl->doc, pl->source and pl->family set.  Returns 0, or
 * -1 after recording a problem (the other files are still read).
 */
typedef int (*dp_packload_file_fn)(struct dp_packload *pl, const char *name,
	    const json_t *root, void *arg);

/*
 * Reads every *.yml file of dir, handing the root of each to fn.  A
 * folder that cannot be read, a file that cannot be read or parsed
 * and one that is not one mapping are problems.  Returns 0, or -1 when
 * the folder cannot be read.
 */
int	dp_packload_dir(struct dp_packload *pl, const char *dir,
	    dp_packload_file_fn fn, void *arg);

/* Receives item i of a family's list, a JSON value at line. */
typedef int (*dp_packload_item_fn)(struct dp_packload *pl,
	    const json_t *item, long line, void *arg);

/*
 * Checks that root is a family file {family, list} whose family is the
 * file's name and whose list is non-empty, and hands each item of it
 * to fn.  Returns 0, or -1 after a problem with the file itself.
 */
int	dp_packload_family(struct dp_packload *pl, const json_t *root,
	    const char *list, dp_packload_item_fn fn, void *arg);

/*
 * Returns 0 when every key of the mapping obj is one of the NULL-ended
 * known, else -1 after a problem "unknown key 'k' in what".
 */
int	dp_packload_known_keys(struct dp_packload *pl, const json_t *obj,
	    const char *const *known, const char *what);

/*
 * Returns the non-empty string at key of obj (whose item starts at
 * line), borrowed from obj, or NULL after a problem: missing, or not a
 * non-empty string.
 */
const char *dp_packload_string(struct dp_packload *pl, const json_t *obj,
	    const char *key, long line);

/* As dp_packload_string(), into a new copy *out; free it with free(). */
int	dp_packload_strdup(struct dp_packload *pl, const json_t *obj,
	    const char *key, long line, char **out);

/*
 * Sets *out to a new copy of the required id of the item obj, made of
 * lower-case letters, digits and '-'; free it with free().  Returns 0,
 * or -1 after a problem.
 */
int	dp_packload_id(struct dp_packload *pl, const json_t *obj, long line,
	    char **out);

/*
 * Sets the required severity and the optional confidence (medium by
 * default) of the item obj.  Returns 0, or -1 after a problem.
 */
int	dp_packload_levels(struct dp_packload *pl, const json_t *obj,
	    long line, enum dp_rule_severity *severity,
	    enum dp_rule_confidence *confidence);

/*
 * Returns the PCRE2 regular expression of the string v at line,
 * compiled with options (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF for text,
 * 0 for bytes) and with JIT when the CPU has it; free with
 * pcre2_code_free().  Returns NULL after a problem that quotes the
 * pattern's start and the offset of the error.
 */
pcre2_code *dp_packload_regex(struct dp_packload *pl, const json_t *v,
	    long line, uint32_t options);

/*
 * Compiles the optional list of regular expressions at key of obj into
 * a new array *res of *n items (NULL and 0 when the key is missing);
 * free it with dp_packload_regex_free(), also after a failure.
 * Returns 0, or -1 after a problem.
 */
int	dp_packload_regex_list(struct dp_packload *pl, const json_t *obj,
	    const char *key, uint32_t options, pcre2_code ***res, size_t *n);

void	dp_packload_regex_free(pcre2_code **res, size_t n);

/*
 * Reads the required examples {match: [...], nomatch: [...]} of the
 * item obj into two new arrays *match and *nomatch of objects (free
 * with json_decref(), also after a failure).  An example is a string,
 * taken as the value of known[0], or a mapping whose keys are among
 * the NULL-ended known, whose values are non-empty strings and which
 * has known[0].  Each object also gets "line", the example's line.
 * Returns 0, or -1 after a problem.
 */
int	dp_packload_examples(struct dp_packload *pl, const json_t *obj,
	    long line, const char *const *known, json_t **match,
	    json_t **nomatch);

#endif
