#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "trailer.h"

/* What git writes itself: one of these makes a mixed block trailers. */
static const char *const generated[] = {
	"Signed-off-by: ",
	"(cherry picked from commit ",
	NULL
};

static const char cut_line[] =
    "# ------------------------ >8 ------------------------";

static int
space(char c)
{
	return isspace((unsigned char)c);
}

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

/* Returns the offset just past the line starting at pos. */
static size_t
next_line(const char *buf, size_t len, size_t pos)
{
	const char *nl = memchr(buf + pos, '\n', len - pos);

	return nl != NULL ? (size_t)(nl - buf) + 1 : len;
}

/* Returns the start of the line before offset end, or -1 when end is 0. */
static long
last_line(const char *buf, size_t end)
{
	long i;

	if (end == 0)
		return -1;
	/* a final newline belongs to the last line */
	for (i = (long)end - 2; i >= 0; i--)
		if (buf[i] == '\n')
			return i + 1;
	return 0;
}

static int
blank(const char *buf, size_t len, size_t pos)
{
	while (pos < len && buf[pos] != '\n' && space(buf[pos]))
		pos++;
	return pos >= len || buf[pos] == '\n';
}

/*
 * Returns the offset of the ':' ending the token that starts at pos: a
 * run of letters, digits and '-', then optional blanks.  Returns -1 when
 * there is none.
 */
static long
separator(const char *buf, size_t len, size_t pos)
{
	size_t i;
	int white = 0;

	for (i = pos; i < len; i++) {
		if (buf[i] == ':')
			return (long)(i - pos);
		if (!white && (isalnum((unsigned char)buf[i]) ||
		    buf[i] == '-'))
			continue;
		if (i != pos && (buf[i] == ' ' || buf[i] == '\t')) {
			white = 1;
			continue;
		}
		break;
	}
	return -1;
}

/* Returns how many bytes at the end of len are comments and blanks. */
static size_t
ignored_tail(const char *buf, size_t len)
{
	size_t boc = 0, bol = 0, cutoff = len;
	const char *p;
	int conflicts = 0;

	if (starts(buf, len, cut_line))
		cutoff = 0;
	else if ((p = memmem(buf, len, "\n# ------------------------ >8 "
	    "------------------------", sizeof(cut_line))) != NULL)
		cutoff = (size_t)(p - buf) + 1;
	/* boc == 0 means "none", as in git, even for a comment at 0 */
	while (bol < cutoff) {
		if (starts(buf + bol, cutoff - bol, "#") || buf[bol] == '\n') {
			if (boc == 0)
				boc = bol;
		} else if (starts(buf + bol, len - bol, "Conflicts:\n")) {
			conflicts = 1;
			if (boc == 0)
				boc = bol;
		} else if (conflicts && buf[bol] == '\t') {
			;
		} else if (boc != 0) {
			boc = 0;
			conflicts = 0;
		}
		bol = next_line(buf, len, bol);
	}
	return boc != 0 ? len - boc : len - cutoff;
}

/* Returns where the message ends: before the patch and ignored lines. */
static size_t
message_end(const char *buf, size_t len)
{
	size_t pos, end = len;

	for (pos = 0; pos < len; pos = next_line(buf, len, pos))
		if (starts(buf + pos, len - pos, "---") && pos + 3 < len &&
		    space(buf[pos + 3])) {
			end = pos;
			break;
		}
	return end - ignored_tail(buf, end);
}

/* Returns the start of the trailer block in the len bytes, or len. */
static size_t
block_start(const char *buf, size_t len)
{
	int only_spaces = 1, recognised = 0, trailers = 0, others = 0;
	int maybe_cont = 0;
	const char *const *p;
	size_t title;
	long l;

	for (title = 0; title < len; title = next_line(buf, len, title)) {
		if (buf[title] == '#')
			continue;
		if (blank(buf, len, title))
			break;
	}
	for (l = last_line(buf, len); l >= 0 && (size_t)l >= title;
	    l = last_line(buf, (size_t)l)) {
		if (buf[l] == '#') {
			others += maybe_cont;
			maybe_cont = 0;
			continue;
		}
		if (blank(buf, len, (size_t)l)) {
			if (only_spaces)
				continue;
			others += maybe_cont;
			if ((recognised && trailers * 3 >= others) ||
			    (trailers > 0 && others == 0))
				return next_line(buf, len, (size_t)l);
			return len;
		}
		only_spaces = 0;
		for (p = generated; *p != NULL; p++)
			if (starts(buf + l, len - (size_t)l, *p))
				break;
		if (*p != NULL) {
			trailers++;
			maybe_cont = 0;
			recognised = 1;
		} else if (separator(buf, len, (size_t)l) >= 1 &&
		    !space(buf[l])) {
			trailers++;
			maybe_cont = 0;
		} else if (space(buf[l])) {
			maybe_cont++;
		} else {
			others += 1 + maybe_cont;
			maybe_cont = 0;
		}
	}
	return len;
}

/* Returns a new copy of the n bytes at s without white space around. */
static char *
trim(const char *s, size_t n)
{
	while (n > 0 && space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && space(s[n - 1]))
		n--;
	return strndup(s, n);
}

/* Folds each newline and the white space after it into one space. */
static char *
unfold(const char *s, size_t n)
{
	char *out, *t, *r;
	size_t i = 0;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	t = out;
	while (i < n) {
		if (s[i] == '\n') {
			i++;
			while (i < n && space(s[i]))
				i++;
			*t++ = ' ';
		} else
			*t++ = s[i++];
	}
	r = trim(out, (size_t)(t - out));
	free(out);
	return r;
}

/* Appends the trailer of the n bytes at s (a line and its continuations). */
static int
add(json_t *list, const char *s, size_t n)
{
	long sep = separator(s, n, 0);
	char *key = NULL, *val = NULL, *v;
	int rc = -1;

	if (s[0] == '#' || sep < 1)
		return 0;
	if ((key = trim(s, (size_t)sep)) == NULL ||
	    (v = trim(s + sep + 1, n - (size_t)sep - 1)) == NULL)
		goto out;
	val = unfold(v, strlen(v));
	free(v);
	/* json_array_append_new steals the new object, NULL included */
	if (val != NULL && json_array_append_new(list, json_pack("{s:s, s:s}",
	    "key", key, "value", val)) == 0)
		rc = 0;
out:
	free(key);
	free(val);
	return rc;
}

json_t *
dp_trailer_parse(const char *msg, size_t len)
{
	size_t end = message_end(msg, len);
	size_t pos = block_start(msg, end), line, next;
	json_t *list;
	int trailer = 0;

	if ((list = json_array()) == NULL)
		return NULL;
	line = pos;
	for (; pos < end; pos = next) {
		next = next_line(msg, end, pos);
		/* a line starting with white space continues a trailer */
		if (pos > line && !(trailer && space(msg[pos]))) {
			if (add(list, msg + line, pos - line) != 0)
				goto fail;
			line = pos;
		}
		if (pos == line)
			trailer = separator(msg, end, pos) >= 1;
	}
	if (end > line && add(list, msg + line, end - line) != 0)
		goto fail;
	return list;
fail:
	json_decref(list);
	return NULL;
}
