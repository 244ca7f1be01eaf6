#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "event.h"
#include "gitwalk.h"

/* The scratch folder of a test, symbolic links resolved. */
static char tmp[PATH_MAX];

/* Each test builds its repositories with git in a fresh folder. */
static void
setup(void)
{
	char made[] = "/tmp/dp-gitwalk.XXXXXX";

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
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	(void)system(cmd);
}

TestSuite(gitwalk, .init = setup, .fini = teardown);

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
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, "; } >/dev/null");
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

/* Returns the first line a shell command prints in the scratch folder. */
static const char *
capture(const char *cmd)
{
	static char line[256];
	char full[PATH_MAX + 512];
	FILE *p;

	snprintf(full, sizeof(full), "cd '%s' && %.500s", tmp, cmd);
	cr_assert_not_null(p = popen(full, "r"));
	cr_assert_not_null(fgets(line, sizeof(line), p), "no output: %s", cmd);
	line[strcspn(line, "\n")] = '\0';
	cr_assert_eq(pclose(p), 0);
	return line;
}

/* Makes a commit in repo with the message and both dates at date. */
static void
commit(const char *repo, const char *msg, const char *date)
{
	sh("echo '%s' >>'%s/file' && git -C '%s' add file && "
	    "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
	    "git -C '%s' commit -q -m '%s'", msg, repo, repo, date, date, repo,
	    msg);
}

static const char *
path_in_tmp(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return path;
}

/*
 * Appends the records of commits, scm.commit and what follows each
 * (every record with "all"), to the array arg; stops after "stop".
 */
struct sink {
	json_t *records;
	long long delivered;	/* records of every kind */
	int all;
	int stop;		/* 0: never */
	int warned;
	struct dp_error warning;
};

static int
keep(json_t *ev, void *arg)
{
	struct sink *s = arg;
	const char *kind = json_string_value(json_object_get(ev, "kind"));

	s->delivered++;
	if (!s->all && (strcmp(kind, "scm.posture") == 0 ||
	    strcmp(kind, "scm.tag") == 0 || strcmp(kind, "scm.ref_update") == 0))
		return 0;
	cr_assert_eq(json_array_append(s->records, ev), 0);
	return s->stop != 0 && (int)json_array_size(s->records) >= s->stop;
}

static int
note(const struct dp_error *err, void *arg)
{
	struct sink *s = arg;

	s->warned++;
	s->warning = *err;
	return 0;
}

static struct dp_gitwalk *
walker(struct sink *s, int warn)
{
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct dp_gitwalk *w;

	memset(s, 0, sizeof(*s));
	cr_assert_not_null(s->records = json_array());
	opts.record = keep;
	opts.warn = warn ? note : NULL;
	opts.arg = s;
	cr_assert_not_null(w = dp_gitwalk_new(&opts, NULL));
	return w;
}

/* Walks the repository at name (in the scratch folder) with a new walker. */
static json_t *
walk(const char *name, int *rc, struct dp_error *err)
{
	struct dp_gitwalk *w;
	struct sink s;

	w = walker(&s, 0);
	*rc = dp_gitwalk_repo(w, path_in_tmp(name), err);
	cr_assert_eq(dp_gitwalk_count(w), s.delivered);
	dp_gitwalk_free(w);
	return s.records;
}

static const char *
str(const json_t *records, size_t i, const char *path)
{
	const char *s = dp_event_get_string(json_array_get(records, i), path);

	cr_assert_not_null(s, "record %zu has no string %s", i, path);
	return s;
}

static json_int_t
num(const json_t *records, size_t i, const char *path)
{
	json_t *v = dp_event_get(json_array_get(records, i), path);

	cr_assert(json_is_integer(v), "record %zu has no integer %s", i, path);
	return json_integer_value(v);
}

static int
flag(const json_t *records, size_t i, const char *path)
{
	json_t *v = dp_event_get(json_array_get(records, i), path);

	cr_assert(json_is_boolean(v), "record %zu has no boolean %s", i, path);
	return json_is_true(v);
}

static void
make_linear(void)
{
	sh("git init -q -b main repo");
	commit("repo", "first", "2026-03-01T10:14:05+01:00");
	commit("repo", "second", "2026-03-02T08:00:00-05:30");
	commit("repo", "third", "2026-03-03T12:00:00+00:00");
}

