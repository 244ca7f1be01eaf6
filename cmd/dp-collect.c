/*
 * dp-collect: observe sources and write dp/1 events (dp-collect(1)).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <string.h>

#include "collect.h"
#include "gitwalk.h"
#include "ndjson.h"
#include "tool.h"

static const char usage_main[] =
    "usage: dp-collect SUBCOMMAND [options] [operands]\n"
    "       dp-collect --check-detectors DIR\n"
    "       dp-collect --help | --version\n";
static const char usage_git[] =
    "usage: dp-collect git [-o FILE] [PATH...]\n";

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
put_record(json_t *ev, void *arg)
{
	struct collect *c = arg;

	if (dp_ndjson_write(c->out.fp, ev, NULL) != 0) {
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

static int
collect_git(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct collect c = { { NULL, NULL, NULL }, DP_EXIT_OK, 0 };
	struct dp_gitwalk *w = NULL;
	const char *output = NULL;
	struct dp_error err;
	int ch, i;

	optind = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_git, stdout);
			return DP_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		default:
			return bad_option(ch, argv, usage_git);
		}
	}
	argc -= optind;
	argv += optind;

	if ((c.status = tool_out_open(&c.out, output)) != DP_EXIT_OK)
		return c.status;
	opts.record = put_record;
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
	if (c.werrno != 0)
		errno = c.werrno;	/* what tool_out_close() reports */
	return tool_out_close(&c.out, c.status);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check-detectors", required_argument, NULL,
		    TOOL_OPT_FIRST_FREE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, TOOL_OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *check = NULL;
	int ch;

	tool_init(argv[0]);
	/* "dp-collect git | head" must end quietly, whatever we inherited */
	signal(SIGPIPE, SIG_DFL);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_main, stdout);
			fputs("\nsubcommands:\n  git [-o FILE] [PATH...]    "
			    "the commits of git repositories\n"
			    "  scan [-o FILE] FILE...     "
			    "the secrets in plain files\n", stdout);
			return DP_EXIT_OK;
		case TOOL_OPT_VERSION:
			return tool_version();
		case TOOL_OPT_FIRST_FREE:
			check = optarg;
			break;
		default:
			return bad_option(ch, argv, usage_main);
		}
	}
	if (check != NULL && optind < argc) {
		tool_warn("--check-detectors takes no subcommand");
		return usage_error(usage_main);
	}
	if (check != NULL)
		return collect_check_detectors(check);
	if (optind >= argc) {
		tool_warn("missing subcommand");
		return usage_error(usage_main);
	}
	if (strcmp(argv[optind], "git") == 0)
		return collect_git(argc - optind, argv + optind);
	if (strcmp(argv[optind], "scan") == 0)
		return collect_scan(argc - optind, argv + optind);
	tool_warn("unknown subcommand '%s'", argv[optind]);
	return usage_error(usage_main);
}
