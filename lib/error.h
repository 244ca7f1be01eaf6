/*
 * error: the one error record of libdp.
 *
 * libdp never prints, exits or aborts.  A function that can fail takes a
 * caller-owned struct dp_error (which may be NULL), fills it on failure
 * and returns -1 or NULL.  The record says what kind of failure it was
 * (code), where it was found (source, line, column; 0 when unknown) and
 * why (text, lower case, no final period).  Errors of the libraries dp
 * depends on are wrapped here at the boundary: jansson, libgit2,
 * libarchive, pcre2, libyaml.
 *
 * The struct holds no heap memory: it may live on the stack and be
 * reused without any release call.
 */
#ifndef DP_ERROR_H
#define DP_ERROR_H

#include <stddef.h>

enum dp_error_code {
	DP_ERR_NONE = 0,
	DP_ERR_DATA,		/* bad input data: a line, a record, an object */
	DP_ERR_NOINPUT,		/* an input is missing or cannot be opened */
	DP_ERR_IO,		/* a read or write failed */
	DP_ERR_CONFIG,		/* bad rules, policy or identities */
	DP_ERR_USAGE,		/* a caller asked for something impossible */
	DP_ERR_NOMEM,		/* out of memory */
	DP_ERR_INTERNAL		/* a bug or an unexpected library state */
};

#define DP_ERROR_SOURCE_MAX 512
#define DP_ERROR_TEXT_MAX 512

struct dp_error {
	enum dp_error_code code;
	char source[DP_ERROR_SOURCE_MAX];	/* file, repository or "" */
	long line;			/* 1-based, 0 when not known */
	long column;			/* 1-based, 0 when not known */
	char text[DP_ERROR_TEXT_MAX];
};

/* Resets err to DP_ERR_NONE with empty source and text.  err may be NULL. */
void	dp_error_clear(struct dp_error *err);

/*
 * Fills err (when not NULL) with code, source (NULL for none), line,
 * column and a printf-style text.  Returns -1 so that callers can write
 * "return dp_error_set(...)".
 */
int	dp_error_set(struct dp_error *err, enum dp_error_code code,
	    const char *source, long line, long column, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/* Returns a constant lower-case name of code, such as "bad input data". */
const char *dp_error_code_name(enum dp_error_code code);

#endif
