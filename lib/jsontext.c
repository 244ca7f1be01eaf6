#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "utf8.h"

/* 1 for the bytes a JSON string cannot hold as they are. */
static const unsigned char special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

int
dp_jsontext_reserve(struct dp_jsontext *t, size_t n, struct dp_error *e)
{
	size_t cap = t->cap ? t->cap : 1024;
	char *nb;

	if (t->len + n < t->len)
		return nomem(e);
	while (cap - t->len < n) {
		if (cap > SIZE_MAX / 2)
			return nomem(e);
		cap *= 2;
	}
	if (cap == t->cap)
		return 0;
	if ((nb = realloc(t->buf, cap)) == NULL)
		return nomem(e);
	t->buf = nb;
	t->cap = cap;
	return 0;
}

static int
put(struct dp_jsontext *t, const char *s, size_t n, struct dp_error *e)
{
	if (t->cap - t->len < n && dp_jsontext_reserve(t, n, e) != 0)
		return -1;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return 0;
}

static int
string(struct dp_jsontext *t, const char *s, size_t n, struct dp_error *e)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + n, *run;
	unsigned char high = 0;
	char *o;

	/* at worst 6 bytes out for each byte in, and the quotes */
	if (n > (SIZE_MAX - 2) / 6 || (t->cap - t->len < n * 6 + 2 &&
	    dp_jsontext_reserve(t, n * 6 + 2, e) != 0))
		return nomem(e);
	o = t->buf + t->len;
	*o++ = '"';
	while (p < end) {
		for (run = p; p < end && !special[*p]; p++)
			high |= *p;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == end)
			break;
		*o++ = '\\';
		switch (*p) {
		case '"':
		case '\\':
			*o++ = (char)*p;
			break;
		case '\b':
			*o++ = 'b';
			break;
		case '\f':
			*o++ = 'f';
			break;
		case '\n':
			*o++ = 'n';
			break;
		case '\r':
			*o++ = 'r';
			break;
		case '\t':
			*o++ = 't';
			break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[*p >> 4];
			o[4] = hex[*p & 15];
			o += 5;
			break;
		}
		p++;
	}
	*o++ = '"';
	if ((high & 0x80) != 0 && dp_utf8_invalid_at(s, n) != 0)
		return dp_error_set(e, DP_ERR_DATA, NULL, 0, 0,
		    "string is not valid UTF-8");
	t->len = (size_t)(o - t->buf);
	return 0;
}

/* Writes n in decimal at the end of num[24]; returns its length. */
static size_t
integer(char num[24], json_int_t n)
{
	/* the magnitude as unsigned, so that the smallest number works */
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n :
	    (unsigned long long)n;
	size_t k = 24;

	do {
		num[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (n < 0)
		num[--k] = '-';
	return 24 - k;
}

static int
value(struct dp_jsontext *t, const json_t *v, int depth, struct dp_error *e)
{
	const char *key;
	json_t *m;
	char num[24];
	size_t i, n;
	int first = 1, rc;

	if (depth > DP_JSONTEXT_DEPTH)
		return dp_error_set(e, DP_ERR_DATA, NULL, 0, 0,
		    "nested deeper than %d", DP_JSONTEXT_DEPTH);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (put(t, "{", 1, e) != 0)
			return -1;
		json_object_foreach((json_t *)v, key, m) {
			if ((!first && put(t, ",", 1, e) != 0) ||
			    string(t, key, strlen(key), e) != 0 ||
			    put(t, ":", 1, e) != 0 ||
			    (rc = value(t, m, depth + 1, e)) < 0)
				return -1;
			if (rc > 0)
				return rc;
			first = 0;
		}
		return put(t, "}", 1, e);
	case JSON_ARRAY:
		if (put(t, "[", 1, e) != 0)
			return -1;
		json_array_foreach(v, i, m) {
			if ((i > 0 && put(t, ",", 1, e) != 0) ||
			    (rc = value(t, m, depth + 1, e)) < 0)
				return -1;
			if (rc > 0)
				return rc;
		}
		return put(t, "]", 1, e);
	case JSON_STRING:
		return string(t, json_string_value(v), json_string_length(v),
		    e);
	case JSON_INTEGER:
		n = integer(num, json_integer_value(v));
		return put(t, num + sizeof(num) - n, n, e);
	case JSON_TRUE:
		return put(t, "true", 4, e);
	case JSON_FALSE:
		return put(t, "false", 5, e);
	case JSON_NULL:
		return put(t, "null", 4, e);
	default:
		return 1;
	}
}

int
dp_jsontext_append(struct dp_jsontext *t, const json_t *v,
    struct dp_error *err)
{
	size_t len = t->len;
	int rc;

	if ((rc = value(t, v, 0, err)) != 0)
		t->len = len;
	return rc;
}

int
dp_jsontext_append_any(struct dp_jsontext *t, const json_t *v,
    struct dp_error *e)
{
	size_t start = t->len, need;
	int rc;

	if ((rc = dp_jsontext_append(t, v, e)) <= 0)
		return rc;
	/* a real number, which only jansson writes */
	need = json_dumpb(v, NULL, 0, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (need == 0 || dp_jsontext_reserve(t, need, e) != 0 ||
	    json_dumpb(v, t->buf + start, need, JSON_COMPACT |
	    JSON_REAL_PRECISION(15)) != need)
		return nomem(e);
	t->len += need;
	return 0;
}

int
dp_jsontext_put(struct dp_jsontext *t, const char *s, size_t n,
    struct dp_error *err)
{
	return put(t, s, n, err);
}

int
dp_jsontext_string(struct dp_jsontext *t, const char *s, size_t n,
    struct dp_error *err)
{
	return string(t, s, n, err);
}

int
dp_jsontext_integer(struct dp_jsontext *t, long long n, struct dp_error *err)
{
	char num[24];
	size_t k = integer(num, (json_int_t)n);

	return put(t, num + sizeof(num) - k, k, err);
}

int
dp_jsontext_recs_end(struct dp_jsontext_recs *r, size_t zero,
    struct dp_error *err)
{
	size_t cap = r->cap ? r->cap * 2 : 16, *v;

	if (r->n == r->cap) {
		if ((v = realloc(r->ends, cap * sizeof(*v))) == NULL)
			return nomem(err);
		r->ends = v;
		if ((v = realloc(r->zeros, cap * sizeof(*v))) == NULL)
			return nomem(err);
		r->zeros = v;
		r->cap = cap;
	}
	r->ends[r->n] = r->text.len;
	r->zeros[r->n++] = zero;
	return 0;
}

void
dp_jsontext_recs_release(struct dp_jsontext_recs *r)
{
	free(r->text.buf);
	free(r->ends);
	free(r->zeros);
	memset(r, 0, sizeof(*r));
}
