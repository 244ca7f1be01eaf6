/*
 * No secret of any detector's match examples reaches what dp writes:
 * the records and diagnostics of dp-collect scan, the failures of
 * dp-collect --check-detectors, the --bad-lines of dp-normalize, the
 * events of dp-score and the text and JSON reports of dp-report.  The
 * secrets looked for are those the detectors find in the examples and
 * those the examples name; each of 8 bytes or more, and each line of 8
 * bytes or more of a secret on several lines, must appear nowhere.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "detector.h"

#define MIN_SECRET 8

struct secrets {
	char **v;
	size_t n;
	size_t cap;
};

static char folder[64];

/* Adds each line of the n bytes at p of MIN_SECRET bytes or more. */
static void
add(struct secrets *s, const char *p, size_t n)
{
	const char *end = p + n, *eol;
	size_t len;

	for (; p < end; p = eol + 1) {
		for (eol = p; eol < end && *eol != '\n' && *eol != '\r'; eol++)
			;
		if ((len = (size_t)(eol - p)) < MIN_SECRET)
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 256;
			s->v = realloc(s->v, s->cap * sizeof(*s->v));
			cr_assert_not_null(s->v);
		}
		s->v[s->n] = strndup(p, len);
		cr_assert_not_null(s->v[s->n]);
		s->n++;
	}
}

static int
found(const struct dp_detector_match *m, const char *buf, void *arg)
{
	add(arg, buf + m->offset, m->length);
	return 0;
}

/* Writes the n bytes at text to folder/name, making its folders. */
static void
put(const char *name, const char *text, size_t n)
{
	char path[sizeof(folder) + 1024], *slash;
	FILE *fp;

	cr_assert(name[0] != '/' && strstr(name, "..") == NULL,
	    "example path %s", name);
	snprintf(path, sizeof(path), "%s/%s", folder, name);
	for (slash = strchr(path + strlen(folder) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		cr_assert(mkdir(path, 0700) == 0 || errno == EEXIST, "%s: %s",
		    path, strerror(errno));
		*slash = '/';
	}
	fp = fopen(path, "w");
	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(text, 1, n, fp), n);
	cr_assert_eq(fclose(fp), 0);
}

/* Returns the content of folder/name, NUL-terminated, in *len bytes. */
static char *
slurp(const char *name, size_t *len)
{
	char path[256], *buf = NULL;
	size_t size = 0;
	FILE *fp, *mem;
	int c;

	snprintf(path, sizeof(path), "%s/%s", folder, name);
	fp = fopen(path, "r");
	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	mem = open_memstream(&buf, &size);
	cr_assert_not_null(mem);
	while ((c = getc(fp)) != EOF)
		putc(c, mem);
	fclose(fp);
	cr_assert_eq(fclose(mem), 0);
	*len = size;
	return buf;
}

/* Runs the shell command cmd in folder; returns its exit status. */
static int
sh(const char *cmd)
{
	char *full;
	int rc;

	cr_assert(asprintf(&full, "cd '%s' && %s", folder, cmd) > 0);
	rc = system(full);
	free(full);
	cr_assert(rc != -1 && WIFEXITED(rc), "%s", cmd);
	return WEXITSTATUS(rc);
}

/* No secret of s appears in the file name of folder. */
static void
clean(const struct secrets *s, const char *name)
{
	size_t i, len;
	char *buf = slurp(name, &len);

	for (i = 0; i < s->n; i++)
		cr_assert_null(memmem(buf, len, s->v[i], strlen(s->v[i])),
		    "%s holds secret %zu (%zu bytes)", name, i,
		    strlen(s->v[i]));
	free(buf);
}

