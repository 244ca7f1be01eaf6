/*
 * detector: loading and checking a detector pack (detector.h); the
 * scan itself is in detector_scan.c.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "detector_impl.h"
#include "keyword.h"
#include "packload.h"
#include "prefix.h"

/* Patterns match text: UTF-8, with invalid bytes allowed in buffers. */
#define TEXT_RE (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)

#define WITHIN_MAX 1000		/* lines a requires may span */
#define LINES_MAX 1000		/* lines a match may start from a keyword */

static void
detector_free(struct dp_detector *d)
{
	if (d == NULL)
		return;
	free(d->id);
	free(d->title);
	free(d->description);
	free(d->family);
	free(d->source);
	json_decref(d->match);
	json_decref(d->nomatch);
	if (d->priv != NULL) {
		pcre2_code_free(d->priv->re);
		dp_packload_regex_free(d->priv->allow, d->priv->nallow);
		dp_packload_regex_free(d->priv->paths, d->priv->npaths);
		free(d->priv->requires);
		json_decref(d->priv->keywords);
		free(d->priv);
	}
	free(d);
}

static int
parse_keywords(struct dp_packload *pl, const json_t *obj,
    struct dp_detector *d)
{
	json_t *arr = json_object_get(obj, "keywords"), *v;
	size_t i;

	if (arr == NULL)
		return dp_packload_bad(pl, d->line, "missing key 'keywords'");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "keywords"), "'keywords' must be a non-empty list of "
		    "strings");
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || json_string_length(v) < 3 ||
		    json_string_length(v) > DP_KEYWORD_LEN_MAX)
			return dp_packload_bad(pl, dp_yamldoc_item_line(pl->doc,
			    arr, i), "keyword %zu must be a string of 3 to %d "
			    "bytes", i + 1, DP_KEYWORD_LEN_MAX);
	}
	d->priv->keywords = json_incref(arr);
	return 0;
}

static int
parse_pattern(struct dp_packload *pl, struct dp_detector_pack *pack,
    const json_t *obj, struct dp_detector *d)
{
	json_t *v = json_object_get(obj, "pattern");
	long line = dp_yamldoc_key_line(pl->doc, obj, "pattern");
	uint32_t groups;
	int g;

	if (dp_packload_string(pl, obj, "pattern", d->line) == NULL)
		return -1;
	/* the scan bounds where a match may start with an offset limit */
	if ((d->priv->re = dp_packload_regex(pl, v, line,
	    TEXT_RE | PCRE2_USE_OFFSET_LIMIT)) == NULL)
		return -1;
	if ((g = pcre2_substring_number_from_name(d->priv->re,
	    (PCRE2_SPTR)"secret")) < 0)
		return dp_packload_bad(pl, line, "pattern has no group named "
		    "'secret'");
	d->priv->group = (uint32_t)g;
	pcre2_pattern_info(d->priv->re, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups + 1 > pack->ovector)
		pack->ovector = groups + 1;
	return 0;
}

static int
parse_entropy(struct dp_packload *pl, const json_t *obj,
    struct dp_detector *d)
{
	json_t *v;

	if ((v = json_object_get(obj, "entropy")) == NULL)
		return 0;
	if (!json_is_number(v) || json_number_value(v) < 0 ||
	    json_number_value(v) > 8)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "entropy"), "'entropy' must be a number from 0 to 8");
	d->entropy = json_number_value(v);
	return 0;
}

static int
parse_binary(struct dp_packload *pl, const json_t *obj,
    struct dp_detector *d)
{
	json_t *v;

	if ((v = json_object_get(obj, "binary")) == NULL)
		return 0;
	if (!json_is_boolean(v))
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "binary"), "'binary' must be true or false");
	d->binary = json_is_true(v);
	return 0;
}

static int
parse_requires(struct dp_packload *pl, const json_t *obj,
    struct dp_detector *d)
{
	static const char *const known[] = { "detector", "within", NULL };
	json_t *r = json_object_get(obj, "requires"), *w;
	long line = dp_yamldoc_key_line(pl->doc, obj, "requires");
	const char *s;

	if (r == NULL)
		return 0;
	if (!json_is_object(r))
		return dp_packload_bad(pl, line, "'requires' must be a "
		    "mapping {detector, within}");
	if (dp_packload_known_keys(pl, r, known, "requires") != 0)
		return -1;
	if ((s = dp_packload_string(pl, r, "detector", line)) == NULL)
		return -1;
	if ((w = json_object_get(r, "within")) == NULL)
		return dp_packload_bad(pl, line, "missing key 'within'");
	if (!json_is_integer(w) || json_integer_value(w) < 0 ||
	    json_integer_value(w) > WITHIN_MAX)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, r,
		    "within"), "'within' must be a number of lines from 0 "
		    "to %d", WITHIN_MAX);
	if ((d->priv->requires = strdup(s)) == NULL)
		return dp_packload_nomem(pl);
	d->priv->within = (long)json_integer_value(w);
	d->priv->requires_line = line;
	return 0;
}

