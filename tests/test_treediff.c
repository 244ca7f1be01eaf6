#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "treediff.h"

static char tmp[PATH_MAX];
static git_repository *git;
static struct dp_treediff d;

static void
setup(void)
{
	char made[] = "/tmp/dp-treediff.XXXXXX";

	cr_assert_not_null(mkdtemp(made));
	cr_assert_not_null(realpath(made, tmp));
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "A", 1);
	setenv("GIT_AUTHOR_EMAIL", "a@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "A", 1);
	setenv("GIT_COMMITTER_EMAIL", "a@example.com", 1);
	git_libgit2_init();
	dp_treediff_init(&d);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	dp_treediff_release(&d);
	git_repository_free(git);
	git = NULL;
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	(void)system(cmd);
}

TestSuite(treediff, .init = setup, .fini = teardown);

/* Runs a shell command in a new repository r; it must succeed. */
static void __attribute__((format(printf, 1, 2)))
in_repo(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int n;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && { [ -d r ] || "
	    "git init -q r; } && cd r && { ", tmp);
	va_start(ap, fmt);
	n += vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, "; } >/dev/null 2>&1");
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

/* Returns the tree of revision rev of r, NULL for "-" (the empty tree). */
static git_tree *
tree(const char *rev)
{
	char path[PATH_MAX + 4];
	git_object *o;

	if (git == NULL) {
		snprintf(path, sizeof(path), "%s/r", tmp);
		cr_assert_eq(git_repository_open(&git, path), 0);
	}
	if (strcmp(rev, "-") == 0)
		return NULL;
	cr_assert_eq(git_revparse_single(&o, git, rev), 0, "%s", rev);
	return (git_tree *)o;
}

/* Diffs two revisions' trees, renames paired when renames is set. */
static void
diff(const char *from, const char *to, int renames)
{
	git_tree *a = tree(from), *b = tree(to);
	struct dp_error err;

	cr_assert_eq(dp_treediff_trees(&d, git, a, b, &err), 0, "%s",
	    err.text);
	if (renames)
		cr_assert_eq(dp_treediff_renames(&d, git, &err), 0,
		    "%s", err.text);
	git_tree_free(a);
	git_tree_free(b);
}

/* Asserts change i: path, old path or NULL, modes. */
static void
expect(size_t i, const char *path, const char *old_path, unsigned int om,
    unsigned int nm)
{
	cr_assert_lt(i, d.n);
	cr_assert_str_eq(d.v[i].path, path);
	if (old_path == NULL)
		cr_assert_null(d.v[i].old_path, "%s", path);
	else
		cr_assert_str_eq(d.v[i].old_path, old_path);
	cr_assert_eq(d.v[i].old_mode, om, "%s: %o", path, d.v[i].old_mode);
	cr_assert_eq(d.v[i].new_mode, nm, "%s: %o", path, d.v[i].new_mode);
}

Test(treediff, a_root_commit_adds_every_file_in_path_order)
{
	in_repo("mkdir -p a/b && echo 1 >a/b/c && echo 2 >a.txt && "
	    "echo 3 >z && echo 4 >a-b && git add . && git commit -qm 1");
	diff("-", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 4);
	expect(0, "a-b", NULL, 0, 0100644);
	expect(1, "a.txt", NULL, 0, 0100644);
	expect(2, "a/b/c", NULL, 0, 0100644);
	expect(3, "z", NULL, 0, 0100644);
}

