/*
 * dp-collect scan: the content detectors and the sensitive file
 * classifiers over plain files
 * (dp-collect(1)).
 */
#include <config.h>

#include <getopt.h>

#include "collect.h"
#include "tool.h"

static const char usage_scan[] =
    "usage: dp-collect scan [--detectors DIR] [--max-size SIZE]\n"
    "       [--no-sensitive | --sensitive DIR] [-o FILE] FILE...\n";

enum { OPT_DETECTORS = TOOL_OPT_FIRST_FREE, OPT_MAX_SIZE, OPT_NO_SENSITIVE,
	OPT_SENSITIVE };

int
collect_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "detectors", required_argument, NULL, OPT_DETECTORS },
		{ "help", no_argument, NULL, 'h' },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "no-sensitive", no_argument, NULL, OPT_NO_SENSITIVE },
		{ "output", required_argument, NULL, 'o' },
		{ "sensitive", required_argument, NULL, OPT_SENSITIVE },
		{ NULL, 0, NULL, 0 }
	};
	struct collect_src src = { "file", NULL, NULL };
	const char *dir = NULL, *output = NULL, *why;
	struct collect_file f;
	struct collector c;
	int ch, i, st;

	collect_init(&c);
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_scan, stdout);
			return DP_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case OPT_DETECTORS:
			dir = optarg;
			break;
		case OPT_MAX_SIZE:
			if (tool_parse_size(optarg, &c.ar.lim.max_size) != 0) {
				tool_warn("--max-size: bad size '%s'", optarg);
				fputs(usage_scan, stderr);
				return DP_EXIT_USAGE;
			}
			break;
		case OPT_NO_SENSITIVE:
			c.no_sensitive = 1;
			break;
		case OPT_SENSITIVE:
			c.sensitive_dir = optarg;
			break;
		default:
			if (ch == ':')
				tool_warn("option '%s' needs an argument",
				    argv[optind - 1]);
			else
				tool_warn("unknown option '%s'",
				    argv[optind - 1]);
			fputs(usage_scan, stderr);
			return DP_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		tool_warn("missing file operand");
		fputs(usage_scan, stderr);
		return DP_EXIT_USAGE;
	}
	if (c.no_sensitive && c.sensitive_dir != NULL) {
		tool_warn("--no-sensitive and --sensitive exclude each other");
		fputs(usage_scan, stderr);
		return DP_EXIT_USAGE;
	}
	if (collect_open(&c, dir, output) != DP_EXIT_OK)
		return collect_close(&c);
	for (i = 0; i < argc && !c.stop; i++) {
		if ((st = collect_map(argv[i], &f, &why)) != DP_EXIT_OK) {
			if (st == DP_EXIT_DATAERR)
				tool_warn("'%s': %s", argv[i], why);
			else
				tool_warn("cannot %s '%s': %s", st ==
				    DP_EXIT_NOINPUT ? "open" : "read", argv[i],
				    why);
		} else if (f.len > c.ar.lim.max_size) {
			tool_warn("'%s': larger than --max-size", argv[i]);
			st = DP_EXIT_DATAERR;
		} else {
			src.path = argv[i];
			collect_content(&c, argv[i], f.buf, f.len, f.time_ms,
			    &src);
		}
		c.status = tool_worse(c.status, st);
		collect_unmap(&f);
	}
	return collect_close(&c);
}
