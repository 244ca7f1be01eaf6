/*
 * detection_impl: the insides of a compiled detection, shared by its
 * compiler (detection.c, detection_cond.c, detection_value.c) and its
 * evaluator (detection_match.c).  Not part of the API.
 *
 * A detection is a tree of nodes.  Selections and conditions are made of
 * N_AND, N_OR, N_NOT and N_SEL nodes; their leaves are N_FIELD nodes (one
 * "field|modifiers: values" entry) and N_KEYWORD nodes (values searched
 * in every string of the event).  A leaf holds values; a value holds one
 * PCRE2 pattern for all its string alternatives and a list of matchers
 * for the rest.  Everything is owned by the node that holds it.
 */
#ifndef DP_DETECTION_IMPL_H
#define DP_DETECTION_IMPL_H

#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "detection.h"

enum node_type { N_AND, N_OR, N_NOT, N_SEL, N_FIELD, N_KEYWORD };

/* One name of a dotted field path, pointing into the node's field. */
struct step {
	const char *name;
	size_t len;
};

struct path {
	struct step *steps;
	size_t n;
};

enum match_kind {
	M_NUMBER,		/* equal number, or a string holding it */
	M_BOOL,			/* the same boolean */
	M_RE,			/* a regular expression of the rule */
	M_CMP,			/* gt, gte, lt, lte */
	M_CIDR,			/* an IP address inside a network */
	M_REF			/* the value of another field */
};

enum cmp_op { CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };

/* A number as the rule or the event gives it. */
struct num {
	int is_int;
	json_int_t i;
	double d;
};

struct matcher {
	enum match_kind kind;
	struct num num;		/* M_NUMBER, M_CMP of numbers */
	int boolean;		/* M_BOOL */
	pcre2_code *re;		/* M_RE */
	enum cmp_op op;		/* M_CMP */
	int is_time;		/* M_CMP: compares times, in ms */
	int64_t ms;
	int family;		/* M_CIDR: AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix;
	char *ref;		/* M_REF: the other field's dotted path */
	struct path refpath;
	int starts, ends;	/* M_REF: contains, startswith, endswith */
};

/* One value of the rule: it matches when any alternative does. */
struct value {
	pcre2_code *str;	/* string alternatives, joined, or NULL */
	int has_null;		/* a null alternative: missing matches */
	struct matcher *m;
	size_t nm;
};

struct node {
	enum node_type type;
	struct node **kids;	/* N_AND, N_OR, N_NOT */
	size_t nkids;
	size_t sel;		/* N_SEL: index of the selection */
	char *field;		/* N_FIELD, N_KEYWORD: for messages */
	struct path path;	/* N_FIELD */
	struct value *vals;	/* N_FIELD, N_KEYWORD */
	size_t nvals;
	int all;		/* every value must match, not any */
	int neg;		/* neq: the result is negated */
	int exists;		/* -1, or what the exists modifier asks */
};

struct selection {
	char *name;
	struct node *match;
	long line;		/* of its key */
	int used;		/* named by the condition */
};

struct dp_detection {
	struct selection *sels;
	size_t nsels;
	struct node *cond;
};

/* What compiling needs to say where a problem is. */
struct cctx {
	const struct dp_yamldoc *doc;
	const char *source;
	struct dp_error *err;
};

/* Sets a DP_ERR_CONFIG error at line; returns -1. */
int	dp_detection_bad(struct cctx *c, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Sets DP_ERR_NOMEM; returns -1. */
int	dp_detection_nomem(struct cctx *c);

struct node *dp_detection_node_new(enum node_type type);
void	dp_detection_node_free(struct node *n);

/* Adds kid (ownership taken, even on failure) to n; returns 0 or -1. */
int	dp_detection_add_kid(struct node *n, struct node *kid);

/* Returns 1 when the len bytes at s are a selection name, else 0. */
int	dp_detection_identifier(const char *s, size_t len);

/* Returns 1 when the len bytes at s are a word of the condition. */
int	dp_detection_reserved(const char *s, size_t len);

/*
 * Splits the dotted path text (borrowed, must outlive p) into p.
 * Returns 0, or -1 with DP_ERR_CONFIG ("bad field path") or NOMEM.
 */
int	dp_detection_path(struct cctx *c, struct path *p, const char *text,
	    long line);

/*
 * Compiles one entry of a selection, the key at line and its value v (a
 * scalar or a list of scalars), into n, a new N_FIELD node; n becomes an
 * N_KEYWORD node when the key names no field ("|all").  Returns 0, or -1
 * with the error at the line of the key or of the list item at fault.
 */
int	dp_detection_compile_entry(struct cctx *c, struct node *n,
	    const char *key, const json_t *v, long line);

/*
 * Compiles the scalar items of the list, keywords, into n, a new
 * N_KEYWORD node; mappings in the list are left for the caller.
 * Returns 0, or -1 with the error at the line of the item at fault.
 */
int	dp_detection_compile_keywords(struct cctx *c, struct node *n,
	    const json_t *list);

/*
 * Parses the condition text at line into a tree over the selections of
 * d.  Returns a new node, or NULL with the error in c.
 */
struct node *dp_detection_parse_condition(struct cctx *c,
	    const struct dp_detection *d, const char *text, long line);

void	dp_detection_value_release(struct value *v);

#endif
