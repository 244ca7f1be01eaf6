#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

static const char *progname = "dp";

void
tool_init(const char *argv0)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		slash = strrchr(argv0, '/');
		progname = slash != NULL ? slash + 1 : argv0;
	}
}

const char *
tool_name(void)
{
	return progname;
}

void
tool_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
}

void
tool_diag(const struct dp_error *err)
{
	fprintf(stderr, "%s: ", progname);
	if (err->source[0] != '\0') {
		fputs(err->source, stderr);
		if (err->line > 0)
			fprintf(stderr, ":%ld", err->line);
		if (err->line > 0 && err->column > 0)
			fprintf(stderr, ":%ld", err->column);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", err->text[0] != '\0' ? err->text :
	    dp_error_code_name(err->code));
}

int
tool_status(enum dp_error_code code)
{
	switch (code) {
	case DP_ERR_NONE:
		return DP_EXIT_OK;
	case DP_ERR_DATA:
		return DP_EXIT_DATAERR;
	case DP_ERR_NOINPUT:
		return DP_EXIT_NOINPUT;
	case DP_ERR_IO:
		return DP_EXIT_IOERR;
	case DP_ERR_CONFIG:
		return DP_EXIT_CONFIG;
	case DP_ERR_USAGE:
		return DP_EXIT_USAGE;
	case DP_ERR_NOMEM:
	case DP_ERR_INTERNAL:
		break;
	}
	return DP_EXIT_SOFTWARE;
}

int
tool_worse(int a, int b)
{
	return a > b ? a : b;
}

int
tool_version(void)
{
	printf("%s (dp) %s\n", progname, PACKAGE_VERSION);
	return DP_EXIT_OK;
}

int
tool_parse_size(const char *s, size_t *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v == 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		mul = 1ULL << 10;
		break;
	case 'm': case 'M':
		mul = 1ULL << 20;
		break;
	case 'g': case 'G':
		mul = 1ULL << 30;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v > SIZE_MAX / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

int
tool_out_open(struct tool_out *o, const char *path)
{
	struct stat st;
	size_t n;
	int fd;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return DP_EXIT_OK;
	}
	if ((o->path = strdup(path)) == NULL)
		goto fail;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((o->fp = fopen(path, "w")) == NULL)
			goto fail;
		return DP_EXIT_OK;
	}
	n = strlen(path) + sizeof(".XXXXXX");
	if ((o->tmp = malloc(n)) == NULL)
		goto fail;
	snprintf(o->tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) == -1) {
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	/* mkstemp creates 0600; give the file the usual umask mode */
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return DP_EXIT_OK;
fail:
	tool_warn("cannot create '%s': %s", path, strerror(errno));
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return DP_EXIT_CANTCREAT;
}

int
tool_out_close(struct tool_out *o, int status)
{
	const char *name = o->path != NULL ? o->path : "standard output";
	int complete = status == DP_EXIT_OK || status == DP_EXIT_FAIL;

	if (o->fp == NULL)
		return status;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		tool_warn("write error on %s: %s", name, strerror(errno));
		status = tool_worse(status, DP_EXIT_IOERR);
		complete = 0;
	}
	if (fclose(o->fp) != 0 && complete) {
		tool_warn("write error on %s: %s", name, strerror(errno));
		status = tool_worse(status, DP_EXIT_IOERR);
		complete = 0;
	}
	if (o->tmp != NULL) {
		if (!complete)
			unlink(o->tmp);
		else if (rename(o->tmp, o->path) != 0) {
			tool_warn("cannot create '%s': %s", o->path,
			    strerror(errno));
			unlink(o->tmp);
			status = tool_worse(status, DP_EXIT_CANTCREAT);
		}
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return status;
}

