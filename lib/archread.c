/*
 * archread: the entries of an archive in memory (archread.h).
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "archread.h"

/* libarchive's errno for data in no format it knows */
#ifdef EFTYPE
#define NOT_AN_ARCHIVE EFTYPE
#else
#define NOT_AN_ARCHIVE EILSEQ
#endif

/* The first buffer for an entry of unknown size. */
#define CHUNK 65536

/* The walk of one archive. */
struct rd {
	const struct dp_archread_options *o;
	struct dp_archread_budget *b;
	struct archive *a;
	const char *aname;	/* the archive, for errors */
	size_t alen;		/* its size in bytes */
	int64_t time_ms;	/* its time */
	int stop;		/* a bomb: read no more of this archive */
	uint64_t n;		/* its entries met */
	char *buf;		/* an entry's data */
	size_t cap;
	char *name;		/* an entry's name, trimmed */
	size_t namecap;
	json_t *gits;		/* .git folders passed, as a set */
	char detail[DP_ERROR_TEXT_MAX];
	char unnamed[32];
};

/* Sets err from the last error of a, about what (may be NULL). */
static int
lib_error(struct archive *a, const char *source, const char *what,
    struct dp_error *err)
{
	const char *s = archive_error_string(a);
	char text[DP_ERROR_TEXT_MAX];

	if (s == NULL || *s == '\0')
		s = "cannot read the archive";
	snprintf(text, sizeof(text), "%s", s);
	/* "Truncated tar archive" reads as a dp message; "ZIP ..." stays */
	if (isupper((unsigned char)text[0]) &&
	    islower((unsigned char)text[1]))
		text[0] = (char)tolower((unsigned char)text[0]);
	if (what != NULL)
		return dp_error_set(err, DP_ERR_DATA, source, 0, 0, "%s: %s",
		    what, text);
	return dp_error_set(err, DP_ERR_DATA, source, 0, 0, "%s", text);
}

/*
 * Opens the len bytes at buf with the formats and filters of
 * archread.h.  Returns 0 with *out set, 1 when buf is in no format
 * libarchive knows, or -1 with err.
 */
static int
open_reader(const char *buf, size_t len, struct archive **out,
    struct dp_error *err)
{
	struct archive *a;

