#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "gitfind.h"

static char root[PATH_MAX];

static void
setup(void)
{
	snprintf(root, sizeof(root), "%s/dp-gitfind.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(root));
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

static void
mk(const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
}

static void
touch(const char *rel)
{
	char path[PATH_MAX * 2];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	cr_assert_not_null(fp = fopen(path, "w"));
	fclose(fp);
}

/* Appends the found path, relative to root, and a space. */
static int
found(const char *path, void *arg)
{
	strncat(arg, path + strlen(root) + 1, 200);
	strncat(arg, " ", 2);
	return 0;
}

static int
stop(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	return 1;
}

TestSuite(gitfind, .init = setup, .fini = teardown);

Test(gitfind, finds_work_trees_and_bare_repositories_in_order)
{
	char out[1024] = "";
	char link[PATH_MAX * 2], target[PATH_MAX * 2];

	mk("b");
	mk("b/app");
	mk("b/app/.git");
	mk("b/app/.git/sub");	/* never searched */
	mk("a.git");
	touch("a.git/HEAD");
	mk("a.git/objects");
	mk("a.git/refs");
	mk("c");
	touch("c/.git");	/* a worktree's .git file */
	mk("plain");
	touch("plain/HEAD");	/* no objects/ nor refs/: not bare */
	snprintf(link, sizeof(link), "%s/z", root);
	snprintf(target, sizeof(target), "%s/b", root);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(dp_gitfind(root, found, NULL, out, NULL), 0);
	cr_assert_str_eq(out, "a.git b/app c ");
}

Test(gitfind, a_callback_stops_the_search)
{
	mk("x");
	mk("x/.git");
	cr_assert_eq(dp_gitfind(root, stop, NULL, NULL, NULL), 1);
}

Test(gitfind, missing_root_is_a_missing_input)
{
	char path[PATH_MAX * 2];
	struct dp_error err;

	snprintf(path, sizeof(path), "%s/nowhere", root);
	cr_assert_eq(dp_gitfind(path, found, NULL, NULL, &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, path);
}

Test(gitfind, a_file_is_not_a_folder)
{
	char path[PATH_MAX * 2];
	struct dp_error err;

	touch("f");
	snprintf(path, sizeof(path), "%s/f", root);
	cr_assert_eq(dp_gitfind(path, found, NULL, NULL, &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.text, "not a folder");
}