Test(gitwalk, linear_history_newest_first)
{
	char id[DP_EVENT_ID_LEN + 1], head[41], first[41];
	struct dp_error err;
	json_t *r, *ev;
	int rc;

	make_linear();
	snprintf(head, sizeof(head), "%s", capture("git -C repo rev-parse "
	    "HEAD"));
	snprintf(first, sizeof(first), "%s", capture("git -C repo rev-parse "
	    "HEAD~2"));
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 3);
	ev = json_array_get(r, 0);
	cr_assert_eq(num(r, 0, "v"), 1);
	cr_assert_str_eq(str(r, 0, "kind"), "scm.commit");
	cr_assert_str_eq(str(r, 0, "commit.sha"), head);
	cr_assert_eq(dp_event_make_id("scm.commit", head, 40, id, NULL), 0);
	cr_assert_str_eq(str(r, 0, "id"), id);
	cr_assert_str_eq(str(r, 0, "time"), "2026-03-03T12:00:00.000Z");
	cr_assert_str_eq(str(r, 0, "src.type"), "git");
	cr_assert_str_eq(str(r, 0, "src.path"), path_in_tmp("repo"));
	/* record 1 is the repository's posture */
	cr_assert_eq(num(r, 0, "src.rec"), 2);
	cr_assert_eq(num(r, 2, "src.rec"), 4);
	cr_assert_str_eq(str(r, 0, "actor.name"), "Ada Lovelace");
	cr_assert_str_eq(str(r, 0, "actor.email"), "ada@example.com");
	cr_assert_str_eq(str(r, 0, "repo.name"), "repo");
	cr_assert_str_eq(str(r, 0, "repo.path"), path_in_tmp("repo"));
	cr_assert_null(dp_event_get(ev, "repo.url"));
	cr_assert_eq(flag(r, 0, "commit.merge"), 0);
	cr_assert_eq(flag(r, 0, "commit.committer_differs"), 0);
	cr_assert_null(dp_event_get(ev, "commit.repaired"));
	cr_assert_str_eq(str(r, 0, "commit.subject"), "third");
	cr_assert_str_eq(str(r, 0, "commit.message"), "third\n");
	cr_assert_str_eq(str(r, 1, "commit.subject"), "second");
	cr_assert_str_eq(str(r, 2, "commit.sha"), first);
	cr_assert_eq(json_array_size(dp_event_get(json_array_get(r, 2),
	    "commit.parents")), 0);
	cr_assert_str_eq(json_string_value(json_array_get(dp_event_get(
	    json_array_get(r, 1), "commit.parents"), 0)), first);
	json_decref(r);
}

Test(gitwalk, times_keep_the_local_offset)
{
	struct dp_error err;
	json_t *r;
	int rc;

	make_linear();
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(str(r, 2, "time"), "2026-03-01T09:14:05.000Z");
	cr_assert_str_eq(str(r, 2, "commit.author.time"),
	    "2026-03-01T09:14:05.000Z");
	cr_assert_str_eq(str(r, 2, "commit.author.local_time"),
	    "2026-03-01T10:14:05.000+01:00");
	cr_assert_eq(num(r, 2, "commit.author.tz_offset"), 60);
	cr_assert_str_eq(str(r, 1, "commit.committer.time"),
	    "2026-03-02T13:30:00.000Z");
	cr_assert_str_eq(str(r, 1, "commit.committer.local_time"),
	    "2026-03-02T08:00:00.000-05:30");
	cr_assert_eq(num(r, 1, "commit.committer.tz_offset"), -330);
	json_decref(r);
}

Test(gitwalk, subject_is_the_first_line_without_cr)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("git init -q -b main repo && printf 'fix: x\\r\\n\\r\\nbody\\r\\n' "
	    ">msg && GIT_AUTHOR_DATE=@1772356445 "
	    "GIT_COMMITTER_DATE=@1772356445 "
	    "git -C repo commit -q --allow-empty --cleanup=verbatim -F ../msg");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(str(r, 0, "commit.subject"), "fix: x");
	cr_assert_str_eq(str(r, 0, "commit.message"),
	    "fix: x\r\n\r\nbody\r\n");
	cr_assert_str_eq(str(r, 0, "time"), "2026-03-01T09:14:05.000Z");
	json_decref(r);
}

