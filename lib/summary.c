#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "rfc3339.h"
#include "summary.h"

/*
 * A set of heap entries keyed by string.  Each entry begins with its key
 * (a const char * it owns), so every public struct whose first member is
 * its name can be an entry.  items[] holds the entries in any order
 * (sorting it is allowed); slots[] is an open-addressing index into the
 * same entries, so lookups never depend on the order of items[].
 */
struct table {
	void **items;
	size_t n, cap;
	void **slots;
	size_t nslots;		/* a power of two, or 0 */
};

/* The count of a name or address seen for one developer. */
struct tally {
	const char *key;
	uint64_t n;
};

struct dev {
	struct dp_summary_dev pub;	/* first: its key is the entry key */
	struct table names;		/* struct tally per actor.name */
	struct table emails;		/* struct tally per actor.email */
};

struct dp_summary {
	struct dp_summary_totals totals;
	struct table kinds;		/* struct dp_summary_kind */
	struct table repos;		/* struct dp_summary_repo */
	struct table devs;		/* struct dev */
	struct table rules;		/* struct dp_summary_rule */
	struct dp_summary_finding **top;	/* a heap, the worst at 0 */
	size_t ntop;
	int keep_all;
	struct dp_summary_finding **all;	/* every finding, when kept */
	size_t nall, capall;
	uint64_t seq;			/* findings added */
};

static const char *const severities[DP_SUMMARY_SEV_COUNT] = {
	"unknown", "info", "low", "medium", "high", "critical"
};

static const char *
key_of(const void *item)
{
	return *(const char *const *)item;
}

static uint64_t
hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* Returns the slot of key: the one holding it, or the empty one for it. */
static size_t
slot_of(const struct table *t, const char *key)
{
	size_t i = (size_t)hash(key) & (t->nslots - 1);

	while (t->slots[i] != NULL && strcmp(key_of(t->slots[i]), key) != 0)
		i = (i + 1) & (t->nslots - 1);
	return i;
}

static void *
find(const struct table *t, const char *key)
{
	return t->nslots == 0 ? NULL : t->slots[slot_of(t, key)];
}

/* Keeps the index at most half full.  Returns 0 or -1 (no memory). */
static int
grow(struct table *t)
{
	struct table nt = *t;
	size_t i;
	void **ni;

	if (t->n == t->cap) {
		nt.cap = t->cap == 0 ? 8 : t->cap * 2;
		if ((ni = realloc(t->items, nt.cap * sizeof(*ni))) == NULL)
			return -1;
		t->items = ni;
		t->cap = nt.cap;
	}
	if ((t->n + 1) * 2 <= t->nslots)
		return 0;
	nt.nslots = t->nslots == 0 ? 16 : t->nslots * 2;
	if ((nt.slots = calloc(nt.nslots, sizeof(*nt.slots))) == NULL)
		return -1;
	for (i = 0; i < t->n; i++)
		nt.slots[slot_of(&nt, key_of(t->items[i]))] = t->items[i];
	free(t->slots);
	t->slots = nt.slots;
	t->nslots = nt.nslots;
	return 0;
}

/*
 * Returns the entry of key, or a new zeroed entry of size bytes that
 * owns a copy of key; NULL when memory runs out.
 */
static void *
get(struct table *t, const char *key, size_t size)
{
	void *item;
	char *copy;

	if ((item = find(t, key)) != NULL)
		return item;
	if (grow(t) != 0)
		return NULL;
	if ((item = calloc(1, size)) == NULL)
		return NULL;
	if ((copy = strdup(key)) == NULL) {
		free(item);
		return NULL;
	}
	*(const char **)item = copy;
	t->slots[slot_of(t, key)] = item;
	t->items[t->n++] = item;
	return item;
}

static void
release(struct table *t, void (*fn)(void *))
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (fn != NULL)
			fn(t->items[i]);
		free((void *)key_of(t->items[i]));
		free(t->items[i]);
	}
	free(t->items);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static void
dev_release(void *item)
{
	struct dev *d = item;

	release(&d->names, NULL);
	release(&d->emails, NULL);
}

static void
rule_release(void *item)
{
	struct dp_summary_rule *r = item;

	free((void *)r->title);
}

