#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yamldoc.h"

enum { LINE_NODE, LINE_KEY, LINE_ITEM };

struct line_ent {
	const json_t *node;	/* NULL in an empty slot */
	char *key;		/* LINE_KEY: owned copy */
	size_t index;		/* LINE_ITEM */
	int kind;
	long line;
};

struct dp_yamldoc {
	char *source;
	json_t *roots;		/* array of the documents */
	struct line_ent *tab;	/* open addressing, cap a power of two */
	size_t cap, n;
};

/* An open mapping or sequence while a YAML stream is read. */
struct frame {
	json_t *node;		/* borrowed from the tree */
	char *key;		/* a mapping's pending key, or NULL */
	long keyline;
};

struct builder {
	struct dp_yamldoc *doc;
	const struct dp_yamldoc_limits *lim;
	struct frame *stack;
	size_t depth, nodes;
	json_t *root;		/* the document being built */
};

static int
nomem(struct dp_error *err, const char *source)
{
	return dp_error_set(err, DP_ERR_NOMEM, source, 0, 0, "out of memory");
}

static size_t
hash(const json_t *node, int kind, const char *key, size_t index)
{
	uint64_t h = (uint64_t)(uintptr_t)node * UINT64_C(0x9e3779b97f4a7c15);
	const unsigned char *p;

	h ^= (uint64_t)kind;
	if (key != NULL)
		for (p = (const unsigned char *)key; *p != '\0'; p++)
			h = (h ^ *p) * UINT64_C(0x100000001b3);
	else
		h = (h ^ index) * UINT64_C(0x100000001b3);
	return (size_t)(h ^ (h >> 29));
}

/* Returns the slot of an entry: the one that holds it, or an empty one. */
static struct line_ent *
slot(const struct dp_yamldoc *doc, const json_t *node, int kind,
    const char *key, size_t index)
{
	struct line_ent *e;
	size_t i;

	i = hash(node, kind, key, index) & (doc->cap - 1);
	for (;; i = (i + 1) & (doc->cap - 1)) {
		e = &doc->tab[i];
		if (e->node == NULL)
			return e;
		if (e->node == node && e->kind == kind &&
		    (kind == LINE_KEY ? strcmp(e->key, key) == 0 :
		    e->index == index))
			return e;
	}
}

static int
grow(struct dp_yamldoc *doc)
{
	struct line_ent *old = doc->tab, *e;
	size_t oldcap = doc->cap, i;

	doc->cap = oldcap == 0 ? 256 : oldcap * 2;
	if ((doc->tab = calloc(doc->cap, sizeof(*doc->tab))) == NULL) {
		doc->tab = old;
		doc->cap = oldcap;
		return -1;
	}
	for (i = 0; i < oldcap; i++) {
		if (old[i].node == NULL)
			continue;
		e = slot(doc, old[i].node, old[i].kind, old[i].key,
		    old[i].index);
		*e = old[i];
	}
	free(old);
	return 0;
}

static int
put(struct dp_yamldoc *doc, const json_t *node, int kind, const char *key,
    size_t index, long line)
{
	struct line_ent *e;

	if ((doc->n + 1) * 2 > doc->cap && grow(doc) != 0)
		return -1;
	e = slot(doc, node, kind, key, index);
	if (e->node == NULL) {
		if (key != NULL && (e->key = strdup(key)) == NULL)
			return -1;
		e->node = node;
		e->kind = kind;
		e->index = index;
		doc->n++;
	}
	e->line = line;
	return 0;
}

static long
get(const struct dp_yamldoc *doc, const json_t *node, int kind,
    const char *key, size_t index)
{
	if (doc == NULL || node == NULL || doc->cap == 0)
		return 0;
	return slot(doc, node, kind, key, index)->line;
}

static int
singleton(const json_t *v)
{
	return json_is_true(v) || json_is_false(v) || json_is_null(v);
}

static int
digits(const char **p)
{
	const char *s = *p;

	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

/* Returns 1 when s is a YAML 1.2 core schema float. */
static int
is_float(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.') {
		p++;
		if (!digits(&p))
			return 0;
	} else {
		if (!digits(&p))
			return 0;
		if (*p == '.') {
			p++;
			digits(&p);
		}
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!digits(&p))
			return 0;
	}
	return *p == '\0';
}

