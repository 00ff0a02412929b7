#include "web/router.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"
#include "web/csrf.h"
#include "web/session.h"

typedef struct {
    req_param_t items[REQ_MAX_PARAMS * 2];
    int n;
    bool overflow;
    /* The route's P_IDS parameter, gathered from every occurrence. */
    const param_spec_t *ids_spec;
    int64_t *ids;
    size_t n_ids, cap_ids;
    bool ids_bad;
} raw_params_t;

static bool all_digits(const char *s);

/* Adds the ids in V ("12", "12,13 14") to RAW's list. */
static void ids_add(req_t *r, raw_params_t *raw, const char *v)
{
    size_t max = raw->ids_spec->max_len ? raw->ids_spec->max_len : 1000;
    for (const char *p = v; *p;) {
        size_t len = strcspn(p, ", ");
        char digits[20];
        if (len > 0) {
            if (len >= sizeof digits || raw->n_ids >= max) {
                raw->ids_bad = true;
                return;
            }
            memcpy(digits, p, len);
            digits[len] = '\0';
            int64_t *slot = all_digits(digits) ? arena_push(r->arena, (void **)&raw->ids, &raw->n_ids, &raw->cap_ids,
                                                            sizeof *raw->ids)
                                               : NULL;
            if (!slot) {
                raw->ids_bad = true;
                return;
            }
            *slot = strtoll(digits, NULL, 10);
        }
        p += len;
        p += strspn(p, ", ");
    }
}

static void raw_add(req_t *r, raw_params_t *raw, const char *name, const char *value)
{
    if (raw->ids_spec && strcmp(name, raw->ids_spec->name) == 0) {
        ids_add(r, raw, value ? value : "");
        return;
    }
    if (raw->n == (int)(sizeof raw->items / sizeof raw->items[0])) {
        raw->overflow = true;
        return;
    }
    raw->items[raw->n++] = (req_param_t){arena_strdup(r->arena, name), arena_strdup(r->arena, value ? value : "")};
}

/* ---- matching ------------------------------------------------------------- */

/* Matches PATH against PATTERN; path parameters go to RAW. */
/* Matches PATH against PATTERN; when RAW is not NULL the path parameters go
 * to it (strings in R's arena). */
static bool match(req_t *r, const char *pattern, const char *path, raw_params_t *raw)
{
    int mark = raw ? raw->n : 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            size_t len = strspn(path, "0123456789");
            if (!close || len == 0 || len > 18)
                break;
            if (raw)
                raw_add(r, raw, arena_strndup(r->arena, pattern + 1, (size_t)(close - pattern - 1)),
                        arena_strndup(r->arena, path, len));
            pattern = close + 1;
            path += len;
        } else if (*pattern++ != *path++) {
            break;
        }
    }
    if (!*pattern && !*path)
        return true;
    if (raw)
        raw->n = mark;
    return false;
}

const route_t *router_lookup(const char *method, const char *path)
{
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    for (const route_t *rt = routes; rt->method; rt++)
        if (strcmp(rt->method, method) == 0 && match(NULL, rt->pattern, path, NULL))
            return rt;
    return NULL;
}

/* The route for the request, or NULL; then *ALLOW lists the methods the path
 * does answer ("GET, HEAD, POST"), or is NULL when no route has the path. */
static const route_t *find_route(req_t *r, raw_params_t *raw, const char **allow)
{
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    *allow = NULL;
    for (const route_t *rt = routes; rt->method; rt++) {
        if (!match(r, rt->pattern, r->path, raw))
            continue;
        if (strcmp(rt->method, method) == 0)
            return rt;
        const char *m = strcmp(rt->method, "GET") == 0 ? "GET, HEAD" : rt->method;
        *allow = *allow ? arena_printf(r->arena, "%s, %s", *allow, m) : m;
        if (!*allow)
            *allow = rt->method; /* out of memory: at least one true method */
        raw->n = 0;
    }
    return NULL;
}

/* ---- collecting raw parameters -------------------------------------------- */

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    req_t *r = ((void **)cls)[0];
    raw_add(r, ((void **)cls)[1], key, value);
    return MHD_YES;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes one application/x-www-form-urlencoded component into the arena. */
static char *form_decode(req_t *r, const char *s, size_t len)
{
    char *out = arena_alloc(r->arena, len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static void parse_form(req_t *r, raw_params_t *raw)
{
    const char *p = buf_str(&r->body), *end = p + r->body.len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        const char *kend = eq ? eq : stop;
        if (kend > p) {
            char *k = form_decode(r, p, (size_t)(kend - p));
            char *v = eq ? form_decode(r, eq + 1, (size_t)(stop - eq - 1)) : "";
            if (k && v)
                raw_add(r, raw, k, v);
        }
        p = stop + 1;
    }
}

/* A JSON array of ids (integers or digit strings) for the P_IDS parameter. */
static void ids_json(req_t *r, raw_params_t *raw, json_t *arr)
{
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (json_is_integer(e) && json_integer_value(e) > 0)
            ids_add(r, raw, arena_printf(r->arena, "%lld", (long long)json_integer_value(e)));
        else if (json_is_string(e))
            ids_add(r, raw, json_string_value(e));
        else
            raw->ids_bad = true;
        if (raw->ids_bad)
            return;
    }
}

