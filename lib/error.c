#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void
dp_error_clear(struct dp_error *err)
{
	if (err == NULL)
		return;
	err->code = DP_ERR_NONE;
	err->source[0] = '\0';
	err->line = 0;
	err->column = 0;
	err->text[0] = '\0';
}

int
dp_error_set(struct dp_error *err, enum dp_error_code code,
    const char *source, long line, long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	snprintf(err->source, sizeof(err->source), "%s",
	    source != NULL ? source : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return -1;
}

const char *
dp_error_code_name(enum dp_error_code code)
{
	switch (code) {
	case DP_ERR_NONE:
		return "no error";
	case DP_ERR_DATA:
		return "bad input data";
	case DP_ERR_NOINPUT:
		return "input missing or unreadable";
	case DP_ERR_IO:
		return "input/output error";
	case DP_ERR_CONFIG:
		return "bad configuration";
	case DP_ERR_USAGE:
		return "usage error";
	case DP_ERR_NOMEM:
		return "out of memory";
	case DP_ERR_INTERNAL:
		return "internal error";
	}
	return "unknown error";
}
