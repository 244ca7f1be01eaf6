/*
 * sensitive: loading a classifier pack, classifying files, checking the
 * examples and the file.sensitive record (sensitive.h).
 */
#include <config.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "event.h"
#include "packload.h"
#include "sensitive.h"
#include "utf8.h"

/* Names are paths: UTF-8, with invalid bytes allowed. */
#define TEXT_RE (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
/* Content is bytes. */
#define BYTES_RE 0u

#define JIT_STACK_MAX (1024 * 1024)

enum { DECODE_NONE, DECODE_PEM };

/* A glob and the number of path components it spans. */
struct glob {
	char *pat;
	size_t parts;
};

struct dp_sensitive_private {
	struct glob *names;
	size_t nnames;
	struct glob *exclude;
	size_t nexclude;
	pcre2_code **paths;
	size_t npaths;
	pcre2_code **match;
	size_t nmatch;
	pcre2_code **nomatch;
	size_t nnomatch;
	int content;		/* a content test is given */
	int decode;
	int either;
};

struct dp_sensitive_pack {
	struct dp_sensitive **cls;
	size_t n;
};

struct dp_sensitive_scanner {
	const struct dp_sensitive_pack *pack;
	struct dp_sensitive_limits lim;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	char *b64;		/* the base64 text of a PEM block */
	unsigned char *pem;	/* its decoded bytes */
	size_t pemlen;
	int decoded;		/* pem holds the current file's */
};

/* ---- loading ---- */

static void
globs_free(struct glob *g, size_t n)
{
	while (n > 0)
		free(g[--n].pat);
	free(g);
}

static void
classifier_free(struct dp_sensitive *c)
{
	struct dp_sensitive_private *p;

	if (c == NULL)
		return;
	free(c->id);
	free(c->title);
	free(c->description);
	free(c->family);
	free(c->source);
	json_decref(c->match);
	json_decref(c->nomatch);
	if ((p = c->priv) != NULL) {
		globs_free(p->names, p->nnames);
		globs_free(p->exclude, p->nexclude);
		dp_packload_regex_free(p->paths, p->npaths);
		dp_packload_regex_free(p->match, p->nmatch);
		dp_packload_regex_free(p->nomatch, p->nnomatch);
		free(p);
	}
	free(c);
}

/* Reads the optional list of globs at key of obj. */
static int
parse_globs(struct dp_packload *pl, const json_t *obj, const char *key,
    struct glob **out, size_t *n)
{
	json_t *arr = json_object_get(obj, key), *v;
	const char *s;
	size_t i;

	*out = NULL;
	*n = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    key), "'%s' must be a list of globs", key);
	if ((*out = calloc(json_array_size(arr) + 1, sizeof(**out))) == NULL)
		return dp_packload_nomem(pl);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0)
			return dp_packload_bad(pl, dp_yamldoc_item_line(pl->doc,
			    arr, i), "'%s' must be a list of globs", key);
		s = json_string_value(v);
		if (((*out)[i].pat = strdup(s)) == NULL)
			return dp_packload_nomem(pl);
		(*out)[i].parts = 1;
		for (; *s != '\0'; s++)
			(*out)[i].parts += *s == '/';
		(*n)++;
	}
	return 0;
}

/* Sets *out from the optional boolean at key of obj. */
static int
parse_bool(struct dp_packload *pl, const json_t *obj, const char *key,
    int *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    key), "'%s' must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

static int
parse_content(struct dp_packload *pl, const json_t *obj,
    struct dp_sensitive_private *p)
{
	static const char *const known[] = { "decode", "match", "nomatch",
		NULL };
	json_t *ct = json_object_get(obj, "content"), *v;
	long line = dp_yamldoc_key_line(pl->doc, obj, "content");