static void
finding_free(struct dp_summary_finding *f)
{
	if (f == NULL)
		return;
	free((void *)f->id);
	free((void *)f->rule_id);
	free((void *)f->title);
	free((void *)f->developer);
	free((void *)f->repo);
	free((void *)f->confidence);
	json_decref((json_t *)f->tags);
	free((void *)f->path);
	free((void *)f->commit_id);
	free((void *)f->description);
	free((void *)f->remediation);
	free(f);
}

const char *
dp_summary_severity_name(enum dp_summary_severity sev)
{
	if ((unsigned)sev >= DP_SUMMARY_SEV_COUNT)
		return severities[DP_SUMMARY_SEV_UNKNOWN];
	return severities[sev];
}

enum dp_summary_severity
dp_summary_severity_parse(const char *name)
{
	int i;

	for (i = DP_SUMMARY_SEV_INFO; i < DP_SUMMARY_SEV_COUNT; i++)
		if (strcmp(name, severities[i]) == 0)
			return (enum dp_summary_severity)i;
	return DP_SUMMARY_SEV_UNKNOWN;
}

struct dp_summary *
dp_summary_new(size_t top, struct dp_error *err)
{
	struct dp_summary *s;

	if (top > DP_SUMMARY_TOP_MAX) {
		dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "cannot keep more than %d top findings",
		    DP_SUMMARY_TOP_MAX);
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (top > 0 && (s->top = calloc(top, sizeof(*s->top))) == NULL)) {
		free(s);
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	s->totals.top_limit = top;
	return s;
}

void
dp_summary_free(struct dp_summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	release(&s->kinds, NULL);
	release(&s->repos, NULL);
	release(&s->devs, dev_release);
	release(&s->rules, rule_release);
	for (i = 0; i < s->ntop; i++)
		finding_free(s->top[i]);
	free(s->top);
	for (i = 0; i < s->nall; i++)
		finding_free(s->all[i]);
	free(s->all);
	free(s);
}

/* The fields of one record the summary reads, borrowed from it. */
struct fields {
	const char *kind;
	int has_time;
	int64_t time;
	int has_actor;
	const char *actor_id, *name, *email;
	const char *repo;
	/* findings */
	const char *id, *rule_id, *title, *location_repo;
	enum dp_summary_severity severity;
	int risk;
	char commit[DP_SUMMARY_COMMIT_LEN + 1];
	const char *confidence, *path, *commit_id, *description, *remediation;
	const json_t *tags;
	long line;
	int bad;		/* a field was missing or mistyped */
};

/*
 * Returns the object at path, or NULL when it is absent; marks f bad when
 * it is present and not an object, or absent and required.
 */
static const json_t *
object_at(const json_t *rec, const char *path, int required,
    struct fields *f)
{
	const json_t *v = dp_event_get(rec, path);

	if (v == NULL || !json_is_object(v)) {
		if (v != NULL || required)
			f->bad = 1;
		return NULL;
	}
	return v;
}

/* Like object_at() for a string; an empty string counts as absent. */
static const char *
string_at(const json_t *rec, const char *path, int required,
    struct fields *f)
{
	const json_t *v = dp_event_get(rec, path);

