/* Accounts: list, create, grant a role on a unit, reset a password. */
#include "core/unit.h"
#include "core/user.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/ui.h"

static void option(buf_t *b, int64_t id, const char *code, const char *label)
{
    html_raw(b, "<option value=\"");
    if (code)
        html_attr(b, code);
    else
        html_int(b, id);
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</option>");
}

static void users_table(buf_t *b, const user_t *users, size_t n)
{
    html_raw(b, "<table><thead><tr><th>Tên đăng nhập</th><th>Họ và tên</th><th>Vai trò</th><th>Trạng thái</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        html_text(b, users[i].login);
        html_raw(b, "</td><td>");
        html_text(b, users[i].full_name);
        html_raw(b, "</td><td>");
        html_text(b, users[i].roles);
        html_raw(b, users[i].active ? "</td><td>Đang hoạt động</td></tr>" : "</td><td>Đã khóa</td></tr>");
    }
    html_raw(b, "</tbody></table>");
}

static void user_select(buf_t *b, const user_t *users, size_t n)
{
    html_raw(b, "<label>Tài khoản <select name=\"user_id\" required><option value=\"\">— Chọn tài khoản —</option>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<option value=\"");
        html_int(b, users[i].id);
        html_raw(b, "\">");
        html_text(b, users[i].full_name);
        html_raw(b, " (");
        html_text(b, users[i].login);
        html_raw(b, ")</option>");
    }
    html_raw(b, "</select></label>");
}

static status_t grant_form(req_t *r, buf_t *b, const user_t *users, size_t n)
{
    unit_t *units;
    size_t nu;
    status_t s = unit_list_scope(&r->ctx, PERM_MANAGE_USERS, 2000, &units, &nu);
    if (s != ST_OK)
        return s;
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/users/grant\"><h2>Phân quyền</h2>");
    ui_csrf_field(r, b);
    user_select(b, users, n);
    html_raw(b, "<label>Đơn vị (quyền áp dụng cho cả các đơn vị trực thuộc) <select name=\"unit_id\" required>"
                "<option value=\"\">— Chọn đơn vị —</option>");
    for (size_t i = 0; i < nu; i++)
        option(b, units[i].id, NULL, units[i].name);
    html_raw(b, "</select></label><label>Vai trò <select name=\"role\" required>"
                "<option value=\"\">— Chọn vai trò —</option>");
    db_stmt_t *st;
    s = db_prepare(r->ctx.db, "SELECT code, name FROM roles ORDER BY rank", &st);
    if (s != ST_OK)
        return s;
    while (db_step(st) == DB_ROW)
        option(b, 0, db_col_text(st, 0), db_col_text(st, 1));
    db_finalize(st);
    html_raw(b, "</select></label><p><button type=\"submit\">Phân quyền</button></p></form>");
    return ST_OK;
}

static void render(req_t *r, int http_status, const char *kind, const char *msg)
{
    user_t *users;
    size_t n;
    status_t st = user_list(&r->ctx, &users, &n);
    if (check_or_respond(r, st, NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Tài khoản");
    html_raw(&b, "<h1>Tài khoản và phân quyền</h1>");
    ui_notice(&b, kind, msg);
    html_raw(&b, "<section class=\"card\">");
    users_table(&b, users, n);
    html_raw(&b, "</section><form class=\"card\" method=\"post\" action=\"/users\"><h2>Tạo tài khoản</h2>");
    ui_csrf_field(r, &b);
    ui_input(&b, "login", "Tên đăng nhập (chữ thường không dấu)", "text", NULL, 1);
    ui_input(&b, "full_name", "Họ và tên", "text", NULL, 1);
    ui_input(&b, "password", "Mật khẩu ban đầu (ít nhất 8 ký tự)", "password", NULL, 1);
    html_raw(&b, "<p><button type=\"submit\">Tạo tài khoản</button></p></form>");
    st = grant_form(r, &b, users, n);
    html_raw(&b, "<form class=\"card\" method=\"post\" action=\"/users/password\"><h2>Đặt lại mật khẩu</h2>");
    ui_csrf_field(r, &b);
    user_select(&b, users, n);
    ui_input(&b, "password", "Mật khẩu mới", "password", NULL, 1);
    html_raw(&b, "<p><button type=\"submit\">Đặt lại mật khẩu</button></p></form>");
    if (st != ST_OK) {
        buf_free(&b);
        respond_error(r, st, NULL);
        return;
    }
    ui_page_send(r, &b, http_status);
}

void ui_users_page(req_t *r) { render(r, 200, "ok", NULL); }

/* Re-renders the page with the outcome of a change. */
static void outcome(req_t *r, status_t st, const char *why, const char *done)
{
    if (st == ST_OK)
        render(r, 200, "ok", done);
    else if (st == ST_INVALID || st == ST_CONFLICT || st == ST_FORBIDDEN)
        render(r, status_http(st), "error", why ? why : status_message(st));
    else
        respond_error(r, st, why);
}

void ui_users_create(req_t *r)
{
    int64_t id;
    const char *why;
    status_t st = user_create(&r->ctx, req_param(r, "login"), req_param(r, "full_name"), req_param(r, "password"),
                              &id, &why);
    outcome(r, st, why, "Đã tạo tài khoản. Hãy phân quyền cho tài khoản trên một đơn vị.");
}

void ui_users_grant(req_t *r)
{
    const char *why;
    status_t st = user_grant(&r->ctx, req_param_int(r, "user_id", 0), req_param_int(r, "unit_id", 0),
                             req_param(r, "role"), &why);
    outcome(r, st, why, "Đã phân quyền.");
}

void ui_users_reset_password(req_t *r)
{
    const char *why;
    status_t st = user_set_password(&r->ctx, req_param_int(r, "user_id", 0), NULL, req_param(r, "password"), &why);
    outcome(r, st, why, "Đã đặt lại mật khẩu. Các phiên đăng nhập của tài khoản đó đã kết thúc.");
}
