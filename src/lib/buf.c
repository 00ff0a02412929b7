#include "lib/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/alloc.h"

void buf_init(buf_t *b, size_t max) { *b = (buf_t){.max = max}; }

void buf_free(buf_t *b)
{
    xfree(b->data);
    buf_init(b, b->max);
}

void buf_reset(buf_t *b)
{
    b->len = 0;
    b->failed = b->too_large = false;
    if (b->data)
        b->data[0] = '\0';
}

static int fail(buf_t *b, bool too_large)
{
    b->failed = true;
    b->too_large = b->too_large || too_large;
    return -1;
}

/* Makes room for N more bytes plus the NUL. */
static int grow(buf_t *b, size_t n)
{
    /* The second test keeps len + n + 1 from wrapping when max is SIZE_MAX. */
    if (n > b->max - b->len || n >= SIZE_MAX - b->len)
        return fail(b, true);
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = xrealloc(b->data, cap);
    if (!p)
        return fail(b, false);
    b->data = p;
    b->cap = cap;
    return 0;
}

int buf_append(buf_t *b, const void *p, size_t n)
{
    if (b->failed || grow(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_puts(buf_t *b, const char *s) { return buf_append(b, s, strlen(s)); }

int buf_putc(buf_t *b, char c) { return buf_append(b, &c, 1); }

int buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return -1;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return fail(b, false);
    if (grow(b, (size_t)n) != 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

const char *buf_str(const buf_t *b) { return b->data ? b->data : ""; }

char *buf_detach(buf_t *b, size_t *len)
{
    if (b->failed) {
        buf_free(b);
        return NULL;
    }
    if (!b->data && buf_append(b, "", 0) != 0)
        return NULL;
    char *s = b->data;
    if (len)
        *len = b->len;
    buf_init(b, b->max);
    return s;
}
