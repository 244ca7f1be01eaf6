/*
 * giterror: libgit2's last error as a struct dp_error.
 */
#ifndef DP_GITERROR_H
#define DP_GITERROR_H

#include "error.h"

/*
 * Sets err from libgit2's last error, its text prefixed with what and
 * ": " when what is not NULL.  The code follows the error's class:
 * DP_ERR_NOMEM for memory, DP_ERR_IO for the operating system and the
 * file system, DP_ERR_DATA for objects, trees, references, packs, zlib,
 * configuration and repository layout, DP_ERR_INTERNAL otherwise.
 * Returns -1.
 */
int	dp_giterror(struct dp_error *err, const char *what);

#endif
