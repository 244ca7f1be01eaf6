/*
 * Compiling a detection: its selections, each a tree of field and
 * keyword matches (their values are compiled by detection_value.c), and
 * its condition (detection_cond.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detection_impl.h"

int
dp_detection_bad(struct cctx *c, long line, const char *fmt, ...)
{
	char text[DP_ERROR_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return dp_error_set(c->err, DP_ERR_CONFIG, c->source, line, 0, "%s",
	    text);
}

int
dp_detection_nomem(struct cctx *c)
{
	return dp_error_set(c->err, DP_ERR_NOMEM, c->source, 0, 0,
	    "out of memory");
}

void
dp_detection_node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		dp_detection_node_free(n->kids[i]);
	free(n->kids);
	for (i = 0; n->vals != NULL && i < n->nvals; i++)
		dp_detection_value_release(&n->vals[i]);
	free(n->vals);
	free(n->path.steps);
	free(n->field);
	free(n);
}

struct node *
dp_detection_node_new(enum node_type type)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n != NULL) {
		n->type = type;
		n->exists = -1;
	}
	return n;
}

int
dp_detection_add_kid(struct node *n, struct node *kid)
{
	struct node **k;

	k = realloc(n->kids, (n->nkids + 1) * sizeof(*k));
	if (k == NULL) {
		dp_detection_node_free(kid);
		return -1;
	}
	n->kids = k;
	n->kids[n->nkids++] = kid;
	return 0;
}

int
dp_detection_reserved(const char *s, size_t len)
{
	static const char *const words[] = { "and", "or", "not", "of",
	    "them", "all", "any" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && strncmp(words[i], s, len) == 0)
			return 1;
	return 0;
}

int
dp_detection_identifier(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* ---- selections ---- */

/* Adds a new node made by compiling key and v (or list) to n. */
static int
add_entry(struct cctx *c, struct node *n, const char *key, const json_t *v,
    long line, const json_t *list)
{
	struct node *kid;
	int rc;

	if ((kid = dp_detection_node_new(list != NULL ? N_KEYWORD :
	    N_FIELD)) == NULL)
		return dp_detection_nomem(c);
	rc = list != NULL ? dp_detection_compile_keywords(c, kid, list) :
	    dp_detection_compile_entry(c, kid, key, v, line);
	if (rc != 0) {
		dp_detection_node_free(kid);
		return -1;
	}
	if (dp_detection_add_kid(n, kid) != 0)
		return dp_detection_nomem(c);
	return 0;
}

static struct node *
compile_map(struct cctx *c, const char *name, const json_t *map, long line)
{
	const char *key;
	struct node *n;
	json_t *v;

	if (json_object_size(map) == 0) {
		dp_detection_bad(c, line, "selection '%s' is empty", name);
		return NULL;
	}
	if ((n = dp_detection_node_new(N_AND)) == NULL) {
		dp_detection_nomem(c);
		return NULL;
	}
	json_object_foreach((json_t *)map, key, v)
		if (add_entry(c, n, key, v,
		    dp_yamldoc_key_line(c->doc, map, key), NULL) != 0) {
			dp_detection_node_free(n);
			return NULL;
		}
	return n;
}

/*
 * A list selection: its mappings and its keywords (the scalars, all in
 * one node), any of which may match.
 */
static struct node *
compile_list(struct cctx *c, const char *name, const json_t *v, long line)
{
	struct node *n, *kid;
	int keywords = 0;
	json_t *item;
	size_t i;

	if (json_array_size(v) == 0) {
		dp_detection_bad(c, line, "selection '%s' is empty", name);
		return NULL;
	}
	if ((n = dp_detection_node_new(N_OR)) == NULL) {
		dp_detection_nomem(c);
		return NULL;
	}
	json_array_foreach(v, i, item) {
		line = dp_yamldoc_item_line(c->doc, v, i);
		if (json_is_array(item) || json_is_null(item) ||
		    json_is_boolean(item) || json_is_real(item)) {
			dp_detection_bad(c, line, "selection '%s' item %zu "
			    "must be a mapping, a string or an integer", name,
			    i + 1);
			goto fail;
		}
		if (!json_is_object(item)) {
			keywords = 1;
			continue;
		}
		if ((kid = compile_map(c, name, item, line)) == NULL)
			goto fail;
		if (dp_detection_add_kid(n, kid) != 0) {
			dp_detection_nomem(c);
			goto fail;
		}
	}
	if (keywords && add_entry(c, n, NULL, NULL, line, v) != 0)
		goto fail;
	return n;
fail:
	dp_detection_node_free(n);
	return NULL;
}

