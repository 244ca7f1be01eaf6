/*
 * dp-normalize: resolves the people of dp/1 records to canonical
 * identities and actor ids through mailmaps.  See dp-normalize(1).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "identity.h"
#include "normalize.h"
#include "tool.h"

enum {
	OPT_MAILMAP = TOOL_OPT_FIRST_FREE,
	OPT_NO_REPO_MAILMAP
};

struct run {
	struct dp_identity *ident;
	FILE *out;
};

static int
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [--mailmap FILE] [--no-repo-mailmap] [-o FILE]\n"
	    "\t[--bad-lines FILE] [--strict] [--max-line SIZE] [FILE ...]\n",
	    tool_name());
	return status;
}

static int
bad_option(int ch, char **argv)
{
	if (ch == ':')
		tool_warn("option '%s' needs an argument", argv[optind - 1]);
	else if (optopt == 0)
		tool_warn("unknown option '%s'", argv[optind - 1]);
	else if (optopt >= TOOL_OPT_BAD_LINES)
		tool_warn("option '%.*s' takes no argument",
		    (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
	else
		tool_warn("unknown option '-%c'", optopt);
	return usage(stderr, DP_EXIT_USAGE);
}

/* Checks standard output after --help or --version. */
static int
flushed(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_warn("write error on standard output: %s",
		    strerror(errno));
		return DP_EXIT_IOERR;
	}
	return status;
}

/* Reports err and returns its exit status. */
static int
failed(const struct dp_error *err)
{
	tool_diag(err);
	return tool_status(err->code);
}

static int
each(struct dp_record *rec, const char *name, void *arg)
{
	struct run *run = arg;
	struct dp_error err;
	int rc;

	rc = dp_normalize_event(run->ident, rec->obj, name, rec->line, &err);
	if (rc == -1)
		return failed(&err);
	if (rc & DP_NORMALIZE_WARNING)
		tool_diag(&err);
	if (rc & DP_NORMALIZE_CHANGED)
		rec->modified = 1;
	/* a failed write is reported once, by tool_out_close() */
	if (dp_ndjson_write_record(run->out, rec, &err) != 0)
		return DP_EXIT_IOERR;
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		TOOL_FILTER_LONGOPTS,
		{ "mailmap", required_argument, NULL, OPT_MAILMAP },
		{ "no-repo-mailmap", no_argument, NULL, OPT_NO_REPO_MAILMAP },
		{ NULL, 0, NULL, 0 }
	};
	struct tool_filter f = TOOL_FILTER_INIT;
	struct tool_out out = { NULL, NULL, NULL };
	struct run run = { NULL, NULL };
	struct dp_error err;
	const char **maps;
	int ch, i, nmaps = 0, repo_mailmap = 1, status = DP_EXIT_OK;

	tool_init(argv[0]);
	git_libgit2_init();
	if ((maps = calloc((size_t)argc, sizeof(*maps))) == NULL) {
		tool_warn("out of memory");
		status = DP_EXIT_SOFTWARE;
		goto out;
	}
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		if ((i = tool_filter_option(&f, ch, optarg)) != 0) {
			if (i == -1) {
				status = usage(stderr, DP_EXIT_USAGE);
				goto out;
			}
			continue;
		}
		switch (ch) {
		case 'h':
		case TOOL_OPT_VERSION:
			status = flushed(ch == 'h' ? usage(stdout, DP_EXIT_OK) :
			    tool_version());
			goto out;
		case OPT_MAILMAP:
			maps[nmaps++] = optarg;
			break;
		case OPT_NO_REPO_MAILMAP:
			repo_mailmap = 0;
			break;
		default:
			status = bad_option(ch, argv);
			goto out;
		}
	}
	argc -= optind;
	argv += optind;

	if ((run.ident = dp_identity_new(&err)) == NULL) {
		status = failed(&err);
		goto out;
	}
	dp_identity_set_repo_mailmap(run.ident, repo_mailmap);
	for (i = 0; i < nmaps; i++)
		if (dp_identity_add_mailmap_file(run.ident, maps[i], &err)) {
			status = failed(&err);
			goto out;
		}
	if ((status = tool_out_open(&out, f.output)) != DP_EXIT_OK)
		goto out;
	run.out = out.fp;
	status = tool_each_record(argc, argv, &f, each, &run);
	status = tool_out_close(&out, status);
out:
	dp_identity_free(run.ident);
	free(maps);
	git_libgit2_shutdown();
	return status;
}
