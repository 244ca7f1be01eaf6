#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "event.h"
#include "gitsecrets.h"
#include "gitwalk.h"
#include "treediff.h"

/* Two tokens the test detector finds, and one more for binary blobs. */
#define TOKEN1 "tok_Q7vLm2Rx9TfKw4BzN8cY"
#define TOKEN2 "tok_Zk4WnP8sQ2vRt6YxL9mC"
#define TOKEN3 "tok_Hs7Jd6UgE1aVo5iP3qWe"

/* The scratch folder of a test, symbolic links resolved. */
static char tmp[PATH_MAX];

static void
setup(void)
{
	char made[] = "/tmp/dp-gitsecrets.XXXXXX";

	cr_assert_not_null(mkdtemp(made));
	cr_assert_not_null(realpath(made, tmp));
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Ada Lovelace", 1);
	setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Ada Lovelace", 1);
	setenv("GIT_COMMITTER_EMAIL", "ada@example.com", 1);
	setenv("LC_ALL", "C", 1);
	setenv("TZ", "UTC", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	git_libgit2_init();
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	(void)system(cmd);
}

TestSuite(gitsecrets, .init = setup, .fini = teardown);

/* Runs a shell command in the scratch folder; it must succeed. */
static void __attribute__((format(printf, 1, 2)))
sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int n;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && { ", tmp);
	va_start(ap, fmt);
	n += vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, "; } >/dev/null 2>&1");
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

/* Commits what is staged in repo at day 2026-03-DAY. */
static void
commit(int day, const char *msg)
{
	sh("GIT_AUTHOR_DATE=2026-03-%02dT12:00:00Z "
	    "GIT_COMMITTER_DATE=2026-03-%02dT12:00:00Z "
	    "git -C repo commit -q -m '%s'", day, day, msg);
}

static const char *
path_in_tmp(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return path;
}

/*
 * Writes the detectors folder "det": test-token finds tok_ and 20
 * letters or digits, in binary content too when binary is set;
 * test-slow backtracks on runs of "a".
 */
static struct dp_detector_pack *
pack_new(int binary)
{
	struct dp_detector_pack *pack;
	struct dp_error err;
	FILE *fp;

	sh("mkdir -p det");
	cr_assert_not_null(fp = fopen(path_in_tmp("det/test.yml"), "w"));
	fputs("family: test\ndetectors:\n"
	    "  - id: test-token\n    title: Test token\n"
	    "    description: A token of the tests.\n"
	    "    keywords: [tok_]\n"
	    "    pattern: '\\b(?<secret>tok_[A-Za-z0-9]{20})\\b'\n"
	    "    severity: high\n", fp);
	if (binary)
		fputs("    binary: true\n", fp);
	fputs("    examples:\n      match: ['x = tok_abcdefghij0123456789']\n"
	    "      nomatch: ['x = tok_short']\n"
	    "  - id: test-slow\n    title: Slow\n"
	    "    description: A pattern that backtracks.\n"
	    "    keywords: [slow_]\n"
	    "    pattern: '(?<secret>slow_(a|aa)+(b|$))'\n"
	    "    severity: low\n"
	    "    examples:\n      match: ['slow_aab']\n"
	    "      nomatch: ['slow_']\n", fp);
	cr_assert_eq(fclose(fp), 0);
	pack = dp_detector_pack_load(path_in_tmp("det"), NULL, NULL, &err);
	cr_assert_not_null(pack, "%s", err.text);
	return pack;
}

/*
 * The history of most tests: a.txt gets TOKEN1 (day 1), is copied to
 * c.txt (day 2), deleted (day 3) and added again unchanged (day 4);
 * b.txt changes every day and holds no token.
 */
static void
make_history(void)
{
	sh("git init -q -b main repo && echo 'key = " TOKEN1 "' >repo/a.txt"
	    " && echo 1 >repo/b.txt && git -C repo add .");
	commit(1, "one");
	sh("cp repo/a.txt repo/c.txt && echo 2 >repo/b.txt && "
	    "git -C repo add .");
	commit(2, "two");
	sh("git -C repo rm -q a.txt && echo 3 >repo/b.txt && "
	    "git -C repo add .");
	commit(3, "three");
	sh("echo 'key = " TOKEN1 "' >repo/a.txt && echo 4 >repo/b.txt && "
	    "git -C repo add .");
	commit(4, "four");
}

/* A repository walked by hand, newest first, as gitwalk walks it. */
struct hand {
	git_repository *git;
	struct dp_detector_pack *pack;
	struct dp_detector_scanner *sc;
	struct dp_gitsecrets *gs;
	struct dp_treediff d;
};

/* Opens the repository, with the test detectors (binary: pack_new()). */
static void
hand_open(struct hand *h, size_t max_size, int binary)
{
	struct dp_error err;

	cr_assert_eq(git_repository_open(&h->git, path_in_tmp("repo")), 0);
	h->pack = pack_new(binary);
	cr_assert_not_null(h->sc = dp_detector_scanner_new(h->pack, NULL,
	    &err));
	cr_assert_not_null(h->gs = dp_gitsecrets_new(h->pack, max_size,
	    &err));
	dp_treediff_init(&h->d);
}

static void
hand_close(struct hand *h)
{
	dp_gitsecrets_free(h->gs);
	dp_treediff_release(&h->d);
	dp_detector_scanner_free(h->sc);
	dp_detector_pack_free(h->pack);
	git_repository_free(h->git);
}

/* A commit's scm.commit record, as far as gitsecrets reads it. */
static json_t *
commit_ev(const git_commit *c)
{
	json_t *ev;

	ev = dp_event_new("scm.commit", (int64_t)git_commit_time(c) * 1000,
	    NULL);
	cr_assert_not_null(ev);
	cr_assert_eq(json_object_set_new(ev, "actor",
	    dp_event_person_new("Ada Lovelace", "ada@example.com")), 0);
	return ev;
}

/* Diffs c with its first parent into h->d and finds its hits. */
static int
hand_commit(struct hand *h, const git_commit *c,
    struct dp_gitsecrets_hits **hits, struct dp_error *err)
{
	git_commit *parent = NULL;
	json_t *ev = commit_ev(c);
	int rc;

	if (git_commit_parentcount(c) > 0)
		cr_assert_eq(git_commit_parent(&parent, c, 0), 0);
	cr_assert_eq(dp_treediff_ids(&h->d, h->git, parent != NULL ?
	    git_commit_tree_id(parent) : NULL, git_commit_tree_id(c), err), 0);
	rc = dp_gitsecrets_commit(h->gs, h->sc, h->git, c, ev, &h->d, hits,
	    err);
	git_commit_free(parent);
	json_decref(ev);
	return rc;
}

/* Gives every commit of HEAD to h->gs, newest first. */
static void
hand_walk(struct hand *h)
{
	struct dp_gitsecrets_hits *hits;
	struct dp_error err;
	git_revwalk *walk;
	git_commit *c;
	git_oid id;

	cr_assert_eq(git_revwalk_new(&walk, h->git), 0);
	cr_assert_eq(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_TIME), 0);
	cr_assert_eq(git_revwalk_push_head(walk), 0);
	while (git_revwalk_next(&id, walk) == 0) {
		cr_assert_eq(git_commit_lookup(&c, h->git, &id), 0);
		cr_assert_eq(hand_commit(h, c, &hits, &err), 0, "%s",
		    err.text);
		cr_assert_null(dp_gitsecrets_hits_warning(hits));
		cr_assert_eq(dp_gitsecrets_take(h->gs, hits, &err), 0);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
}

static int
append(json_t *ev, void *arg)
{
	cr_assert_eq(json_array_append(arg, ev), 0);
	return 0;
}

/* Returns the records of h's report. */
static json_t *
hand_report(struct hand *h)
{
	struct dp_error err;
	json_t *recs = json_array();

	cr_assert_eq(dp_gitsecrets_report(h->gs, h->git, NULL, h->sc,
	    "/src", NULL, append, NULL, recs, &err), 0, "%s", err.text);
	return recs;
}

static const char *
str(const json_t *recs, size_t i, const char *path)
{
	const char *s = dp_event_get_string(json_array_get(recs, i), path);

	cr_assert_not_null(s, "record %zu has no string %s", i, path);
	return s;
}

/* Returns the 40-digit id git gives to rev in the repository. */
static const char *
rev(const char *spec)
{
	static char out[8][GIT_OID_HEXSZ + 1];
	static int next;
	char cmd[PATH_MAX + 256];
	char *line;
	FILE *p;

	line = out[next++ % 8];
	snprintf(cmd, sizeof(cmd), "git -C '%s/repo' rev-parse '%s'", tmp,
	    spec);
	cr_assert_not_null(p = popen(cmd, "r"));
	cr_assert_not_null(fgets(line, GIT_OID_HEXSZ + 1, p));
	pclose(p);
	return line;
}

Test(gitsecrets, each_blob_is_scanned_once)
{
	struct dp_gitsecrets_stats st;
	struct hand h;
	json_t *r;

	make_history();
	hand_open(&h, 1 << 20, 0);
	hand_walk(&h);
	dp_gitsecrets_stats(h.gs, &st);
	/* a.txt's blob (days 1, 2 as c.txt, 4) and b.txt's four */
	cr_assert_eq(st.blobs, 5);
	cr_assert_eq(st.scanned, 5);
	cr_assert_eq(st.with_findings, 1);
	cr_assert_eq(st.binary + st.large, 0);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 2);
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, the_oldest_commit_introduced_it)
{
	struct hand h;
	json_t *r;

	make_history();
	hand_open(&h, 1 << 20, 0);
	hand_walk(&h);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 2);
	/* a.txt came back on day 4: the record is still day 1's */
	cr_assert_str_eq(str(r, 0, "secret.path"), "a.txt");
	cr_assert_str_eq(str(r, 0, "secret.commit"), rev("HEAD~3"));
	cr_assert_str_eq(str(r, 0, "time"), "2026-03-01T12:00:00.000Z");
	cr_assert_str_eq(str(r, 0, "actor.email"), "ada@example.com");
	cr_assert_str_eq(str(r, 0, "src.type"), "git");
	cr_assert_str_eq(str(r, 0, "src.path"), "/src");
	cr_assert_str_eq(str(r, 0, "secret.blob"), rev("HEAD:a.txt"));
	cr_assert_str_eq(str(r, 0, "secret.detector"), "test-token");
	cr_assert_eq(json_integer_value(dp_event_get(json_array_get(r, 0),
	    "secret.column")), 7);
	/* the copy is its own (secret, path), introduced on day 2 */
	cr_assert_str_eq(str(r, 1, "secret.path"), "c.txt");
	cr_assert_str_eq(str(r, 1, "secret.commit"), rev("HEAD~2"));
	cr_assert_str_eq(str(r, 0, "secret.fingerprint"),
	    str(r, 1, "secret.fingerprint"));
	hand_close(&h);
	json_decref(r);
}

