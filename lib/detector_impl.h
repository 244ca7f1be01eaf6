/*
 * detector_impl: the insides of a detector pack, shared by its loader
 * (detector.c) and its scanner (detector_scan.c).  Not part of the API.
 */
#ifndef DP_DETECTOR_IMPL_H
#define DP_DETECTOR_IMPL_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "detector.h"
#include "keyword.h"

struct dp_detector_private {
	pcre2_code *re;
	uint32_t group;		/* number of the "secret" group */
	pcre2_code **allow;
	size_t nallow;
	pcre2_code **paths;
	size_t npaths;
	char *requires;		/* detector id, or NULL */
	long within;
	long requires_line;
	size_t req;		/* index of the required detector */
	json_t *keywords;	/* array of strings */
	long lines;		/* a match starts at most so many lines
				 * from a line holding a keyword */
	int anchored;		/* every match starts with a keyword */
};

struct dp_detector_pack {
	struct dp_detector **dets;
	size_t n;
	pcre2_code **allow;	/* allow.yml */
	size_t nallow;
	struct dp_keyword *kw;	/* keyword -> detector index */
	uint32_t ovector;	/* pairs a match data needs */
};

#endif
