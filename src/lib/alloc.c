#include "lib/alloc.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local long fail_countdown;

static int injected_fault(void)
{
    if (fail_countdown <= 0)
        return 0;
    return --fail_countdown == 0;
}

void alloc_fail_after(long n) { fail_countdown = n; }

void *xmalloc(size_t n)
{
    if (injected_fault())
        return NULL;
    return malloc(n ? n : 1);
}

void *xcalloc(size_t count, size_t size)
{
    if (injected_fault())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *xrealloc(void *p, size_t n)
{
    if (injected_fault())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = xmalloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *xstrdup(const char *s) { return s ? xstrndup(s, strlen(s)) : NULL; }

void xfree(void *p) { free(p); }