Test(gitwalk, merge_has_two_parents)
{
	char main_tip[41], topic_tip[41];
	struct dp_error err;
	json_t *r, *parents;
	int rc;

	sh("git init -q -b main repo");
	commit("repo", "base", "2026-03-01T09:00:00+00:00");
	sh("git -C repo checkout -q -b topic");
	commit("repo", "topic", "2026-03-02T09:00:00+00:00");
	sh("git -C repo checkout -q main");
	sh("echo other >repo/other && git -C repo add other && "
	    "GIT_AUTHOR_DATE=2026-03-03T09:00:00Z "
	    "GIT_COMMITTER_DATE=2026-03-03T09:00:00Z "
	    "git -C repo commit -q -m main");
	snprintf(main_tip, sizeof(main_tip), "%s",
	    capture("git -C repo rev-parse main"));
	snprintf(topic_tip, sizeof(topic_tip), "%s",
	    capture("git -C repo rev-parse topic"));
	sh("GIT_AUTHOR_DATE=2026-03-04T09:00:00Z "
	    "GIT_COMMITTER_DATE=2026-03-04T09:00:00Z "
	    "git -C repo merge -q --no-ff --no-edit topic");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r),
	    (size_t)strtoul(capture("git -C repo rev-list --count HEAD"),
	    NULL, 10));
	cr_assert_eq(json_array_size(r), 4);
	cr_assert_eq(flag(r, 0, "commit.merge"), 1);
	cr_assert_str_eq(str(r, 0, "commit.subject"), "Merge branch 'topic'");
	parents = dp_event_get(json_array_get(r, 0), "commit.parents");
	cr_assert_eq(json_array_size(parents), 2);
	cr_assert_str_eq(json_string_value(json_array_get(parents, 0)),
	    main_tip);
	cr_assert_str_eq(json_string_value(json_array_get(parents, 1)),
	    topic_tip);
	cr_assert_eq(flag(r, 1, "commit.merge"), 0);
	cr_assert_str_eq(str(r, 3, "commit.subject"), "base");
	json_decref(r);
}

Test(gitwalk, committer_differs_from_author)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("git init -q -b main repo");
	sh("GIT_COMMITTER_NAME='Bob Build' GIT_COMMITTER_EMAIL=bob@example.org "
	    "GIT_AUTHOR_DATE=2026-03-01T09:00:00Z "
	    "GIT_COMMITTER_DATE=2026-03-05T09:00:00Z "
	    "git -C repo commit -q --allow-empty -m applied");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(flag(r, 0, "commit.committer_differs"), 1);
	cr_assert_str_eq(str(r, 0, "actor.name"), "Ada Lovelace");
	cr_assert_str_eq(str(r, 0, "commit.author.email"), "ada@example.com");
	cr_assert_str_eq(str(r, 0, "commit.committer.name"), "Bob Build");
	cr_assert_str_eq(str(r, 0, "commit.committer.email"),
	    "bob@example.org");
	cr_assert_str_eq(str(r, 0, "time"), "2026-03-01T09:00:00.000Z");
	cr_assert_str_eq(str(r, 0, "commit.committer.time"),
	    "2026-03-05T09:00:00.000Z");
	json_decref(r);
}

Test(gitwalk, encoded_text_is_converted)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("git init -q -b main repo && printf 'caf\\351\\n' >msg");
	sh("GIT_AUTHOR_NAME=\"$(printf 'Ren\\351')\" "
	    "GIT_AUTHOR_DATE=@1772356445 GIT_COMMITTER_DATE=@1772356445 "
	    "git -C repo -c i18n.commitEncoding=ISO-8859-1 commit -q "
	    "--allow-empty -F ../msg");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_null(dp_event_get(json_array_get(r, 0), "commit.repaired"));
	cr_assert_str_eq(str(r, 0, "commit.encoding"), "ISO-8859-1");
	cr_assert_str_eq(str(r, 0, "actor.name"), "Ren\xc3\xa9");
	cr_assert_str_eq(str(r, 0, "commit.author.name"), "Ren\xc3\xa9");
	cr_assert_str_eq(str(r, 0, "commit.committer.name"), "Ada Lovelace");
	cr_assert_str_eq(str(r, 0, "commit.subject"), "caf\xc3\xa9");
	cr_assert_str_eq(str(r, 0, "commit.message"), "caf\xc3\xa9\n");
	cr_assert_eq(flag(r, 0, "commit.committer_differs"), 1);
	json_decref(r);
}

