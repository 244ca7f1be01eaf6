/*
 * yamldoc: a YAML or JSON file loaded as jansson values, with the line
 * of every node kept for diagnostics ("rules/x.yml:12: ...").
 *
 * YAML is read with libyaml's event API.  Mappings become objects,
 * sequences arrays, and scalars strings, except plain (unquoted)
 * scalars that the YAML 1.2 core schema resolves to another type:
 *
 *	null	"", ~, null, Null, NULL
 *	bool	true, True, TRUE, false, False, FALSE
 *	int	[-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ (64-bit)
 *	float	[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 *
 * Mapping keys are scalars taken as their text.  The explicit tags !!str
 * (the scalar is a string whatever it looks like), !!map and !!seq are
 * accepted.  A stream may hold several documents separated by "---";
 * each is one root.
 *
 * These are errors with a location (DP_ERR_DATA): YAML syntax and
 * encoding errors, a duplicate key in a mapping, a key that is not a
 * scalar or holds a NUL byte, any anchor or alias (aliases allow
 * exponential expansion), any other tag, an integer out of range, a
 * non-finite float (.inf, .nan), and the bounds of struct
 * dp_yamldoc_limits (input size, nesting depth, number of nodes).
 *
 * A file whose name ends in ".json" is parsed by jansson, whose error
 * texts and positions are exact, and is held to the same bounds.  Its
 * lines come from reading the same text as YAML (JSON is YAML); in the
 * rare case where that does not give the same values, its lines are
 * unknown (0).
 *
 * Lines are kept in a side table inside the document, keyed by node
 * pointer for containers, strings and numbers, and by (container, key)
 * or (container, index) for members, so that the shared jansson
 * singletons true, false and null can be located through their parent.
 * Nodes are borrowed from the document; they must not be modified, and
 * their lines are valid while the document lives.
 */
#ifndef DP_YAMLDOC_H
#define DP_YAMLDOC_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

/* Bounds on one input; fill with DP_YAMLDOC_LIMITS_INIT. */
struct dp_yamldoc_limits {
	size_t max_bytes;	/* size of the file or buffer */
	size_t max_depth;	/* nesting of mappings and sequences */
	size_t max_nodes;	/* scalars, mappings and sequences */
};

#define DP_YAMLDOC_LIMITS_INIT { (size_t)4 << 20, 64, (size_t)1 << 20 }

struct dp_yamldoc;

/*
 * Loads the file at path.  source is its name in diagnostics and is
 * copied.  limits may be NULL for DP_YAMLDOC_LIMITS_INIT.  Returns a
 * new document; free with dp_yamldoc_free().  Returns NULL with
 * DP_ERR_NOINPUT (cannot open or read the file), DP_ERR_DATA (as
 * listed above; source, line and, for syntax errors, column set) or
 * DP_ERR_NOMEM.
 */
struct dp_yamldoc *dp_yamldoc_load_file(const char *path, const char *source,
	    const struct dp_yamldoc_limits *limits, struct dp_error *err);

/*
 * Loads len bytes at buf, as JSON when json is not 0, else as YAML.
 * Otherwise as dp_yamldoc_load_file(), without DP_ERR_NOINPUT.
 */
struct dp_yamldoc *dp_yamldoc_load_buffer(const char *buf, size_t len,
	    int json, const char *source,
	    const struct dp_yamldoc_limits *limits, struct dp_error *err);

void	dp_yamldoc_free(struct dp_yamldoc *doc);

/* Returns the source name given at load, borrowed from doc. */
const char *dp_yamldoc_source(const struct dp_yamldoc *doc);

/* Returns the number of documents (roots) in doc, 0 for an empty file. */
size_t	dp_yamldoc_count(const struct dp_yamldoc *doc);

/*
 * Returns root i (< dp_yamldoc_count()), borrowed from doc.  An empty
 * document ("---" and nothing) is a JSON null.
 */
json_t	*dp_yamldoc_root(const struct dp_yamldoc *doc, size_t i);

/*
 * Returns the 1-based line where node starts, or 0 when it is unknown:
 * node is not from doc, or is true, false or null (ask its parent with
 * dp_yamldoc_key_line() or dp_yamldoc_item_line()).
 */
long	dp_yamldoc_line(const struct dp_yamldoc *doc, const json_t *node);

/* Returns the line of key in the mapping obj of doc, or 0. */
long	dp_yamldoc_key_line(const struct dp_yamldoc *doc, const json_t *obj,
	    const char *key);

/* Returns the line of item i of the sequence arr of doc, or 0. */
long	dp_yamldoc_item_line(const struct dp_yamldoc *doc, const json_t *arr,
	    size_t i);

#endif
