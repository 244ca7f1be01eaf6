/*
 * detector: the scan of a buffer and the check of a pack's examples
 * (detector.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detector_impl.h"
#include "secret.h"

#define JIT_STACK_MAX (1024 * 1024)
/*
 * Windows closer than this many bytes are searched as one: a call of
 * pcre2_match() costs about as much as trying that many start offsets.
 */
#define WINDOW_GAP 64

/*
 * Verdicts on secrets already seen by a detector in this scanner's
 * life: documentation, lock files and configuration repeat the same
 * values, and each verdict costs an entropy and every allow pattern.
 */
#define VERDICTS 1024		/* a power of 2 */
#define VERDICT_LEN 64		/* the longest secret remembered */

struct verdict {
	size_t det;		/* + 1: 0 for an empty slot */
	size_t len;
	double entropy;		/* -1 when not computed */
	int keep;
	char text[VERDICT_LEN];
};

/* A candidate finding. */
struct hit {
	size_t det;
	size_t off;
	size_t len;
	double entropy;
	long line;
	long column;
	int dropped;		/* a better hit overlaps it */
};

struct dp_detector_scanner {
	const struct dp_detector_pack *pack;
	struct dp_detector_limits lim;
	pcre2_match_data *md;
	pcre2_match_context *mctx;	/* patterns: a window's offset limit */
	pcre2_match_context *actx;	/* allow and paths: none */
	pcre2_jit_stack *jit;
	struct dp_keyword_hits kw;
	size_t *first;		/* [detector]: its first keyword offset */
	size_t *offs;		/* keyword offsets, by detector */
	size_t offcap;
	int whole;		/* each pattern over the whole buffer */
	struct verdict *verdicts;
	struct hit *hits;
	size_t nhits;
	size_t cap;
	int overlaps;		/* report hits that overlap better ones */
};

struct dp_detector_scanner *
dp_detector_scanner_new(const struct dp_detector_pack *pack,
    const struct dp_detector_limits *limits, struct dp_error *err)
{
	static const struct dp_detector_limits deflim =
	    DP_DETECTOR_LIMITS_INIT;
	struct dp_detector_scanner *sc;

	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		goto nomem;
	sc->pack = pack;
	sc->lim = limits != NULL ? *limits : deflim;
	if ((sc->md = pcre2_match_data_create(pack->ovector, NULL)) == NULL ||
	    (sc->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (sc->actx = pcre2_match_context_create(NULL)) == NULL ||
	    (sc->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX,
	    NULL)) == NULL ||
	    (sc->first = calloc(pack->n + 2, sizeof(*sc->first))) == NULL ||
	    (sc->verdicts = calloc(VERDICTS, sizeof(*sc->verdicts))) == NULL)
		goto nomem;
	pcre2_set_match_limit(sc->mctx, sc->lim.match_limit);
	pcre2_set_depth_limit(sc->mctx, sc->lim.depth_limit);
	pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
	pcre2_set_match_limit(sc->actx, sc->lim.match_limit);
	pcre2_set_depth_limit(sc->actx, sc->lim.depth_limit);
	pcre2_jit_stack_assign(sc->actx, NULL, sc->jit);
	return sc;
nomem:
	dp_detector_scanner_free(sc);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
dp_detector_scanner_free(struct dp_detector_scanner *sc)
{
	if (sc == NULL)
		return;
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_match_context_free(sc->actx);
	pcre2_jit_stack_free(sc->jit);
	dp_keyword_hits_release(&sc->kw);
	free(sc->first);
	free(sc->offs);
	free(sc->verdicts);
	free(sc->hits);
	free(sc);
}

void
dp_detector_scanner_set_whole(struct dp_detector_scanner *sc, int whole)
{
	sc->whole = whole;
}

/* Returns 1 when a pattern of res matches the n bytes at s, 0, or -1. */
static int
any_match(struct dp_detector_scanner *sc, pcre2_code *const *res,
    size_t nres, const char *s, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < nres; i++) {
		rc = pcre2_match(res[i], (PCRE2_SPTR)s, n, 0, 0, sc->md,
		    sc->actx);
		if (rc >= 0)
			return 1;
		if (rc != PCRE2_ERROR_NOMATCH)
			return -1;
	}
	return 0;
}

