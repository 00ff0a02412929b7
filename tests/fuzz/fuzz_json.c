/* libFuzzer: request bodies through json_parse_object. Invariants: never a
 * crash or leak; on success an object whose strings are all NFC-normalised
 * valid UTF-8; on failure a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready && text_init() == 0)
        ready = 1;
    arena_t *a = arena_new(64u << 20);
    const char *msg = NULL;
    json_t *j = json_parse_object((const char *)data, size, a, &msg);
    if (j) {
        if (!json_is_object(j))
            abort();
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            if (json_is_string(v) && !text_valid_utf8(json_string_value(v), json_string_length(v)))
                abort();
        }
        json_decref(j);
    } else if (!msg) {
        abort();
    }
    arena_free(a);
    return 0;
}
