/*
 * archread: the entries of an archive held in memory, read through
 * libarchive and never written to disk.
 *
 * Formats: tar (ustar, pax, GNU), cpio, zip, 7-Zip, ISO 9660, ar
 * (and so .deb packages), RAR and RAR 5; each may be compressed as a
 * whole with gzip, bzip2, xz, lzma, lzip, zstd, lz4 or compress, or be
 * an RPM package.  Other formats libarchive knows are left out: mtree
 * would read the files it names from disk.
 *
 * An archive is read entry by entry, never extracted.  The data of a
 * regular file entry is read into memory, for the caller to scan and,
 * when it is an archive itself, to read with this module again.
 * Reading is bounded by limits shared through a budget by an archive
 * and every archive inside it:
 *
 *	max_size	an entry larger than this is not read
 *	max_total	bytes of all the entries of a budget
 *	max_ratio	an entry more than this many times the size of its
 *			archive (and more than DP_ARCHREAD_RATIO_FLOOR) is
 *			a bomb: the rest of that archive is not read
 *	max_entries	entries of a budget
 *
 * Passing over an entry unread costs nothing in a zip, ISO 9660, ar
 * or uncompressed tar or cpio archive; in the others (compressed as a
 * whole, or solid like 7-Zip) it means decompressing it, so its size
 * counts towards max_total as if it had been read.
 *
 * Nothing is silent: every entry is passed to the caller, read or with
 * the reason it was not, except the entries an ignore list excludes
 * and the root folder (".").  The entries of a folder named ".git" are
 * passed as one, the folder, skipped.
 */
#ifndef DP_ARCHREAD_H
#define DP_ARCHREAD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ignore.h"

/* Bytes an entry may grow to whatever its ratio. */
#define DP_ARCHREAD_RATIO_FLOOR ((uint64_t)1 << 20)

/* Limits on reading; fill with DP_ARCHREAD_LIMITS_INIT. */
struct dp_archread_limits {
	size_t max_size;	/* bytes of one entry */
	uint64_t max_total;	/* bytes of all the entries of a budget */
	uint64_t max_ratio;	/* entry bytes per byte of its archive */
	uint64_t max_entries;	/* entries of a budget */
};

#define DP_ARCHREAD_LIMITS_INIT { (size_t)64 << 20, (uint64_t)1 << 30, \
	100, 1000000 }

/*
 * What an archive and the archives inside it have used of the limits;
 * fill with DP_ARCHREAD_BUDGET_INIT before the outermost one.
 */
struct dp_archread_budget {
	uint64_t total;		/* bytes read or passed over at a cost */
	uint64_t entries;	/* entries met */
	int spent;		/* max_total or max_entries was reached */
};

#define DP_ARCHREAD_BUDGET_INIT { 0, 0, 0 }

enum dp_archread_type {
	DP_ARCHREAD_FILE,
	DP_ARCHREAD_DIR,
	DP_ARCHREAD_SYMLINK,
	DP_ARCHREAD_HARDLINK,	/* a link to an earlier entry */
	DP_ARCHREAD_SPECIAL	/* a device, FIFO or socket */
};

/* Why an entry would be unsafe to extract (bits of unsafe). */
#define DP_ARCHREAD_ABSOLUTE 1	/* "/etc/x", "\\x" or "C:x" */
#define DP_ARCHREAD_TRAVERSAL 2	/* a ".." component ("/" or "\\") */
#define DP_ARCHREAD_LINK 4	/* a link out of the archive's root */

/* An entry; every member is borrowed for the callback. */
struct dp_archread_entry {
	/*
	 * The name as stored, without leading "./" and trailing "/";
	 * "(entry N)", N from 1, when libarchive cannot give it.
	 */
	const char *name;
	const char *stored;	/* the name exactly as stored */
	enum dp_archread_type type;
	const char *target;	/* of a link, or NULL */
	int64_t time_ms;	/* modification time, else the archive's */
	int64_t size;		/* declared size in bytes, or -1 */
	unsigned unsafe;	/* DP_ARCHREAD_ABSOLUTE ... */
	/*
	 * NULL when the entry was read: then a DP_ARCHREAD_FILE has its
	 * data in buf (len bytes, borrowed until the callback returns).
	 * Else why it was not: "git" (a .git folder), "symlink",
	 * "hardlink", "special", "encrypted", "too-large" (max_size),
	 * "ratio", "total", "entries" (the other limits) or "unreadable"
	 * (libarchive cannot read this entry but can go on).
	 */
	const char *skip;
	const char *detail;	/* for ratio, total, entries, unreadable */
	const char *buf;
	size_t len;
};

/* Receives each entry.  Returns 0 to go on, else to stop. */
typedef int (*dp_archread_fn)(const struct dp_archread_entry *e,
	    void *arg);

/*
 * Returns 1 when the len bytes at buf are an archive of a format above
 * with at least one entry, 0 when they are not (an empty archive is
 * not), or -1 with DP_ERR_DATA when they start as one (a compressed
 * stream, an archive header) but cannot be read, with libarchive's
 * reason, or DP_ERR_NOMEM.
 */
int	dp_archread_probe(const char *buf, size_t len, struct dp_error *err);

/* How to read archives; fill with DP_ARCHREAD_OPTIONS_INIT. */
struct dp_archread_options {
	struct dp_archread_limits lim;
	/* leaves out what it excludes, names without a leading "/" */
	const struct dp_ignore *exclude;
	dp_archread_fn fn;	/* required */
	void *arg;		/* for fn */
};

#define DP_ARCHREAD_OPTIONS_INIT { DP_ARCHREAD_LIMITS_INIT, NULL, NULL, \
	NULL }

/*
 * Reads the archive of len bytes at buf, named name in errors, whose
 * own time is time_ms, passing each entry to o->fn as described
 * above, within the budget b.  Returns 0 when the archive was read to
 * its end or a limit stopped it (the entry that reached it says so),
 * 1 when fn stopped it, or -1 with err: DP_ERR_DATA (source name; the
 * archive is damaged or truncated, or encrypted as a whole; the
 * entries before the damage were passed to fn) or DP_ERR_NOMEM.
 */
int	dp_archread_walk(const struct dp_archread_options *o,
	    struct dp_archread_budget *b, const char *name, const char *buf,
	    size_t len, int64_t time_ms, struct dp_error *err);

#endif