	if (ct == NULL)
		return 0;
	if (!json_is_object(ct))
		return dp_packload_bad(pl, line, "'content' must be a mapping "
		    "{decode, match, nomatch}");
	if (dp_packload_known_keys(pl, ct, known, "content") != 0)
		return -1;
	if ((v = json_object_get(ct, "decode")) != NULL) {
		if (!json_is_string(v) || strcmp(json_string_value(v),
		    "pem") != 0)
			return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc,
			    ct, "decode"), "bad decode (pem)");
		p->decode = DECODE_PEM;
	}
	if (dp_packload_regex_list(pl, ct, "match", BYTES_RE, &p->match,
	    &p->nmatch) != 0 ||
	    dp_packload_regex_list(pl, ct, "nomatch", BYTES_RE, &p->nomatch,
	    &p->nnomatch) != 0)
		return -1;
	if (p->nmatch + p->nnomatch == 0)
		return dp_packload_bad(pl, line, "'content' needs match or "
		    "nomatch patterns");
	p->content = 1;
	return 0;
}

/*
 * Decodes the pairs of hex digits of s, which may be separated by
 * white space, into a new buffer *out of *n bytes.  Returns 0, or -1
 * when s is not such pairs (*out is then NULL).
 */
static int
unhex(const char *s, unsigned char **out, size_t *n)
{
	int hi, lo;

	*n = 0;
	if ((*out = malloc(strlen(s) / 2 + 1)) == NULL)
		return -1;
	for (;;) {
		s += strspn(s, " \t\r\n");
		if (*s == '\0')
			return 0;
		if ((hi = OPENSSL_hexchar2int((unsigned char)s[0])) < 0 ||
		    (lo = OPENSSL_hexchar2int((unsigned char)s[1])) < 0)
			break;
		(*out)[(*n)++] = (unsigned char)(hi << 4 | lo);
		s += 2;
	}
	free(*out);
	*out = NULL;
	return -1;
}

/* Each example needs its content: text or hex, not both. */
static int
check_examples(struct dp_packload *pl, const json_t *list,
    const char *name)
{
	unsigned char *bytes;
	const char *hex;
	json_t *ex;
	size_t i, n;
	long line;

	json_array_foreach(list, i, ex) {
		line = (long)json_integer_value(json_object_get(ex, "line"));
		hex = json_string_value(json_object_get(ex, "hex"));
		if ((json_object_get(ex, "text") == NULL) == (hex == NULL))
			return dp_packload_bad(pl, line, "%s example %zu needs "
			    "either text or hex", name, i + 1);
		if (hex == NULL)
			continue;
		if (unhex(hex, &bytes, &n) != 0)
			return dp_packload_bad(pl, line, "%s example %zu: "
			    "'hex' must be pairs of hex digits", name, i + 1);
		free(bytes);
	}
	return 0;
}

static int
parse_tests(struct dp_packload *pl, const json_t *obj, long line,
    struct dp_sensitive *c)
{
	struct dp_sensitive_private *p = c->priv;

	if (parse_globs(pl, obj, "names", &p->names, &p->nnames) != 0 ||
	    parse_globs(pl, obj, "exclude", &p->exclude, &p->nexclude) != 0 ||
	    dp_packload_regex_list(pl, obj, "paths", TEXT_RE, &p->paths,
	    &p->npaths) != 0 || parse_content(pl, obj, p) != 0 ||
	    parse_bool(pl, obj, "either", &p->either) != 0 ||
	    parse_bool(pl, obj, "encrypted", &c->encrypted) != 0)
		return -1;
	if (p->nnames + p->npaths == 0 && !p->content)
		return dp_packload_bad(pl, line, "classifier %s needs names, "
		    "paths or content", c->id);
	if (p->either && (p->nnames + p->npaths == 0 || p->nmatch == 0))
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "either"), "'either' needs names or paths, and content "
		    "with match patterns");
	return 0;
}

static int
add_classifier(struct dp_packload *pl, struct dp_sensitive_pack *p,
    struct dp_sensitive *c)
{
	struct dp_sensitive **cc;

	if ((cc = realloc(p->cls, (p->n + 1) * sizeof(*cc))) == NULL)
		return dp_packload_nomem(pl);
	p->cls = cc;
	p->cls[p->n++] = c;
	return 0;
}