	*out = NULL;
	if ((a = archive_read_new()) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_compress(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_rpm(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_iso9660(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		if (archive_errno(a) == NOT_AN_ARCHIVE) {
			archive_read_free(a);
			return 1;
		}
		lib_error(a, NULL, NULL, err);
		archive_read_free(a);
		return -1;
	}
	*out = a;
	return 0;
}

int
dp_archread_probe(const char *buf, size_t len, struct dp_error *err)
{
	struct archive_entry *ae;
	struct archive *a;
	int rc;

	if ((rc = open_reader(buf, len, &a, err)) != 0)
		return rc == 1 ? 0 : -1;
	switch (archive_read_next_header(a, &ae)) {
	case ARCHIVE_OK:
	case ARCHIVE_WARN:
		rc = 1;
		break;
	case ARCHIVE_EOF:
		rc = 0;
		break;
	default:
		rc = lib_error(a, NULL, NULL, err);
		break;
	}
	archive_read_free(a);
	return rc;
}

/* Returns the DP_ARCHREAD_ABSOLUTE and _TRAVERSAL bits of name. */
static unsigned
unsafe_name(const char *s)
{
	unsigned u = 0;
	size_t n;

	if (s[0] == '/' || s[0] == '\\' ||
	    (isalpha((unsigned char)s[0]) && s[1] == ':'))
		u |= DP_ARCHREAD_ABSOLUTE;
	for (;; s += n + 1) {
		n = strcspn(s, "/\\");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			u |= DP_ARCHREAD_TRAVERSAL;
		if (s[n] == '\0')
			return u;
	}
}

/* Whether a symbolic link named name that points to target leaves the root. */
static int
escapes(const char *name, const char *target)
{
	long depth = 0;
	size_t n;

	if (unsafe_name(target) & DP_ARCHREAD_ABSOLUTE)
		return 1;
	for (; (name = strpbrk(name, "/\\")) != NULL; name++)
		depth++;
	for (;; target += n + 1) {
		n = strcspn(target, "/\\");
		if (n == 2 && target[0] == '.' && target[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (n > 1 || (n == 1 && target[0] != '.'))
			depth++;
		if (target[n] == '\0')
			return 0;
	}
}

/*
 * Returns the length of name up to the end of its first component
 * ".git" that is a folder (one with more components after it, or the
 * last when dir is set), or 0.
 */
static size_t
git_folder(const char *name, int dir)
{
	const char *c = name;
	size_t n;

	for (;; c += n + 1) {
		n = strcspn(c, "/");
		if (n == 4 && memcmp(c, ".git", 4) == 0 &&
		    (c[n] == '/' || dir))
			return (size_t)(c - name) + 4;
		if (c[n] == '\0')
			return 0;
	}
}

/* Copies stored into r->name without leading "./" and trailing "/". */
static int
trim_name(struct rd *r, const char *stored, struct dp_error *err)
{
	size_t n;
	char *p;

	while (stored[0] == '.' && (stored[1] == '/' || stored[1] == '\0'))
		stored += stored[1] == '/' ? 2 : 1;
	n = strlen(stored);
	while (n > 0 && stored[n - 1] == '/')
		n--;
	if (n + 1 > r->namecap) {
		if ((p = realloc(r->name, n + 1)) == NULL)
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		r->name = p;
		r->namecap = n + 1;
	}
	memcpy(r->name, stored, n);
	r->name[n] = '\0';
	return 0;
}

static enum dp_archread_type
entry_type(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae) != NULL)
		return DP_ARCHREAD_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case 0:
	case AE_IFREG:
		return DP_ARCHREAD_FILE;
	case AE_IFDIR:
		return DP_ARCHREAD_DIR;
	case AE_IFLNK:
		return DP_ARCHREAD_SYMLINK;
	default:
		return DP_ARCHREAD_SPECIAL;
	}
}

/*
 * Fills e from the header ae of entry r->n.  Returns 0, or -1 with
 * DP_ERR_NOMEM.
 */
static int
describe(struct rd *r, struct archive_entry *ae,
    struct dp_archread_entry *e, struct dp_error *err)
{
	const char *stored;

	memset(e, 0, sizeof(*e));
	if ((stored = archive_entry_pathname(ae)) == NULL &&
	    (stored = archive_entry_pathname_utf8(ae)) == NULL) {
		snprintf(r->unnamed, sizeof(r->unnamed), "(entry %llu)",
		    (unsigned long long)r->n);
		stored = r->unnamed;
	}
	if (trim_name(r, stored, err) != 0)
		return -1;
	e->name = r->name;
	e->stored = stored;
	e->type = entry_type(ae);
	e->unsafe = unsafe_name(stored);
	if (e->type == DP_ARCHREAD_SYMLINK &&
	    (e->target = archive_entry_symlink(ae)) != NULL &&
	    escapes(r->name, e->target))
		e->unsafe |= DP_ARCHREAD_LINK;
	if (e->type == DP_ARCHREAD_HARDLINK &&
	    unsafe_name(e->target = archive_entry_hardlink(ae)) != 0)
		e->unsafe |= DP_ARCHREAD_LINK;
	e->time_ms = r->time_ms;
	if (archive_entry_mtime_is_set(ae))
		e->time_ms = (int64_t)archive_entry_mtime(ae) * 1000 +
		    archive_entry_mtime_nsec(ae) / 1000000;
	e->size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) :
	    -1;
	return 0;
}

/* Whether passing over an entry unread means decompressing it. */
static int
costly(struct archive *a)
{
	switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_AR:
	case ARCHIVE_FORMAT_CPIO:
	case ARCHIVE_FORMAT_ISO9660:
	case ARCHIVE_FORMAT_TAR:
	case ARCHIVE_FORMAT_ZIP:
		return archive_filter_count(a) > 1;
	default:
		return 1;
	}
}

/* Whether an entry of bytes is a bomb in its archive. */
static int
bomb(const struct rd *r, uint64_t bytes)
{
	return bytes > DP_ARCHREAD_RATIO_FLOOR &&
	    bytes / r->o->lim.max_ratio > r->alen;
}

/* Marks e as skipped for a limit, which stops the walks as it says. */
static void
limit(struct rd *r, struct dp_archread_entry *e, const char *why)
{
	const struct dp_archread_limits *lim = &r->o->lim;

	e->skip = why;
	e->detail = r->detail;
	if (strcmp(why, "ratio") == 0) {
		snprintf(r->detail, sizeof(r->detail), "more than %llu times "
		    "the size of its archive; the rest of it is not read",
		    (unsigned long long)lim->max_ratio);
		r->stop = 1;
	} else if (strcmp(why, "total") == 0) {
		snprintf(r->detail, sizeof(r->detail), "the entries add up "
		    "to more than %llu bytes; the rest is not read",
		    (unsigned long long)lim->max_total);
		r->b->spent = 1;
	} else {
		snprintf(r->detail, sizeof(r->detail), "more than %llu "
		    "entries; the rest is not read",
		    (unsigned long long)lim->max_entries);
		r->b->spent = 1;
	}
}