Test(gitwalk, non_utf8_text_is_repaired)
{
	struct dp_error err;
	json_t *r;
	int rc;

	/* git commit would read the bytes as Latin-1: write the object */
	sh("git init -q -b main repo && "
	    "printf 'tree %%s\\nauthor Ren\\351 <r@x> 1772356445 +0000\\n"
	    "committer A <a@x> 1772356445 +0000\\n\\ncaf\\351\\n' "
	    "$(git -C repo mktree </dev/null) | git -C repo hash-object "
	    "-t commit -w --stdin >id && "
	    "git -C repo update-ref HEAD $(cat id)");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(flag(r, 0, "commit.repaired"), 1);
	cr_assert_null(dp_event_get(json_array_get(r, 0), "commit.encoding"));
	cr_assert_str_eq(str(r, 0, "actor.name"), "Ren\xef\xbf\xbd");
	cr_assert_str_eq(str(r, 0, "commit.author.name"), "Ren\xef\xbf\xbd");
	cr_assert_str_eq(str(r, 0, "commit.subject"), "caf\xef\xbf\xbd");
	cr_assert_str_eq(str(r, 0, "commit.message"), "caf\xef\xbf\xbd\n");
	json_decref(r);
}

Test(gitwalk, bare_clone_has_the_same_commits)
{
	struct dp_error err;
	json_t *r, *b;
	size_t i;
	int rc;

	make_linear();
	sh("git clone -q --bare repo copy.git");
	r = walk("repo", &rc, &err);
	b = walk("copy.git", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(b), 3);
	for (i = 0; i < 3; i++)
		cr_assert_str_eq(str(b, i, "id"), str(r, i, "id"));
	cr_assert_str_eq(str(b, 0, "repo.name"), "copy");
	cr_assert_str_eq(str(b, 0, "repo.path"), path_in_tmp("copy.git"));
	cr_assert_str_eq(str(b, 0, "src.path"), path_in_tmp("copy.git"));
	cr_assert_str_eq(str(b, 0, "repo.url"), path_in_tmp("repo"));
	json_decref(r);
	json_decref(b);
}

Test(gitwalk, opens_from_a_subfolder_or_the_git_folder)
{
	struct dp_error err;
	json_t *r;
	int rc;

	make_linear();
	sh("mkdir -p repo/a/b");
	r = walk("repo/a/b", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(str(r, 0, "repo.path"), path_in_tmp("repo"));
	cr_assert_str_eq(str(r, 0, "repo.name"), "repo");
	json_decref(r);
	r = walk("repo/.git", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(str(r, 0, "repo.path"), path_in_tmp("repo"));
	json_decref(r);
}

Test(gitwalk, empty_repository_gives_nothing)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("git init -q -b main empty && git init -q --bare empty.git");
	r = walk("empty", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 0);
	json_decref(r);
	r = walk("empty.git", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 0);
	json_decref(r);
}

Test(gitwalk, not_a_repository)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("mkdir plain");
	r = walk("plain", &rc, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(json_array_size(r), 0);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, path_in_tmp("plain"));
	cr_assert_str_eq(err.text, "not a git repository");
	json_decref(r);
}

Test(gitwalk, missing_path)
{
	struct dp_error err;
	json_t *r;
	int rc;

	r = walk("nowhere", &rc, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, path_in_tmp("nowhere"));
	cr_assert_str_eq(err.text, "No such file or directory");
	json_decref(r);
}

Test(gitwalk, missing_object_is_a_missing_input)
{
	char sha[41];
	struct dp_error err;
	json_t *r;
	int rc;

	make_linear();
	snprintf(sha, sizeof(sha), "%s", capture("git -C repo rev-parse "
	    "HEAD~1"));
	sh("rm repo/.git/objects/%.2s/%s", sha, sha + 2);
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, path_in_tmp("repo"));
	cr_assert(strstr(err.text, sha) != NULL, "%s", err.text);
	json_decref(r);
}

