/*
 * dp-collect: observe sources and write dp/1 events (dp-collect(1)).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aiconfig.h"
#include "datadir.h"
#include "gitwalk.h"
#include "ndjson.h"
#include "tool.h"

static const char usage_main[] =
    "usage: dp-collect SUBCOMMAND [options] [operands]\n"
    "       dp-collect --help | --version\n";
static const char usage_git[] =
    "usage: dp-collect git [--no-files] [--no-lines] [--threads N] "
    "[-o FILE] [PATH...]\n";

enum {
	OPT_NO_FILES = 256,
	OPT_NO_LINES,
	OPT_THREADS
};

#define MAX_THREADS 64

/* The git subcommand's output and worst status so far. */
struct collect {
	struct tool_out out;
	int status;
	int werrno;		/* errno of the first failed write, or 0 */
};

static int
usage_error(const char *usage)
{
	fputs(usage, stderr);
	return DP_EXIT_USAGE;
}

/* Reports getopt's complaint about argv[optind - 1]; returns 64. */
static int
bad_option(int ch, char **argv, const char *usage)
{
	if (ch == ':')
		tool_warn("option '-%c' needs an argument", optopt);
	else if (optopt != 0)
		tool_warn("unknown option '-%c'", optopt);
	else
		tool_warn("unknown option '%s'", argv[optind - 1]);
	return usage_error(usage);
}

static int
put_line(const char *line, size_t len, void *arg)
{
	struct collect *c = arg;

	if (dp_ndjson_write_raw(c->out.fp, line, len, NULL) != 0) {
		c->werrno = errno;
		return 1;
	}
	return 0;
}

static int
skip_object(const struct dp_error *err, void *arg)
{
	struct collect *c = arg;

	tool_warn("'%s': %s", err->source, err->text);
	c->status = tool_worse(c->status, tool_status(err->code));
	return 0;
}

/* Returns the number of online processors, at least 1. */
static int
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Parses N of --threads N (1 to MAX_THREADS); returns -1 if bad. */
static int
parse_threads(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 ||
	    n > MAX_THREADS)
		return -1;
	return (int)n;
}

/* Loads rules/ai/configs.yml of the rules folder into *ai. */
static int
load_ai(struct dp_aiconfig **ai)
{
	struct dp_error err;
	char *path;

	if (asprintf(&path, "%s/ai/configs.yml", dp_datadir_rules()) < 0) {
		tool_warn("out of memory");
		return DP_EXIT_SOFTWARE;
	}
	*ai = dp_aiconfig_load(path, path, &err);
	free(path);
	if (*ai != NULL)
		return DP_EXIT_OK;
	tool_diag(&err);
	return tool_status(err.code);
}

static int
collect_git(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "no-files", no_argument, NULL, OPT_NO_FILES },
		{ "no-lines", no_argument, NULL, OPT_NO_LINES },
		{ "output", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ NULL, 0, NULL, 0 }
	};
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct collect c = { { NULL, NULL, NULL }, DP_EXIT_OK, 0 };
	struct dp_aiconfig *ai = NULL;
	struct dp_gitwalk *w = NULL;
	const char *output = NULL;
	struct dp_error err;
	int ch, i;

	opts.files = 1;
	opts.threads = online_cpus();
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_git, stdout);
			return DP_EXIT_OK;
		case OPT_NO_FILES:
			opts.files = 0;
			break;
		case OPT_NO_LINES:
			opts.lines = 0;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_THREADS:
			if ((opts.threads = parse_threads(optarg)) < 0) {
				tool_warn("bad number of threads '%s'",
				    optarg);
				return usage_error(usage_git);
			}
			break;
		default:
			return bad_option(ch, argv, usage_git);
		}
	}
	argc -= optind;
	argv += optind;

	if (opts.files && (c.status = load_ai(&ai)) != DP_EXIT_OK)
		return c.status;
	opts.ai = ai;
	if ((c.status = tool_out_open(&c.out, output)) != DP_EXIT_OK)
		goto out;
	opts.line = put_line;
	opts.warn = skip_object;
	opts.arg = &c;
	if ((w = dp_gitwalk_new(&opts, &err)) == NULL) {
		tool_diag(&err);
		c.status = tool_status(err.code);
		goto out;
	}
	for (i = 0; i < (argc > 0 ? argc : 1) && c.werrno == 0; i++) {
		if (dp_gitwalk_repo(w, argc > 0 ? argv[i] : ".", &err) < 0)
			skip_object(&err, &c);
	}
out:
	dp_gitwalk_free(w);
	dp_aiconfig_free(ai);
	if (c.out.fp == NULL)
		return c.status;
	if (c.werrno != 0)
		errno = c.werrno;	/* what tool_out_close() reports */
	return tool_out_close(&c.out, c.status);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, TOOL_OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	tool_init(argv[0]);
	/* "dp-collect git | head" must end quietly, whatever we inherited */
	signal(SIGPIPE, SIG_DFL);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_main, stdout);
			fputs("\nsubcommands:\n  git [options] [PATH...]    "
			    "the commits and file changes of git "
			    "repositories\n", stdout);
			return DP_EXIT_OK;
		case TOOL_OPT_VERSION:
			return tool_version();
		default:
			return bad_option(ch, argv, usage_main);
		}
	}
	if (optind >= argc) {
		tool_warn("missing subcommand");
		return usage_error(usage_main);
	}
	if (strcmp(argv[optind], "git") == 0)
		return collect_git(argc - optind, argv + optind);
	tool_warn("unknown subcommand '%s'", argv[optind]);
	return usage_error(usage_main);
}