int
tool_in_open(const char *path, FILE **fp, const char **name)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		*fp = stdin;
		*name = "<stdin>";
		return DP_EXIT_OK;
	}
	*name = path;
	if ((*fp = fopen(path, "r")) == NULL) {
		tool_warn("cannot open '%s': %s", path, strerror(errno));
		return DP_EXIT_NOINPUT;
	}
	if (fstat(fileno(*fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(*fp);
		*fp = NULL;
		tool_warn("cannot read '%s': %s", path, strerror(EISDIR));
		return DP_EXIT_NOINPUT;
	}
	return DP_EXIT_OK;
}

void
tool_in_close(FILE *fp)
{
	if (fp != NULL && fp != stdin)
		fclose(fp);
}

int
tool_filter_option(struct tool_filter *f, int ch, const char *arg)
{
	switch (ch) {
	case 'o':
		f->output = arg;
		return 1;
	case TOOL_OPT_BAD_LINES:
		f->bad_lines = arg;
		return 1;
	case TOOL_OPT_STRICT:
		f->strict = 1;
		return 1;
	case TOOL_OPT_MAX_LINE:
		if (tool_parse_size(arg, &f->max_line) != 0) {
			tool_warn("--max-line: invalid size '%s'", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* Reads one input; returns its worst status, or a stop status. */
static int
each_in_file(FILE *fp, const char *name, const struct tool_filter *f,
    FILE *bad, tool_record_fn fn, void *arg, int *stop)
{
	struct dp_ndjson_reader *r;
	struct dp_record rec;
	struct dp_error err;
	int status = DP_EXIT_OK, st;

	if ((r = dp_ndjson_reader_new(fp, name, f->max_line, &err)) == NULL) {
		tool_diag(&err);
		*stop = 1;
		return tool_status(err.code);
	}
	dp_ndjson_reader_set_reject(r, bad);
	for (;;) {
		switch (dp_ndjson_read(r, &rec, &err)) {
		case DP_NDJSON_EOF:
			goto out;
		case DP_NDJSON_FATAL:
			tool_diag(&err);
			status = tool_worse(status, tool_status(err.code));
			goto out;
		case DP_NDJSON_BAD:
			tool_diag(&err);
			status = tool_worse(status, DP_EXIT_DATAERR);
			if (f->strict) {
				*stop = 1;
				goto out;
			}
			continue;
		case DP_NDJSON_OK:
			break;
		}
		st = fn(&rec, name, arg);
		if (st == DP_EXIT_DATAERR) {
			status = tool_worse(status, st);
			if (dp_ndjson_reader_reject(r, &rec, &err) != 0) {
				tool_diag(&err);
				status = tool_worse(status, DP_EXIT_IOERR);
				*stop = 1;
			}
			if (f->strict)
				*stop = 1;
		} else if (st != DP_EXIT_OK) {
			status = tool_worse(status, st);
			*stop = 1;
		}
		dp_record_release(&rec);
		if (*stop)
			break;
	}
out:
	dp_ndjson_reader_free(r);
	return status;
}

int
tool_each_record(int argc, char **argv, const struct tool_filter *f,
    tool_record_fn fn, void *arg)
{
	static char *stdin_only[] = { "-" };
	struct tool_out bad = { NULL, NULL, NULL };
	const char *name;
	int status = DP_EXIT_OK, stop = 0, i, st;
	FILE *fp;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	if (f->bad_lines != NULL &&
	    (status = tool_out_open(&bad, f->bad_lines)) != DP_EXIT_OK)
		return status;
	for (i = 0; i < argc && !stop; i++) {
		if ((st = tool_in_open(argv[i], &fp, &name)) != DP_EXIT_OK) {
			status = tool_worse(status, st);
			stop = f->strict;
			continue;
		}
		st = each_in_file(fp, name, f, bad.fp, fn, arg, &stop);
		status = tool_worse(status, st);
		tool_in_close(fp);
	}
	if (bad.fp != NULL) {
		/* the bad lines are complete even when the input was bad */
		st = tool_out_close(&bad, DP_EXIT_OK);
		status = tool_worse(status, st);
	}
	return status;
}