static struct node *
compile_selection(struct cctx *c, const char *name, const json_t *v,
    long line)
{
	if (json_is_object(v))
		return compile_map(c, name, v, line);
	if (json_is_array(v))
		return compile_list(c, name, v, line);
	dp_detection_bad(c, line, "selection '%s' must be a mapping or a list",
	    name);
	return NULL;
}

static int
compile_condition(struct cctx *c, struct dp_detection *d,
    const json_t *det, long line)
{
	const json_t *v = json_object_get(det, "condition");
	struct node *kid;
	json_t *item;
	size_t i;

	if (json_is_string(v)) {
		d->cond = dp_detection_parse_condition(c, d,
		    json_string_value(v), dp_yamldoc_line(c->doc, v));
		return d->cond != NULL ? 0 : -1;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		return dp_detection_bad(c, line, "'condition' must be a string "
		    "or a list of strings");
	if ((d->cond = dp_detection_node_new(N_OR)) == NULL)
		return dp_detection_nomem(c);
	json_array_foreach(v, i, item) {
		line = dp_yamldoc_item_line(c->doc, v, i);
		if (!json_is_string(item))
			return dp_detection_bad(c, line, "'condition' item %zu "
			    "must be a string", i + 1);
		kid = dp_detection_parse_condition(c, d,
		    json_string_value(item), line);
		if (kid == NULL)
			return -1;
		if (dp_detection_add_kid(d->cond, kid) != 0)
			return dp_detection_nomem(c);
	}
	return 0;
}

/* ---- detections ---- */

static void
mark_used(struct dp_detection *d, const struct node *n)
{
	size_t i;

	if (n->type == N_SEL)
		d->sels[n->sel].used = 1;
	for (i = 0; i < n->nkids; i++)
		mark_used(d, n->kids[i]);
}

const char *
dp_detection_unused(const struct dp_detection *d, size_t *i, long *line)
{
	for (; *i < d->nsels; (*i)++)
		if (!d->sels[*i].used) {
			*line = d->sels[*i].line;
			return d->sels[(*i)++].name;
		}
	return NULL;
}

void
dp_detection_free(struct dp_detection *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsels; i++) {
		free(d->sels[i].name);
		dp_detection_node_free(d->sels[i].match);
	}
	free(d->sels);
	dp_detection_node_free(d->cond);
	free(d);
}

struct dp_detection *
dp_detection_compile(const struct dp_yamldoc *doc, const json_t *det,
    long line, struct dp_error *err)
{
	struct cctx c = { doc, dp_yamldoc_source(doc), err };
	struct dp_detection *d = NULL;
	struct selection *s;
	const char *key;
	long kline;
	json_t *v;

	if (!json_is_object(det)) {
		dp_detection_bad(&c, line, "'detection' must be a mapping");
		goto fail;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->sels = calloc(json_object_size(det) + 1,
	    sizeof(*d->sels))) == NULL) {
		dp_detection_nomem(&c);
		goto fail;
	}
	json_object_foreach((json_t *)det, key, v) {
		if (strcmp(key, "condition") == 0)
			continue;
		kline = dp_yamldoc_key_line(doc, det, key);
		if (!dp_detection_identifier(key, strlen(key))) {
			dp_detection_bad(&c, kline, "bad selection name "
			    "'%.64s'", key);
			goto fail;
		}
		if (dp_detection_reserved(key, strlen(key))) {
			dp_detection_bad(&c, kline, "selection name '%s' is "
			    "reserved", key);
			goto fail;
		}
		s = &d->sels[d->nsels];
		if ((s->name = strdup(key)) == NULL) {
			dp_detection_nomem(&c);
			goto fail;
		}
		s->line = kline;
		d->nsels++;
		if ((s->match = compile_selection(&c, key, v, kline)) == NULL)
			goto fail;
	}
	if (json_object_get(det, "condition") == NULL) {
		dp_detection_bad(&c, line, "missing 'condition' in "
		    "'detection'");
		goto fail;
	}
	if (compile_condition(&c, d, det,
	    dp_yamldoc_key_line(doc, det, "condition")) != 0)
		goto fail;
	mark_used(d, d->cond);
	return d;
fail:
	dp_detection_free(d);
	return NULL;
}
