/*
 * The values of a detection: a selection entry's key is parsed into a
 * field path and a chain of modifiers, and each of its values is turned,
 * modifier after modifier as Sigma applies them, into string patterns
 * (joined into one PCRE2 pattern per value) or other matchers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "detection_impl.h"
#include "rfc3339.h"

enum mod {
	MOD_ALL, MOD_NEQ,
	MOD_CONTAINS, MOD_STARTSWITH, MOD_ENDSWITH, MOD_CASED, MOD_WINDASH,
	MOD_BASE64, MOD_BASE64OFFSET, MOD_UTF16LE, MOD_UTF16BE, MOD_UTF16,
	MOD_RE, MOD_I, MOD_M, MOD_S,
	MOD_CIDR, MOD_EXISTS, MOD_FIELDREF,
	MOD_LT, MOD_LTE, MOD_GT, MOD_GTE,
	MOD_UNSUPPORTED,
	MOD_COUNT
};

static const struct {
	const char *name;
	enum mod mod;
} modnames[] = {
	{ "all", MOD_ALL }, { "base64", MOD_BASE64 },
	{ "base64offset", MOD_BASE64OFFSET }, { "cased", MOD_CASED },
	{ "cidr", MOD_CIDR }, { "contains", MOD_CONTAINS },
	{ "day", MOD_UNSUPPORTED }, { "dotall", MOD_S },
	{ "endswith", MOD_ENDSWITH }, { "exists", MOD_EXISTS },
	{ "expand", MOD_UNSUPPORTED }, { "fieldref", MOD_FIELDREF },
	{ "gt", MOD_GT }, { "gte", MOD_GTE }, { "hour", MOD_UNSUPPORTED },
	{ "i", MOD_I }, { "ignorecase", MOD_I }, { "lt", MOD_LT },
	{ "lte", MOD_LTE }, { "m", MOD_M }, { "minute", MOD_UNSUPPORTED },
	{ "month", MOD_UNSUPPORTED }, { "multiline", MOD_M },
	{ "neq", MOD_NEQ }, { "re", MOD_RE }, { "s", MOD_S },
	{ "startswith", MOD_STARTSWITH }, { "utf16", MOD_UTF16 },
	{ "utf16be", MOD_UTF16BE }, { "utf16le", MOD_UTF16LE },
	{ "week", MOD_UNSUPPORTED }, { "wide", MOD_UTF16LE },
	{ "windash", MOD_WINDASH }, { "year", MOD_UNSUPPORTED }
};

/* What the value is after the modifiers so far. */
enum vstate { V_PLAIN, V_STR, V_RE, V_CIDR, V_CMP, V_EXISTS, V_REF };

/* The modifiers of one key, checked, in order. */
struct chain {
	enum mod mods[MOD_COUNT];	/* but all and neq */
	const char *names[MOD_COUNT];
	size_t n;
	enum vstate state;
	int keyword;		/* no field: search every string */
	int all, neg, cased;
	uint32_t reflags;	/* V_RE: PCRE2 options of i, m, s */
	enum cmp_op op;		/* V_CMP */
	int starts, ends;	/* V_REF */
};

/*
 * A Sigma string: bytes, each literal or special (w[i] not 0): '*' any
 * run of characters, '?' one character, '-' any dash (windash).
 */
struct sstr {
	char *s;
	unsigned char *w;
	size_t len;
};

/* At most this many alternatives come out of one value (base64offset). */
#define ALTS_MAX 3

/* A growing pattern. */
struct buf {
	char *p;
	size_t len, cap;
};

/* ---- small helpers ---- */

