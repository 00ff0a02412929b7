/* A per-request memory arena (DESIGN.md §3.7). Blocks are bump-allocated and
 * all freed at once by arena_free(). An arena has a byte budget: allocations
 * beyond it fail (NULL), so a hostile request cannot eat the machine.
 * Not thread-safe: one arena belongs to one request/thread. */
#ifndef TDKT_LIB_ARENA_H
#define TDKT_LIB_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena_t;

/* New arena that will hand out at most MAX_BYTES in total. NULL on OOM. */
arena_t *arena_new(size_t max_bytes);

/* Frees every block; A may be NULL. Pointers from A become invalid. */
void arena_free(arena_t *a);

/* N bytes aligned to 16, uninitialised. NULL when over budget or OOM. */
void *arena_alloc(arena_t *a, size_t n);

/* Zeroed COUNT*SIZE bytes; NULL on overflow, over budget or OOM. */
void *arena_calloc(arena_t *a, size_t count, size_t size);

/* Copies; NULL when S is NULL or on failure. */
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);

/* printf into the arena; NULL on failure. */
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena_t *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Grows the array *ARR of *N elements of ELEM bytes (capacity *CAP) held in
 * A so that one more fits; returns the new last slot (zeroed) and increments
 * *N, or NULL on failure (the array is unchanged). */
void *arena_push(arena_t *a, void **arr, size_t *n, size_t *cap, size_t elem);

/* Bytes handed out so far (for tests and logs). */
size_t arena_used(const arena_t *a);

#endif