	if (v == NULL || !json_is_string(v) || json_string_length(v) == 0) {
		if ((v != NULL && !json_is_string(v)) || required)
			f->bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

static void
read_time(const json_t *rec, struct fields *f)
{
	const char *t = string_at(rec, "time", 1, f);

	if (t == NULL)
		return;
	if (!dp_rfc3339_is_canonical(t) ||
	    dp_rfc3339_parse(t, &f->time, NULL, NULL) != 0) {
		f->bad = 1;
		return;
	}
	f->has_time = 1;
}

static void
read_commit(const json_t *rec, struct fields *f)
{
	const char *c = string_at(rec, "location.commit", 0, f);
	size_t n;

	if (c == NULL)
		return;
	n = strlen(c);
	if (n < 4 || n > 64 || strspn(c, "0123456789abcdefABCDEF") != n) {
		f->bad = 1;
		return;
	}
	if (n > DP_SUMMARY_COMMIT_LEN)
		n = DP_SUMMARY_COMMIT_LEN;
	f->commit_id = c;
	memcpy(f->commit, c, n);
	f->commit[n] = '\0';
}

/* rule.tags when it is an array of strings; marks f bad otherwise. */
static void
read_tags(const json_t *rec, struct fields *f)
{
	const json_t *tags = dp_event_get(rec, "rule.tags"), *v;
	size_t i;

	if (tags == NULL)
		return;
	if (!json_is_array(tags)) {
		f->bad = 1;
		return;
	}
	json_array_foreach(tags, i, v)
		if (!json_is_string(v)) {
			f->bad = 1;
			return;
		}
	f->tags = tags;
}

static void
read_line(const json_t *rec, struct fields *f)
{
	const json_t *v = dp_event_get(rec, "location.line");

	if (v == NULL)
		return;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > LONG_MAX)
		f->bad = 1;
	else
		f->line = (long)json_integer_value(v);
}

static void
read_finding(const json_t *rec, struct fields *f)
{
	const json_t *risk;
	const char *sev;

	f->id = string_at(rec, "id", 1, f);
	if (object_at(rec, "rule", 1, f) != NULL) {
		f->rule_id = string_at(rec, "rule.id", 1, f);
		f->title = string_at(rec, "rule.title", 0, f);
		if ((sev = string_at(rec, "rule.severity", 1, f)) != NULL &&
		    (f->severity = dp_summary_severity_parse(sev)) ==
		    DP_SUMMARY_SEV_UNKNOWN)
			f->bad = 1;
		f->confidence = string_at(rec, "rule.confidence", 0, f);
		read_tags(rec, f);
	}
	risk = json_object_get(rec, "risk");
	if (!json_is_integer(risk)) {
		f->bad = 1;
	} else if (json_integer_value(risk) < 0 ||
	    json_integer_value(risk) > 100) {
		f->bad = 1;
		f->risk = json_integer_value(risk) < 0 ? 0 : 100;
	} else
		f->risk = (int)json_integer_value(risk);
	if (object_at(rec, "location", 0, f) != NULL) {
		f->location_repo = string_at(rec, "location.repo", 0, f);
		f->path = string_at(rec, "location.path", 0, f);
		read_line(rec, f);
		read_commit(rec, f);
	}
	if (object_at(rec, "finding", 0, f) != NULL) {
		f->description = string_at(rec, "finding.description", 0, f);
		f->remediation = string_at(rec, "finding.remediation", 0, f);
	}
}

static void
read_fields(const json_t *rec, struct fields *f)
{
	memset(f, 0, sizeof(*f));
	if (!json_is_object(rec)) {
		f->bad = 1;
		return;
	}
	f->kind = string_at(rec, "kind", 1, f);
	read_time(rec, f);
	if (object_at(rec, "actor", 0, f) != NULL) {
		f->has_actor = 1;
		f->actor_id = string_at(rec, "actor.id", 0, f);
		f->email = string_at(rec, "actor.email", 0, f);
		f->name = string_at(rec, "actor.name", 0, f);
	}
	if (object_at(rec, "repo", 0, f) != NULL)
		f->repo = string_at(rec, "repo.name", 0, f);
	if (f->kind != NULL && strcmp(f->kind, "finding") == 0)
		read_finding(rec, f);
}

/* Writes the developer key of f into *key, a new string.  -1: no memory. */
static int
dev_key(const struct fields *f, char **key)
{
	char *p;

	if (f->actor_id != NULL)
		*key = strdup(f->actor_id);
	else if (f->email != NULL) {
		if ((*key = strdup(f->email)) != NULL)
			for (p = *key; *p != '\0'; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
	} else
		*key = strdup(f->name != NULL ? f->name : "(unknown)");
	return *key == NULL ? -1 : 0;
}

static void
span(int *has, int64_t *first, int64_t *last, int64_t t)
{
	if (!*has || t < *first)
		*first = t;
	if (!*has || t > *last)
		*last = t;
	*has = 1;
}

static int
tally(struct table *t, const char *key)
{
	struct tally *e;

	if (key == NULL)
		return 0;
	if ((e = get(t, key, sizeof(*e))) == NULL)
		return -1;
	e->n++;
	return 0;
}

static int
add_dev(struct dp_summary *s, const struct fields *f, const char *key,
    int commit, int finding)
{
	struct dev *d;

	if ((d = get(&s->devs, key, sizeof(*d))) == NULL)
		return -1;
	d->pub.records++;
	if (commit)
		d->pub.commits++;
	if (f->has_time)
		span(&d->pub.has_time, &d->pub.first, &d->pub.last, f->time);
	if (finding) {
		d->pub.findings++;
		d->pub.by_severity[f->severity]++;
		d->pub.risk += (uint64_t)f->risk;
	}
	if (tally(&d->names, f->name) != 0 || tally(&d->emails, f->email) != 0)
		return -1;
	return 0;
}

static int
add_rule(struct dp_summary *s, const struct fields *f)
{
	struct dp_summary_rule *r;
	char *title;

	r = get(&s->rules, f->rule_id != NULL ? f->rule_id : "(none)",
	    sizeof(*r));
	if (r == NULL)
		return -1;
	r->count++;
	if (f->severity > r->severity)
		r->severity = f->severity;
	if (f->title != NULL && (r->title == NULL ||
	    strcmp(f->title, r->title) < 0)) {
		if ((title = strdup(f->title)) == NULL)
			return -1;
		free((void *)r->title);
		r->title = title;
	}
	return 0;
}

/* < 0 when a ranks before b among the top findings. */
static int
rank(const struct dp_summary_finding *a, const struct dp_summary_finding *b)
{
	int c;

	if (a->risk != b->risk)
		return a->risk > b->risk ? -1 : 1;
	if (a->has_time != b->has_time)
		return a->has_time ? -1 : 1;
	if (a->has_time && a->time != b->time)
		return a->time > b->time ? -1 : 1;
	if ((c = strcmp(a->id != NULL ? a->id : "",
	    b->id != NULL ? b->id : "")) != 0)
		return c;
	if ((c = strcmp(a->rule_id != NULL ? a->rule_id : "",
	    b->rule_id != NULL ? b->rule_id : "")) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
heap_swap(struct dp_summary *s, size_t i, size_t j)
{
	struct dp_summary_finding *t = s->top[i];

	s->top[i] = s->top[j];
	s->top[j] = t;
}

static void
sift_up(struct dp_summary *s, size_t i)
{
	while (i > 0 && rank(s->top[i], s->top[(i - 1) / 2]) > 0) {
		heap_swap(s, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
sift_down(struct dp_summary *s, size_t i)
{
	size_t l, worst;

	for (;;) {
		worst = i;
		l = 2 * i + 1;
		if (l < s->ntop && rank(s->top[l], s->top[worst]) > 0)
			worst = l;
		if (l + 1 < s->ntop && rank(s->top[l + 1], s->top[worst]) > 0)
			worst = l + 1;
		if (worst == i)
			return;
		heap_swap(s, i, worst);
		i = worst;
	}
}

static char *
dup_or_null(const char *s, int *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*fail = 1;
	return d;
}

/* Returns a new copy of the finding f, or NULL (no memory). */
static struct dp_summary_finding *
finding_new(const struct fields *f, const char *key, uint64_t seq)
{
	struct dp_summary_finding *n;
	int fail = 0;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->risk = f->risk;
	n->has_time = f->has_time;
	n->time = f->time;
	n->seq = seq;
	n->line = f->line;
	n->severity = f->severity;
	memcpy(n->commit, f->commit, sizeof(n->commit));
	n->id = dup_or_null(f->id, &fail);
	n->rule_id = dup_or_null(f->rule_id, &fail);
	n->title = dup_or_null(f->title, &fail);
	n->developer = dup_or_null(key, &fail);
	n->repo = dup_or_null(f->repo != NULL ? f->repo : f->location_repo,
	    &fail);
	n->confidence = dup_or_null(f->confidence, &fail);
	n->path = dup_or_null(f->path, &fail);
	n->commit_id = dup_or_null(f->commit_id, &fail);
	n->description = dup_or_null(f->description, &fail);
	n->remediation = dup_or_null(f->remediation, &fail);
	if (f->tags != NULL && (n->tags = json_deep_copy(f->tags)) == NULL)
		fail = 1;
	if (fail) {
		finding_free(n);
		return NULL;
	}
	return n;
}

/* Keeps every finding when asked to.  -1: no memory. */
static int
add_all(struct dp_summary *s, const struct fields *f, const char *key)
{
	struct dp_summary_finding **na;
	size_t cap;

	if (!s->keep_all)
		return 0;
	if (s->nall == s->capall) {
		cap = s->capall == 0 ? 16 : s->capall * 2;
		if ((na = realloc(s->all, cap * sizeof(*na))) == NULL)
			return -1;
		s->all = na;
		s->capall = cap;
	}
	if ((s->all[s->nall] = finding_new(f, key, s->seq)) == NULL)
		return -1;
	s->nall++;
	return 0;
}

/* Keeps the finding when it ranks among the top ones.  -1: no memory. */
static int
add_top(struct dp_summary *s, const struct fields *f, const char *key)
{
	struct dp_summary_finding c, *n;

	memset(&c, 0, sizeof(c));
	c.id = f->id;
	c.rule_id = f->rule_id;
	c.risk = f->risk;
	c.has_time = f->has_time;
	c.time = f->time;
	c.seq = s->seq;
	if (s->totals.top_limit == 0 || (s->ntop == s->totals.top_limit &&
	    rank(&c, s->top[0]) >= 0))
		return 0;
	if ((n = finding_new(f, key, s->seq)) == NULL)
		return -1;
	if (s->ntop < s->totals.top_limit) {
		s->top[s->ntop++] = n;
		sift_up(s, s->ntop - 1);
	} else {
		finding_free(s->top[0]);
		s->top[0] = n;
		sift_down(s, 0);
	}
	return 0;
}

int
dp_summary_add(struct dp_summary *s, const json_t *rec, struct dp_error *err)
{
	struct dp_summary_kind *k;
	struct dp_summary_repo *r;
	struct fields f;
	char *key = NULL;
	int commit, finding, rc = -1;

	read_fields(rec, &f);
	commit = f.kind != NULL && strcmp(f.kind, "scm.commit") == 0;
	finding = f.kind != NULL && strcmp(f.kind, "finding") == 0;
	s->totals.records++;
	if (f.bad)
		s->totals.malformed++;
	if (f.has_time)
		span(&s->totals.has_time, &s->totals.first, &s->totals.last,
		    f.time);
	if (commit)
		s->totals.commits++;
	if (finding) {
		s->totals.findings++;
		s->totals.by_severity[f.severity]++;
	}
	if ((k = get(&s->kinds, f.kind != NULL ? f.kind : "(none)",
	    sizeof(*k))) == NULL)
		goto out;
	k->count++;
	if (f.repo != NULL) {
		if ((r = get(&s->repos, f.repo, sizeof(*r))) == NULL)
			goto out;
		r->records++;
		if (commit)
			r->commits++;
	}
	if (f.has_actor && (dev_key(&f, &key) != 0 ||
	    add_dev(s, &f, key, commit, finding) != 0))
		goto out;
	if (finding && (add_rule(s, &f) != 0 || add_top(s, &f, key) != 0 ||
	    add_all(s, &f, key) != 0))
		goto out;
	if (finding)
		s->seq++;
	rc = 0;
out:
	free(key);
	if (rc != 0)
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return rc;
}

static int
cmp_u64(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b;
}

static int
cmp_kind(const void *pa, const void *pb)
{
	const struct dp_summary_kind *a = *(void *const *)pa;
	const struct dp_summary_kind *b = *(void *const *)pb;
	int c = cmp_u64(a->count, b->count);

	return c != 0 ? c : strcmp(a->name, b->name);
}

static int
cmp_repo(const void *pa, const void *pb)
{
	const struct dp_summary_repo *a = *(void *const *)pa;
	const struct dp_summary_repo *b = *(void *const *)pb;
	int c = cmp_u64(a->records, b->records);

	return c != 0 ? c : strcmp(a->name, b->name);
}

static int
cmp_dev(const void *pa, const void *pb)
{
	const struct dp_summary_dev *a = *(void *const *)pa;
	const struct dp_summary_dev *b = *(void *const *)pb;
	int c;

	if ((c = cmp_u64(a->risk, b->risk)) != 0 ||
	    (c = cmp_u64(a->findings, b->findings)) != 0 ||
	    (c = cmp_u64(a->commits, b->commits)) != 0)
		return c;
	return strcmp(a->key, b->key);
}

static int
cmp_rule(const void *pa, const void *pb)
{
	const struct dp_summary_rule *a = *(void *const *)pa;
	const struct dp_summary_rule *b = *(void *const *)pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = cmp_u64(a->count, b->count)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

/* Worst first, which also keeps the array a valid heap. */
static int
cmp_top(const void *pa, const void *pb)
{
	return rank(*(struct dp_summary_finding *const *)pb,
	    *(struct dp_summary_finding *const *)pa);
}

/* Best first. */
static int
cmp_all(const void *pa, const void *pb)
{
	return rank(*(struct dp_summary_finding *const *)pa,
	    *(struct dp_summary_finding *const *)pb);
}

/* Sets the actor of f from its developer. */
static void
set_actor(const struct dp_summary *s, struct dp_summary_finding *f)
{
	const struct dp_summary_dev *d;

	if (f->developer == NULL)
		return;
	d = find(&s->devs, f->developer);
	f->actor = d->name != NULL ? d->name : d->email != NULL ? d->email :
	    d->key;
}

/* The most frequent key of t, ties broken by byte order; NULL if none. */
static const char *
most_frequent(const struct table *t)
{
	const struct tally *best = NULL, *e;
	size_t i;

	for (i = 0; i < t->n; i++) {
		e = t->items[i];
		if (best == NULL || e->n > best->n ||
		    (e->n == best->n && strcmp(e->key, best->key) < 0))
			best = e;
	}
	return best != NULL ? best->key : NULL;
}

static void
sort(struct table *t, int (*cmp)(const void *, const void *))
{
	if (t->n > 1)
		qsort(t->items, t->n, sizeof(*t->items), cmp);
}

void
dp_summary_finish(struct dp_summary *s)
{
	struct dev *dev;
	size_t i;

	for (i = 0; i < s->devs.n; i++) {
		dev = s->devs.items[i];
		dev->pub.name = most_frequent(&dev->names);
		dev->pub.email = most_frequent(&dev->emails);
	}
	for (i = 0; i < s->ntop; i++)
		set_actor(s, s->top[i]);
	for (i = 0; i < s->nall; i++)
		set_actor(s, s->all[i]);
	sort(&s->kinds, cmp_kind);
	sort(&s->repos, cmp_repo);
	sort(&s->devs, cmp_dev);
	sort(&s->rules, cmp_rule);
	if (s->ntop > 1)
		qsort(s->top, s->ntop, sizeof(*s->top), cmp_top);
	if (s->nall > 1)
		qsort(s->all, s->nall, sizeof(*s->all), cmp_all);
}

void
dp_summary_keep_all(struct dp_summary *s)
{
	s->keep_all = 1;
}

size_t
dp_summary_nfindings(const struct dp_summary *s)
{
	return s->nall;
}

const struct dp_summary_finding *
dp_summary_finding_at(const struct dp_summary *s, size_t i)
{
	return s->all[i];
}

const struct dp_summary_totals *
dp_summary_totals(const struct dp_summary *s)
{
	return &s->totals;
}

size_t
dp_summary_nkinds(const struct dp_summary *s)
{
	return s->kinds.n;
}

const struct dp_summary_kind *
dp_summary_kind_at(const struct dp_summary *s, size_t i)
{
	return s->kinds.items[i];
}

size_t
dp_summary_nrepos(const struct dp_summary *s)
{
	return s->repos.n;
}

const struct dp_summary_repo *
dp_summary_repo_at(const struct dp_summary *s, size_t i)
{
	return s->repos.items[i];
}

size_t
dp_summary_ndevs(const struct dp_summary *s)
{
	return s->devs.n;
}

const struct dp_summary_dev *
dp_summary_dev_at(const struct dp_summary *s, size_t i)
{
	return s->devs.items[i];
}

size_t
dp_summary_nrules(const struct dp_summary *s)
{
	return s->rules.n;
}

const struct dp_summary_rule *
dp_summary_rule_at(const struct dp_summary *s, size_t i)
{
	return s->rules.items[i];
}

size_t
dp_summary_ntop(const struct dp_summary *s)
{
	return s->ntop;
}

const struct dp_summary_finding *
dp_summary_top_at(const struct dp_summary *s, size_t i)
{
	return s->top[s->ntop - 1 - i];
}
