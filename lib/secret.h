/*
 * secret: what dp may say about a secret it found, which is never the
 * secret itself: its length, its Shannon entropy, a redacted preview
 * and a keyed fingerprint, gathered in a secret.detected record
 * (dp-event(5)).
 *
 * The fingerprint is HMAC-SHA-256, keyed with the fixed text
 * DP_SECRET_FINGERPRINT_KEY, over the detector id, a NUL byte and the
 * secret, in lower-case hex.  The key is public: the fingerprint only
 * links findings of the same secret across places, runs and machines;
 * it does not make a weak secret unguessable.
 */
#ifndef DP_SECRET_H
#define DP_SECRET_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "detector.h"
#include "error.h"
#include "hash.h"

#define DP_SECRET_FINGERPRINT_KEY "dp/1 secret fingerprint"

/* Room for a preview: 4 bytes, "…" (3 bytes), "(" length ")" and NUL. */
#define DP_SECRET_PREVIEW_MAX 32

/* Returns the Shannon entropy of the n bytes at p in bits per byte. */
double	dp_secret_entropy(const void *p, size_t n);

/*
 * Writes into out (DP_SECRET_PREVIEW_MAX bytes) the preview of the n
 * bytes at secret: its leading bytes, at most 4 and at most a quarter
 * of n, stopping before the first that is not printable ASCII, then
 * "…" and n in parentheses: "AKIA…(20)", "…(3)".
 */
void	dp_secret_preview(const char *secret, size_t n, char *out);

/*
 * Writes the fingerprint of the n bytes at secret found by the
 * detector id into out (DP_SHA256_HEX + 1 bytes).  Returns 0, or -1
 * with DP_ERR_INTERNAL.
 */
int	dp_secret_fingerprint(const char *id, const char *secret, size_t n,
	    char *out, struct dp_error *err);

/* Where a secret was found; fill with DP_SECRET_WHERE_INIT. */
struct dp_secret_where {
	const char *path;	/* the file, required */
	const char *commit;	/* the commit that holds it, or NULL */
	int64_t time_ms;	/* the record's time */
	const char *src_type;	/* src.type, or NULL for no src */
	const char *src_path;	/* src.path, or NULL */
	long long rec;		/* src.rec */
	const json_t *actor;	/* copied into the record, or NULL */
	const json_t *repo;	/* copied into the record, or NULL */
};

#define DP_SECRET_WHERE_INIT { NULL, NULL, 0, NULL, NULL, 0, NULL, NULL }

/*
 * Gives ev, the record of something with the fingerprint fp found at
 * path (w->path, already UTF-8) where w says, its id and its
 * provenance: the id is keyed on fp, a NUL byte, path, a NUL byte and
 * w->commit (nothing when NULL); src, actor and repo are set as w
 * says.  Shared by the records of what is found in files
 * (secret.detected, file.sensitive).  Returns 0, or -1 with
 * DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_secret_where_set(json_t *ev, const char *fp, const char *path,
	    const struct dp_secret_where *w, struct dp_error *err);

/*
 * What dp keeps of a finding once the buffer that held it is gone:
 * everything a secret.detected record says, never the secret.
 */
struct dp_secret_found {
	const struct dp_detector *detector;	/* borrowed from the pack */
	long line;
	long column;
	size_t length;
	double entropy;
	char fingerprint[DP_SHA256_HEX + 1];
	char preview[DP_SECRET_PREVIEW_MAX];
};

/*
 * Fills f from the finding m of a scan of buf.  Returns 0, or -1 with
 * DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_secret_found_set(struct dp_secret_found *f,
	    const struct dp_detector_match *m, const char *buf,
	    struct dp_error *err);

/*
 * Returns a new secret.detected record for the finding f, found where
 * w says, as dp_secret_record_new() builds it; free with json_decref().
 * Returns NULL with DP_ERR_DATA (a time out of range) or DP_ERR_NOMEM.
 */
json_t	*dp_secret_record_found(const struct dp_secret_found *f,
	    const struct dp_secret_where *w, struct dp_error *err);

/*
 * Returns a new secret.detected record for the finding m of a scan of
 * buf, found where w says; free with json_decref().  Its members are,
 * in order, the envelope (v, kind, id, time, src, actor, repo; the
 * last three when given) and secret {detector, title, family,
 * severity, confidence, path, line, column, preview, length,
 * fingerprint, entropy (rounded to 2 decimals), commit (when known)}.
 * Its id is keyed on the fingerprint, NUL, the path, NUL and the
 * commit (nothing when NULL).  A path that is not UTF-8 is repaired.
 * Returns NULL with DP_ERR_DATA (a time out of range), DP_ERR_NOMEM or
 * DP_ERR_INTERNAL.
 */
json_t	*dp_secret_record_new(const struct dp_detector_match *m,
	    const char *buf, const struct dp_secret_where *w,
	    struct dp_error *err);

#endif