/*
 * Walks the repository at name in a child process that, when run as
 * root, becomes an unprivileged user first so that file modes apply.
 * Returns the walk's error code.
 */
static int
walk_unprivileged(const char *name)
{
	struct dp_gitwalk *w;
	struct dp_error err;
	struct sink s;
	pid_t pid;
	int status;

	if (geteuid() == 0)
		sh("chmod 755 . && chown -R 65534:65534 '%s'", name);
	cr_assert_neq(pid = fork(), -1);
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(100);
		/*
		 * libgit2 reads $HOME/.gitconfig, and criterion, which uses
		 * libgit2 too, has it initialised already: look again.
		 */
		setenv("HOME", tmp, 1);
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
		    GIT_CONFIG_LEVEL_GLOBAL, NULL);
		w = walker(&s, 0);
		err.code = DP_ERR_NONE;
		(void)dp_gitwalk_repo(w, path_in_tmp(name), &err);
		_exit(err.code);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

Test(gitwalk, unreadable_object_is_a_missing_input)
{
	char sha[41];

	make_linear();
	snprintf(sha, sizeof(sha), "%s", capture("git -C repo rev-parse "
	    "HEAD~1"));
	sh("chmod 000 repo/.git/objects/%.2s/%s", sha, sha + 2);
	cr_assert_eq(walk_unprivileged("repo"), DP_ERR_NOINPUT);
}

/* Writes a commit dated at seconds on top of HEAD and moves HEAD to it. */
static void
commit_dated(const char *repo, const char *seconds)
{
	sh("cd %s && tree=$(git mktree </dev/null) && "
	    "c=$(printf 'tree %%s\\nparent %%s\\nauthor A <a@x> %s +0000\\n"
	    "committer A <a@x> %s +0000\\n\\nodd date\\n' $tree "
	    "$(git rev-parse HEAD) | "
	    "git hash-object -t commit -w --literally --stdin) && "
	    "git update-ref HEAD $c", repo, seconds, seconds);
}

Test(gitwalk, bad_commit_is_an_error_without_warn)
{
	struct dp_error err;
	json_t *r;
	int rc;

	make_linear();
	commit_dated("repo", "300000000000");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(json_array_size(r), 0);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, path_in_tmp("repo"));
	cr_assert(strncmp(err.text, "commit ", 7) == 0, "%s", err.text);
	cr_assert_str_eq(err.text + 47, ": author time out of range: "
	    "300000000000000 ms");
	json_decref(r);
}

Test(gitwalk, bad_commit_is_skipped_with_warn)
{
	struct dp_gitwalk *w;
	struct sink s;
	char sha[41];

	make_linear();
	commit_dated("repo", "-99999999999999999");
	snprintf(sha, sizeof(sha), "%s", capture("git -C repo rev-parse "
	    "HEAD"));
	w = walker(&s, 1);
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("repo"), NULL), 0);
	cr_assert_eq(s.warned, 1);
	cr_assert_eq(s.warning.code, DP_ERR_DATA);
	cr_assert(strstr(s.warning.text, sha) != NULL, "%s", s.warning.text);
	cr_assert(strstr(s.warning.text, "author time out of range") != NULL,
	    "%s", s.warning.text);
	cr_assert_eq(json_array_size(s.records), 3);
	cr_assert_eq(num(s.records, 0, "src.rec"), 2);
	cr_assert_str_eq(str(s.records, 0, "commit.subject"), "third");
	dp_gitwalk_free(w);
	json_decref(s.records);
}

/* Returns the repo.url walking repo gives with origin set to url. */
static char *
url_of(const char *url)
{
	struct dp_error err;
	const char *u;
	char *dump, *copy;
	json_t *r;
	int rc;

	sh("git -C repo remote remove origin 2>/dev/null; "
	    "git -C repo remote add origin '%s'", url);
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	dump = json_dumps(r, 0);
	cr_assert(strstr(dump, "secret") == NULL, "%s", dump);
	free(dump);
	u = str(r, 0, "repo.url");
	cr_assert_str_eq(str(r, 2, "repo.url"), u);
	copy = strdup(u);
	json_decref(r);
	return copy;
}

