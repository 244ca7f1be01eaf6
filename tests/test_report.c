#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "report.h"

/* Returns sanitize(s, width) as a string freed at the end of the test. */
static char *
safe(const char *s, size_t width)
{
	char *out = dp_report_sanitize(s, width);

	cr_assert_not_null(out);
	return out;
}

static void
check_safe(const char *in, size_t width, const char *want)
{
	char *got = safe(in, width);

	cr_assert_str_eq(got, want, "sanitize(\"%s\", %zu)", in, width);
	free(got);
}

Test(report, sanitize_replaces_terminal_controls)
{
	check_safe("plain text", 0, "plain text");
	check_safe("\x1b[31mred\x1b[0m", 0, "?[31mred?[0m");
	check_safe("\x1b]0;title\x07", 0, "?]0;title?");
	check_safe("tab\tnew\nline\rdel\x7f", 0, "tab?new?line?del?");
	/* C1 CSI (U+009B) and a right-to-left override (U+202E) */
	check_safe("a\xc2\x9b" "31mb", 0, "a?31mb");
	check_safe("m\xe2\x80\xae" "evil", 0, "m?evil");
	check_safe("\xe2\x81\xa6x\xe2\x81\xa9", 0, "?x?");
	/* bytes that are not UTF-8, an overlong form, a cut sequence */
	check_safe("a\xff" "b", 0, "a?b");
	check_safe("\xc0\xaf", 0, "??");
	check_safe("ab\xe2\x82", 0, "ab??");
	/* printable non-ASCII is kept */
	check_safe("Ren\xc3\xa9 \xe6\x97\xa5", 0, "Ren\xc3\xa9 \xe6\x97\xa5");
}

Test(report, sanitize_cuts_long_strings_to_width)
{
	check_safe("abcdefghij", 10, "abcdefghij");
	check_safe("abcdefghijk", 10, "abcdefg...");
	check_safe("abcdef", 3, "...");
	check_safe("abcdef", 2, "..");
	check_safe("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4,
	    "\xc3\xa9...");
	check_safe("\x1b\x1b\x1b\x1b\x1b\x1b", 5, "??...");
}

Test(report, width_counts_characters)
{
	cr_assert_eq(dp_report_width(""), 0);
	cr_assert_eq(dp_report_width("abc"), 3);
	cr_assert_eq(dp_report_width("Ren\xc3\xa9"), 4);
	cr_assert_eq(dp_report_width("\xf0\x9f\x94\x91 key"), 5);
}

Test(report, finds_formats_by_name)
{
	char names[64];

	cr_assert_eq(dp_report_format_find("text"), &dp_report_text);
	cr_assert_eq(dp_report_format_find("json"), &dp_report_json);
	cr_assert_eq(dp_report_format_find("csv"), &dp_report_csv);
	cr_assert_eq(dp_report_format_find("sarif"), &dp_report_sarif);
	cr_assert_eq(dp_report_format_find("markdown"), &dp_report_markdown);
	cr_assert_null(dp_report_format_find("yaml"));
	cr_assert_null(dp_report_format_find(""));
	dp_report_format_names(names, sizeof(names));
	cr_assert_str_eq(names, "text, markdown, json, csv or sarif");
	dp_report_format_names(names, 6);
	cr_assert_str_eq(names, "text,");
}

static void
add(struct dp_summary *s, const char *text)
{
	json_t *rec = json_loads(text, 0, NULL);

	cr_assert_not_null(rec, "test JSON: %s", text);
	cr_assert_eq(dp_summary_add(s, rec, NULL), 0);
	json_decref(rec);
}

/* Renders s in fmt and returns the output, freed by the caller. */
static char *
render(const struct dp_report_format *fmt, struct dp_summary *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct dp_error err;

	cr_assert_not_null(fp);
	dp_summary_finish(s);
	cr_assert_eq(fmt->render(s, fp, &err), 0, "%s", err.text);
	cr_assert_eq(fclose(fp), 0);
	return buf;
}

