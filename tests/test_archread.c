#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>

#include "archread.h"

#define CAP (8 << 20)

/* An archive being written into memory. */
struct ar {
	struct archive *a;
	char *buf;
	size_t len;
};

/* Starts an archive of format ("ustar", "zip", ...) and filter. */
static void
ar_open(struct ar *w, const char *format, const char *filter,
    const char *options)
{
	w->buf = malloc(CAP);
	cr_assert_not_null(w->buf);
	w->a = archive_write_new();
	cr_assert_eq(archive_write_set_format_by_name(w->a, format),
	    ARCHIVE_OK);
	if (filter != NULL)
		cr_assert_eq(archive_write_add_filter_by_name(w->a, filter),
		    ARCHIVE_OK);
	if (options != NULL) {
		cr_assert_eq(archive_write_set_options(w->a, options),
		    ARCHIVE_OK, "%s", archive_error_string(w->a));
		cr_assert_eq(archive_write_set_passphrase(w->a, "pw"),
		    ARCHIVE_OK);
	}
	cr_assert_eq(archive_write_open_memory(w->a, w->buf, CAP, &w->len),
	    ARCHIVE_OK);
}

/* Adds an entry of type (AE_IFREG ...) with len bytes of data or link. */
static void
ar_add(struct ar *w, const char *name, unsigned type, const char *data,
    size_t len, const char *link)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, 1772356445, 0);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	else if (link != NULL)
		archive_entry_set_hardlink(e, link);
	if (type == AE_IFREG)
		archive_entry_set_size(e, (la_int64_t)len);
	cr_assert_eq(archive_write_header(w->a, e), ARCHIVE_OK, "%s",
	    archive_error_string(w->a));
	if (len > 0)
		cr_assert_eq(archive_write_data(w->a, data, len),
		    (la_ssize_t)len);
	archive_entry_free(e);
}

static void
ar_file(struct ar *w, const char *name, const char *text)
{
	ar_add(w, name, AE_IFREG, text, strlen(text), NULL);
}

static void
ar_close(struct ar *w)
{
	cr_assert_eq(archive_write_close(w->a), ARCHIVE_OK);
	archive_write_free(w->a);
}

/* What a walk saw, one "name:skip:len:unsafe" line per entry. */
struct seen {
	char text[4096];
	int n;
	int stop_after;
};

static int
add(const struct dp_archread_entry *e, void *arg)
{
	struct seen *s = arg;
	size_t used = strlen(s->text);

	snprintf(s->text + used, sizeof(s->text) - used, "%s:%s:%zu:%u\n",
	    e->name, e->skip != NULL ? e->skip : e->type == DP_ARCHREAD_DIR ?
	    "dir" : "read", e->len, e->unsafe);
	return ++s->n == s->stop_after;
}

/* Walks w with options o; returns what the walk returned. */
static int
walk(struct ar *w, struct dp_archread_options *o, struct seen *s,
    struct dp_error *err)
{
	struct dp_archread_budget b = DP_ARCHREAD_BUDGET_INIT;

	o->fn = add;
	o->arg = s;
	return dp_archread_walk(o, &b, "x", w->buf, w->len, 0, err);
}

Test(archread, reads_every_entry_of_the_common_formats)
{
	static const char *const formats[][2] = {
		{ "ustar", NULL }, { "pax", "gzip" }, { "gnutar", "bzip2" },
		{ "ustar", "xz" }, { "ustar", "zstd" }, { "ustar", "lz4" },
		{ "zip", NULL }, { "7zip", NULL }, { "cpio", NULL },
		{ "newc", "lzip" }, { "iso9660", NULL }, { "ar", NULL },
	};
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct dp_error err;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct seen s = { "", 0, 0 };
		struct ar w;

		ar_open(&w, formats[i][0], formats[i][1], NULL);
		ar_file(&w, "a.txt", "hello\n");
		ar_close(&w);
		cr_assert_eq(dp_archread_probe(w.buf, w.len, &err), 1, "%s",
		    formats[i][0]);
		cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s: %s",
		    formats[i][0], err.text);
		cr_assert_str_eq(s.text, "a.txt:read:6:0\n", "%s %s",
		    formats[i][0], formats[i][1]);
		free(w.buf);
	}
}

