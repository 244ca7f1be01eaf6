/*
 * ndjson: newline-delimited JSON, one object per line, read and written
 * as dp/1 streams (dp-event(5)).
 *
 * The reader yields records with 1-based line numbers.  It accepts lines
 * ending in "\n" or "\r\n" and a last line without a terminator, skips
 * blank lines, and rejects as bad lines: a line longer than the bound,
 * invalid UTF-8, text that is not JSON, JSON that is not one object, and
 * objects with duplicate keys.  A bad line is reported and the reader
 * carries on with the next one; when a reject stream is set, every bad
 * line is copied to it verbatim (even one over the bound, which is
 * streamed, never held whole in memory).
 *
 * A record keeps the bytes it was read from, so a tool that passes a
 * record on unchanged writes those bytes and never re-serialises it.
 */
#ifndef DP_NDJSON_H
#define DP_NDJSON_H

#include <stdio.h>
#include <jansson.h>

#include "error.h"

#define DP_NDJSON_MAX_LINE_DEFAULT ((size_t)16 << 20)

enum dp_ndjson_status {
	DP_NDJSON_FATAL = -1,	/* read error (DP_ERR_IO); stop reading */
	DP_NDJSON_OK = 0,	/* a record was read */
	DP_NDJSON_EOF = 1,	/* no more lines */
	DP_NDJSON_BAD = 2	/* a bad line was skipped; err says why */
};

struct dp_record {
	json_t *obj;		/* the parsed object, owned by the record */
	const char *raw;	/* the line without terminator; borrowed from
				   the reader, valid until its next read */
	size_t rawlen;
	long line;		/* 1-based line number in its input */
	int modified;		/* set when obj was changed after reading */
};

struct dp_ndjson_reader;

/*
 * Returns a new reader of fp, which stays owned by the caller and is not
 * closed; free with dp_ndjson_reader_free().  name is the input's name
 * in diagnostics ("<stdin>" for standard input) and is copied.  max_line
 * bounds a line's length in bytes (0 means DP_NDJSON_MAX_LINE_DEFAULT).
 * Returns NULL with DP_ERR_NOMEM.
 */
struct dp_ndjson_reader *dp_ndjson_reader_new(FILE *fp, const char *name,
	    size_t max_line, struct dp_error *err);

void	dp_ndjson_reader_free(struct dp_ndjson_reader *r);

/* Returns the name given to dp_ndjson_reader_new(), borrowed. */
const char *dp_ndjson_reader_name(const struct dp_ndjson_reader *r);

/*
 * Sets a stream (or NULL) that receives every bad line verbatim followed
 * by "\n".  The stream stays owned by the caller.
 */
void	dp_ndjson_reader_set_reject(struct dp_ndjson_reader *r, FILE *reject);

/*
 * Reads the next record into rec.  On DP_NDJSON_OK, rec->obj is a new
 * reference released by dp_record_release().  On DP_NDJSON_BAD, err
 * holds the input name, line, column and reason, and rec->raw holds the
 * line when it was within the bound (rec->obj is NULL).  On
 * DP_NDJSON_FATAL, err holds DP_ERR_IO or DP_ERR_NOMEM.
 */
enum dp_ndjson_status dp_ndjson_read(struct dp_ndjson_reader *r,
	    struct dp_record *rec, struct dp_error *err);

/*
 * Copies a record the caller found bad after reading (an invalid event,
 * say) to the reject stream, when one is set.  Returns 0, or -1 with
 * DP_ERR_IO when the write failed.
 */
int	dp_ndjson_reader_reject(struct dp_ndjson_reader *r,
	    const struct dp_record *rec, struct dp_error *err);

/*
 * Parses one line of len bytes that holds one JSON object.  Returns a
 * new reference in *out, or -1 with DP_ERR_DATA, the source, line and
 * column, and the reason in err.
 */
int	dp_ndjson_parse(const char *buf, size_t len, const char *source,
	    long line, json_t **out, struct dp_error *err);

/* Releases rec->obj and clears rec.  rec may be NULL. */
void	dp_record_release(struct dp_record *rec);

/*
 * Writes obj as one compact line, reals with 15 significant digits (so
 * that 3.68 is written "3.68", not "3.6800000000000002").  Returns 0,
 * or -1 with DP_ERR_IO when the stream is in error (the write itself is
 * buffered: check fflush or fclose as well).
 */
int	dp_ndjson_write(FILE *fp, const json_t *obj, struct dp_error *err);

/* Writes len bytes and "\n".  Returns 0, or -1 with DP_ERR_IO. */
int	dp_ndjson_write_raw(FILE *fp, const char *buf, size_t len,
	    struct dp_error *err);

/*
 * Writes rec: its original bytes when rec->modified is 0, otherwise its
 * object re-serialised.  Returns 0, or -1 with DP_ERR_IO.
 */
int	dp_ndjson_write_record(FILE *fp, const struct dp_record *rec,
	    struct dp_error *err);

#endif
