#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aimarker.h"
#include "event.h"
#include "yamldoc.h"

#define NOREPLY "@users.noreply.github.com"

/* Where a marker looks, in the order markers are reported. */
enum where {
	TRAILER,
	AUTHOR_EMAIL,
	AUTHOR_NAME,
	COMMITTER_EMAIL,
	MESSAGE,
	NWHERE
};

static const char *const where_names[NWHERE] = {
	"trailer", "author_email", "author_name", "committer_email", "message"
};

/* The matchers, and the places whose entries may use each. */
static const struct {
	const char *name;
	unsigned int places;	/* bit (1 << where) */
	int integers;		/* a list of integers, not strings */
} fields[] = {
	{ "keys", 1 << TRAILER, 0 },
	{ "emails", 1 << TRAILER | 1 << AUTHOR_EMAIL | 1 << COMMITTER_EMAIL,
	    0 },
	{ "github_ids", 1 << TRAILER | 1 << AUTHOR_EMAIL |
	    1 << COMMITTER_EMAIL, 1 },
	{ "github_logins", 1 << TRAILER | 1 << AUTHOR_EMAIL |
	    1 << COMMITTER_EMAIL, 0 },
	{ "contains", 1 << TRAILER, 0 },
	{ "suffixes", 1 << AUTHOR_NAME, 0 },
	{ "phrases", 1 << MESSAGE, 0 },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
enum { F_KEYS, F_EMAILS, F_IDS, F_LOGINS, F_CONTAINS, F_SUFFIXES,
	F_PHRASES };

/* One entry of markers.yml; strings and lists borrowed from the doc. */
struct entry {
	const char *tool;
	const char *confidence;
	enum where where;
	const json_t *f[NFIELDS];	/* NULL when absent */
};

struct dp_aimarker {
	struct dp_yamldoc *markers;
	struct dp_yamldoc *bots;
	struct entry *entries;
	size_t n;
	const json_t *bot_names;	/* arrays borrowed from bots */
	const json_t *bot_logins;
	const json_t *bot_ids;
	const json_t *bot_emails;
};

/* A GitHub noreply address: "ID+login@..." or "login@...". */
struct noreply {
	long long id;		/* -1 when the address has none */
	const char *login;	/* borrowed */
	size_t len;
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static int
bad(struct dp_error *e, const struct dp_yamldoc *doc, long line,
    const char *what)
{
	return dp_error_set(e, DP_ERR_CONFIG, dp_yamldoc_source(doc), line, 0,
	    "%s", what);
}

/* Checks that v is a non-empty list of strings (integers if ints). */
static int
check_list(const struct dp_yamldoc *doc, const json_t *obj, const char *key,
    int ints, struct dp_error *e)
{
	const json_t *v = json_object_get(obj, key);
	long line = dp_yamldoc_key_line(doc, obj, key);
	char what[128];
	size_t i;

	snprintf(what, sizeof(what), "%s: expected a list of %s", key,
	    ints ? "numbers" : "strings");
	if (!json_is_array(v) || json_array_size(v) == 0)
		return bad(e, doc, line, what);
	for (i = 0; i < json_array_size(v); i++) {
		const json_t *s = json_array_get(v, i);

		if (ints ? !json_is_integer(s) :
		    (!json_is_string(s) || json_string_length(s) == 0))
			return bad(e, doc, dp_yamldoc_item_line(doc, v, i),
			    what);
	}
	return 0;
}

/* Returns the string member key of obj, or NULL after an error. */
static const char *
member(const struct dp_yamldoc *doc, const json_t *obj, const char *key,
    struct dp_error *e)
{
	const json_t *v = json_object_get(obj, key);
	char what[128];

	if (json_is_string(v) && json_string_length(v) > 0)
		return json_string_value(v);
	if (v == NULL) {
		snprintf(what, sizeof(what), "missing %s", key);
		bad(e, doc, dp_yamldoc_line(doc, obj), what);
	} else {
		snprintf(what, sizeof(what), "%s: expected a string", key);
		bad(e, doc, dp_yamldoc_key_line(doc, obj, key), what);
	}
	return NULL;
}

static int
entry_read(const struct dp_yamldoc *doc, const json_t *o, struct entry *en,
    struct dp_error *e)
{
	const char *key, *where;
	const json_t *v;
	size_t i;
	int w;

	if (!json_is_object(o))
		return bad(e, doc, dp_yamldoc_line(doc, o),
		    "expected a marker entry");
	if ((en->tool = member(doc, o, "tool", e)) == NULL ||
	    (where = member(doc, o, "marker", e)) == NULL)
		return -1;
	for (w = 0; w < NWHERE && strcmp(where, where_names[w]) != 0; w++)
		;
	if (w == NWHERE)
		return bad(e, doc, dp_yamldoc_key_line(doc, o, "marker"),
		    "marker: expected trailer, author_email, author_name, "
		    "committer_email or message");
	en->where = (enum where)w;
	if ((en->confidence = member(doc, o, "confidence", e)) == NULL)
		return -1;
	if (strcmp(en->confidence, "high") != 0 &&
	    strcmp(en->confidence, "medium") != 0 &&
	    strcmp(en->confidence, "low") != 0)
		return bad(e, doc, dp_yamldoc_key_line(doc, o, "confidence"),
		    "confidence: expected high, medium or low");
	json_object_foreach((json_t *)o, key, v) {
		char what[160];

		if (strcmp(key, "tool") == 0 || strcmp(key, "marker") == 0 ||
		    strcmp(key, "confidence") == 0)
			continue;
		for (i = 0; i < NFIELDS && strcmp(key, fields[i].name) != 0;
		    i++)
			;
		if (i == NFIELDS || !(fields[i].places & 1u << w)) {
			snprintf(what, sizeof(what), "%s: not a field of a "
			    "%s marker", key, where);
			return bad(e, doc, dp_yamldoc_key_line(doc, o, key),
			    what);
		}
		if (check_list(doc, o, key, fields[i].integers, e) != 0)
			return -1;
		en->f[i] = v;
	}
	if (w == TRAILER && en->f[F_KEYS] == NULL)
		return bad(e, doc, dp_yamldoc_line(doc, o), "missing keys");
	if (w != TRAILER) {
		for (i = 0; i < NFIELDS && en->f[i] == NULL; i++)
			;
		if (i == NFIELDS)
			return bad(e, doc, dp_yamldoc_line(doc, o),
			    "nothing to match");
	}
	return 0;
}

static int
markers_read(struct dp_aimarker *m, struct dp_error *e)
{
	const struct dp_yamldoc *doc = m->markers;
	const json_t *root, *list;
	size_t i;

	root = dp_yamldoc_count(doc) == 1 ? dp_yamldoc_root(doc, 0) : NULL;
	if (!json_is_object(root) || json_object_size(root) != 1 ||
	    !json_is_array(list = json_object_get(root, "markers")))
		return bad(e, doc, root != NULL ? dp_yamldoc_line(doc, root) :
		    0, "expected one mapping with a list \"markers\"");
	m->n = json_array_size(list);
	if ((m->entries = calloc(m->n + 1, sizeof(*m->entries))) == NULL)
		return nomem(e);
	for (i = 0; i < m->n; i++)
		if (entry_read(doc, json_array_get(list, i), &m->entries[i],
		    e) != 0)
			return -1;
	return 0;
}

static int
bots_read(struct dp_aimarker *m, struct dp_error *e)
{
	const struct dp_yamldoc *doc = m->bots;
	const json_t *root, *v, *ids;
	const char *key;
	size_t i;

	root = dp_yamldoc_count(doc) == 1 ? dp_yamldoc_root(doc, 0) : NULL;
	if (!json_is_object(root))
		return bad(e, doc, root != NULL ? dp_yamldoc_line(doc, root) :
		    0, "expected a mapping");
	json_object_foreach((json_t *)root, key, v) {
		if (strcmp(key, "github_ids") == 0)
			continue;
		if (strcmp(key, "name_suffixes") != 0 &&
		    strcmp(key, "login_suffixes") != 0 &&
		    strcmp(key, "emails") != 0)
			return bad(e, doc, dp_yamldoc_key_line(doc, root, key),
			    "expected name_suffixes, login_suffixes, "
			    "github_ids or emails");
		if (check_list(doc, root, key, 0, e) != 0)
			return -1;
	}
	m->bot_names = json_object_get(root, "name_suffixes");
	m->bot_logins = json_object_get(root, "login_suffixes");
	m->bot_emails = json_object_get(root, "emails");
	if ((ids = json_object_get(root, "github_ids")) == NULL)
		return 0;
	if (!json_is_array(ids))
		return bad(e, doc, dp_yamldoc_key_line(doc, root, "github_ids"),
		    "github_ids: expected a list of {id, login}");
	for (i = 0; i < json_array_size(ids); i++) {
		v = json_array_get(ids, i);
		if (!json_is_object(v) ||
		    !json_is_integer(json_object_get(v, "id")) ||
		    !json_is_string(json_object_get(v, "login")) ||
		    json_object_size(v) != 2)
			return bad(e, doc, dp_yamldoc_item_line(doc, ids, i),
			    "github_ids: expected {id, login}");
	}
	m->bot_ids = ids;
	return 0;
}

static struct dp_yamldoc *
load(const char *dir, const char *name, struct dp_error *e)
{
	struct dp_yamldoc *doc;
	char path[DP_ERROR_SOURCE_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		dp_error_set(e, DP_ERR_CONFIG, dir, 0, 0, "path too long");
		return NULL;
	}
	doc = dp_yamldoc_load_file(path, path, NULL, e);
	if (doc == NULL && e != NULL && e->code != DP_ERR_NOMEM) {
		e->code = DP_ERR_CONFIG;
		memcpy(e->source, path, sizeof(path));
	}
	return doc;
}

struct dp_aimarker *
dp_aimarker_load(const char *dir, struct dp_error *err)
{
	struct dp_aimarker *m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		nomem(err);
		return NULL;
	}
	if ((m->markers = load(dir, "ai/markers.yml", err)) == NULL ||
	    markers_read(m, err) != 0 ||
	    (m->bots = load(dir, "bots.yml", err)) == NULL ||
	    bots_read(m, err) != 0) {
		dp_aimarker_free(m);
		return NULL;
	}
	return m;
}

void
dp_aimarker_free(struct dp_aimarker *m)
{
	if (m == NULL)
		return;
	dp_yamldoc_free(m->markers);
	dp_yamldoc_free(m->bots);
	free(m->entries);
	free(m);
}

/* Returns 1 when the n bytes at s end with one of the strings of list. */
static int
ends_with(const char *s, size_t n, const json_t *list)
{
	size_t i, k;

	for (i = 0; i < json_array_size(list); i++) {
		const json_t *v = json_array_get(list, i);

		k = json_string_length(v);
		if (k <= n && strncasecmp(s + n - k, json_string_value(v),
		    k) == 0)
			return 1;
	}
	return 0;
}

/* Returns 1 when email (n bytes) is one of the strings of list. */
static int
listed(const char *s, size_t n, const json_t *list)
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		const json_t *v = json_array_get(list, i);

		if (json_string_length(v) == n &&
		    strncasecmp(s, json_string_value(v), n) == 0)
			return 1;
	}
	return 0;
}