static int
add_hit(struct dp_detector_scanner *sc, size_t det, size_t off, size_t len,
    double entropy)
{
	struct hit *h;

	if (sc->nhits == sc->cap) {
		sc->cap = sc->cap == 0 ? 64 : sc->cap * 2;
		if ((h = realloc(sc->hits, sc->cap * sizeof(*h))) == NULL)
			return -1;
		sc->hits = h;
	}
	h = &sc->hits[sc->nhits++];
	h->det = det;
	h->off = off;
	h->len = len;
	h->entropy = entropy;
	h->dropped = 0;
	return 0;
}

static int
limit_error(const struct dp_detector *d, const char *path, size_t off,
    int rc, struct dp_error *err)
{
	PCRE2_UCHAR msg[128];

	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return dp_error_set(err, DP_ERR_DATA, path, 0, 0,
		    "detector %s reached its match limit at byte %zu",
		    d->id, off);
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", rc);
	return dp_error_set(err, DP_ERR_INTERNAL, path, 0, 0,
	    "detector %s: %s", d->id, (const char *)msg);
}

/* Returns the slot of the secret s (n bytes) of detector det. */
static struct verdict *
slot(struct dp_detector_scanner *sc, size_t det, const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull ^ det;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return &sc->verdicts[(h ^ h >> 29) & (VERDICTS - 1)];
}

/*
 * Decides whether the secret s (n bytes) of detector i is kept: its
 * entropy reaches the floor and no allow pattern matches it.  Returns
 * 1 or 0 with *e the entropy (-1 when not computed), or -1.
 */
static int
judge(struct dp_detector_scanner *sc, size_t i, const char *s, size_t n,
    double *e)
{
	const struct dp_detector *d = sc->pack->dets[i];
	struct verdict *v = NULL;
	int rc;

	if (n <= VERDICT_LEN) {
		v = slot(sc, i, s, n);
		if (v->det == i + 1 && v->len == n &&
		    memcmp(v->text, s, n) == 0) {
			*e = v->entropy;
			return v->keep;
		}
	}
	/* most candidates are dropped: entropy only when it decides */
	*e = -1;
	if (d->entropy > 0 && (*e = dp_secret_entropy(s, n)) < d->entropy)
		rc = 0;
	else {
		rc = any_match(sc, d->priv->allow, d->priv->nallow, s, n);
		if (rc == 0)
			rc = any_match(sc, sc->pack->allow, sc->pack->nallow,
			    s, n);
		if (rc < 0)
			return -1;
		rc = !rc;
	}
	if (v != NULL) {
		v->det = i + 1;
		v->len = n;
		v->entropy = *e;
		v->keep = rc;
		memcpy(v->text, s, n);
	}
	return rc;
}

/*
 * Adds the candidate findings of detector i in buf that start from
 * offset ws to offset we (included), and none before *pos, which it
 * moves past each match: so the windows of one detector, taken in
 * order, find what one search of the whole buffer finds in them.
 */
static int
run(struct dp_detector_scanner *sc, size_t i, const char *path,
    const char *buf, size_t len, size_t ws, size_t we, size_t *pos,
    struct dp_error *err)
{
	const struct dp_detector *d = sc->pack->dets[i];
	const struct dp_detector_private *p = d->priv;
	size_t start = ws > *pos ? ws : *pos, off, n, next;
	PCRE2_SIZE *ov;
	double e;
	int rc;

