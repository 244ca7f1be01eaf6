#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "giturl.h"

/* Prefixes of access tokens that may stand as an http user name. */
static const char *const token_prefixes[] = {
	"ghp_", "gho_", "ghu_", "ghs_", "github_pat_", "glpat-", "gldt-",
	"ATBB", "x-access-token", "x-oauth-basic", "oauth2"
};

static int
looks_like_token(const char *user, size_t n)
{
	size_t i, k;

	if (n >= 20)
		return 1;
	for (i = 0; i < sizeof(token_prefixes) / sizeof(*token_prefixes);
	    i++) {
		k = strlen(token_prefixes[i]);
		if (n >= k && strncmp(user, token_prefixes[i], k) == 0)
			return 1;
	}
	return 0;
}

/* Copies the host of the n bytes at s, without any port. */
static char *
host_of(const char *s, size_t n)
{
	const char *end = s + n, *colon;

	if (n > 0 && *s == '[') {
		if ((colon = memchr(s, ']', n)) != NULL)
			return strndup(s + 1, (size_t)(colon - s - 1));
	} else if ((colon = memchr(s, ':', n)) != NULL)
		end = colon;
	return strndup(s, (size_t)(end - s));
}

static int
parse_scheme(const char *url, const char *sep, struct dp_giturl *u)
{
	const char *auth = sep + 3, *end, *at = NULL, *p, *colon;
	size_t head = (size_t)(auth - url), ulen;
	int http;

	http = (head == 7 && strncasecmp(url, "http", 4) == 0) ||
	    (head == 8 && strncasecmp(url, "https", 5) == 0);
	end = auth + strcspn(auth, "/?#");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL) {
		if ((u->url = strdup(url)) == NULL ||
		    (u->host = host_of(auth, (size_t)(end - auth))) == NULL)
			return -1;
		return 0;
	}
	colon = memchr(auth, ':', (size_t)(at - auth));
	ulen = colon != NULL ? (size_t)(colon - auth) : (size_t)(at - auth);
	u->credentials = colon != NULL || (http && looks_like_token(auth,
	    ulen));
	if (ulen > 0 && !(http && colon == NULL && u->credentials) &&
	    (u->user = strndup(auth, ulen)) == NULL)
		return -1;
	if ((u->host = host_of(at + 1, (size_t)(end - at - 1))) == NULL)
		return -1;
	/* http(s): no user information at all; others: the user alone */
	if ((u->url = malloc(strlen(url) + 1)) == NULL)
		return -1;
	memcpy(u->url, url, head);
	if (!http && u->user != NULL) {
		memcpy(u->url + head, auth, ulen);
		head += ulen;
		u->url[head++] = '@';
	}
	memcpy(u->url + head, at + 1, strlen(at + 1) + 1);
	return 0;
}

int
dp_giturl_parse(const char *url, struct dp_giturl *u)
{
	const char *sep, *colon, *slash, *at;

	memset(u, 0, sizeof(*u));
	if ((sep = strstr(url, "://")) != NULL)
		return parse_scheme(url, sep, u);
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon != NULL && colon != url && (slash == NULL || colon < slash)) {
		/* scp-like [user@]host:path */
		at = memchr(url, '@', (size_t)(colon - url));
		if (at != NULL && (u->user = strndup(url,
		    (size_t)(at - url))) == NULL)
			return -1;
		at = at != NULL ? at + 1 : url;
		if ((u->host = strndup(at, (size_t)(colon - at))) == NULL)
			return -1;
	}
	return (u->url = strdup(url)) == NULL ? -1 : 0;
}

void
dp_giturl_release(struct dp_giturl *u)
{
	free(u->url);
	free(u->host);
	free(u->user);
	memset(u, 0, sizeof(*u));
}