/* Reads the n bytes of email at s as a GitHub noreply address. */
static int
noreply_read(const char *s, size_t n, struct noreply *nr)
{
	const size_t k = sizeof(NOREPLY) - 1;
	size_t i;

	if (n <= k || strncasecmp(s + n - k, NOREPLY, k) != 0)
		return 0;
	n -= k;
	nr->id = -1;
	for (i = 0; i < n && i < 18 && isdigit((unsigned char)s[i]); i++)
		;
	if (i > 0 && i < n && s[i] == '+') {
		nr->id = strtoll(s, NULL, 10);
		i++;
	} else
		i = 0;
	nr->login = s + i;
	nr->len = n - i;
	return nr->len > 0;
}

static int
id_listed(long long id, const json_t *list, int objects)
{
	size_t i;

	for (i = 0; id >= 0 && i < json_array_size(list); i++) {
		const json_t *v = json_array_get(list, i);

		if (objects)
			v = json_object_get(v, "id");
		if (json_integer_value(v) == id)
			return 1;
	}
	return 0;
}

int
dp_aimarker_is_bot(const struct dp_aimarker *m, const char *name,
    const char *email)
{
	struct noreply nr;
	size_t n;

	if (name != NULL && ends_with(name, strlen(name), m->bot_names))
		return 1;
	if (email == NULL)
		return 0;
	n = strlen(email);
	if (listed(email, n, m->bot_emails))
		return 1;
	return noreply_read(email, n, &nr) &&
	    (id_listed(nr.id, m->bot_ids, 1) ||
	    ends_with(nr.login, nr.len, m->bot_logins));
}

