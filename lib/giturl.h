/*
 * giturl: the parts of a git remote URL that are safe to report.
 *
 * Three forms are understood: "scheme://[user[:password]@]host[:port]/
 * path", the scp-like "[user@]host:path", and local paths.  A password
 * is never kept.  In http and https URLs a user name alone is often an
 * access token ("https://ghp_...@github.com/o/r"): one of 20 characters
 * or more, or with a known token prefix, counts as a credential and is
 * dropped too; a shorter one is kept as the user.
 */
#ifndef DP_GITURL_H
#define DP_GITURL_H

/* A parsed URL; every string is owned, NULL when absent. */
struct dp_giturl {
	char *url;		/* the URL without credentials */
	char *host;		/* without port; NULL for local paths */
	char *user;		/* the account name, when not a credential */
	int credentials;	/* a password or token was embedded */
};

/*
 * Parses url into u (release with dp_giturl_release(), also after an
 * error).  Returns 0, or -1 when memory runs out.
 */
int	dp_giturl_parse(const char *url, struct dp_giturl *u);

/* Frees what u owns. */
void	dp_giturl_release(struct dp_giturl *u);

#endif
