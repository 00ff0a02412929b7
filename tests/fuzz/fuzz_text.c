/* libFuzzer: the normaliser every outside string passes through, and the
 * search fold and sort key computed from its output. Invariants: valid UTF-8
 * in, never a crash; the output is valid UTF-8, NUL-free and stable (normalising
 * it again changes nothing). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready && text_init() == 0)
        ready = 1;
    arena_t *a = arena_new(64u << 20);
    char *out, *again;
    if (text_normalize(a, (const char *)data, size, &out) == ST_OK) {
        size_t n = strlen(out);
        if (!text_valid_utf8(out, n))
            abort();
        if (text_normalize(a, out, n, &again) != ST_OK || strcmp(out, again) != 0)
            abort();
        const char *fold = text_fold(a, out);
        if (fold && !text_valid_utf8(fold, strlen(fold)))
            abort();
        /* Pairs stay within their bound and hold only words, '_' and ' '. */
        const char *pairs = fold ? text_word_pairs(a, fold) : NULL;
        if (pairs && strlen(pairs) > 2 * strlen(fold))
            abort();
        for (const char *p = pairs; p && *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == ' '))
                abort();
        (void)text_sort_key(a, out);
    }
    arena_free(a);
    return 0;
}
