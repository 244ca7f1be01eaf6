#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ndjson.h"

/* Reads text through a real stream; the caller frees the reader. */
static struct dp_ndjson_reader *
reader(const char *text, size_t len, size_t max_line, FILE **fp)
{
	struct dp_ndjson_reader *r;

	*fp = fmemopen((void *)text, len, "r");
	cr_assert_not_null(*fp);
	r = dp_ndjson_reader_new(*fp, "t.ndjson", max_line, NULL);
	cr_assert_not_null(r);
	return r;
}

static char *
slurp(FILE *fp)
{
	long n;
	char *s;

	fflush(fp);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	return s;
}

Test(ndjson, reads_records_with_line_numbers_and_crlf)
{
	const char *text = "{\"a\":1}\r\n\n   \n{\"b\":2}";
	struct dp_record rec;
	FILE *fp;
	struct dp_ndjson_reader *r = reader(text, strlen(text), 0, &fp);

	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_OK);
	cr_assert_eq(rec.line, 1);
	cr_assert_eq(rec.rawlen, 7);
	cr_assert_eq(json_integer_value(json_object_get(rec.obj, "a")), 1);
	dp_record_release(&rec);
	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_OK);
	cr_assert_eq(rec.line, 4);
	cr_assert_eq(strncmp(rec.raw, "{\"b\":2}", rec.rawlen), 0);
	dp_record_release(&rec);
	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_EOF);
	dp_ndjson_reader_free(r);
	fclose(fp);
}

/* Reads one line and checks it is bad with this text and column. */
static void
expect_bad(const char *text, size_t len, size_t max_line, const char *why,
    long column)
{
	struct dp_record rec;
	struct dp_error err;
	FILE *fp;
	struct dp_ndjson_reader *r = reader(text, len, max_line, &fp);

	cr_assert_eq(dp_ndjson_read(r, &rec, &err), DP_NDJSON_BAD,
	    "accepted: %s", text);
	cr_assert_null(rec.obj);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, "t.ndjson");
	cr_assert_eq(err.line, 1);
	cr_assert(strstr(err.text, why) != NULL, "'%s' lacks '%s'", err.text,
	    why);
	cr_assert_eq(err.column, column, "column %ld", err.column);
	/* the reader carries on after a bad line */
	cr_assert_eq(dp_ndjson_read(r, &rec, &err), DP_NDJSON_OK);
	cr_assert_eq(rec.line, 2);
	dp_record_release(&rec);
	dp_ndjson_reader_free(r);
	fclose(fp);
}

Test(ndjson, rejects_bad_lines_and_goes_on)
{
	expect_bad("[1,2]\n{}\n", 9, 0, "expected object", 0);
	expect_bad("42\n{}\n", 6, 0, "expected object", 0);
	expect_bad("{\"a\":\n{}\n", 9, 0, "invalid JSON", 5);
	expect_bad("{\"a\":\"\xff\"}\n{}\n", 12, 0, "invalid UTF-8", 7);
	expect_bad("{\"a\":1,\"a\":2}\n{}\n", 17, 0, "duplicate key", 10);
	expect_bad("{\"a\":\"0123456789\"}\n{}\n", 22, 10,
	    "line longer than 10 bytes", 0);
}

Test(ndjson, streams_overlong_line_to_reject)
{
	static char text[300000];
	struct dp_record rec;
	struct dp_error err;
	FILE *fp, *rej = tmpfile();
	struct dp_ndjson_reader *r;
	char *got;

	memset(text, 'x', sizeof(text));
	memcpy(text + sizeof(text) - 5, "\n{}\n", 4);
	r = reader(text, sizeof(text) - 1, 1000, &fp);
	dp_ndjson_reader_set_reject(r, rej);
	cr_assert_eq(dp_ndjson_read(r, &rec, &err), DP_NDJSON_BAD);
	cr_assert_eq(dp_ndjson_read(r, &rec, &err), DP_NDJSON_OK);
	cr_assert_eq(rec.line, 2);
	dp_record_release(&rec);
	got = slurp(rej);
	cr_assert_eq(strlen(got), sizeof(text) - 4);
	cr_assert_eq(memcmp(got, text, sizeof(text) - 5), 0);
	free(got);
	dp_ndjson_reader_free(r);
	fclose(fp);
	fclose(rej);
}

Test(ndjson, reject_keeps_bad_lines_verbatim)
{
	const char *text = "{\"ok\":1}\nnot json\r\n{\"ok\":2}\n";
	struct dp_record rec;
	FILE *fp, *rej = tmpfile();
	struct dp_ndjson_reader *r = reader(text, strlen(text), 0, &fp);
	char *got;

	dp_ndjson_reader_set_reject(r, rej);
	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_OK);
	dp_record_release(&rec);
	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_BAD);
	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_OK);
	cr_assert_eq(dp_ndjson_reader_reject(r, &rec, NULL), 0);
	dp_record_release(&rec);
	got = slurp(rej);
	cr_assert_str_eq(got, "not json\n{\"ok\":2}\n");
	free(got);
	dp_ndjson_reader_free(r);
	fclose(fp);
	fclose(rej);
}

Test(ndjson, passes_unmodified_bytes_through)
{
	const char *text = "{ \"z\" : 1,  \"a\":[1, 2] }\n";
	struct dp_record rec;
	FILE *fp, *out = tmpfile();
	struct dp_ndjson_reader *r = reader(text, strlen(text), 0, &fp);
	char *got;

	cr_assert_eq(dp_ndjson_read(r, &rec, NULL), DP_NDJSON_OK);
	cr_assert_eq(dp_ndjson_write_record(out, &rec, NULL), 0);
	rec.modified = 1;
	cr_assert_eq(dp_ndjson_write_record(out, &rec, NULL), 0);
	dp_record_release(&rec);
	got = slurp(out);
	cr_assert_str_eq(got, "{ \"z\" : 1,  \"a\":[1, 2] }\n"
	    "{\"z\":1,\"a\":[1,2]}\n");
	free(got);
	dp_ndjson_reader_free(r);
	fclose(fp);
	fclose(out);
}

Test(ndjson, write_reports_stream_errors)
{
	struct dp_error err;
	FILE *fp = fopen("/dev/full", "w");
	json_t *obj = json_pack("{s:s}", "k", "v");
	int rc = 0, i;

	cr_assert_not_null(fp);
	setvbuf(fp, NULL, _IONBF, 0);
	for (i = 0; i < 4 && rc == 0; i++)
		rc = dp_ndjson_write(fp, obj, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(err.code, DP_ERR_IO);
	json_decref(obj);
	fclose(fp);
}

Test(ndjson, parse_reports_location)
{
	struct dp_error err;
	json_t *obj;

	cr_assert_eq(dp_ndjson_parse("{\"a\":}", 6, "x", 7, &obj, &err), -1);
	cr_assert_null(obj);
	cr_assert_str_eq(err.source, "x");
	cr_assert_eq(err.line, 7);
	cr_assert_eq(err.column, 6);
}
