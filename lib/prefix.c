/*
 * prefix: the literal strings every match of a pattern starts with
 * (prefix.h).
 *
 * The reading keeps a set of strings, each "open" (the match goes on
 * with whatever follows in the pattern) or "closed" (what follows is
 * not known).  Closing a string is always safe; only appending needs
 * proof, so anything not understood closes every string.
 */
#include <config.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "prefix.h"

#define NSTR 64			/* strings in a set */
#define SLEN 64			/* bytes kept of a string */
#define NCLASS 4		/* bytes of a class that is followed */

struct set {
	size_t n;
	unsigned char len[NSTR];
	unsigned char open[NSTR];
	char s[NSTR][SLEN];
};

struct reader {
	const char *p;
	const char *end;
	int fail;		/* nothing can be said */
};

enum atom { ZERO, CHARS, GROUP, OTHER };

static void
close_all(struct set *S)
{
	memset(S->open, 0, sizeof(S->open));
}

/* Appends each of the nch bytes at ch to every open string. */
static void
append(struct reader *r, struct set *S, const char *ch, size_t nch)
{
	struct set T;
	size_t i, k;

	T.n = 0;
	for (i = 0; i < S->n; i++) {
		if (!S->open[i] || S->len[i] == SLEN) {
			if (T.n == NSTR)
				goto full;
			memcpy(T.s[T.n], S->s[i], S->len[i]);
			T.len[T.n] = S->len[i];
			T.open[T.n++] = 0;
			continue;
		}
		for (k = 0; k < nch; k++) {
			if (T.n == NSTR)
				goto full;
			memcpy(T.s[T.n], S->s[i], S->len[i]);
			T.s[T.n][S->len[i]] = ch[k];
			T.len[T.n] = (unsigned char)(S->len[i] + 1);
			T.open[T.n++] = 1;
		}
	}
	*S = T;
	return;
full:
	r->fail = 1;
}

/* Adds the strings of T to S. */
static void
join(struct reader *r, struct set *S, const struct set *T)
{
	size_t i;

	for (i = 0; i < T->n; i++) {
		if (S->n == NSTR) {
			r->fail = 1;
			return;
		}
		memcpy(S->s[S->n], T->s[i], T->len[i]);
		S->len[S->n] = T->len[i];
		S->open[S->n++] = T->open[i];
	}
}

/* Keeps the strings of S that are open (open 1) or closed (open 0). */
static void
keep(struct set *S, int open)
{
	size_t i, n = 0;

	for (i = 0; i < S->n; i++)
		if (S->open[i] == open) {
			memmove(S->s[n], S->s[i], S->len[i]);
			S->len[n] = S->len[i];
			S->open[n++] = S->open[i];
		}
	S->n = n;
}

/* Skips the escape at r->p (a backslash); returns its letter. */
static int
skip_escape(struct reader *r)
{
	int c;

	if (r->p + 1 >= r->end) {
		r->fail = 1;
		return 0;
	}
	c = (unsigned char)r->p[1];
	r->p += 2;
	if (c == 'Q' || c == 'E' || c == 'K' || c == 'G')
		r->fail = 1;
	else if (c != 0 && r->p < r->end && (*r->p == '{' || *r->p == '<' ||
	    *r->p == '\'') && strchr("xopPNgk", c) != NULL) {
		while (r->p < r->end && *r->p != '}' && *r->p != '>' &&
		    (*r->p != '\'' || r->p[-1] == c))
			r->p++;
		r->p++;
	} else if (c == 'c')
		r->p++;
	else if (isdigit(c) || c == 'x')
		while (r->p < r->end && isxdigit((unsigned char)*r->p))
			r->p++;
	return c;
}

/*
 * Reads the class at r->p ('[').  Returns the number of its bytes put
 * in ch (at most NCLASS), or -1 for a class that is not a short list
 * of literal bytes.
 */
static int
read_class(struct reader *r, char *ch)
{
	int n = 0, plain = 1, c;

	r->p++;
	if (r->p < r->end && *r->p == '^') {
		plain = 0;
		r->p++;
	}
	if (r->p < r->end && *r->p == ']') {
		plain = 0;
		r->p++;
	}
	while (r->p < r->end && *r->p != ']' && !r->fail) {
		if (*r->p == '[' && r->p + 1 < r->end && r->p[1] == ':') {
			plain = 0;
			r->p = memchr(r->p + 2, ']', (size_t)(r->end - r->p -
			    2));
			if (r->p == NULL) {
				r->fail = 1;
				return -1;
			}
			r->p++;
			continue;
		}
		if (*r->p == '\\') {
			c = skip_escape(r);
			if (!ispunct(c))
				plain = 0;
		} else
			c = (unsigned char)*r->p++;
		if (r->p < r->end && *r->p == '-' && r->p + 1 < r->end &&
		    r->p[1] != ']')
			plain = 0;
		if (c >= 0x80 || n == NCLASS)
			plain = 0;
		else
			ch[n++] = (char)c;
	}
	if (r->p >= r->end)
		r->fail = 1;
	r->p++;
	return plain ? n : -1;
}

/*
 * Reads a quantifier at r->p, if any.  Returns 0 for none, 1 for one
 * whose minimum is 0, 2 for one whose minimum is 1 or more.
 */