static int
buf_add(struct buf *b, const char *s, size_t len)
{
	char *p;
	size_t cap;

	if (b->len + len + 1 > b->cap) {
		cap = b->cap == 0 ? 64 : b->cap;
		while (cap < b->len + len + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

static int
buf_str(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

static void
sstr_free(struct sstr *x)
{
	free(x->s);
	free(x->w);
	x->s = NULL;
	x->w = NULL;
	x->len = 0;
}

static int
sstr_alloc(struct sstr *x, size_t len)
{
	x->s = malloc(len + 1);
	x->w = calloc(len + 1, 1);
	x->len = 0;
	if (x->s == NULL || x->w == NULL) {
		sstr_free(x);
		return -1;
	}
	return 0;
}

/* Sets x to the len literal bytes at s. */
static int
sstr_literal(struct sstr *x, const char *s, size_t len)
{
	if (sstr_alloc(x, len) != 0)
		return -1;
	memcpy(x->s, s, len);
	x->len = len;
	return 0;
}

/*
 * Parses a rule string as Sigma does: '*' and '?' are wildcards, and a
 * backslash makes the '*', '?' or backslash after it plain; any other
 * backslash is itself.
 */
static int
sstr_parse(struct sstr *x, const char *s, size_t len)
{
	size_t i;

	if (sstr_alloc(x, len) != 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '*' ||
		    s[i + 1] == '?' || s[i + 1] == '\\'))
			x->s[x->len++] = s[++i];
		else {
			if (s[i] == '*' || s[i] == '?')
				x->w[x->len] = (unsigned char)s[i];
			x->s[x->len++] = s[i];
		}
	}
	return 0;
}

static int
sstr_special(const struct sstr *x)
{
	size_t i;

	for (i = 0; i < x->len; i++)
		if (x->w[i] != 0)
			return 1;
	return 0;
}

/* Puts '*' before (front) and after (back) x unless there already. */
static int
sstr_wrap(struct sstr *x, int front, int back)
{
	struct sstr y;

	front = front && !(x->len > 0 && x->w[0] == '*');
	back = back && !(x->len > 0 && x->w[x->len - 1] == '*');
	if (sstr_alloc(&y, x->len + 2) != 0)
		return -1;
	if (front) {
		y.w[y.len] = '*';
		y.s[y.len++] = '*';
	}
	memcpy(y.s + y.len, x->s, x->len);
	memcpy(y.w + y.len, x->w, x->len);
	y.len += x->len;
	if (back) {
		y.w[y.len] = '*';
		y.s[y.len++] = '*';
	}
	sstr_free(x);
	*x = y;
	return 0;
}

static int
word_byte(const struct sstr *x, size_t i)
{
	unsigned char ch = (unsigned char)x->s[i];

	if (x->w[i] != 0)
		return 0;
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

/*
 * Marks the '-' and '/' that start a command-line option, as Sigma's
 * windash finds them (\B[-/]\b): not after a word character, and before
 * one, within a run of plain text.
 */
static void
sstr_windash(struct sstr *x)
{
	size_t i;

	for (i = 0; i < x->len; i++) {
		if (x->w[i] != 0 || (x->s[i] != '-' && x->s[i] != '/'))
			continue;
		if (i > 0 && x->w[i - 1] == 0 && word_byte(x, i - 1))
			continue;
		if (i + 1 < x->len && word_byte(x, i + 1))
			x->w[i] = '-';
	}
}

/* Replaces x by its base64 text, from offset start less cut at the end. */
static int
sstr_base64(struct sstr *x, size_t pad, size_t start, size_t cut)
{
	unsigned char *in, *out;
	size_t n = x->len + pad, m;
	int rc = -1;

	in = malloc(n + 1);
	out = malloc(4 * (n / 3 + 1) + 1);
	if (in == NULL || out == NULL)
		goto out;
	memset(in, ' ', pad);
	memcpy(in + pad, x->s, x->len);
	m = (size_t)EVP_EncodeBlock(out, in, (int)n);
	if (start + cut >= m)
		m = start + cut;
	sstr_free(x);
	rc = sstr_literal(x, (const char *)out + start, m - start - cut);
out:
	free(in);
	free(out);
	return rc;
}

/* Replaces x by its UTF-16 bytes (to: an iconv name), BOM first if bom. */
static int
sstr_utf16(struct sstr *x, const char *to, int bom)
{
	size_t inleft = x->len, outleft = 2 * x->len + 2, size = outleft + 2;
	char *in = x->s, *out, *o;
	iconv_t cd;
	int rc = -1;

	if ((o = out = malloc(size)) == NULL)
		return -1;
	if (bom) {
		*o++ = '\xff';
		*o++ = '\xfe';
	}
	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1)
		goto out;
	if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 &&
	    inleft == 0) {
		sstr_free(x);
		rc = sstr_literal(x, out, (size_t)(o - out));
	}
	iconv_close(cd);
out:
	free(out);
	return rc;
}

/* Appends x to the pattern as one anchored alternative. */
static int
sstr_pattern(struct buf *b, const struct sstr *x)
{
	size_t i = 0, end = x->len;
	unsigned char ch;
	char hex[16];
	int rc = 0;

	if (b->len > 0)
		rc |= buf_str(b, "|");
	rc |= buf_str(b, "(?:");
	if (end > 0 && x->w[0] == '*')
		i++;
	else
		rc |= buf_str(b, "\\A");
	if (end > i && x->w[end - 1] == '*')
		end--;
	for (; i < end; i++) {
		ch = (unsigned char)x->s[i];
		if (x->w[i] == '*') {
			if (x->w[i - 1] != '*')
				rc |= buf_str(b, ".*");
		} else if (x->w[i] == '?')
			rc |= buf_str(b, ".");
		else if (x->w[i] == '-')
			rc |= buf_str(b,
			    "[\\-/\\x{2013}\\x{2014}\\x{2015}]");
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch >= 0x80)
			rc |= buf_add(b, (const char *)&ch, 1);
		else if (ch < 0x20 || ch == 0x7f) {
			snprintf(hex, sizeof(hex), "\\x{%x}", ch);
			rc |= buf_str(b, hex);
		} else {
			hex[0] = '\\';
			hex[1] = (char)ch;
			rc |= buf_add(b, hex, 2);
		}
	}
	if (end == x->len)
		rc |= buf_str(b, "\\z");
	rc |= buf_str(b, ")");
	return rc;
}

