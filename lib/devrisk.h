/*
 * devrisk: each developer's risk, summed up from the findings about
 * them, as the records of kind "dev.risk" that dp-score writes at the
 * end of its input (dp-event(5)).
 *
 * A developer is an actor.id.  Every record added names its developer
 * by actor.id (records without one are not counted); a record of kind
 * "finding" counts once per id however often it is added, as
 * suppressed when its finding.suppression.status is "active", else as
 * a finding of its rule.id, rule.severity and risk.  A finding that
 * lacks any of these (a string id and rule.id, a known severity, an
 * integer risk from 0 to 100), as other tools may write, is not
 * counted.
 *
 * The findings of a developer are grouped by rule.  Within a rule,
 * with risks sorted from the highest, r1 >= r2 >= ..., each finding
 * counts half as much as the one before it, so that a rule that fires
 * often raises the score but cannot fill it alone:
 *
 *	term  = 100 * (1 - (1 - r1/100) * (1 - r2/200) * (1 - r3/400) ...)
 *	score = 100 * (1 - (1 - term1/100) * (1 - term2/100) ...)
 *
 * each rounded to the nearest integer (the score from the rounded
 * terms, so that it can be checked by hand; only the first 64 findings
 * of a rule count, the others could not change it).  The score is 0 to
 * 100; it is 0 for a developer without findings.
 *
 * Rank 1 is the highest score; ties go to the higher first term, then
 * to more critical, high, medium, low and info findings, then to the
 * actor.id that sorts first byte by byte, so every rank is distinct.
 *
 * A record:
 *
 *	{"v":1,"kind":"dev.risk","id":ID,"time":T,
 *	 "src":{"type":"dp-score","rec":RANK},
 *	 "actor":{"id","name","email"},
 *	 "dev":{"score":S,"rank":RANK,"findings":N,"suppressed":K,
 *	  "severity":{"info":0,"low":0,"medium":0,"high":0,"critical":0},
 *	  "terms":[{"rule":"id","count":C,"risk":TERM},...]}}
 *
 * ID is dp_event_make_id("dev.risk", key), key being the actor.id, a
 * NUL byte and the compact "dev" object, so that the same findings give
 * the same id.  T is the latest time of the developer's records; actor
 * takes id, name and email from the developer's first record; terms go
 * from the highest risk down, then by rule id.
 */
#ifndef DP_DEVRISK_H
#define DP_DEVRISK_H

#include <jansson.h>

#include "error.h"

struct dp_devrisk;

/* Returns a new, empty tally; free with dp_devrisk_free().  NULL: no memory. */
struct dp_devrisk *dp_devrisk_new(struct dp_error *err);

void	dp_devrisk_free(struct dp_devrisk *dr);

/*
 * Adds the record rec, a valid dp/1 envelope that is only read.  Returns
 * 0, or -1 with DP_ERR_NOMEM.
 */
int	dp_devrisk_add(struct dp_devrisk *dr, const json_t *rec,
	    struct dp_error *err);

/*
 * Returns a new array of one dev.risk record per developer, by rank;
 * release with json_decref().  Returns NULL with DP_ERR_NOMEM or
 * DP_ERR_INTERNAL (an id could not be made).
 */
json_t	*dp_devrisk_records(struct dp_devrisk *dr, struct dp_error *err);

#endif