	pcre2_set_offset_limit(sc->mctx, we);
	while (start <= we && start <= len) {
		rc = pcre2_match(p->re, (PCRE2_SPTR)buf, len, start, 0,
		    sc->md, sc->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return limit_error(d, path, start, rc, err);
		ov = pcre2_get_ovector_pointer(sc->md);
		next = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		while (next < len && ((unsigned char)buf[next] & 0xc0) == 0x80)
			next++;
		off = ov[2 * p->group];
		n = ov[2 * p->group + 1] - off;
		start = *pos = next;
		if ((uint32_t)rc <= p->group || off == PCRE2_UNSET || n == 0)
			continue;
		if ((rc = judge(sc, i, buf + off, n, &e)) < 0)
			return limit_error(d, path, off, PCRE2_ERROR_MATCHLIMIT,
			    err);
		if (rc == 1 && add_hit(sc, i, off, n, e) != 0)
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
	}
	return 0;
}

/* Returns the offset of the start of the line holding offset k. */
static size_t
line_start(const char *buf, size_t lo, size_t k)
{
	const char *nl = memrchr(buf + lo, '\n', k - lo);

	return nl != NULL ? (size_t)(nl - buf) + 1 : lo;
}

/* Returns the offset of the newline ending the line holding k, or len. */
static size_t
line_end(const char *buf, size_t len, size_t k)
{
	const char *nl = memchr(buf + k, '\n', len - k);

	return nl != NULL ? (size_t)(nl - buf) : len;
}

/*
 * Runs detector i in the windows around its keyword offsets: at each
 * offset for a pattern whose matches start with a keyword, else on
 * each line holding one and the detector's lines before and after it.
 * Windows that overlap or nearly touch are searched as one.
 */
static int
run_windows(struct dp_detector_scanner *sc, size_t i, const char *path,
    const char *buf, size_t len, struct dp_error *err)
{
	const struct dp_detector_private *p = sc->pack->dets[i]->priv;
	size_t j, k, ws, we, cs = 0, ce = 0, pos = 0, lo = 0;
	long l;
	int open = 0;

	for (j = sc->first[i]; j < sc->first[i + 1]; j++) {
		k = sc->offs[j];
		if (open && k <= ce)
			continue;
		if (p->anchored)
			ws = we = k;
		else {
			/* lines before k and after ce: never searched twice */
			ws = line_start(buf, lo, k);
			for (l = 0; l < p->lines && ws > lo; l++)
				ws = line_start(buf, lo, ws - 1);
			we = line_end(buf, len, k);
			for (l = 0; l < p->lines && we < len; l++)
				we = line_end(buf, len, we + 1);
			lo = we < len ? we + 1 : len;
		}
		if (open && ws <= ce + WINDOW_GAP) {
			ce = we;
			continue;
		}
		if (open && run(sc, i, path, buf, len, cs, ce, &pos, err) != 0)
			return -1;
		cs = ws;
		ce = we;
		open = 1;
	}
	return open ? run(sc, i, path, buf, len, cs, ce, &pos, err) : 0;
}

/* Sorts the keyword offsets by detector, in order of offset. */
static int
by_detector(struct dp_detector_scanner *sc)
{
	const struct dp_keyword_hits *h = &sc->kw;
	size_t n = sc->pack->n, i, *o;

	if (h->n > sc->offcap) {
		if ((o = realloc(sc->offs, h->n * sizeof(*o))) == NULL)
			return -1;
		sc->offs = o;
		sc->offcap = h->n;
	}
	memset(sc->first, 0, (n + 2) * sizeof(*sc->first));
	for (i = 0; i < h->n; i++)
		sc->first[h->v[i].id + 2]++;
	for (i = 2; i < n + 2; i++)
		sc->first[i] += sc->first[i - 1];
	/* first[id + 1] counts up to where id's offsets start */
	for (i = 0; i < h->n; i++)
		sc->offs[sc->first[h->v[i].id + 1]++] = h->v[i].offset;
	return 0;
}

static int
by_offset(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->det != y->det)
		return x->det < y->det ? -1 : 1;
	return 0;
}

/* Sets the line and column of every hit (sorted by offset). */
static void
locate(struct dp_detector_scanner *sc, const char *buf)
{
	const char *p = buf, *bol = buf, *nl, *at;
	long line = 1;
	size_t i;

	for (i = 0; i < sc->nhits; i++) {
		at = buf + sc->hits[i].off;
		while ((nl = memchr(p, '\n', (size_t)(at - p))) != NULL) {
			line++;
			p = bol = nl + 1;
		}
		p = at;
		sc->hits[i].line = line;
		sc->hits[i].column = (long)(at - bol) + 1;
	}
}

/* Returns 1 when hit i's requires is met (or it has none). */
static int
paired(const struct dp_detector_scanner *sc, size_t i)
{
	const struct dp_detector_private *p = sc->pack->dets[
	    sc->hits[i].det]->priv;
	long lo, hi;
	size_t a, b, m;

	if (p->requires == NULL)
		return 1;
	lo = sc->hits[i].line - p->within;
	hi = sc->hits[i].line + p->within;
	/* lines grow with offsets: find the first hit at line lo or after */
	a = 0;
	b = sc->nhits;
	while (a < b) {
		m = a + (b - a) / 2;
		if (sc->hits[m].line < lo)
			a = m + 1;
		else
			b = m;
	}
	for (; a < sc->nhits && sc->hits[a].line <= hi; a++)
		if (sc->hits[a].det == p->req)
			return 1;
	return 0;
}

