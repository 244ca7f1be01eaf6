#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "policy.h"

static const char full[] =
    "# the policy of a test\n"
    "ai_assistants: [copilot, Claude]\n"
    "tools: [jq]\n"
    "trusted_bots:\n"
    "  - dependabot[bot]\n"
    "  - 49699333+dependabot[bot]@users.noreply.github.com\n"
    "protected_branches: [main, 'release/*']\n"
    "sensitive_paths: ['.github/', '**/*.pem']\n"
    "email_domains: [acme.io, '*.acme.io']\n";

static struct dp_policy *
load(const char *text)
{
	struct dp_policy *p;
	struct dp_error err;

	p = dp_policy_load_buffer(text, strlen(text), "policy.yml", &err);
	cr_assert_not_null(p, "%s:%ld: %s", err.source, err.line, err.text);
	return p;
}

/* Returns p's judgements on the JSON event text, compact. */
static char *
judge(const struct dp_policy *p, const char *text)
{
	json_t *ev = json_loads(text, 0, NULL), *j;
	struct dp_error err;
	char *s;

	cr_assert_not_null(ev, "test JSON: %s", text);
	j = dp_policy_judge(p, ev, &err);
	cr_assert_not_null(j, "%s", err.text);
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	json_decref(ev);
	return s;
}

static void
expect(const struct dp_policy *p, const char *ev, const char *want)
{
	char *got = judge(p, ev);

	cr_expect_str_eq(got, want, "event %s", ev);
	free(got);
}

Test(policy, branches)
{
	struct dp_policy *p = load(full);

	expect(p, "{\"ref\":{\"name\":\"refs/heads/main\"}}",
	    "{\"protected_branch\":true}");
	expect(p, "{\"ref\":{\"name\":\"refs/heads/release/2.1\"}}",
	    "{\"protected_branch\":true}");
	expect(p, "{\"ref\":{\"name\":\"refs/remotes/origin/main\"}}",
	    "{\"protected_branch\":true}");
	expect(p, "{\"ref\":{\"name\":\"refs/heads/feature/main\"}}",
	    "{\"protected_branch\":false}");
	expect(p, "{\"ref\":{\"name\":\"refs/tags/main\"}}", "{}");
	expect(p, "{\"ref\":{\"name\":\"HEAD\"}}", "{}");
	expect(p, "{\"ref\":{\"name\":\"refs/remotes/origin/HEAD\"}}", "{}");
	dp_policy_free(p);
}

Test(policy, paths)
{
	struct dp_policy *p = load(full);

	expect(p, "{\"file\":{\"path\":\".github/workflows/ci.yml\"}}",
	    "{\"sensitive_path\":true}");
	expect(p, "{\"file\":{\"path\":\"src/a.c\"}}",
	    "{\"sensitive_path\":false}");
	expect(p, "{\"file\":{\"path\":\"src/a.c\","
	    "\"old_path\":\"certs/key.pem\"}}", "{\"sensitive_path\":true}");
	expect(p, "{\"secret\":{\"path\":\"deploy/tls/server.pem\"}}",
	    "{\"sensitive_path\":true}");
	expect(p, "{\"ai\":{\"path\":\".github/copilot-instructions.md\","
	    "\"tool\":\"copilot\"}}",
	    "{\"ai_approved\":true,\"sensitive_path\":true}");
	dp_policy_free(p);
}

Test(policy, ai_assistants_and_tools)
{
	struct dp_policy *p = load(full);

	expect(p, "{\"ai\":{\"tool\":\"claude\"}}", "{\"ai_approved\":true}");
	expect(p, "{\"ai\":{\"tool\":\"cursor\"}}", "{\"ai_approved\":false}");
	expect(p, "{\"commit\":{\"ai_tools\":[\"copilot\",\"claude\"]}}",
	    "{\"ai_approved\":true}");
	expect(p, "{\"commit\":{\"ai_tools\":[\"copilot\",\"aider\"]}}",
	    "{\"ai_approved\":false}");
	expect(p, "{\"host\":{\"tool\":\"JQ\"}}", "{\"tool_approved\":true}");
	expect(p, "{\"host\":{\"tool\":\"ngrok\"}}",
	    "{\"tool_approved\":false}");
	dp_policy_free(p);
}

Test(policy, bots_and_email_domains)
{
	struct dp_policy *p = load(full);

	expect(p, "{\"actor\":{\"login\":\"dependabot[bot]\"}}",
	    "{\"trusted_bot\":true}");
	expect(p, "{\"actor\":{\"name\":\"dependabot[bot]\","
	    "\"email\":\"49699333+dependabot[bot]@users.noreply.github.com\"}}",
	    "{\"trusted_bot\":true,\"email_domain_allowed\":false}");
	expect(p, "{\"actor\":{\"name\":\"dependabot[bot]\"}}", "{}");
	expect(p, "{\"actor\":{\"email\":\"ann@ACME.io\"}}",
	    "{\"trusted_bot\":false,\"email_domain_allowed\":true}");
	expect(p, "{\"actor\":{\"email\":\"ann@eu.acme.io\"}}",
	    "{\"trusted_bot\":false,\"email_domain_allowed\":true}");
	expect(p, "{\"actor\":{\"email\":\"ann@acme.io.evil.net\"}}",
	    "{\"trusted_bot\":false,\"email_domain_allowed\":false}");
	expect(p, "{\"commit\":{\"author\":{\"email\":\"ann@acme.io\"},"
	    "\"committer\":{\"email\":\"root\"}}}",
	    "{\"email_domain_allowed\":false}");
	expect(p, "{\"tag\":{\"tagger\":{\"email\":\"rel@acme.io\"}}}",
	    "{\"email_domain_allowed\":true}");
	dp_policy_free(p);
}

