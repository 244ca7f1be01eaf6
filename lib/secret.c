/*
 * secret: entropy, preview, fingerprint and the secret.detected record
 * (secret.h).
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "secret.h"
#include "utf8.h"

double
dp_secret_entropy(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t seen[4] = { 0 };
	size_t counts[256], i, c;
	double sum = 0;

	if (n == 0)
		return 0;
	/*
	 * A count is set to 0 when its byte is first seen, so that only 32
	 * bytes of flags are cleared per call, not the 2 KiB of counts:
	 * secrets are short and clearing was most of the time.
	 */
	for (i = 0; i < n; i++) {
		if ((seen[s[i] / 64] >> (s[i] % 64) & 1) == 0) {
			seen[s[i] / 64] |= (uint64_t)1 << (s[i] % 64);
			counts[s[i]] = 0;
		}
		counts[s[i]]++;
	}
	/*
	 * -sum(c/n log2(c/n)) = log2(n) - sum(c log2(c)) / n, and bytes
	 * seen once add nothing to the second sum: in a random secret
	 * that is most of them, so log2() runs only a few times.
	 */
	for (i = 0; i < n; i++) {
		if ((seen[s[i] / 64] >> (s[i] % 64) & 1) == 0)
			continue;
		seen[s[i] / 64] &= ~((uint64_t)1 << (s[i] % 64));
		if ((c = counts[s[i]]) > 1)
			sum += (double)c * log2((double)c);
	}
	return log2((double)n) - sum / (double)n;
}

void
dp_secret_preview(const char *secret, size_t n, char *out)
{
	size_t k = n / 4 < 4 ? n / 4 : 4, i;

	for (i = 0; i < k; i++) {
		if (secret[i] < 0x21 || secret[i] > 0x7e)
			break;
		out[i] = secret[i];
	}
	snprintf(out + i, DP_SECRET_PREVIEW_MAX - i, "\xe2\x80\xa6(%zu)", n);
}

int
dp_secret_fingerprint(const char *id, const char *secret, size_t n,
    char *out, struct dp_error *err)
{
	size_t idlen = strlen(id);
	char *data;
	int rc;

	if ((data = malloc(idlen + 1 + n)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	memcpy(data, id, idlen + 1);
	memcpy(data + idlen + 1, secret, n);
	rc = dp_hmac_sha256_hex(DP_SECRET_FINGERPRINT_KEY,
	    strlen(DP_SECRET_FINGERPRINT_KEY), data, idlen + 1 + n, out, err);
	/* the copy held the secret: do not leave it in freed memory */
	explicit_bzero(data, idlen + 1 + n);
	free(data);
	return rc;
}

/* Sets the id of ev from fingerprint NUL path NUL commit. */
static int
set_id(json_t *ev, const char *fp, const char *path, const char *commit,
    struct dp_error *err)
{
	char *key;
	size_t fl = strlen(fp), pl = strlen(path);
	size_t cl = commit != NULL ? strlen(commit) : 0;
	int rc;

	if ((key = malloc(fl + pl + cl + 2)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	memcpy(key, fp, fl + 1);
	memcpy(key + fl + 1, path, pl + 1);
	if (cl > 0)
		memcpy(key + fl + pl + 2, commit, cl);
	rc = dp_event_set_id(ev, key, fl + pl + cl + 2, err);
	free(key);
	return rc;
}

int
dp_secret_where_set(json_t *ev, const char *fp, const char *path,
    const struct dp_secret_where *w, struct dp_error *err)
{
	json_t *v;

	if (set_id(ev, fp, path, w->commit, err) != 0)
		return -1;
	if (w->src_type != NULL && dp_event_set_src(ev, w->src_type,
	    w->src_path, w->rec, err) != 0)
		return -1;
	/* json_object_set_new steals the copies */
	if (w->actor != NULL && ((v = json_deep_copy(w->actor)) == NULL ||
	    json_object_set_new(ev, "actor", v) != 0))
		goto nomem;
	if (w->repo != NULL && ((v = json_deep_copy(w->repo)) == NULL ||
	    json_object_set_new(ev, "repo", v) != 0))
		goto nomem;
	return 0;
nomem:
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

int
dp_secret_found_set(struct dp_secret_found *f,
    const struct dp_detector_match *m, const char *buf,
    struct dp_error *err)
{
	f->detector = m->detector;
	f->line = m->line;
	f->column = m->column;
	f->length = m->length;
	f->entropy = m->entropy;
	dp_secret_preview(buf + m->offset, m->length, f->preview);
	return dp_secret_fingerprint(m->detector->id, buf + m->offset,
	    m->length, f->fingerprint, err);
}

json_t *
dp_secret_record_found(const struct dp_secret_found *f,
    const struct dp_secret_where *w, struct dp_error *err)
{
	const struct dp_detector *d = f->detector;
	char *upath = NULL;
	json_t *ev = NULL, *sec;

	if ((upath = dp_utf8_repair(w->path, strlen(w->path), NULL)) == NULL)
		goto nomem;
	if ((ev = dp_event_new("secret.detected", w->time_ms, err)) == NULL)
		goto out;
	if (dp_secret_where_set(ev, f->fingerprint, upath, w, err) != 0)
		goto fail;
	sec = json_pack("{ss ss ss ss ss ss sI sI ss sI ss sf}",
	    "detector", d->id, "title", d->title, "family", d->family,
	    "severity", dp_rule_severity_name(d->severity),
	    "confidence", dp_rule_confidence_name(d->confidence),
	    "path", upath, "line", (json_int_t)f->line,
	    "column", (json_int_t)f->column, "preview", f->preview,
	    "length", (json_int_t)f->length, "fingerprint", f->fingerprint,
	    "entropy", round(f->entropy * 100) / 100);
	/* json_object_set_new steals sec and the commit string */
	if (sec == NULL || json_object_set_new(ev, "secret", sec) != 0 ||
	    (w->commit != NULL && json_object_set_new(sec, "commit",
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

json_t *
dp_secret_record_new(const struct dp_detector_match *m, const char *buf,
    const struct dp_secret_where *w, struct dp_error *err)
{
	struct dp_secret_found f;

	if (dp_secret_found_set(&f, m, buf, err) != 0)
		return NULL;
	return dp_secret_record_found(&f, w, err);
}
