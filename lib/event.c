#include <string.h>

#include "event.h"
#include "hash.h"
#include "rfc3339.h"

int
dp_event_kind_valid(const char *kind)
{
	const char *p = kind;

	for (;;) {
		if (*p < 'a' || *p > 'z')
			return 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_')
			p++;
		if (*p == '\0')
			return p - kind <= 64;
		if (*p++ != '.')
			return 0;
	}
}

json_t *
dp_event_new(const char *kind, int64_t time_ms, struct dp_error *err)
{
	char t[DP_RFC3339_MAX];
	json_t *ev;

	if (!dp_event_kind_valid(kind)) {
		dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
		    "invalid kind '%.64s'", kind);
		return NULL;
	}
	if (dp_rfc3339_format(time_ms, t, sizeof(t), err) != 0)
		return NULL;
	if ((ev = json_object()) == NULL ||
	    json_object_set_new(ev, "v", json_integer(DP_EVENT_VERSION)) ||
	    json_object_set_new(ev, "kind", json_string(kind)) ||
	    json_object_set_new(ev, "id", json_string("")) ||
	    json_object_set_new(ev, "time", json_string(t))) {
		json_decref(ev);
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	return ev;
}

int
dp_event_make_id(const char *kind, const void *key, size_t keylen, char *out,
    struct dp_error *err)
{
	const void *parts[3] = { "dp/1", kind, key };
	size_t lens[3] = { 5, strlen(kind) + 1, keylen };
	char hex[DP_SHA256_HEX + 1];

	if (dp_sha256_hex(parts, lens, 3, hex, err) != 0)
		return -1;
	memcpy(out, hex, DP_EVENT_ID_LEN);
	out[DP_EVENT_ID_LEN] = '\0';
	return 0;
}

int
dp_event_set_id(json_t *ev, const void *key, size_t keylen,
    struct dp_error *err)
{
	char id[DP_EVENT_ID_LEN + 1];
	const char *kind;

	if ((kind = dp_event_get_string(ev, "kind")) == NULL)
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "record has no kind");
	if (dp_event_make_id(kind, key, keylen, id, err) != 0)
		return -1;
	if (json_object_set_new(ev, "id", json_string(id)) != 0)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	return 0;
}

int
dp_event_set_src(json_t *ev, const char *type, const char *path,
    long long rec, struct dp_error *err)
{
	json_t *src;

	/*
	 * what json_pack("{s:s, s:s*, s:I}") does, at a fraction of its
	 * cost; json_object_set_new_nocheck steals the new values, NULL
	 * included
	 */
	if ((src = json_object()) == NULL ||
	    json_object_set_new_nocheck(src, "type", json_string(type)) != 0 ||
	    (path != NULL && json_object_set_new_nocheck(src, "path",
	    json_string(path)) != 0) ||
	    json_object_set_new_nocheck(src, "rec",
	    json_integer((json_int_t)rec)) != 0) {
		json_decref(src);
		src = NULL;
	}
	if (src == NULL || json_object_set_new(ev, "src", src) != 0)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	return 0;
}

json_t *
dp_event_person_new(const char *name, const char *email)
{
	json_t *o;

	/*
	 * what json_pack("{s:s*, s:s*}") does, at a fraction of its cost
	 * (every commit has three); json_object_set_new_nocheck steals
	 * the new strings, NULL included
	 */
	if ((o = json_object()) == NULL ||
	    (name != NULL && json_object_set_new_nocheck(o, "name",
	    json_string(name)) != 0) ||
	    (email != NULL && json_object_set_new_nocheck(o, "email",
	    json_string(email)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
invalid(struct dp_error *err, const char *source, long line,
    const char *field, const char *why)
{
	return dp_error_set(err, DP_ERR_DATA, source, line, 0,
	    "field '%s' %s", field, why);
}

int
dp_event_validate(const json_t *ev, const char *source, long line,
    struct dp_error *err)
{
	static const char *const objects[] = { "src", "actor", "repo" };
	const json_t *v;
	size_t i;

	if ((v = json_object_get(ev, "v")) == NULL)
		return invalid(err, source, line, "v", "is missing");
	if (!json_is_integer(v) || json_integer_value(v) != DP_EVENT_VERSION)
		return invalid(err, source, line, "v", "is not 1");
	if ((v = json_object_get(ev, "kind")) == NULL)
		return invalid(err, source, line, "kind", "is missing");
	if (!json_is_string(v) || !dp_event_kind_valid(json_string_value(v)))
		return invalid(err, source, line, "kind",
		    "is not a dotted lower-case kind");
	if ((v = json_object_get(ev, "id")) == NULL)
		return invalid(err, source, line, "id", "is missing");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return invalid(err, source, line, "id",
		    "is not a non-empty string");
	if ((v = json_object_get(ev, "time")) == NULL)
		return invalid(err, source, line, "time", "is missing");
	if (!json_is_string(v) || !dp_rfc3339_is_canonical(
	    json_string_value(v)))
		return invalid(err, source, line, "time",
		    "is not a UTC time like 2026-03-01T09:14:05.000Z");
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		v = json_object_get(ev, objects[i]);
		if (v != NULL && !json_is_object(v))
			return invalid(err, source, line, objects[i],
			    "is not an object");
	}
	return 0;
}

json_t *
dp_event_get(const json_t *ev, const char *path)
{
	const char *p = path, *dot;
	json_t *v = (json_t *)ev;

	while (v != NULL) {
		if (!json_is_object(v))
			return NULL;
		dot = strchr(p, '.');
		if (dot == NULL)
			return json_object_get(v, p);
		v = json_object_getn(v, p, (size_t)(dot - p));
		p = dot + 1;
	}
	return NULL;
}

const char *
dp_event_get_string(const json_t *ev, const char *path)
{
	return json_string_value(dp_event_get(ev, path));
}
