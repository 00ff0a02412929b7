/* A growable byte buffer with a mandatory maximum (DESIGN.md §3.8), used for
 * HTTP bodies, HTML, CSV and XML. Errors are sticky: once an append fails
 * (over MAX or OOM) the buffer is marked failed, later appends do nothing, and
 * the owner checks buf_failed() once at the end. The content is always
 * NUL-terminated when data != NULL. */
#ifndef TDKT_LIB_BUF_H
#define TDKT_LIB_BUF_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;  /* NULL until the first append; owned by the buffer */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;
    size_t max;  /* hard limit on len */
    bool failed;
    bool too_large; /* the failure was the limit, not OOM */
} buf_t;

void buf_init(buf_t *b, size_t max);
void buf_free(buf_t *b);                /* back to the empty state */
void buf_reset(buf_t *b);               /* len = 0, keeps memory, clears failure */

/* Each returns 0, or -1 when the buffer has failed (now or before). */
int buf_append(buf_t *b, const void *p, size_t n);
int buf_puts(buf_t *b, const char *s);
int buf_putc(buf_t *b, char c);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static inline bool buf_failed(const buf_t *b) { return b->failed; }

/* Content as a C string ("" when empty); owned by B. */
const char *buf_str(const buf_t *b);

/* Gives the heap string to the caller (free with xfree) and empties B.
 * Returns NULL when B has failed. */
char *buf_detach(buf_t *b, size_t *len);

#endif
