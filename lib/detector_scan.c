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
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	unsigned char *seen;	/* [detector]: a keyword of it occurs */
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
	    (sc->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX,
	    NULL)) == NULL ||
	    (sc->seen = calloc(pack->n + 1, 1)) == NULL)
		goto nomem;
	pcre2_set_match_limit(sc->mctx, sc->lim.match_limit);
	pcre2_set_depth_limit(sc->mctx, sc->lim.depth_limit);
	pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
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
	pcre2_jit_stack_free(sc->jit);
	free(sc->seen);
	free(sc->hits);
	free(sc);
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
		    sc->mctx);
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

/* Adds the candidate findings of detector i in buf. */
static int
run(struct dp_detector_scanner *sc, size_t i, const char *path,
    const char *buf, size_t len, struct dp_error *err)
{
	const struct dp_detector *d = sc->pack->dets[i];
	const struct dp_detector_private *p = d->priv;
	size_t start = 0, off, n, next;
	PCRE2_SIZE *ov;
	double e;
	int rc;

	while (start <= len) {
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
		start = next;
		if ((uint32_t)rc <= p->group || off == PCRE2_UNSET || n == 0)
			continue;
		/* most candidates are dropped: entropy only when it decides */
		e = -1;
		if (d->entropy > 0 &&
		    (e = dp_secret_entropy(buf + off, n)) < d->entropy)
			continue;
		rc = any_match(sc, p->allow, p->nallow, buf + off, n);
		if (rc == 0)
			rc = any_match(sc, sc->pack->allow, sc->pack->nallow,
			    buf + off, n);
		if (rc < 0)
			return limit_error(d, path, off, PCRE2_ERROR_MATCHLIMIT,
			    err);
		if (rc == 0 && add_hit(sc, i, off, n, e) != 0)
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
	}
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
dp_detector_is_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', len < DP_DETECTOR_BINARY_PREFIX ? len :
	    DP_DETECTOR_BINARY_PREFIX) != NULL;
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
	size_t i;

	if (len > sc->lim.max_bytes)
		return dp_error_set(err, DP_ERR_DATA, path, 0, 0,
		    "%zu bytes, more than the limit of %zu", len,
		    sc->lim.max_bytes);
	sc->nhits = 0;
	memset(sc->seen, 0, pack->n);
	if (dp_keyword_scan(pack->kw, buf, len, sc->seen) == 0)
		return 0;
	binary = dp_detector_is_binary(buf, len);
	for (i = 0; i < pack->n; i++) {
		if (!sc->seen[i] || (binary && !pack->dets[i]->binary) ||
		    !path_ok(sc, pack->dets[i], path))
			continue;
		if (run(sc, i, path, buf, len, &e) != 0) {
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
};

static int
count(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct want *w = arg;

	if (m->detector != w->d)
		return 0;
	if (w->secret == NULL || (strlen(w->secret) == m->length &&
	    memcmp(w->secret, buf + m->offset, m->length) == 0))
		w->found++;
	return 0;
}

/* Runs example k (from 0) of list of d; returns 0, 1 (failed) or -1. */
static int
example(struct dp_detector_scanner *sc, const struct dp_detector *d,
    json_t *list, size_t k, int match, struct dp_error *e)
{
	json_t *ex = json_array_get(list, k);
	const char *text = json_string_value(json_object_get(ex, "text"));
	struct want w = { d, NULL, 0 };
	long line;

	line = (long)json_integer_value(json_object_get(ex, "line"));
	if (match)
		w.secret = json_string_value(json_object_get(ex, "secret"));
	if (dp_detector_scan(sc, json_string_value(json_object_get(ex,
	    "path")), text, strlen(text), count, &w, e) < 0) {
		/* never name the example's text: it may hold a secret */
		snprintf(e->source, sizeof(e->source), "%s", d->source);
		e->line = line;
		return -1;
	}
	if (match && w.found == 0)
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
