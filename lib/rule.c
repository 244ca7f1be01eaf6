#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "event.h"
#include "rule.h"
#include "yamldoc.h"

#define FOLDER_DEPTH_MAX 16
#define ID_MAX 128

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

struct test {
	json_t *ev;
	long line;
	int expect;		/* 1: must match, 0: must not */
	size_t index;		/* 1-based in its list */
};

struct dp_rule_detection {
	struct selection *sels;
	size_t nsels;
	struct node *cond;
	struct test *tests;
	size_t ntests;
};

struct dp_ruleset {
	struct dp_rule **rules;
	const struct dp_rule **matched;
	size_t n, cap;
	dp_rule_report_fn report;
	void *arg;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

/* What compiling one rule needs to say where a problem is. */
struct cctx {
	const struct dp_yamldoc *doc;
	const char *source;
	struct dp_error *err;
};

static const char *const severities[] = { "info", "low", "medium", "high",
    "critical" };
static const char *const confidences[] = { "low", "medium", "high" };

static int
lookup(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

int
dp_rule_severity_parse(const char *s, enum dp_rule_severity *out)
{
	int i = lookup(s, severities, 5);

	if (i < 0)
		return -1;
	*out = (enum dp_rule_severity)i;
	return 0;
}

int
dp_rule_confidence_parse(const char *s, enum dp_rule_confidence *out)
{
	int i = lookup(s, confidences, 3);

	if (i < 0)
		return -1;
	*out = (enum dp_rule_confidence)i;
	return 0;
}

const char *
dp_rule_severity_name(enum dp_rule_severity s)
{
	return (unsigned)s < 5 ? severities[s] : "unknown";
}

const char *
dp_rule_confidence_name(enum dp_rule_confidence c)
{
	return (unsigned)c < 3 ? confidences[c] : "unknown";
}

static int
bad(struct cctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct cctx *c, long line, const char *fmt, ...)
{
	va_list ap;

	dp_error_set(c->err, DP_ERR_CONFIG, c->source, line, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(c->err->text, sizeof(c->err->text), fmt, ap);
	va_end(ap);
	return -1;
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

static void
detection_free(struct dp_rule_detection *d)
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
	for (i = 0; i < d->ntests; i++)
		json_decref(d->tests[i].ev);
	free(d->tests);
	free(d);
}

static void
rule_free(struct dp_rule *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->remediation);
	json_decref(r->tags);
	json_decref(r->controls);
	json_decref(r->falsepositives);
	free(r->path);
	free(r->source);
	detection_free(r->detection);
	free(r);
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
	const struct dp_rule_detection *det;
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
	if (++cp->depth > DP_RULE_DEPTH_MAX) {
		bad(cp->c, cp->line, "condition nested deeper than %d levels",
		    DP_RULE_DEPTH_MAX);
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
parse_condition(struct cctx *c, const struct dp_rule_detection *det,
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
compile_condition(struct cctx *c, struct dp_rule_detection *d,
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

static int
compile_detection(struct cctx *c, struct dp_rule *r, const json_t *rule)
{
	const json_t *det = json_object_get(rule, "detection");
	struct dp_rule_detection *d;
	struct selection *s;
	const char *key;
	long line;
	json_t *v;

	line = dp_yamldoc_key_line(c->doc, rule, "detection");
	if (!json_is_object(det))
		return bad(c, line, "'detection' must be a mapping");
	if ((d = r->detection = calloc(1, sizeof(*d))) == NULL ||
	    (d->sels = calloc(json_object_size(det) + 1,
	    sizeof(*d->sels))) == NULL)
		return nomem(c);
	json_object_foreach((json_t *)det, key, v) {
		if (strcmp(key, "condition") == 0)
			continue;
		line = dp_yamldoc_key_line(c->doc, det, key);
		if (!identifier(key, strlen(key)))
			return bad(c, line, "bad selection name '%.64s'", key);
		if (reserved(key, strlen(key)))
			return bad(c, line, "selection name '%s' is reserved",
			    key);
		s = &d->sels[d->nsels];
		if ((s->name = strdup(key)) == NULL)
			return nomem(c);
		d->nsels++;
		if ((s->match = compile_selection(c, key, v, line)) == NULL)
			return -1;
	}
	if (json_object_get(det, "condition") == NULL)
		return bad(c, dp_yamldoc_key_line(c->doc, rule, "detection"),
		    "missing 'condition' in 'detection'");
	return compile_condition(c, d, det,
	    dp_yamldoc_key_line(c->doc, det, "condition"));
}

/* ---- tests ---- */

static int
compile_tests(struct cctx *c, struct dp_rule *r, const json_t *rule)
{
	static const char *const lists[] = { "match", "nomatch" };
	const json_t *tests = json_object_get(rule, "tests");
	struct dp_rule_detection *d = r->detection;
	const char *key;
	json_t *list, *ev;
	size_t i, n = 0;
	long line;
	int k;

	if (tests == NULL)
		return 0;
	line = dp_yamldoc_key_line(c->doc, rule, "tests");
	if (!json_is_object(tests))
		return bad(c, line, "'tests' must be a mapping");
	json_object_foreach((json_t *)tests, key, list) {
		line = dp_yamldoc_key_line(c->doc, tests, key);
		if (lookup(key, lists, 2) < 0)
			return bad(c, line, "unknown key '%.64s' in 'tests'",
			    key);
		if (!json_is_array(list))
			return bad(c, line, "'%s' must be a list of events",
			    key);
		n += json_array_size(list);
	}
	if ((d->tests = calloc(n + 1, sizeof(*d->tests))) == NULL)
		return nomem(c);
	for (k = 0; k < 2; k++) {
		list = json_object_get(tests, lists[k]);
		json_array_foreach(list, i, ev) {
			line = dp_yamldoc_item_line(c->doc, list, i);
			if (!json_is_object(ev))
				return bad(c, line, "test event must be a "
				    "mapping");
			d->tests[d->ntests].ev = json_incref(ev);
			d->tests[d->ntests].line = line;
			d->tests[d->ntests].expect = k == 0;
			d->tests[d->ntests].index = i + 1;
			d->ntests++;
		}
	}
	return 0;
}

/* ---- the rule's other keys ---- */

static int
check_keys(struct cctx *c, const json_t *rule)
{
	static const char *const known[] = { "id", "title", "description",
	    "severity", "confidence", "tags", "controls", "remediation",
	    "falsepositives", "detection", "tests", "status", "author",
	    "date", "modified", "references", "logsource", "related",
	    "license" };
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)rule, key, v)
		if (lookup(key, known, sizeof(known) / sizeof(known[0])) < 0)
			return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
			    "unknown key '%.64s'", key);
	return 0;
}

/* Copies the string at key into *out; NULL when it is not there. */
static int
get_string(struct cctx *c, const json_t *rule, const char *key,
    int required, char **out)
{
	const json_t *v = json_object_get(rule, key);

	if (v == NULL) {
		if (required)
			return bad(c, dp_yamldoc_line(c->doc, rule),
			    "missing '%s'", key);
		return 0;
	}
	if (!json_is_string(v) || (required && json_string_length(v) == 0))
		return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
		    "'%s' must be a non-empty string", key);
	if ((*out = strdup(json_string_value(v))) == NULL)
		return nomem(c);
	return 0;
}

/* Copies the list of strings at key into *out (an empty one if none). */
static int
get_list(struct cctx *c, const json_t *rule, const char *key, json_t **out)
{
	const json_t *v = json_object_get(rule, key);
	const char *s, *colon;
	json_t *item;
	size_t i;

	if ((*out = json_array()) == NULL)
		return nomem(c);
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
		    "'%s' must be a list of strings", key);
	json_array_foreach(v, i, item) {
		if ((s = json_string_value(item)) == NULL || *s == '\0')
			return bad(c, dp_yamldoc_item_line(c->doc, v, i),
			    "'%s' item %zu must be a non-empty string", key,
			    i + 1);
		colon = strchr(s, ':');
		if (strcmp(key, "controls") == 0 && (colon == NULL ||
		    colon == s || colon[1] == '\0'))
			return bad(c, dp_yamldoc_item_line(c->doc, v, i),
			    "bad control '%.64s' (expected framework:control)",
			    s);
		/* json_array_append_new steals the new string */
		if (json_array_append_new(*out, json_string(s)) != 0)
			return nomem(c);
	}
	return 0;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX || !((*s >= 'a' && *s <= 'z') ||
	    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

static int
get_level(struct cctx *c, const json_t *rule, struct dp_rule *r)
{
	char *s = NULL;
	int rc = -1;

	if (get_string(c, rule, "severity", 1, &s) != 0)
		return -1;
	if (dp_rule_severity_parse(s, &r->severity) != 0) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "severity"),
		    "bad severity '%.64s' (info, low, medium, high or "
		    "critical)", s);
		goto out;
	}
	free(s);
	s = NULL;
	r->confidence = DP_RULE_CONFIDENCE_MEDIUM;
	if (get_string(c, rule, "confidence", 0, &s) != 0)
		goto out;
	if (s != NULL && dp_rule_confidence_parse(s, &r->confidence) != 0) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "confidence"),
		    "bad confidence '%.64s' (low, medium or high)", s);
		goto out;
	}
	rc = 0;
