/*
 * The content of files and archive entries, one path for all the
 * content collectors of dp-collect (collect.h).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "datadir.h"
#include "event.h"
#include "ndjson.h"
#include "secret.h"
#include "utf8.h"

/* Files up to this size are read in whole when mapped, for the scan. */
#define POPULATE_MAX ((size_t)64 << 20)

/* An archive being read: what its entries need to be collected. */
struct arch {
	struct collector *c;
	const char *path;	/* the archive's name in records */
	const struct collect_src *src;
};

/* A secret found in the content at hand. */
struct found {
	struct collector *c;
	const char *path;
	int64_t time_ms;
	const struct collect_src *src;
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
 * Loads the classifiers of c->sensitive_dir, or of the sensitive folder
 * of the rules folder.  Returns the exit status.
 */
static int
open_sensitive(struct collector *c)
{
	const char *dir = c->sensitive_dir;
	struct dp_error err;
	char *deflt = NULL;
	int status = DP_EXIT_OK;

	if (dir == NULL) {
		if (asprintf(&deflt, "%s/sensitive", dp_datadir_rules()) < 0) {
			tool_warn("out of memory");
			return DP_EXIT_SOFTWARE;
		}
		dir = deflt;
	}
	if ((c->spack = dp_sensitive_pack_load(dir, report, NULL, &err)) ==
	    NULL || (c->ssc = dp_sensitive_scanner_new(c->spack, NULL,
	    &err)) == NULL) {
		if (err.code == DP_ERR_NOMEM)
			tool_diag(&err);
		status = tool_status(err.code);
	}
	free(deflt);
	return status;
}

void
collect_init(struct collector *c)
{
	static const struct dp_archread_options deflt =
	    DP_ARCHREAD_OPTIONS_INIT;
	static const struct dp_archread_budget budget =
	    DP_ARCHREAD_BUDGET_INIT;

	memset(c, 0, sizeof(*c));
	c->ar = deflt;
	c->budget = budget;
	c->status = DP_EXIT_OK;
}

int
collect_open(struct collector *c, const char *dir, const char *output)
{
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	struct dp_error err;
	char *deflt = NULL;

	if (dir == NULL) {
		if (asprintf(&deflt, "%s/secrets", dp_datadir_rules()) < 0) {
			tool_warn("out of memory");
			return c->status = DP_EXIT_SOFTWARE;
		}
		dir = deflt;
	}
	lim.max_bytes = c->ar.lim.max_size;
	if ((c->pack = dp_detector_pack_load(dir, report, NULL,
	    &err)) == NULL ||
	    (c->sc = dp_detector_scanner_new(c->pack, &lim, &err)) == NULL) {
		if (err.code == DP_ERR_NOMEM)
			tool_diag(&err);
		c->status = tool_status(err.code);
	} else if (!c->no_sensitive &&
	    (c->status = open_sensitive(c)) != DP_EXIT_OK) {
		/* open_sensitive() said why */
	} else if ((c->ids = json_object()) == NULL) {
		tool_warn("out of memory");
		c->status = DP_EXIT_SOFTWARE;
	} else {
		c->binary = dp_detector_pack_binary(c->pack) > 0;
		c->status = tool_out_open(&c->out, output);
	}
	free(deflt);
	return c->status;
}

int
collect_close(struct collector *c)
{
	c->status = tool_out_close(&c->out, c->status);
	json_decref(c->ids);
	dp_detector_scanner_free(c->sc);
	dp_detector_pack_free(c->pack);
	dp_sensitive_scanner_free(c->ssc);
	dp_sensitive_pack_free(c->spack);
	c->ssc = NULL;
	c->spack = NULL;
	c->ids = NULL;
	c->sc = NULL;
	c->pack = NULL;
	return c->status;
}

int
collect_map(const char *path, struct collect_file *f, const char **why)
{
	struct stat st;
	void *p;
	int fd, rc = DP_EXIT_OK;

	memset(f, 0, sizeof(*f));
	f->buf = "";
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		*why = strerror(errno);
		if (fd >= 0)
			close(fd);
		return DP_EXIT_NOINPUT;
	}
	f->time_ms = (int64_t)st.st_mtim.tv_sec * 1000 +
	    st.st_mtim.tv_nsec / 1000000;
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		rc = DP_EXIT_DATAERR;
	} else if (st.st_size > 0) {
		/* mapping spares the copy a read() makes of every byte */
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
		    ((size_t)st.st_size <= POPULATE_MAX ? MAP_POPULATE : 0),
		    fd, 0);
		if (p == MAP_FAILED) {
			*why = strerror(errno);
			rc = DP_EXIT_IOERR;
		} else {
			f->buf = p;
			f->len = (size_t)st.st_size;
		}
	}
	close(fd);
	return rc;
}