Test(policy, no_list_no_judgement)
{
	struct dp_policy *p = load("protected_branches: [main]\n");

	expect(p, "{\"actor\":{\"email\":\"x@y.z\"},\"ai\":{\"tool\":\"x\"},"
	    "\"file\":{\"path\":\"a\"},\"ref\":{\"name\":\"refs/heads/main\"}}",
	    "{\"protected_branch\":true}");
	dp_policy_free(p);
	p = load("email_domains: []\n");
	expect(p, "{\"actor\":{\"email\":\"x@y.z\"}}",
	    "{\"email_domain_allowed\":false}");
	dp_policy_free(p);
}

Test(policy, annotate_replaces_what_the_input_claims)
{
	struct dp_policy *p = load(full);
	json_t *ev;
	char *s;

	ev = json_loads("{\"kind\":\"scm.ref_update\",\"policy\":"
	    "{\"protected_branch\":false,\"trusted_bot\":true},"
	    "\"ref\":{\"name\":\"refs/heads/main\"}}", 0, NULL);
	cr_assert_eq(dp_policy_annotate(p, ev, NULL), 0);
	s = json_dumps(ev, JSON_COMPACT);
	cr_expect_str_eq(s, "{\"kind\":\"scm.ref_update\",\"ref\":"
	    "{\"name\":\"refs/heads/main\"},\"policy\":"
	    "{\"protected_branch\":true}}");
	free(s);
	cr_assert_eq(dp_policy_annotate(NULL, ev, NULL), 0);
	cr_expect_null(json_object_get(ev, "policy"), "no policy, no claim");
	json_decref(ev);
	ev = json_loads("{\"kind\":\"x\",\"policy\":1}", 0, NULL);
	cr_assert_eq(dp_policy_annotate(p, ev, NULL), 0);
	cr_expect_null(json_object_get(ev, "policy"), "nothing judged");
	json_decref(ev);
	dp_policy_free(p);
}

/* Loading text must fail at line with the error text want. */
static void
bad(const char *text, long line, const char *want)
{
	struct dp_error err;

	cr_assert_null(dp_policy_load_buffer(text, strlen(text),
	    "p.yml", &err), "loaded: %s", text);
	cr_expect_eq(err.code, DP_ERR_CONFIG, "%s", text);
	cr_expect_str_eq(err.source, "p.yml");
	cr_expect_eq(err.line, line, "%s: line %ld", text, err.line);
	cr_expect_str_eq(err.text, want);
}

Test(policy, bad_files)
{
	bad("", 0, "expected one mapping of lists");
	bad("- main\n", 1, "expected one mapping of lists");
	bad("a: [x]\n---\nb: [y]\n", 0, "expected one mapping of lists");
	bad("tools: [jq]\nprotected_branch: [main]\n", 2,
	    "unknown key 'protected_branch'");
	bad("\ntools: jq\n", 2, "'tools' must be a list of strings");
	bad("tools:\n  - jq\n  - ''\n", 3,
	    "'tools' item 2 must be a non-empty string");
	bad("tools:\n  - jq\n  - [x]\n", 3,
	    "'tools' item 2 must be a non-empty string");
	bad("sensitive_paths:\n  - a\n  - /etc/shadow\n", 3,
	    "bad pattern '/etc/shadow' (a relative path with no empty part)");
	bad("email_domains: [acme.io, '@acme.io']\n", 1,
	    "bad email domain '@acme.io' (a name like acme.io or *.acme.io)");
	bad("tools: [a, &x b]\n", 1, "anchor '&x' is not allowed");
}

Test(policy, files)
{
	const char *top = getenv("top_srcdir");
	struct dp_policy *p;
	struct dp_error err;
	char path[4096];

	cr_assert_null(dp_policy_load("/nonexistent/p.yml", "p.yml", &err));
	cr_expect_eq(err.code, DP_ERR_CONFIG);
	cr_expect_str_eq(err.text, "cannot open 'p.yml': No such file or "
	    "directory");
	cr_assert_not_null(top, "top_srcdir is not set");
	snprintf(path, sizeof(path), "%s/examples/policy.yml", top);
	p = dp_policy_load(path, path, &err);
	cr_assert_not_null(p, "%s:%ld: %s", err.source, err.line, err.text);
	expect(p, "{\"ref\":{\"name\":\"refs/heads/release/1.0\"},"
	    "\"file\":{\"path\":\"deploy/.env\"},\"ai\":{\"tool\":"
	    "\"cursor\"}}", "{\"ai_approved\":false,\"protected_branch\":"
	    "true,\"sensitive_path\":true}");
	dp_policy_free(p);
	dp_policy_free(NULL);
}
