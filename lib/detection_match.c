/*
 * Evaluating a compiled detection against an event.  Nothing here
 * allocates: field paths are walked in place, numbers are read from
 * the event's own strings, and PCRE2 works in the caller's scratch.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detection_impl.h"
#include "rfc3339.h"

struct dp_detection_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

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
	const json_t *ev;
	struct dp_error *err;
};

/* ---- walking field paths ---- */

/*
 * Calls visit(x, arg, v) on every value at path p (from step i) in v:
 * an array met on the way stands for each of its elements.  Stops when
 * visit returns non-zero, and returns that; returns 0 at the end.
 */
typedef int (*visit_fn)(struct ectx *x, void *arg, const json_t *v);

static int
walk(struct ectx *x, const json_t *v, const struct path *p, size_t i,
    visit_fn visit, void *arg)
{
	const json_t *item;
	size_t k;
	int rc;

	if (i == p->n)
		return visit(x, arg, v);
	if (json_is_object(v)) {
		v = json_object_getn(v, p->steps[i].name, p->steps[i].len);
		return v != NULL ? walk(x, v, p, i + 1, visit, arg) : 0;
	}
	if (json_is_array(v))
		json_array_foreach(v, k, item)
			if ((rc = walk(x, item, p, i, visit, arg)) != 0)
				return rc;
	return 0;
}

/* Calls visit on every scalar of v, the elements of arrays included. */
static int
scalars(struct ectx *x, const json_t *v, visit_fn visit, void *arg)
{
	const json_t *item;
	size_t k;
	int rc;

	if (!json_is_array(v))
		return visit(x, arg, v);
	json_array_foreach(v, k, item)
		if ((rc = scalars(x, item, visit, arg)) != 0)
			return rc;
	return 0;
}

/* Calls visit on every string and number anywhere in v (keywords). */
static int
everywhere(struct ectx *x, const json_t *v, visit_fn visit, void *arg)
{
	const char *key;
	const json_t *item;
	size_t k;
	int rc = 0;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, item)
			if ((rc = everywhere(x, item, visit, arg)) != 0)
				break;
	} else if (json_is_array(v)) {
		json_array_foreach(v, k, item)
			if ((rc = everywhere(x, item, visit, arg)) != 0)
				break;
	} else if (json_is_string(v) || json_is_integer(v))
		rc = visit(x, arg, v);
	return rc;
}

/* ---- comparing one value ---- */

static int
re_match(struct ectx *x, const char *field, const pcre2_code *re,
    const char *s, size_t len)
{
	PCRE2_UCHAR msg[256];
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, x->s->md, x->s->mctx);
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
		    field);
	}
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "matching '%s': %s", field, (const char *)msg);
}

/* Returns 1 when s is exactly a JSON number; *is_int when integral. */
static int
number_syntax(const char *s, int *is_int)
{
	const char *p = s + (*s == '-');

	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	*is_int = 1;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		*is_int = 0;
	}
	if (*p == 'e' || *p == 'E') {
		p += p[1] == '+' || p[1] == '-';
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		*is_int = 0;
	}
	return *p == '\0';
}

/*
 * Reads v, a number or a string that is exactly a JSON number, into
 * *num.  Returns 0, or -1 when v is neither.
 */
static int
get_number(const json_t *v, struct num *num)
{
	const char *s = json_string_value(v);

	if (json_is_number(v)) {
		num->is_int = json_is_integer(v);
		num->i = json_integer_value(v);
		num->d = json_number_value(v);
		return 0;
	}
	if (s == NULL || strlen(s) != json_string_length(v) ||
	    !number_syntax(s, &num->is_int))
		return -1;
	num->d = strtod(s, NULL);
	if (num->is_int) {
		errno = 0;
		num->i = strtoll(s, NULL, 10);
		num->is_int = errno == 0;
	}
	return 0;
}

/* Returns <0, 0 or >0 as a is below, equal to or above b. */
static int
num_cmp(const struct num *a, const struct num *b)
{
	if (a->is_int && b->is_int)
		return (a->i > b->i) - (a->i < b->i);
	return (a->d > b->d) - (a->d < b->d);
}

static int
cmp_match(const struct matcher *m, const json_t *v)
{
	struct num num;
	int64_t ms;
	int c;

	if (m->is_time) {
		if (!json_is_string(v) || dp_rfc3339_parse(json_string_value(v),
		    &ms, NULL, NULL) != 0)
			return 0;
		c = (ms > m->ms) - (ms < m->ms);
	} else {
		if (get_number(v, &num) != 0)
			return 0;
		c = num_cmp(&num, &m->num);
	}
	switch (m->op) {
	case CMP_LT:
		return c < 0;
	case CMP_LTE:
		return c <= 0;
	case CMP_GT:
		return c > 0;
	case CMP_GTE:
		return c >= 0;
	}
	return 0;
}

static int
cidr_match(const struct matcher *m, const json_t *v)
{
	unsigned char addr[16];
	const char *s = json_string_value(v);
	int i, full = m->prefix / 8, rest = m->prefix % 8;

	if (s == NULL || strlen(s) != json_string_length(v) ||
	    inet_pton(m->family, s, addr) != 1)
		return 0;
	for (i = 0; i < full; i++)
		if (addr[i] != m->addr[i])
			return 0;
	return rest == 0 ||
	    ((addr[full] ^ m->addr[full]) & (0xff00 >> rest) & 0xff) == 0;
}

