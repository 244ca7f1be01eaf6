/*
 * identity: who a person named in a record is.
 *
 * A resolver (struct dp_identity) maps the name and email that a record
 * carries for a person to a canonical name and email and to an actor id,
 * the one id per developer that dp-score and dp-report group by.  Its
 * sources are added one by one.  A person goes through them in this
 * order, each source mapping what the one before returned:
 *
 *	1. the mailmap of the record's repository, read by libgit2
 *	   (git_mailmap_from_repository): .mailmap in the work tree, the
 *	   blob named by mailmap.blob (HEAD:.mailmap in a bare repository)
 *	   and the file named by mailmap.file.  It is read once per
 *	   repository path and kept; a path that cannot be opened as a
 *	   repository is remembered as having no mailmap;
 *	2. each mailmap file added, in the order added.
 *
 * Mailmap entries are those of gitmailmap(5).  libgit2 compares the old
 * name and email of an entry exactly, while git ignores case; an email
 * that no entry matches is therefore looked up again in lower case, so
 * that entries written in lower case (as mailmaps usually are) match
 * any spelling, as they do in git.
 *
 * The actor id is the canonical email with the ASCII letters lower-cased;
 * for a person without an email (none, or empty), "name:" followed by
 * the canonical name.  A person with neither has no id.
 *
 * The resolver owns its mailmaps and its cache of repositories.  libgit2
 * must be initialised (git_libgit2_init) while a resolver is used.
 */
#ifndef DP_IDENTITY_H
#define DP_IDENTITY_H

#include <stddef.h>

#include "error.h"

/* The largest mailmap file dp_identity_add_mailmap_file() reads. */
#define DP_IDENTITY_MAILMAP_MAX ((size_t)16 << 20)

/* Returned by dp_identity_resolve() when a warning is in err. */
#define DP_IDENTITY_WARN 1

struct dp_identity;

/* A resolved person; the strings are owned by it. */
struct dp_identity_person {
	char *name;		/* canonical name, or NULL when none */
	char *email;		/* canonical email, or NULL when none */
	char *id;		/* actor id, or NULL when no name nor email */
};

/*
 * Returns a new resolver with no mailmap files that reads the mailmap
 * of each repository; free with dp_identity_free().  Returns NULL with
 * DP_ERR_NOMEM.
 */
struct dp_identity *dp_identity_new(struct dp_error *err);

void	dp_identity_free(struct dp_identity *ident);

/*
 * Turns the mailmaps of repositories on (the default) or off.  Off, no
 * repository is opened.
 */
void	dp_identity_set_repo_mailmap(struct dp_identity *ident, int on);

/*
 * Adds as the next source the mailmap in the len bytes at buf; source
 * names it in errors.  Returns 0, or -1 with DP_ERR_CONFIG (with the
 * line and column) when the text holds a NUL byte or invalid UTF-8,
 * which canonical names in JSON cannot carry, or DP_ERR_NOMEM.  Lines
 * that are not mailmap entries are ignored, as git ignores them.
 */
int	dp_identity_add_mailmap(struct dp_identity *ident, const char *buf,
	    size_t len, const char *source, struct dp_error *err);

/*
 * Reads the file at path and adds it as by dp_identity_add_mailmap().
 * Returns 0, or -1 with DP_ERR_NOINPUT ("cannot open 'x': reason" or
 * "cannot read 'x': reason"), DP_ERR_CONFIG (as above, or a file larger
 * than DP_IDENTITY_MAILMAP_MAX) or DP_ERR_NOMEM.
 */
int	dp_identity_add_mailmap_file(struct dp_identity *ident,
	    const char *path, struct dp_error *err);

/*
 * Resolves the person seen with name and email (either may be NULL) in
 * a record of the repository at repo (NULL when the record names none)
 * into out, which is then owned by the caller: release it with
 * dp_identity_person_release().  Without a mapping, out holds copies of
 * name and email.  Canonical strings from a repository's mailmap are
 * repaired to valid UTF-8.
 *
 * Returns 0; or DP_IDENTITY_WARN, out being filled all the same, the
 * first time repo cannot be opened, with DP_ERR_NOINPUT in err ("cannot
 * open repository 'x': reason"); or -1 with DP_ERR_NOMEM or
 * DP_ERR_INTERNAL (a libgit2 failure, its message in err), out being
 * empty.
 */
int	dp_identity_resolve(struct dp_identity *ident, const char *repo,
	    const char *name, const char *email,
	    struct dp_identity_person *out, struct dp_error *err);

/* Frees the strings of p and clears it.  p may be NULL. */
void	dp_identity_person_release(struct dp_identity_person *p);

#endif
