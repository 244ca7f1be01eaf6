#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detection.h"
#include "event.h"

enum node_type { N_AND, N_OR, N_NOT, N_SEL, N_FIELD };

/* How a field's values are compared; modifiers choose one. */
enum match_op { OP_EQ, OP_RE };

static const struct {
	const char *name;
	enum match_op op;
} modifiers[] = {
	{ "re", OP_RE }
};

struct value {
	json_t *v;		/* the rule's scalar */
	pcre2_code *re;		/* strings: the compiled comparison */
};

/* A node of a compiled selection or condition. */
struct node {
	enum node_type type;
	struct node **kids;	/* N_AND, N_OR, N_NOT */
	size_t nkids;
	size_t sel;		/* N_SEL: index of the selection */
	char *field;		/* N_FIELD: dotted path */
	enum match_op op;
	struct value *vals;	/* N_FIELD: any may match */
	size_t nvals;
};

struct selection {
	char *name;
	struct node *match;
};

struct dp_detection {
	struct selection *sels;
	size_t nsels;
	struct node *cond;
};

struct dp_detection_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

/* What compiling needs to say where a problem is. */
struct cctx {
	const struct dp_yamldoc *doc;
	const char *source;
	struct dp_error *err;
};

static int
bad(struct cctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct cctx *c, long line, const char *fmt, ...)
{
	char text[DP_ERROR_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return dp_error_set(c->err, DP_ERR_CONFIG, c->source, line, 0, "%s",
	    text);
}

static int
nomem(struct cctx *c)
{
	return dp_error_set(c->err, DP_ERR_NOMEM, c->source, 0, 0,
	    "out of memory");
}

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	for (i = 0; i < n->nvals; i++) {
		json_decref(n->vals[i].v);
		pcre2_code_free(n->vals[i].re);
	}
	free(n->vals);
	free(n->field);
	free(n);
}

static struct node *
node_new(enum node_type type)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n != NULL)
		n->type = type;
	return n;
}

/* Adds kid (ownership taken, even on failure) to n. */
static int
add_kid(struct node *n, struct node *kid)
{
	struct node **k;

	k = realloc(n->kids, (n->nkids + 1) * sizeof(*k));
	if (k == NULL) {
		node_free(kid);
		return -1;
	}
	n->kids = k;
	n->kids[n->nkids++] = kid;
	return 0;
}

/* ---- values and fields ---- */

static int
compile_re(struct cctx *c, struct value *val, uint32_t opts, long line)
{
	const char *s = json_string_value(val->v);
	size_t len = json_string_length(val->v);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	val->re = pcre2_compile((PCRE2_SPTR)s, len, opts | PCRE2_UTF, &code,
	    &off, NULL);
	if (val->re == NULL) {
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		return bad(c, line,
		    "bad regular expression '%.64s': %s at offset %zu", s,
		    (const char *)msg, (size_t)off);
	}
	/* without JIT (an unsupported CPU) the interpreter is used */
	(void)pcre2_jit_compile(val->re, PCRE2_JIT_COMPLETE);
	return 0;
}

static int
compile_value(struct cctx *c, struct node *n, json_t *v, long line)
{
	struct value *val = &n->vals[n->nvals];

	if (json_is_object(v) || json_is_array(v))
		return bad(c, line, "value of '%s' must be a scalar or a list "
		    "of scalars", n->field);
	if (n->op == OP_RE && !json_is_string(v))
		return bad(c, line, "modifier 're' needs a string value");
	val->v = json_incref(v);
	val->re = NULL;
	n->nvals++;
	if (n->op == OP_RE)
		return compile_re(c, val, PCRE2_NEVER_BACKSLASH_C, line);
	if (json_is_string(v))
		return compile_re(c, val, PCRE2_LITERAL | PCRE2_CASELESS |
		    PCRE2_ANCHORED | PCRE2_ENDANCHORED, line);
	return 0;
}