/* The refs a record says it is present in, joined by spaces. */
static const char *
present_in(const json_t *recs, size_t i)
{
	static char out[512];
	json_t *a, *v;
	size_t j, n = 0;

	a = dp_event_get(json_array_get(recs, i), "secret.present_in");
	cr_assert(json_is_array(a));
	out[0] = '\0';
	json_array_foreach(a, j, v)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    j > 0 ? " " : "", json_string_value(v));
	return out;
}

static int
still(const json_t *recs, size_t i)
{
	json_t *v = dp_event_get(json_array_get(recs, i),
	    "secret.present");

	cr_assert(json_is_boolean(v));
	return json_is_true(v);
}

Test(gitsecrets, presence_at_the_tips)
{
	struct hand h;
	json_t *r;

	make_history();
	/* gone from main, still in a tag and on a branch */
	sh("git -C repo tag v1 && git -C repo branch keep && "
	    "git -C repo rm -q a.txt c.txt");
	commit(5, "five");
	hand_open(&h, 1 << 20, 0);
	hand_walk(&h);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 2);
	cr_assert_str_eq(present_in(r, 0), "refs/heads/keep refs/tags/v1");
	cr_assert(still(r, 0));
	hand_close(&h);
	json_decref(r);
	/* without the branch, only the tag holds it: not still present */
	sh("git -C repo branch -D keep");
	hand_open(&h, 1 << 20, 0);
	hand_walk(&h);
	r = hand_report(&h);
	cr_assert_str_eq(present_in(r, 0), "refs/tags/v1");
	cr_assert(!still(r, 0));
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, a_changed_secret_at_the_same_path_is_not_present)
{
	struct hand h;
	json_t *r;

	sh("git init -q -b main repo && echo 'key = " TOKEN1 "' >repo/a.txt"
	    " && git -C repo add .");
	commit(1, "one");
	sh("echo 'key = " TOKEN2 "' >repo/a.txt && git -C repo add .");
	commit(2, "two");
	hand_open(&h, 1 << 20, 0);
	hand_walk(&h);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 2);
	/* same path and line: by fingerprint; one is at HEAD, one is not */
	cr_assert(still(r, 0) != still(r, 1));
	cr_assert_str_eq(present_in(r, still(r, 0) ? 0 : 1),
	    "HEAD refs/heads/main");
	cr_assert_str_eq(present_in(r, still(r, 0) ? 1 : 0), "");
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, binary_and_large_blobs_are_not_scanned)
{
	struct dp_gitsecrets_stats st;
	struct hand h;
	json_t *r;

	sh("git init -q -b main repo && "
	    "printf 'GIF89a\\000key = " TOKEN1 "\\n' >repo/logo.gif && "
	    "{ echo 'key = " TOKEN2 "'; head -c 5000 /dev/zero | "
	    "tr '\\000' x; } >repo/big.txt && "
	    "echo 'key = " TOKEN3 "' >repo/small.txt && "
	    "ln -s small.txt repo/link && git -C repo add .");
	commit(1, "one");
	hand_open(&h, 4096, 0);
	hand_walk(&h);
	dp_gitsecrets_stats(h.gs, &st);
	cr_assert_eq(st.blobs, 3);
	cr_assert_eq(st.binary, 1);
	cr_assert_eq(st.large, 1);
	cr_assert_eq(st.scanned, 1);
	cr_assert_eq(st.bytes, strlen("key = " TOKEN3 "\n"));
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_str_eq(str(r, 0, "secret.path"), "small.txt");
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, a_detector_of_binary_content_reads_binary_blobs)
{
	struct dp_gitsecrets_stats st;
	struct hand h;
	json_t *r;

	sh("git init -q -b main repo && "
	    "printf 'GIF89a\\000key = " TOKEN1 "\\n' >repo/logo.gif && "
	    "git -C repo add .");
	commit(1, "one");
	hand_open(&h, 1 << 20, 1);
	hand_walk(&h);
	dp_gitsecrets_stats(h.gs, &st);
	cr_assert_eq(st.binary, 0);
	cr_assert_eq(st.scanned, 1);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_str_eq(str(r, 0, "secret.path"), "logo.gif");
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, a_commit_without_secrets_has_no_hits)
{
	struct dp_gitsecrets_hits *hits;
	struct dp_error err;
	git_commit *c;
	git_oid id;
	struct hand h;

	sh("git init -q -b main repo && echo plain >repo/a.txt && "
	    "git -C repo add .");
	commit(1, "one");
	hand_open(&h, 1 << 20, 0);
	cr_assert_eq(git_reference_name_to_id(&id, h.git, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, h.git, &id), 0);
	cr_assert_eq(hand_commit(&h, c, &hits, &err), 0);
	cr_assert_null(hits);
	cr_assert_eq(dp_gitsecrets_take(h.gs, NULL, &err), 0);
	git_commit_free(c);
	hand_close(&h);
}