/* Returns 1 when the address of n bytes at s matches en's lists. */
static int
address_matches(const struct entry *en, const char *s, size_t n)
{
	struct noreply nr;

	if (en->f[F_EMAILS] != NULL && listed(s, n, en->f[F_EMAILS]))
		return 1;
	if (!noreply_read(s, n, &nr))
		return 0;
	return id_listed(nr.id, en->f[F_IDS], 0) ||
	    (en->f[F_LOGINS] != NULL && listed(nr.login, nr.len,
	    en->f[F_LOGINS]));
}

/* Returns 1 when the n bytes at s hold one of the strings of list. */
static int
contains(const char *s, size_t n, const json_t *list, int icase)
{
	size_t i, j, k;

	for (i = 0; i < json_array_size(list); i++) {
		const char *t = json_string_value(json_array_get(list, i));

		k = strlen(t);
		for (j = 0; j + k <= n; j++)
			if (icase ? strncasecmp(s + j, t, k) == 0 :
			    memcmp(s + j, t, k) == 0)
				return 1;
	}
	return 0;
}

static int
trailer_matches(const struct entry *en, const char *key, const char *val)
{
	const char *lt, *gt;
	int any = 1;

	if (!listed(key, strlen(key), en->f[F_KEYS]))
		return 0;
	if ((lt = strrchr(val, '<')) != NULL &&
	    (gt = strchr(lt, '>')) != NULL &&
	    address_matches(en, lt + 1, (size_t)(gt - lt - 1)))
		return 1;
	if (en->f[F_EMAILS] != NULL || en->f[F_IDS] != NULL ||
	    en->f[F_LOGINS] != NULL)
		any = 0;
	if (en->f[F_CONTAINS] != NULL)
		return contains(val, strlen(val), en->f[F_CONTAINS], 1);
	return any;
}