static int
valid_path(const char *p)
{
	if (*p == '\0' || *p == '.')
		return 0;
	for (; *p != '\0'; p++)
		if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
			return 0;
	return 1;
}

/* Sets n's field and operation from "field.path|mod|mod". */
static int
parse_key(struct cctx *c, struct node *n, const char *key, long line)
{
	const char *bar = strchr(key, '|'), *m, *end;
	size_t i, len;
	int seen = 0;

	len = bar != NULL ? (size_t)(bar - key) : strlen(key);
	if ((n->field = strndup(key, len)) == NULL)
		return nomem(c);
	if (!valid_path(n->field))
		return bad(c, line, "bad field path '%.64s'", n->field);
	for (m = bar; m != NULL; m = end) {
		m++;
		end = strchr(m, '|');
		len = end != NULL ? (size_t)(end - m) : strlen(m);
		if (len == 0)
			return bad(c, line, "empty modifier in '%.64s'", key);
		for (i = 0; i < sizeof(modifiers) / sizeof(modifiers[0]); i++)
			if (strlen(modifiers[i].name) == len &&
			    strncmp(modifiers[i].name, m, len) == 0)
				break;
		if (i == sizeof(modifiers) / sizeof(modifiers[0]))
			return bad(c, line, "unknown modifier '%.*s'",
			    (int)(len > 64 ? 64 : len), m);
		if (seen++)
			return bad(c, line, "modifier '%.*s' cannot be "
			    "combined with another", (int)len, m);
		n->op = modifiers[i].op;
	}
	return 0;
}

static struct node *
compile_field(struct cctx *c, const json_t *map, const char *key,
    json_t *v)
{
	long line = dp_yamldoc_key_line(c->doc, map, key);
	struct node *n;
	size_t i, nv;
	json_t *item;

	if ((n = node_new(N_FIELD)) == NULL) {
		nomem(c);
		return NULL;
	}
	if (parse_key(c, n, key, line) != 0)
		goto fail;
	nv = json_is_array(v) ? json_array_size(v) : 1;
	if (nv == 0) {
		bad(c, line, "empty list of values for '%.64s'", key);
		goto fail;
	}
	if ((n->vals = calloc(nv, sizeof(*n->vals))) == NULL) {
		nomem(c);
		goto fail;
	}
	if (!json_is_array(v)) {
		if (compile_value(c, n, v, line) != 0)
			goto fail;
		return n;
	}
	json_array_foreach(v, i, item)
		if (compile_value(c, n, item,
		    dp_yamldoc_item_line(c->doc, v, i)) != 0)
			goto fail;
	return n;
fail:
	node_free(n);
	return NULL;
}

/* ---- selections ---- */

static struct node *
compile_map(struct cctx *c, const char *name, const json_t *map, long line)
{
	struct node *n, *kid;
	const char *key;
	json_t *v;

	if (json_object_size(map) == 0) {
		bad(c, line, "selection '%s' is empty", name);
		return NULL;
	}
	if ((n = node_new(N_AND)) == NULL) {
		nomem(c);
		return NULL;
	}
	json_object_foreach((json_t *)map, key, v) {
		if ((kid = compile_field(c, map, key, v)) == NULL)
			goto fail;
		if (add_kid(n, kid) != 0) {
			nomem(c);
			goto fail;
		}
	}
	return n;
fail:
	node_free(n);
	return NULL;
}