static int
quantifier(struct reader *r)
{
	const char *q = r->p;
	int min0;

	if (q >= r->end)
		return 0;
	if (*q == '?' || *q == '*' || *q == '+') {
		min0 = *q != '+';
		q++;
	} else if (*q == '{') {
		q++;
		if (q >= r->end || !isdigit((unsigned char)*q)) {
			r->fail = 1;	/* a literal brace: not worth it */
			return 0;
		}
		min0 = 1;
		for (; q < r->end && isdigit((unsigned char)*q); q++)
			if (*q != '0')
				min0 = 0;
		while (q < r->end && (isdigit((unsigned char)*q) || *q == ','))
			q++;
		if (q >= r->end || *q != '}') {
			r->fail = 1;
			return 0;
		}
		q++;
	} else
		return 0;
	if (q < r->end && (*q == '?' || *q == '+'))
		q++;
	r->p = q;
	return min0 ? 1 : 2;
}

static void alternatives(struct reader *, struct set *);

/*
 * Reads the group at r->p ('('): a lookaround or option setting is
 * ZERO; a group puts in G what its body makes of the open strings of S.
 */
static enum atom
read_group(struct reader *r, const struct set *S, struct set *G)
{
	const char *q = r->p + 1;

	*G = *S;
	keep(G, 1);
	if (q < r->end && *q == '*') {
		r->fail = 1;
		return OTHER;
	}
	if (q < r->end && *q == '?') {
		q++;
		if (q < r->end && (*q == '=' || *q == '!' || (*q == '<' &&
		    q + 1 < r->end && (q[1] == '=' || q[1] == '!')))) {
			/* a lookaround takes no bytes: skip its body */
			r->p = q + (*q == '<' ? 2 : 1);
			G->n = 0;
			alternatives(r, G);
			if (r->p >= r->end || *r->p != ')')
				r->fail = 1;
			r->p++;
			return ZERO;
		}
		if (q < r->end && *q == ':')
			q++;
		else if (q + 1 < r->end && *q == 'P' && q[1] != '<') {
			r->fail = 1;
			return OTHER;
		} else if (q < r->end && (*q == '<' || *q == '\'' ||
		    *q == 'P')) {
			q += *q == 'P' ? 2 : 1;
			while (q < r->end && (isalnum((unsigned char)*q) ||
			    *q == '_'))
				q++;
			q++;
		} else {
			while (q < r->end && (isalpha((unsigned char)*q) ||
			    *q == '-' || *q == '^')) {
				if (*q == 'x')
					r->fail = 1;
				q++;
			}
			if (q >= r->end || (*q != ')' && *q != ':')) {
				r->fail = 1;
				return OTHER;
			}
			if (*q++ == ')') {
				r->p = q;
				return ZERO;
			}
		}
	} else
		q = r->p + 1;
	r->p = q;
	alternatives(r, G);
	if (r->p >= r->end || *r->p != ')')
		r->fail = 1;
	r->p++;
	return GROUP;
}

/* Reads one alternative up to '|', ')' or the end, growing S. */
static void
sequence(struct reader *r, struct set *S)
{
	struct set G;
	char ch[NCLASS];
	enum atom a;
	int n = 0, q, c;

	while (r->p < r->end && *r->p != '|' && *r->p != ')' && !r->fail) {
		c = (unsigned char)*r->p;
		a = CHARS;
		if (c == '(')
			a = read_group(r, S, &G);
		else if (c == '[') {
			if ((n = read_class(r, ch)) < 0)
				a = OTHER;
		} else if (c == '\\') {
			c = skip_escape(r);
			if (c == 'b' || c == 'B' || c == 'A' || c == 'z' ||
			    c == 'Z')
				a = ZERO;
			else if (ispunct(c)) {
				ch[0] = (char)c;
				n = 1;
			} else
				a = OTHER;
		} else {
			r->p++;
			if (c == '^' || c == '$')
				a = ZERO;
			else if (c == '.' || c >= 0x80 || strchr("?*+{", c))
				a = OTHER;
			else {
				ch[0] = (char)c;
				n = 1;
			}
		}
		q = quantifier(r);
		if (a == OTHER || (a != ZERO && q == 1))
			close_all(S);
		else if (a == CHARS)
			append(r, S, ch, (size_t)n);
		else if (a == GROUP) {
			keep(S, 0);
			join(r, S, &G);
		}
		if (q == 2 && a != ZERO)
			close_all(S);
	}
}

/* Reads alternatives up to ')' or the end: S becomes their union. */
static void
alternatives(struct reader *r, struct set *S)
{
	struct set in = *S, T;

	sequence(r, S);
	while (!r->fail && r->p < r->end && *r->p == '|') {
		r->p++;
		T = in;
		sequence(r, &T);
		join(r, S, &T);
	}
}

int
dp_prefix_starts_with(const char *pattern, size_t len,
    const char *const *words, size_t nwords)
{
	struct reader r = { pattern, pattern + len, 0 };
	struct set S;
	size_t i, k, wl;

	S.n = 1;
	S.len[0] = 0;
	S.open[0] = 1;
	alternatives(&r, &S);
	if (r.fail || r.p != r.end)
		return 0;
	for (i = 0; i < S.n; i++) {
		for (k = 0; k < nwords; k++) {
			wl = strlen(words[k]);
			if (wl > 0 && wl <= S.len[i] &&
			    strncasecmp(S.s[i], words[k], wl) == 0)
				break;
		}
		if (k == nwords)
			return 0;
	}
	return 1;
}
