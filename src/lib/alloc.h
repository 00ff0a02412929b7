/* The one allocation wrapper (DESIGN.md §3.12). All heap memory of tdkt goes
 * through these; they return NULL on failure (never abort), and tests can make
 * the Nth allocation from now fail to exercise error paths. */
#ifndef TDKT_LIB_ALLOC_H
#define TDKT_LIB_ALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);                  /* NULL on failure or injected fault */
void *xcalloc(size_t count, size_t size); /* zeroed; NULL on overflow/failure */
void *xrealloc(void *p, size_t n);        /* on NULL return, P is untouched */
char *xstrdup(const char *s);             /* NULL when S is NULL or on failure */
char *xstrndup(const char *s, size_t n);
void xfree(void *p);

/* Fault injection for tests: the Nth allocation from now (1 = next) fails;
 * 0 disables. Thread-local. */
void alloc_fail_after(long n);

#endif