void
collect_unmap(struct collect_file *f)
{
	if (f->len > 0)
		munmap((void *)f->buf, f->len);
	f->len = 0;
}

/*
 * Sets the src of ev to {type, path, entry, rec} from src, in the
 * place of any src it has.  Returns 0, or -1 when memory ran out.
 */
static int
set_src(struct collector *c, json_t *ev, const struct collect_src *src)
{
	json_t *o;

	/* json_pack steals the inner references; "s*" leaves out NULL */
	o = json_pack("{s:s, s:s, s:s*, s:I}", "type", src->type, "path",
	    src->path, "entry", src->entry, "rec", (json_int_t)c->rec + 1);
	/* json_object_set_new steals o, keeping the key's place */
	return o == NULL || json_object_set_new(ev, "src", o) != 0 ? -1 : 0;
}

/* Writes ev (and frees it).  Returns 0, or -1 after a failure. */
static int
put(struct collector *c, json_t *ev, const struct collect_src *src)
{
	int rc = -1;

	if (set_src(c, ev, src) != 0) {
		tool_warn("out of memory");
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		c->stop = 1;
	} else if (dp_ndjson_write(c->out.fp, ev, NULL) != 0) {
		c->status = tool_worse(c->status, DP_EXIT_IOERR);
		c->stop = 1;
	} else {
		c->rec++;
		rc = 0;
	}
	json_decref(ev);
	return rc;
}

/*
 * Returns a new record of kind for path, with time_ms and an id keyed
 * on path, NUL and what; its family object is left to the caller.
 */
static json_t *
record_new(struct collector *c, const char *kind, const char *path,
    const char *what, int64_t time_ms, const struct collect_src *src)
{
	size_t pl = strlen(path), wl = strlen(what);
	struct dp_error err;
	json_t *ev = NULL;
	char *key;

	if ((key = malloc(pl + wl + 2)) == NULL) {
		tool_warn("out of memory");
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		return NULL;
	}
	memcpy(key, path, pl + 1);
	memcpy(key + pl + 1, what, wl + 1);
	if ((ev = dp_event_new(kind, time_ms, &err)) == NULL ||
	    dp_event_set_id(ev, key, pl + wl + 1, &err) != 0 ||
	    (set_src(c, ev, src) != 0 && dp_error_set(&err, DP_ERR_NOMEM,
	    NULL, 0, 0, "out of memory") != 0)) {
		tool_warn("'%s': %s", path, err.text);
		c->status = tool_worse(c->status, tool_status(err.code));
		json_decref(ev);
		ev = NULL;
	}
	free(key);
	return ev;
}

/*
 * Adds the family object obj (stolen) named name to ev and writes ev.
 * Returns as put().
 */
static int
put_with(struct collector *c, json_t *ev, const char *name, json_t *obj,
    const struct collect_src *src)
{
	/* json_object_set_new steals obj, even when it fails */
	if (obj == NULL || json_object_set_new(ev, name, obj) != 0) {
		json_decref(ev);
		tool_warn("out of memory");
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		c->stop = 1;
		return -1;
	}
	return put(c, ev, src);
}

/* Returns a new JSON string of s, repaired to UTF-8, or NULL. */
static json_t *
text(const char *s)
{
	char *u;
	json_t *j;

	if ((u = dp_utf8_repair(s, strlen(s), NULL)) == NULL)
		return NULL;
	j = json_string(u);
	free(u);
	return j;
}