static int
parse_lines(struct dp_packload *pl, const json_t *obj, struct dp_detector *d)
{
	json_t *v = json_object_get(obj, "lines");

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > LINES_MAX)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "lines"), "'lines' must be a number of lines from 0 to %d",
		    LINES_MAX);
	d->priv->lines = (long)json_integer_value(v);
	return 0;
}

/*
 * A pattern every match of which starts with one of its keywords runs
 * only where they occur; lines is then of no use.
 */
static int
set_anchored(struct dp_packload *pl, const json_t *obj,
    struct dp_detector *d)
{
	json_t *kws = d->priv->keywords, *pat = json_object_get(obj,
	    "pattern");
	const char **words;
	size_t i;

	if ((words = calloc(json_array_size(kws) + 1, sizeof(*words))) ==
	    NULL)
		return dp_packload_nomem(pl);
	for (i = 0; i < json_array_size(kws); i++)
		words[i] = json_string_value(json_array_get(kws, i));
	d->priv->anchored = dp_prefix_starts_with(json_string_value(pat),
	    json_string_length(pat), words, i) && d->priv->lines == 0;
	free(words);
	return 0;
}

static int
add_detector(struct dp_packload *pl, struct dp_detector_pack *p,
    struct dp_detector *d)
{
	struct dp_detector **dd;

	dd = realloc(p->dets, (p->n + 1) * sizeof(*dd));
	if (dd == NULL)
		return dp_packload_nomem(pl);
	p->dets = dd;
	p->dets[p->n++] = d;
	return 0;
}

static int
parse_detector(struct dp_packload *pl, const json_t *obj, long line,
    void *arg)
{
	static const char *const known[] = { "id", "title", "description",
		"keywords", "pattern", "entropy", "allow", "paths",
		"requires", "lines", "binary", "severity", "confidence",
		"examples", NULL };
	static const char *const exkeys[] = { "text", "secret", "path",
		NULL };
	struct dp_detector_pack *pack = arg;
	const struct dp_detector *other;
	struct dp_detector *d;

	if (!json_is_object(obj))
		return dp_packload_bad(pl, line, "a detector must be a "
		    "mapping");
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->priv = calloc(1, sizeof(*d->priv))) == NULL) {
		free(d);
		return dp_packload_nomem(pl);
	}
	d->line = line;
	if (dp_packload_known_keys(pl, obj, known, "detector") != 0 ||
	    dp_packload_id(pl, obj, line, &d->id) != 0)
		goto fail;
	if ((other = dp_detector_pack_find(pack, d->id)) != NULL) {
		dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj, "id"),
		    "detector id '%s' already used at %s:%ld", d->id,
		    other->source, other->line);
		goto fail;
	}
	if (dp_packload_strdup(pl, obj, "title", line, &d->title) != 0 ||
	    dp_packload_strdup(pl, obj, "description", line,
	    &d->description) != 0 ||
	    parse_keywords(pl, obj, d) != 0 ||
	    parse_pattern(pl, pack, obj, d) != 0 ||
	    dp_packload_levels(pl, obj, line, &d->severity,
	    &d->confidence) != 0 || parse_entropy(pl, obj, d) != 0 ||
	    parse_binary(pl, obj, d) != 0 ||
	    dp_packload_regex_list(pl, obj, "allow", TEXT_RE,
	    &d->priv->allow, &d->priv->nallow) != 0 ||
	    dp_packload_regex_list(pl, obj, "paths", TEXT_RE,
	    &d->priv->paths, &d->priv->npaths) != 0 ||
	    parse_requires(pl, obj, d) != 0 || parse_lines(pl, obj, d) != 0 ||
	    dp_packload_examples(pl, obj, line, exkeys, &d->match,
	    &d->nomatch) != 0 || set_anchored(pl, obj, d) != 0)
		goto fail;
	if ((d->family = strdup(pl->family)) == NULL ||
	    (d->source = strdup(pl->source)) == NULL) {
		dp_packload_nomem(pl);
		goto fail;
	}
	if (add_detector(pl, pack, d) != 0)
		goto fail;
	return 0;
fail:
	detector_free(d);
	return -1;
}