/* What fieldref compares: the left string and how. */
struct refcmp {
	const struct matcher *m;
	const json_t *left;
};

static int
ref_visit(struct ectx *x, void *arg, const json_t *right)
{
	const struct refcmp *rc = arg;
	const char *a = json_string_value(rc->left);
	const char *b = json_string_value(right);
	size_t la = json_string_length(rc->left), lb;

	(void)x;
	if (a == NULL || b == NULL)
		return json_equal((json_t *)rc->left, (json_t *)right) &&
		    !json_is_null(right);
	lb = json_string_length(right);
	if (lb > la || (!rc->m->starts && !rc->m->ends && la != lb))
		return 0;
	if (rc->m->starts && rc->m->ends)
		return memmem(a, la, b, lb) != NULL;
	return memcmp(rc->m->ends ? a + la - lb : a, b, lb) == 0;
}

static int
ref_leaf(struct ectx *x, void *arg, const json_t *right)
{
	return scalars(x, right, ref_visit, arg);
}

/* One value of the event against one matcher that is not a string. */
static int
matcher_match(struct ectx *x, const struct matcher *m, const json_t *v)
{
	struct refcmp rc;
	struct num num;

	switch (m->kind) {
	case M_NUMBER:
		return get_number(v, &num) == 0 && num_cmp(&num, &m->num) == 0;
	case M_BOOL:
		return json_is_boolean(v) && json_is_true(v) == m->boolean;
	case M_RE:
		return 0;
	case M_CMP:
		return cmp_match(m, v);
	case M_CIDR:
		return cidr_match(m, v);
	case M_REF:
		if (json_is_null(v))
			return 0;
		rc.m = m;
		rc.left = v;
		return walk(x, x->ev, &m->refpath, 0, ref_leaf, &rc);
	}
	return 0;
}

/* What testing one value of the rule needs. */
struct vtest {
	const struct node *n;
	const struct value *val;
	size_t seen;		/* values of the event met */
};

/*
 * One scalar of the event against one value of the rule.  Strings, and
 * integers as their decimal text, are what string patterns match.
 */
static int
value_visit(struct ectx *x, void *arg, const json_t *v)
{
	struct vtest *t = arg;
	const struct value *val = t->val;
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), i;
	char digits[32];
	int rc;

	if (json_is_null(v))
		return val->has_null;
	if (json_is_integer(v)) {
		snprintf(digits, sizeof(digits), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		s = digits;
		len = strlen(digits);
	}
	if (val->str != NULL && s != NULL &&
	    (rc = re_match(x, t->n->field, val->str, s, len)) != 0)
		return rc;
	for (i = 0; i < val->nm; i++) {
		if (val->m[i].kind == M_RE)
			rc = s != NULL ? re_match(x, t->n->field,
			    val->m[i].re, s, len) : 0;
		else
			rc = matcher_match(x, &val->m[i], v);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* A value reached by the field's path: its scalars are tested. */
static int
leaf_visit(struct ectx *x, void *arg, const json_t *v)
{
	struct vtest *t = arg;

	t->seen++;
	return scalars(x, v, value_visit, t);
}

static int
count_visit(struct ectx *x, void *arg, const json_t *v)
{
	(void)x;
	(void)v;
	(*(size_t *)arg)++;
	return 1;
}

/* Whether the event matches the value val of the leaf n. */
static int
value_match(struct ectx *x, const struct node *n, const struct value *val)
{
	struct vtest t = { n, val, 0 };
	int rc;

	if (n->type == N_KEYWORD)
		return everywhere(x, x->ev, value_visit, &t);
	rc = walk(x, x->ev, &n->path, 0, leaf_visit, &t);
	if (rc == 0 && t.seen == 0 && val->has_null)
		return 1;
	return rc;
}

static int
leaf_match(struct ectx *x, const struct node *n)
{
	size_t i, seen = 0;
	int rc = 0;

	if (n->exists >= 0) {
		(void)walk(x, x->ev, &n->path, 0, count_visit, &seen);
		rc = (seen > 0) == n->exists;
	} else if (n->all) {
		rc = 1;
		for (i = 0; i < n->nvals && rc == 1; i++)
			rc = value_match(x, n, &n->vals[i]);
	} else
		rc = value_match(x, n, &n->vals[0]);
	if (rc < 0)
		return rc;
	return n->neg ? !rc : rc;
}

static int
eval(struct ectx *x, const struct node *n)
{
	size_t i;
	int rc;

	switch (n->type) {
	case N_AND:
		for (i = 0; i < n->nkids; i++)
			if ((rc = eval(x, n->kids[i])) != 1)
				return rc;
		return 1;
	case N_OR:
		for (i = 0; i < n->nkids; i++)
			if ((rc = eval(x, n->kids[i])) != 0)
				return rc;
		return 0;
	case N_NOT:
		rc = eval(x, n->kids[0]);
		return rc < 0 ? rc : !rc;
	case N_SEL:
		return eval(x, x->d->sels[n->sel].match);
	case N_FIELD:
	case N_KEYWORD:
		return leaf_match(x, n);
	}
	return dp_error_set(x->err, DP_ERR_INTERNAL, NULL, 0, 0,
	    "bad detection node");
}

int
dp_detection_match(const struct dp_detection *d,
    struct dp_detection_scratch *s, const json_t *ev, struct dp_error *err)
{
	struct ectx x = { d, s, ev, err };

	return eval(&x, d->cond);
}