out:
	free(s);
	return rc;
}

static struct dp_rule *
compile_rule(struct cctx *c, const json_t *rule, const char *path)
{
	struct dp_rule *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		nomem(c);
		return NULL;
	}
	r->line = dp_yamldoc_line(c->doc, rule);
	if ((r->path = strdup(path)) == NULL ||
	    (r->source = strdup(c->source)) == NULL) {
		nomem(c);
		goto fail;
	}
	if (!json_is_object(rule)) {
		bad(c, r->line, "a rule must be a mapping");
		goto fail;
	}
	if (check_keys(c, rule) != 0 ||
	    get_string(c, rule, "id", 1, &r->id) != 0)
		goto fail;
	if (!valid_id(r->id)) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "id"),
		    "bad rule id '%.64s' (letters, digits, '.', '_' and '-')",
		    r->id);
		goto fail;
	}
	if (get_string(c, rule, "title", 1, &r->title) != 0 ||
	    get_level(c, rule, r) != 0 ||
	    get_string(c, rule, "description", 0, &r->description) != 0 ||
	    get_string(c, rule, "remediation", 0, &r->remediation) != 0 ||
	    get_list(c, rule, "tags", &r->tags) != 0 ||
	    get_list(c, rule, "controls", &r->controls) != 0 ||
	    get_list(c, rule, "falsepositives", &r->falsepositives) != 0)
		goto fail;
	if (json_object_get(rule, "detection") == NULL) {
		bad(c, r->line, "missing 'detection'");
		goto fail;
	}
	if (compile_detection(c, r, rule) != 0 ||
	    compile_tests(c, r, rule) != 0)
		goto fail;
	return r;
