/* Lists to export (issue 3 §3): the people of a subtree and the units of a
 * subtree, as rows of typed cells under Vietnamese headers, in official
 * order, limited to what the caller may read. No file formats here: a face
 * (src/export/transfer.c) writes the rows to XLSX or CSV. The headers are
 * the ones import.h reads, so an exported file can be imported back.
 * See docs/internals/import.md. */
#ifndef TDKT_CORE_EXPORT_H
#define TDKT_CORE_EXPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "lib/status.h"

typedef enum {
    EXPORT_TEXT = 0, /* TEXT (NULL: an empty cell) */
    EXPORT_INT,      /* I */
    EXPORT_DATE,     /* Y, M, D; TEXT holds it as "dd/mm/yyyy" */
} export_cell_kind_t;

typedef struct {
    export_cell_kind_t kind;
    const char *text;
    int64_t i;
    int y, m, d;
} export_cell_t;

/* One row: CELLS[0..N), valid only during the call. Non-zero stops. */
typedef int (*export_row_fn)(void *arg, const export_cell_t *cells, size_t n);

/* The Vietnamese headers; *N gets their number. Static storage. */
const char *const *export_people_header(size_t *n);
const char *const *export_units_header(size_t *n);

/* The people whose membership on AT (NULL: today) lies in UNIT_ID's subtree
 * as it stood that day (only UNIT_ID itself unless SUBTREE), in official
 * Vietnamese list order; UNIT_ID 0 means every top unit of the caller's
 * scope, one after the other. ST_FORBIDDEN when the caller may not read
 * UNIT_ID (or it does not exist); ST_INVALID for a bad date. *ROWS (may be
 * NULL) gets the rows given to FN. */
status_t export_people_each(ctx_t *c, int64_t unit_id, const char *at, bool subtree, export_row_fn fn, void *arg,
                            int64_t *rows);

/* The units of ROOT's subtree existing on AT (NULL: today), ROOT first, each
 * followed by its children in Vietnamese name order (the order of the tree
 * page), with the names and parents they had that day; ROOT 0 means every
 * top unit of the caller's scope. Units the caller may not read are left
 * out. Errors as export_people_each. */
status_t export_units_each(ctx_t *c, int64_t root, const char *at, export_row_fn fn, void *arg, int64_t *rows);

/* How many rows export_people_each / export_units_each will give, for
 * progress (same permission rules). */
status_t export_people_count(ctx_t *c, int64_t unit_id, const char *at, bool subtree, int64_t *count);
status_t export_units_count(ctx_t *c, int64_t root, const char *at, int64_t *count);

#endif
