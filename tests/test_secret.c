#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "datadir.h"
#include "secret.h"

Test(secret, entropy_is_shannon_bits_per_byte)
{
	cr_assert_float_eq(dp_secret_entropy("aaaa", 4), 0.0, 1e-9);
	cr_assert_float_eq(dp_secret_entropy("abab", 4), 1.0, 1e-9);
	cr_assert_float_eq(dp_secret_entropy("tok_a1b2c3d4", 12),
	    3.584962500721156, 1e-9);
	cr_assert_float_eq(dp_secret_entropy("", 0), 0.0, 1e-9);
}

Test(secret, preview_shows_at_most_a_quarter_and_four_bytes)
{
	char out[DP_SECRET_PREVIEW_MAX];

	dp_secret_preview("AKIAQIPQ3ZXOI7FDHJK3", 20, out);
	cr_assert_str_eq(out, "AKIA\xe2\x80\xa6(20)");
	dp_secret_preview("hunter2x", 8, out);
	cr_assert_str_eq(out, "hu\xe2\x80\xa6(8)");
	dp_secret_preview("abc", 3, out);
	cr_assert_str_eq(out, "\xe2\x80\xa6(3)");
	dp_secret_preview("ab\ncdefghijk", 12, out);
	cr_assert_str_eq(out, "ab\xe2\x80\xa6(12)");
	dp_secret_preview("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, out);
	cr_assert_str_eq(out, "\xe2\x80\xa6(8)");
}

Test(secret, fingerprint_is_the_documented_hmac)
{
	char fp[DP_SHA256_HEX + 1];

	/* printf 'tok\0tok_a1b2c3d4' | openssl dgst -sha256 -hmac KEY */
	cr_assert_eq(dp_secret_fingerprint("tok", "tok_a1b2c3d4", 12, fp,
	    NULL), 0);
	cr_assert_str_eq(fp, "ea41e79c561c89fd846141add50bd460"
	    "f8f0608c57a9ee30155ad6e3f3c83e52");
}

/* A detector and a finding of "tok_a1b2c3d4" at offset 4 of BUF. */
#define BUF "key=tok_a1b2c3d4\n"

static struct dp_detector det = {
	.id = "tok", .title = "Token", .family = "t",
	.severity = DP_RULE_SEVERITY_HIGH,
	.confidence = DP_RULE_CONFIDENCE_LOW,
};

static const struct dp_detector_match match = {
	&det, 1, 5, 4, 12, 3.584962500721156
};

Test(secret, record_has_the_documented_shape)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	json_t *ev, *actor;
	char *s;

	actor = json_pack("{ss}", "name", "Ann");
	w.path = "a/b.txt";
	w.commit = "c0ffee";
	w.time_ms = 1772356445000;
	w.src_type = "git";
	w.src_path = "/src/app";
	w.rec = 3;
	w.actor = actor;
	ev = dp_secret_record_new(&match, BUF, &w, NULL);
	cr_assert_not_null(ev);
	s = json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(15));
	cr_assert_str_eq(s, "{\"v\":1,\"kind\":\"secret.detected\","
	    "\"id\":\"12df2a044920cfa9177d2146a774e354\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\","
	    "\"src\":{\"type\":\"git\",\"path\":\"/src/app\",\"rec\":3},"
	    "\"actor\":{\"name\":\"Ann\"},"
	    "\"secret\":{\"detector\":\"tok\",\"title\":\"Token\","
	    "\"family\":\"t\",\"severity\":\"high\",\"confidence\":\"low\","
	    "\"path\":\"a/b.txt\",\"line\":1,\"column\":5,"
	    "\"preview\":\"tok\xe2\x80\xa6(12)\",\"length\":12,"
	    "\"fingerprint\":\"ea41e79c561c89fd846141add50bd460"
	    "f8f0608c57a9ee30155ad6e3f3c83e52\",\"entropy\":3.58,"
	    "\"commit\":\"c0ffee\"}}");
	free(s);
	json_decref(ev);
	json_decref(actor);
}

