#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "identity.h"

static char dir[] = "/tmp/dp-identity-XXXXXX";

/* Runs a shell command built from fmt in the scratch folder. */
static void
sh(const char *fmt, ...)
{
	char cmd[2048], full[2304];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && GIT_CONFIG_NOSYSTEM=1 "
	    "GIT_CONFIG_GLOBAL=/dev/null HOME='%s' sh -ec '%s' >/dev/null 2>&1",
	    dir, dir, cmd);
	cr_assert_eq(system(full), 0, "command failed: %s", cmd);
}

static void
setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	git_libgit2_init();
	/* the user's and the system's git configuration must not matter */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, dir);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
}

static void
teardown(void)
{
	char cmd[128];

	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(identity, .init = setup, .fini = teardown);

static struct dp_identity *
with_mailmap(const char *text)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	struct dp_error err;

	cr_assert_not_null(ident);
	cr_assert_eq(dp_identity_add_mailmap(ident, text, strlen(text), "t",
	    &err), 0, "%s", err.text);
	return ident;
}

/* Resolves name and email and checks the canonical name, email and id. */
static void
expect(struct dp_identity *ident, const char *repo, const char *name,
    const char *email, const char *cname, const char *cemail,
    const char *id)
{
	struct dp_identity_person p;
	struct dp_error err;

	cr_assert_eq(dp_identity_resolve(ident, repo, name, email, &p, &err),
	    0, "%s", err.text);
	if (cname == NULL)
		cr_assert_null(p.name, "name %s", p.name);
	else
		cr_assert_str_eq(p.name, cname);
	if (cemail == NULL)
		cr_assert_null(p.email, "email %s", p.email);
	else
		cr_assert_str_eq(p.email, cemail);
	if (id == NULL)
		cr_assert_null(p.id, "id %s", p.id);
	else
		cr_assert_str_eq(p.id, id);
	dp_identity_person_release(&p);
}

static const char forms[] =
    "# the three forms of gitmailmap(5)\n"
    "Proper Name <commit1@x>\n"
    "<proper2@x> <commit2@x>\n"
    "Proper3 <proper3@x> Commit3 <commit3@x>   # trailing comment\n"
    "not an entry\n";

Test(identity, mailmap_forms)
{
	struct dp_identity *ident = with_mailmap(forms);

	expect(ident, NULL, "Old", "commit1@x", "Proper Name", "commit1@x",
	    "commit1@x");
	expect(ident, NULL, "Ann", "commit2@x", "Ann", "proper2@x",
	    "proper2@x");
	expect(ident, NULL, "Commit3", "commit3@x", "Proper3", "proper3@x",
	    "proper3@x");
	/* a name-specific entry leaves other names alone */
	expect(ident, NULL, "Other", "commit3@x", "Other", "commit3@x",
	    "commit3@x");
	expect(ident, NULL, "Nobody", "nobody@x", "Nobody", "nobody@x",
	    "nobody@x");
	dp_identity_free(ident);
}

Test(identity, emails_match_in_any_case)
{
	struct dp_identity *ident = with_mailmap(forms);

	/* an entry with a name only keeps the email as it was spelled */
	expect(ident, NULL, "Old", "COMMIT1@X", "Proper Name", "COMMIT1@X",
	    "commit1@x");
	expect(ident, NULL, "Ann", "Commit2@X", "Ann", "proper2@x",
	    "proper2@x");
	expect(ident, NULL, "Commit3", "COMMIT3@x", "Proper3", "proper3@x",
	    "proper3@x");
	dp_identity_free(ident);
}

Test(identity, sources_map_in_order)
{
	struct dp_identity *ident = with_mailmap("<b@x> <a@x>\n");
	struct dp_error err;
	const char *second = "Bee <c@x> <b@x>\n";

	cr_assert_eq(dp_identity_add_mailmap(ident, second, strlen(second),
	    "second", &err), 0);
	expect(ident, NULL, "A", "a@x", "Bee", "c@x", "c@x");
	/* the second file does not map back into the first */
	expect(ident, NULL, "B", "b@x", "Bee", "c@x", "c@x");
	dp_identity_free(ident);
}