static struct dp_summary *
sample(void)
{
	struct dp_summary *s = dp_summary_new(5, NULL);

	cr_assert_not_null(s);
	add(s, "{\"v\":1,\"kind\":\"scm.commit\",\"id\":\"c1\",\"time\":"
	    "\"2026-03-01T09:14:05.000Z\",\"actor\":{\"name\":\"Ann\","
	    "\"email\":\"ann@example.com\"},\"repo\":{\"name\":\"api\"}}");
	add(s, "{\"v\":1,\"kind\":\"finding\",\"id\":\"f1\",\"time\":"
	    "\"2026-03-02T10:00:00.000Z\",\"actor\":{\"name\":\"Ann\","
	    "\"email\":\"ann@example.com\"},\"repo\":{\"name\":\"api\"},"
	    "\"rule\":{\"id\":\"secret.key\",\"title\":\"Key committed\","
	    "\"severity\":\"critical\"},\"risk\":95,\"location\":{\"commit\":"
	    "\"cdbed3a915741234\"}}");
	return s;
}

Test(report, text_has_every_section)
{
	struct dp_summary *s = sample();
	char *out = render(&dp_report_text, s);

	cr_assert_str_eq(out,
	    "dp " PACKAGE_VERSION " report, 2026-03-01 09:14:05 to "
	    "2026-03-02 10:00:00 UTC\n"
	    "\n"
	    "Records by kind (2 records)\n"
	    "  KIND        RECORDS\n"
	    "  finding           1\n"
	    "  scm.commit        1\n"
	    "\n"
	    "Developers (1)\n"
	    "  NAME  EMAIL            COMMITS  FINDINGS  RISK  FIRST       "
	    "LAST\n"
	    "  Ann   ann@example.com        1         1    95  2026-03-01  "
	    "2026-03-02\n"
	    "\n"
	    "Repositories (1)\n"
	    "  REPOSITORY  RECORDS  COMMITS\n"
	    "  api               2        1\n"
	    "\n"
	    "Findings by severity (1 finding)\n"
	    "  SEVERITY  FINDINGS\n"
	    "  critical         1\n"
	    "  high             0\n"
	    "  medium           0\n"
	    "  low              0\n"
	    "  info             0\n"
	    "\n"
	    "Rules that fired (1)\n"
	    "  SEVERITY  RULE        TITLE          COUNT\n"
	    "  critical  secret.key  Key committed      1\n"
	    "\n"
	    "Top findings (1 of 1)\n"
	    "  1. critical, risk 95: Key committed\n"
	    "     2026-03-02 10:00:00 by Ann in api at cdbed3a91574\n");
	free(out);
	dp_summary_free(s);
}

Test(report, text_says_no_findings_for_empty_input)
{
	struct dp_summary *s = dp_summary_new(10, NULL);
	char *out = render(&dp_report_text, s);

	cr_assert_str_eq(out,
	    "dp " PACKAGE_VERSION " report, no records\n"
	    "\n"
	    "Records by kind (0 records)\n"
	    "  no records\n"
	    "\n"
	    "Developers (0)\n"
	    "  no developers\n"
	    "\n"
	    "Repositories (0)\n"
	    "  no repositories\n"
	    "\n"
	    "Findings by severity (0 findings)\n"
	    "  no findings\n"
	    "\n"
	    "Rules that fired (0)\n"
	    "  no findings\n"
	    "\n"
	    "Top findings (0 of 0)\n"
	    "  no findings\n");
	free(out);
	dp_summary_free(s);
}

Test(report, text_keeps_hostile_strings_off_the_terminal)
{
	struct dp_summary *s = dp_summary_new(10, NULL);
	char *out;

	cr_assert_not_null(s);
	add(s, "{\"kind\":\"finding\",\"id\":\"f\",\"time\":"
	    "\"2026-03-02T10:00:00.000Z\",\"actor\":{\"name\":"
	    "\"\\u001b]0;owned\\u0007\\u001b[2J\\u009b1mX\"},\"repo\":"
	    "{\"name\":\"r\\u202e\\r\\n\"},\"rule\":{\"id\":\"r\\u001b\","
	    "\"title\":\"\\u001b[1mT\",\"severity\":\"low\"},\"risk\":1}");
	out = render(&dp_report_text, s);
	cr_assert_null(strchr(out, '\x1b'), "%s", out);
	cr_assert_null(strchr(out, '\x07'));
	cr_assert_null(strchr(out, '\r'));
	cr_assert_null(strstr(out, "\xc2\x9b"));
	cr_assert_null(strstr(out, "\xe2\x80\xae"));
	cr_assert_not_null(strstr(out, "?]0;owned??[2J?1mX"));
	cr_assert_not_null(strstr(out, "?[1mT"));
	free(out);
	dp_summary_free(s);
}

