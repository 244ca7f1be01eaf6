#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ndjson.h"
#include "utf8.h"

#define CHUNK 65536

struct dp_ndjson_reader {
	FILE *fp;
	char *name;
	size_t max_line;
	FILE *reject;
	char *buf;		/* bytes read, not yet consumed: [start, end) */
	size_t cap, start, end;
	long line;		/* number of the last line returned */
	int eof;
};

struct dp_ndjson_reader *
dp_ndjson_reader_new(FILE *fp, const char *name, size_t max_line,
    struct dp_error *err)
{
	struct dp_ndjson_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->name = strdup(name != NULL ? name : "<stdin>")) == NULL) {
		free(r);
		dp_error_set(err, DP_ERR_NOMEM, name, 0, 0, "out of memory");
		return NULL;
	}
	r->fp = fp;
	r->max_line = max_line != 0 ? max_line : DP_NDJSON_MAX_LINE_DEFAULT;
	return r;
}

void
dp_ndjson_reader_free(struct dp_ndjson_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->name);
	free(r);
}

const char *
dp_ndjson_reader_name(const struct dp_ndjson_reader *r)
{
	return r->name;
}

void
dp_ndjson_reader_set_reject(struct dp_ndjson_reader *r, FILE *reject)
{
	r->reject = reject;
}

/*
 * Reads more bytes after r->end, moving unconsumed bytes to the front and
 * growing the buffer up to the line bound.  Returns the number of bytes
 * read (0 at end of input) or -1 on a read error.
 */
static long
fill(struct dp_ndjson_reader *r, struct dp_error *err)
{
	size_t n, want;
	char *nb;

	if (r->eof)
		return 0;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < CHUNK) {
		want = r->cap == 0 ? CHUNK * 2 : r->cap * 2;
		if (want > r->max_line + 2 * CHUNK)
			want = r->max_line + 2 * CHUNK;
		if (want > r->cap) {
			if ((nb = realloc(r->buf, want)) == NULL)
				return dp_error_set(err, DP_ERR_NOMEM, r->name,
				    r->line + 1, 0, "out of memory");
			r->buf = nb;
			r->cap = want;
		}
	}
	n = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
	r->end += n;
	if (n == 0) {
		if (ferror(r->fp))
			return dp_error_set(err, DP_ERR_IO, r->name, r->line + 1,
			    0, "read error: %s", strerror(errno));
		r->eof = 1;
	}
	return (long)n;
}

static int
reject_bytes(struct dp_ndjson_reader *r, const char *p, size_t n, int nl,
    struct dp_error *err)
{
	if (r->reject == NULL)
		return 0;
	if ((n > 0 && fwrite(p, 1, n, r->reject) != n) ||
	    (nl && putc('\n', r->reject) == EOF))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0,
		    "cannot write bad lines: %s", strerror(errno));
	return 0;
}

/*
 * Skips the rest of an over-long line, copying it to the reject stream.
 * Returns 0 or -1 on a read or write error.
 */
static int
skip_long(struct dp_ndjson_reader *r, struct dp_error *err)
{
	char *nl;
	long n;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			if (reject_bytes(r, r->buf + r->start,
			    (size_t)(nl - (r->buf + r->start)), 1, err) == -1)
				return -1;
			r->start = (size_t)(nl - r->buf) + 1;
			return 0;
		}
		if (reject_bytes(r, r->buf + r->start, r->end - r->start,
		    0, err) == -1)
			return -1;
		r->start = r->end;
		if ((n = fill(r, err)) < 0)
			return -1;
		if (n == 0)
			return reject_bytes(r, NULL, 0, 1, err);
	}
}

/*
 * Finds the next line.  Returns DP_NDJSON_OK with *line and *len set,
 * DP_NDJSON_EOF, DP_NDJSON_BAD for an over-long line, or DP_NDJSON_FATAL.
 */
static enum dp_ndjson_status
next_line(struct dp_ndjson_reader *r, const char **line, size_t *len,
    struct dp_error *err)
{
	size_t scanned = 0, n;
	char *nl;
	long got;