/* ---- the key: field path and modifiers ---- */

int
dp_detection_path(struct cctx *c, struct path *p, const char *text,
    long line)
{
	const char *s, *dot;
	size_t n = 1;

	if (*text == '\0' || *text == '.')
		goto bad;
	for (s = text; *s != '\0'; s++)
		if (*s == '.') {
			if (s[1] == '.' || s[1] == '\0')
				goto bad;
			n++;
		}
	if ((p->steps = calloc(n, sizeof(*p->steps))) == NULL)
		return dp_detection_nomem(c);
	for (s = text; ; s = dot + 1) {
		dot = strchr(s, '.');
		p->steps[p->n].name = s;
		p->steps[p->n].len = dot != NULL ? (size_t)(dot - s) :
		    strlen(s);
		p->n++;
		if (dot == NULL)
			break;
	}
	return 0;
bad:
	return dp_detection_bad(c, line, "bad field path '%.64s'", text);
}

static int
cannot_follow(struct cctx *c, const struct chain *ch, const char *name,
    long line)
{
	return dp_detection_bad(c, line, "modifier '%s' cannot follow '%s'",
	    name, ch->names[ch->n - 1]);
}

/* Moves ch's state by the value modifier mod (called name). */
static int
step(struct cctx *c, struct chain *ch, enum mod mod, const char *name,
    long line)
{
	static const enum cmp_op ops[] = { CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };
	size_t k;
	int plain = ch->state == V_PLAIN || ch->state == V_STR;

	switch (mod) {
	case MOD_RE:
	case MOD_CIDR:
	case MOD_EXISTS:
	case MOD_FIELDREF:
	case MOD_LT:
	case MOD_LTE:
	case MOD_GT:
	case MOD_GTE:
		if (ch->state != V_PLAIN)
			return cannot_follow(c, ch, name, line);
		if (ch->keyword && mod != MOD_RE)
			return dp_detection_bad(c, line,
			    "modifier '%s' needs a field", name);
		if (mod >= MOD_LT)
			ch->op = ops[mod - MOD_LT];
		ch->state = mod >= MOD_LT ? V_CMP : mod == MOD_RE ? V_RE :
		    mod == MOD_CIDR ? V_CIDR : mod == MOD_EXISTS ? V_EXISTS :
		    V_REF;
		return 0;
	case MOD_I:
	case MOD_M:
	case MOD_S:
		if (ch->state == V_PLAIN)
			return dp_detection_bad(c, line,
			    "modifier '%s' needs 're' before it", name);
		if (ch->state != V_RE)
			return cannot_follow(c, ch, name, line);
		ch->reflags |= mod == MOD_I ? PCRE2_CASELESS : mod == MOD_M ?
		    PCRE2_MULTILINE : PCRE2_DOTALL;
		return 0;
	case MOD_CONTAINS:
	case MOD_STARTSWITH:
	case MOD_ENDSWITH:
	case MOD_CASED:
		if (ch->state == V_REF) {
			ch->starts |= mod == MOD_CONTAINS ||
			    mod == MOD_STARTSWITH;
			ch->ends |= mod == MOD_CONTAINS || mod == MOD_ENDSWITH;
			return 0;
		}
		/* after re they change nothing: it matches anywhere */
		if (ch->state == V_RE && mod != MOD_CASED)
			return 0;
		if (!plain)
			return cannot_follow(c, ch, name, line);
		ch->cased |= mod == MOD_CASED;
		ch->state = V_STR;
		return 0;
	default:
		break;
	}
	/* windash and the encodings */
	if (!plain)
		return cannot_follow(c, ch, name, line);
	for (k = 0; k < ch->n; k++)
		if (ch->mods[k] == MOD_WINDASH ||
		    (mod == MOD_WINDASH && ch->mods[k] >= MOD_BASE64 &&
		    ch->mods[k] <= MOD_UTF16))
			return dp_detection_bad(c, line,
			    "modifier '%s' cannot follow '%s'", name,
			    ch->names[k]);
	ch->state = V_STR;
	return 0;
}

