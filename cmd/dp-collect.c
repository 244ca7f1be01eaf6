/*
 * dp-collect: observe sources and write dp/1 events (dp-collect(1)).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aiconfig.h"
#include "collect.h"
#include "datadir.h"
#include "detector.h"
#include "gitfind.h"
#include "gitwalk.h"
#include "rfc3339.h"
#include "ndjson.h"
#include "tool.h"

static const char usage_main[] =
    "usage: dp-collect SUBCOMMAND [options] [operands]\n"
    "       dp-collect --check-detectors DIR\n"
    "       dp-collect --check-sensitive DIR\n"
    "       dp-collect --help | --version\n";
static const char usage_git[] =
    "usage: dp-collect git [-r] [--all | --ref PATTERN ...] [--since DATE]\n"
    "       [--until DATE] [--no-refs] [--no-files] [--no-lines]\n"
    "       [--no-secrets | --detectors DIR] [--max-size SIZE]\n"
    "       [--threads N] [-o FILE] [PATH...]\n";
static const char help_git[] =
    "\n"
    "  -r, --recursive     search the PATHs for repositories\n"
    "      --all           walk every ref and HEAD (the default)\n"
    "      --ref PATTERN   walk the refs matching PATTERN (repeatable)\n"
    "      --since DATE    commits with a committer time from DATE\n"
    "      --until DATE    commits with a committer time up to DATE\n"
    "      --no-refs       no scm.tag and scm.ref_update records\n"
    "      --no-files      no file.change and ai.config records\n"
    "      --no-lines      no line counts in file.change records\n"
    "      --no-secrets    do not scan the blobs commits introduce\n"
    "      --detectors DIR the secret detectors of DIR (default: the\n"
    "                      secrets folder of the rules folder)\n"
    "      --max-size SIZE scan blobs of up to SIZE bytes (default 64M)\n"
    "      --threads N     build records with N threads (default: one\n"
    "                      per processor)\n"
    "  -o, --output FILE   write to FILE at a clean exit\n"
    "  -h, --help          print this help\n";

#define MAX_THREADS 64

/* The git subcommand's output and worst status so far. */
struct collect {
	struct dp_gitwalk *walker;
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

/*
 * Parses a --since or --until DATE: an RFC 3339 time, or YYYY-MM-DD for
 * the first (or, with end set, the last) millisecond of that UTC day.
 */
static int
parse_date(const char *opt, const char *s, int end, int64_t *ms)
{
	char buf[40];
	struct dp_error err;
	int off;

	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		snprintf(buf, sizeof(buf), "%sT%s", s, end ? "23:59:59.999Z" :
		    "00:00:00Z");
		s = buf;
	}
	if (dp_rfc3339_parse(s, ms, &off, &err) != 0) {
		tool_warn("%s: '%s' is not a date like 2026-03-01 or "
		    "2026-03-01T09:00:00Z", opt, s);
		return -1;
	}
	return 0;
}