/*
 * Appends {tool, marker, evidence, confidence} to list unless it is
 * there already; evidence is the n bytes at s, trimmed and cut short.
 */
static int
add(json_t *list, const struct entry *en, const char *s, size_t n)
{
	char *ev;
	json_t *o;
	size_t i;
	int rc;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n > DP_AIMARKER_EVIDENCE_MAX) {
		n = DP_AIMARKER_EVIDENCE_MAX;
		/* never cut a UTF-8 sequence */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if ((ev = strndup(s, n)) == NULL)
		return -1;
	for (i = 0; i < json_array_size(list); i++) {
		o = json_array_get(list, i);
		if (strcmp(json_string_value(json_object_get(o, "tool")),
		    en->tool) == 0 && strcmp(json_string_value(
		    json_object_get(o, "marker")), where_names[en->where]) ==
		    0 && strcmp(json_string_value(json_object_get(o,
		    "evidence")), ev) == 0) {
			free(ev);
			return 0;
		}
	}
	/* json_array_append_new steals the new object, NULL included */
	rc = json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}",
	    "tool", en->tool, "marker", where_names[en->where],
	    "evidence", ev, "confidence", en->confidence));
	free(ev);
	return rc;
}

/* Looks for markers of place w in the string s of commit. */
static int
match_string(const struct dp_aimarker *m, enum where w, const char *s,
    json_t *list)
{
	const struct entry *en;
	size_t n = strlen(s);

	for (en = m->entries; en < m->entries + m->n; en++) {
		if (en->where != w)
			continue;
		if ((w == AUTHOR_NAME && ends_with(s, n, en->f[F_SUFFIXES])) ||
		    (w != AUTHOR_NAME && address_matches(en, s, n)))
			return add(list, en, s, n);
	}
	return 0;
}