/* Parses "field.path|mod|mod" into n's field and path, and ch. */
static int
parse_key(struct cctx *c, struct node *n, struct chain *ch, const char *key,
    long line)
{
	const char *bar = strchr(key, '|'), *m, *end, *name;
	int seen[MOD_COUNT] = { 0 };
	size_t i, len;
	enum mod mod;

	memset(ch, 0, sizeof(*ch));
	len = bar != NULL ? (size_t)(bar - key) : strlen(key);
	if ((n->field = strndup(key, len)) == NULL)
		return dp_detection_nomem(c);
	if (len == 0 && bar != NULL) {
		ch->keyword = 1;
		n->type = N_KEYWORD;
		free(n->field);
		if ((n->field = strdup("keywords")) == NULL)
			return dp_detection_nomem(c);
	} else if (dp_detection_path(c, &n->path, n->field, line) != 0)
		return -1;
	for (m = bar; m != NULL; m = end) {
		m++;
		end = strchr(m, '|');
		len = end != NULL ? (size_t)(end - m) : strlen(m);
		if (len == 0)
			return dp_detection_bad(c, line,
			    "empty modifier in '%.64s'", key);
		for (i = 0; i < sizeof(modnames) / sizeof(modnames[0]); i++)
			if (strlen(modnames[i].name) == len &&
			    strncmp(modnames[i].name, m, len) == 0)
				break;
		if (i == sizeof(modnames) / sizeof(modnames[0]))
			return dp_detection_bad(c, line,
			    "unknown modifier '%.*s'",
			    (int)(len > 64 ? 64 : len), m);
		mod = modnames[i].mod;
		name = modnames[i].name;
		if (mod == MOD_UNSUPPORTED)
			return dp_detection_bad(c, line,
			    "modifier '%s' is not supported", name);
		if (seen[mod]++)
			return dp_detection_bad(c, line,
			    "modifier '%s' given twice", name);
		if (mod == MOD_ALL || mod == MOD_NEQ) {
			*(mod == MOD_ALL ? &ch->all : &ch->neg) = 1;
			continue;
		}
		if (step(c, ch, mod, name, line) != 0)
			return -1;
		ch->mods[ch->n] = mod;
		ch->names[ch->n++] = name;
	}
	for (i = ch->n; i-- > 0; ) {
		if (ch->mods[i] == MOD_BASE64 ||
		    ch->mods[i] == MOD_BASE64OFFSET)
			break;
		if (ch->mods[i] >= MOD_UTF16LE && ch->mods[i] <= MOD_UTF16)
			return dp_detection_bad(c, line, "modifier '%s' must "
			    "be followed by 'base64' or 'base64offset'",
			    ch->names[i]);
	}
	return 0;
}

/* ---- values ---- */

