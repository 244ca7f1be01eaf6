/*
 * dp-collect scan, --check-detectors and --check-sensitive: the content
 * detectors and the sensitive file classifiers from the command line
 * (dp-collect(1)).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "datadir.h"
#include "detector.h"
#include "ndjson.h"
#include "secret.h"
#include "sensitive.h"
#include "tool.h"

static const char usage_scan[] =
    "usage: dp-collect scan [--detectors DIR] [--max-size SIZE]\n"
    "       [--no-sensitive | --sensitive DIR] [-o FILE] FILE...\n";

enum { OPT_DETECTORS = TOOL_OPT_FIRST_FREE, OPT_MAX_SIZE, OPT_NO_SENSITIVE,
	OPT_SENSITIVE };

struct scan {
	FILE *out;
	struct dp_sensitive_scanner *sens;	/* NULL: --no-sensitive */
	const char *path;	/* the file being scanned */
	int64_t time_ms;	/* its modification time */
	long long rec;		/* records written */
	json_t *ids;		/* set of this file's record ids */
	int status;
};

static void
report(const struct dp_error *err, void *arg)
{
	(void)arg;
	tool_diag(err);
}

int
collect_check_detectors(const char *dir)
{
	struct dp_detector_pack *pack;
	struct dp_error err;
	int status = DP_EXIT_OK;

	if ((pack = dp_detector_pack_load(dir, report, NULL, &err)) == NULL)
		return tool_status(err.code);
	if (dp_detector_pack_check(pack, report, NULL, &err) != 0)
		status = tool_status(err.code);
	dp_detector_pack_free(pack);
	return status;
}

int
collect_check_sensitive(const char *dir)
{
	struct dp_sensitive_pack *pack;
	struct dp_error err;
	int status = DP_EXIT_OK;

	if ((pack = dp_sensitive_pack_load(dir, report, NULL, &err)) == NULL)
		return tool_status(err.code);
	if (dp_sensitive_pack_check(pack, report, NULL, &err) != 0)
		status = tool_status(err.code);
	dp_sensitive_pack_free(pack);
	return status;
}

/*
 * Maps the file at path into *buf (*len bytes; unmap with unmap()),
 * refusing one of more than max bytes.  Mapping spares the copy a
 * read() makes of every byte.
 */
static int
map(const char *path, const char **buf, size_t *len, size_t max,
    int64_t *mtime_ms)
{
	struct stat st;
	void *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		tool_warn("cannot open '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return DP_EXIT_NOINPUT;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		tool_warn("'%s': %s", path, !S_ISREG(st.st_mode) ?
		    "not a regular file" : "larger than --max-size");
		close(fd);
		return DP_EXIT_DATAERR;
	}
	*mtime_ms = (int64_t)st.st_mtim.tv_sec * 1000 +
	    st.st_mtim.tv_nsec / 1000000;
	*len = (size_t)st.st_size;
	*buf = "";
	if (*len > 0) {
		p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
		    fd, 0);
		if (p == MAP_FAILED) {
			tool_warn("cannot read '%s': %s", path,
			    strerror(errno));
			close(fd);
			return DP_EXIT_IOERR;
		}
		*buf = p;
	}
	close(fd);
	return DP_EXIT_OK;
}

static void
unmap(const char *buf, size_t len)
{
	if (len > 0)
		munmap((void *)buf, len);
}

/* Fills w with where the next record of the file being scanned is. */
static void
where(const struct scan *s, struct dp_secret_where *w)
{
	w->path = s->path;
	w->time_ms = s->time_ms;
	w->src_type = "file";
	w->src_path = s->path;
	w->rec = s->rec + 1;
}

/* Writes the record of finding m, once per (secret, file). */
static int
found(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct scan *s = arg;
	struct dp_error err;
	const char *id;
	json_t *ev;
	int rc = 1;

	where(s, &w);
	if ((ev = dp_secret_record_new(m, buf, &w, &err)) == NULL) {
		tool_diag(&err);
		s->status = tool_worse(s->status, tool_status(err.code));
		return 1;
	}
	id = json_string_value(json_object_get(ev, "id"));
	if (json_object_get(s->ids, id) != NULL) {
		rc = 0;
		goto out;
	}
	if (json_object_set_new(s->ids, id, json_true()) != 0) {
		tool_warn("out of memory");
		s->status = DP_EXIT_SOFTWARE;
		goto out;
	}
	if (dp_ndjson_write(s->out, ev, NULL) != 0) {
		s->status = DP_EXIT_IOERR;
		goto out;
	}
	s->rec++;
	rc = 0;
out:
	json_decref(ev);
	return rc;
}

/*
 * Writes the file.sensitive record of the file being scanned, whose
 * content is the len bytes at buf, when a classifier takes it.
 */
