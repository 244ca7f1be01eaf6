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
	unsigned char *bits;	/* [hash]: 1 when a keyword starts so;
				 * bytes, not bits: one instruction less
				 * per position */
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
	free(kw->bits);
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
	size_t i;
	uint32_t h;

	kw->bits = calloc(NHASH, sizeof(*kw->bits));
	kw->start = calloc(NHASH + 1, sizeof(*kw->start));
	kw->order = calloc(kw->nwords + 1, sizeof(*kw->order));
	if (kw->bits == NULL || kw->start == NULL || kw->order == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	/*
	 * A counting sort of the words by hash: start[h] counts up to the
	 * end of bucket h, then placing the words from the last one moves
	 * it down to the bucket's beginning.
	 */
	for (i = 0; i < kw->nwords; i++) {
		h = word_hash(&kw->words[i]);
		kw->bits[h] = 1;
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

/* Marks the words that start at p (hash h) and fit in n bytes. */
static size_t
verify(const struct dp_keyword *kw, uint32_t h, const unsigned char *p,
    size_t n, unsigned char *seen)
{
	const struct word *w;
	size_t k, found = 0;

	for (k = kw->start[h]; k < kw->start[h + 1]; k++) {
		w = &kw->words[kw->order[k]];
		if (seen[w->id] || w->len > n || !same(p, w->text, w->len,
		    kw->lc))
			continue;
		seen[w->id] = 1;
		found++;
	}
	return found;
}

/* Returns 1 when a keyword has the hash h. */
static int
has(const unsigned char *bits, uint32_t h)
{
	return bits[h];
}

size_t
dp_keyword_scan(const struct dp_keyword *kw, const char *buf, size_t len,
    unsigned char *seen)
{
	const unsigned char *p = (const unsigned char *)buf;
	const unsigned char *bits = kw->bits;
	uint32_t h0, h1, h2, h3, v;
	size_t nseen = 0, i;
	uint64_t x;

	if (!kw->compiled || kw->nwords == 0)
		return 0;
	/*
	 * Four positions per step from one 8-byte load: no step waits for
	 * the one before, and one branch tests all four bits.
	 */
	for (i = 0; i + 8 <= len; i += 4) {
		memcpy(&x, p + i, 8);
		x = le64(x) | FOLD;
		h0 = hash3((uint32_t)x);
		h1 = hash3((uint32_t)(x >> 8));
		h2 = hash3((uint32_t)(x >> 16));
		h3 = hash3((uint32_t)(x >> 24));
		if ((has(bits, h0) | has(bits, h1) | has(bits, h2) |
		    has(bits, h3)) == 0)
			continue;
		if (has(bits, h0))
			nseen += verify(kw, h0, p + i, len - i, seen);
		if (has(bits, h1))
			nseen += verify(kw, h1, p + i + 1, len - i - 1, seen);
		if (has(bits, h2))
			nseen += verify(kw, h2, p + i + 2, len - i - 2, seen);
		if (has(bits, h3))
			nseen += verify(kw, h3, p + i + 3, len - i - 3, seen);
		if (nseen == kw->nids)
			return nseen;
	}
	for (; i + DP_KEYWORD_LEN_MIN <= len; i++) {
		v = ((uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 1] << 8 |
		    p[i]) | (uint32_t)FOLD;
		if (has(bits, hash3(v)))
			nseen += verify(kw, hash3(v), p + i, len - i, seen);
		if (nseen == kw->nids)
			break;
	}
	return nseen;
}
