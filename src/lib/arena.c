#include "lib/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/alloc.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
    struct block *head;
    size_t max, used;
};

arena_t *arena_new(size_t max_bytes)
{
    arena_t *a = xcalloc(1, sizeof *a);
    if (a)
        a->max = max_bytes;
    return a;
}

void arena_free(arena_t *a)
{
    if (!a)
        return;
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        xfree(b);
    }
    xfree(a);
}

static struct block *new_block(arena_t *a, size_t need)
{
    size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    struct block *b = xmalloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    return b;
}

void *arena_alloc(arena_t *a, size_t n)
{
    size_t rounded = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded < n || rounded > a->max - a->used || a->used > a->max)
        return NULL;
    struct block *b = a->head;
    if (!b || b->size - b->used < rounded) {
        b = new_block(a, rounded);
        if (!b)
            return NULL;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->used += rounded;
    return p;
}

void *arena_calloc(arena_t *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = arena_alloc(a, len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *arena_strdup(arena_t *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_vprintf(arena_t *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = arena_alloc(a, (size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *arena_printf(arena_t *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

size_t arena_used(const arena_t *a) { return a->used; }

void *arena_push(arena_t *a, void **arr, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 16;
        char *grown = arena_calloc(a, grown_cap, elem);
        if (!grown)
            return NULL;
        if (*n)
            memcpy(grown, *arr, *n * elem);
        *arr = grown;
        *cap = grown_cap;
    }
    char *slot = (char *)*arr + (*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}
