/*
 * keyword: an Aho-Corasick automaton over byte classes (keyword.h).
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyword.h"

struct word {
	char *text;		/* lower-cased */
	size_t len;
	size_t id;
};

struct dp_keyword {
	size_t nids;
	struct word *words;
	size_t nwords;
	size_t nbytes;		/* total length of the words */
	int compiled;
	unsigned char cls[256];	/* byte class of every byte */
	size_t ncls;
	uint32_t *delta;	/* [state * ncls + class] -> see compile */
	uint32_t *out;		/* [state]: start of its ids in ids, */
	uint32_t *nout;		/* and how many */
	size_t *ids;
};

static int
nomem(struct dp_error *err)
{
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

struct dp_keyword *
dp_keyword_new(size_t nids, struct dp_error *err)
{
	struct dp_keyword *kw;

	if ((kw = calloc(1, sizeof(*kw))) == NULL) {
		nomem(err);
		return NULL;
	}
	kw->nids = nids;
	return kw;
}

void
dp_keyword_free(struct dp_keyword *kw)
{
	size_t i;

	if (kw == NULL)
		return;
	for (i = 0; i < kw->nwords; i++)
		free(kw->words[i].text);
	free(kw->words);
	free(kw->delta);
	free(kw->out);
	free(kw->nout);
	free(kw->ids);
	free(kw);
}

int
dp_keyword_add(struct dp_keyword *kw, const char *word, size_t len,
    size_t id, struct dp_error *err)
{
	struct word *w;
	size_t i;

	if (kw->compiled)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword set already compiled");
	if (len == 0 || len > DP_KEYWORD_LEN_MAX)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword of %zu bytes (1 to %d allowed)", len,
		    DP_KEYWORD_LEN_MAX);
	if (id >= kw->nids)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword id %zu out of range", id);
	if (kw->nbytes + len >= DP_KEYWORD_STATES_MAX)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "more than %d keyword states", DP_KEYWORD_STATES_MAX);
	w = realloc(kw->words, (kw->nwords + 1) * sizeof(*w));
	if (w == NULL)
		return nomem(err);
	kw->words = w;
	w = &kw->words[kw->nwords];
	if ((w->text = malloc(len)) == NULL)
		return nomem(err);
	for (i = 0; i < len; i++)
		w->text[i] = (char)lower((unsigned char)word[i]);
	w->len = len;
	w->id = id;
	kw->nwords++;
	kw->nbytes += len;
	return 0;
}

/* Gives every byte of a keyword its own class; the rest share 0. */
static void
classes(struct dp_keyword *kw)
{
	size_t i, j;
	int c;

	memset(kw->cls, 0, sizeof(kw->cls));
	kw->ncls = 1;
	for (i = 0; i < kw->nwords; i++)
		for (j = 0; j < kw->words[i].len; j++) {
			c = (unsigned char)kw->words[i].text[j];
			if (kw->cls[c] == 0)
				kw->cls[c] = (unsigned char)kw->ncls++;
		}
	for (c = 'A'; c <= 'Z'; c++)
		kw->cls[c] = kw->cls[c - 'A' + 'a'];
}

/* Appends id to the outputs of state s (in a growing per-state list). */
static int
add_out(size_t **lists, size_t *n, size_t *cap, size_t s, size_t id)
{
	size_t i, *l;

	for (i = 0; i < n[s]; i++)
		if (lists[s][i] == id)
			return 0;
	if (n[s] == cap[s]) {
		cap[s] = cap[s] == 0 ? 2 : cap[s] * 2;
		if ((l = realloc(lists[s], cap[s] * sizeof(*l))) == NULL)
			return -1;
		lists[s] = l;
	}
	lists[s][n[s]++] = id;
	return 0;
}