Test(gitwalk, origin_url_without_credentials)
{
	static const char *const cases[][2] = {
		{ "https://user:secret@example.com/org/app.git",
		    "https://example.com/org/app.git" },
		{ "https://ghp_secret@github.com/o/r",
		    "https://github.com/o/r" },
		{ "HTTP://secret@host:8080/x?y=1", "HTTP://host:8080/x?y=1" },
		{ "https://github.com/o/r.git", "https://github.com/o/r.git" },
		{ "ssh://git@github.com/o/r.git",
		    "ssh://git@github.com/o/r.git" },
		{ "ssh://u:secret@host/r", "ssh://u@host/r" },
		{ "git@github.com:o/r.git", "git@github.com:o/r.git" },
		{ "/srv/git/r.git", "/srv/git/r.git" },
	};
	size_t i;
	char *u;

	make_linear();
	/* the reader's rewriting rules are not the repository's URL */
	sh("git -C repo config url.https://rewritten/.insteadOf "
	    "https://github.com/");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u = url_of(cases[i][0]);
		cr_assert_str_eq(u, cases[i][1]);
		free(u);
	}
}

Test(gitwalk, callback_stops_the_walk)
{
	struct dp_gitwalk *w;
	struct sink s;

	make_linear();
	w = walker(&s, 0);
	s.stop = 2;
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("repo"), NULL), 1);
	cr_assert_eq(json_array_size(s.records), 2);
	/* the posture record, then the two commits */
	cr_assert_eq(dp_gitwalk_count(w), 3);
	cr_assert_eq(s.delivered, 3);
	dp_gitwalk_free(w);
	json_decref(s.records);
}

Test(gitwalk, records_are_numbered_across_repositories)
{
	struct dp_gitwalk *w;
	struct dp_error err;
	struct sink s;

	make_linear();
	sh("git init -q -b main two");
	commit("two", "only", "2026-04-01T00:00:00Z");
	w = walker(&s, 0);
	s.all = 1;
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("repo"), NULL), 0);
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("nowhere"), &err), -1);
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp("two"), NULL), 0);
	cr_assert_eq(dp_gitwalk_count(w), s.delivered);
	cr_assert_eq(num(s.records, json_array_size(s.records) - 1,
	    "src.rec"), s.delivered);
	cr_assert_str_eq(str(s.records, json_array_size(s.records) - 1,
	    "repo.name"), "two");
	dp_gitwalk_free(w);
	json_decref(s.records);
}

Test(gitwalk, new_needs_a_record_callback)
{
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct dp_error err;

	cr_assert_null(dp_gitwalk_new(&opts, &err));
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_null(dp_gitwalk_new(NULL, &err));
	cr_assert_eq(err.code, DP_ERR_USAGE);
	dp_gitwalk_free(NULL);
}

Test(gitwalk, markers_follow_their_commit)
{
	struct dp_error err;
	json_t *r;
	int rc;

	sh("git init -q -b main repo");
	sh("GIT_AUTHOR_DATE=@1772356445 GIT_COMMITTER_DATE=@1772356445 "
	    "git -C repo commit -q --allow-empty -m one");
	sh("GIT_AUTHOR_DATE=@1772356446 GIT_COMMITTER_DATE=@1772356446 "
	    "git -C repo commit -q --allow-empty -m two -m "
	    "\"$(printf 'Co-authored-by: Claude <noreply@anthropic.com>\\n"
	    "Signed-off-by: Ada Lovelace <ada@example.com>')\"");
	r = walk("repo", &rc, &err);
	cr_assert_eq(rc, 0);
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(str(r, 0, "kind"), "scm.commit");
	cr_assert_str_eq(str(r, 0, "commit.subject"), "two");
	cr_assert_eq(flag(r, 0, "commit.ai_marked"), 1);
	cr_assert_str_eq(json_string_value(json_array_get(dp_event_get(
	    json_array_get(r, 0), "commit.ai_tools"), 0)), "claude");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    dp_event_get(json_array_get(r, 0), "commit.trailers"), 1), "key")),
	    "Signed-off-by");
	cr_assert_str_eq(str(r, 0, "commit.signature.type"), "none");
	cr_assert_str_eq(str(r, 1, "kind"), "ai.marker");
	/* record 1 is the repository's posture */
	cr_assert_eq(num(r, 1, "src.rec"), 3);
	cr_assert_str_eq(str(r, 1, "ai.commit"), str(r, 0, "commit.sha"));
	cr_assert_str_eq(str(r, 1, "time"), str(r, 0, "time"));
	cr_assert_str_eq(str(r, 2, "commit.subject"), "one");
	cr_assert_eq(num(r, 2, "src.rec"), 4);
	cr_assert_null(dp_event_get(json_array_get(r, 2), "commit.ai_marked"));
	json_decref(r);
}