static int
one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static int
parse_int(const char *s, int base, json_t **out)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = json_integer((json_int_t)v);
	return 0;
}

/*
 * Resolves a plain scalar by the YAML 1.2 core schema.  Returns 0 with a
 * new value in *out (NULL when memory ran out), or -1 with err set.
 */
static int
resolve(const char *s, size_t len, const char *source, long line,
    json_t **out, struct dp_error *err)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
	    NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
	    NULL };
	static const char *const nonfinite[] = { ".inf", "+.inf", "-.inf",
	    ".Inf", "+.Inf", "-.Inf", ".INF", "+.INF", "-.INF", ".nan",
	    ".NaN", ".NAN", NULL };
	const char *p = s;
	double d;

	if (one_of(s, nulls)) {
		*out = json_null();
		return 0;
	}
	if (one_of(s, trues) || one_of(s, falses)) {
		*out = json_boolean(one_of(s, trues));
		return 0;
	}
	if (one_of(s, nonfinite))
		return dp_error_set(err, DP_ERR_DATA, source, line, 0,
		    "non-finite number '%s' is not supported", s);
	if (*p == '-' || *p == '+')
		p++;
	if (digits(&p) && *p == '\0') {
		if (parse_int(s, 10, out) != 0)
			goto range;
		return 0;
	}
	if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x') && s[2] != '\0') {
		p = s + 2 + strspn(s + 2, s[1] == 'o' ? "01234567" :
		    "0123456789abcdefABCDEF");
		if (*p == '\0') {
			if (parse_int(s + 2, s[1] == 'o' ? 8 : 16, out) != 0)
				goto range;
			return 0;
		}
	}
	if (is_float(s)) {
		errno = 0;
		d = strtod(s, NULL);
		if (errno == ERANGE && !isfinite(d))
			goto range;
		*out = json_real(d);
		return 0;
	}
	*out = json_stringn(s, len);
	return 0;
range:
	return dp_error_set(err, DP_ERR_DATA, source, line, 0,
	    "number '%.64s' is out of range", s);
}

static int
tag_ok(const yaml_char_t *tag, const char *allowed)
{
	return tag == NULL || strcmp((const char *)tag, "!") == 0 ||
	    strcmp((const char *)tag, allowed) == 0;
}

static int
bad_tag(const yaml_char_t *tag, const char *source, long line,
    struct dp_error *err)
{
	return dp_error_set(err, DP_ERR_DATA, source, line, 0,
	    "unsupported tag '%.64s'", (const char *)tag);
}

static int
no_anchor(const yaml_char_t *anchor, const char *source, long line,
    struct dp_error *err)
{
	if (anchor == NULL)
		return 0;
	return dp_error_set(err, DP_ERR_DATA, source, line, 0,
	    "anchor '&%.64s' is not allowed", (const char *)anchor);
}

/* Counts one more node against the bound. */
static int
count(struct builder *b, long line, struct dp_error *err)
{
	if (++b->nodes > b->lim->max_nodes)
		return dp_error_set(err, DP_ERR_DATA, b->doc->source, line, 0,
		    "more than %zu nodes", b->lim->max_nodes);
	return 0;
}

/* Attaches v (ownership taken) to the open container or as the root. */
static int
attach(struct builder *b, json_t *v, long line, struct dp_error *err)
{
	struct dp_yamldoc *doc = b->doc;
	struct frame *top;
	size_t i;

	if (v == NULL)
		return nomem(err, doc->source);
	if (!singleton(v) && put(doc, v, LINE_NODE, NULL, 0, line) != 0) {
		json_decref(v);
		return nomem(err, doc->source);
	}
	if (b->depth == 0) {
		b->root = v;
		return 0;
	}
	top = &b->stack[b->depth - 1];
	if (json_is_object(top->node)) {
		/* json_object_set_new steals v */
		if (json_object_set_new(top->node, top->key, v) != 0 ||
		    put(doc, top->node, LINE_KEY, top->key, 0,
		    top->keyline) != 0)
			return nomem(err, doc->source);
		free(top->key);
		top->key = NULL;
		return 0;
	}
	i = json_array_size(top->node);
	/* json_array_append_new steals v */
	if (json_array_append_new(top->node, v) != 0 ||
	    put(doc, top->node, LINE_ITEM, NULL, i, line) != 0)
		return nomem(err, doc->source);
	return 0;
}

