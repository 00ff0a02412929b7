/* A unit's page: where it sits, its children, and adding a child unit. */
#include "core/unit.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/ui.h"

/* Links to the ancestors of U that the caller may read. */
static status_t crumbs(req_t *r, buf_t *b, const unit_t *u)
{
    db_stmt_t *st;
    status_t s = db_prepare(r->ctx.db,
        "SELECT a.id, a.name FROM unit_tree t JOIN units a ON a.id = t.ancestor_id"
        " WHERE t.descendant_id = ?1 AND t.depth > 0 AND " PERM_SCOPE("a.id", 2, 3) " ORDER BY t.depth DESC", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, u->id);
    db_bind_int(st, 2, perm_scope_user(&r->ctx));
    db_bind_text(st, 3, perm_code(PERM_READ));
    html_raw(b, "<div class=\"crumbs\">");
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        html_raw(b, "<a href=\"/units/");
        html_int(b, db_col_int(st, 0));
        html_raw(b, "\">");
        html_text(b, db_col_text(st, 1));
        html_raw(b, "</a> › ");
    }
    html_raw(b, "</div>");
    s = rc == DB_DONE ? ST_OK : db_last_status(r->ctx.db);
    db_finalize(st);
    return s;
}

static void children_table(buf_t *b, const unit_t *kids, size_t n)
{
    html_raw(b, "<h2>Đơn vị trực thuộc</h2>");
    if (n == 0) {
        html_raw(b, "<p class=\"muted\">Chưa có đơn vị trực thuộc.</p>");
        return;
    }
    html_raw(b, "<table><thead><tr><th>Mã</th><th>Tên đơn vị</th><th class=\"num\">Trực thuộc</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        html_text(b, kids[i].code);
        html_raw(b, "</td><td><a href=\"/units/");
        html_int(b, kids[i].id);
        html_raw(b, "\">");
        html_text(b, kids[i].name);
        html_raw(b, "</a></td><td class=\"num\">");
        text_format_int(b, kids[i].children);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
}

static void add_form(req_t *r, buf_t *b, const unit_t *u, const char *error)
{
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/units/");
    html_int(b, u->id);
    html_raw(b, "/children\"><h2>Thêm đơn vị trực thuộc</h2>");
    ui_notice(b, "error", error);
    ui_csrf_field(r, b);
    ui_input(b, "code", "Mã đơn vị", "text", error ? req_param(r, "code") : NULL, 1);
    ui_input(b, "name", "Tên đơn vị", "text", error ? req_param(r, "name") : NULL, 1);
    html_raw(b, "<p><button type=\"submit\">Thêm đơn vị</button></p></form>");
}

static void render(req_t *r, int64_t id, int http_status, const char *error)
{
    unit_t u, *kids;
    size_t n;
    status_t st = unit_get(&r->ctx, id, &u);
    if (st == ST_OK)
        st = unit_list(&r->ctx, id, &kids, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, u.name);
    st = crumbs(r, &b, &u);
    html_raw(&b, "<h1>");
    html_text(&b, u.name);
    html_raw(&b, "</h1><section class=\"card\"><p>Mã đơn vị: <code>");
    html_text(&b, u.code);
    html_raw(&b, "</code></p>");
    children_table(&b, kids, n);
    html_raw(&b, "</section>");
    if (perm_check(&r->ctx, PERM_WRITE, id) == ST_OK)
        add_form(r, &b, &u, error);
    if (st != ST_OK) {
        buf_free(&b);
        respond_error(r, st, NULL);
        return;
    }
    ui_page_send(r, &b, http_status);
}

void ui_unit_page(req_t *r) { render(r, req_param_int(r, "id", 0), 200, NULL); }

void ui_unit_add_child(req_t *r)
{
    int64_t parent = req_param_int(r, "id", 0), id;
    const char *why;
    status_t st = unit_create(&r->ctx, parent, req_param(r, "code"), req_param(r, "name"), &id, &why);
    if (st == ST_OK) {
        char *to = arena_printf(r->arena, "/units/%lld", (long long)id);
        resp_redirect(r, to ? to : "/");
    } else if (st == ST_INVALID || st == ST_CONFLICT) {
        render(r, parent, status_http(st), why);
    } else {
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền thêm đơn vị tại đây." : why);
    }
}