Test(archread, probes_what_is_not_an_archive)
{
	static const char zeros[2048];
	struct dp_error err;
	struct ar w;

	cr_assert_eq(dp_archread_probe("plain text\n", 11, &err), 0);
	cr_assert_eq(dp_archread_probe("", 0, &err), 0);
	/* a tar end marker alone is an empty archive: not one */
	cr_assert_eq(dp_archread_probe(zeros, sizeof(zeros), &err), 0);
	ar_open(&w, "ustar", "gzip", NULL);
	ar_file(&w, "a.txt", "hello\n");
	ar_close(&w);
	cr_assert_eq(dp_archread_probe(w.buf, 20, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "truncated gzip input");
	free(w.buf);
}

Test(archread, reports_links_specials_and_unsafe_names)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct seen s = { "", 0, 0 };
	struct dp_error err;
	struct ar w;

	ar_open(&w, "pax", NULL, NULL);
	ar_add(&w, "./d/", AE_IFDIR, NULL, 0, NULL);
	ar_file(&w, "./d/a.txt", "x");
	ar_add(&w, "d/in", AE_IFLNK, NULL, 0, "a.txt");
	ar_add(&w, "d/up", AE_IFLNK, NULL, 0, "../d/a.txt");
	ar_add(&w, "d/out", AE_IFLNK, NULL, 0, "../../etc/passwd");
	ar_add(&w, "d/abs", AE_IFLNK, NULL, 0, "/etc/passwd");
	ar_add(&w, "d/hard", AE_IFREG, NULL, 0, "d/a.txt");
	ar_add(&w, "d/fifo", AE_IFIFO, NULL, 0, NULL);
	ar_file(&w, "../../evil", "y");
	ar_file(&w, "/etc/cron.d/x", "z");
	ar_file(&w, "a\\..\\..\\win", "w");
	ar_close(&w);
	cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
	cr_assert_str_eq(s.text,
	    "d:dir:0:0\n"
	    "d/a.txt:read:1:0\n"
	    "d/in:symlink:0:0\n"
	    "d/up:symlink:0:0\n"
	    "d/out:symlink:0:4\n"
	    "d/abs:symlink:0:4\n"
	    "d/hard:hardlink:0:0\n"
	    "d/fifo:special:0:0\n"
	    "../../evil:read:1:2\n"
	    "/etc/cron.d/x:read:1:1\n"
	    "a\\..\\..\\win:read:1:2\n");
	free(w.buf);
}

Test(archread, passes_a_git_folder_once_and_leaves_out_exclusions)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct seen s = { "", 0, 0 };
	struct dp_error err;
	struct ar w;

	cr_assert_not_null(o.exclude = (const struct dp_ignore *)
	    dp_ignore_new(NULL));
	cr_assert_eq(dp_ignore_add((struct dp_ignore *)o.exclude, "build/",
	    NULL), 0);
	ar_open(&w, "ustar", NULL, NULL);
	ar_add(&w, "r/.git/", AE_IFDIR, NULL, 0, NULL);
	ar_file(&w, "r/.git/config", "[core]\n");
	ar_file(&w, "r/.git/HEAD", "ref: refs/heads/main\n");
	ar_file(&w, "r/sub/.git", "gitdir: ../.git/modules/sub\n");
	ar_file(&w, "r/build/out.txt", "x");
	ar_file(&w, "r/src/main.c", "int x;\n");
	ar_close(&w);
	cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
	cr_assert_str_eq(s.text, "r/.git:git:0:0\nr/sub/.git:read:28:0\n"
	    "r/src/main.c:read:7:0\n");
	dp_ignore_free((struct dp_ignore *)o.exclude);
	free(w.buf);
}

Test(archread, skips_encrypted_entries)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct seen s = { "", 0, 0 };
	struct dp_error err;
	struct ar w;

	ar_open(&w, "zip", NULL, "zip:encryption=zipcrypt");
	ar_file(&w, "secret.txt", "password=hunter2\n");
	ar_close(&w);
	cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
	cr_assert_str_eq(s.text, "secret.txt:encrypted:0:0\n");
	free(w.buf);
}