Test(gitsecrets, a_match_limit_is_a_warning)
{
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	struct dp_gitsecrets_hits *hits;
	const struct dp_error *w;
	struct dp_error err;
	git_commit *c;
	git_oid id;
	struct hand h;
	json_t *r;

	sh("git init -q -b main repo && { echo 'key = " TOKEN1 "'; "
	    "printf 'slow_'; head -c 3000 /dev/zero | tr '\\000' a; echo x; "
	    "} >repo/a.txt && git -C repo add .");
	commit(1, "one");
	hand_open(&h, 1 << 20, 0);
	dp_detector_scanner_free(h.sc);
	lim.match_limit = 10000;
	cr_assert_not_null(h.sc = dp_detector_scanner_new(h.pack, &lim,
	    &err));
	cr_assert_eq(git_reference_name_to_id(&id, h.git, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, h.git, &id), 0);
	cr_assert_eq(hand_commit(&h, c, &hits, &err), 0, "%s", err.text);
	cr_assert_not_null(w = dp_gitsecrets_hits_warning(hits));
	cr_assert_eq(w->code, DP_ERR_DATA);
	cr_assert(strstr(w->text, rev("HEAD:a.txt")) != NULL, "%s", w->text);
	cr_assert(strstr(w->text, "at a.txt: detector test-slow reached its "
	    "match limit") != NULL, "%s", w->text);
	/* the other detector's finding is kept */
	cr_assert_eq(dp_gitsecrets_take(h.gs, hits, &err), 0);
	r = hand_report(&h);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_str_eq(str(r, 0, "secret.detector"), "test-token");
	git_commit_free(c);
	hand_close(&h);
	json_decref(r);
}