static struct matcher *
new_matcher(struct cctx *c, struct value *val, enum match_kind kind)
{
	struct matcher *m;

	m = realloc(val->m, (val->nm + 1) * sizeof(*m));
	if (m == NULL) {
		dp_detection_nomem(c);
		return NULL;
	}
	val->m = m;
	m = &val->m[val->nm++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	return m;
}

static void
set_num(struct num *num, const json_t *v)
{
	num->is_int = json_is_integer(v);
	num->i = json_integer_value(v);
	num->d = json_number_value(v);
}

static int
compile_re(struct cctx *c, struct value *val, const char *s, size_t len,
    uint32_t opts, long line)
{
	struct matcher *m;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	if ((m = new_matcher(c, val, M_RE)) == NULL)
		return -1;
	m->re = pcre2_compile((PCRE2_SPTR)s, len, opts | PCRE2_UTF |
	    PCRE2_NEVER_BACKSLASH_C, &code, &off, NULL);
	if (m->re == NULL) {
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		return dp_detection_bad(c, line,
		    "bad regular expression '%.64s': %s at offset %zu", s,
		    (const char *)msg, (size_t)off);
	}
	/* without JIT (an unsupported CPU) the interpreter is used */
	(void)pcre2_jit_compile(m->re, PCRE2_JIT_COMPLETE);
	return 0;
}

static int
compile_cidr(struct cctx *c, struct value *val, const char *s, long line)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	size_t len = slash != NULL ? (size_t)(slash - s) : strlen(s);
	struct matcher *m;
	long prefix;
	char *end;
	int i, max;

	if ((m = new_matcher(c, val, M_CIDR)) == NULL)
		return -1;
	if (len >= sizeof(addr))
		goto bad;
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, m->addr) == 1)
		m->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, m->addr) == 1)
		m->family = AF_INET6;
	else
		goto bad;
	max = m->family == AF_INET ? 32 : 128;
	prefix = max;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			goto bad;
		errno = 0;
		prefix = strtol(slash + 1, &end, 10);
		if (errno != 0 || *end != '\0' || prefix > max)
			goto bad;
	}
	m->prefix = (int)prefix;
	for (i = m->prefix; i < max; i++)
		if (m->addr[i / 8] & (0x80 >> (i % 8)))
			return dp_detection_bad(c, line,
			    "CIDR '%.64s' has bits set after its prefix", s);
	return 0;
bad:
	return dp_detection_bad(c, line, "bad CIDR '%.64s'", s);
}

static int
compile_cmp(struct cctx *c, const struct chain *ch, struct value *val,
    const json_t *v, long line)
{
	struct matcher *m;

	if ((m = new_matcher(c, val, M_CMP)) == NULL)
		return -1;
	m->op = ch->op;
	if (json_is_number(v)) {
		set_num(&m->num, v);
		return 0;
	}
	if (json_is_string(v) &&
	    dp_rfc3339_parse(json_string_value(v), &m->ms, NULL, NULL) == 0) {
		m->is_time = 1;
		return 0;
	}
	return dp_detection_bad(c, line, "modifier '%s' needs a number or "
	    "an RFC 3339 time", ch->names[0]);
}

static int
compile_ref(struct cctx *c, const struct chain *ch, struct value *val,
    const json_t *v, long line)
{
	struct matcher *m;

	if ((m = new_matcher(c, val, M_REF)) == NULL)
		return -1;
	m->starts = ch->starts;
	m->ends = ch->ends;
	if (!json_is_string(v))
		return dp_detection_bad(c, line,
		    "modifier 'fieldref' needs a field path");
	if ((m->ref = strdup(json_string_value(v))) == NULL)
		return dp_detection_nomem(c);
	return dp_detection_path(c, &m->refpath, m->ref, line);
}

/*
 * base64offset: alts[i] becomes the base64 text of the value shifted by
 * 0 bytes, alts[n + 2i] and alts[n + 2i + 1] that shifted by 1 and 2,
 * each cut to the characters that do not depend on what is around it.
 */
static int
offsets(struct cctx *c, struct sstr *alts, size_t i, size_t n, long line)
{
	static const size_t start[] = { 0, 2, 3 }, cut[] = { 0, 3, 2 };
	struct sstr *x[3] = { &alts[i], &alts[n + 2 * i],
	    &alts[n + 2 * i + 1] };
	size_t len = alts[i].len, k;

	if (len < 2)
		return dp_detection_bad(c, line, "modifier 'base64offset' "
		    "needs a value of 2 bytes or more");
	for (k = 1; k < 3; k++)
		if (sstr_literal(x[k], alts[i].s, len) != 0)
			return dp_detection_nomem(c);
	for (k = 0; k < 3; k++)
		if (sstr_base64(x[k], k, start[k], cut[(len + k) % 3]) != 0)
			return dp_detection_nomem(c);
	return 0;
}