static struct node *
compile_selection(struct cctx *c, const char *name, const json_t *v,
    long line)
{
	struct node *n, *kid;
	json_t *item;
	size_t i;

	if (json_is_object(v))
		return compile_map(c, name, v, line);
	if (!json_is_array(v)) {
		bad(c, line, "selection '%s' must be a mapping or a list of "
		    "mappings", name);
		return NULL;
	}
	if (json_array_size(v) == 0) {
		bad(c, line, "selection '%s' is empty", name);
		return NULL;
	}
	if ((n = node_new(N_OR)) == NULL) {
		nomem(c);
		return NULL;
	}
	json_array_foreach(v, i, item) {
		line = dp_yamldoc_item_line(c->doc, v, i);
		if (!json_is_object(item)) {
			bad(c, line, "selection '%s' item %zu must be a "
			    "mapping", name, i + 1);
			goto fail;
		}
		if ((kid = compile_map(c, name, item, line)) == NULL)
			goto fail;
		if (add_kid(n, kid) != 0) {
			nomem(c);
			goto fail;
		}
	}
	return n;
fail:
	node_free(n);
	return NULL;
}

static int
reserved(const char *s, size_t len)
{
	static const char *const words[] = { "and", "or", "not", "of",
	    "them", "all" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && strncmp(words[i], s, len) == 0)
			return 1;
	return 0;
}

static int
identifier(const char *s, size_t len)
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

/* ---- condition ---- */

enum tok_type { T_END, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_WORD,
    T_OTHER };

struct cond {
	struct cctx *c;
	const struct dp_detection *det;
	const char *p;		/* next character */
	long line;
	int depth;
	enum tok_type type;	/* the current token */
	const char *tok;
	size_t len;
};

static int
word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '*';
}

static void
next(struct cond *cp)
{
	const char *p = cp->p;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	cp->tok = p;
	cp->len = 1;
	if (*p == '\0') {
		cp->type = T_END;
		cp->len = 0;
	} else if (*p == '(')
		cp->type = T_LPAREN;
	else if (*p == ')')
		cp->type = T_RPAREN;
	else if (word_char(*p)) {
		while (word_char(p[cp->len]))
			cp->len++;
		cp->type = T_WORD;
		if (cp->len == 3 && strncmp(p, "and", 3) == 0)
			cp->type = T_AND;
		else if (cp->len == 2 && strncmp(p, "or", 2) == 0)
			cp->type = T_OR;
		else if (cp->len == 3 && strncmp(p, "not", 3) == 0)
			cp->type = T_NOT;
	} else
		cp->type = T_OTHER;
	cp->p = p + cp->len;
}

static struct node *
unexpected(struct cond *cp)
{
	if (cp->type == T_END)
		bad(cp->c, cp->line, "condition ends too early");
	else
		bad(cp->c, cp->line, "unexpected '%.*s' in condition",
		    (int)(cp->len > 64 ? 64 : cp->len), cp->tok);
	return NULL;
}

static struct node *expr(struct cond *cp);

static struct node *
selection_ref(struct cond *cp)
{
	struct node *n;
	size_t i;

	if (!identifier(cp->tok, cp->len) || reserved(cp->tok, cp->len))
		return unexpected(cp);
	for (i = 0; i < cp->det->nsels; i++)
		if (strlen(cp->det->sels[i].name) == cp->len &&
		    strncmp(cp->det->sels[i].name, cp->tok, cp->len) == 0)
			break;
	if (i == cp->det->nsels) {
		bad(cp->c, cp->line, "unknown selection '%.*s' in condition",
		    (int)(cp->len > 64 ? 64 : cp->len), cp->tok);
		return NULL;
	}
	if ((n = node_new(N_SEL)) == NULL) {
		nomem(cp->c);
		return NULL;
	}
	n->sel = i;
	next(cp);
	return n;
}

static struct node *
factor(struct cond *cp)
{
	struct node *n, *kid;

	if (cp->type != T_NOT && cp->type != T_LPAREN)
		return cp->type == T_WORD ? selection_ref(cp) : unexpected(cp);
	if (++cp->depth > DP_DETECTION_DEPTH_MAX) {
		bad(cp->c, cp->line, "condition nested deeper than %d levels",
		    DP_DETECTION_DEPTH_MAX);
		return NULL;
	}
	if (cp->type == T_LPAREN) {
		next(cp);
		if ((n = expr(cp)) == NULL)
			return NULL;
		if (cp->type != T_RPAREN) {
			node_free(n);
			bad(cp->c, cp->line, "missing ')' in condition");
			return NULL;
		}
		next(cp);
		cp->depth--;
		return n;
	}
	next(cp);
	if ((kid = factor(cp)) == NULL)
		return NULL;
	if ((n = node_new(N_NOT)) == NULL || add_kid(n, kid) != 0) {
		if (n == NULL)
			node_free(kid);
		node_free(n);
		nomem(cp->c);
		return NULL;
	}
	cp->depth--;
	return n;
}