fail:
	rule_free(r);
	return NULL;
}

/* ---- rule sets ---- */

struct dp_ruleset *
dp_ruleset_new(dp_rule_report_fn report, void *arg, struct dp_error *err)
{
	struct dp_ruleset *rs;

	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		goto fail;
	rs->report = report;
	rs->arg = arg;
	if ((rs->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (rs->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (rs->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
	    NULL)) == NULL)
		goto fail;
	pcre2_set_match_limit(rs->mctx, DP_RULE_MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DP_RULE_MATCH_LIMIT / 100);
	pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit);
	return rs;
fail:
	dp_ruleset_free(rs);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
dp_ruleset_free(struct dp_ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	free(rs->matched);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jit);
	free(rs);
}

/* Passes a problem on; the first of a call goes to err as well. */
static void
problem(struct dp_ruleset *rs, const struct dp_error *e,
    struct dp_error *err, int *nproblems)
{
	if (rs->report != NULL)
		rs->report(e, rs->arg);
	if ((*nproblems)++ == 0 && err != NULL)
		*err = *e;
}

static int
append(struct dp_ruleset *rs, struct dp_rule *r, struct dp_error *e)
{
	const struct dp_rule **m;
	struct dp_rule **nr;
	size_t i, cap;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->rules[i]->id, r->id) == 0)
			return dp_error_set(e, DP_ERR_CONFIG, r->source,
			    r->line, 0, "duplicate rule id '%s' (also in "
			    "%s:%ld)", r->id, rs->rules[i]->source,
			    rs->rules[i]->line);
	if (rs->n == rs->cap) {
		cap = rs->cap == 0 ? 16 : rs->cap * 2;
		if ((nr = realloc(rs->rules, cap * sizeof(*nr))) == NULL)
			goto nomem;
		rs->rules = nr;
		if ((m = realloc(rs->matched, cap * sizeof(*m))) == NULL)
			goto nomem;
		rs->matched = m;
		rs->cap = cap;
	}
	rs->rules[rs->n++] = r;
	return 0;