Test(report, text_fits_80_columns_with_long_fields)
{
	struct dp_summary *s = dp_summary_new(10, NULL);
	char *out, *line, *save = NULL;
	char rec[2048];

	cr_assert_not_null(s);
	snprintf(rec, sizeof(rec), "{\"kind\":\"finding\",\"id\":\"f\","
	    "\"time\":\"2026-03-02T10:00:00.000Z\",\"actor\":{\"name\":"
	    "\"%0200d\",\"email\":\"%0100d@example.com\"},\"repo\":{\"name\":"
	    "\"%0150d\"},\"rule\":{\"id\":\"%090d\",\"title\":\"%0300d\","
	    "\"severity\":\"low\"},\"risk\":1}", 1, 2, 3, 4, 5);
	add(s, rec);
	out = render(&dp_report_text, s);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		cr_assert_leq(strlen(line), 80, "too wide: %s", line);
	free(out);
	dp_summary_free(s);
}

Test(report, json_has_the_same_aggregates_in_order)
{
	struct dp_summary *s = sample();
	char *out = render(&dp_report_json, s);

	cr_assert_str_eq(out,
	    "{\"report\":\"summary\",\"version\":\"" PACKAGE_VERSION "\","
	    "\"records\":2,\"malformed\":0,\"commits\":1,"
	    "\"time\":{\"first\":\"2026-03-01T09:14:05.000Z\","
	    "\"last\":\"2026-03-02T10:00:00.000Z\"},"
	    "\"kinds\":[{\"kind\":\"finding\",\"count\":1},"
	    "{\"kind\":\"scm.commit\",\"count\":1}],"
	    "\"developers\":[{\"id\":\"ann@example.com\",\"name\":\"Ann\","
	    "\"email\":\"ann@example.com\",\"records\":2,\"commits\":1,"
	    "\"first\":\"2026-03-01T09:14:05.000Z\","
	    "\"last\":\"2026-03-02T10:00:00.000Z\",\"findings\":1,"
	    "\"by_severity\":{\"critical\":1,\"high\":0,\"medium\":0,"
	    "\"low\":0,\"info\":0,\"unknown\":0},\"risk\":95}],"
	    "\"repositories\":[{\"name\":\"api\",\"records\":2,"
	    "\"commits\":1}],"
	    "\"findings\":{\"total\":1,\"by_severity\":{\"critical\":1,"
	    "\"high\":0,\"medium\":0,\"low\":0,\"info\":0,\"unknown\":0},"
	    "\"rules\":[{\"id\":\"secret.key\",\"title\":\"Key committed\","
	    "\"severity\":\"critical\",\"count\":1}],\"top_limit\":5,"
	    "\"top\":[{\"id\":\"f1\",\"rule\":\"secret.key\","
	    "\"title\":\"Key committed\",\"severity\":\"critical\","
	    "\"risk\":95,\"developer\":\"ann@example.com\",\"actor\":\"Ann\","
	    "\"repo\":\"api\",\"commit\":\"cdbed3a91574\","
	    "\"time\":\"2026-03-02T10:00:00.000Z\"}]}}\n");
	free(out);
	dp_summary_free(s);
}

Test(report, json_escapes_controls_and_uses_null)
{
	struct dp_summary *s = dp_summary_new(10, NULL);
	json_t *o;
	char *out;

	cr_assert_not_null(s);
	add(s, "{\"kind\":\"finding\",\"id\":\"f\",\"time\":"
	    "\"2026-03-02T10:00:00.000Z\",\"actor\":{\"name\":\"a\\u001bb\"},"
	    "\"rule\":{\"id\":\"r\",\"severity\":\"low\"},\"risk\":3}");
	out = render(&dp_report_json, s);
	cr_assert_null(strchr(out, '\x1b'));
	cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1);
	o = json_loads(out, 0, NULL);
	cr_assert_not_null(o);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(o, "developers"), 0), "name")), "a\x1b" "b");
	cr_assert(json_is_null(json_object_get(json_array_get(
	    json_object_get(json_object_get(o, "findings"), "top"), 0),
	    "commit")));
	cr_assert(json_is_null(json_object_get(json_array_get(
	    json_object_get(json_object_get(o, "findings"), "rules"), 0),
	    "title")));
	json_decref(o);
	free(out);
	dp_summary_free(s);
}