/* Returns 1 when the next scalar is a key of the open mapping. */
static int
want_key(const struct builder *b)
{
	const struct frame *top;

	if (b->depth == 0)
		return 0;
	top = &b->stack[b->depth - 1];
	return json_is_object(top->node) && top->key == NULL;
}

static int
key(struct builder *b, const yaml_event_t *ev, long line,
    struct dp_error *err)
{
	const char *s = (const char *)ev->data.scalar.value;
	struct frame *top = &b->stack[b->depth - 1];
	const char *src = b->doc->source;

	if (!tag_ok(ev->data.scalar.tag, YAML_STR_TAG))
		return bad_tag(ev->data.scalar.tag, src, line, err);
	if (strlen(s) != ev->data.scalar.length)
		return dp_error_set(err, DP_ERR_DATA, src, line, 0,
		    "key contains a NUL byte");
	if (json_object_get(top->node, s) != NULL)
		return dp_error_set(err, DP_ERR_DATA, src, line, 0,
		    "duplicate key '%.64s' (first at line %ld)", s,
		    get(b->doc, top->node, LINE_KEY, s, 0));
	if ((top->key = strdup(s)) == NULL)
		return nomem(err, src);
	top->keyline = line;
	return 0;
}

static int
scalar(struct builder *b, const yaml_event_t *ev, long line,
    struct dp_error *err)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *src = b->doc->source;
	json_t *v = NULL;

	if (no_anchor(ev->data.scalar.anchor, src, line, err) != 0 ||
	    count(b, line, err) != 0)
		return -1;
	if (want_key(b))
		return key(b, ev, line, err);
	if (!tag_ok(ev->data.scalar.tag, YAML_STR_TAG))
		return bad_tag(ev->data.scalar.tag, src, line, err);
	if (ev->data.scalar.tag == NULL &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (resolve(s, len, src, line, &v, err) != 0)
			return -1;
	} else
		v = json_stringn(s, len);
	return attach(b, v, line, err);
}

static int
open_node(struct builder *b, const yaml_event_t *ev, long line,
    struct dp_error *err)
{
	int map = ev->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor, *tag;
	const char *src = b->doc->source;
	json_t *v;

	anchor = map ? ev->data.mapping_start.anchor :
	    ev->data.sequence_start.anchor;
	tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	if (no_anchor(anchor, src, line, err) != 0 ||
	    count(b, line, err) != 0)
		return -1;
	if (!tag_ok(tag, map ? YAML_MAP_TAG : YAML_SEQ_TAG))
		return bad_tag(tag, src, line, err);
	if (want_key(b))
		return dp_error_set(err, DP_ERR_DATA, src, line, 0,
		    "a mapping key must be a scalar");
	if (b->depth >= b->lim->max_depth)
		return dp_error_set(err, DP_ERR_DATA, src, line, 0,
		    "nesting deeper than %zu levels", b->lim->max_depth);
	v = map ? json_object() : json_array();
	if (attach(b, v, line, err) != 0)
		return -1;
	b->stack[b->depth].node = v;
	b->stack[b->depth].key = NULL;
	b->depth++;
	return 0;
}