nomem:
	return dp_error_set(e, DP_ERR_NOMEM, r->source, 0, 0, "out of memory");
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Adds the rules of doc (freed here), or reports why doc is NULL. */
static int
add_doc(struct dp_ruleset *rs, struct dp_yamldoc *doc, const char *source,
    const char *path, struct dp_error *e, struct dp_error *err)
{
	struct cctx c = { doc, source, e };
	struct dp_rule *r;
	json_t *root;
	int nproblems = 0;
	size_t i;

	if (doc == NULL) {
		if (e->code != DP_ERR_NOMEM)
			e->code = DP_ERR_CONFIG;
		problem(rs, e, err, &nproblems);
		return -1;
	}
	for (i = 0; i < dp_yamldoc_count(doc); i++) {
		root = dp_yamldoc_root(doc, i);
		if (json_is_null(root))
			continue;
		if ((r = compile_rule(&c, root, path)) == NULL) {
			problem(rs, e, err, &nproblems);
			continue;
		}
		if (append(rs, r, e) != 0) {
			rule_free(r);
			problem(rs, e, err, &nproblems);
		}
	}
	dp_yamldoc_free(doc);
	return nproblems == 0 ? 0 : -1;
}

int
dp_ruleset_add_buffer(struct dp_ruleset *rs, const char *source,
    const char *path, const char *buf, size_t len, struct dp_error *err)
{
	struct dp_yamldoc *doc;
	struct dp_error e;

	doc = dp_yamldoc_load_buffer(buf, len, ends_with(path, ".json"),
	    source, NULL, &e);
	return add_doc(rs, doc, source, path, &e, err);
}

