#include "lib/status.h"

static const struct {
    int http;
    const char *name;
    const char *message;
} table[ST__COUNT] = {
    [ST_OK] = {200, "ok", "Thành công."},
    [ST_INVALID] = {400, "invalid", "Dữ liệu gửi lên không hợp lệ."},
    [ST_UNAUTHORIZED] = {401, "unauthorized", "Bạn cần đăng nhập để tiếp tục."},
    [ST_FORBIDDEN] = {403, "forbidden", "Bạn không có quyền thực hiện thao tác này."},
    [ST_NOT_FOUND] = {404, "not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu."},
    [ST_METHOD] = {405, "method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này."},
    [ST_CONFLICT] = {409, "conflict", "Dữ liệu bị trùng hoặc đã bị thay đổi."},
    [ST_TOO_LARGE] = {413, "too_large", "Dữ liệu gửi lên quá lớn."},
    [ST_MEDIA_TYPE] = {415, "unsupported_media_type", "Định dạng dữ liệu không được hỗ trợ."},
    [ST_RATE_LIMITED] = {429, "rate_limited", "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau."},
    [ST_DB] = {500, "database_error", "Lỗi cơ sở dữ liệu. Vui lòng thử lại sau."},
    [ST_NOMEM] = {503, "out_of_memory", "Máy chủ đang quá tải. Vui lòng thử lại sau."},
    [ST_BUSY] = {503, "busy", "Máy chủ đang bận. Vui lòng thử lại sau."},
    [ST_INTERNAL] = {500, "internal_error", "Lỗi hệ thống. Vui lòng báo cho quản trị viên."},
};

static int valid(status_t s) { return (int)s >= 0 && s < ST__COUNT; }

int status_http(status_t s) { return valid(s) ? table[s].http : 500; }

const char *status_name(status_t s) { return valid(s) ? table[s].name : "internal_error"; }

const char *status_message(status_t s)
{
    return valid(s) ? table[s].message : table[ST_INTERNAL].message;
}
