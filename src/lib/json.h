/* jansson wrappers that make reference ownership visible (DESIGN.md §1).
 * _take functions steal the reference to VAL even when they fail; _str/_int
 * copy. Getters return borrowed pointers valid while the parent lives. */
#ifndef TDKT_LIB_JSON_H
#define TDKT_LIB_JSON_H
#include <jansson.h>
#include <stdint.h>
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/status.h"

int jobj_take(json_t *obj, const char *key, json_t *val); /* steals VAL */
int jobj_str(json_t *obj, const char *key, const char *s); /* NULL -> null */
int jobj_int(json_t *obj, const char *key, int64_t v);
int jobj_bool(json_t *obj, const char *key, int v);
int jarr_take(json_t *arr, json_t *val);                  /* steals VAL */

/* Borrowed string member, or NULL when absent or not a string. */
const char *jget_str(const json_t *obj, const char *key);
/* Integer member into *OUT; 0 on success, -1 when absent or not an integer. */
int jget_int(const json_t *obj, const char *key, int64_t *out);

/* Parses a request body: must be one JSON object, valid UTF-8, no duplicate
 * keys. On failure returns NULL and sets *MSG to a Vietnamese message
 * allocated in A. The caller owns the result (json_decref). */
json_t *json_parse_object(const char *data, size_t len, arena_t *a, const char **msg);

/* Serialises compactly with sorted keys into the arena; NULL on failure. */
char *json_dump_arena(const json_t *j, arena_t *a);

/* Appends S to B as a JSON string: quoted, with '"', '\\' and control
 * characters escaped as json_dumps escapes them; NULL appends null. S must be
 * valid UTF-8 (it is copied byte for byte). For JSON texts written straight
 * into a buffer, where building a json_t per value would cost more than the
 * work it records (the audit of an import). Returns 0 or -1 as buf_append. */
int json_put_str(buf_t *b, const char *s);

#endif
