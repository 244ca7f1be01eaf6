#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "trailer.h"

/*
 * Parses msg and checks the trailers, written "key: value\n" each the
 * way git interpret-trailers --parse prints them; every expected text
 * below is what git 2.39 prints for the same message.
 */
static void
expect(const char *msg, const char *want)
{
	json_t *list = dp_trailer_parse(msg, strlen(msg));
	char got[1024] = "";
	size_t i, n = 0;

	cr_assert_not_null(list);
	for (i = 0; i < json_array_size(list); i++) {
		json_t *t = json_array_get(list, i);

		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s: %s\n",
		    json_string_value(json_object_get(t, "key")),
		    json_string_value(json_object_get(t, "value")));
	}
	cr_assert_str_eq(got, want, "message: %s", msg);
	json_decref(list);
}

Test(trailer, last_paragraph_only)
{
	expect("Subject\n\nSigned-off-by: A <a@x>\n",
	    "Signed-off-by: A <a@x>\n");
	expect("Subject\n\nBody: not this\n\nKey: v\nOther: w\n",
	    "Key: v\nOther: w\n");
	expect("\n\nSubject\n\nKey: v\n", "Key: v\n");
}

Test(trailer, never_the_subject)
{
	expect("Subject only: not a trailer\n", "");
	expect("Key: value\n", "");
	expect("Subject\nKey: v\n", "");
	expect("", "");
}

Test(trailer, mixed_block_needs_git_prefix_and_a_quarter)
{
	expect("Subject\n\nBody line\nKey: v\n", "");
	expect("Subject\n\nline one\nline two\nline three\n"
	    "Signed-off-by: A <a@x>\n", "Signed-off-by: A <a@x>\n");
	expect("Subject\n\nl1\nl2\nl3\nl4\nSigned-off-by: A <a@x>\n", "");
	expect("Subject\n\n(cherry picked from commit abc)\nsome text\n"
	    "more text\n", "");
	expect("Subject\n\nKey: v\nno colon here\n", "");
}

Test(trailer, continuation_lines_are_folded)
{
	expect("Subject\n\nKey: v\n  continued here\n\tand here\nK2: x\n",
	    "Key: v continued here and here\nK2: x\n");
	expect("Subject\n\n  indented: x\nKey: v\n", "");
}

Test(trailer, token_rules)
{
	expect("Subject\n\nKey : spaced\nKey-2:nospace\n",
	    "Key: spaced\nKey-2: nospace\n");
	expect("Subject\n\nBad key: x\n", "");
	expect("Subject\n\nKey: \nK: v\n", "Key: \nK: v\n");
	expect("Subject\n\nhttp://x.example/y\nKey: v\n",
	    "http: //x.example/y\nKey: v\n");
	expect("Subject\n\nCo-authored-by: C <c@x>\r\n",
	    "Co-authored-by: C <c@x>\n");
}

Test(trailer, patch_separator_ends_the_message)
{
	expect("Subject\n\nKey: v\n---\nOther: patch\n", "Key: v\n");
	expect("Subject\n\nKey: v\n\n---\nnot: trailer\n", "Key: v\n");
	expect("Subject\n\nKey: v\n---\n", "Key: v\n");
	expect("Subject\n\nKey: v\n--- no space\n", "Key: v\n");
}

Test(trailer, comments_and_ignored_tail)
{
	expect("Subject\n\nKey: v\n# comment\nK2: w\n", "Key: v\nK2: w\n");
	expect("Subject\n\nKey: v\n# comment\n\n# more\n", "Key: v\n");
	expect("Subject\n\nKey: v\n\n", "Key: v\n");
	expect("Subject\n\nKey: v\n"
	    "# ------------------------ >8 ------------------------\nX: y\n",
	    "Key: v\n");
	expect("Subject\n\nKey: v\nConflicts:\n\tfile.c\n", "Key: v\n");
}

Test(trailer, keys_keep_their_case)
{
	expect("Subject\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
	    "co-authored-by: x <x@y>\n",
	    "Co-Authored-By: Claude <noreply@anthropic.com>\n"
	    "co-authored-by: x <x@y>\n");
}

Test(trailer, length_bounds_the_text)
{
	/* the bytes after len are not part of the message */
	const char *msg = "Subject\n\nKey: v\nOther: w\n";
	json_t *list = dp_trailer_parse(msg, strlen(msg) - 9);

	cr_assert_eq(json_array_size(list), 1);
	json_decref(list);
}
