/*
 * diagram.h - a schema as an entity-relationship diagram: Mermaid's
 * erDiagram (which the common forges render in pull requests and
 * Markdown) or Graphviz's dot.  Tables with their columns, types in the
 * dialect's spelling and key markers (PK, FK, UK), and each foreign key
 * as an edge from the referencing table to the referenced one.
 */
#ifndef RG_DIAGRAM_H
#define RG_DIAGRAM_H

#include <stdbool.h>

#include "diff/compare.h"
#include "diff/schema.h"
#include "util/util.h"

enum rg_diagram_format { RG_DIAGRAM_MERMAID, RG_DIAGRAM_DOT };

/* "mermaid" or "dot"; false for anything else. */
bool rg_diagram_format_parse(const char *name, enum rg_diagram_format *out);

/*
 * Appends the diagram of s's tables to out, types rendered for cmp.  only:
 * NULL for every table, else s->ntables flags choosing the tables drawn
 * in full; a table one of them references is then drawn by its name
 * alone, so that every edge has both ends.
 */
void rg_diagram_render(struct rg_buf *out, enum rg_diagram_format f,
		       const struct rg_compare *cmp, const struct rg_schema *s,
		       const bool *only);

#endif