Test(gitsecrets, a_missing_blob_is_a_data_error)
{
	struct dp_gitsecrets_hits *hits;
	struct dp_error err;
	git_commit *c;
	git_oid id;
	struct hand h;

	sh("git init -q -b main repo && echo 'key = " TOKEN1 "' >repo/a.txt"
	    " && git -C repo add .");
	commit(1, "one");
	sh("b=$(git -C repo rev-parse HEAD:a.txt) && "
	    "rm -f repo/.git/objects/$(echo $b | cut -c1-2)/$(echo $b | "
	    "cut -c3-)");
	hand_open(&h, 1 << 20, 0);
	cr_assert_eq(git_reference_name_to_id(&id, h.git, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, h.git, &id), 0);
	cr_assert_eq(hand_commit(&h, c, &hits, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert(strncmp(err.text, "blob ", 5) == 0, "%s", err.text);
	cr_assert_null(hits);
	git_commit_free(c);
	hand_close(&h);
}

/* One of the threads of the next test. */
struct racer {
	struct hand *h;
	git_repository *git;
	struct dp_detector_scanner *sc;
	const git_commit *c;
	struct dp_treediff d;
	struct dp_gitsecrets_hits *hits;
	int rc;
};

static void *
race(void *arg)
{
	struct racer *x = arg;
	json_t *ev = commit_ev(x->c);

	x->rc = dp_treediff_ids(&x->d, x->git, NULL,
	    git_commit_tree_id(x->c), NULL);
	if (x->rc == 0)
		x->rc = dp_gitsecrets_commit(x->h->gs, x->sc, x->git, x->c, ev,
		    &x->d, &x->hits, NULL);
	json_decref(ev);
	return NULL;
}

Test(gitsecrets, threads_share_one_scan_of_each_blob)
{
	struct dp_gitsecrets_stats st;
	struct racer x[4];
	pthread_t t[4];
	struct dp_error err;
	git_commit *c;
	git_oid id;
	struct hand h;
	int i;

	sh("git init -q -b main repo && for i in 1 2 3 4 5 6 7 8; do "
	    "{ echo 'key = " TOKEN1 "'; seq $i 20000; } >repo/f$i.txt; "
	    "done && git -C repo add .");
	commit(1, "one");
	hand_open(&h, 1 << 20, 0);
	cr_assert_eq(git_reference_name_to_id(&id, h.git, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, h.git, &id), 0);
	for (i = 0; i < 4; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].h = &h;
		x[i].c = c;
		dp_treediff_init(&x[i].d);
		cr_assert_eq(git_repository_open(&x[i].git,
		    path_in_tmp("repo")), 0);
		cr_assert_not_null(x[i].sc = dp_detector_scanner_new(h.pack,
		    NULL, &err));
	}
	for (i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, race, &x[i]), 0);
	for (i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(t[i], NULL), 0);
		cr_assert_eq(x[i].rc, 0);
		cr_assert_not_null(x[i].hits);
		cr_assert_eq(dp_gitsecrets_take(h.gs, x[i].hits, &err), 0);
		dp_treediff_release(&x[i].d);
		dp_detector_scanner_free(x[i].sc);
		git_repository_free(x[i].git);
	}
	dp_gitsecrets_stats(h.gs, &st);
	cr_assert_eq(st.blobs, 8);
	cr_assert_eq(st.scanned, 8);
	cr_assert_eq(st.with_findings, 8);
	git_commit_free(c);
	hand_close(&h);
}