static void
scan_sensitive(struct scan *s, const char *buf, size_t len)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct dp_sensitive_match m;
	struct dp_error err;
	json_t *ev;

	if (s->sens == NULL)
		return;
	if (dp_sensitive_classify(s->sens, s->path, buf, len, &m, &err) < 0) {
		tool_diag(&err);
		s->status = tool_worse(s->status, tool_status(err.code));
	}
	if (m.classifier == NULL)
		return;
	where(s, &w);
	if ((ev = dp_sensitive_record_new(&m, buf, len, &w, &err)) == NULL) {
		tool_diag(&err);
		s->status = tool_worse(s->status, tool_status(err.code));
		return;
	}
	if (dp_ndjson_write(s->out, ev, NULL) != 0)
		s->status = DP_EXIT_IOERR;
	else
		s->rec++;
	json_decref(ev);
}

/*
 * Sets *dir to the folder sub of the rules folder when it is NULL, in
 * *deflt (free it).  Returns 0, or -1 after a diagnostic.
 */
static int
rules_dir(const char **dir, const char *sub, char **deflt)
{
	if (*dir != NULL)
		return 0;
	if (asprintf(deflt, "%s/%s", dp_datadir_rules(), sub) < 0) {
		*deflt = NULL;
		tool_warn("out of memory");
		return -1;
	}
	*dir = *deflt;
	return 0;
}

/* Prints the usage after a diagnostic; returns 64. */
static int
scan_usage(void)
{
	fputs(usage_scan, stderr);
	return DP_EXIT_USAGE;
}

/*
 * Loads the classifiers of dir (NULL for the default folder) into *pack
 * and a scanner *sc for them.  Returns the exit status.
 */
static int
load_sensitive(const char *dir, struct dp_sensitive_pack **pack,
    struct dp_sensitive_scanner **sc)
{
	struct dp_error err;
	char *deflt = NULL;
	int status = DP_EXIT_OK;

	if (rules_dir(&dir, "sensitive", &deflt) != 0)
		return DP_EXIT_SOFTWARE;
	if ((*pack = dp_sensitive_pack_load(dir, report, NULL, &err)) ==
	    NULL || (*sc = dp_sensitive_scanner_new(*pack, NULL, &err)) ==
	    NULL) {
		if (err.code == DP_ERR_NOMEM)
			tool_diag(&err);
		status = tool_status(err.code);
	}
	free(deflt);
	return status;
}

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
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	struct scan s = { NULL, NULL, NULL, 0, 0, NULL, DP_EXIT_OK };
	struct tool_out out = { NULL, NULL, NULL };
	struct dp_detector_scanner *sc = NULL;
	struct dp_detector_pack *pack = NULL;
	struct dp_sensitive_pack *spack = NULL;
	const char *dir = NULL, *sdir = NULL, *output = NULL;
	const char *buf;
	char *deflt = NULL;
	size_t len;
	struct dp_error err;
	int ch, i, st, nosens = 0;

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
			if (tool_parse_size(optarg, &lim.max_bytes) != 0) {
				tool_warn("--max-size: bad size '%s'", optarg);
				return scan_usage();
			}
			break;
		case OPT_NO_SENSITIVE:
			nosens = 1;
			break;
		case OPT_SENSITIVE:
			sdir = optarg;
			break;
		default:
			if (ch == ':')
				tool_warn("option '%s' needs an argument",
				    argv[optind - 1]);
			else
				tool_warn("unknown option '%s'",
				    argv[optind - 1]);
			return scan_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		tool_warn("missing file operand");
		return scan_usage();
	}
	if (nosens && sdir != NULL) {
		tool_warn("--no-sensitive and --sensitive exclude each other");
		return scan_usage();
	}
	if (rules_dir(&dir, "secrets", &deflt) != 0)
		return DP_EXIT_SOFTWARE;
	if ((pack = dp_detector_pack_load(dir, report, NULL, &err)) == NULL ||
	    (sc = dp_detector_scanner_new(pack, &lim, &err)) == NULL) {
		if (err.code == DP_ERR_NOMEM)
			tool_diag(&err);
		s.status = tool_status(err.code);
		goto out;
	}
	if (!nosens && (s.status = load_sensitive(sdir, &spack,
	    &s.sens)) != DP_EXIT_OK)
		goto out;
	if ((s.ids = json_object()) == NULL) {
		tool_warn("out of memory");
		s.status = DP_EXIT_SOFTWARE;
		goto out;
	}
	if ((s.status = tool_out_open(&out, output)) != DP_EXIT_OK)
		goto out;
	s.out = out.fp;
	for (i = 0; i < argc && s.status != DP_EXIT_IOERR; i++) {
		st = map(argv[i], &buf, &len, lim.max_bytes, &s.time_ms);
		s.status = tool_worse(s.status, st);
		if (st != DP_EXIT_OK)
			continue;
		s.path = argv[i];
		scan_sensitive(&s, buf, len);
		if (s.status != DP_EXIT_IOERR && dp_detector_scan(sc, argv[i],
		    buf, len, found, &s, &err) < 0) {
			tool_diag(&err);
			s.status = tool_worse(s.status, tool_status(err.code));
		}
		unmap(buf, len);
		json_object_clear(s.ids);
	}
	s.status = tool_out_close(&out, s.status);
out:
	json_decref(s.ids);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
	dp_sensitive_scanner_free(s.sens);
	dp_sensitive_pack_free(spack);
	free(deflt);
	return s.status;
}