/* Applies the string modifiers of ch to alts, giving up to ALTS_MAX. */
static int
transform(struct cctx *c, const struct chain *ch, struct sstr *alts,
    size_t *nalts, long line)
{
	size_t k, i, n;
	int rc = 0;

	for (k = 0; k < ch->n; k++) {
		n = *nalts;
		for (i = 0; i < n && rc == 0; i++) {
			if (ch->mods[k] >= MOD_BASE64 &&
			    ch->mods[k] <= MOD_UTF16 && sstr_special(&alts[i]))
				return dp_detection_bad(c, line, "modifier "
				    "'%s' cannot encode a value with "
				    "wildcards", ch->names[k]);
			switch (ch->mods[k]) {
			case MOD_CONTAINS:
			case MOD_STARTSWITH:
			case MOD_ENDSWITH:
				rc = sstr_wrap(&alts[i],
				    ch->mods[k] != MOD_STARTSWITH,
				    ch->mods[k] != MOD_ENDSWITH);
				break;
			case MOD_WINDASH:
				sstr_windash(&alts[i]);
				break;
			case MOD_BASE64:
				rc = sstr_base64(&alts[i], 0, 0, 0);
				break;
			case MOD_BASE64OFFSET:
				rc = offsets(c, alts, i, n, line);
				if (rc != 0)
					return -1;
				*nalts += 2;
				break;
			case MOD_UTF16LE:
			case MOD_UTF16BE:
			case MOD_UTF16:
				if (sstr_utf16(&alts[i], ch->mods[k] ==
				    MOD_UTF16BE ? "UTF-16BE" : "UTF-16LE",
				    ch->mods[k] == MOD_UTF16) != 0)
					return dp_detection_bad(c, line,
					    "modifier '%s' cannot encode "
					    "'%.64s'", ch->names[k],
					    alts[i].s);
				break;
			default:
				break;
			}
		}
		if (rc != 0)
			return dp_detection_nomem(c);
	}
	if (ch->keyword)
		for (i = 0; i < *nalts; i++)
			if (sstr_wrap(&alts[i], 1, 1) != 0)
				return dp_detection_nomem(c);
	return 0;
}

/* Adds the string value of the rule to the pattern of its value. */
static int
add_string(struct cctx *c, const struct chain *ch, struct buf *pat,
    const json_t *v, long line)
{
	struct sstr alts[ALTS_MAX];
	char digits[32];
	size_t nalts = 1, i;
	int rc = -1;

	memset(alts, 0, sizeof(alts));
	if (json_is_integer(v)) {
		snprintf(digits, sizeof(digits), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		if (sstr_literal(&alts[0], digits, strlen(digits)) != 0)
			goto nomem;
	} else if (sstr_parse(&alts[0], json_string_value(v),
	    json_string_length(v)) != 0)
		goto nomem;
	if (transform(c, ch, alts, &nalts, line) != 0)
		goto out;
	for (i = 0; i < nalts; i++)
		if (sstr_pattern(pat, &alts[i]) != 0)
			goto nomem;
	rc = 0;
	goto out;
nomem:
	dp_detection_nomem(c);
out:
	for (i = 0; i < sizeof(alts) / sizeof(alts[0]); i++)
		sstr_free(&alts[i]);
	return rc;
}

/* Compiles the scalar v of the rule into val (pat: its strings). */
static int
add_value(struct cctx *c, struct node *n, const struct chain *ch,
    struct value *val, struct buf *pat, const json_t *v, long line)
{
	struct matcher *m;

	if (ch->keyword && (json_is_object(v) || json_is_array(v)))
		return dp_detection_bad(c, line,
		    "keyword must be a string or an integer");
	if (json_is_object(v) || json_is_array(v))
		return dp_detection_bad(c, line, "value of '%s' must be a "
		    "scalar or a list of scalars", n->field);
	switch (ch->state) {
	case V_RE:
		if (!json_is_string(v))
			return dp_detection_bad(c, line,
			    "modifier 're' needs a string value");
		return compile_re(c, val, json_string_value(v),
		    json_string_length(v), ch->reflags, line);
	case V_CIDR:
		if (!json_is_string(v))
			return dp_detection_bad(c, line,
			    "modifier 'cidr' needs a string value");
		return compile_cidr(c, val, json_string_value(v), line);
	case V_CMP:
		return compile_cmp(c, ch, val, v, line);
	case V_REF:
		return compile_ref(c, ch, val, v, line);
	case V_EXISTS:
		if (!json_is_boolean(v))
			return dp_detection_bad(c, line,
			    "modifier 'exists' needs true or false");
		n->exists = json_is_true(v);
		return 0;
	case V_STR:
	case V_PLAIN:
		break;
	}
	if (json_is_string(v) || (ch->keyword && json_is_integer(v)))
		return add_string(c, ch, pat, v, line);
	if (ch->keyword)
		return dp_detection_bad(c, line,
		    "keyword must be a string or an integer");
	if (ch->state == V_STR)
		return dp_detection_bad(c, line,
		    "modifier '%s' needs a string value", ch->names[0]);
	if (json_is_null(v)) {
		val->has_null = 1;
		return 0;
	}
	if ((m = new_matcher(c, val, json_is_boolean(v) ? M_BOOL :
	    M_NUMBER)) == NULL)
		return -1;
	m->boolean = json_is_true(v);
	set_num(&m->num, v);
	return 0;
}

void
dp_detection_value_release(struct value *v)
{
	size_t i;

	pcre2_code_free(v->str);
	for (i = 0; i < v->nm; i++) {
		pcre2_code_free(v->m[i].re);
		free(v->m[i].ref);
		free(v->m[i].refpath.steps);
	}
	free(v->m);
}

/* Compiles the joined string alternatives of a value. */
static int
finish(struct cctx *c, const struct node *n, const struct chain *ch,
    struct value *val, const struct buf *pat, long line)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	if (pat->len == 0)
		return 0;
	val->str = pcre2_compile((PCRE2_SPTR)pat->p, pat->len, PCRE2_UTF |
	    PCRE2_DOTALL | (ch->cased ? 0 : PCRE2_CASELESS), &code, &off,
	    NULL);
	if (val->str == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return dp_detection_bad(c, line, "cannot compile the values "
		    "of '%.64s': %s", n->field, (const char *)msg);
	}
	(void)pcre2_jit_compile(val->str, PCRE2_JIT_COMPLETE);
	return 0;
}