/* Walks repo with gitwalk and the test detectors, threads threads. */
static json_t *
walk(int threads, int64_t since, int files)
{
	struct dp_gitwalk_options o = DP_GITWALK_OPTIONS_INIT;
	struct dp_detector_pack *pack = pack_new(0);
	struct dp_gitwalk *w;
	struct dp_error err;
	json_t *recs = json_array();

	o.record = append;
	o.arg = recs;
	o.detectors = pack;
	o.threads = threads;
	o.since = since;
	o.files = files;
	cr_assert_not_null(w = dp_gitwalk_new(&o, &err), "%s", err.text);
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("repo"), &err), 0, "%s",
	    err.text);
	dp_gitwalk_free(w);
	dp_detector_pack_free(pack);
	return recs;
}

/* The kinds of recs, one letter each: p, c, f, s, t, u (or ?). */
static const char *
kinds(const json_t *recs)
{
	static char out[256];
	const char *k;
	json_t *ev;
	size_t i;

	json_array_foreach(recs, i, ev) {
		k = json_string_value(json_object_get(ev, "kind"));
		out[i] = strcmp(k, "scm.posture") == 0 ? 'p' :
		    strcmp(k, "scm.commit") == 0 ? 'c' :
		    strcmp(k, "file.change") == 0 ? 'f' :
		    strcmp(k, "secret.detected") == 0 ? 's' :
		    strcmp(k, "scm.tag") == 0 ? 't' :
		    strcmp(k, "scm.ref_update") == 0 ? 'u' : '?';
		if (i + 2 >= sizeof(out))
			break;
	}
	out[i] = '\0';
	return out;
}