/* Walks one repository found by --recursive (gitfind's callback). */
static int
walk_found(const char *path, void *arg)
{
	struct collect *c = arg;
	struct dp_error err;

	if (dp_gitwalk_repo(c->walker, path, &err) < 0)
		skip_object(&err, c);
	return c->werrno != 0;
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

static void
report(const struct dp_error *err, void *arg)
{
	(void)arg;
	tool_diag(err);
}

/* Loads the detectors of dir, or of the rules folder, into *pack. */
static int
load_detectors(const char *dir, struct dp_detector_pack **pack)
{
	struct dp_error err;
	char *deflt = NULL;

	if (dir == NULL) {
		if (asprintf(&deflt, "%s/secrets", dp_datadir_rules()) < 0) {
			tool_warn("out of memory");
			return DP_EXIT_SOFTWARE;
		}
		dir = deflt;
	}
	*pack = dp_detector_pack_load(dir, report, NULL, &err);
	free(deflt);
	if (*pack != NULL)
		return DP_EXIT_OK;
	if (err.code == DP_ERR_NOMEM)
		tool_diag(&err);
	return tool_status(err.code);
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
	enum { OPT_ALL = 256, OPT_REF, OPT_SINCE, OPT_UNTIL, OPT_NO_REFS,
	    OPT_NO_FILES, OPT_NO_LINES, OPT_THREADS, OPT_NO_SECRETS,
	    OPT_DETECTORS, OPT_MAX_SIZE };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, OPT_ALL },
		{ "detectors", required_argument, NULL, OPT_DETECTORS },
		{ "help", no_argument, NULL, 'h' },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "no-files", no_argument, NULL, OPT_NO_FILES },
		{ "no-lines", no_argument, NULL, OPT_NO_LINES },
		{ "no-refs", no_argument, NULL, OPT_NO_REFS },
		{ "no-secrets", no_argument, NULL, OPT_NO_SECRETS },
		{ "output", required_argument, NULL, 'o' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "ref", required_argument, NULL, OPT_REF },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ NULL, 0, NULL, 0 }
	};
	struct dp_gitwalk_options opts = DP_GITWALK_OPTIONS_INIT;
	struct collect c;
	struct dp_detector_pack *pack = NULL;
	struct dp_aiconfig *ai = NULL;
	const char *output = NULL, *detectors = NULL;
	struct dp_error err;
	char **refs = NULL;
	int ch, i, recursive = 0, all = 0, secrets = 1;

	memset(&c, 0, sizeof(c));
	if ((refs = calloc((size_t)argc + 1, sizeof(*refs))) == NULL) {
		tool_warn("out of memory");
		return DP_EXIT_SOFTWARE;
	}
	opts.files = 1;
	opts.threads = online_cpus();
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":ho:r", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_ALL:
			all = 1;
			break;
		case 'h':
			fputs(usage_git, stdout);
			fputs(help_git, stdout);
			free(refs);
			return DP_EXIT_OK;
		case OPT_NO_FILES:
			opts.files = 0;
			break;
		case OPT_NO_LINES:
			opts.lines = 0;
			break;
		case OPT_NO_REFS:
			opts.no_refs = 1;
			break;
		case OPT_NO_SECRETS:
			secrets = 0;
			break;
		case OPT_DETECTORS:
			detectors = optarg;
			break;
		case OPT_MAX_SIZE:
			if (tool_parse_size(optarg, &opts.max_size) != 0) {
				tool_warn("--max-size: bad size '%s'", optarg);
				free(refs);
				return usage_error(usage_git);
			}
			break;
		case OPT_THREADS:
			if ((opts.threads = parse_threads(optarg)) < 0) {
				tool_warn("bad number of threads '%s'",
				    optarg);
				free(refs);
				return usage_error(usage_git);
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'r':
			recursive = 1;
			break;
		case OPT_REF:
			refs[opts.nrefs++] = optarg;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (parse_date(ch == OPT_SINCE ? "--since" : "--until",
			    optarg, ch == OPT_UNTIL, ch == OPT_SINCE ?
			    &opts.since : &opts.until) != 0) {
				free(refs);
				return usage_error(usage_git);
			}
			break;
		default:
			free(refs);
			return bad_option(ch, argv, usage_git);
		}
	}
	argc -= optind;
	argv += optind;
	if (all && opts.nrefs > 0) {
		tool_warn("--all and --ref exclude each other");
		free(refs);
		return usage_error(usage_git);
	}
	if (!secrets && detectors != NULL) {
		tool_warn("--no-secrets and --detectors exclude each other");
		free(refs);
		return usage_error(usage_git);
	}
	opts.refs = refs;

	if ((opts.files && (c.status = load_ai(&ai)) != DP_EXIT_OK) ||
	    (secrets && (c.status = load_detectors(detectors,
	    &pack)) != DP_EXIT_OK) ||
	    (c.status = tool_out_open(&c.out, output)) != DP_EXIT_OK) {
		dp_detector_pack_free(pack);
		dp_aiconfig_free(ai);
		free(refs);
		return c.status;
	}
	opts.ai = ai;
	opts.detectors = pack;
	opts.line = put_line;
	opts.warn = skip_object;
	opts.arg = &c;
	if ((c.walker = dp_gitwalk_new(&opts, &err)) == NULL) {
		tool_diag(&err);
		c.status = tool_status(err.code);
		goto out;
	}
	for (i = 0; i < (argc > 0 ? argc : 1) && c.werrno == 0; i++) {
		if (recursive) {
			if (dp_gitfind(argc > 0 ? argv[i] : ".", walk_found,
			    skip_object, &c, &err) < 0)
				skip_object(&err, &c);
		} else
			walk_found(argc > 0 ? argv[i] : ".", &c);
	}
out:
	dp_gitwalk_free(c.walker);
	dp_detector_pack_free(pack);
	dp_aiconfig_free(ai);
	free(refs);
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
		{ "check-sensitive", required_argument, NULL,
		    TOOL_OPT_FIRST_FREE + 1 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, TOOL_OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *check = NULL, *checks = NULL;
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
			    "the history of git repositories\n"
			    "  scan [-o FILE] FILE...     "
			    "the secrets in plain files, and which are "
			    "sensitive\n"
			    "  tree [options] PATH...     "
			    "the content of folders, archives included\n"
			    "  archive [options] FILE...  "
			    "the content of archives, never extracted\n",
			    stdout);
			return DP_EXIT_OK;
		case TOOL_OPT_VERSION:
			return tool_version();
		case TOOL_OPT_FIRST_FREE:
			check = optarg;
			break;
		case TOOL_OPT_FIRST_FREE + 1:
			checks = optarg;
			break;
		default:
			return bad_option(ch, argv, usage_main);
		}
	}
	if ((check != NULL || checks != NULL) && optind < argc) {
		tool_warn("--check-%s takes no subcommand", check != NULL ?
		    "detectors" : "sensitive");
		return usage_error(usage_main);
	}
	if (check != NULL || checks != NULL)
		return tool_worse(check != NULL ?
		    collect_check_detectors(check) : DP_EXIT_OK,
		    checks != NULL ? collect_check_sensitive(checks) :
		    DP_EXIT_OK);
	if (optind >= argc) {
		tool_warn("missing subcommand");
		return usage_error(usage_main);
	}
	if (strcmp(argv[optind], "git") == 0)
		return collect_git(argc - optind, argv + optind);
	if (strcmp(argv[optind], "scan") == 0)
		return collect_scan(argc - optind, argv + optind);
	if (strcmp(argv[optind], "tree") == 0 ||
	    strcmp(argv[optind], "archive") == 0)
		return collect_tree(argc - optind, argv + optind);
	tool_warn("unknown subcommand '%s'", argv[optind]);
	return usage_error(usage_main);
}