Test(archread, bounds_sizes_totals_entries_and_ratios)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct dp_error err;
	char *zeros = calloc(1, 3 << 20);
	struct ar w;

	cr_assert_not_null(zeros);
	ar_open(&w, "ustar", "gzip", NULL);
	ar_file(&w, "a.txt", "0123456789");
	ar_file(&w, "b.txt", "0123456789abcdef");
	ar_add(&w, "zeros", AE_IFREG, zeros, 3 << 20, NULL);
	ar_file(&w, "c.txt", "c");
	ar_close(&w);
	{
		struct seen s = { "", 0, 0 };

		o.lim.max_size = 12;
		o.lim.max_ratio = 1000000;
		cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
		cr_assert_str_eq(s.text, "a.txt:read:10:0\n"
		    "b.txt:too-large:0:0\nzeros:too-large:0:0\n"
		    "c.txt:read:1:0\n");
	}
	{
		struct seen s = { "", 0, 0 };

		o.lim.max_size = 64;
		o.lim.max_total = 20;
		cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
		cr_assert_str_eq(s.text, "a.txt:read:10:0\nb.txt:total:0:0\n");
	}
	{
		struct seen s = { "", 0, 0 };

		o.lim.max_total = 1 << 30;
		o.lim.max_entries = 2;
		cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
		cr_assert_str_eq(s.text, "a.txt:read:10:0\nb.txt:read:16:0\n"
		    "zeros:entries:0:0\n");
	}
	{
		struct seen s = { "", 0, 0 };

		/* 3 MiB of zeros in a few KiB: a bomb, the rest unread */
		o.lim = (struct dp_archread_limits)DP_ARCHREAD_LIMITS_INIT;
		cr_assert_eq(walk(&w, &o, &s, &err), 0, "%s", err.text);
		cr_assert_str_eq(s.text, "a.txt:read:10:0\nb.txt:read:16:0\n"
		    "zeros:ratio:0:0\n");
	}
	free(w.buf);
	free(zeros);
}

Test(archread, counts_what_it_passes_over_in_a_compressed_stream)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct dp_archread_budget b = DP_ARCHREAD_BUDGET_INIT;
	struct seen s = { "", 0, 0 };
	struct dp_error err;
	struct ar w;

	ar_open(&w, "ustar", "gzip", NULL);
	ar_file(&w, "big", "0123456789abcdef");
	ar_close(&w);
	o.lim.max_size = 8;
	o.fn = add;
	o.arg = &s;
	cr_assert_eq(dp_archread_walk(&o, &b, "x", w.buf, w.len, 0, &err), 0);
	cr_assert_eq(b.total, 16);
	free(w.buf);
	ar_open(&w, "zip", NULL, NULL);
	ar_file(&w, "big", "0123456789abcdef");
	ar_close(&w);
	b.total = 0;
	cr_assert_eq(dp_archread_walk(&o, &b, "x", w.buf, w.len, 0, &err), 0);
	cr_assert_eq(b.total, 0);
	free(w.buf);
}

Test(archread, stops_when_asked)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct seen s = { "", 0, 1 };
	struct dp_error err;
	struct ar w;

	ar_open(&w, "zip", NULL, NULL);
	ar_file(&w, "a", "1");
	ar_file(&w, "b", "2");
	ar_close(&w);
	cr_assert_eq(walk(&w, &o, &s, &err), 1);
	cr_assert_str_eq(s.text, "a:read:1:0\n");
	free(w.buf);
}

Test(archread, reports_a_truncated_archive_after_its_good_entries)
{
	struct dp_archread_options o = DP_ARCHREAD_OPTIONS_INIT;
	struct seen s = { "", 0, 0 };
	struct dp_error err;
	char big[3000];
	struct ar w;

	memset(big, 'b', sizeof(big));
	ar_open(&w, "ustar", NULL, NULL);
	ar_file(&w, "a.txt", "hello\n");
	ar_add(&w, "b.txt", AE_IFREG, big, sizeof(big), NULL);
	ar_close(&w);
	w.len = 512 * 3 + 100;
	cr_assert_eq(walk(&w, &o, &s, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, "x");
	cr_assert_str_eq(err.text, "entry 'b.txt': truncated tar archive");
	cr_assert_str_eq(s.text, "a.txt:read:6:0\n");
	cr_assert_eq(walk(&w, &o, &s, &err), -1);
	/* cut in a header: libarchive may see the end of the archive */
	w.len = 512 * 2 + 300;
	cr_assert_eq(walk(&w, &o, &s, &err), -1);
	cr_assert_str_eq(err.text, "300 bytes after entry 1 are not an "
	    "entry: the archive is truncated or damaged");
	w.len = 10;
	cr_assert_eq(walk(&w, &o, &s, &err), -1);
	cr_assert_str_eq(err.text, "not an archive");
	free(w.buf);
}