static void
setup(void)
{
	snprintf(folder, sizeof(folder), "/tmp/dp-noleak.XXXXXX");
	cr_assert_not_null(mkdtemp(folder));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", folder);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(noleak, .init = setup, .fini = teardown);

/*
 * Writes every match example of the pack in dir as a file of folder/ex
 * and adds its secrets to s.  Returns the number of examples of both
 * kinds, match and nomatch.
 */
static size_t
write_examples(const char *dir, struct secrets *s, size_t *nfiles)
{
	const struct dp_detector *d;
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	const char *text, *path;
	struct dp_error err;
	size_t i, k, all = 0;
	char name[1024];
	json_t *ex, *sec;

	pack = dp_detector_pack_load(dir, NULL, NULL, &err);
	cr_assert_not_null(pack, "%s:%ld: %s", err.source, err.line,
	    err.text);
	sc = dp_detector_scanner_new(pack, NULL, &err);
	cr_assert_not_null(sc);
	*nfiles = 0;
	for (i = 0; i < dp_detector_pack_count(pack); i++) {
		d = dp_detector_pack_get(pack, i);
		all += json_array_size(d->match) + json_array_size(d->nomatch);
		json_array_foreach(d->match, k, ex) {
			text = json_string_value(json_object_get(ex, "text"));
			path = json_string_value(json_object_get(ex, "path"));
			if (path != NULL)
				snprintf(name, sizeof(name), "ex/%s.%zu/%s",
				    d->id, k + 1, path);
			else
				snprintf(name, sizeof(name), "ex/%s.%zu",
				    d->id, k + 1);
			put(name, text, strlen(text));
			(*nfiles)++;
			if ((sec = json_object_get(ex, "secret")) != NULL)
				add(s, json_string_value(sec),
				    json_string_length(sec));
			cr_assert_geq(dp_detector_scan(sc, name + 3, text,
			    strlen(text), found, s, &err), 0, "%s", err.text);
		}
	}
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
	return all;
}

/* Each record's preview shows at most 4 bytes and a quarter. */
static void
check_previews(const char *name, size_t nfiles)
{
	const char *preview, *cut;
	json_t *rec, *secret;
	size_t n = 0, len;
	json_error_t jerr;
	char *buf, *line;

	buf = slurp(name, &len);
	for (line = strtok(buf, "\n"); line != NULL;
	    line = strtok(NULL, "\n")) {
		rec = json_loads(line, 0, &jerr);
		cr_assert_not_null(rec, "%s", jerr.text);
		/* file.sensitive and scan.skipped records have no preview */
		if (strcmp(json_string_value(json_object_get(rec, "kind")),
		    "secret.detected") != 0) {
			json_decref(rec);
			continue;
		}
		secret = json_object_get(rec, "secret");
		preview = json_string_value(json_object_get(secret,
		    "preview"));
		cr_assert_not_null(preview);
		cut = strstr(preview, "\u2026");
		cr_assert_not_null(cut, "preview %s", preview);
		cr_assert_leq((size_t)(cut - preview), 4);
		cr_assert_leq((json_int_t)(cut - preview) * 4,
		    json_integer_value(json_object_get(secret, "length")));
		json_decref(rec);
		n++;
	}
	free(buf);
	cr_assert_geq(n, nfiles, "%zu records for %zu examples", n, nfiles);
}

Test(noleak, no_example_secret_in_records_reports_or_diagnostics)
{
	const char *rules = getenv("DP_RULES_DIR");
	const char *bin = getenv("top_builddir");
	struct secrets s = { NULL, 0, 0 };
	char *cmd, dir[4096];
	size_t i, all, nfiles, len;
	char *err;

	cr_assert_not_null(rules, "DP_RULES_DIR is not set");
	if (bin == NULL)
		bin = ".";
	snprintf(dir, sizeof(dir), "%s/secrets", rules);
	all = write_examples(dir, &s, &nfiles);
	cr_assert_gt(s.n, 0);

	cr_assert(asprintf(&cmd, "'%s/dp-collect' scan --detectors '%s' "
	    "$(find ex -type f | sort) >records 2>scan.err", bin, dir) > 0);
	cr_assert_eq(sh(cmd), 0, "dp-collect scan failed");
	free(cmd);
	err = slurp("scan.err", &len);
	cr_assert_eq(len, 0, "dp-collect scan: %s", err);
	free(err);
	check_previews("records", nfiles);

	cr_assert(asprintf(&cmd, "'%1$s/dp-normalize' records >norm "
	    "2>pipe.err && '%1$s/dp-score' norm >scored 2>>pipe.err && "
	    "'%1$s/dp-report' scored >report.txt 2>>pipe.err && "
	    "'%1$s/dp-report' -f json scored >report.json 2>>pipe.err",
	    bin) > 0);
	cr_assert_eq(sh(cmd), 0, "the pipeline failed");
	free(cmd);

	/* cut records are bad lines, kept verbatim */
	cr_assert(asprintf(&cmd, "cut -c 1-60 records | '%s/dp-normalize' "
	    "--bad-lines bad >/dev/null 2>bad.err", bin) > 0);
	cr_assert_eq(sh(cmd), 65);
	free(cmd);

	/* every example fails when match and nomatch are swapped */
	cr_assert(asprintf(&cmd, "mkdir swapped && for f in '%1$s'/*.yml; "
	    "do sed -e 's/^      match:/      SWAP:/' -e "
	    "'s/^      nomatch:/      match:/' -e 's/^      SWAP:/      "
	    "nomatch:/' \"$f\" >swapped/\"${f##*/}\"; done && "
	    "'%2$s/dp-collect' --check-detectors swapped 2>check.err",
	    dir, bin) > 0);
	cr_assert_eq(sh(cmd), 78);
	free(cmd);
	cr_assert(asprintf(&cmd, "test \"$(wc -l <check.err)\" -eq %zu",
	    all) > 0);
	cr_assert_eq(sh(cmd), 0, "not one failure per example (%zu)", all);
	free(cmd);

	clean(&s, "records");
	clean(&s, "norm");
	clean(&s, "scored");
	clean(&s, "report.txt");
	clean(&s, "report.json");
	clean(&s, "pipe.err");
	clean(&s, "bad");
	clean(&s, "bad.err");
	clean(&s, "check.err");
	for (i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
}