int
dp_ruleset_add_file(struct dp_ruleset *rs, const char *dir,
    const char *path, struct dp_error *err)
{
	struct dp_yamldoc *doc;
	struct dp_error e;
	char *source;
	int rc;

	if (asprintf(&source, "%s/%s", dir, path) < 0) {
		dp_error_set(&e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return add_doc(rs, NULL, NULL, path, &e, err);
	}
	doc = dp_yamldoc_load_file(source, source, NULL, &e);
	rc = add_doc(rs, doc, source, path, &e, err);
	free(source);
	return rc;
}

static int
rule_file(const char *name)
{
	return ends_with(name, ".yml") || ends_with(name, ".yaml") ||
	    ends_with(name, ".json");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the sorted names in the folder path (hidden ones left out). */
static char **
list_folder(const char *path, size_t *n, struct dp_error *e)
{
	char **names = NULL, **nn;
	size_t cap = 0;
	struct dirent *de;
	DIR *d;

	*n = 0;
	if ((d = opendir(path)) == NULL) {
		dp_error_set(e, DP_ERR_CONFIG, NULL, 0, 0,
		    "cannot open rules folder '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL)
				goto nomem;
			names = nn;
		}
		if ((names[*n] = strdup(de->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (names == NULL && (names = calloc(1, sizeof(*names))) == NULL)
		goto nomem;
	qsort(names, *n, sizeof(*names), by_name);
	return names;
nomem:
	while (*n > 0)
		free(names[--*n]);
	free(names);
	closedir(d);
	dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

/* Adds the rule files under dir/rel (rel NULL for dir itself). */
static void
walk(struct dp_ruleset *rs, const char *dir, const char *rel, int depth,
    struct dp_error *err, int *nproblems)
{
	char **names = NULL, *child = NULL, *full = NULL;
	struct dp_error e;
	struct stat st;
	size_t i, n = 0;

	if (rel != NULL && asprintf(&full, "%s/%s", dir, rel) < 0) {
		full = NULL;
		goto nomem;
	}
	if ((names = list_folder(full != NULL ? full : dir, &n, &e)) == NULL) {
		problem(rs, &e, err, nproblems);
		free(full);
		return;
	}
	for (i = 0; i < n; i++) {
		free(child);
		free(full);
		full = NULL;
		if ((rel != NULL ? asprintf(&child, "%s/%s", rel, names[i]) :
		    asprintf(&child, "%s", names[i])) < 0) {
			child = NULL;
			goto nomem;
		}
		if (asprintf(&full, "%s/%s", dir, child) < 0) {
			full = NULL;
			goto nomem;
		}
		if (stat(full, &st) != 0) {
			dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
			    "cannot read '%s': %s", full, strerror(errno));
			problem(rs, &e, err, nproblems);
		} else if (S_ISDIR(st.st_mode) && depth >= FOLDER_DEPTH_MAX) {
			dp_error_set(&e, DP_ERR_CONFIG, full, 0, 0,
			    "folders nested deeper than %d levels",
			    FOLDER_DEPTH_MAX);
			problem(rs, &e, err, nproblems);
		} else if (S_ISDIR(st.st_mode))
			walk(rs, dir, child, depth + 1, err, nproblems);
		else if (S_ISREG(st.st_mode) && rule_file(child) &&
		    dp_ruleset_add_file(rs, dir, child, &e) != 0) {
			/* add_file has reported its problems already */
			if ((*nproblems)++ == 0 && err != NULL)
				*err = e;
		}
	}
	goto out;
nomem:
	dp_error_set(&e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	problem(rs, &e, err, nproblems);
out:
	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
	free(child);
	free(full);
}

struct dp_ruleset *
dp_ruleset_load(const char *dir, dp_rule_report_fn report, void *arg,
    struct dp_error *err)
{
	struct dp_ruleset *rs;
	int nproblems = 0;
	char *d;
	size_t n;

	if ((d = strdup(dir)) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	for (n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
		d[n - 1] = '\0';
	if ((rs = dp_ruleset_new(report, arg, err)) != NULL) {
		walk(rs, d, NULL, 0, err, &nproblems);
		if (nproblems > 0) {
			dp_ruleset_free(rs);
			rs = NULL;
		}
	}
	free(d);
	return rs;
}

size_t
dp_ruleset_count(const struct dp_ruleset *rs)
{
	return rs->n;
}

const struct dp_rule *
dp_ruleset_rule(const struct dp_ruleset *rs, size_t i)
{
	return i < rs->n ? rs->rules[i] : NULL;
}

/* ---- evaluation ---- */

struct ectx {
	struct dp_ruleset *rs;
	const struct dp_rule *rule;
	struct dp_error *err;
};

static int
re_match(struct ectx *x, const struct node *n, const pcre2_code *re,
    const json_t *v)
{
	PCRE2_UCHAR msg[256];
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)json_string_value(v),
	    json_string_length(v), 0, 0, x->rs->md, x->rs->mctx);
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
		    "rule '%s': regular expression on '%s' reached its match "
		    "limit", x->rule->id, n->field);
	}
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "rule '%s': matching '%s': %s", x->rule->id, n->field,
	    (const char *)msg);
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
		return eval(x, x->rule->detection->sels[n->sel].match, ev);
	case N_FIELD:
		return field_match(x, n, dp_event_get(ev, n->field));
	}
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "bad rule node");
}

int
dp_rule_match(struct dp_ruleset *rs, const struct dp_rule *rule,
    const json_t *ev, struct dp_error *err)
{
	struct ectx x = { rs, rule, err };

	return eval(&x, rule->detection->cond, ev);
}

int
dp_ruleset_eval(struct dp_ruleset *rs, const json_t *ev,
    const struct dp_rule *const **matched, size_t *n, struct dp_error *err)
{
	struct dp_error e;
	size_t i;
	int rc = 0, m;

	*n = 0;
	for (i = 0; i < rs->n; i++) {
		m = dp_rule_match(rs, rs->rules[i], ev, &e);
		if (m > 0)
			rs->matched[(*n)++] = rs->rules[i];
		else if (m < 0 && rc == 0) {
			rc = -1;
			if (err != NULL)
				*err = e;
		}
	}
	*matched = rs->matched;
	return rc;
}

int
dp_ruleset_test(struct dp_ruleset *rs, struct dp_error *err)
{
	const struct dp_rule *r;
	const struct test *t;
	struct dp_error e, why;
	int nproblems = 0, m;
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		r = rs->rules[i];
		for (j = 0; j < r->detection->ntests; j++) {
			t = &r->detection->tests[j];
			m = dp_rule_match(rs, r, t->ev, &why);
			if (m == t->expect)
				continue;
			if (m < 0)
				dp_error_set(&e, DP_ERR_CONFIG, r->source,
				    t->line, 0, "rule '%s' test %zu: %s",
				    r->id, t->index, why.text);
			else
				dp_error_set(&e, DP_ERR_CONFIG, r->source,
				    t->line, 0, "rule '%s' test %zu should "
				    "%s", r->id, t->index, t->expect ?
				    "match but did not" :
				    "not match but did");
			problem(rs, &e, err, &nproblems);
		}
	}
	return nproblems == 0 ? 0 : -1;
}
