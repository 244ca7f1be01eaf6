/*
 * keyword: a hashed 3-byte prefilter with verification (keyword.h).
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyword.h"

#define HASH_BITS 15
#define NHASH ((size_t)1 << HASH_BITS)
#define FILTER_BITS 16
#define NFILTER ((size_t)1 << FILTER_BITS)

struct word {
	char *text;		/* lower-cased */
	size_t len;
	size_t id;
};

struct dp_keyword {
	size_t nids;
	struct word *words;
	size_t nwords;
	int compiled;
	unsigned char *filter;	/* [hash4]: 1 when a keyword may start
				 * so (bytes, not bits: fewer instructions
				 * per position) */
	uint32_t *start;	/* [hash]: its first word in order[] */
	uint32_t *order;	/* word indices sorted by hash */
	unsigned char lc[256];	/* ASCII lower case of every byte */
};

/*
 * The hash of the 3 bytes in the low 24 bits of v (the first byte
 * lowest), where v already has bit 5 of each byte set: that folds
 * ASCII case (and a few punctuation bytes together, which only costs a
 * comparison).
 */
static uint32_t
hash3(uint32_t v)
{
	return ((v << 8) * 0x9e3779b1u) >> (32 - HASH_BITS);
}

#define FOLD 0x2020202020202020ull

/*
 * The filter's hash of the 4 bytes in the low 32 bits of v: the first
 * 3 case folded, and the low 3 bits of the fourth, which are the same
 * in both cases of a letter.
 */
static uint32_t
hash4(uint32_t v)
{
	v = (v & 0x07ffffffu) | 0x00202020u;
	return (v * 0x9e3779b1u) >> (32 - FILTER_BITS);
}

/* x as loaded from little-endian memory. */
static uint64_t
le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

struct dp_keyword *
dp_keyword_new(size_t nids, struct dp_error *err)
{
	struct dp_keyword *kw;
	int c;

	if ((kw = calloc(1, sizeof(*kw))) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	kw->nids = nids;
	for (c = 0; c < 256; c++)
		kw->lc[c] = (unsigned char)(c >= 'A' && c <= 'Z' ?
		    c - 'A' + 'a' : c);
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
	free(kw->filter);
	free(kw->start);
	free(kw->order);
	free(kw);
}

int
dp_keyword_add(struct dp_keyword *kw, const char *word, size_t len,
    size_t id, struct dp_error *err)
{
	const unsigned char *lc = kw->lc;
	struct word *w;
	size_t i;

	if (kw->compiled)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword set already compiled");
	if (len < DP_KEYWORD_LEN_MIN || len > DP_KEYWORD_LEN_MAX)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword of %zu bytes (%d to %d allowed)", len,
		    DP_KEYWORD_LEN_MIN, DP_KEYWORD_LEN_MAX);
	if (id >= kw->nids)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "keyword id %zu out of range", id);
	if (kw->nwords >= DP_KEYWORD_WORDS_MAX)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "more than %d keywords", DP_KEYWORD_WORDS_MAX);
	w = realloc(kw->words, (kw->nwords + 1) * sizeof(*w));
	if (w == NULL)
		goto nomem;
	kw->words = w;
	w = &kw->words[kw->nwords];
	if ((w->text = malloc(len)) == NULL)
		goto nomem;
	for (i = 0; i < len; i++)
		w->text[i] = (char)lc[(unsigned char)word[i]];
	w->len = len;
	w->id = id;
	kw->nwords++;
	return 0;
nomem:
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static uint32_t
word_hash(const struct word *w)
{
	const unsigned char *t = (const unsigned char *)w->text;

	return hash3(((uint32_t)t[2] << 16 | (uint32_t)t[1] << 8 | t[0]) |
	    (uint32_t)FOLD);
}