/* Parses operands joined by op (T_AND or T_OR) into one node. */
static struct node *
chain(struct cond *cp, enum tok_type op)
{
	struct node *n = NULL, *kid;

	kid = op == T_OR ? chain(cp, T_AND) : factor(cp);
	if (kid == NULL || cp->type != op)
		return kid;
	if ((n = node_new(op == T_OR ? N_OR : N_AND)) == NULL ||
	    add_kid(n, kid) != 0) {
		if (n == NULL)
			node_free(kid);
		goto fail;
	}
	while (cp->type == op) {
		next(cp);
		kid = op == T_OR ? chain(cp, T_AND) : factor(cp);
		if (kid == NULL) {
			node_free(n);
			return NULL;
		}
		if (add_kid(n, kid) != 0)
			goto fail;
	}
	return n;
fail:
	node_free(n);
	nomem(cp->c);
	return NULL;
}

static struct node *
expr(struct cond *cp)
{
	return chain(cp, T_OR);
}

static struct node *
parse_condition(struct cctx *c, const struct dp_detection *det,
    const char *s, long line)
{
	struct cond cp;
	struct node *n;

	memset(&cp, 0, sizeof(cp));
	cp.c = c;
	cp.det = det;
	cp.p = s;
	cp.line = line;
	next(&cp);
	if (cp.type == T_END) {
		bad(c, line, "empty condition");
		return NULL;
	}
	if ((n = expr(&cp)) == NULL)
		return NULL;
	if (cp.type != T_END) {
		node_free(n);
		return unexpected(&cp);
	}
	return n;
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
		d->cond = parse_condition(c, d, json_string_value(v),
		    dp_yamldoc_line(c->doc, v));
		return d->cond != NULL ? 0 : -1;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		return bad(c, line, "'condition' must be a string or a list "
		    "of strings");
	if ((d->cond = node_new(N_OR)) == NULL)
		return nomem(c);
	json_array_foreach(v, i, item) {
		line = dp_yamldoc_item_line(c->doc, v, i);
		if (!json_is_string(item))
			return bad(c, line, "'condition' item %zu must be a "
			    "string", i + 1);
		kid = parse_condition(c, d, json_string_value(item), line);
		if (kid == NULL)
			return -1;
		if (add_kid(d->cond, kid) != 0)
			return nomem(c);
	}
	return 0;
}

/* ---- detections ---- */

void
dp_detection_free(struct dp_detection *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsels; i++) {
		free(d->sels[i].name);
		node_free(d->sels[i].match);
	}
	free(d->sels);
	node_free(d->cond);
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
		bad(&c, line, "'detection' must be a mapping");
		goto fail;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->sels = calloc(json_object_size(det) + 1,
	    sizeof(*d->sels))) == NULL) {
		nomem(&c);
		goto fail;
	}
	json_object_foreach((json_t *)det, key, v) {
		if (strcmp(key, "condition") == 0)
			continue;
		kline = dp_yamldoc_key_line(doc, det, key);
		if (!identifier(key, strlen(key))) {
			bad(&c, kline, "bad selection name '%.64s'", key);
			goto fail;
		}
		if (reserved(key, strlen(key))) {
			bad(&c, kline, "selection name '%s' is reserved", key);
			goto fail;
		}
		s = &d->sels[d->nsels];
		if ((s->name = strdup(key)) == NULL) {
			nomem(&c);
			goto fail;
		}
		d->nsels++;
		if ((s->match = compile_selection(&c, key, v, kline)) == NULL)
			goto fail;
	}
	if (json_object_get(det, "condition") == NULL) {
		bad(&c, line, "missing 'condition' in 'detection'");
		goto fail;
	}
	if (compile_condition(&c, d, det,
	    dp_yamldoc_key_line(doc, det, "condition")) != 0)
		goto fail;
	return d;