static int
handle(struct builder *b, const yaml_event_t *ev, struct dp_error *err)
{
	long line = (long)ev->start_mark.line + 1;
	const char *src = b->doc->source;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return dp_error_set(err, DP_ERR_DATA, src, line, 0,
		    "alias '*%.64s' is not allowed",
		    (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		return scalar(b, ev, line, err);
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		return open_node(b, ev, line, err);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		b->depth--;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		/* json_array_append_new steals the root */
		if (json_array_append_new(b->doc->roots, b->root) != 0)
			return nomem(err, src);
		b->root = NULL;
		return 0;
	default:
		return 0;
	}
}

static int
syntax(const yaml_parser_t *p, const char *buf, const char *source,
    struct dp_error *err)
{
	long line = 1, col = 1;
	size_t i;

	if (p->error == YAML_MEMORY_ERROR)
		return nomem(err, source);
	if (p->error == YAML_READER_ERROR) {
		for (i = 0; i < p->problem_offset; i++, col++)
			if (buf[i] == '\n') {
				line++;
				col = 0;
			}
		return dp_error_set(err, DP_ERR_DATA, source, line, col,
		    "%s", p->problem);
	}
	line = (long)p->problem_mark.line + 1;
	col = (long)p->problem_mark.column + 1;
	if (p->context != NULL)
		return dp_error_set(err, DP_ERR_DATA, source, line, col,
		    "%s (%s at line %ld)", p->problem, p->context,
		    (long)p->context_mark.line + 1);
	return dp_error_set(err, DP_ERR_DATA, source, line, col, "%s",
	    p->problem);
}

static int
load_yaml(struct dp_yamldoc *doc, const char *buf, size_t len,
    const struct dp_yamldoc_limits *lim, struct dp_error *err)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0, rc = -1;

	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.lim = lim;
	if ((b.stack = calloc(lim->max_depth + 1, sizeof(*b.stack))) ==
	    NULL || !yaml_parser_initialize(&parser)) {
		free(b.stack);
		return nomem(err, doc->source);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf,
	    len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax(&parser, buf, doc->source, err);
			goto out;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = handle(&b, &ev, err);
		yaml_event_delete(&ev);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	while (b.depth > 0)
		free(b.stack[--b.depth].key);
	/* a root not yet appended is referenced by nothing else */
	json_decref(b.root);
	free(b.stack);
	yaml_parser_delete(&parser);
	return rc == 0 ? 0 : -1;
}

/* Holds a tree read by jansson to the bounds; its lines are unknown. */
static int
bounded(const json_t *v, size_t depth, size_t *nodes,
    const struct dp_yamldoc_limits *lim, const char *source,
    struct dp_error *err)
{
	const char *k;
	json_t *m;
	size_t i;

	if (++*nodes > lim->max_nodes)
		return dp_error_set(err, DP_ERR_DATA, source, 0, 0,
		    "more than %zu nodes", lim->max_nodes);
	if (!json_is_object(v) && !json_is_array(v))
		return 0;
	if (depth >= lim->max_depth)
		return dp_error_set(err, DP_ERR_DATA, source, 0, 0,
		    "nesting deeper than %zu levels", lim->max_depth);
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
			if (bounded(m, depth + 1, nodes, lim, source, err))
				return -1;
	} else {
		json_array_foreach(v, i, m)
			if (bounded(m, depth + 1, nodes, lim, source, err))
				return -1;
	}
	return 0;
}

static struct dp_yamldoc *
doc_new(const char *source)
{
	struct dp_yamldoc *doc;

	if ((doc = calloc(1, sizeof(*doc))) == NULL)
		return NULL;
	if ((doc->source = strdup(source != NULL ? source : "")) == NULL ||
	    (doc->roots = json_array()) == NULL) {
		dp_yamldoc_free(doc);
		return NULL;
	}
	return doc;
}

static void
swap(struct dp_yamldoc *a, struct dp_yamldoc *b)
{
	struct dp_yamldoc t = *a;

	*a = *b;
	*b = t;
}

static int
load_json(struct dp_yamldoc *doc, const char *buf, size_t len,
    const struct dp_yamldoc_limits *lim, struct dp_error *err)
{
	struct dp_yamldoc *lines = NULL;
	json_error_t jerr;
	json_t *root;
	size_t nodes = 0;
	int rc = -1;

	root = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    &jerr);
	if (root == NULL)
		return dp_error_set(err, DP_ERR_DATA, doc->source,
		    jerr.line > 0 ? jerr.line : 0,
		    jerr.column > 0 ? jerr.column : 0, "%s", jerr.text);
	if ((lines = doc_new(doc->source)) == NULL) {
		nomem(err, doc->source);
		goto out;
	}
	if (load_yaml(lines, buf, len, lim, NULL) == 0 &&
	    json_array_size(lines->roots) == 1 &&
	    json_equal(json_array_get(lines->roots, 0), root)) {
		swap(doc, lines);
		rc = 0;
		goto out;
	}
	if (bounded(root, 0, &nodes, lim, doc->source, err) != 0)
		goto out;
	/* json_array_append_new steals root */
	if (json_array_append_new(doc->roots, root) != 0) {
		root = NULL;
		nomem(err, doc->source);
		goto out;
	}
	root = NULL;
	rc = 0;
