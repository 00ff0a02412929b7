/* The columns of a list a user imports (people, units, registrations):
 * found by their Vietnamese header, whatever its case, marks, đ, spacing,
 * punctuation or "(…)" hint, so "Họ và tên", "HO TEN" and "Ngày sinh
 * (dd/mm/yyyy)" all match. And the cleaning of a CCCD typed into a sheet.
 * Used by core/import.c and core/registration.c. */
#ifndef TDKT_CORE_COLUMNS_H
#define TDKT_CORE_COLUMNS_H
#include "lib/arena.h"

enum { COLUMN_IGNORE = -1, COLUMN_NONE = 0 };

/* One known column. A table of them ends with {COLUMN_NONE, NULL, NULL}. */
typedef struct {
    int field;           /* the caller's field number, or COLUMN_IGNORE (known, not used) */
    const char *label;   /* the canonical Vietnamese header; NULL for ignored ones */
    const char *aliases; /* folded headers separated by '|' */
} column_t;

/* The folded form of header S in A: text_fold, "(…)" and "[…]" dropped,
 * anything but a-z 0-9 a single space, trimmed. NULL when out of memory. */
char *column_fold(arena_t *a, const char *s);

/* The column of COLS whose aliases hold FOLDED, or NULL. */
const column_t *column_find(const column_t *cols, const char *folded);

/* The label of FIELD in COLS, or NULL. */
const char *column_label(const column_t *cols, int field);

typedef enum {
    CCCD_OK = 0,     /* OUT holds the 12 digits */
    CCCD_PADDED = 1, /* Excel dropped leading zeros (a number cell): OUT has them back */
    CCCD_BAD = 2,    /* not a CCCD */
} cccd_clean_t;

/* Cleans the CCCD cell IN (spaces, dots, dashes and a leading apostrophe
 * are ignored) into OUT (12 digits and a NUL). */
cccd_clean_t cccd_clean(const char *in, char out[13]);

#endif