fail:
	dp_detection_free(d);
	return NULL;
}

/* ---- evaluation ---- */

struct dp_detection_scratch *
dp_detection_scratch_new(struct dp_error *err)
{
	struct dp_detection_scratch *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		goto fail;
	if ((s->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (s->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
	    NULL)) == NULL)
		goto fail;
	pcre2_set_match_limit(s->mctx, DP_DETECTION_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, DP_DETECTION_MATCH_LIMIT / 100);
	pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	return s;
fail:
	dp_detection_scratch_free(s);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
dp_detection_scratch_free(struct dp_detection_scratch *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

struct ectx {
	const struct dp_detection *d;
	struct dp_detection_scratch *s;
	struct dp_error *err;
};

static int
re_match(struct ectx *x, const struct node *n, const pcre2_code *re,
    const json_t *v)
{
	PCRE2_UCHAR msg[256];
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)json_string_value(v),
	    json_string_length(v), 0, 0, x->s->md, x->s->mctx);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return 0;
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return dp_error_set(x->err, DP_ERR_DATA, NULL, 0, 0,
		    "regular expression on '%s' reached its match limit",
		    n->field);
	}
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "matching '%s': %s", n->field, (const char *)msg);
}

static int
scalar_match(struct ectx *x, const struct node *n, const struct value *val,
    const json_t *v)
{
	if (val->re != NULL)
		return json_is_string(v) ? re_match(x, n, val->re, v) : 0;
	if (json_is_integer(val->v) && json_is_integer(v))
		return json_integer_value(val->v) == json_integer_value(v);
	if (json_is_number(val->v))
		return json_is_number(v) &&
		    json_number_value(val->v) == json_number_value(v);
	if (json_is_boolean(val->v))
		return json_is_boolean(v) &&
		    json_is_true(val->v) == json_is_true(v);
	return 0;
}

static int
field_match(struct ectx *x, const struct node *n, const json_t *v)
{
	const struct value *val;
	const json_t *item;
	size_t i, j;
	int rc;

	for (i = 0; i < n->nvals; i++) {
		val = &n->vals[i];
		if (json_is_null(val->v))
			rc = v == NULL || json_is_null(v);
		else if (json_is_array(v)) {
			rc = 0;
			json_array_foreach(v, j, item)
				if ((rc = scalar_match(x, n, val, item)) != 0)
					break;
		} else
			rc = v != NULL ? scalar_match(x, n, val, v) : 0;
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
eval(struct ectx *x, const struct node *n, const json_t *ev)
{
	size_t i;
	int rc;

	switch (n->type) {
	case N_AND:
		for (i = 0; i < n->nkids; i++)
			if ((rc = eval(x, n->kids[i], ev)) != 1)
				return rc;
		return 1;
	case N_OR:
		for (i = 0; i < n->nkids; i++)
			if ((rc = eval(x, n->kids[i], ev)) != 0)
				return rc;
		return 0;
	case N_NOT:
		rc = eval(x, n->kids[0], ev);
		return rc < 0 ? rc : !rc;
	case N_SEL:
		return eval(x, x->d->sels[n->sel].match, ev);
	case N_FIELD:
		return field_match(x, n, dp_event_get(ev, n->field));
	}
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "bad detection node");
}

int
dp_detection_match(const struct dp_detection *d,
    struct dp_detection_scratch *s, const json_t *ev, struct dp_error *err)
{
	struct ectx x = { d, s, err };

	return eval(&x, d->cond, ev);
}