static int
path_ok(struct dp_detector_scanner *sc, const struct dp_detector *d,
    const char *path)
{
	if (d->priv->npaths == 0)
		return 1;
	if (path == NULL)
		return 0;
	return any_match(sc, d->priv->paths, d->priv->npaths, path,
	    strlen(path)) == 1;
}

/* Returns 1 when hit x is a better report of its secret than hit y. */
static int
better(const struct dp_detector_scanner *sc, const struct hit *x,
    const struct hit *y)
{
	const struct dp_detector *a = sc->pack->dets[x->det];
	const struct dp_detector *b = sc->pack->dets[y->det];

	if (a->confidence != b->confidence)
		return a->confidence > b->confidence;
	if (a->severity != b->severity)
		return a->severity > b->severity;
	return x->det < y->det;
}

/*
 * Drops each paired hit whose secret shares a byte with that of a
 * better paired hit, so that one secret is reported once, by its most
 * specific detector.
 */
static void
drop_overlaps(struct dp_detector_scanner *sc)
{
	struct hit *x, *y;
	size_t i, j;

	for (i = 0; i < sc->nhits; i++) {
		x = &sc->hits[i];
		for (j = i + 1; !x->dropped && j < sc->nhits &&
		    sc->hits[j].off < x->off + x->len; j++) {
			y = &sc->hits[j];
			if (y->dropped)
				continue;
			if (better(sc, x, y))
				y->dropped = 1;
			else
				x->dropped = 1;
		}
	}
}

int
dp_detector_scan(struct dp_detector_scanner *sc, const char *path,
    const char *buf, size_t len, dp_detector_match_fn fn, void *arg,
    struct dp_error *err)
{
	const struct dp_detector_pack *pack = sc->pack;
	struct dp_detector_match m;
	struct dp_error e;
	int rc = 0, failed = 0, binary;
	size_t i, pos;

	if (len > sc->lim.max_bytes)
		return dp_error_set(err, DP_ERR_DATA, path, 0, 0,
		    "%zu bytes, more than the limit of %zu", len,
		    sc->lim.max_bytes);
	sc->nhits = 0;
	if (dp_keyword_find(pack->kw, buf, len, &sc->kw, err) != 0)
		return -1;
	if (sc->kw.n == 0)
		return 0;
	binary = dp_detector_is_binary(buf, len);
	if (by_detector(sc) != 0)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < pack->n; i++) {
		if (sc->first[i] == sc->first[i + 1] ||
		    (binary && !pack->dets[i]->binary) ||
		    !path_ok(sc, pack->dets[i], path))
			continue;
		pos = 0;
		if ((sc->whole ? run(sc, i, path, buf, len, 0, len, &pos, &e) :
		    run_windows(sc, i, path, buf, len, &e)) != 0) {
			if (failed++ == 0 && err != NULL)
				*err = e;
			if (e.code != DP_ERR_DATA)
				return -1;
		}
	}
	if (sc->nhits == 0)
		return failed > 0 ? -1 : 0;
	qsort(sc->hits, sc->nhits, sizeof(*sc->hits), by_offset);
	locate(sc, buf);
	for (i = 0; i < sc->nhits; i++)
		sc->hits[i].dropped = !paired(sc, i);
	if (!sc->overlaps)
		drop_overlaps(sc);
	for (i = 0; i < sc->nhits && rc == 0; i++) {
		if (sc->hits[i].dropped)
			continue;
		m.detector = pack->dets[sc->hits[i].det];
		m.line = sc->hits[i].line;
		m.column = sc->hits[i].column;
		m.offset = sc->hits[i].off;
		m.length = sc->hits[i].len;
		m.entropy = sc->hits[i].entropy >= 0 ? sc->hits[i].entropy :
		    dp_secret_entropy(buf + m.offset, m.length);
		if (fn(&m, buf, arg) != 0)
			rc = 1;
	}
	return failed > 0 ? -1 : rc;
}