/* JSON members that are strings or integers become parameters, and the
 * array of the route's P_IDS parameter. */
static status_t parse_json(req_t *r, raw_params_t *raw, const char **msg)
{
    json_t *j = json_parse_object(buf_str(&r->body), r->body.len, r->arena, msg);
    if (!j)
        return ST_INVALID;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        if (json_is_string(v))
            raw_add(r, raw, key, json_string_value(v));
        else if (json_is_integer(v))
            raw_add(r, raw, key, arena_printf(r->arena, "%lld", (long long)json_integer_value(v)));
        else if (json_is_array(v) && raw->ids_spec && strcmp(key, raw->ids_spec->name) == 0)
            ids_json(r, raw, v);
        else if (!json_is_null(v))
            raw_add(r, raw, key, "\x01"); /* wrong type: refused by validation if declared */
    }
    json_decref(j);
    return ST_OK;
}

static bool content_type_is(req_t *r, const char *want)
{
    const char *ct = req_header(r, "Content-Type");
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static status_t collect_body(req_t *r, raw_params_t *raw, const char **msg)
{
    if (strcmp(r->method, "POST") != 0 || r->body.len == 0)
        return ST_OK;
    if (r->route->upload && content_type_is(r, "multipart/form-data")) {
        parse_form(r, raw); /* the server re-encoded the text fields; the file is r->upload_path */
        return ST_OK;
    }
    if (r->route->upload && r->is_api)
        return ST_OK; /* the body was the file */
    if (r->is_api) {
        if (!content_type_is(r, "application/json")) {
            *msg = "API chỉ nhận dữ liệu dạng JSON (Content-Type: application/json).";
            return ST_MEDIA_TYPE;
        }
        return parse_json(r, raw, msg);
    }
    if (!content_type_is(r, "application/x-www-form-urlencoded")) {
        *msg = "Biểu mẫu gửi lên không đúng định dạng.";
        return ST_MEDIA_TYPE;
    }
    parse_form(r, raw);
    return ST_OK;
}

/* ---- validation ------------------------------------------------------------ */

static const char *find_raw(const raw_params_t *raw, const char *name)
{
    for (int i = 0; i < raw->n; i++)
        if (strcmp(raw->items[i].name, name) == 0)
            return raw->items[i].value;
    return NULL;
}

static bool all_digits(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 18 && s[n] == '\0' && !(n > 1 && s[0] == '0') && strcmp(s, "0") != 0;
}

/* A date as the user typed it (dd/mm/yyyy) or as an API sends it
 * (yyyy-mm-dd), into *OUT as yyyy-mm-dd. */
static status_t iso_date(req_t *r, const char *in, const char *label, const char **out, const char **msg)
{
    date_t d;
    if (!date_parse_vn(in, &d) && !date_parse_iso(in, &d)) {
        *msg = arena_printf(r->arena, "Trường «%s» phải là một ngày có thật, dạng dd/mm/yyyy.", label);
        return ST_INVALID;
    }
    buf_t b;
    buf_init(&b, 16);
    date_format_iso(&b, d);
    *out = arena_strdup(r->arena, buf_str(&b));
    buf_free(&b);
    return *out ? ST_OK : ST_NOMEM;
}

/* Validates and normalises one declared value; *MSG on failure. */
static status_t check_value(req_t *r, const param_spec_t *p, const char *in, const char **out, const char **msg)
{
    size_t max = p->max_len ? p->max_len : 1000, len = strlen(in);
    const char *label = p->label ? p->label : p->name;
    if (in[0] == '\x01' && in[1] == '\0') {
        *msg = arena_printf(r->arena, "Trường «%s» có kiểu dữ liệu không hợp lệ.", label);
        return ST_INVALID;
    }
    /* The limit counts characters of the normalised text, not bytes: a
     * Vietnamese letter takes 2 or 3 bytes, more when sent decomposed. */
    char *norm = NULL;
    if (p->type == P_SECRET ? !text_valid_utf8(in, len) : text_normalize(r->arena, in, len, &norm) != ST_OK) {
        *msg = "Dữ liệu gửi lên chứa ký tự không hợp lệ (không phải UTF-8).";
        return ST_INVALID;
    }
    if (text_chars(norm ? norm : in) > max) {
        *msg = arena_printf(r->arena, "Trường «%s» dài quá %zu ký tự.", label, max);
        return ST_INVALID;
    }
    if (p->type == P_SECRET) {
        *out = in;
        return ST_OK;
    }
    if (p->type == P_TEXT && strchr(norm, '\n')) {
        *msg = arena_printf(r->arena, "Trường «%s» không được xuống dòng.", label);
        return ST_INVALID;
    }
    if (p->type == P_INT && norm[0] && !all_digits(norm)) {
        *msg = arena_printf(r->arena, "Trường «%s» phải là một số nguyên dương.", label);
        return ST_INVALID;
    }
    if (p->type == P_DATE && norm[0])
        return iso_date(r, norm, label, out, msg);
    *out = norm;
    return ST_OK;
}

static status_t declare(req_t *r, const char *name, const char *value)
{
    if (r->nparams == REQ_MAX_PARAMS)
        return ST_INVALID;
    r->params[r->nparams++] = (req_param_t){name, value};
    return ST_OK;
}

static status_t check_ids(req_t *r, const param_spec_t *p, const raw_params_t *raw, const char **msg)
{
    const char *label = p->label ? p->label : p->name;
    if (raw->ids_bad) {
        *msg = arena_printf(r->arena, "Trường «%s» phải là danh sách số nguyên dương, không quá %zu mục.", label,
                            p->max_len ? p->max_len : 1000);
        return ST_INVALID;
    }
    if (p->required && raw->n_ids == 0) {
        *msg = arena_printf(r->arena, "Vui lòng chọn «%s».", label);
        return ST_INVALID;
    }
    r->ids = raw->ids;
    r->n_ids = raw->n_ids;
    return ST_OK;
}

static const param_spec_t csrf_spec = {"csrf", P_TEXT, 0, 100, "csrf"};

/* Keeps only declared parameters, validated; the rest never reach handlers. */
static status_t validate(req_t *r, const route_t *rt, const raw_params_t *raw, const char **msg)
{
    if (raw->overflow) {
        *msg = "Quá nhiều tham số trong yêu cầu.";
        return ST_INVALID;
    }
    const char *v = find_raw(raw, "csrf"), *out;
    if (v && check_value(r, &csrf_spec, v, &out, msg) == ST_OK)
        declare(r, "csrf", out);
    for (const param_spec_t *p = rt->params; p && p->name; p++) {
        if (p->type == P_IDS) {
            if (check_ids(r, p, raw, msg) != ST_OK)
                return ST_INVALID;
            continue;
        }
        v = find_raw(raw, p->name);
        if (v && check_value(r, p, v, &out, msg) != ST_OK)
            return ST_INVALID;
        if (!v || !*out) {
            if (!p->required)
                continue;
            *msg = arena_printf(r->arena, "Vui lòng nhập «%s».", p->label ? p->label : p->name);
            return ST_INVALID;
        }
        if (declare(r, p->name, out) != ST_OK)
            return ST_INVALID;
    }
    return ST_OK;
}

/* ---- dispatch -------------------------------------------------------------- */

static status_t access_or_respond(req_t *r, const route_t *rt)
{
    if (rt->access == ACCESS_PUBLIC)
        return ST_OK;
    if (!r->authed) {
        if (r->is_api)
            return respond_error(r, ST_UNAUTHORIZED, NULL);
        char *next = arena_printf(r->arena, "/login?next=%s", r->path);
        resp_redirect(r, next ? next : "/login");
        return ST_UNAUTHORIZED;
    }
    if (rt->access == ACCESS_PERM)
        return check_or_respond(r, perm_any(&r->ctx, rt->perm), NULL);
    return ST_OK;
}

void router_dispatch(req_t *r)
{
    raw_params_t raw = {.n = 0};
    const char *allow;
    const route_t *rt = find_route(r, &raw, &allow);
    if (!rt) {
        respond_error(r, allow ? ST_METHOD : ST_NOT_FOUND, NULL);
        if (allow)
            resp_header(r, "Allow", allow);
        return;
    }
    r->route = rt;
    for (const param_spec_t *p = rt->params; p && p->name; p++)
        if (p->type == P_IDS)
            raw.ids_spec = p;
    const char *msg = NULL;
    status_t st = session_authenticate(r);
    if (st != ST_OK) {
        respond_error(r, st, NULL);
        return;
    }
    if (access_or_respond(r, rt) != ST_OK)
        return;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, on_arg, (void *[]){r, &raw});
    if ((st = collect_body(r, &raw, &msg)) != ST_OK || (st = validate(r, rt, &raw, &msg)) != ST_OK) {
        respond_error(r, st, msg);
        return;
    }
    if (csrf_check_or_respond(r) != ST_OK)
        return;
    rt->handler(r);
}
