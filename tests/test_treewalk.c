#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "treewalk.h"

static char root[PATH_MAX];

static void
setup(void)
{
	snprintf(root, sizeof(root), "%s/dp-treewalk.XXXXXX",
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

TestSuite(treewalk, .init = setup, .fini = teardown);

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

struct seen {
	char text[4096];
	int stop_after;		/* entries before stopping, 0 for never */
	int n;
};

/* Appends "K:rel " for each entry, K the kind's first letter. */
static int
add(const struct dp_treewalk_entry *e, void *arg)
{
	static const char kinds[] = "flsge";
	struct seen *s = arg;
	size_t used = strlen(s->text);

	cr_assert_eq(strncmp(e->path, root, strlen(root)), 0);
	cr_assert_str_eq(e->path + strlen(root) + 1, e->rel);
	cr_assert_eq(e->st == NULL, e->kind == DP_TREEWALK_ERROR);
	snprintf(s->text + used, sizeof(s->text) - used, "%c:%s ",
	    kinds[e->kind], e->rel);
	return ++s->n == s->stop_after;
}

Test(treewalk, visits_files_in_byte_order_without_following_links)
{
	struct seen s = { "", 0, 0 };
	char target[PATH_MAX + 8];

	mk("b");
	touch("b/z");
	touch("b/a");
	touch("B");
	touch("a.txt");
	mk("a");
	touch("a/x");
	mk(".git");
	touch(".git/config");
	mk("sub");
	touch("sub/.git");
	snprintf(target, sizeof(target), "%s/b", root);
	cr_assert_eq(chdir(root), 0);
	cr_assert_eq(symlink(target, "link"), 0);
	cr_assert_eq(mkfifo("fifo", 0644), 0);
	cr_assert_eq(dp_treewalk(root, NULL, add, &s, NULL), 0);
	cr_assert_str_eq(s.text, "g:.git f:B f:a/x f:a.txt f:b/a f:b/z "
	    "s:fifo l:link f:sub/.git ");
}

Test(treewalk, leaves_out_what_is_excluded)
{
	struct seen s = { "", 0, 0 };
	struct dp_ignore *ig;

	mk("build");
	touch("build/out.o");
	mk("src");
	touch("src/main.c");
	touch("src/main.o");
	touch("src/keep.o");
	cr_assert_not_null(ig = dp_ignore_new(NULL));
	cr_assert_eq(dp_ignore_add(ig, "build/", NULL), 0);
	cr_assert_eq(dp_ignore_add(ig, "*.o", NULL), 0);
	cr_assert_eq(dp_ignore_add(ig, "!keep.o", NULL), 0);
	cr_assert_eq(dp_treewalk(root, ig, add, &s, NULL), 0);
	cr_assert_str_eq(s.text, "f:src/keep.o f:src/main.c ");
	dp_ignore_free(ig);
}

Test(treewalk, stops_when_asked)
{
	struct seen s = { "", 2, 0 };

	touch("a");
	touch("b");
	touch("c");
	cr_assert_eq(dp_treewalk(root, NULL, add, &s, NULL), 1);
	cr_assert_str_eq(s.text, "f:a f:b ");
}

Test(treewalk, joins_a_root_with_a_trailing_slash_once)
{
	struct seen s = { "", 0, 0 };
	char slashed[PATH_MAX + 2];

	touch("a");
	snprintf(slashed, sizeof(slashed), "%s/", root);
	cr_assert_eq(dp_treewalk(slashed, NULL, add, &s, NULL), 0);
	cr_assert_str_eq(s.text, "f:a ");
}

static int
one(const struct dp_treewalk_entry *e, void *arg)
{
	cr_assert_eq(e->kind, DP_TREEWALK_FILE);
	cr_assert_str_eq(e->rel, "");
	snprintf(arg, 256, "%s", e->path);
	return 0;
}

Test(treewalk, reports_a_file_root_as_itself)
{
	char path[PATH_MAX + 8], got[256] = "";

	touch("f");
	snprintf(path, sizeof(path), "%s/f", root);
	cr_assert_eq(dp_treewalk(path, NULL, one, got, NULL), 0);
	cr_assert_str_eq(got, path);
}

Test(treewalk, reports_folders_too_deep)
{
	struct seen s = { "", 0, 0 };
	char rel[2 * (DP_TREEWALK_MAX_DEPTH + 2)] = "d";
	int i;

	/* folders 1 to 257 below the root; the 256th is not read */
	mk(rel);
	for (i = 1; i <= DP_TREEWALK_MAX_DEPTH; i++) {
		memcpy(rel + 2 * i - 1, "/d", 3);
		mk(rel);
	}
	cr_assert_eq(dp_treewalk(root, NULL, add, &s, NULL), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(strncmp(s.text, "e:d/d/", 6), 0);
	cr_assert_eq(strlen(s.text), 2 + 2 * DP_TREEWALK_MAX_DEPTH - 1 + 1);
}

Test(treewalk, fails_on_a_missing_or_special_root)
{
	struct dp_error err;
	char path[PATH_MAX + 8];

	snprintf(path, sizeof(path), "%s/missing", root);
	cr_assert_eq(dp_treewalk(path, NULL, add, NULL, &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, path);
	cr_assert_str_eq(err.text, "No such file or directory");
	snprintf(path, sizeof(path), "%s/fifo", root);
	cr_assert_eq(mkfifo(path, 0644), 0);
	cr_assert_eq(dp_treewalk(path, NULL, add, NULL, &err), -1);
	cr_assert_str_eq(err.text, "not a folder or a regular file");
}