/*
 * Compiles v, a scalar or a list, into n with the chain ch; with skip,
 * the mappings of a list are left out (keyword lists).
 */
static int
compile_values(struct cctx *c, struct node *n, const struct chain *ch,
    const json_t *v, long line, int skip)
{
	struct buf *pats = NULL;
	const json_t *item;
	size_t i, nv, k;
	long iline;
	int rc = -1;

	nv = json_is_array(v) ? json_array_size(v) : 1;
	if (nv == 0)
		return dp_detection_bad(c, line, "empty list of values for "
		    "'%.64s'", n->field);
	if (ch->all && nv < 2)
		return dp_detection_bad(c, line, "modifier 'all' needs a "
		    "list of two or more values");
	if (ch->state == V_EXISTS && json_is_array(v))
		return dp_detection_bad(c, line,
		    "modifier 'exists' needs true or false");
	n->all = ch->all;
	n->neg = ch->neg;
	n->nvals = ch->state == V_EXISTS ? 0 : ch->all ? nv : 1;
	if ((n->vals = calloc(n->nvals + 1, sizeof(*n->vals))) == NULL ||
	    (pats = calloc(n->nvals + 1, sizeof(*pats))) == NULL) {
		dp_detection_nomem(c);
		goto out;
	}
	for (i = 0; i < nv; i++) {
		item = json_is_array(v) ? json_array_get(v, i) : v;
		iline = json_is_array(v) ? dp_yamldoc_item_line(c->doc, v, i) :
		    line;
		if (skip && json_is_object(item))
			continue;
		k = ch->all ? i : 0;
		if (add_value(c, n, ch, &n->vals[k], &pats[k], item,
		    iline) != 0)
			goto out;
	}
	for (k = 0; k < n->nvals; k++)
		if (finish(c, n, ch, &n->vals[k], &pats[k], line) != 0)
			goto out;
	rc = 0;
out:
	for (k = 0; pats != NULL && k < n->nvals; k++)
		free(pats[k].p);
	free(pats);
	return rc;
}

int
dp_detection_compile_entry(struct cctx *c, struct node *n, const char *key,
    const json_t *v, long line)
{
	struct chain ch;

	n->exists = -1;
	if (parse_key(c, n, &ch, key, line) != 0)
		return -1;
	return compile_values(c, n, &ch, v, line, 0);
}

int
dp_detection_compile_keywords(struct cctx *c, struct node *n,
    const json_t *list)
{
	struct chain ch;

	memset(&ch, 0, sizeof(ch));
	ch.keyword = 1;
	n->exists = -1;
	if ((n->field = strdup("keywords")) == NULL)
		return dp_detection_nomem(c);
	return compile_values(c, n, &ch, list, 0, 1);
}
