#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2/sys/odb_backend.h>

#include "giterror.h"
#include "gitshallow.h"

/* A stand-in: a root commit of the empty tree, nobody's, dated 1970. */
static const char standin[] =
    "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
    "author - <> 0 +0000\n"
    "committer - <> 0 +0000\n"
    "\n";

/* A sorted set of object ids. */
struct ids {
	git_oid *v;
	size_t n, cap;
};

/* The object database backend that serves the stand-ins. */
struct backend {
	git_odb_backend parent;
	struct ids standins;
};

struct dp_gitshallow {
	struct ids boundary;
	struct ids standins;	/* a copy of the backend's */
};

static int
cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

static int
ids_add(struct ids *s, const git_oid *id)
{
	git_oid *v;

	if (s->n == s->cap) {
		s->cap = s->cap != 0 ? s->cap * 2 : 16;
		if ((v = realloc(s->v, s->cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
	}
	git_oid_cpy(&s->v[s->n++], id);
	return 0;
}

static int
ids_has(const struct ids *s, const git_oid *id)
{
	return s->n > 0 && bsearch(id, s->v, s->n, sizeof(*s->v), cmp_oid) !=
	    NULL;
}

static int
ids_copy(struct ids *to, const struct ids *from)
{
	to->n = to->cap = from->n;
	if (from->n == 0) {
		to->v = NULL;
		return 0;
	}
	if ((to->v = malloc(from->n * sizeof(*to->v))) == NULL)
		return -1;
	memcpy(to->v, from->v, from->n * sizeof(*to->v));
	return 0;
}

static int
standin_read(void **data, size_t *len, git_object_t *type,
    git_odb_backend *b, const git_oid *id)
{
	if (!ids_has(&((struct backend *)b)->standins, id))
		return GIT_ENOTFOUND;
	*len = sizeof(standin) - 1;
	*type = GIT_OBJECT_COMMIT;
	if ((*data = git_odb_backend_data_alloc(b, *len)) == NULL)
		return -1;
	memcpy(*data, standin, *len);
	return 0;
}

static int
standin_header(size_t *len, git_object_t *type, git_odb_backend *b,
    const git_oid *id)
{
	if (!ids_has(&((struct backend *)b)->standins, id))
		return GIT_ENOTFOUND;
	*len = sizeof(standin) - 1;
	*type = GIT_OBJECT_COMMIT;
	return 0;
}

static int
standin_exists(git_odb_backend *b, const git_oid *id)
{
	return ids_has(&((struct backend *)b)->standins, id);
}

static void
standin_free(git_odb_backend *b)
{
	free(((struct backend *)b)->standins.v);
	free(b);
}

/* Reads the ids of $GIT_DIR/shallow into s, sorted. */
static int
read_boundary(git_repository *git, struct ids *s, int *found,
    struct dp_error *e)
{
	char path[4096], line[128];
	git_oid id;
	FILE *fp;

	*found = 0;
	snprintf(path, sizeof(path), "%sshallow", git_repository_path(git));
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	*found = 1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (git_oid_fromstr(&id, line) != 0) {
			fclose(fp);
			return dp_error_set(e, DP_ERR_NOINPUT, NULL, 0, 0,
			    "%s: not an object id: %.64s", path, line);
		}
		if (ids_add(s, &id) != 0) {
			fclose(fp);
			return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	}
	fclose(fp);
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_oid);
	return 0;
}

/* Collects the parents of the boundary commits that git lacks. */
static int
missing_parents(git_repository *git, const struct ids *boundary,
    struct ids *out, struct dp_error *e)
{
	git_commit *c = NULL;
	git_odb *odb = NULL;
	const git_oid *p;
	char what[64];
	size_t i;
	unsigned int j;

	if (git_repository_odb(&odb, git) != 0)
		return dp_giterror(e, "objects");
	for (i = 0; i < boundary->n; i++) {
		if (git_commit_lookup(&c, git, &boundary->v[i]) != 0) {
			snprintf(what, sizeof(what), "commit %s",
			    git_oid_tostr_s(&boundary->v[i]));
			dp_giterror(e, what);
			e->code = DP_ERR_NOINPUT;
			git_odb_free(odb);
			return -1;
		}
		for (j = 0; j < git_commit_parentcount(c); j++) {
			p = git_commit_parent_id(c, j);
			if (!git_odb_exists(odb, p) && ids_add(out, p) != 0) {
				git_commit_free(c);
				git_odb_free(odb);
				return dp_error_set(e, DP_ERR_NOMEM, NULL, 0,
				    0, "out of memory");
			}
		}
		git_commit_free(c);
	}
	git_odb_free(odb);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_oid);
	return 0;
}

/* Adds the backend serving sh's stand-ins to git's database. */
static int
add_backend(git_repository *git, const struct dp_gitshallow *sh,
    struct dp_error *e)
{
	struct backend *b;
	git_odb *odb = NULL;

	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    ids_copy(&b->standins, &sh->standins) != 0) {
		free(b);
		return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	if (git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION) != 0 ||
	    git_repository_odb(&odb, git) != 0) {
		standin_free(&b->parent);
		return dp_giterror(e, "objects");
	}
	b->parent.read = standin_read;
	b->parent.read_header = standin_header;
	b->parent.exists = standin_exists;
	b->parent.free = standin_free;
	/* the database owns the backend from here on */
	if (git_odb_add_backend(odb, &b->parent, 0) != 0) {
		standin_free(&b->parent);
		git_odb_free(odb);
		return dp_giterror(e, "objects");
	}
	git_odb_free(odb);
	return 0;
}

int
dp_gitshallow_open(git_repository *git, struct dp_gitshallow **out,
    struct dp_error *err)
{
	struct dp_gitshallow *sh;
	int found;

	*out = NULL;
	if ((sh = calloc(1, sizeof(*sh))) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	if (read_boundary(git, &sh->boundary, &found, err) != 0 ||
	    (found && (missing_parents(git, &sh->boundary, &sh->standins,
	    err) != 0 || (sh->standins.n > 0 && add_backend(git, sh,
	    err) != 0)))) {
		dp_gitshallow_close(sh);
		return -1;
	}
	if (!found) {
		dp_gitshallow_close(sh);
		return 0;
	}
	*out = sh;
	return 0;
}

int
dp_gitshallow_hide(const struct dp_gitshallow *sh, git_revwalk *walk,
    struct dp_error *err)
{
	size_t i;

	for (i = 0; sh != NULL && i < sh->standins.n; i++)
		if (git_revwalk_hide(walk, &sh->standins.v[i]) != 0)
			return dp_giterror(err, "shallow boundary");
	return 0;
}

int
dp_gitshallow_is_boundary(const struct dp_gitshallow *sh, const git_oid *id)
{
	return sh != NULL && ids_has(&sh->boundary, id);
}

void
dp_gitshallow_close(struct dp_gitshallow *sh)
{
	if (sh == NULL)
		return;
	free(sh->boundary.v);
	free(sh->standins.v);
	free(sh);
}
