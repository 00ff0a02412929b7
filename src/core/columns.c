#include "core/columns.h"

#include <stdbool.h>
#include <string.h>

#include "lib/text.h"

char *column_fold(arena_t *a, const char *s)
{
    char *f = text_fold(a, s);
    if (!f)
        return NULL;
    char *w = f;
    int depth = 0;
    bool space = false;
    for (const char *r = f; *r; r++) {
        if (*r == '(' || *r == '[') {
            depth++;
            continue;
        }
        if ((*r == ')' || *r == ']') && depth > 0) {
            depth--;
            continue;
        }
        if (depth > 0)
            continue;
        bool alnum = (*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9');
        if (!alnum) {
            space = w != f;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    return f;
}

static bool alias_match(const char *aliases, const char *folded)
{
    size_t n = strlen(folded);
    for (const char *p = aliases; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, folded, n) == 0)
            return true;
        p += len + (bar ? 1 : 0);
    }
    return false;
}

const column_t *column_find(const column_t *cols, const char *folded)
{
    for (const column_t *c = cols; c->aliases; c++)
        if (alias_match(c->aliases, folded))
            return c;
    return NULL;
}

const char *column_label(const column_t *cols, int field)
{
    for (const column_t *c = cols; c->aliases; c++)
        if (c->field == field)
            return c->label;
    return NULL;
}

cccd_clean_t cccd_clean(const char *in, char out[13])
{
    char digits[32];
    size_t k = 0;
    bool other = false;
    for (const char *q = in; *q; q++) {
        if (*q >= '0' && *q <= '9' && k < sizeof digits - 1)
            digits[k++] = *q;
        else if (*q != ' ' && *q != '.' && *q != '-' && !(q == in && *q == '\''))
            other = true;
    }
    digits[k] = '\0';
    if (other || k < 10 || k > 12)
        return CCCD_BAD;
    if (k == 12) {
        memcpy(out, digits, 13);
        return CCCD_OK;
    }
    /* Excel keeps a CCCD typed as a number without its leading zeros; a
     * CCCD begins with a province code 001-096. */
    char padded[13] = "00";
    memcpy(padded + (12 - k), digits, k + 1);
    if (strncmp(padded, "097", 3) >= 0 || strncmp(padded, "001", 3) < 0)
        return CCCD_BAD;
    memcpy(out, padded, 13);
    return CCCD_PADDED;
}