Test(report, render_reports_a_stream_in_error)
{
	struct dp_summary *s = sample();
	struct dp_error err;
	FILE *fp = fopen("/dev/null", "r");

	cr_assert_not_null(fp);
	dp_summary_finish(s);
	cr_assert_eq(dp_report_text.render(s, fp, &err), -1);
	cr_assert_eq(err.code, DP_ERR_IO);
	cr_assert_str_eq(err.text, "write error");
	clearerr(fp);
	cr_assert_eq(dp_report_json.render(s, fp, &err), -1);
	cr_assert_eq(err.code, DP_ERR_IO);
	fclose(fp);
	dp_summary_free(s);
}

/* A summary that keeps every finding, with one finding of the fields. */
static struct dp_summary *
listed(const char *rule, const char *location, const char *finding)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	char buf[2048];

	cr_assert_not_null(s);
	dp_summary_keep_all(s);
	snprintf(buf, sizeof(buf), "{\"v\":1,\"kind\":\"finding\",\"id\":"
	    "\"f1\",\"time\":\"2026-03-02T10:00:00.000Z\",\"actor\":"
	    "{\"name\":\"Ann\",\"id\":\"ann\"},\"repo\":{\"name\":\"api\"},"
	    "\"rule\":%s,\"risk\":95,\"location\":%s,\"finding\":%s}",
	    rule, location, finding);
	add(s, buf);
	return s;
}

Test(report, csv_has_a_header_and_one_row_per_finding)
{
	struct dp_summary *s = listed("{\"id\":\"secret.key\",\"title\":"
	    "\"Key committed\",\"severity\":\"critical\",\"confidence\":"
	    "\"high\"}", "{\"path\":\"keys/k\",\"line\":3,\"commit\":"
	    "\"cdbed3a915741234\"}", "{\"remediation\":\"Revoke it.\"}");
	char *out = render(&dp_report_csv, s);

	cr_assert_str_eq(out, "id,time,severity,confidence,risk,rule_id,"
	    "rule_title,developer,actor,repo,path,line,commit,remediation\r\n"
	    "f1,2026-03-02T10:00:00.000Z,critical,high,95,secret.key,"
	    "Key committed,ann,Ann,api,keys/k,3,cdbed3a915741234,"
	    "Revoke it.\r\n");
	free(out);
	dp_summary_free(s);
}

Test(report, csv_without_findings_is_the_header)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	char *out;

	dp_summary_keep_all(s);
	out = render(&dp_report_csv, s);
	cr_assert_str_eq(out, "id,time,severity,confidence,risk,rule_id,"
	    "rule_title,developer,actor,repo,path,line,commit,remediation\r\n");
	free(out);
	dp_summary_free(s);
}

Test(report, csv_quotes_and_neutralises_formulas)
{
	struct dp_summary *s = listed("{\"id\":\"=HYPERLINK(\\\"x\\\")\","
	    "\"title\":\"a, \\\"b\\\"\\r\\nc\",\"severity\":\"low\","
	    "\"confidence\":\"@SUM(1)\"}", "{\"path\":\"-2+3\"}",
	    "{\"remediation\":\"\\tx\"}");
	char *out = render(&dp_report_csv, s);
	const char *row = strstr(out, "\r\n") + 2;

	cr_assert_str_eq(row, "f1,2026-03-02T10:00:00.000Z,low,'@SUM(1),95,"
	    "\"'=HYPERLINK(\"\"x\"\")\",\"a, \"\"b\"\"\r\nc\",ann,Ann,api,"
	    "'-2+3,,,'\tx\r\n");
	free(out);
	dp_summary_free(s);
}

/* Renders s as SARIF and returns the log parsed, freed by the caller. */
static json_t *
sarif(struct dp_summary *s)
{
	char *out = render(&dp_report_sarif, s);
	json_t *log = json_loads(out, 0, NULL);

	cr_assert_not_null(log, "%s", out);
	free(out);
	return log;
}

/* The string at the dotted path (array indexes as numbers) in root. */
static const char *
str(const json_t *root, const char *path)
{
	const char *p = path, *dot;
	const json_t *at = root;
	char key[64];
	size_t n;

	while (at != NULL && *p != '\0') {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		cr_assert_lt(n, sizeof(key));
		memcpy(key, p, n);
		key[n] = '\0';
		if (key[0] >= '0' && key[0] <= '9')
			at = json_array_get(at, strtoul(key, NULL, 10));
		else
			at = json_object_get(at, key);
		p += n + (dot != NULL);
	}
	cr_assert(json_is_string(at), "%s is not a string", path);
	return json_string_value(at);
}