int
collect_skipped(struct collector *c, const char *path, const char *reason,
    int64_t size, const char *detail, int64_t time_ms,
    const struct collect_src *src)
{
	json_t *ev, *scan;

	if ((ev = record_new(c, "scan.skipped", path, reason, time_ms,
	    src)) == NULL)
		return c->stop ? -1 : 0;
	/* json_pack and json_object_set_new steal the new values */
	scan = json_pack("{s:o, s:s}", "path", text(path), "reason", reason);
	if (scan != NULL && ((size >= 0 && json_object_set_new(scan, "size",
	    json_integer(size)) != 0) || (detail != NULL &&
	    json_object_set_new(scan, "detail", text(detail)) != 0))) {
		json_decref(scan);
		scan = NULL;
	}
	return put_with(c, ev, "scan", scan, src);
}

/* Writes the record of finding m, once per secret in the content. */
static int
found(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct found *f = arg;
	struct collector *c = f->c;
	struct dp_error err;
	const char *id;
	json_t *ev;

	w.path = f->path;
	w.time_ms = f->time_ms;
	w.src_type = f->src->type;
	w.src_path = f->src->path;
	if ((ev = dp_secret_record_new(m, buf, &w, &err)) == NULL) {
		tool_diag(&err);
		c->status = tool_worse(c->status, tool_status(err.code));
		return 1;
	}
	id = json_string_value(json_object_get(ev, "id"));
	if (json_object_get(c->ids, id) != NULL) {
		json_decref(ev);
		return 0;
	}
	if (json_object_set_new(c->ids, id, json_true()) != 0) {
		json_decref(ev);
		tool_warn("out of memory");
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		return 1;
	}
	return put(c, ev, f->src) != 0;
}

/*
 * Writes the file.sensitive record of the content named path when a
 * classifier takes it.  Returns as put().
 */
static int
sensitive(struct collector *c, const char *path, const char *buf,
    size_t len, int64_t time_ms, const struct collect_src *src)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	struct dp_sensitive_match m;
	struct dp_error err;
	const char *name = path;
	json_t *ev;


	if (c->ssc == NULL)
		return 0;
	/* an entry is classified by its own name, without its archives */
	if (src->entry != NULL && strrchr(path, '!') != NULL)
		name = strrchr(path, '!') + 1;
	memset(&m, 0, sizeof(m));
	if (dp_sensitive_classify(c->ssc, name, buf, len, &m, &err) < 0) {
		tool_diag(&err);
		c->status = tool_worse(c->status, tool_status(err.code));
	}
	if (m.classifier == NULL)
		return 0;
	w.path = path;
	w.time_ms = time_ms;
	w.src_type = src->type;
	w.src_path = src->path;
	if ((ev = dp_sensitive_record_new(&m, buf, len, &w, &err)) == NULL) {
		tool_diag(&err);
		c->status = tool_worse(c->status, tool_status(err.code));
		return 0;
	}
	return put(c, ev, src);
}

/* Runs the secret detectors over content that is neither. */
static int
secrets(struct collector *c, const char *path, const char *buf, size_t len,
    int64_t time_ms, const struct collect_src *src)
{
	struct found f = { c, path, time_ms, src };
	struct dp_error err;

	if (dp_detector_scan(c->sc, path, buf, len, found, &f, &err) < 0) {
		tool_diag(&err);
		c->status = tool_worse(c->status, tool_status(err.code));
	}
	json_object_clear(c->ids);
	return c->stop ? -1 : 0;
}

/*
 * Reports an archive that cannot be read (further): a scan.skipped
 * record and a diagnostic.
 */
static int
damaged(struct collector *c, const char *path, const struct dp_error *err,
    int64_t time_ms, const struct collect_src *src)
{
	if (err->code == DP_ERR_NOMEM) {
		tool_diag(err);
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		c->stop = 1;
		return -1;
	}
	tool_warn("'%s': %s", path, err->text);
	c->status = tool_worse(c->status, DP_EXIT_DATAERR);
	return collect_skipped(c, path, "corrupt", -1, err->text, time_ms,
	    src);
}