	for (;;) {
		/* buf is NULL before the first fill: memchr needs a pointer */
		n = r->end - r->start - scanned;
		nl = n > 0 ? memchr(r->buf + r->start + scanned, '\n', n) :
		    NULL;
		if (nl != NULL) {
			*line = r->buf + r->start;
			n = (size_t)(nl - *line);
			r->start += n + 1;
			break;
		}
		scanned = r->end - r->start;
		if (scanned > r->max_line + 1) {
			r->line++;
			if (skip_long(r, err) == -1)
				return DP_NDJSON_FATAL;
			dp_error_set(err, DP_ERR_DATA, r->name, r->line, 0,
			    "line longer than %zu bytes", r->max_line);
			return DP_NDJSON_BAD;
		}
		if ((got = fill(r, err)) < 0)
			return DP_NDJSON_FATAL;
		if (got == 0) {
			if (r->end == r->start)
				return DP_NDJSON_EOF;
			*line = r->buf + r->start;
			n = r->end - r->start;
			r->start = r->end;
			break;
		}
	}
	r->line++;
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	if (n > r->max_line) {
		dp_error_set(err, DP_ERR_DATA, r->name, r->line, 0,
		    "line longer than %zu bytes", r->max_line);
		if (reject_bytes(r, *line, n, 1, err) == -1)
			return DP_NDJSON_FATAL;
		*len = 0;
		return DP_NDJSON_BAD;
	}
	return DP_NDJSON_OK;
}

static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

int
dp_ndjson_parse(const char *buf, size_t len, const char *source, long line,
    json_t **out, struct dp_error *err)
{
	json_error_t jerr;
	json_t *obj;
	size_t col;

	*out = NULL;
	if ((col = dp_utf8_invalid_at(buf, len)) != 0)
		return dp_error_set(err, DP_ERR_DATA, source, line, (long)col,
		    "invalid UTF-8");
	obj = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    &jerr);
	if (obj == NULL) {
		if (strncmp(jerr.text, "duplicate object key", 20) == 0)
			return dp_error_set(err, DP_ERR_DATA, source, line,
			    jerr.column, "duplicate key in object");
		return dp_error_set(err, DP_ERR_DATA, source, line,
		    jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s",
		    jerr.text);
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		return dp_error_set(err, DP_ERR_DATA, source, line, 0,
		    "expected object");
	}
	*out = obj;
	return 0;
}

enum dp_ndjson_status
dp_ndjson_read(struct dp_ndjson_reader *r, struct dp_record *rec,
    struct dp_error *err)
{
	enum dp_ndjson_status st;
	const char *line;
	size_t len;

	memset(rec, 0, sizeof(*rec));
	for (;;) {
		st = next_line(r, &line, &len, err);
		if (st != DP_NDJSON_OK) {
			rec->line = r->line;
			return st;
		}
		if (!blank(line, len))
			break;
	}
	rec->raw = line;
	rec->rawlen = len;
	rec->line = r->line;
	if (dp_ndjson_parse(line, len, r->name, r->line, &rec->obj, err) == 0)
		return DP_NDJSON_OK;
	if (reject_bytes(r, line, len, 1, err) == -1)
		return DP_NDJSON_FATAL;
	return DP_NDJSON_BAD;
}

int
dp_ndjson_reader_reject(struct dp_ndjson_reader *r,
    const struct dp_record *rec, struct dp_error *err)
{
	return reject_bytes(r, rec->raw, rec->rawlen, 1, err);
}

void
dp_record_release(struct dp_record *rec)
{
	if (rec == NULL)
		return;
	json_decref(rec->obj);
	memset(rec, 0, sizeof(*rec));
}

static int
write_error(FILE *fp, struct dp_error *err)
{
	(void)fp;
	return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error: %s",
	    strerror(errno));
}

static int
dump_cb(const char *buf, size_t size, void *data)
{
	return fwrite(buf, 1, size, data) == size ? 0 : -1;
}

int
dp_ndjson_write(FILE *fp, const json_t *obj, struct dp_error *err)
{
	if (json_dump_callback(obj, dump_cb, fp, JSON_COMPACT |
	    JSON_REAL_PRECISION(15)) != 0 ||
	    putc('\n', fp) == EOF || ferror(fp))
		return write_error(fp, err);
	return 0;
}

int
dp_ndjson_write_raw(FILE *fp, const char *buf, size_t len,
    struct dp_error *err)
{
	if (fwrite(buf, 1, len, fp) != len || putc('\n', fp) == EOF)
		return write_error(fp, err);
	return 0;
}

int
dp_ndjson_write_record(FILE *fp, const struct dp_record *rec,
    struct dp_error *err)
{
	if (!rec->modified && rec->raw != NULL)
		return dp_ndjson_write_raw(fp, rec->raw, rec->rawlen, err);
	return dp_ndjson_write(fp, rec->obj, err);
}