int
dp_keyword_compile(struct dp_keyword *kw, struct dp_error *err)
{
	const struct word *w;
	const unsigned char *t;
	uint32_t v, b;
	size_t i;
	uint32_t h;

	kw->filter = calloc(NFILTER, sizeof(*kw->filter));
	kw->start = calloc(NHASH + 1, sizeof(*kw->start));
	kw->order = calloc(kw->nwords + 1, sizeof(*kw->order));
	if (kw->filter == NULL || kw->start == NULL || kw->order == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	/*
	 * A counting sort of the words by hash: start[h] counts up to the
	 * end of bucket h, then placing the words from the last one moves
	 * it down to the bucket's beginning.
	 */
	for (i = 0; i < kw->nwords; i++) {
		w = &kw->words[i];
		t = (const unsigned char *)w->text;
		v = (uint32_t)t[2] << 16 | (uint32_t)t[1] << 8 | t[0];
		for (b = 0; b < 8; b++)
			if (w->len == 3 || (t[3] & 7) == b)
				kw->filter[hash4(v | b << 24)] = 1;
		h = word_hash(w);
		kw->start[h]++;
	}
	for (i = 1; i < NHASH; i++)
		kw->start[i] += kw->start[i - 1];
	kw->start[NHASH] = (uint32_t)kw->nwords;
	for (i = kw->nwords; i > 0; i--) {
		h = word_hash(&kw->words[i - 1]);
		kw->order[--kw->start[h]] = (uint32_t)(i - 1);
	}
	kw->compiled = 1;
	return 0;
}

static int
same(const unsigned char *p, const char *word, size_t len,
    const unsigned char *lc)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (lc[p[i]] != (unsigned char)word[i])
			return 0;
	return 1;
}

void
dp_keyword_hits_release(struct dp_keyword_hits *hits)
{
	if (hits == NULL)
		return;
	free(hits->v);
	hits->v = NULL;
	hits->n = hits->cap = 0;
}

static int
push(struct dp_keyword_hits *hits, size_t off, size_t id)
{
	struct dp_keyword_hit *v;
	size_t cap;

	if (hits->n == hits->cap) {
		cap = hits->cap == 0 ? 256 : hits->cap * 2;
		if ((v = realloc(hits->v, cap * sizeof(*v))) == NULL)
			return -1;
		hits->v = v;
		hits->cap = cap;
	}
	hits->v[hits->n].offset = off;
	hits->v[hits->n].id = id;
	hits->n++;
	return 0;
}

/* Adds the hits of the words that start at offset off (hash h). */
static int
verify(const struct dp_keyword *kw, uint32_t h, const unsigned char *buf,
    size_t off, size_t len, struct dp_keyword_hits *hits)
{
	const struct word *w;
	size_t k;

	for (k = kw->start[h]; k < kw->start[h + 1]; k++) {
		w = &kw->words[kw->order[k]];
		if (w->len <= len - off &&
		    same(buf + off, w->text, w->len, kw->lc) &&
		    push(hits, off, w->id) != 0)
			return -1;
	}
	return 0;
}

/* The hash of the 3 bytes at p, case folded. */
static uint32_t
hash_at(const unsigned char *p)
{
	return hash3(((uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]) |
	    (uint32_t)FOLD);
}

/*
 * Returns a word whose bit i is set when a keyword may start at p + i,
 * for i below 64; p + 70 is still in the buffer.
 */
static uint64_t
block(const unsigned char *filter, const unsigned char *p)
{
	uint64_t m = 0, x;
	unsigned i;

	/* constant shifts once unrolled: a few instructions a position */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
	for (i = 0; i < 64; i += 4) {
		memcpy(&x, p + i, 8);
		x = le64(x);
		m |= (uint64_t)filter[hash4((uint32_t)x)] << i;
		m |= (uint64_t)filter[hash4((uint32_t)(x >> 8))] << (i + 1);
		m |= (uint64_t)filter[hash4((uint32_t)(x >> 16))] << (i + 2);
		m |= (uint64_t)filter[hash4((uint32_t)(x >> 24))] << (i + 3);
	}
	return m;
}

int
dp_keyword_find(const struct dp_keyword *kw, const char *buf, size_t len,
    struct dp_keyword_hits *hits, struct dp_error *err)
{
	const unsigned char *p = (const unsigned char *)buf;
	uint64_t m;
	size_t i = 0, j;
	uint32_t h;

	hits->n = 0;
	if (!kw->compiled || kw->nwords == 0)
		return 0;
	for (; i + 72 <= len; i += 64)
		for (m = block(kw->filter, p + i); m != 0; m &= m - 1) {
			j = i + (size_t)__builtin_ctzll(m);
			if (verify(kw, hash_at(p + j), p, j, len, hits) != 0)
				goto nomem;
		}
	for (; i + DP_KEYWORD_LEN_MIN <= len; i++) {
		h = hash_at(p + i);
		if (kw->start[h] != kw->start[h + 1] &&
		    verify(kw, h, p, i, len, hits) != 0)
			goto nomem;
	}
	return 0;
nomem:
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}
