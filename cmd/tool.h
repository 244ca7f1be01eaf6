/*
 * tool: what the four dp programs share at the terminal.
 *
 * One diagnostic format ("dp-score: events.ndjson:12: expected object"),
 * one set of exit statuses, the -o FILE convention (a temporary file
 * renamed into place at clean exit), the options every filter takes
 * (--bad-lines, --strict, --max-line, -o) and the loop over the records
 * of the input operands.  Only cmd/ prints; lib/ reports through struct
 * dp_error, which tool_diag() prints.
 */
#ifndef DP_TOOL_H
#define DP_TOOL_H

#include <stdio.h>

#include "error.h"
#include "ndjson.h"

/* Exit statuses, the same in every tool and every man page. */
enum dp_exit {
	DP_EXIT_OK = 0,
	DP_EXIT_FAIL = 1,	/* --fail-on LEVEL was reached */
	DP_EXIT_USAGE = 64,
	DP_EXIT_DATAERR = 65,	/* bad input data (bad lines, bad records) */
	DP_EXIT_NOINPUT = 66,	/* an input is missing or unreadable */
	DP_EXIT_SOFTWARE = 70,	/* internal error */
	DP_EXIT_CANTCREAT = 73,	/* cannot create an output file */
	DP_EXIT_IOERR = 74,	/* a read or write failed */
	DP_EXIT_CONFIG = 78	/* bad rules, policy or identities */
};

/* Records the program name from argv[0] and sets up stdio. */
void	tool_init(const char *argv0);

/* The program's name, such as "dp-score". */
const char *tool_name(void);

/* Prints "prog: message" to stderr. */
void	tool_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints err as "prog: source:line:col: text", unset parts left out. */
void	tool_diag(const struct dp_error *err);

/* The exit status that corresponds to an error code. */
int	tool_status(enum dp_error_code code);

/* The worse of two exit statuses (the larger, 0 being best). */
int	tool_worse(int a, int b);

/* Prints "prog (dp) VERSION" to stdout and returns DP_EXIT_OK. */
int	tool_version(void);

/*
 * Parses a size such as "1048576", "64K", "16M" or "1G" (powers of 1024)
 * into *out.  Returns 0, or -1 when the text is not a positive size.
 */
int	tool_parse_size(const char *s, size_t *out);

/*
 * An output: standard output, or a file written through a temporary file
 * in the same folder that is renamed into place only by a successful
 * tool_out_close().  Paths that exist and are not regular files
 * (/dev/null, a FIFO) are written directly.
 */
struct tool_out {
	FILE *fp;
	char *path;		/* NULL for standard output */
	char *tmp;		/* the temporary file, or NULL */
};

/*
 * Opens path ("-" or NULL for standard output).  Returns 0, or prints a
 * diagnostic and returns DP_EXIT_CANTCREAT.
 */
int	tool_out_open(struct tool_out *o, const char *path);

/*
 * Flushes and closes o.  When status is DP_EXIT_OK or DP_EXIT_FAIL
 * (the output is complete) a temporary file is renamed into place;
 * otherwise it is removed.  Returns status, or the status of a failed
 * write or rename (DP_EXIT_IOERR, DP_EXIT_CANTCREAT), already reported.
 */
int	tool_out_close(struct tool_out *o, int status);

/*
 * Opens an input operand for reading: "-" is standard input, named
 * "<stdin>" in diagnostics.  Returns 0 with *fp and *name set, or
 * prints "cannot open 'x': reason" and returns DP_EXIT_NOINPUT.
 */
int	tool_in_open(const char *path, FILE **fp, const char **name);

/* Closes an input opened by tool_in_open() (not standard input). */
void	tool_in_close(FILE *fp);

/* Options every filter takes; fill with TOOL_FILTER_INIT. */
struct tool_filter {
	const char *output;	/* -o FILE */
	const char *bad_lines;	/* --bad-lines FILE */
	int strict;		/* --strict: stop at the first bad line */
	size_t max_line;	/* --max-line SIZE */
};

#define TOOL_FILTER_INIT { NULL, NULL, 0, DP_NDJSON_MAX_LINE_DEFAULT }

/* getopt_long values of the long-only filter options. */
enum {
	TOOL_OPT_BAD_LINES = 0x100,
	TOOL_OPT_MAX_LINE,
	TOOL_OPT_STRICT,
	TOOL_OPT_VERSION,
	TOOL_OPT_FIRST_FREE	/* the first value a tool may use */
};

/* The struct option entries of the filter options, for getopt_long. */
#define TOOL_FILTER_LONGOPTS \
	{ "bad-lines", required_argument, NULL, TOOL_OPT_BAD_LINES }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "max-line", required_argument, NULL, TOOL_OPT_MAX_LINE }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "strict", no_argument, NULL, TOOL_OPT_STRICT }, \
	{ "version", no_argument, NULL, TOOL_OPT_VERSION }

/*
 * Takes option ch with argument arg when it is a filter option.  Returns
 * 1 when it was one, 0 when it is not, or -1 after printing a diagnostic
 * for a bad argument.
 */
int	tool_filter_option(struct tool_filter *f, int ch, const char *arg);

/*
 * Handles one record read by tool_each_record().  Returns DP_EXIT_OK, or
 * DP_EXIT_DATAERR after printing a diagnostic when the record is bad
 * (it is then copied to --bad-lines), or any other status to stop.
 */
typedef int (*tool_record_fn)(struct dp_record *rec, const char *name,
	    void *arg);

/*
 * Reads the records of every operand in argv[0..argc) in order (none
 * means standard input), passing each to fn, and reports bad lines.  A
 * missing input is reported and the others are still read, unless
 * --strict.  Returns the worst status seen.
 */
int	tool_each_record(int argc, char **argv, const struct tool_filter *f,
	    tool_record_fn fn, void *arg);

#endif