Test(identity, actor_id_rules)
{
	struct dp_identity *ident = dp_identity_new(NULL);

	expect(ident, NULL, "Ann", "Ann.B@Example.COM", "Ann",
	    "Ann.B@Example.COM", "ann.b@example.com");
	/* only ASCII letters are lower-cased */
	expect(ident, NULL, "J", "\xc3\x84NN@X", "J", "\xc3\x84NN@X",
	    "\xc3\x84nn@x");
	expect(ident, NULL, "Ann Example", NULL, "Ann Example", NULL,
	    "name:Ann Example");
	expect(ident, NULL, "Ann Example", "", "Ann Example", "",
	    "name:Ann Example");
	expect(ident, NULL, NULL, "a@x", NULL, "a@x", "a@x");
	expect(ident, NULL, NULL, NULL, NULL, NULL, NULL);
	expect(ident, NULL, "", "", "", "", NULL);
	dp_identity_free(ident);
}

Test(identity, repository_mailmap)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	char repo[128];

	sh("git init -q app && printf \"Ann <ann@x> <ann@old>\\n\" "
	    ">app/.mailmap && printf \"Bob <bob@x> <bob@old>\\n\" >extra && "
	    "git -C app config mailmap.file ../extra");
	snprintf(repo, sizeof(repo), "%s/app", dir);
	expect(ident, repo, "ann", "ANN@old", "Ann", "ann@x", "ann@x");
	expect(ident, repo, "bob", "bob@old", "Bob", "bob@x", "bob@x");
	/* read once: later changes to the repository are not seen */
	sh("rm app/.mailmap");
	expect(ident, repo, "ann", "ann@old", "Ann", "ann@x", "ann@x");
	/* a record without a repository uses no repository's mailmap */
	expect(ident, NULL, "ann", "ann@old", "ann", "ann@old", "ann@old");
	dp_identity_free(ident);
}

Test(identity, each_repository_has_its_own_mailmap)
{
	static const char *const names[] = { "m", "z", "a", "q", "b" };
	struct dp_identity *ident = dp_identity_new(NULL);
	char repo[128], name[16], email[16];
	size_t i, round;

	for (i = 0; i < 5; i++)
		sh("git init -q %s && printf \"Dev %s <dev@%s> <dev@old>\\n\" "
		    ">%s/.mailmap", names[i], names[i], names[i], names[i]);
	/*
	 * The first round inserts at both ends and in between; the second
	 * must find every mailmap in the cache, the files being gone.
	 */
	for (round = 0; round < 2; round++) {
		if (round == 1)
			sh("rm */.mailmap");
		for (i = 0; i < 5; i++) {
			snprintf(repo, sizeof(repo), "%s/%s", dir, names[i]);
			snprintf(name, sizeof(name), "Dev %s", names[i]);
			snprintf(email, sizeof(email), "dev@%s", names[i]);
			expect(ident, repo, "d", "dev@old", name, email, email);
		}
	}
	dp_identity_free(ident);
}

Test(identity, repository_mailmap_blobs)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	char repo[128];

	sh("git init -q w && printf \"Ann <ann@x> <ann@old>\\n\" >w/.mailmap "
	    "&& printf \"Bob <bob@x> <bob@old>\\n\" >w/team && "
	    "git -C w add .mailmap team && git -C w -c user.name=T "
	    "-c user.email=t@x commit -qm m && git clone -q --bare w b.git && "
	    "git -C w config mailmap.blob HEAD:team && rm w/.mailmap");
	/* a bare repository reads HEAD:.mailmap */
	snprintf(repo, sizeof(repo), "%s/b.git", dir);
	expect(ident, repo, "ann", "ann@old", "Ann", "ann@x", "ann@x");
	expect(ident, repo, "bob", "bob@old", "bob", "bob@old", "bob@old");
	/* mailmap.blob names another blob */
	snprintf(repo, sizeof(repo), "%s/w", dir);
	expect(ident, repo, "bob", "bob@old", "Bob", "bob@x", "bob@x");
	expect(ident, repo, "ann", "ann@old", "ann", "ann@old", "ann@old");
	dp_identity_free(ident);
}

Test(identity, explicit_mailmap_after_repository)
{
	struct dp_identity *ident = with_mailmap("Ann Org <ann@org> <ann@x>\n");
	char repo[128];

	sh("git init -q app && printf \"<ann@x> <ann@old>\\n\" >app/.mailmap");
	snprintf(repo, sizeof(repo), "%s/app", dir);
	expect(ident, repo, "ann", "ann@old", "Ann Org", "ann@org",
	    "ann@org");
	dp_identity_free(ident);
}

