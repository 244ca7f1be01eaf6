#include <git2.h>

#include "giterror.h"

int
dp_giterror(struct dp_error *err, const char *what)
{
	const git_error *ge = git_error_last();
	enum dp_error_code code = DP_ERR_INTERNAL;

	switch (ge != NULL ? ge->klass : GIT_ERROR_NONE) {
	case GIT_ERROR_NOMEMORY:
		code = DP_ERR_NOMEM;
		break;
	case GIT_ERROR_OS:
	case GIT_ERROR_FILESYSTEM:
		code = DP_ERR_IO;
		break;
	case GIT_ERROR_INVALID:
	case GIT_ERROR_REFERENCE:
	case GIT_ERROR_ZLIB:
	case GIT_ERROR_REPOSITORY:
	case GIT_ERROR_CONFIG:
	case GIT_ERROR_ODB:
	case GIT_ERROR_OBJECT:
	case GIT_ERROR_TREE:
		code = DP_ERR_DATA;
		break;
	default:
		break;
	}
	return dp_error_set(err, code, NULL, 0, 0, "%s%s%s",
	    what != NULL ? what : "", what != NULL ? ": " : "",
	    ge != NULL ? ge->message : "unknown libgit2 error");
}
