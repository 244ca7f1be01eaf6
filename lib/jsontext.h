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
 * Makes room for n more bytes after t->len.  Returns 0, or -1 with
 * DP_ERR_NOMEM (t unchanged).
 */
int	dp_jsontext_reserve(struct dp_jsontext *t, size_t n,
	    struct dp_error *err);

#endif
