/* The route table: every URL tdkt answers, what it needs, what it accepts. */
#include "web/handlers.h"
#include "web/router.h"

#define END {0, 0, 0, 0, 0}

static const param_spec_t p_none[] = {END};
static const param_spec_t p_id[] = {{"id", P_INT, 1, 0, "Mã số"}, END};
static const param_spec_t p_login_form[] = {
    {"login", P_TEXT, 0, 64, "Tên đăng nhập"}, {"password", P_SECRET, 0, 128, "Mật khẩu"},
    {"next", P_TEXT, 0, 500, "Trang tiếp theo"}, END};
static const param_spec_t p_login[] = {
    {"login", P_TEXT, 1, 64, "Tên đăng nhập"}, {"password", P_SECRET, 1, 128, "Mật khẩu"},
    {"next", P_TEXT, 0, 500, "Trang tiếp theo"}, END};
static const param_spec_t p_password[] = {
    {"old_password", P_SECRET, 1, 128, "Mật khẩu hiện tại"}, {"new_password", P_SECRET, 1, 128, "Mật khẩu mới"},
    {"confirm", P_SECRET, 0, 128, "Nhập lại mật khẩu mới"}, END};
static const param_spec_t p_unit_child[] = {
    {"id", P_INT, 1, 0, "Đơn vị cấp trên"}, {"code", P_TEXT, 1, 32, "Mã đơn vị"},
    {"name", P_TEXT, 1, 255, "Tên đơn vị"}, END};
static const param_spec_t p_unit_new[] = {
    {"parent_id", P_INT, 1, 0, "Đơn vị cấp trên"}, {"code", P_TEXT, 1, 32, "Mã đơn vị"},
    {"name", P_TEXT, 1, 255, "Tên đơn vị"}, END};
static const param_spec_t p_units_list[] = {{"parent_id", P_INT, 0, 0, "Đơn vị cấp trên"}, END};
static const param_spec_t p_user_new[] = {
    {"login", P_TEXT, 1, 64, "Tên đăng nhập"}, {"full_name", P_TEXT, 1, 255, "Họ và tên"},
    {"password", P_SECRET, 1, 128, "Mật khẩu"}, END};
static const param_spec_t p_grant_form[] = {
    {"user_id", P_INT, 1, 0, "Tài khoản"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"role", P_TEXT, 1, 32, "Vai trò"}, END};
static const param_spec_t p_grant_api[] = {
    {"id", P_INT, 1, 0, "Tài khoản"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"role", P_TEXT, 1, 32, "Vai trò"}, END};
static const param_spec_t p_reset[] = {
    {"user_id", P_INT, 1, 0, "Tài khoản"}, {"password", P_SECRET, 1, 128, "Mật khẩu mới"}, END};
static const param_spec_t p_audit[] = {
    {"before", P_INT, 0, 0, "Trước mục số"}, {"limit", P_INT, 0, 0, "Số mục tối đa"}, END};

const route_t routes[] = {
    /* HTML */
    {"GET", "/", ui_home, ACCESS_USER, PERM_READ, p_none, "Trang chủ"},
    {"GET", "/login", ui_login_form, ACCESS_PUBLIC, PERM_READ, p_login_form, "Đăng nhập"},
    {"POST", "/login", ui_login_post, ACCESS_PUBLIC, PERM_READ, p_login, "Đăng nhập"},
    {"POST", "/logout", ui_logout, ACCESS_USER, PERM_READ, p_none, "Đăng xuất"},
    {"GET", "/units/{id}", ui_unit_page, ACCESS_USER, PERM_READ, p_id, "Đơn vị"},
    {"POST", "/units/{id}/children", ui_unit_add_child, ACCESS_USER, PERM_WRITE, p_unit_child, "Thêm đơn vị"},
    {"GET", "/users", ui_users_page, ACCESS_PERM, PERM_MANAGE_USERS, p_none, "Tài khoản"},
    {"POST", "/users", ui_users_create, ACCESS_PERM, PERM_MANAGE_USERS, p_user_new, "Tạo tài khoản"},
    {"POST", "/users/grant", ui_users_grant, ACCESS_PERM, PERM_MANAGE_USERS, p_grant_form, "Phân quyền"},
    {"POST", "/users/password", ui_users_reset_password, ACCESS_PERM, PERM_MANAGE_USERS, p_reset, "Đặt lại mật khẩu"},
    {"GET", "/account/password", ui_password_form, ACCESS_USER, PERM_READ, p_none, "Đổi mật khẩu"},
    {"POST", "/account/password", ui_password_post, ACCESS_USER, PERM_READ, p_password, "Đổi mật khẩu"},
    {"GET", "/audit", ui_audit_page, ACCESS_PERM, PERM_AUDIT, p_audit, "Nhật ký"},
    {"GET", "/static/style.css", static_asset, ACCESS_PUBLIC, PERM_READ, p_none, "CSS"},
    {"GET", "/static/app.js", static_asset, ACCESS_PUBLIC, PERM_READ, p_none, "JavaScript"},
    {"GET", "/static/favicon.svg", static_asset, ACCESS_PUBLIC, PERM_READ, p_none, "Biểu tượng"},
    {"GET", "/favicon.ico", static_asset, ACCESS_PUBLIC, PERM_READ, p_none, "Biểu tượng"},
    {"GET", "/healthz", health, ACCESS_PUBLIC, PERM_READ, p_none, "Kiểm tra máy chủ"},
    /* JSON API */
    {"POST", "/api/v1/login", api_login, ACCESS_PUBLIC, PERM_READ, p_login, "Đăng nhập, nhận token phiên"},
    {"POST", "/api/v1/logout", api_logout, ACCESS_USER, PERM_READ, p_none, "Đăng xuất"},
    {"GET", "/api/v1/me", api_me, ACCESS_USER, PERM_READ, p_none, "Tài khoản đang đăng nhập và quyền"},
    {"POST", "/api/v1/password", api_password, ACCESS_USER, PERM_READ, p_password, "Đổi mật khẩu của mình"},
    {"GET", "/api/v1/units", api_units_list, ACCESS_USER, PERM_READ, p_units_list,
     "Đơn vị trực thuộc (hoặc các đơn vị gốc trong phạm vi quyền)"},
    {"POST", "/api/v1/units", api_unit_create, ACCESS_PERM, PERM_WRITE, p_unit_new, "Thêm đơn vị trực thuộc"},
    {"GET", "/api/v1/units/{id}", api_unit_get, ACCESS_USER, PERM_READ, p_id, "Một đơn vị"},
    {"GET", "/api/v1/users", api_users_list, ACCESS_PERM, PERM_MANAGE_USERS, p_none, "Tài khoản trong phạm vi quản lý"},
    {"POST", "/api/v1/users", api_user_create, ACCESS_PERM, PERM_MANAGE_USERS, p_user_new, "Tạo tài khoản"},
    {"POST", "/api/v1/users/{id}/grants", api_user_grant, ACCESS_PERM, PERM_MANAGE_USERS, p_grant_api,
     "Phân quyền cho tài khoản trên một đơn vị"},
    {"GET", "/api/v1/audit", api_audit_list, ACCESS_PERM, PERM_AUDIT, p_audit, "Nhật ký thay đổi"},
    {"GET", "/api/v1/openapi.json", api_openapi, ACCESS_PUBLIC, PERM_READ, p_none, "Mô tả API (OpenAPI 3)"},
    {0, 0, 0, 0, 0, 0, 0},
};