Test(secret, record_without_commit_or_src)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	json_t *ev;

	w.path = "a/b.txt";
	ev = dp_secret_record_new(&match, BUF, &w, NULL);
	cr_assert_not_null(ev);
	cr_assert_str_eq(json_string_value(json_object_get(ev, "id")),
	    "524fb35a4c5ceec5dc813179061ac1d3");
	cr_assert_null(json_object_get(ev, "src"));
	cr_assert_null(json_object_get(json_object_get(ev, "secret"),
	    "commit"));
	json_decref(ev);
}

Test(secret, record_repairs_the_path_and_rejects_a_bad_time)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct dp_error err;
	json_t *ev;

	w.path = "a/\xff.txt";
	ev = dp_secret_record_new(&match, BUF, &w, NULL);
	cr_assert_not_null(ev);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ev,
	    "secret"), "path")), "a/\xef\xbf\xbd.txt");
	json_decref(ev);
	w.time_ms = INT64_MAX;
	cr_assert_null(dp_secret_record_new(&match, BUF, &w, &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
}

Test(secret, a_finding_kept_gives_the_same_record)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct dp_secret_found f;
	char buf[] = BUF;
	char *a, *b;
	json_t *ev;

	w.path = "a/b.txt";
	w.commit = "c0ffee";
	cr_assert_eq(dp_secret_found_set(&f, &match, buf, NULL), 0);
	/* what is kept outlives the buffer, and holds no byte of it */
	memset(buf, 'x', sizeof(buf) - 1);
	cr_assert_null(memmem(&f, sizeof(f), "a1b2", 4));
	cr_assert_not_null(ev = dp_secret_record_found(&f, &w, NULL));
	a = json_dumps(ev, JSON_COMPACT);
	json_decref(ev);
	cr_assert_not_null(ev = dp_secret_record_new(&match, BUF, &w, NULL));
	b = json_dumps(ev, JSON_COMPACT);
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	json_decref(ev);
}

/* Checks that no record of a scan of one example holds its secret. */
struct leak {
	const char *text;
	size_t findings;
};

static int
no_leak(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct leak *l = arg;
	struct dp_error err;
	json_t *ev;
	char *s;

	w.path = "examples/file.txt";
	w.commit = "0123456789abcdef0123456789abcdef01234567";
	w.src_type = "git";
	ev = dp_secret_record_new(m, buf, &w, &err);
	cr_assert_not_null(ev, "%s", err.text);
	s = json_dumps(ev, JSON_COMPACT);
	cr_assert_not_null(s);
	cr_assert_null(memmem(s, strlen(s), buf + m->offset, m->length),
	    "the record of a %s finding holds its secret", m->detector->id);
	l->findings++;
	free(s);
	json_decref(ev);
	return 0;
}

Test(secret, no_record_of_any_example_holds_its_secret)
{
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	const struct dp_detector *d;
	struct leak l = { NULL, 0 };
	struct dp_error err;
	const char *text;
	size_t i, k;
	char *dir;

	cr_assert_geq(asprintf(&dir, "%s/secrets", dp_datadir_rules()), 0);
	pack = dp_detector_pack_load(dir, NULL, NULL, &err);
	cr_assert_not_null(pack, "%s: %s", err.source, err.text);
	sc = dp_detector_scanner_new(pack, NULL, &err);
	cr_assert_not_null(sc);
	for (i = 0; i < dp_detector_pack_count(pack); i++) {
		d = dp_detector_pack_get(pack, i);
		for (k = 0; k < json_array_size(d->match); k++) {
			text = json_string_value(json_object_get(
			    json_array_get(d->match, k), "text"));
			cr_assert_geq(dp_detector_scan(sc, json_string_value(
			    json_object_get(json_array_get(d->match, k),
			    "path")), text, strlen(text), no_leak, &l, &err),
			    0, "%s", err.text);
		}
	}
	cr_assert_geq(l.findings, dp_detector_pack_count(pack));
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
	free(dir);
}
