/*
 * collect: the parts of dp-collect that live outside its main file.
 *
 * The content collectors (scan, tree, archive) share one path for
 * bytes: collect_content() takes the content of a file or an archive
 * entry, opens it when it is an archive, and otherwise runs the
 * content detectors over it, writing their records and the records of
 * what it skipped.
 */
#ifndef DP_COLLECT_H
#define DP_COLLECT_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "archread.h"
#include "detector.h"
#include "sensitive.h"
#include "tool.h"

/*
 * The scan subcommand: secret.detected and file.sensitive records for
 * plain files.
 * argv[0] is "scan".  Returns the exit status.
 */
int	collect_scan(int argc, char **argv);

/*
 * The tree and archive subcommands (argv[0] says which): the content
 * of folders and archives.  Returns the exit status.
 */
int	collect_tree(int argc, char **argv);

/*
 * --check-detectors DIR: loads the detector pack of dir and runs its
 * examples, printing every problem.  Returns the exit status.
 */
int	collect_check_detectors(const char *dir);

/*
 * --check-sensitive DIR: loads the sensitive file classifiers of dir
 * and runs their examples, printing every problem.  Returns the exit
 * status.
 */
int	collect_check_sensitive(const char *dir);

/* Where content came from: the src object of its records. */
struct collect_src {
	const char *type;	/* "file" or "archive" */
	const char *path;	/* the file on disk */
	const char *entry;	/* in an archive, "dir/f" or "in.tar!f" */
};

/*
 * A content collector: its detectors and classifiers, limits, output and
 * worst status.  Set the limits (ar.lim, ar.exclude, max_depth) and the
 * classifiers (sensitive_dir, no_sensitive) after collect_init() and
 * before collect_open().
 */
struct collector {
	struct tool_out out;
	struct dp_detector_pack *pack;
	struct dp_detector_scanner *sc;
	const char *sensitive_dir;	/* NULL: that of the rules folder */
	int no_sensitive;		/* no file.sensitive records */
	struct dp_sensitive_pack *spack;
	struct dp_sensitive_scanner *ssc;
	int binary;		/* some detector reads binary content */
	struct dp_archread_options ar;	/* limits and exclusions */
	int max_depth;		/* archives read one in another; 0: none */
	int depth;		/* archives around the content at hand */
	struct dp_archread_budget budget;	/* of the outermost one */
	long long rec;		/* records written */
	json_t *ids;		/* ids of the records of the content at hand */
	int status;		/* the worst so far */
	int stop;		/* a write failed: collect nothing more */
};

/* Sets c to the defaults: nothing loaded, archives not opened. */
void	collect_init(struct collector *c);

/*
 * Loads the detectors of dir (NULL for the secrets folder of the rules
 * folder) and, unless no_sensitive, the classifiers of sensitive_dir,
 * and opens output (NULL for standard output).  Returns DP_EXIT_OK, or
 * the status after printing why.
 */
int	collect_open(struct collector *c, const char *dir, const char *output);

/* Closes the output and frees c.  Returns the final status. */
int	collect_close(struct collector *c);

/*
 * Collects the len bytes at buf, the content of the file or entry
 * named path (the name in records and messages) of time time_ms,
 * from src: reads it as an archive when it is one and archives are
 * opened, else writes its file.sensitive record when a classifier takes
 * it, then skips it (too large, binary) or runs the detectors over
 * it.  Every skip is a scan.skipped record.  Returns 0, or -1 when
 * output failed and nothing more should be collected.
 */
int	collect_content(struct collector *c, const char *path, const char *buf,
	    size_t len, int64_t time_ms, const struct collect_src *src);

/*
 * Writes a scan.skipped record for path: reason as in dp-event(5),
 * size (-1 when unknown), detail (may be NULL).  Returns as
 * collect_content().
 */
int	collect_skipped(struct collector *c, const char *path,
	    const char *reason, int64_t size, const char *detail,
	    int64_t time_ms, const struct collect_src *src);

/* A regular file mapped into memory by collect_map(). */
struct collect_file {
	const char *buf;
	size_t len;
	int64_t time_ms;	/* modification time */
};

/*
 * Maps the file at path into f (read-only; unmap with
 * collect_unmap()).  Returns DP_EXIT_OK, or DP_EXIT_NOINPUT (cannot be
 * opened), DP_EXIT_DATAERR (not a regular file) or DP_EXIT_IOERR
 * (cannot be mapped), with *why set to the reason.
 */
int	collect_map(const char *path, struct collect_file *f,
	    const char **why);

void	collect_unmap(struct collect_file *f);

#endif