/* The global allowlist: allow.yml, "allow: [patterns]". */
static int
parse_allow_file(struct dp_packload *pl, struct dp_detector_pack *p,
    const json_t *root)
{
	static const char *const known[] = { "allow", NULL };

	if (dp_packload_known_keys(pl, root, known, "allow.yml") != 0)
		return -1;
	if (json_object_get(root, "allow") == NULL)
		return dp_packload_bad(pl, 1, "missing key 'allow'");
	dp_packload_regex_free(p->allow, p->nallow);
	return dp_packload_regex_list(pl, root, "allow", TEXT_RE, &p->allow,
	    &p->nallow);
}

static int
parse_file(struct dp_packload *pl, const char *name, const json_t *root,
    void *arg)
{
	if (strcmp(name, "allow.yml") == 0)
		return parse_allow_file(pl, arg, root);
	return dp_packload_family(pl, root, "detectors", parse_detector, arg);
}

/* Resolves every requires to the index of its detector. */
static void
resolve(struct dp_packload *pl, struct dp_detector_pack *pack)
{
	struct dp_detector_private *p;
	struct dp_detector *d;
	size_t i, j;

	for (i = 0; i < pack->n; i++) {
		d = pack->dets[i];
		p = d->priv;
		if (p->requires == NULL)
			continue;
		pl->source = d->source;
		for (j = 0; j < pack->n; j++)
			if (strcmp(pack->dets[j]->id, p->requires) == 0)
				break;
		if (j == pack->n)
			dp_packload_bad(pl, p->requires_line, "detector %s "
			    "requires the missing detector '%s'", d->id,
			    p->requires);
		else if (j == i)
			dp_packload_bad(pl, p->requires_line, "detector %s "
			    "requires itself", d->id);
		else if (pack->dets[j]->priv->requires != NULL)
			dp_packload_bad(pl, p->requires_line, "detector %s "
			    "requires '%s', which has a requires itself",
			    d->id, p->requires);
		else
			p->req = j;
	}
	pl->source = NULL;
}

static int
build_keywords(struct dp_detector_pack *pack, struct dp_error *e)
{
	json_t *v;
	size_t i, k;

	if ((pack->kw = dp_keyword_new(pack->n, e)) == NULL)
		return -1;
	for (i = 0; i < pack->n; i++)
		json_array_foreach(pack->dets[i]->priv->keywords, k, v)
			if (dp_keyword_add(pack->kw, json_string_value(v),
			    json_string_length(v), i, e) != 0)
				return -1;
	return dp_keyword_compile(pack->kw, e);
}

struct dp_detector_pack *
dp_detector_pack_load(const char *dir, dp_detector_report_fn report,
    void *arg, struct dp_error *err)
{
	struct dp_detector_pack *pack;
	struct dp_packload pl;
	struct dp_error e;

	if ((pack = calloc(1, sizeof(*pack))) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	pack->ovector = 1;
	dp_packload_init(&pl, "detector", report, arg);
	if (dp_packload_dir(&pl, dir, parse_file, pack) == 0)
		resolve(&pl, pack);
	if (pl.nproblems == 0 && pack->n == 0) {
		dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
		    "no detectors in '%s'", dir);
		dp_packload_problem(&pl, &e);
	}
	if (pl.nproblems == 0 && build_keywords(pack, &e) != 0)
		dp_packload_problem(&pl, &e);
	if (pl.nproblems > 0) {
		if (err != NULL)
			*err = pl.first;
		dp_detector_pack_free(pack);
		return NULL;
	}
	return pack;
}

void
dp_detector_pack_free(struct dp_detector_pack *pack)
{
	size_t i;

	if (pack == NULL)
		return;
	for (i = 0; i < pack->n; i++)
		detector_free(pack->dets[i]);
	free(pack->dets);
	dp_packload_regex_free(pack->allow, pack->nallow);
	dp_keyword_free(pack->kw);
	free(pack);
}

size_t
dp_detector_pack_count(const struct dp_detector_pack *pack)
{
	return pack->n;
}

const struct dp_detector *
dp_detector_pack_get(const struct dp_detector_pack *pack, size_t i)
{
	return pack->dets[i];
}

const struct dp_detector *
dp_detector_pack_find(const struct dp_detector_pack *pack, const char *id)
{
	size_t i;

	for (i = 0; i < pack->n; i++)
		if (strcmp(pack->dets[i]->id, id) == 0)
			return pack->dets[i];
	return NULL;
}

size_t
dp_detector_pack_binary(const struct dp_detector_pack *pack)
{
	size_t i, n = 0;

	for (i = 0; i < pack->n; i++)
		n += pack->dets[i]->binary != 0;
	return n;
}

int
dp_detector_is_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', len < DP_DETECTOR_BINARY_PREFIX ? len :
	    DP_DETECTOR_BINARY_PREFIX) != NULL;
}