static int
parse_classifier(struct dp_packload *pl, const json_t *obj, long line,
    void *arg)
{
	static const char *const known[] = { "id", "title", "description",
		"names", "paths", "exclude", "content", "either", "encrypted",
		"severity", "confidence", "examples", NULL };
	static const char *const exkeys[] = { "path", "text", "hex", NULL };
	struct dp_sensitive_pack *pack = arg;
	const struct dp_sensitive *other;
	struct dp_sensitive *c;

	if (!json_is_object(obj))
		return dp_packload_bad(pl, line, "a classifier must be a "
		    "mapping");
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->priv = calloc(1, sizeof(*c->priv))) == NULL) {
		free(c);
		return dp_packload_nomem(pl);
	}
	c->line = line;
	c->encrypted = -1;
	if (dp_packload_known_keys(pl, obj, known, "classifier") != 0 ||
	    dp_packload_id(pl, obj, line, &c->id) != 0)
		goto fail;
	if ((other = dp_sensitive_pack_find(pack, c->id)) != NULL) {
		dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj, "id"),
		    "classifier id '%s' already used at %s:%ld", c->id,
		    other->source, other->line);
		goto fail;
	}
	if (dp_packload_strdup(pl, obj, "title", line, &c->title) != 0 ||
	    dp_packload_strdup(pl, obj, "description", line,
	    &c->description) != 0 || parse_tests(pl, obj, line, c) != 0 ||
	    dp_packload_levels(pl, obj, line, &c->severity,
	    &c->confidence) != 0 ||
	    dp_packload_examples(pl, obj, line, exkeys, &c->match,
	    &c->nomatch) != 0 || check_examples(pl, c->match, "match") != 0 ||
	    check_examples(pl, c->nomatch, "nomatch") != 0)
		goto fail;
	if ((c->family = strdup(pl->family)) == NULL ||
	    (c->source = strdup(pl->source)) == NULL) {
		dp_packload_nomem(pl);
		goto fail;
	}
	if (add_classifier(pl, pack, c) != 0)
		goto fail;
	return 0;
fail:
	classifier_free(c);
	return -1;
}

static int
parse_file(struct dp_packload *pl, const char *name, const json_t *root,
    void *arg)
{
	(void)name;
	return dp_packload_family(pl, root, "classifiers", parse_classifier,
	    arg);
}

struct dp_sensitive_pack *
dp_sensitive_pack_load(const char *dir, dp_sensitive_report_fn report,
    void *arg, struct dp_error *err)
{
	struct dp_sensitive_pack *pack;
	struct dp_packload pl;
	struct dp_error e;

	if ((pack = calloc(1, sizeof(*pack))) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	dp_packload_init(&pl, "classifier", report, arg);
	(void)dp_packload_dir(&pl, dir, parse_file, pack);
	if (pl.nproblems == 0 && pack->n == 0) {
		dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
		    "no classifiers in '%s'", dir);
		dp_packload_problem(&pl, &e);
	}
	if (pl.nproblems > 0) {
		if (err != NULL)
			*err = pl.first;
		dp_sensitive_pack_free(pack);
		return NULL;
	}
	return pack;
}

void
dp_sensitive_pack_free(struct dp_sensitive_pack *pack)
{
	size_t i;

	if (pack == NULL)
		return;
	for (i = 0; i < pack->n; i++)
		classifier_free(pack->cls[i]);
	free(pack->cls);
	free(pack);
}

size_t
dp_sensitive_pack_count(const struct dp_sensitive_pack *pack)
{
	return pack->n;
}

const struct dp_sensitive *
dp_sensitive_pack_get(const struct dp_sensitive_pack *pack, size_t i)
{
	return pack->cls[i];
}

const struct dp_sensitive *
dp_sensitive_pack_find(const struct dp_sensitive_pack *pack,
    const char *id)
{
	size_t i;

	for (i = 0; i < pack->n; i++)
		if (strcmp(pack->cls[i]->id, id) == 0)
			return pack->cls[i];
	return NULL;
}

/* ---- classifying ---- */

