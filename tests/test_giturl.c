#include <criterion/criterion.h>

#include "giturl.h"

/* parse URL and compare every part; NULL expects the part absent */
static void
expect(const char *url, const char *clean, const char *host,
    const char *user, int creds)
{
	struct dp_giturl u;

	cr_assert_eq(dp_giturl_parse(url, &u), 0);
	cr_assert_str_eq(u.url, clean, "%s", url);
	if (host == NULL)
		cr_assert_null(u.host, "%s: host %s", url, u.host);
	else
		cr_assert_str_eq(u.host, host, "%s", url);
	if (user == NULL)
		cr_assert_null(u.user, "%s: user %s", url, u.user);
	else
		cr_assert_str_eq(u.user, user, "%s", url);
	cr_assert_eq(u.credentials, creds, "%s", url);
	dp_giturl_release(&u);
}

Test(giturl, https_password_is_dropped)
{
	expect("https://ann:s3cret@github.com/o/r.git",
	    "https://github.com/o/r.git", "github.com", "ann", 1);
}

Test(giturl, https_token_as_user_is_a_credential)
{
	expect("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o",
	    "https://github.com/o", "github.com", NULL, 1);
	expect("https://x-access-token@host/o", "https://host/o", "host",
	    NULL, 1);
}

Test(giturl, https_short_user_is_kept_apart)
{
	expect("https://ann@host:8443/o", "https://host:8443/o", "host",
	    "ann", 0);
}

Test(giturl, ssh_keeps_the_account)
{
	expect("ssh://git@github.com:22/o/r.git",
	    "ssh://git@github.com:22/o/r.git", "github.com", "git", 0);
	expect("ssh://git:pw@host/r", "ssh://git@host/r", "host", "git", 1);
}

Test(giturl, scp_like_and_local)
{
	expect("git@github.com:o/r.git", "git@github.com:o/r.git",
	    "github.com", "git", 0);
	expect("host:r.git", "host:r.git", "host", NULL, 0);
	expect("/srv/git/r.git", "/srv/git/r.git", NULL, NULL, 0);
	expect("../r", "../r", NULL, NULL, 0);
}

Test(giturl, ipv6_host)
{
	expect("https://[::1]:8080/r", "https://[::1]:8080/r", "::1", NULL,
	    0);
}