Test(gitsecrets, walk_gives_them_after_the_commits)
{
	json_t *one, *two;
	char *a, *b;

	make_history();
	sh("git -C repo tag v1");
	one = walk(1, INT64_MIN, 0);
	two = walk(2, INT64_MIN, 1);
	cr_assert_str_eq(kinds(one), "pccccsstuuuuuuuu");
	cr_assert_eq(json_integer_value(dp_event_get(json_array_get(one, 5),
	    "src.rec")), 6);
	cr_assert_str_eq(str(one, 5, "repo.name"), "repo");
	cr_assert_str_eq(str(one, 5, "src.path"), path_in_tmp("repo"));
	/* with file.change records and threads, the same secrets */
	cr_assert_eq(json_array_size(two), json_array_size(one) + 8);
	a = json_dumps(json_array_get(one, 5), JSON_COMPACT);
	b = json_dumps(json_array_get(two, 13), JSON_COMPACT);
	cr_assert_not_null(strstr(b, "\"secret.detected\""));
	/* the src.rec numbers differ: compare from "actor" on */
	cr_assert_str_eq(strstr(a, "\"actor\""), strstr(b, "\"actor\""));
	free(a);
	free(b);
	json_decref(one);
	json_decref(two);
}

Test(gitsecrets, a_tip_blob_older_than_the_walk_is_scanned)
{
	json_t *r;

	make_history();
	/* only day 4 is walked: it brings back a.txt, whose blob is old */
	r = walk(1, (int64_t)1772625600 * 1000, 0);
	cr_assert_str_eq(kinds(r), "pcsuuuuuuuu");
	cr_assert_str_eq(str(r, 2, "secret.path"), "a.txt");
	cr_assert_str_eq(str(r, 2, "secret.commit"), rev("HEAD"));
	cr_assert_str_eq(present_in(r, 2), "HEAD refs/heads/main");
	json_decref(r);
}

Test(gitsecrets, no_record_holds_a_secret)
{
	json_t *r;
	char *text;

	make_history();
	r = walk(2, INT64_MIN, 1);
	text = json_dumps(r, JSON_COMPACT);
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, "secret.detected"));
	cr_assert_null(strstr(text, TOKEN1 + 4));
	cr_assert_null(strstr(text, "Q7vL"));
	free(text);
	json_decref(r);
}