/* Looks for the phrases of message entries, line by line. */
static int
match_message(const struct dp_aimarker *m, const char *msg, json_t *list)
{
	const struct entry *en;
	const char *line, *nl;
	size_t n;

	for (en = m->entries; en < m->entries + m->n; en++) {
		if (en->where != MESSAGE)
			continue;
		for (line = msg; *line != '\0'; line += n + (nl != NULL)) {
			nl = strchr(line, '\n');
			n = nl != NULL ? (size_t)(nl - line) : strlen(line);
			if (contains(line, n, en->f[F_PHRASES], 0)) {
				if (add(list, en, line, n) != 0)
					return -1;
				break;
			}
		}
	}
	return 0;
}

static int
match_trailers(const struct dp_aimarker *m, const json_t *trailers,
    json_t *list)
{
	const struct entry *en;
	const char *key, *val;
	char *line;
	size_t i, n;
	int rc;

	for (i = 0; i < json_array_size(trailers); i++) {
		key = dp_event_get_string(json_array_get(trailers, i), "key");
		val = dp_event_get_string(json_array_get(trailers, i),
		    "value");
		if (key == NULL || val == NULL)
			continue;
		for (en = m->entries; en < m->entries + m->n; en++)
			if (en->where == TRAILER &&
			    trailer_matches(en, key, val))
				break;
		if (en == m->entries + m->n)
			continue;
		n = strlen(key) + strlen(val) + 3;
		if ((line = malloc(n)) == NULL)
			return -1;
		snprintf(line, n, "%s: %s", key, val);
		rc = add(list, en, line, strlen(line));
		free(line);
		if (rc != 0)
			return -1;
	}
	return 0;
}

json_t *
dp_aimarker_match(const struct dp_aimarker *m, const json_t *commit)
{
	const char *s;
	json_t *list;

	if ((list = json_array()) == NULL)
		return NULL;
	if (match_trailers(m, json_object_get(commit, "trailers"), list) != 0)
		goto fail;
	if ((s = dp_event_get_string(commit, "author.email")) != NULL &&
	    match_string(m, AUTHOR_EMAIL, s, list) != 0)
		goto fail;
	if ((s = dp_event_get_string(commit, "author.name")) != NULL &&
	    match_string(m, AUTHOR_NAME, s, list) != 0)
		goto fail;
	if ((s = dp_event_get_string(commit, "committer.email")) != NULL &&
	    match_string(m, COMMITTER_EMAIL, s, list) != 0)
		goto fail;
	if ((s = dp_event_get_string(commit, "message")) != NULL &&
	    match_message(m, s, list) != 0)
		goto fail;
	return list;
fail:
	json_decref(list);
	return NULL;
}