/* Writes the archive.unsafe_entry record of e, named path. */
static int
unsafe(struct collector *c, const char *path,
    const struct dp_archread_entry *e, const struct collect_src *src)
{
	static const char *const types[] = { "file", "dir", "symlink",
		"hardlink", "special" };
	json_t *ev, *obj, *issues;

	if ((ev = record_new(c, "archive.unsafe_entry", path, "unsafe",
	    e->time_ms, src)) == NULL)
		return c->stop ? -1 : 0;
	/* json_pack steals the new values; "o?" takes NULL as null */
	issues = json_pack("[]");
	obj = json_pack("{s:o, s:o, s:s, s:o}", "path", text(path),
	    "entry", text(e->stored), "type", types[e->type], "issues",
	    issues);
	if (obj != NULL && ((e->unsafe & DP_ARCHREAD_ABSOLUTE &&
	    json_array_append_new(issues, json_string("absolute")) != 0) ||
	    (e->unsafe & DP_ARCHREAD_TRAVERSAL &&
	    json_array_append_new(issues, json_string("traversal")) != 0) ||
	    (e->unsafe & DP_ARCHREAD_LINK &&
	    json_array_append_new(issues, json_string("link")) != 0) ||
	    (e->target != NULL && json_object_set_new(obj, "target",
	    text(e->target)) != 0))) {
		json_decref(obj);
		obj = NULL;
	}
	return put_with(c, ev, "archive", obj, src);
}

/* Collects an entry of an archive (dp_archread_walk()'s callback). */
static int
entry(const struct dp_archread_entry *e, void *arg)
{
	struct arch *a = arg;
	struct collector *c = a->c;
	struct collect_src src;
	char *path;

	if (asprintf(&path, "%s!%s", a->path, e->name) < 0) {
		tool_warn("out of memory");
		c->status = tool_worse(c->status, DP_EXIT_SOFTWARE);
		return c->stop = 1;
	}
	src.type = "archive";
	src.path = a->src->path;
	src.entry = path + strlen(a->src->path) + 1;
	if (e->unsafe != 0 && unsafe(c, path, e, &src) != 0)
		goto out;
	if (e->skip != NULL) {
		if (e->detail != NULL) {
			tool_warn("'%s': %s", path, e->detail);
			c->status = tool_worse(c->status, DP_EXIT_DATAERR);
		}
		collect_skipped(c, path, e->skip, e->type == DP_ARCHREAD_FILE ?
		    e->size : -1, e->detail, e->time_ms, &src);
	} else if (e->type != DP_ARCHREAD_DIR)
		collect_content(c, path, e->buf, e->len, e->time_ms, &src);
out:
	free(path);
	return c->stop;
}

/* Reads the archive named path, held in buf, entry by entry. */
static int
read_archive(struct collector *c, const char *path, const char *buf,
    size_t len, int64_t time_ms, const struct collect_src *src)
{
	static const struct dp_archread_budget fresh =
	    DP_ARCHREAD_BUDGET_INIT;
	struct arch a = { c, path, src };
	struct dp_archread_options o = c->ar;
	struct dp_error err;
	int rc;

	if (c->depth >= c->max_depth)
		return collect_skipped(c, path, "depth", (int64_t)len, NULL,
		    time_ms, src);
	if (c->depth == 0)
		c->budget = fresh;
	o.fn = entry;
	o.arg = &a;
	c->depth++;
	rc = dp_archread_walk(&o, &c->budget, path, buf, len, time_ms, &err);
	c->depth--;
	if (rc < 0)
		return damaged(c, path, &err, time_ms, src);
	return c->stop ? -1 : 0;
}

int
collect_content(struct collector *c, const char *path, const char *buf,
    size_t len, int64_t time_ms, const struct collect_src *src)
{
	struct dp_error err;
	int rc;

	if (c->max_depth > 0 && (rc = dp_archread_probe(buf, len, &err)) != 0)
		return rc > 0 ? read_archive(c, path, buf, len, time_ms, src) :
		    damaged(c, path, &err, time_ms, src);
	/* by name and first bytes: binary keystores and large dumps too */
	if (sensitive(c, path, buf, len, time_ms, src) != 0)
		return -1;
	if (len > c->ar.lim.max_size)
		return collect_skipped(c, path, "too-large", (int64_t)len,
		    NULL, time_ms, src);
	if (!c->binary && dp_detector_is_binary(buf, len))
		return collect_skipped(c, path, "binary", (int64_t)len, NULL,
		    time_ms, src);
	return secrets(c, path, buf, len, time_ms, src);
}
