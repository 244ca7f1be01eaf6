/*
 * dp-collect tree and archive: the content of folders and archives
 * (dp-collect(1)).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "ignore.h"
#include "tool.h"
#include "treewalk.h"

static const char usage_tree[] =
    "usage: dp-collect tree [--detectors DIR] [--exclude PATTERN ...]\n"
    "       [--max-size SIZE] [--max-depth N] [--max-entries N]\n"
    "       [--max-ratio N] [--max-total SIZE]\n"
    "       [--no-sensitive | --sensitive DIR] [-o FILE] PATH...\n";
static const char usage_archive[] =
    "usage: dp-collect archive [--detectors DIR] [--exclude PATTERN ...]\n"
    "       [--max-size SIZE] [--max-depth N] [--max-entries N]\n"
    "       [--max-ratio N] [--max-total SIZE]\n"
    "       [--no-sensitive | --sensitive DIR] [-o FILE] FILE...\n";
static const char help[] =
    "\n"
    "      --detectors DIR    the detectors of DIR/*.yml\n"
    "      --exclude PATTERN  leave out what PATTERN matches, as in\n"
    "                         .gitignore (repeatable)\n"
    "      --max-size SIZE    skip files and entries larger (64M)\n"
    "      --max-depth N      read archives N deep in archives (3)\n"
    "      --max-entries N    read at most N entries of an archive (1000000)\n"
    "      --max-ratio N      stop at an entry N times its archive (100)\n"
    "      --max-total SIZE   read at most SIZE bytes of an archive (1G)\n"
    "      --no-sensitive     no file.sensitive records\n"
    "      --sensitive DIR    the sensitive file classifiers of DIR/*.yml\n"
    "  -o, --output FILE      write to FILE at a clean exit\n"
    "  -h, --help             print this help\n";

enum {
	OPT_DETECTORS = TOOL_OPT_FIRST_FREE,
	OPT_EXCLUDE,
	OPT_MAX_DEPTH,
	OPT_MAX_ENTRIES,
	OPT_MAX_RATIO,
	OPT_MAX_SIZE,
	OPT_MAX_TOTAL,
	OPT_NO_SENSITIVE,
	OPT_SENSITIVE
};

/* The largest --max-depth: each level holds an entry in memory. */
#define DEPTH_MAX 16

/* Parses a count from 1 (from 0 when zero is set) to max into *out. */
static int
parse_count(const char *s, int zero, unsigned long long max,
    unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' || *out > max ||
	    (*out == 0 && !zero) ? -1 : 0;
}

/* Takes option ch; returns 0, or -1 after a diagnostic. */
static int
option(struct collector *c, struct dp_ignore **exclude, int ch,
    const char *arg, int archive)
{
	unsigned long long n;
	struct dp_error err;
	size_t size;

	switch (ch) {
	case OPT_EXCLUDE:
		if ((*exclude == NULL && (*exclude = dp_ignore_new(&err)) ==
		    NULL) || dp_ignore_add(*exclude, arg, &err) != 0) {
			tool_warn("--exclude: %s", err.text);
			return -1;
		}
		return 0;
	case OPT_MAX_DEPTH:
		if (parse_count(arg, !archive, DEPTH_MAX, &n) != 0) {
			tool_warn("--max-depth: '%s' is not a number from %d "
			    "to %d", arg, archive, DEPTH_MAX);
			return -1;
		}
		c->max_depth = (int)n;
		return 0;
	case OPT_MAX_ENTRIES:
	case OPT_MAX_RATIO:
		if (parse_count(arg, 0, UINT64_MAX, &n) != 0) {
			tool_warn("%s: '%s' is not a positive number",
			    ch == OPT_MAX_RATIO ? "--max-ratio" :
			    "--max-entries", arg);
			return -1;
		}
		*(ch == OPT_MAX_RATIO ? &c->ar.lim.max_ratio :
		    &c->ar.lim.max_entries) = n;
		return 0;
	default:
		if (tool_parse_size(arg, &size) != 0) {
			tool_warn("%s: bad size '%s'", ch == OPT_MAX_SIZE ?
			    "--max-size" : "--max-total", arg);
			return -1;
		}
		if (ch == OPT_MAX_SIZE)
			c->ar.lim.max_size = size;
		else
			c->ar.lim.max_total = size;
		return 0;
	}
}

/* Reports what cannot be read, as a record and a diagnostic. */
static int
unreadable(struct collector *c, const char *path, const char *why,
    int64_t time_ms, const struct collect_src *src)
{
	tool_warn("cannot read '%s': %s", path, why);
	c->status = tool_worse(c->status, DP_EXIT_NOINPUT);
	return collect_skipped(c, path, "unreadable", -1, why, time_ms, src);
}

