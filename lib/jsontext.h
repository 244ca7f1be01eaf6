/*
 * jsontext: compact JSON text of jansson values, fast.
 *
 * dp-collect writes tens of thousands of records a second, and jansson's
 * own dump, which hands every piece of text to a callback, costs more
 * than building the records.  This writer gives the very bytes of
 * json_dumpb(v, JSON_COMPACT) (members in insertion order, strings with
 * jansson's escapes: \" \\ \b \f \n \r \t, other control characters as
 * \u00XX with upper-case hex digits, nothing else escaped) for objects,
 * arrays, strings, integers, true, false and null, appending them to a
 * caller's growing buffer.
 */
#ifndef DP_JSONTEXT_H
#define DP_JSONTEXT_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/* A growing buffer of text; zero it to start, free buf when done. */
struct dp_jsontext {
	char *buf;		/* owned; not NUL-terminated */
	size_t len;
	size_t cap;
};

/*
 * Appends the compact JSON text of v to t.  Returns 0; 1 when v holds a
 * real number, which this writer leaves to jansson (t is then as it
 * was); or -1 with DP_ERR_NOMEM (t keeps what it had, and maybe more
 * room) or DP_ERR_DATA (a string that is not valid UTF-8, which jansson
 * would not dump either; nested deeper than DP_JSONTEXT_DEPTH).
 */
int	dp_jsontext_append(struct dp_jsontext *t, const json_t *v,
	    struct dp_error *err);

#define DP_JSONTEXT_DEPTH 64

/*
 * Appends the compact JSON text of v to t as dp_jsontext_append() does,
 * leaving values with real numbers to json_dumpb(), which writes them
 * with 15 significant digits as dp_ndjson_write() does (5.22, not
 * 5.2199999999999998).  Returns 0, or -1 as dp_jsontext_append() does.
 */
int	dp_jsontext_append_any(struct dp_jsontext *t, const json_t *v,
	    struct dp_error *err);

/*
 * Appends the n bytes at s as they are.  Returns 0, or -1 with
 * DP_ERR_NOMEM (t unchanged).
 */
int	dp_jsontext_put(struct dp_jsontext *t, const char *s, size_t n,
	    struct dp_error *err);

/*
 * Appends the n bytes at s as a JSON string, quoted and escaped as
 * jansson does.  Returns 0, or -1 with DP_ERR_NOMEM or DP_ERR_DATA (s is
 * not valid UTF-8); t is then as it was.
 */
int	dp_jsontext_string(struct dp_jsontext *t, const char *s, size_t n,
	    struct dp_error *err);

/* Appends n in decimal.  Returns 0, or -1 with DP_ERR_NOMEM. */
int	dp_jsontext_integer(struct dp_jsontext *t, long long n,
	    struct dp_error *err);

/*
 * Records written one after another into text, without newlines:
 * record i runs from ends[i - 1] (0 for the first) to ends[i], and its
 * src.rec is a single digit 0 at offset zeros[i], to be replaced by its
 * number when it is delivered.  Zero it to start; release it with
 * dp_jsontext_recs_release().
 */
struct dp_jsontext_recs {
	struct dp_jsontext text;
	size_t *ends;		/* owned, n of them */
	size_t *zeros;		/* owned, n of them */
	size_t n;
	size_t cap;
};

/*
 * Ends the record that runs to r->text.len, its src.rec 0 at offset
 * zero.  Returns 0, or -1 with DP_ERR_NOMEM.
 */
int	dp_jsontext_recs_end(struct dp_jsontext_recs *r, size_t zero,
	    struct dp_error *err);

/* Frees what r holds and empties it. */
void	dp_jsontext_recs_release(struct dp_jsontext_recs *r);

/*
 * Makes room for n more bytes after t->len.  Returns 0, or -1 with
 * DP_ERR_NOMEM (t unchanged).
 */
int	dp_jsontext_reserve(struct dp_jsontext *t, size_t n,
	    struct dp_error *err);

#endif