struct dp_sensitive_scanner *
dp_sensitive_scanner_new(const struct dp_sensitive_pack *pack,
    const struct dp_sensitive_limits *limits, struct dp_error *err)
{
	static const struct dp_sensitive_limits deflim =
	    DP_SENSITIVE_LIMITS_INIT;
	struct dp_sensitive_scanner *sc;

	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		goto nomem;
	sc->pack = pack;
	sc->lim = limits != NULL ? *limits : deflim;
	if ((sc->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (sc->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (sc->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX,
	    NULL)) == NULL ||
	    (sc->b64 = malloc(sc->lim.head + 1)) == NULL ||
	    (sc->pem = malloc(sc->lim.head / 4 * 3 + 3)) == NULL)
		goto nomem;
	pcre2_set_match_limit(sc->mctx, sc->lim.match_limit);
	pcre2_set_depth_limit(sc->mctx, sc->lim.depth_limit);
	pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
	return sc;
nomem:
	dp_sensitive_scanner_free(sc);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
dp_sensitive_scanner_free(struct dp_sensitive_scanner *sc)
{
	if (sc == NULL)
		return;
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_jit_stack_free(sc->jit);
	free(sc->b64);
	free(sc->pem);
	free(sc);
}

const char *
dp_sensitive_reason_name(enum dp_sensitive_reason reason)
{
	switch (reason) {
	case DP_SENSITIVE_NAME:
		return "name";
	case DP_SENSITIVE_CONTENT:
		return "content";
	default:
		return "both";
	}
}

static int
is_b64(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '+' || ch == '/' || ch == '=';
}

/*
 * Decodes into sc->pem the base64 body of the first PEM block of the n
 * bytes at s: the lines after "-----BEGIN ...", up to a line starting
 * with "-----", leaving out header lines (those with a ':').  A body
 * cut short by the end of the head is decoded as far as it goes.
 */
static void
decode_pem(struct dp_sensitive_scanner *sc, const char *s, size_t n)
{
	const char *p, *eol, *end = s + n;
	size_t k = 0, pad = 0;
	int len;

	sc->decoded = 1;
	sc->pemlen = 0;
	if ((p = memmem(s, n, "-----BEGIN ", 11)) == NULL ||
	    (p = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return;
	for (p++; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (eol - p >= 5 && memcmp(p, "-----", 5) == 0)
			break;
		if (memchr(p, ':', (size_t)(eol - p)) != NULL)
			continue;
		for (; p < eol; p++) {
			if (is_b64((unsigned char)*p))
				sc->b64[k++] = *p;
			else if (*p != ' ' && *p != '\t' && *p != '\r')
				goto done;
		}
	}
done:
	k -= k % 4;
	if (k == 0)
		return;
	len = EVP_DecodeBlock(sc->pem, (const unsigned char *)sc->b64,
	    (int)k);
	if (len < 0)
		return;
	pad = (sc->b64[k - 1] == '=') + (sc->b64[k - 2] == '=');
	sc->pemlen = (size_t)len - pad;
}

/* Returns 1 when a glob of g matches the tail of path, else 0. */
static int
glob_match(const struct glob *g, size_t n, const char *path)
{
	const char *tail;
	size_t i, parts;

	for (i = 0; i < n; i++) {
		tail = path + strlen(path);
		for (parts = 0; tail > path; tail--)
			if (tail[-1] == '/' && ++parts == g[i].parts)
				break;
		if (fnmatch(g[i].pat, tail, FNM_PATHNAME | FNM_CASEFOLD) == 0)
			return 1;
	}
	return 0;
}

/*
 * Returns 1 when a pattern of res matches the n bytes at s, 0 when
 * none does, or -1 with err (a match limit, an internal error).
 */
static int
any_match(struct dp_sensitive_scanner *sc, const struct dp_sensitive *c,
    pcre2_code *const *res, size_t nres, const char *s, size_t n,
    const char *path, struct dp_error *err)
{
	PCRE2_UCHAR msg[128];
	size_t i;
	int rc;

	for (i = 0; i < nres; i++) {
		rc = pcre2_match(res[i], (PCRE2_SPTR)s, n, 0, 0, sc->md,
		    sc->mctx);
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc == PCRE2_ERROR_MATCHLIMIT ||
		    rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT ||
		    rc == PCRE2_ERROR_JIT_STACKLIMIT)
			return dp_error_set(err, DP_ERR_DATA, path, 0, 0,
			    "classifier %s reached its match limit", c->id);
		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", rc);
		return dp_error_set(err, DP_ERR_INTERNAL, path, 0, 0,
		    "classifier %s: %s", c->id, (const char *)msg);
	}
	return 0;
}

/* Returns 1 when the content test of c holds, 0, or -1 with err. */
static int
content_test(struct dp_sensitive_scanner *sc, const struct dp_sensitive *c,
    const char *path, const char *buf, size_t len, struct dp_error *err)
{
	const struct dp_sensitive_private *p = c->priv;
	size_t n = len < sc->lim.head ? len : sc->lim.head;
	int rc;

	if (p->decode == DECODE_PEM) {
		if (!sc->decoded)
			decode_pem(sc, buf, n);
		buf = (const char *)sc->pem;
		n = sc->pemlen;
	}
	if (p->nmatch > 0 && (rc = any_match(sc, c, p->match, p->nmatch, buf,
	    n, path, err)) != 1)
		return rc;
	if ((rc = any_match(sc, c, p->nomatch, p->nnomatch, buf, n, path,
	    err)) != 0)
		return rc < 0 ? -1 : 0;
	return 1;
}

/*
 * Returns 1 when c takes the file, with *reason set, 0 when it does
 * not, or -1 with err.
 */
static int
take(struct dp_sensitive_scanner *sc, const struct dp_sensitive *c,
    const char *path, const char *buf, size_t len,
    enum dp_sensitive_reason *reason, struct dp_error *err)
{
	const struct dp_sensitive_private *p = c->priv;
	int name = -1, content = -1;

	if (len == 0)
		return 0;
	if (p->nexclude > 0 && path != NULL &&
	    glob_match(p->exclude, p->nexclude, path))
		return 0;
	if (p->nnames + p->npaths > 0) {
		name = path != NULL && glob_match(p->names, p->nnames, path);
		if (!name && path != NULL && p->npaths > 0 &&
		    (name = any_match(sc, c, p->paths, p->npaths, path,
		    strlen(path), path, err)) < 0)
			return -1;
		if (!name && !p->either)
			return 0;
	}
	if (p->content &&
	    (content = content_test(sc, c, path, buf, len, err)) < 0)
		return -1;
	if (p->either ? name != 1 && content != 1 : name == 0 || content == 0)
		return 0;
	if (name == 1 && content == 1)
		*reason = DP_SENSITIVE_BOTH;
	else
		*reason = name == 1 ? DP_SENSITIVE_NAME : DP_SENSITIVE_CONTENT;
	return 1;
}

/* Returns 1 when classifier a is a better report of a file than b. */
static int
better(const struct dp_sensitive *a, const struct dp_sensitive *b)
{
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence;
	return a->severity > b->severity;
}

int
dp_sensitive_classify(struct dp_sensitive_scanner *sc, const char *path,
    const char *buf, size_t len, struct dp_sensitive_match *m,
    struct dp_error *err)
{
	const struct dp_sensitive_pack *pack = sc->pack;
	enum dp_sensitive_reason reason;
	struct dp_error e;
	int failed = 0, rc;
	size_t i;

	m->classifier = NULL;
	m->reason = DP_SENSITIVE_NAME;
	sc->decoded = 0;
	for (i = 0; i < pack->n; i++) {
		rc = take(sc, pack->cls[i], path, buf, len, &reason, &e);
		if (rc < 0) {
			if (failed++ == 0 && err != NULL)
				*err = e;
			if (e.code != DP_ERR_DATA)
				return -1;
		}
		if (rc != 1 || (m->classifier != NULL &&
		    !better(pack->cls[i], m->classifier)))
			continue;
		m->classifier = pack->cls[i];
		m->reason = reason;
	}
	if (failed > 0)
		return -1;
	return m->classifier != NULL;
}

/* ---- examples ---- */

/* Runs example k (from 0) of list of c; returns 0, 1 (failed) or -1. */
static int
example(struct dp_sensitive_scanner *sc, const struct dp_sensitive *c,
    const json_t *list, size_t k, int match, struct dp_error *e)
{
	json_t *ex = json_array_get(list, k);
	const char *path = json_string_value(json_object_get(ex, "path"));
	const char *text = json_string_value(json_object_get(ex, "text"));
	const char *hex = json_string_value(json_object_get(ex, "hex"));
	enum dp_sensitive_reason reason;
	unsigned char *bytes = NULL;
	size_t n = 0;
	long line;
	int rc;

	line = (long)json_integer_value(json_object_get(ex, "line"));
	if (hex != NULL && unhex(hex, &bytes, &n) != 0)
		return dp_error_set(e, DP_ERR_NOMEM, c->source, line, 0,
		    "out of memory");
	sc->decoded = 0;
	rc = take(sc, c, path, text != NULL ? text : (const char *)bytes,
	    text != NULL ? strlen(text) : n, &reason, e);
	free(bytes);
	if (rc < 0) {
		/* never name the example's content: it may hold a secret */
		snprintf(e->source, sizeof(e->source), "%s", c->source);
		e->line = line;
		return -1;
	}
	if (rc == match)
		return 0;
	dp_error_set(e, DP_ERR_CONFIG, c->source, line, 0,
	    "classifier %s: %s example %zu is %s", c->id, match ? "match" :
	    "nomatch", k + 1, match ? "not taken" : "taken");
	return 1;
}

int
dp_sensitive_pack_check(const struct dp_sensitive_pack *pack,
    dp_sensitive_report_fn report, void *arg, struct dp_error *err)
{
	struct dp_sensitive_scanner *sc;
	const struct dp_sensitive *c;
	struct dp_error e;
	size_t i, k, nm;
	int failed = 0, rc;

	if ((sc = dp_sensitive_scanner_new(pack, NULL, err)) == NULL)
		return -1;
	for (i = 0; i < pack->n; i++) {
		c = pack->cls[i];
		nm = json_array_size(c->match);
		for (k = 0; k < nm + json_array_size(c->nomatch); k++) {
			dp_error_clear(&e);
			rc = k < nm ? example(sc, c, c->match, k, 1, &e) :
			    example(sc, c, c->nomatch, k - nm, 0, &e);
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
	dp_sensitive_scanner_free(sc);
	return failed > 0 ? -1 : 0;
}

/* ---- the record ---- */

json_t *
dp_sensitive_record_new(const struct dp_sensitive_match *m,
    const char *buf, size_t len, const struct dp_secret_where *w,
    struct dp_error *err)
{
	const struct dp_sensitive *c = m->classifier;
	char fp[DP_SHA256_HEX + 1];
	char *upath = NULL;
	json_t *ev = NULL, *file;

	if (dp_secret_fingerprint(c->id, buf, len, fp, err) != 0)
		return NULL;
	if ((upath = dp_utf8_repair(w->path, strlen(w->path), NULL)) == NULL)
		goto nomem;
	if ((ev = dp_event_new("file.sensitive", w->time_ms, err)) == NULL)
		goto out;
	if (dp_secret_where_set(ev, fp, upath, w, err) != 0)
		goto fail;
	file = json_pack("{ss ss ss ss ss ss ss}", "classifier", c->id,
	    "title", c->title, "family", c->family,
	    "severity", dp_rule_severity_name(c->severity),
	    "confidence", dp_rule_confidence_name(c->confidence),
	    "path", upath, "reason", dp_sensitive_reason_name(m->reason));
	/* json_object_set_new steals file and each new value */
	if (file == NULL || json_object_set_new(ev, "file", file) != 0 ||
	    (c->encrypted >= 0 && json_object_set_new(file, "encrypted",
	    json_boolean(c->encrypted)) != 0) ||
	    json_object_set_new(file, "size", json_integer((json_int_t)len))
	    != 0 || json_object_set_new(file, "fingerprint",
	    json_string(fp)) != 0 ||
	    (w->commit != NULL && json_object_set_new(file, "commit",
	    json_string(w->commit)) != 0))
		goto nomem;
	goto out;
nomem:
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
fail:
	json_decref(ev);
	ev = NULL;
out:
	free(upath);
	return ev;
}