/*
 * Reads the data of the current entry into r->buf and e.  Returns 0
 * when read or skipped (e->skip set), or -1 with err when the archive
 * cannot be read further.
 */
static int
read_data(struct rd *r, struct dp_archread_entry *e, struct dp_error *err)
{
	size_t max = r->o->lim.max_size;
	size_t len = 0, cap, most = max < SIZE_MAX ? max + 1 : SIZE_MAX;
	la_ssize_t n;
	char *p;

	for (;;) {
		if (len == r->cap) {
			cap = r->cap < CHUNK ? CHUNK : r->cap * 2;
			if (e->size >= 0 && (uint64_t)cap <= (uint64_t)e->size)
				cap = (size_t)e->size + 1;
			if (cap > most)
				cap = most;
			if ((p = realloc(r->buf, cap)) == NULL)
				return dp_error_set(err, DP_ERR_NOMEM, NULL, 0,
				    0, "out of memory");
			r->buf = p;
			r->cap = cap;
		}
		n = archive_read_data(r->a, r->buf + len, r->cap - len);
		if (n == 0)
			break;
		if (n == ARCHIVE_FATAL) {
			snprintf(r->detail, sizeof(r->detail), "entry '%s'",
			    e->name);
			return lib_error(r->a, r->aname, r->detail, err);
		}
		if (n < 0) {
			e->skip = "unreadable";
			e->detail = r->detail;
			lib_error(r->a, NULL, NULL, err);
			snprintf(r->detail, sizeof(r->detail), "%s", err->text);
			return 0;
		}
		len += (size_t)n;
		r->b->total += (uint64_t)n;
		if (r->b->total > r->o->lim.max_total) {
			limit(r, e, "total");
			return 0;
		}
		if (bomb(r, len)) {
			limit(r, e, "ratio");
			return 0;
		}
		if (len > max) {
			e->skip = "too-large";
			return 0;
		}
	}
	e->buf = r->buf;
	e->len = len;
	return 0;
}

/*
 * Reads a file entry, or skips it for what its header says.  Returns
 * as read_data().
 */
static int
file_entry(struct rd *r, struct archive_entry *ae,
    struct dp_archread_entry *e, struct dp_error *err)
{
	const struct dp_archread_limits *lim = &r->o->lim;
	uint64_t size = e->size > 0 ? (uint64_t)e->size : 0;

	if (bomb(r, size))
		limit(r, e, "ratio");
	else if (archive_entry_is_encrypted(ae) || size > lim->max_size) {
		e->skip = archive_entry_is_encrypted(ae) ? "encrypted" :
		    "too-large";
		/* passing over it may still mean decompressing it */
		if (costly(r->a))
			r->b->total += size;
		if (r->b->total > lim->max_total)
			limit(r, e, "total");
	} else if (r->b->total + size > lim->max_total)
		limit(r, e, "total");
	else
		return read_data(r, e, err);
	return 0;
}

/*
 * Passes the .git folder that holds e, once per folder.  Returns 1
 * when e is in one (0 or -1 from fn, as "stop"), 0 when it is not, or
 * -1 with DP_ERR_NOMEM.
 */
static int
git_entry(struct rd *r, struct dp_archread_entry *e, int *stop,
    struct dp_error *err)
{
	size_t n = git_folder(e->name, e->type == DP_ARCHREAD_DIR);
	struct dp_archread_entry g;
	char *folder;
	int seen;

