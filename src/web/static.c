/* Static assets compiled into the binary, and the health check. */
#include <string.h>

#include "lib/embedded.h"
#include "web/handlers.h"

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    return "application/octet-stream";
}

void static_asset(req_t *r)
{
    const char *name = strrchr(r->path, '/') + 1;
    if (strcmp(name, "favicon.ico") == 0)
        name = "favicon.svg"; /* browsers ask for it without a <link> */
    const struct embedded_file *f = embedded_find("src/web/static", name);
    if (!f) {
        respond_error(r, ST_NOT_FOUND, NULL);
        return;
    }
    resp_header(r, "Cache-Control", "public, max-age=3600");
    resp_bytes(r, 200, type_of(name), f->data, f->len);
}

void health(req_t *r) { resp_bytes(r, 200, "text/plain; charset=utf-8", "ok\n", 3); }
