#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "gitperson.h"
#include "recode.h"

/* Returns a new UTF-8 copy of s, in charset; sets *repaired if needed. */
static char *
recode(const char *s, const char *charset, int *repaired)
{
	if (s == NULL)
		s = "";
	return dp_recode_utf8(s, strlen(s), charset, repaired);
}

int
dp_gitperson_read(struct dp_gitperson *p, const git_signature *g,
    const char *charset, const char *who, int *repaired,
    struct dp_error *err)
{
	const int64_t max = INT64_MAX / 1000;
	struct dp_error why;

	memset(p, 0, sizeof(*p));
	if ((p->name = recode(g->name, charset, repaired)) == NULL ||
	    (p->email = recode(g->email, charset, repaired)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	p->offset = g->when.offset;
	if (g->when.time > max || g->when.time < -max)
		return dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
		    "%s time out of range: %lld s", who,
		    (long long)g->when.time);
	p->ms = (int64_t)g->when.time * 1000;
	if (dp_rfc3339_format(p->ms, p->utc, sizeof(p->utc), &why) != 0 ||
	    dp_rfc3339_format_local(p->ms, p->offset, p->local,
	    sizeof(p->local), &why) != 0)
		return dp_error_set(err, why.code, NULL, 0, 0, "%s %s", who,
		    why.text);
	return 0;
}

void
dp_gitperson_release(struct dp_gitperson *p)
{
	free(p->name);
	free(p->email);
	p->name = p->email = NULL;
}

json_t *
dp_gitperson_json(const struct dp_gitperson *p)
{
	json_t *o;

	/* json_object_set_new_nocheck steals the new values, NULL included */
	if ((o = dp_event_person_new(p->name, p->email)) == NULL ||
	    json_object_set_new_nocheck(o, "time",
	    json_string_nocheck(p->utc)) != 0 ||
	    json_object_set_new_nocheck(o, "local_time",
	    json_string_nocheck(p->local)) != 0 ||
	    json_object_set_new_nocheck(o, "tz_offset",
	    json_integer(p->offset)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
