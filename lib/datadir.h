/*
 * datadir: where dp finds its data files (rule packs, detector packs,
 * mapping tables).
 *
 * The rules folder is, in order: the environment variable DP_RULES_DIR
 * when set and not empty, else the folder chosen at build time,
 * $(datadir)/dp/rules.  Each tool also takes an option that overrides
 * both for its own part (dp-score --rules DIR, say).
 */
#ifndef DP_DATADIR_H
#define DP_DATADIR_H

/* Returns the rules folder, borrowed: valid for the life of the process. */
const char *dp_datadir_rules(void);

#endif
