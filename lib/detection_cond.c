/*
 * The condition of a detection, parsed into a tree over its selections:
 *
 *	condition = term { "or" term }
 *	term      = factor { "and" factor }
 *	factor    = "not" factor | "(" condition ")" | quantifier "of"
 *		    target | selection-name
 *	quantifier = "1" | "any" | "all"
 *	target    = "them" | name-pattern	(with '*' wildcards)
 */
#include <stdlib.h>
#include <string.h>

#include "detection_impl.h"

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
		dp_detection_bad(cp->c, cp->line, "condition ends too early");
	else
		dp_detection_bad(cp->c, cp->line,
		    "unexpected '%.*s' in condition",
		    (int)(cp->len > 64 ? 64 : cp->len), cp->tok);
	return NULL;
}

static int
is_word(const struct cond *cp, const char *w)
{
	return cp->type == T_WORD && cp->len == strlen(w) &&
	    strncmp(cp->tok, w, cp->len) == 0;
}

static struct node *
sel_node(struct cond *cp, size_t i)
{
	struct node *n;

	if ((n = dp_detection_node_new(N_SEL)) == NULL) {
		dp_detection_nomem(cp->c);
		return NULL;
	}
	n->sel = i;
	return n;
}

static struct node *expr(struct cond *cp);

static struct node *
selection_ref(struct cond *cp)
{
	size_t i;

	if (!dp_detection_identifier(cp->tok, cp->len) ||
	    dp_detection_reserved(cp->tok, cp->len))
		return unexpected(cp);
	for (i = 0; i < cp->det->nsels; i++)
		if (strlen(cp->det->sels[i].name) == cp->len &&
		    strncmp(cp->det->sels[i].name, cp->tok, cp->len) == 0)
			break;
	if (i == cp->det->nsels) {
		dp_detection_bad(cp->c, cp->line,
		    "unknown selection '%.*s' in condition",
		    (int)(cp->len > 64 ? 64 : cp->len), cp->tok);
		return NULL;
	}
	next(cp);
	return sel_node(cp, i);
}

/* Returns 1 when name matches the len bytes of pat, '*' any run. */
static int
glob(const char *pat, size_t len, const char *name)
{
	const char *end = pat + len, *star = NULL, *back = NULL;

	while (*name != '\0') {
		if (pat < end && *pat == '*') {
			star = ++pat;
			back = name;
		} else if (pat < end && *pat == *name) {
			pat++;
			name++;
		} else if (star != NULL) {
			pat = star;
			name = ++back;
		} else
			return 0;
	}
	while (pat < end && *pat == '*')
		pat++;
	return pat == end;
}

/*
 * "1 of x", "any of x", "all of x": x is "them", every selection whose
 * name does not start with '_', or a pattern of names; the current
 * token is the quantifier.
 */
static struct node *
quantified(struct cond *cp)
{
	const char *name;
	struct node *n, *kid;
	size_t i;
	int them;

	if (!is_word(cp, "1") && !is_word(cp, "any") && !is_word(cp, "all")) {
		dp_detection_bad(cp->c, cp->line, "bad quantifier '%.*s' in "
		    "condition (1, any or all)",
		    (int)(cp->len > 64 ? 64 : cp->len), cp->tok);
		return NULL;
	}
	n = dp_detection_node_new(is_word(cp, "all") ? N_AND : N_OR);
	if (n == NULL) {
		dp_detection_nomem(cp->c);
		return NULL;
	}
	next(cp);
	next(cp);
	them = is_word(cp, "them");
	if (cp->type != T_WORD || (!them && (dp_detection_reserved(cp->tok,
	    cp->len) || (cp->tok[0] >= '0' && cp->tok[0] <= '9')))) {
		dp_detection_node_free(n);
		return unexpected(cp);
	}
	for (i = 0; i < cp->det->nsels; i++) {
		name = cp->det->sels[i].name;
		if (name[0] == '_' && (them || cp->tok[0] != '_'))
			continue;
		if (!them && !glob(cp->tok, cp->len, name))
			continue;
		if ((kid = sel_node(cp, i)) == NULL ||
		    dp_detection_add_kid(n, kid) != 0) {
			dp_detection_node_free(n);
			return NULL;
		}
	}
	if (n->nkids == 0) {
		dp_detection_node_free(n);
		dp_detection_bad(cp->c, cp->line, "no selection matches "
		    "'%.*s' in condition", (int)(cp->len > 64 ? 64 : cp->len),
		    cp->tok);
		return NULL;
	}
	next(cp);
	return n;
}

static struct node *
factor(struct cond *cp)
{
	struct cond ahead;
	struct node *n, *kid;

	if (cp->type == T_WORD) {
		ahead = *cp;
		next(&ahead);
		return is_word(&ahead, "of") ? quantified(cp) :
		    selection_ref(cp);
	}
	if (cp->type != T_NOT && cp->type != T_LPAREN)
		return unexpected(cp);
	if (++cp->depth > DP_DETECTION_DEPTH_MAX) {
		dp_detection_bad(cp->c, cp->line, "condition nested deeper "
		    "than %d levels", DP_DETECTION_DEPTH_MAX);
		return NULL;
	}
	if (cp->type == T_LPAREN) {
		next(cp);
		if ((n = expr(cp)) == NULL)
			return NULL;
		if (cp->type != T_RPAREN) {
			dp_detection_node_free(n);
			dp_detection_bad(cp->c, cp->line,
			    "missing ')' in condition");
			return NULL;
		}
		next(cp);
		cp->depth--;
		return n;
	}
	next(cp);
	if ((kid = factor(cp)) == NULL)
		return NULL;
	if ((n = dp_detection_node_new(N_NOT)) == NULL) {
		dp_detection_node_free(kid);
		dp_detection_nomem(cp->c);
		return NULL;
	}
	if (dp_detection_add_kid(n, kid) != 0) {
		dp_detection_node_free(n);
		dp_detection_nomem(cp->c);
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
	if ((n = dp_detection_node_new(op == T_OR ? N_OR : N_AND)) == NULL ||
	    dp_detection_add_kid(n, kid) != 0) {
		if (n == NULL)
			dp_detection_node_free(kid);
		goto fail;
	}
	while (cp->type == op) {
		next(cp);
		kid = op == T_OR ? chain(cp, T_AND) : factor(cp);
		if (kid == NULL) {
			dp_detection_node_free(n);
			return NULL;
		}
		if (dp_detection_add_kid(n, kid) != 0)
			goto fail;
	}
	return n;
fail:
	dp_detection_node_free(n);
	dp_detection_nomem(cp->c);
	return NULL;
}

static struct node *
expr(struct cond *cp)
{
	return chain(cp, T_OR);
}

struct node *
dp_detection_parse_condition(struct cctx *c, const struct dp_detection *det,
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
		dp_detection_bad(c, line, "empty condition");
		return NULL;
	}
	if ((n = expr(&cp)) == NULL)
		return NULL;
	if (cp.type != T_END) {
		dp_detection_node_free(n);
		return unexpected(&cp);
	}
	return n;
}