int
dp_keyword_compile(struct dp_keyword *kw, struct dp_error *err)
{
	size_t **lists = NULL, *n = NULL, *cap = NULL, *queue = NULL;
	size_t *fail = NULL, nstates = 1, maxstates, i, j, c, s, t, head;
	size_t tail, total = 0;
	int rc = -1;

	classes(kw);
	maxstates = kw->nbytes + 1;
	kw->delta = calloc(maxstates * kw->ncls, sizeof(*kw->delta));
	lists = calloc(maxstates, sizeof(*lists));
	n = calloc(maxstates, sizeof(*n));
	cap = calloc(maxstates, sizeof(*cap));
	fail = calloc(maxstates, sizeof(*fail));
	queue = calloc(maxstates, sizeof(*queue));
	kw->out = calloc(maxstates, sizeof(*kw->out));
	kw->nout = calloc(maxstates, sizeof(*kw->nout));
	if (kw->delta == NULL || lists == NULL || n == NULL || cap == NULL ||
	    fail == NULL || queue == NULL || kw->out == NULL ||
	    kw->nout == NULL)
		goto out;

	/* the trie; 0 is the root, so 0 in a child slot means none */
	for (i = 0; i < kw->nwords; i++) {
		s = 0;
		for (j = 0; j < kw->words[i].len; j++) {
			c = kw->cls[(unsigned char)kw->words[i].text[j]];
			if (kw->delta[s * kw->ncls + c] == 0)
				kw->delta[s * kw->ncls + c] =
				    (uint32_t)nstates++;
			s = kw->delta[s * kw->ncls + c];
		}
		if (add_out(lists, n, cap, s, kw->words[i].id) != 0)
			goto out;
	}

	/* breadth first: failure links, outputs, then full transitions */
	head = tail = 0;
	for (c = 0; c < kw->ncls; c++)
		if ((t = kw->delta[c]) != 0) {
			fail[t] = 0;
			queue[tail++] = t;
		}
	while (head < tail) {
		s = queue[head++];
		for (i = 0; i < n[fail[s]]; i++)
			if (add_out(lists, n, cap, s, lists[fail[s]][i]) != 0)
				goto out;
		for (c = 0; c < kw->ncls; c++) {
			t = kw->delta[s * kw->ncls + c];
			if (t != 0) {
				fail[t] = kw->delta[fail[s] * kw->ncls + c];
				queue[tail++] = t;
			} else
				kw->delta[s * kw->ncls + c] =
				    kw->delta[fail[s] * kw->ncls + c];
		}
	}

	for (s = 0; s < nstates; s++)
		total += n[s];
	if ((kw->ids = calloc(total + 1, sizeof(*kw->ids))) == NULL)
		goto out;
	for (s = 0, total = 0; s < nstates; s++) {
		kw->out[s] = (uint32_t)total;
		kw->nout[s] = (uint32_t)n[s];
		for (i = 0; i < n[s]; i++)
			kw->ids[total++] = lists[s][i];
	}
	/*
	 * A target is stored premultiplied by ncls, shifted left once,
	 * with bit 0 set when it has outputs: the scan loop then needs no
	 * multiplication and no second table lookup per byte.
	 */
	for (i = 0; i < nstates * kw->ncls; i++) {
		t = kw->delta[i];
		kw->delta[i] = (uint32_t)((t * kw->ncls) << 1 | (n[t] > 0));
	}
	kw->compiled = 1;
	rc = 0;
out:
	for (s = 0; lists != NULL && s < maxstates; s++)
		free(lists[s]);
	free(lists);
	free(n);
	free(cap);
	free(fail);
	free(queue);
	if (rc != 0)
		nomem(err);
	return rc;
}

size_t
dp_keyword_scan(const struct dp_keyword *kw, const char *buf, size_t len,
    unsigned char *seen)
{
	const unsigned char *p = (const unsigned char *)buf;
	const unsigned char *end = p + len;
	const uint32_t *delta = kw->delta;
	size_t nseen = 0, ncls = kw->ncls, i, s = 0, st, id;

	if (!kw->compiled || kw->nwords == 0)
		return 0;
	while (p < end) {
		s = delta[(s >> 1) + kw->cls[*p++]];
		if ((s & 1) == 0)
			continue;
		st = (s >> 1) / ncls;
		for (i = 0; i < kw->nout[st]; i++) {
			id = kw->ids[kw->out[st] + i];
			if (seen[id])
				continue;
			seen[id] = 1;
			if (++nseen == kw->nids)
				return nseen;
		}
	}
	return nseen;
}
