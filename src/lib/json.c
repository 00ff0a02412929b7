#include "lib/json.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/text.h"

int jobj_take(json_t *obj, const char *key, json_t *val)
{
    if (!val)
        return -1;
    return json_object_set_new(obj, key, val);
}

int jobj_str(json_t *obj, const char *key, const char *s)
{
    return jobj_take(obj, key, s ? json_string(s) : json_null());
}

int jobj_int(json_t *obj, const char *key, int64_t v) { return jobj_take(obj, key, json_integer(v)); }

int jobj_bool(json_t *obj, const char *key, int v) { return jobj_take(obj, key, json_boolean(v)); }

int jarr_take(json_t *arr, json_t *val)
{
    if (!val)
        return -1;
    return json_array_append_new(arr, val);
}

const char *jget_str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int jget_int(const json_t *obj, const char *key, int64_t *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        return -1;
    *out = json_integer_value(v);
    return 0;
}

/* Replaces every string value (recursively) by its normalised form. */
static status_t normalize_strings(json_t *j, arena_t *a)
{
    if (json_is_string(j)) {
        char *norm;
        status_t st = text_normalize(a, json_string_value(j), json_string_length(j), &norm);
        if (st != ST_OK)
            return st;
        return json_string_set(j, norm) == 0 ? ST_OK : ST_NOMEM;
    }
    if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            status_t st = normalize_strings(v, a);
            if (st != ST_OK)
                return st;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            status_t st = normalize_strings(v, a);
            if (st != ST_OK)
                return st;
        }
    }
    return ST_OK;
}

json_t *json_parse_object(const char *data, size_t len, arena_t *a, const char **msg)
{
    if (!text_valid_utf8(data, len) || memchr(data, '\0', len)) {
        *msg = "Dữ liệu JSON chứa ký tự không hợp lệ (không phải UTF-8).";
        return NULL;
    }
    json_error_t err;
    /* JSON_DECODE_ANY: a bare scalar is valid JSON and gets the "must be an
     * object" message below, not a misleading syntax error. */
    json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!j) {
        *msg = arena_printf(a, "Dữ liệu JSON không hợp lệ (dòng %d, cột %d).", err.line, err.column);
        if (!*msg) /* no room left in the arena: a message without the position */
            *msg = "Dữ liệu JSON không hợp lệ.";
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        *msg = "Dữ liệu JSON phải là một đối tượng {…}.";
        return NULL;
    }
    if (normalize_strings(j, a) != ST_OK) {
        json_decref(j);
        *msg = "Dữ liệu JSON chứa văn bản không hợp lệ.";
        return NULL;
    }
    return j;
}

/* The short escape of C as json_dumps writes it, or NULL for \u00XX. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: return NULL;
    }
}

int json_put_str(buf_t *b, const char *s)
{
    if (!s)
        return buf_puts(b, "null");
    static const char hex[] = "0123456789ABCDEF";
    buf_putc(b, '"');
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(b, run, (size_t)(p - run));
        run = p + 1;
        const char *esc = short_escape(c);
        char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
        buf_puts(b, esc ? esc : u);
    }
    buf_puts(b, run);
    return buf_putc(b, '"');
}

char *json_dump_arena(const json_t *j, arena_t *a)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    if (!s)
        return NULL;
    char *copy = arena_strdup(a, s);
    free(s);
    return copy;
}
