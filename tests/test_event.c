#include <string.h>

#include <criterion/criterion.h>

#include "event.h"

Test(event, new_has_envelope_in_order)
{
	json_t *ev = dp_event_new("scm.commit", INT64_C(1772356445000), NULL);
	char *s;

	cr_assert_not_null(ev);
	cr_assert_eq(dp_event_set_id(ev, "abc", 3, NULL), 0);
	s = json_dumps(ev, JSON_COMPACT);
	cr_assert(strncmp(s, "{\"v\":1,\"kind\":\"scm.commit\",\"id\":\"", 32)
	    == 0, "%s", s);
	cr_assert(strstr(s, "\"time\":\"2026-03-01T09:14:05.000Z\"}") != NULL);
	free(s);
	json_decref(ev);
}

Test(event, ids_are_deterministic_and_kind_scoped)
{
	char a[DP_EVENT_ID_LEN + 1], b[DP_EVENT_ID_LEN + 1];
	char c[DP_EVENT_ID_LEN + 1];

	cr_assert_eq(dp_event_make_id("scm.commit", "k", 1, a, NULL), 0);
	cr_assert_eq(dp_event_make_id("scm.commit", "k", 1, b, NULL), 0);
	cr_assert_eq(dp_event_make_id("scm.tag", "k", 1, c, NULL), 0);
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(a, c);
	cr_assert_eq(strlen(a), DP_EVENT_ID_LEN);
	cr_assert_eq(strspn(a, "0123456789abcdef"), DP_EVENT_ID_LEN);
}

Test(event, rejects_bad_kind_and_time)
{
	struct dp_error err;

	cr_assert_null(dp_event_new("SCM.Commit", 0, &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_null(dp_event_new("scm..commit", 0, &err));
	cr_assert_null(dp_event_new("scm.commit", INT64_C(-62167219200001),
	    &err));
	cr_assert(strstr(err.text, "out of range") != NULL);
}

/* Validates a record written as JSON text and returns the error text. */
static const char *
validate(const char *text, struct dp_error *err)
{
	json_t *ev = json_loads(text, 0, NULL);
	int rc;

	cr_assert_not_null(ev, "test JSON: %s", text);
	rc = dp_event_validate(ev, "in", 3, err);
	json_decref(ev);
	return rc == 0 ? NULL : err->text;
}

Test(event, validate_names_the_field)
{
	struct dp_error err;

	cr_assert_null(validate("{\"v\":1,\"kind\":\"x.y\",\"id\":\"1\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\",\"other\":[]}", &err));
	cr_assert_str_eq(validate("{\"kind\":\"x\"}", &err),
	    "field 'v' is missing");
	cr_assert_eq(err.line, 3);
	cr_assert_str_eq(err.source, "in");
	cr_assert_str_eq(validate("{\"v\":2}", &err), "field 'v' is not 1");
	cr_assert_str_eq(validate("{\"v\":1,\"kind\":\"A\"}", &err),
	    "field 'kind' is not a dotted lower-case kind");
	cr_assert_str_eq(validate("{\"v\":1,\"kind\":\"a\",\"id\":\"\"}", &err),
	    "field 'id' is not a non-empty string");
	cr_assert_str_eq(validate("{\"v\":1,\"kind\":\"a\",\"id\":\"1\","
	    "\"time\":\"2026-03-01T09:14:05Z\"}", &err),
	    "field 'time' is not a UTC time like 2026-03-01T09:14:05.000Z");
	cr_assert_str_eq(validate("{\"v\":1,\"kind\":\"a\",\"id\":\"1\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\",\"actor\":\"x\"}", &err),
	    "field 'actor' is not an object");
}

Test(event, get_follows_dotted_paths)
{
	json_t *ev = json_loads("{\"commit\":{\"author\":{\"email\":\"a@b\"}},"
	    "\"n\":1}", 0, NULL);

	cr_assert_str_eq(dp_event_get_string(ev, "commit.author.email"),
	    "a@b");
	cr_assert_null(dp_event_get(ev, "commit.author.name"));
	cr_assert_null(dp_event_get(ev, "n.x"));
	cr_assert_null(dp_event_get_string(ev, "n"));
	json_decref(ev);
}

Test(event, src_and_person)
{
	json_t *ev = dp_event_new("scm.commit", 0, NULL);
	json_t *p = dp_event_person_new("Ann", NULL);

	cr_assert_eq(dp_event_set_src(ev, "git", NULL, 5, NULL), 0);
	cr_assert_str_eq(dp_event_get_string(ev, "src.type"), "git");
	cr_assert_null(dp_event_get(ev, "src.path"));
	cr_assert_eq(json_integer_value(dp_event_get(ev, "src.rec")), 5);
	cr_assert_str_eq(json_string_value(json_object_get(p, "name")), "Ann");
	cr_assert_null(json_object_get(p, "email"));
	json_decref(p);
	json_decref(ev);
}
