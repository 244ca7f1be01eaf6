/*
 * finding: the record dp-score writes when a rule matches
 * (kind "finding", dp-event(5), dp-rules(5)).
 *
 *	{"v":1,"kind":"finding","id":ID,"time":T,
 *	 "src":{"type":"dp-score","path":RULE FILE,"rec":N},
 *	 "actor":{...},"repo":{...},
 *	 "rule":{"id","title","severity","confidence","tags":[],"controls":[]},
 *	 "risk":R,"evidence":["event id",...],
 *	 "location":{"repo","path","line","commit"},
 *	 "finding":{"description","remediation","context":[]}}
 *
 * ID is dp_event_make_id("finding", key) where key is the rule id and
 * the evidence ids joined by NUL bytes, so the same rule on the same
 * events always gives the same finding.  T is the time of the last
 * evidence event (never the wall clock).  RULE FILE is the rule's path
 * inside its rules folder; N is the caller's ordinal of the finding.
 * actor and repo are copies of the last evidence event's, left out when
 * it has none.  location takes from the last evidence event only the
 * members it has: repo from repo.name, path from file.path or
 * secret.path, line from secret.line or file.line (a positive integer),
 * commit from commit.sha, file.commit or secret.commit; it is left out
 * when empty, and so are description, remediation and context, and
 * finding when all three are.
 *
 * R, the risk from 0 to 100, is the base of the severity scaled by the
 * confidence and rounded half up:
 *
 *	base	info 5, low 20, medium 45, high 70, critical 90, above 100
 *	scale	low 0.6, medium 0.8, high 1.0
 *
 * so a high-severity rule of medium confidence has risk 56.  Context
 * found in the evidence raises the severity the risk is computed from
 * (never the rule's own) by one level for each kind of context, and is
 * listed, in this order, in finding.context:
 *
 *	"live_secret"	an evidence event of kind secret.detected whose
 *			secret.present is true: the secret is still in
 *			the tree of a branch tip
 *	"public_repo"	an evidence event whose repo.vis is "public"
 *
 * These are the only fields of collectors that finding reads for
 * context; live_secret() and public_repo() in finding.c read them.
 */
#ifndef DP_FINDING_H
#define DP_FINDING_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"
#include "rule.h"

/* Context of a finding, a set of bits. */
#define DP_FINDING_LIVE_SECRET	0x1u
#define DP_FINDING_PUBLIC_REPO	0x2u

/* Returns the risk (0-100) of a finding of severity s and confidence c. */
int	dp_finding_risk(enum dp_rule_severity s, enum dp_rule_confidence c);

/* Returns the risk of a finding of s and c in context (DP_FINDING_*). */
int	dp_finding_context_risk(enum dp_rule_severity s,
	    enum dp_rule_confidence c, unsigned context);

/* Returns the context (DP_FINDING_*) shown by the n events of evidence. */
unsigned dp_finding_context(const json_t *const *evidence, size_t n);

/*
 * Returns a new finding of rule about the n (>= 1) events of evidence,
 * in order, with src.rec set to rec; release with json_decref().  The
 * events are only read.  Returns NULL with DP_ERR_USAGE (n is 0),
 * DP_ERR_DATA (an evidence event has no string id or time),
 * DP_ERR_INTERNAL or DP_ERR_NOMEM.
 */
json_t	*dp_finding_new(const struct dp_rule *rule,
	    const json_t *const *evidence, size_t n, long long rec,
	    struct dp_error *err);

#endif