Test(report, sarif_lists_rules_and_results)
{
	struct dp_summary *s = listed("{\"id\":\"secret.key\",\"title\":"
	    "\"Key committed\",\"severity\":\"critical\",\"tags\":[\"t\"]}",
	    "{\"path\":\"a b/\xc3\xbc.c\",\"line\":3}",
	    "{\"description\":\"D.\",\"remediation\":\"Revoke it.\"}");
	json_t *log, *r;

	add(s, "{\"v\":1,\"kind\":\"finding\",\"id\":\"f2\",\"time\":"
	    "\"2026-03-01T10:00:00.000Z\",\"rule\":{\"id\":\"m\","
	    "\"severity\":\"medium\"},\"risk\":42}");
	add(s, "{\"v\":1,\"kind\":\"finding\",\"id\":\"f3\",\"time\":"
	    "\"2026-03-01T10:00:00.000Z\",\"rule\":{\"id\":\"l\","
	    "\"severity\":\"low\"},\"risk\":7,\"location\":{\"line\":4}}");
	log = sarif(s);
	cr_assert_str_eq(str(log, "version"), "2.1.0");
	cr_assert_str_eq(str(log, "runs.0.tool.driver.name"), "dp");
	r = json_object_get(json_object_get(json_object_get(json_array_get(
	    json_object_get(log, "runs"), 0), "tool"), "driver"), "rules");
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(str(r, "0.id"), "secret.key");
	cr_assert_str_eq(str(r, "0.shortDescription.text"), "Key committed");
	cr_assert_str_eq(str(r, "0.fullDescription.text"), "D.");
	cr_assert_str_eq(str(r, "0.help.text"), "Revoke it.");
	cr_assert_str_eq(str(r, "0.defaultConfiguration.level"), "error");
	cr_assert_str_eq(str(r, "0.properties.security-severity"), "9.5");
	cr_assert_str_eq(str(r, "0.properties.tags.0"), "t");
	cr_assert_str_eq(str(r, "1.id"), "m");
	cr_assert_str_eq(str(r, "1.shortDescription.text"), "m");
	cr_assert_str_eq(str(r, "1.defaultConfiguration.level"), "warning");
	cr_assert_str_eq(str(r, "1.properties.security-severity"), "4.2");
	cr_assert_str_eq(str(r, "2.defaultConfiguration.level"), "note");
	cr_assert_str_eq(str(r, "2.properties.security-severity"), "0.7");
	r = json_object_get(json_array_get(json_object_get(log, "runs"), 0),
	    "results");
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(str(r, "0.ruleId"), "secret.key");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(r, 0),
	    "ruleIndex")), 0);
	cr_assert_str_eq(str(r, "0.message.text"), "Key committed: D.");
	cr_assert_str_eq(str(r, "0.locations.0.physicalLocation."
	    "artifactLocation.uri"), "a%20b/%C3%BC.c");
	cr_assert_str_eq(str(r, "0.partialFingerprints.dpFindingId/v1"),
	    "f1");
	cr_assert_str_eq(str(r, "1.ruleId"), "m");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(r, 1),
	    "ruleIndex")), 1);
	cr_assert_str_eq(str(r, "1.level"), "warning");
	cr_assert_str_eq(str(r, "1.message.text"), "m");
	/* no path: the repository root, and no region even with a line */
	cr_assert_str_eq(str(r, "2.locations.0.physicalLocation."
	    "artifactLocation.uri"), ".");
	cr_assert_null(json_object_get(json_object_get(json_array_get(
	    json_object_get(json_array_get(r, 2), "locations"), 0),
	    "physicalLocation"), "region"));
	json_decref(log);
	dp_summary_free(s);
}

Test(report, sarif_without_findings_has_empty_lists)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	json_t *log;
	const json_t *run;

	dp_summary_keep_all(s);
	log = sarif(s);
	run = json_array_get(json_object_get(log, "runs"), 0);
	cr_assert_eq(json_array_size(json_object_get(run, "results")), 0);
	cr_assert(json_is_array(json_object_get(json_object_get(
	    json_object_get(run, "tool"), "driver"), "rules")));
	json_decref(log);
	dp_summary_free(s);
}