/* Collects what the walk of a tree met (dp_treewalk()'s callback). */
static int
tree_entry(const struct dp_treewalk_entry *e, void *arg)
{
	static const char *const reasons[] = { NULL, "symlink", "special",
		"git", NULL };
	struct collect_src src = { "file", e->path, NULL };
	struct collector *c = arg;
	struct collect_file f;
	const char *why;
	int64_t time_ms;

	if (e->kind == DP_TREEWALK_ERROR)
		return unreadable(c, e->path, e->err->text, 0, &src) != 0;
	time_ms = (int64_t)e->st->st_mtim.tv_sec * 1000 +
	    e->st->st_mtim.tv_nsec / 1000000;
	if (e->kind != DP_TREEWALK_FILE)
		return collect_skipped(c, e->path, reasons[e->kind], -1, NULL,
		    time_ms, &src) != 0;
	if (collect_map(e->path, &f, &why) != DP_EXIT_OK)
		return unreadable(c, e->path, why, time_ms, &src) != 0;
	collect_content(c, e->path, f.buf, f.len, f.time_ms, &src);
	collect_unmap(&f);
	return c->stop;
}

/* Collects the archive file at path, which must be one. */
static void
archive_file(struct collector *c, const char *path)
{
	struct collect_src src = { "file", path, NULL };
	struct collect_file f;
	struct dp_error err;
	const char *why;
	int st;

	if ((st = collect_map(path, &f, &why)) != DP_EXIT_OK) {
		tool_warn("cannot open '%s': %s", path, why);
		c->status = tool_worse(c->status, st);
		return;
	}
	if (dp_archread_probe(f.buf, f.len, &err) == 0) {
		tool_warn("'%s': not an archive", path);
		c->status = tool_worse(c->status, DP_EXIT_DATAERR);
	} else
		collect_content(c, path, f.buf, f.len, f.time_ms, &src);
	collect_unmap(&f);
}

int
collect_tree(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "detectors", required_argument, NULL, OPT_DETECTORS },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "help", no_argument, NULL, 'h' },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
		{ "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "max-total", required_argument, NULL, OPT_MAX_TOTAL },
		{ "no-sensitive", no_argument, NULL, OPT_NO_SENSITIVE },
		{ "output", required_argument, NULL, 'o' },
		{ "sensitive", required_argument, NULL, OPT_SENSITIVE },
		{ NULL, 0, NULL, 0 }
	};
	int archive = strcmp(argv[0], "archive") == 0;
	const char *usage = archive ? usage_archive : usage_tree;
	const char *dir = NULL, *output = NULL;
	struct dp_ignore *exclude = NULL;
	struct collector c;
	struct dp_error err;
	int ch, i, status = DP_EXIT_OK;

	collect_init(&c);
	c.max_depth = 3;
	optind = 0;
	while (status == DP_EXIT_OK && (ch = getopt_long(argc, argv, ":ho:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage, stdout);
			fputs(help, stdout);
			goto out;
		case 'o':
			output = optarg;
			break;
		case OPT_DETECTORS:
			dir = optarg;
			break;
		case OPT_NO_SENSITIVE:
			c.no_sensitive = 1;
			break;
		case OPT_SENSITIVE:
			c.sensitive_dir = optarg;
			break;
		case ':':
			tool_warn("option '%s' needs an argument",
			    argv[optind - 1]);
			status = DP_EXIT_USAGE;
			break;
		case '?':
			tool_warn("unknown option '%s'", argv[optind - 1]);
			status = DP_EXIT_USAGE;
			break;
		default:
			if (option(&c, &exclude, ch, optarg, archive) != 0)
				status = DP_EXIT_USAGE;
			break;
		}
	}
	if (status == DP_EXIT_OK && c.no_sensitive &&
	    c.sensitive_dir != NULL) {
		tool_warn("--no-sensitive and --sensitive exclude each other");
		status = DP_EXIT_USAGE;
	}
	if (status == DP_EXIT_OK && optind >= argc) {
		tool_warn("missing %s operand", archive ? "file" : "path");
		status = DP_EXIT_USAGE;
	}
	if (status != DP_EXIT_OK) {
		fputs(usage, stderr);
		goto out;
	}
	c.ar.exclude = exclude;
	/* libarchive gives names in the locale's encoding: UTF-8 for JSON */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (collect_open(&c, dir, output) != DP_EXIT_OK)
		goto close;
	for (i = optind; i < argc && !c.stop; i++) {
		if (archive)
			archive_file(&c, argv[i]);
		else if (dp_treewalk(argv[i], c.ar.exclude, tree_entry, &c,
		    &err) < 0) {
			if (err.code == DP_ERR_NOMEM)
				tool_diag(&err);
			else
				tool_warn("cannot open '%s': %s", argv[i],
				    err.text);
			c.status = tool_worse(c.status, tool_status(
			    err.code));
		}
	}
close:
	status = collect_close(&c);
out:
	dp_ignore_free(exclude);
	return status;
}