Test(identity, unknown_repository_warns_once)
{
	struct dp_identity *ident = with_mailmap("Ann <ann@x> <ann@old>\n");
	struct dp_identity_person p;
	struct dp_error err;
	char notrepo[128];

	cr_assert_eq(dp_identity_resolve(ident, "/nonexistent/app", "a",
	    "ann@old", &p, &err), DP_IDENTITY_WARN);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.text, "cannot open repository '/nonexistent/app':"
	    " failed to resolve path '/nonexistent/app': No such file or "
	    "directory");
	/* the other sources still apply */
	cr_assert_str_eq(p.name, "Ann");
	cr_assert_str_eq(p.id, "ann@x");
	dp_identity_person_release(&p);
	cr_assert_eq(dp_identity_resolve(ident, "/nonexistent/app", "a",
	    "ann@old", &p, &err), 0);
	dp_identity_person_release(&p);

	/* a folder that is no repository, not even inside one */
	sh("git init -q outer && mkdir outer/sub");
	snprintf(notrepo, sizeof(notrepo), "%s/outer/sub", dir);
	cr_assert_eq(dp_identity_resolve(ident, notrepo, "a", "a@x", &p,
	    &err), DP_IDENTITY_WARN);
	cr_assert(strstr(err.text, "could not find repository") != NULL,
	    "%s", err.text);
	dp_identity_person_release(&p);
	dp_identity_free(ident);
}

Test(identity, repository_mailmaps_can_be_turned_off)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	struct dp_identity_person p;
	char repo[128];

	sh("git init -q app && printf \"Ann <ann@x> <ann@old>\\n\" "
	    ">app/.mailmap");
	snprintf(repo, sizeof(repo), "%s/app", dir);
	dp_identity_set_repo_mailmap(ident, 0);
	expect(ident, repo, "ann", "ann@old", "ann", "ann@old", "ann@old");
	cr_assert_eq(dp_identity_resolve(ident, "/nonexistent", "a", "a@x",
	    &p, NULL), 0);
	dp_identity_person_release(&p);
	dp_identity_free(ident);
}

Test(identity, repository_mailmap_is_repaired_to_utf8)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	char repo[128];

	sh("git init -q app && printf \"Ann \\\\377 <ann@x> <ann@old>\\n\" "
	    ">app/.mailmap");
	snprintf(repo, sizeof(repo), "%s/app", dir);
	expect(ident, repo, "ann", "ann@old", "Ann \xef\xbf\xbd", "ann@x",
	    "ann@x");
	dp_identity_free(ident);
}

Test(identity, mailmap_file)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	struct dp_error err;
	char path[128];

	sh("printf \"Ann <ann@x> <ann@old>\\n\" >mm");
	snprintf(path, sizeof(path), "%s/mm", dir);
	cr_assert_eq(dp_identity_add_mailmap_file(ident, path, &err), 0,
	    "%s", err.text);
	expect(ident, NULL, "a", "ann@old", "Ann", "ann@x", "ann@x");
	dp_identity_free(ident);
}

Test(identity, mailmap_file_errors)
{
	struct dp_identity *ident = dp_identity_new(NULL);
	struct dp_error err;
	char path[128];

	cr_assert_eq(dp_identity_add_mailmap_file(ident, "/nonexistent/mm",
	    &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, "");
	cr_assert_str_eq(err.text,
	    "cannot open '/nonexistent/mm': No such file or directory");

	cr_assert_eq(dp_identity_add_mailmap_file(ident, dir, &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert(strstr(err.text, "': Is a directory") != NULL, "%s",
	    err.text);
	cr_assert(strncmp(err.text, "cannot read '", 13) == 0, "%s",
	    err.text);

	sh("printf \"A <a@x> <b@x>\\nB\\\\351 <b@x>\\n\" >latin1");
	snprintf(path, sizeof(path), "%s/latin1", dir);
	cr_assert_eq(dp_identity_add_mailmap_file(ident, path, &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.source, path);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 2);
	cr_assert_str_eq(err.text, "invalid UTF-8");

	sh("head -c %zu /dev/zero | tr \"\\\\000\" x >big",
	    DP_IDENTITY_MAILMAP_MAX + 1);
	snprintf(path, sizeof(path), "%s/big", dir);
	cr_assert_eq(dp_identity_add_mailmap_file(ident, path, &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert(strstr(err.text, "larger than") != NULL, "%s", err.text);
	dp_identity_free(ident);
}

Test(identity, mailmap_with_nul_is_rejected)
{
	static const char text[] = "A <a@x>\nB\0 <b@x>\n";
	struct dp_identity *ident = dp_identity_new(NULL);
	struct dp_error err;

	cr_assert_eq(dp_identity_add_mailmap(ident, text, sizeof(text) - 1,
	    "t", &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.source, "t");
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 2);
	cr_assert_str_eq(err.text, "NUL byte in mailmap");
	dp_identity_free(ident);
}