	if (n == 0)
		return 0;
	if ((folder = strndup(e->name, n)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	seen = json_object_get(r->gits, folder) != NULL;
	if (!seen && json_object_set_new(r->gits, folder, json_true()) != 0) {
		free(folder);
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	if (!seen) {
		g = *e;
		g.name = folder;
		g.stored = folder;
		g.type = DP_ARCHREAD_DIR;
		g.target = NULL;
		g.size = -1;
		g.skip = "git";
		*stop = r->o->fn(&g, r->o->arg) != 0;
	}
	free(folder);
	return 1;
}

/* Handles the entry whose header is ae.  Returns as walk(). */
static int
entry(struct rd *r, struct archive_entry *ae, int hdr,
    struct dp_error *err)
{
	struct dp_archread_entry e;
	int stop = 0, rc;

	if (describe(r, ae, &e, err) != 0)
		return -1;
	if (++r->b->entries > r->o->lim.max_entries)
		limit(r, &e, "entries");
	else if (hdr == ARCHIVE_FAILED) {
		e.skip = "unreadable";
		lib_error(r->a, NULL, NULL, err);
		snprintf(r->detail, sizeof(r->detail), "%s", err->text);
		e.detail = r->detail;
	} else if (e.name[0] == '\0' && e.type == DP_ARCHREAD_DIR)
		return 0;
	else if (dp_ignore_path(r->o->exclude, e.name + strspn(e.name, "/"),
	    e.type == DP_ARCHREAD_DIR))
		return 0;
	else if ((rc = git_entry(r, &e, &stop, err)) != 0)
		return rc < 0 ? -1 : stop;
	else if (e.type == DP_ARCHREAD_SYMLINK)
		e.skip = "symlink";
	else if (e.type == DP_ARCHREAD_HARDLINK && e.size <= 0)
		e.skip = "hardlink";
	else if (e.type == DP_ARCHREAD_SPECIAL)
		e.skip = "special";
	else if (e.type != DP_ARCHREAD_DIR &&
	    file_entry(r, ae, &e, err) != 0)
		return -1;
	return r->o->fn(&e, r->o->arg) != 0;
}

/*
 * Returns the bytes after the end of the tar or cpio archive r, read
 * to its end, unless they are all zero (the padding of a last record).
 * libarchive may take a header cut short for the end of the archive.
 */
static size_t
leftover(struct rd *r, const char *buf)
{
	size_t at;
	int fmt = archive_format(r->a) & ARCHIVE_FORMAT_BASE_MASK;

	if ((fmt != ARCHIVE_FORMAT_TAR && fmt != ARCHIVE_FORMAT_CPIO) ||
	    archive_filter_count(r->a) != 1 ||
	    archive_filter_bytes(r->a, -1) < 0)
		return 0;
	for (at = (size_t)archive_filter_bytes(r->a, -1); at < r->alen; at++)
		if (buf[at] != '\0')
			return r->alen - (size_t)archive_filter_bytes(r->a, -1);
	return 0;
}

int
dp_archread_walk(const struct dp_archread_options *o,
    struct dp_archread_budget *b, const char *name, const char *buf,
    size_t len, int64_t time_ms, struct dp_error *err)
{
	struct rd r;
	struct archive_entry *ae;
	struct dp_error e;
	char what[48];
	int hdr, rc = 0;
	size_t n;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.b = b;
	r.aname = name;
	r.alen = len;
	r.time_ms = time_ms;
	dp_error_clear(&e);
	if ((r.gits = json_object()) == NULL) {
		rc = dp_error_set(&e, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
		goto out;
	}
	if ((rc = open_reader(buf, len, &r.a, &e)) != 0) {
		if (rc == 1)
			dp_error_set(&e, DP_ERR_DATA, NULL, 0, 0,
			    "not an archive");
		rc = -1;
		goto out;
	}
	while (rc == 0 && !r.stop && !b->spent) {
		hdr = archive_read_next_header(r.a, &ae);
		if (hdr == ARCHIVE_EOF && (n = leftover(&r, buf)) > 0)
			rc = dp_error_set(&e, DP_ERR_DATA, NULL, 0, 0, "%zu "
			    "bytes after entry %llu are not an entry: the "
			    "archive is truncated or damaged", n,
			    (unsigned long long)r.n);
		if (hdr == ARCHIVE_EOF)
			break;
		r.n++;
		if (hdr == ARCHIVE_RETRY && ++b->entries <= o->lim.max_entries)
			continue;
		if (hdr == ARCHIVE_FATAL) {
			snprintf(what, sizeof(what), "entry %llu",
			    (unsigned long long)r.n);
			rc = lib_error(r.a, NULL, what, &e);
			break;
		}
		rc = entry(&r, ae, hdr, &e);
	}
out:
	if (rc < 0 && e.source[0] == '\0' && name != NULL)
		snprintf(e.source, sizeof(e.source), "%s", name);
	if (rc < 0 && err != NULL)
		*err = e;
	archive_read_free(r.a);
	json_decref(r.gits);
	free(r.buf);
	free(r.name);
	return rc;
}
