/* /api/v1/openapi.json, generated from the route table so it cannot drift. */
#include <string.h>

#include "lib/json.h"
#include "web/handlers.h"
#include "web/router.h"

static json_t *schema_of(const param_spec_t *p)
{
    json_t *s = json_object();
    if (p->type == P_IDS) {
        jobj_str(s, "type", "array");
        json_object_set_new(s, "items", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
        jobj_int(s, "maxItems", (int64_t)(p->max_len ? p->max_len : 1000));
        if (p->label)
            jobj_str(s, "description", p->label);
        return s;
    }
    jobj_str(s, "type", p->type == P_INT ? "integer" : "string");
    if (p->type == P_SECRET)
        jobj_str(s, "format", "password");
    if (p->type == P_DATE)
        jobj_str(s, "format", "date");
    if (p->type != P_INT)
        jobj_int(s, "maxLength", (int64_t)(p->max_len ? p->max_len : 1000));
    if (p->label)
        jobj_str(s, "description", p->label);
    return s;
}

static bool in_path(const route_t *rt, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{'))
        if (strncmp(p + 1, name, n) == 0 && p[n + 1] == '}')
            return true;
    return false;
}

static json_t *operation(const route_t *rt)
{
    bool post = strcmp(rt->method, "POST") == 0;
    json_t *op = json_object(), *params = json_array(), *props = json_object(), *required = json_array();
    jobj_str(op, "summary", rt->summary);
    for (const param_spec_t *p = rt->params; p && p->name; p++) {
        bool path = in_path(rt, p->name);
        if (post && !path) {
            jobj_take(props, p->name, schema_of(p));
            if (p->required)
                jarr_take(required, json_string(p->name));
            continue;
        }
        jarr_take(params, json_pack("{s:s, s:s, s:b, s:o}", "name", p->name, "in", path ? "path" : "query",
                                    "required", path || p->required, "schema", schema_of(p)));
    }
    jobj_take(op, "parameters", params);
    if (post)
        jobj_take(op, "requestBody",
                  json_pack("{s:{s:{s:{s:s, s:o, s:o}}}}", "content", "application/json", "schema", "type", "object",
                            "properties", props, "required", required));
    else {
        json_decref(props);
        json_decref(required);
    }
    if (rt->access == ACCESS_PUBLIC)
        jobj_take(op, "security", json_array());
    jobj_take(op, "responses", json_pack("{s:{s:s}, s:{s:s}}", "200", "description", "Thành công", "default",
                                         "description", "Lỗi: {\"error\": {\"code\", \"message\"}}"));
    return op;
}

void api_openapi(req_t *r)
{
    json_t *paths = json_object();
    for (const route_t *rt = routes; rt->method; rt++) {
        if (strncmp(rt->pattern, "/api/v1/", 8) != 0)
            continue;
        json_t *item = json_object_get(paths, rt->pattern + 7);
        if (!item) {
            item = json_object();
            jobj_take(paths, rt->pattern + 7, item);
        }
        char method[8];
        size_t i = 0;
        for (; rt->method[i] && i < sizeof method - 1; i++)
            method[i] = (char)(rt->method[i] | 0x20);
        method[i] = '\0';
        jobj_take(item, method, operation(rt));
    }
    json_t *doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}},"
                            " s:[{s:[]}, {s:[]}]}",
                            "openapi", "3.0.3", "info", "title", "tdkt API", "version", "1",
                            "description", "API quản lý thi đua, khen thưởng. Đăng nhập bằng POST /login, rồi gửi"
                            " Authorization: Bearer <token>.",
                            "servers", "url", "/api/v1", "paths", paths, "components", "securitySchemes",
                            "bearer", "type", "http", "scheme", "bearer", "cookie", "type", "apiKey", "in", "cookie",
                            "name", "tdkt_session", "security", "bearer", "cookie");
    resp_json(r, 200, doc);
}