Test(treediff, only_changed_paths_are_listed)
{
	in_repo("mkdir -p a/b k && echo 1 >a/b/c && echo 2 >a/d && "
	    "echo 3 >k/keep && echo 4 >gone && git add . && "
	    "git commit -qm 1 && echo 5 >>a/b/c && echo 6 >a/new && "
	    "git rm -q gone && git add . && git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 3);
	expect(0, "a/b/c", NULL, 0100644, 0100644);
	cr_assert(!git_oid_equal(&d.v[0].old_id, &d.v[0].new_id));
	expect(1, "a/new", NULL, 0, 0100644);
	expect(2, "gone", NULL, 0100644, 0);
}

Test(treediff, modes_symlinks_and_submodules)
{
	in_repo("echo x >run && echo y >link && git add . && "
	    "git commit -qm 1 && chmod +x run && rm link && "
	    "ln -s run link && git update-index --add --cacheinfo "
	    "160000,$(git rev-parse HEAD),sub && git add run link && "
	    "git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 3);
	expect(0, "link", NULL, 0100644, 0120000);
	expect(1, "run", NULL, 0100644, 0100755);
	cr_assert(git_oid_equal(&d.v[1].old_id, &d.v[1].new_id));
	expect(2, "sub", NULL, 0, 0160000);
}

Test(treediff, a_file_that_becomes_a_folder)
{
	in_repo("echo 1 >x && git add . && git commit -qm 1 && rm x && "
	    "mkdir x && echo 2 >x/y && git add -A && git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 2);
	expect(0, "x", NULL, 0100644, 0);
	expect(1, "x/y", NULL, 0, 0100644);
}

/* Returns the similarity git gives the rename to path in HEAD. */
static int
git_similarity(const char *path)
{
	char cmd[PATH_MAX + 256], line[64];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "cd '%s/r' && git diff --raw -M HEAD~ "
	    "HEAD | sed -n 's/.* R\\([0-9]*\\)\t.*\t%s$/\\1/p'", tmp,
	    path);
	cr_assert_not_null(p = popen(cmd, "r"));
	cr_assert_not_null(fgets(line, sizeof(line), p));
	pclose(p);
	return (int)strtol(line, NULL, 10);
}

Test(treediff, exact_and_similar_renames_are_paired)
{
	in_repo("mkdir d && seq 1 50 >d/big && echo same >old && "
	    "echo other >keep && git add . && git commit -qm 1 && "
	    "git mv old new && git mv d/big moved && seq 51 58 >>moved && "
	    "git add . && git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 0);
	cr_assert_eq(d.n, 4);
	diff("HEAD~^{tree}", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 2);
	expect(0, "moved", "d/big", 0100644, 0100644);
	cr_assert_eq(d.v[0].similarity, git_similarity("moved"));
	cr_assert_lt(d.v[0].similarity, 100);
	expect(1, "new", "old", 0100644, 0100644);
	cr_assert_eq(d.v[1].similarity, 100);
	cr_assert(git_oid_equal(&d.v[1].old_id, &d.v[1].new_id));
}

Test(treediff, unrelated_files_are_not_renames)
{
	in_repo("seq 1 50 >a && git add . && git commit -qm 1 && git rm -q a "
	    "&& seq 100 170 >b && git add . && git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 1);
	cr_assert_eq(d.n, 2);
	expect(0, "a", NULL, 0100644, 0);
	expect(1, "b", NULL, 0, 0100644);
}

Test(treediff, a_missing_subtree_is_a_data_error)
{
	git_tree *a, *b;
	struct dp_error err;

	in_repo("mkdir d && echo 1 >d/f && git add . && git commit -qm 1 && "
	    "echo 2 >d/f && git add . && git commit -qm 2 && "
	    "t=$(git rev-parse HEAD:d) && "
	    "rm -f .git/objects/$(echo $t | cut -c1-2)/$(echo $t | cut -c3-)");
	a = tree("HEAD~^{tree}");
	b = tree("HEAD^{tree}");
	cr_assert_eq(dp_treediff_trees(&d, git, a, b, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_not_null(strstr(err.text, "d/"), "%s", err.text);
	cr_assert_eq(d.n, 0);
	git_tree_free(a);
	git_tree_free(b);
}

/* Diffs two revisions' trees by id, expecting the error code. */
static void
diff_ids_fails(const char *from, const char *to, const char *text)
{
	git_object *a, *b;
	struct dp_error err;

	tree("-");
	cr_assert_eq(git_revparse_single(&a, git, from), 0, "%s", from);
	cr_assert_eq(git_revparse_single(&b, git, to), 0, "%s", to);
	cr_assert_eq(dp_treediff_ids(&d, git, git_object_id(a),
	    git_object_id(b), &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_not_null(strstr(err.text, text), "%s", err.text);
	cr_assert_eq(d.n, 0);
	git_object_free(a);
	git_object_free(b);
}

Test(treediff, an_id_that_is_not_a_tree_is_a_data_error)
{
	in_repo("echo 1 >f && git add . && git commit -qm 1");
	diff_ids_fails("HEAD^{tree}", "HEAD:f", "not a tree");
}

Test(treediff, a_malformed_tree_is_a_data_error)
{
	char path[PATH_MAX + 16], hex[64];
	struct dp_error err;
	git_oid bad;
	FILE *f;

	/* libgit2 refuses to parse it, so it is named by its id */
	in_repo("printf '100644 no-id\\000abc' | git hash-object -t tree "
	    "--literally -w --stdin >bad");
	tree("-");
	snprintf(path, sizeof(path), "%s/r/bad", tmp);
	cr_assert_not_null(f = fopen(path, "r"));
	cr_assert_not_null(fgets(hex, sizeof(hex), f));
	fclose(f);
	cr_assert_eq(git_oid_fromstrn(&bad, hex, GIT_OID_HEXSZ), 0);
	cr_assert_eq(dp_treediff_ids(&d, git, NULL, &bad, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_not_null(strstr(err.text, "corrupt tree"), "%s", err.text);
	cr_assert_eq(d.n, 0);
}

/*
 * Wide trees: changes at the start, in the middle and at the end, names
 * that share their ends with others, an insertion that shifts every
 * entry after it; the list must be git's.
 */
Test(treediff, wide_trees_list_what_git_lists)
{
	char cmd[PATH_MAX + 128], line[256], got[8192], want[8192];
	size_t i, n = 0;
	FILE *p;

	in_repo("mkdir w && for i in $(seq 100 400); do echo $i >w/f$i; "
	    "echo $i >x$i; done && git add . && git commit -qm 1 && "
	    "echo a >>w/f100 && echo b >>w/f250 && echo c >>w/f400 && "
	    "echo d >w/f2500 && echo e >w/f0 && git rm -q w/f300 x200 && "
	    "echo f >x400 && echo g >x4000 && git add -A && "
	    "git commit -qm 2");
	diff("HEAD~^{tree}", "HEAD^{tree}", 0);
	got[0] = '\0';
	for (i = 0; i < d.n; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s\n",
		    d.v[i].path);
	snprintf(cmd, sizeof(cmd), "cd '%s/r' && git diff-tree -r "
	    "--name-only --no-renames HEAD~ HEAD", tmp);
	cr_assert_not_null(p = popen(cmd, "r"));
	want[0] = '\0';
	for (n = 0; fgets(line, sizeof(line), p) != NULL; )
		n += (size_t)snprintf(want + n, sizeof(want) - n, "%s", line);
	pclose(p);
	cr_assert_eq(d.n, 9);
	cr_assert_str_eq(got, want);
}
