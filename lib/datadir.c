#include <config.h>

#include <stdlib.h>

#include "datadir.h"

const char *
dp_datadir_rules(void)
{
	const char *dir = getenv("DP_RULES_DIR");

	return dir != NULL && *dir != '\0' ? dir : DP_RULESDIR;
}