Test(report, markdown_has_every_section_as_tables)
{
	struct dp_summary *s = sample();
	char *out = render(&dp_report_markdown, s);

	cr_assert(strncmp(out, "# dp " PACKAGE_VERSION " report\n\nFrom "
	    "2026-03-01T09:14:05.000Z to 2026-03-02T10:00:00.000Z.\n", 57) == 0,
	    "%s", out);
	cr_assert_not_null(strstr(out, "\n## Records by kind (2 records)\n\n"
	    "| Kind | Records |\n| --- | ---: |\n| finding | 1 |\n"
	    "| scm.commit | 1 |\n"), "%s", out);
	cr_assert_not_null(strstr(out, "| ann@example.com | Ann | "
	    "ann@example.com | 1 | 1 | 95 | 2026-03-01 | 2026-03-02 |\n"));
	cr_assert_not_null(strstr(out, "| critical | secret.key | "
	    "Key committed | 1 |\n"));
	cr_assert_not_null(strstr(out, "| 1 | critical | 95 | Key committed | "
	    "2026-03-02T10:00:00.000Z | Ann | api | cdbed3a91574 |\n"));
	free(out);
	dp_summary_free(s);
}

Test(report, markdown_says_so_for_empty_input)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	char *out = render(&dp_report_markdown, s);

	cr_assert_not_null(strstr(out, "No records.\n"));
	cr_assert_not_null(strstr(out, "No developers.\n"));
	cr_assert_not_null(strstr(out, "## Top findings (0 of 0)\n\n"
	    "No findings.\n"));
	free(out);
	dp_summary_free(s);
}

Test(report, markdown_escapes_every_input_string)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	char *out;

	add(s, "{\"v\":1,\"kind\":\"x|y\",\"id\":\"a\",\"time\":"
	    "\"2026-03-01T09:14:05.000Z\",\"repo\":{\"name\":"
	    "\"a\\nb\\r<i>*_`[l](u)~&$\\\\\\u001b\\u202e\\u0085\"}}");
	out = render(&dp_report_markdown, s);
	cr_assert_not_null(strstr(out, "| x\\|y | 1 |\n"), "%s", out);
	cr_assert_not_null(strstr(out, "| a?b?\\<i\\>\\*\\_\\`\\[l\\](u)"
	    "\\~\\&\\$\\\\??? | 1 | 0 |\n"), "%s", out);
	free(out);
	dp_summary_free(s);
}

/*
 * A summary of every finding with one finding whose title and path are
 * not UTF-8, as a caller that skipped validation could pass.
 */
static struct dp_summary *
not_utf8(void)
{
	struct dp_summary *s = dp_summary_new(5, NULL);
	json_t *rec;

	cr_assert_not_null(s);
	dp_summary_keep_all(s);
	rec = json_pack("{s:i, s:s, s:s, s:s, s:{s:s, s:o, s:s}, s:i, "
	    "s:{s:o}}", "v", 1, "kind", "finding", "id", "f1", "time",
	    "2026-03-02T10:00:00.000Z", "rule", "id", "r", "title",
	    json_string_nocheck("=a\xff" "b"), "severity", "high", "risk", 50,
	    "location", "path", json_string_nocheck("p\xc0\xaf"));
	cr_assert_not_null(rec);
	cr_assert_eq(dp_summary_add(s, rec, NULL), 0);
	json_decref(rec);
	return s;
}

Test(report, formats_repair_bytes_that_are_not_utf8)
{
	struct dp_summary *s = not_utf8();
	char *out;
	json_t *log;

	out = render(&dp_report_csv, s);
	cr_assert_not_null(strstr(out, ",'=a\xef\xbf\xbd" "b,"), "%s", out);
	cr_assert_not_null(strstr(out, ",p\xef\xbf\xbd\xef\xbf\xbd,"));
	free(out);
	out = render(&dp_report_markdown, s);
	cr_assert_not_null(strstr(out, "| =a?b |"), "%s", out);
	free(out);
	log = sarif(s);
	cr_assert_str_eq(str(log, "runs.0.tool.driver.rules.0."
	    "shortDescription.text"), "=a\xef\xbf\xbd" "b");
	cr_assert_str_eq(str(log, "runs.0.results.0.locations.0."
	    "physicalLocation.artifactLocation.uri"), "p%C0%AF");
	json_decref(log);
	dp_summary_free(s);
}