/* ---- examples ---- */

struct want {
	const struct dp_detector *d;
	const char *secret;	/* or NULL */
	size_t found;		/* findings of d (with secret) */
	uint64_t all;		/* a digest of every finding */
};

static int
count(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct want *w = arg;

	w->all = (w->all * 31 + (uintptr_t)m->detector) * 31 + m->offset;
	w->all = w->all * 31 + m->length;
	if (m->detector != w->d)
		return 0;
	if (w->secret == NULL || (strlen(w->secret) == m->length &&
	    memcmp(w->secret, buf + m->offset, m->length) == 0))
		w->found++;
	return 0;
}

/* Scans example ex into w, around the keywords or whole. */
static int
scan_example(struct dp_detector_scanner *sc, const struct dp_detector *d,
    json_t *ex, int whole, struct want *w, struct dp_error *e)
{
	const char *text = json_string_value(json_object_get(ex, "text"));

	w->found = 0;
	w->all = 0;
	sc->whole = whole;
	if (dp_detector_scan(sc, json_string_value(json_object_get(ex,
	    "path")), text, strlen(text), count, w, e) < 0) {
		/* never name the example's text: it may hold a secret */
		snprintf(e->source, sizeof(e->source), "%s", d->source);
		e->line = (long)json_integer_value(json_object_get(ex,
		    "line"));
		return -1;
	}
	return 0;
}

/*
 * Runs example k (from 0) of list of d, around the keywords and over
 * the whole text; returns 0, 1 (failed) or -1.
 */
static int
example(struct dp_detector_scanner *sc, const struct dp_detector *d,
    json_t *list, size_t k, int match, struct dp_error *e)
{
	json_t *ex = json_array_get(list, k);
	struct want w = { d, NULL, 0, 0 }, whole;
	long line;

	line = (long)json_integer_value(json_object_get(ex, "line"));
	if (match)
		w.secret = json_string_value(json_object_get(ex, "secret"));
	whole = w;
	if (scan_example(sc, d, ex, 1, &whole, e) != 0 ||
	    scan_example(sc, d, ex, 0, &w, e) != 0)
		return -1;
	if (w.found != whole.found || w.all != whole.all)
		dp_error_set(e, DP_ERR_CONFIG, d->source, line, 0,
		    "detector %s: %s example %zu gives other findings when "
		    "only the windows around keywords are searched", d->id,
		    match ? "match" : "nomatch", k + 1);
	else if (match && w.found == 0)
		dp_error_set(e, DP_ERR_CONFIG, d->source, line, 0,
		    "detector %s: match example %zu gives no finding%s",
		    d->id, k + 1, w.secret != NULL ?
		    " with the expected secret" : "");
	else if (!match && w.found > 0)
		dp_error_set(e, DP_ERR_CONFIG, d->source, line, 0,
		    "detector %s: nomatch example %zu gives a finding",
		    d->id, k + 1);
	else
		return 0;
	return 1;
}

int
dp_detector_pack_check(const struct dp_detector_pack *pack,
    dp_detector_report_fn report, void *arg, struct dp_error *err)
{
	struct dp_detector_scanner *sc;
	const struct dp_detector *d;
	struct dp_error e;
	size_t i, k;
	int failed = 0, rc;

	if ((sc = dp_detector_scanner_new(pack, NULL, err)) == NULL)
		return -1;
	/* an example speaks for its own detector, better ones or not */
	sc->overlaps = 1;
	for (i = 0; i < pack->n; i++) {
		d = pack->dets[i];
		for (k = 0; k < json_array_size(d->match) + json_array_size(
		    d->nomatch); k++) {
			dp_error_clear(&e);
			if (k < json_array_size(d->match))
				rc = example(sc, d, d->match, k, 1, &e);
			else
				rc = example(sc, d, d->nomatch,
				    k - json_array_size(d->match), 0, &e);
			if (rc == 0)
				continue;
			if (failed++ == 0 && err != NULL)
				*err = e;
			if (report != NULL)
				report(&e, arg);
			if (e.code == DP_ERR_NOMEM)
				goto out;
		}
	}
out:
	dp_detector_scanner_free(sc);
	return failed > 0 ? -1 : 0;
}
