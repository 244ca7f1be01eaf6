#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "devrisk.h"
#include "event.h"
#include "rule.h"

#define TERM_MAX 64		/* findings of a rule that can still count */
#define NSEV (DP_RULE_SEVERITY_CRITICAL + 1)

/* How many findings of one rule had one risk. */
struct riskn {
	int risk;
	long long n;
};

struct term {
	char *rule;
	struct riskn *v;
	size_t nv;
	long long count;
	int risk;		/* computed at the end */
};

struct dev {
	char *id;
	json_t *actor;
	const char *time;	/* borrowed from times */
	long long sev[NSEV], findings, suppressed;
	struct term *terms;
	size_t nterms;
	int score;
};

struct dp_devrisk {
	json_t *index;		/* actor.id: the developer's number */
	json_t *seen;		/* finding ids counted */
	json_t *times;		/* actor.id: latest time; owns the strings */
	struct dev *devs;
	size_t n, cap;
};

static int
nomem(struct dp_error *err)
{
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

struct dp_devrisk *
dp_devrisk_new(struct dp_error *err)
{
	struct dp_devrisk *dr;

	if ((dr = calloc(1, sizeof(*dr))) == NULL ||
	    (dr->index = json_object()) == NULL ||
	    (dr->seen = json_object()) == NULL ||
	    (dr->times = json_object()) == NULL) {
		dp_devrisk_free(dr);
		nomem(err);
		return NULL;
	}
	return dr;
}

void
dp_devrisk_free(struct dp_devrisk *dr)
{
	size_t i, j;

	if (dr == NULL)
		return;
	for (i = 0; i < dr->n; i++) {
		for (j = 0; j < dr->devs[i].nterms; j++) {
			free(dr->devs[i].terms[j].rule);
			free(dr->devs[i].terms[j].v);
		}
		free(dr->devs[i].terms);
		free(dr->devs[i].id);
		json_decref(dr->devs[i].actor);
	}
	free(dr->devs);
	json_decref(dr->index);
	json_decref(dr->seen);
	json_decref(dr->times);
	free(dr);
}

/* Returns a new {id, name, email} of what rec's actor has of them. */
static json_t *
actor_of(const json_t *rec)
{
	static const char *const keys[] = { "id", "name", "email", NULL };
	const json_t *actor = json_object_get(rec, "actor"), *v;
	const char *const *k;
	json_t *out;

	if ((out = json_object()) == NULL)
		return NULL;
	for (k = keys; *k != NULL; k++)
		if (json_is_string(v = json_object_get(actor, *k)) &&
		    json_object_set(out, *k, (json_t *)v) != 0) {
			json_decref(out);
			return NULL;
		}
	return out;
}

/* Returns the developer named id, new when it is not known, or NULL. */
static struct dev *
dev_get(struct dp_devrisk *dr, const char *id, const json_t *rec)
{
	json_t *at = json_object_get(dr->index, id);
	struct dev *d;
	size_t cap;

	if (at != NULL)
		return &dr->devs[json_integer_value(at)];
	if (dr->n == dr->cap) {
		cap = dr->cap == 0 ? 16 : dr->cap * 2;
		if ((d = realloc(dr->devs, cap * sizeof(*d))) == NULL)
			return NULL;
		dr->devs = d;
		dr->cap = cap;
	}
	d = &dr->devs[dr->n];
	memset(d, 0, sizeof(*d));
	if ((d->id = strdup(id)) == NULL || (d->actor = actor_of(rec)) ==
	    NULL ||
	    /* json_object_set_new steals the new integer */
	    json_object_set_new(dr->index, id, json_integer(
	    (json_int_t)dr->n)) != 0) {
		free(d->id);
		json_decref(d->actor);
		return NULL;
	}
	dr->n++;
	return d;
}

/* Keeps the later of the developer's time and rec's. */
static int
later(struct dp_devrisk *dr, struct dev *d, const json_t *rec)
{
	json_t *t = json_object_get(rec, "time");

	if (!json_is_string(t) || (d->time != NULL &&
	    strcmp(json_string_value(t), d->time) <= 0))
		return 0;
	if (json_object_set(dr->times, d->id, t) != 0)
		return -1;
	d->time = json_string_value(t);
	return 0;
}

static int
add_risk(struct dev *d, const char *rule, int risk)
{
	struct term *t = NULL, *nt;
	struct riskn *nv;
	size_t i;

	for (i = 0; i < d->nterms && t == NULL; i++)
		if (strcmp(d->terms[i].rule, rule) == 0)
			t = &d->terms[i];
	if (t == NULL) {
		if ((nt = realloc(d->terms, (d->nterms + 1) *
		    sizeof(*nt))) == NULL)
			return -1;
		d->terms = nt;
		t = &d->terms[d->nterms];
		memset(t, 0, sizeof(*t));
		if ((t->rule = strdup(rule)) == NULL)
			return -1;
		d->nterms++;
	}
	t->count++;
	for (i = 0; i < t->nv; i++)
		if (t->v[i].risk == risk) {
			t->v[i].n++;
			return 0;
		}
	if ((nv = realloc(t->v, (t->nv + 1) * sizeof(*nv))) == NULL)
		return -1;
	t->v = nv;
	t->v[t->nv].risk = risk;
	t->v[t->nv++].n = 1;
	return 0;
}

/* What a finding must have to be counted. */
struct ffields {
	const char *id, *rule, *status;
	enum dp_rule_severity sev;
	int risk;
};

/* Returns 1 when f has what counting needs, else 0. */
static int
finding_fields(const json_t *f, struct ffields *ff)
{
	const char *sev = dp_event_get_string(f, "rule.severity");
	const json_t *risk = json_object_get(f, "risk");

	ff->id = dp_event_get_string(f, "id");
	ff->rule = dp_event_get_string(f, "rule.id");
	ff->status = dp_event_get_string(f, "finding.suppression.status");
	if (ff->id == NULL || ff->rule == NULL || sev == NULL ||
	    dp_rule_severity_parse(sev, &ff->sev) != 0 ||
	    !json_is_integer(risk) || json_integer_value(risk) < 0 ||
	    json_integer_value(risk) > 100)
		return 0;
	ff->risk = (int)json_integer_value(risk);
	return 1;
}

static int
add_finding(struct dp_devrisk *dr, struct dev *d, const struct ffields *ff,
    struct dp_error *err)
{
	if (json_object_get(dr->seen, ff->id) != NULL)
		return 0;
	if (json_object_set(dr->seen, ff->id, json_null()) != 0)
		return nomem(err);
	if (ff->status != NULL && strcmp(ff->status, "active") == 0) {
		d->suppressed++;
		return 0;
	}
	d->findings++;
	d->sev[ff->sev]++;
	if (add_risk(d, ff->rule, ff->risk) != 0)
		return nomem(err);
	return 0;
}

int
dp_devrisk_add(struct dp_devrisk *dr, const json_t *rec,
    struct dp_error *err)
{
	const char *id = dp_event_get_string(rec, "actor.id");
	const char *kind = dp_event_get_string(rec, "kind");
	struct ffields ff;
	struct dev *d;

	if (id == NULL)
		return 0;
	if ((d = dev_get(dr, id, rec)) == NULL || later(dr, d, rec) != 0)
		return nomem(err);
	if (kind == NULL || strcmp(kind, "finding") != 0 ||
	    !finding_fields(rec, &ff))
		return 0;
	return add_finding(dr, d, &ff, err);
}

/* ---- scores and ranks ---- */

static int
percent(double p)
{
	return (int)floor(100.0 * p + 0.5);
}

static int
by_risk_down(const void *a, const void *b)
{
	const struct riskn *x = a, *y = b;

	return (y->risk > x->risk) - (y->risk < x->risk);
}

static int
by_term(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	if (x->risk != y->risk)
		return x->risk > y->risk ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static void
score(struct dev *d)
{
	double rest = 1.0, trest;
	struct term *t;
	size_t i, j;
	long long k, m;

	for (i = 0; i < d->nterms; i++) {
		t = &d->terms[i];
		qsort(t->v, t->nv, sizeof(*t->v), by_risk_down);
		trest = 1.0;
		for (j = 0, k = 0; j < t->nv && k < TERM_MAX; j++)
			for (m = 0; m < t->v[j].n && k < TERM_MAX; m++, k++)
				trest *= 1.0 - ldexp(t->v[j].risk / 100.0,
				    (int)-k);
		t->risk = percent(1.0 - trest);
		rest *= 1.0 - t->risk / 100.0;
	}
	/* a developer without findings has no terms array to sort */
	if (d->nterms > 1)
		qsort(d->terms, d->nterms, sizeof(*d->terms), by_term);
	d->score = percent(1.0 - rest);
}

static int
cmp_ll(long long a, long long b)
{
	return (a > b) - (a < b);
}

static int
by_rank(const void *a, const void *b)
{
	const struct dev *x = *(const struct dev *const *)a;
	const struct dev *y = *(const struct dev *const *)b;
	int c, s;

	if ((c = cmp_ll(y->score, x->score)) != 0 ||
	    (c = cmp_ll(y->nterms > 0 ? y->terms[0].risk : 0,
	    x->nterms > 0 ? x->terms[0].risk : 0)) != 0)
		return c;
	for (s = NSEV - 1; s >= 0; s--)
		if ((c = cmp_ll(y->sev[s], x->sev[s])) != 0)
			return c;
	return strcmp(x->id, y->id);
}

/* Returns the new "dev" object of d at rank. */
static json_t *
dev_member(const struct dev *d, size_t rank)
{
	json_t *o, *terms, *t;
	size_t i;

	o = json_pack("{s:i, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, "
	    "s:[]}", "score", d->score, "rank", (json_int_t)rank, "findings",
	    (json_int_t)d->findings, "suppressed", (json_int_t)d->suppressed,
	    "severity", "info", (json_int_t)d->sev[0], "low",
	    (json_int_t)d->sev[1], "medium", (json_int_t)d->sev[2], "high",
	    (json_int_t)d->sev[3], "critical", (json_int_t)d->sev[4],
	    "terms");
	terms = json_object_get(o, "terms");
	for (i = 0; o != NULL && i < d->nterms; i++) {
		t = json_pack("{s:s, s:I, s:i}", "rule", d->terms[i].rule,
		    "count", (json_int_t)d->terms[i].count, "risk",
		    d->terms[i].risk);
		/* json_array_append_new steals t, and frees it on failure */
		if (t == NULL || json_array_append_new(terms, t) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Returns the new dev.risk record of d at rank. */
static json_t *
record(const struct dev *d, size_t rank, struct dp_error *err)
{
	json_t *rec = NULL, *dev;
	char id[DP_EVENT_ID_LEN + 1], *text = NULL, *key = NULL;
	size_t n, len;

	if ((dev = dev_member(d, rank)) == NULL ||
	    (text = json_dumps(dev, JSON_COMPACT)) == NULL)
		goto nomem;
	n = strlen(d->id);
	len = n + 1 + strlen(text);
	if ((key = malloc(len)) == NULL)
		goto nomem;
	memcpy(key, d->id, n + 1);
	memcpy(key + n + 1, text, len - n - 1);
	if (dp_event_make_id("dev.risk", key, len, id, err) != 0)
		goto out;
	rec = json_pack("{s:i, s:s, s:s, s:s, s:{s:s, s:I}, s:O, s:O}",
	    "v", DP_EVENT_VERSION, "kind", "dev.risk", "id", id, "time",
	    d->time != NULL ? d->time : "1970-01-01T00:00:00.000Z", "src",
	    "type", "dp-score", "rec", (json_int_t)rank, "actor", d->actor,
	    "dev", dev);
	if (rec == NULL)
		goto nomem;
	goto out;
nomem:
	nomem(err);
out:
	json_decref(dev);
	free(text);
	free(key);
	return rec;
}

json_t *
dp_devrisk_records(struct dp_devrisk *dr, struct dp_error *err)
{
	struct dev **order;
	json_t *out, *rec;
	size_t i;

	if ((out = json_array()) == NULL ||
	    (order = calloc(dr->n + 1, sizeof(*order))) == NULL) {
		json_decref(out);
		nomem(err);
		return NULL;
	}
	for (i = 0; i < dr->n; i++) {
		score(&dr->devs[i]);
		order[i] = &dr->devs[i];
	}
	qsort(order, dr->n, sizeof(*order), by_rank);
	for (i = 0; i < dr->n; i++) {
		if ((rec = record(order[i], i + 1, err)) == NULL)
			goto fail;
		/* json_array_append_new steals rec */
		if (json_array_append_new(out, rec) != 0) {
			nomem(err);
			goto fail;
		}
	}
	free(order);
	return out;
fail:
	free(order);
	json_decref(out);
	return NULL;
}