static int
mark_bot(const struct dp_aimarker *m, json_t *person)
{
	if (!json_is_object(person) || !dp_aimarker_is_bot(m,
	    dp_event_get_string(person, "name"),
	    dp_event_get_string(person, "email")))
		return 0;
	return json_object_set_new(person, "bot", json_true());
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Returns a new sorted array of the distinct tools of marks. */
static json_t *
tools_json(const json_t *marks)
{
	size_t i, n = json_array_size(marks);
	const char **t;
	json_t *a;

	if ((t = calloc(n + 1, sizeof(*t))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		t[i] = dp_event_get_string(json_array_get(marks, i), "tool");
	qsort(t, n, sizeof(*t), by_text);
	if ((a = json_array()) != NULL)
		for (i = 0; i < n; i++) {
			if (i > 0 && strcmp(t[i], t[i - 1]) == 0)
				continue;
			/* json_array_append_new steals the new string */
			if (json_array_append_new(a, json_string(t[i])) != 0) {
				json_decref(a);
				a = NULL;
				break;
			}
		}
	free(t);
	return a;
}

/* Returns the new ai.marker record of mark, found in the record ev. */
static json_t *
marker_event(const json_t *ev, const json_t *mark, const char *sha,
    long long rec, struct dp_error *e)
{
	const char *part[4];
	char *key = NULL;
	size_t len[4], n = 0, i;
	json_t *r = NULL, *ai;

	part[0] = sha;
	part[1] = dp_event_get_string(mark, "tool");
	part[2] = dp_event_get_string(mark, "marker");
	part[3] = dp_event_get_string(mark, "evidence");
	for (i = 0; i < 4; i++)
		n += (len[i] = strlen(part[i])) + 1;
	if ((key = malloc(n)) == NULL) {
		nomem(e);
		goto fail;
	}
	for (n = 0, i = 0; i < 4; i++) {
		memcpy(key + n, part[i], len[i] + 1);
		n += len[i] + 1;
	}
	/* the time is the commit's, copied below */
	if ((r = dp_event_new("ai.marker", 0, e)) == NULL ||
	    dp_event_set_id(r, key, n - 1, e) != 0)
		goto fail;
	if ((ai = json_deep_copy(mark)) == NULL ||
	    json_object_set_new(ai, "commit", json_string(sha)) != 0 ||
	    json_object_set(r, "time", json_object_get(ev, "time")) != 0) {
		json_decref(ai);
		nomem(e);
		goto fail;
	}
	if (dp_event_set_src(r, "git", dp_event_get_string(ev, "src.path"),
	    rec, e) != 0) {
		json_decref(ai);
		goto fail;
	}
	/* json_object_set_new steals the new values, NULL included */
	if ((json_object_get(ev, "actor") != NULL && json_object_set_new(r,
	    "actor", json_deep_copy(json_object_get(ev, "actor"))) != 0) ||
	    (json_object_get(ev, "repo") != NULL && json_object_set_new(r,
	    "repo", json_deep_copy(json_object_get(ev, "repo"))) != 0) ||
	    json_object_set_new(r, "ai", ai) != 0) {
		nomem(e);
		goto fail;
	}
	free(key);
	return r;
fail:
	free(key);
	json_decref(r);
	return NULL;
}

int
dp_aimarker_apply(const struct dp_aimarker *m, json_t *ev, long long rec,
    json_t **records, struct dp_error *err)
{
	json_t *commit = json_object_get(ev, "commit"), *marks = NULL, *out;
	json_t *r;
	const char *sha = dp_event_get_string(ev, "commit.sha");
	size_t i;
	int rc = -1;

	*records = NULL;
	if (!json_is_object(commit) || sha == NULL)
		return dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
		    "not an scm.commit record");
	if ((out = json_array()) == NULL ||
	    mark_bot(m, json_object_get(ev, "actor")) != 0 ||
	    mark_bot(m, json_object_get(commit, "author")) != 0 ||
	    mark_bot(m, json_object_get(commit, "committer")) != 0 ||
	    (marks = dp_aimarker_match(m, commit)) == NULL) {
		nomem(err);
		goto out;
	}
	/* json_object_set_new steals the new values, NULL included */
	if (json_array_size(marks) > 0 && (json_object_set_new(commit,
	    "ai_marked", json_true()) != 0 || json_object_set_new(commit,
	    "ai_tools", tools_json(marks)) != 0)) {
		nomem(err);
		goto out;
	}
	for (i = 0; i < json_array_size(marks); i++) {
		if ((r = marker_event(ev, json_array_get(marks, i), sha,
		    rec + (long long)i, err)) == NULL)
			goto out;
		/* json_array_append_new steals r */
		if (json_array_append_new(out, r) != 0) {
			nomem(err);
			goto out;
		}
	}
	*records = out;
	out = NULL;
	rc = 0;
out:
	json_decref(out);
	json_decref(marks);
	return rc;
}