Test(gitwalk, new_needs_valid_marker_data)
{
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	const char *rules = getenv("DP_RULES_DIR");
	char *saved = rules != NULL ? strdup(rules) : NULL;
	struct dp_error err;

	opts.record = keep;
	setenv("DP_RULES_DIR", tmp, 1);
	cr_assert_null(dp_gitwalk_new(&opts, &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_not_null(strstr(err.source, "ai/markers.yml"));
	if (saved != NULL)
		setenv("DP_RULES_DIR", saved, 1);
	free(saved);
}

/* Appends every line to the array arg as a string; stops as keep does. */
static int
keep_line(const char *line, size_t len, void *arg)
{
	struct sink *s = arg;

	cr_assert_null(memchr(line, '\n', len));
	/* json_array_append_new steals the new string */
	cr_assert_eq(json_array_append_new(s->records,
	    json_stringn(line, len)), 0);
	return s->stop != 0 && (int)json_array_size(s->records) >= s->stop;
}

/* Walks repo with files, as records dumped to text or as lines. */
static json_t *
walk_text(const char *repo, int lines, int threads, int stop)
{
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct dp_gitwalk *w;
	struct sink s;
	json_t *out, *ev;
	size_t i;
	char *text;

	memset(&s, 0, sizeof(s));
	cr_assert_not_null(s.records = json_array());
	s.stop = stop;
	s.all = 1;
	opts.files = 1;
	opts.threads = threads;
	opts.arg = &s;
	if (lines)
		opts.line = keep_line;
	else
		opts.record = keep;
	cr_assert_not_null(w = dp_gitwalk_new(&opts, NULL));
	cr_assert_eq(dp_gitwalk_repo(w, path_in_tmp(repo), NULL),
	    stop != 0 ? 1 : 0);
	dp_gitwalk_free(w);
	if (lines)
		return s.records;
	cr_assert_not_null(out = json_array());
	json_array_foreach(s.records, i, ev) {
		cr_assert_not_null(text = json_dumps(ev, JSON_COMPACT));
		/* json_array_append_new steals the new string */
		json_array_append_new(out, json_string(text));
		free(text);
	}
	json_decref(s.records);
	return out;
}

Test(gitwalk, lines_are_the_records_as_compact_json)
{
	json_t *want, *got;

	make_linear();
	sh("cd repo && mkdir -p a/b && printf 'x\\ny\\n' >a/b/c.txt && "
	    "printf 'q\\\"\\\\\\001\\n' >'a/we\"ird' && git add -A && "
	    "GIT_AUTHOR_DATE=2026-05-01T00:00:00Z "
	    "GIT_COMMITTER_DATE=2026-05-01T00:00:00Z "
	    "git commit -q -m 'tab\there \"quoted\"'");
	want = walk_text("repo", 0, 1, 0);
	cr_assert_gt(json_array_size(want), 5);
	got = walk_text("repo", 1, 1, 0);
	cr_assert(json_equal(want, got), "one thread differs");
	json_decref(got);
	got = walk_text("repo", 1, 2, 0);
	cr_assert(json_equal(want, got), "two threads differ");
	json_decref(got);
	got = walk_text("repo", 1, 2, 3);
	cr_assert_eq(json_array_size(got), 3);
	cr_assert(json_equal(json_array_get(want, 2), json_array_get(got, 2)));
	json_decref(got);
	json_decref(want);
}

Test(gitwalk, new_takes_a_line_callback_alone)
{
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct dp_gitwalk *w;

	opts.line = keep_line;
	cr_assert_not_null(w = dp_gitwalk_new(&opts, NULL));
	dp_gitwalk_free(w);
}