out:
	json_decref(root);
	dp_yamldoc_free(lines);
	return rc;
}

struct dp_yamldoc *
dp_yamldoc_load_buffer(const char *buf, size_t len, int json,
    const char *source, const struct dp_yamldoc_limits *limits,
    struct dp_error *err)
{
	static const struct dp_yamldoc_limits deflim = DP_YAMLDOC_LIMITS_INIT;
	struct dp_yamldoc *doc;
	int rc;

	if (limits == NULL)
		limits = &deflim;
	if ((doc = doc_new(source)) == NULL) {
		nomem(err, source);
		return NULL;
	}
	if (len > limits->max_bytes) {
		dp_error_set(err, DP_ERR_DATA, doc->source, 0, 0,
		    "larger than %zu bytes", limits->max_bytes);
		goto fail;
	}
	rc = json ? load_json(doc, buf, len, limits, err) :
	    load_yaml(doc, buf, len, limits, err);
	if (rc == 0)
		return doc;
fail:
	dp_yamldoc_free(doc);
	return NULL;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

struct dp_yamldoc *
dp_yamldoc_load_file(const char *path, const char *source,
    const struct dp_yamldoc_limits *limits, struct dp_error *err)
{
	static const struct dp_yamldoc_limits deflim = DP_YAMLDOC_LIMITS_INIT;
	struct dp_yamldoc *doc = NULL;
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	if (limits == NULL)
		limits = &deflim;
	if (source == NULL)
		source = path;
	if ((fp = fopen(path, "rb")) == NULL) {
		dp_error_set(err, DP_ERR_NOINPUT, NULL, 0, 0,
		    "cannot open '%s': %s", source, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 8192 : cap * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				nomem(err, source);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (len > limits->max_bytes) {
			dp_error_set(err, DP_ERR_DATA, source, 0, 0,
			    "larger than %zu bytes", limits->max_bytes);
			goto out;
		}
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		dp_error_set(err, DP_ERR_NOINPUT, NULL, 0, 0,
		    "cannot read '%s': %s", source, strerror(errno));
		goto out;
	}
	doc = dp_yamldoc_load_buffer(buf, len, ends_with(path, ".json"),
	    source, limits, err);
out:
	fclose(fp);
	free(buf);
	return doc;
}

void
dp_yamldoc_free(struct dp_yamldoc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->cap; i++)
		free(doc->tab[i].key);
	free(doc->tab);
	json_decref(doc->roots);
	free(doc->source);
	free(doc);
}

const char *
dp_yamldoc_source(const struct dp_yamldoc *doc)
{
	return doc->source;
}

size_t
dp_yamldoc_count(const struct dp_yamldoc *doc)
{
	return json_array_size(doc->roots);
}

json_t *
dp_yamldoc_root(const struct dp_yamldoc *doc, size_t i)
{
	return json_array_get(doc->roots, i);
}

long
dp_yamldoc_line(const struct dp_yamldoc *doc, const json_t *node)
{
	if (singleton(node))
		return 0;
	return get(doc, node, LINE_NODE, NULL, 0);
}

long
dp_yamldoc_key_line(const struct dp_yamldoc *doc, const json_t *obj,
    const char *key)
{
	if (key == NULL)
		return 0;
	return get(doc, obj, LINE_KEY, key, 0);
}

long
dp_yamldoc_item_line(const struct dp_yamldoc *doc, const json_t *arr,
    size_t i)
{
	return get(doc, arr, LINE_ITEM, NULL, i);
}
