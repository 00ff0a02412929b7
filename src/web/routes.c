/* The route table: every URL tdkt answers, what it needs, what it accepts. */
#include "web/handlers.h"
#include "web/people_form.h"
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
    {"name", P_TEXT, 1, 255, "Tên đơn vị"}, {"kind", P_TEXT, 0, 32, "Loại đơn vị"},
    {"valid_from", P_DATE, 0, 10, "Ngày thành lập"}, {"decision_no", P_TEXT, 0, 100, "Số quyết định"}, END};
static const param_spec_t p_unit_page[] = {
    {"id", P_INT, 1, 0, "Mã số"}, {"at", P_DATE, 0, 10, "Tại ngày"}, {"q", P_TEXT, 0, 100, "Lọc theo tên hoặc mã"},
    {"offset", P_INT, 0, 0, "Vị trí bắt đầu"}, END};
static const param_spec_t p_unit_new[] = {
    {"parent_id", P_INT, 1, 0, "Đơn vị cấp trên"}, {"code", P_TEXT, 1, 32, "Mã đơn vị"},
    {"name", P_TEXT, 1, 255, "Tên đơn vị"}, {"short_name", P_TEXT, 0, 100, "Tên viết tắt"},
    {"kind", P_TEXT, 0, 32, "Loại đơn vị"}, {"sector", P_TEXT, 0, 32, "Khu vực"},
    {"address", P_TEXT, 0, 500, "Địa chỉ"}, {"valid_from", P_DATE, 0, 10, "Ngày thành lập"},
    {"decision_no", P_TEXT, 0, 100, "Số quyết định"}, {"year_type", P_TEXT, 0, 10, "Loại năm"}, END};
static const param_spec_t p_units_list[] = {
    {"parent_id", P_INT, 0, 0, "Đơn vị cấp trên"}, {"at", P_DATE, 0, 10, "Tại ngày"},
    {"q", P_TEXT, 0, 100, "Lọc theo tên hoặc mã"}, {"offset", P_INT, 0, 0, "Vị trí bắt đầu"},
    {"limit", P_INT, 0, 0, "Số đơn vị mỗi trang (1-1000, mặc định 500)"}, END};
#define CHANGE {"date", P_DATE, 1, 10, "Ngày hiệu lực"}, {"decision_no", P_TEXT, 0, 100, "Số quyết định"}, \
               {"note", P_TEXT, 0, 500, "Ghi chú"}
static const param_spec_t p_rename[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"name", P_TEXT, 1, 255, "Tên mới"}, {"short_name", P_TEXT, 0, 100, "Tên viết tắt"},
    CHANGE, END};
static const param_spec_t p_transfer[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"parent_id", P_INT, 1, 0, "Đơn vị cấp trên mới"}, CHANGE, END};
static const param_spec_t p_dissolve[] = {{"id", P_INT, 1, 0, "Đơn vị"}, CHANGE, END};
static const param_spec_t p_merge[] = {
    {"id", P_INT, 1, 0, "Đơn vị bị sáp nhập"}, {"into_id", P_INT, 1, 0, "Đơn vị tiếp nhận"}, CHANGE, END};
/* The screen's forms name the other unit by its code (a list of every unit
 * in reach would be thousands long); the id is still accepted. */
static const param_spec_t p_transfer_form[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"parent_id", P_INT, 0, 0, "Đơn vị cấp trên mới"},
    {"parent_code", P_TEXT, 0, 32, "Mã đơn vị cấp trên mới"}, CHANGE, END};
static const param_spec_t p_merge_form[] = {
    {"id", P_INT, 1, 0, "Đơn vị bị sáp nhập"}, {"into_id", P_INT, 0, 0, "Đơn vị tiếp nhận"},
    {"into_code", P_TEXT, 0, 32, "Mã đơn vị tiếp nhận"}, CHANGE, END};
static const param_spec_t p_split[] = {
    {"id", P_INT, 1, 0, "Đơn vị tách ra từ"}, {"code", P_TEXT, 1, 32, "Mã đơn vị mới"},
    {"name", P_TEXT, 1, 255, "Tên đơn vị mới"}, {"short_name", P_TEXT, 0, 100, "Tên viết tắt"},
    {"kind", P_TEXT, 0, 32, "Loại đơn vị"}, {"sector", P_TEXT, 0, 32, "Khu vực"}, CHANGE, END};
static const param_spec_t p_user_new[] = {
    {"login", P_TEXT, 1, 64, "Tên đăng nhập"}, {"full_name", P_TEXT, 1, 255, "Họ và tên"},
    {"password", P_SECRET, 1, 128, "Mật khẩu"}, END};
static const param_spec_t p_grant_form[] = {
    {"user_id", P_INT, 1, 0, "Tài khoản"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"role", P_TEXT, 1, 32, "Vai trò"}, END};
static const param_spec_t p_grant_api[] = {
    {"id", P_INT, 1, 0, "Tài khoản"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"role", P_TEXT, 1, 32, "Vai trò"}, END};
static const param_spec_t p_reset[] = {
    {"user_id", P_INT, 1, 0, "Tài khoản"}, {"password", P_SECRET, 1, 128, "Mật khẩu mới"}, END};
static const param_spec_t p_people_list[] = {
    {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"at", P_DATE, 0, 10, "Tại ngày"}, {"subtree", P_TEXT, 0, 5, "Gồm đơn vị trực thuộc"},
    {"after", P_TEXT, 0, 2100, "Trang sau vị trí"}, {"before", P_TEXT, 0, 2100, "Trang trước vị trí"},
    {"limit", P_INT, 0, 0, "Số dòng"}, END};
static const param_spec_t p_unit_people[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"at", P_DATE, 0, 10, "Tại ngày"}, {"subtree", P_TEXT, 0, 5, "Gồm đơn vị trực thuộc"},
    {"after", P_TEXT, 0, 2100, "Trang sau vị trí"}, {"before", P_TEXT, 0, 2100, "Trang trước vị trí"},
    {"from", P_INT, 0, 0, "Số thứ tự đầu trang"}, END};
static const param_spec_t p_person_new_form[] = {{"unit_id", P_INT, 1, 0, "Đơn vị"}, END};
static const param_spec_t p_person_new[] = {
    PEOPLE_IDENTITY_PARAMS, PEOPLE_MEMBERSHIP_PARAMS, {"force", P_TEXT, 0, 5, "Vẫn thêm"}, END};
static const param_spec_t p_person_update[] = {{"id", P_INT, 1, 0, "Hồ sơ"}, PEOPLE_IDENTITY_PARAMS, END};
static const param_spec_t p_person_membership[] = {{"id", P_INT, 1, 0, "Hồ sơ"}, PEOPLE_MEMBERSHIP_PARAMS, END};
static const param_spec_t p_person_rating[] = {
    {"id", P_INT, 1, 0, "Hồ sơ"}, {"year", P_TEXT, 1, 9, "Năm"}, {"rating", P_TEXT, 1, 10, "Xếp loại"},
    {"source_doc", P_TEXT, 0, 255, "Căn cứ"}, {"unit_id", P_INT, 0, 0, "Đơn vị xếp loại"}, END};
static const param_spec_t p_person_discipline[] = {
    {"id", P_INT, 1, 0, "Hồ sơ"}, {"form", P_TEXT, 1, 32, "Hình thức kỷ luật"},
    {"decision_no", P_TEXT, 0, 100, "Số quyết định"}, {"from_date", P_DATE, 1, 10, "Từ ngày"},
    {"to_date", P_DATE, 0, 10, "Đến ngày"}, END};
static const param_spec_t p_person_absence[] = {
    {"id", P_INT, 1, 0, "Hồ sơ"}, {"year", P_TEXT, 1, 9, "Năm"}, {"days", P_INT, 1, 0, "Số ngày"},
    {"reason", P_TEXT, 1, 255, "Lý do"}, {"counts_as_work", P_TEXT, 0, 5, "Tính là thời gian công tác"}, END};
static const param_spec_t p_person_merge[] = {{"id", P_INT, 1, 0, "Hồ sơ giữ lại"}, {"gone_id", P_INT, 1, 0, "Hồ sơ trùng"}, END};
static const param_spec_t p_search[] = {
    {"q", P_TEXT, 0, 200, "Từ khóa"}, {"kind", P_TEXT, 0, 10, "Loại"}, {"offset", P_INT, 0, 0, "Bỏ qua"},
    {"limit", P_INT, 0, 0, "Số kết quả"}, END};
static const param_spec_t p_clusters[] = {{"id", P_INT, 1, 0, "Đơn vị"}, {"year", P_INT, 1, 0, "Năm"}, END};
static const param_spec_t p_cluster_new[] = {
    {"id", P_INT, 1, 0, "Đơn vị tổ chức"}, {"kind", P_TEXT, 1, 4, "Loại (cum/khoi)"}, {"name", P_TEXT, 1, 255, "Tên"},
    {"year", P_INT, 1, 0, "Năm"}, END};
static const param_spec_t p_cluster_unit[] = {{"id", P_INT, 1, 0, "Cụm, khối"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, END};
static const param_spec_t p_list_export[] = {{"id", P_INT, 1, 0, "Mã số"}, {"format", P_TEXT, 0, 5, "Định dạng"}, END};
#define MOVEMENT_SPEC {"name", P_TEXT, 1, 1000, "Tên phong trào"}, {"content", P_MULTI, 0, 60000, "Nội dung"}, \
    {"goals", P_MULTI, 0, 60000, "Mục tiêu, chỉ tiêu"}, {"legal_basis", P_MULTI, 0, 60000, "Căn cứ"}, \
    {"kind", P_TEXT, 1, 20, "Loại phong trào"}, {"period_from", P_DATE, 1, 10, "Từ ngày"}, \
    {"period_to", P_DATE, 1, 10, "Đến ngày"}, {"year_label", P_TEXT, 0, 9, "Năm (giai đoạn)"}, \
    {"target_unit_kind", P_TEXT, 0, 32, "Loại đơn vị tham gia"}, {"target_sector", P_TEXT, 0, 32, "Khu vực tham gia"}, \
    {"target_people", P_TEXT, 0, 32, "Đối tượng người lao động"}, {"titles", P_TEXT, 0, 1000, "Danh hiệu hướng tới"}
static const param_spec_t p_movement_new[] = {{"id", P_INT, 1, 0, "Đơn vị phát động"}, MOVEMENT_SPEC, END};
static const param_spec_t p_movement_edit[] = {{"id", P_INT, 1, 0, "Phong trào"}, MOVEMENT_SPEC, END};
static const param_spec_t p_movement_state[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"state", P_TEXT, 1, 10, "Trạng thái"}, {"date", P_DATE, 1, 10, "Ngày"},
    {"note", P_MULTI, 0, 8000, "Ghi chú"}, END};
static const param_spec_t p_movement_respond[] = {
    {"id", P_INT, 1, 0, "Phong trào cấp trên"}, {"unit_id", P_INT, 1, 0, "Đơn vị hưởng ứng"},
    {"name", P_TEXT, 0, 1000, "Tên phong trào"}, END};
static const param_spec_t p_movement_coverage[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"subtree", P_TEXT, 0, 5, "Cả cây đơn vị"}, END};
#define UPLOAD_MAX (50u << 20) /* an office's XLSX with a few hundred thousand rows */
static const param_spec_t p_import_upload[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"kind", P_TEXT, 0, 10, "Nội dung của tệp"}, END};
static const param_spec_t p_import_commit[] = {
    {"id", P_INT, 1, 0, "Lần kiểm tra"}, {"force", P_TEXT, 0, 5, "Vẫn nhập người nghi trùng"}, END};
static const param_spec_t p_export_form[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"what", P_TEXT, 0, 10, "Danh sách"}, {"format", P_TEXT, 0, 5, "Định dạng"},
    {"at", P_DATE, 0, 10, "Tại ngày"}, {"subtree", P_TEXT, 0, 5, "Gồm đơn vị trực thuộc"}, END};
static const param_spec_t p_api_import[] = {
    {"kind", P_TEXT, 1, 10, "Loại (people/units)"}, {"dry_run", P_TEXT, 0, 5, "Chỉ kiểm tra"},
    {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"force", P_TEXT, 0, 5, "Vẫn nhập người nghi trùng"},
    {"filename", P_TEXT, 0, 255, "Tên tệp"}, END};
static const param_spec_t p_api_export[] = {
    {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"at", P_DATE, 0, 10, "Tại ngày"}, {"format", P_TEXT, 0, 5, "Định dạng"},
    {"subtree", P_TEXT, 0, 5, "Gồm đơn vị trực thuộc"}, END};
static const param_spec_t p_audit[] = {
    {"before", P_INT, 0, 0, "Trước mục số"}, {"limit", P_INT, 0, 0, "Số mục tối đa"}, END};
/* ui_initiatives.c, ui_contests.c, ui_honours.c, api_honours.c: registers and honouring (issue 4 §4-§6). */
static const param_spec_t p_register[] = {{"id", P_INT, 1, 0, "Đơn vị"}, {"year", P_INT, 0, 0, "Năm"}, END};
static const param_spec_t p_register_export[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"year", P_INT, 0, 0, "Năm"}, {"format", P_TEXT, 0, 5, "Định dạng"}, END};
static const param_spec_t p_id_export[] = {{"id", P_INT, 1, 0, "Mã số"}, {"format", P_TEXT, 0, 5, "Định dạng"}, END};
#define HONOUR_FIELDS                                                                                          \
    {"kind", P_TEXT, 1, 20, "Hình thức biểu dương"}, {"title", P_TEXT, 1, 2000, "Tên hoạt động"},              \
        {"held_on", P_DATE, 1, 10, "Ngày tổ chức"}, {"place", P_TEXT, 0, 2000, "Địa điểm, báo, trang tin"},   \
        {"link", P_TEXT, 0, 4000, "Đường dẫn bài viết"}, {"movement_id", P_INT, 0, 0, "Phong trào"},          \
        {"description", P_MULTI, 0, 80000, "Nội dung"}, {"honorees", P_MULTI, 0, 60000, "Được biểu dương"}
static const param_spec_t p_honour_new[] = {{"id", P_INT, 1, 0, "Đơn vị tổ chức"}, HONOUR_FIELDS, END};
static const param_spec_t p_honoree[] = {
    {"id", P_INT, 1, 0, "Hoạt động biểu dương"}, {"person_id", P_INT, 0, 0, "Người được biểu dương"},
    {"unit_id", P_INT, 0, 0, "Đơn vị được biểu dương"}, {"citation", P_TEXT, 0, 4000, "Lời biểu dương"}, END};
static const param_spec_t p_honours_summary[] = {{"id", P_INT, 1, 0, "Đơn vị"}, {"year", P_INT, 1, 0, "Năm"}, END};
static const param_spec_t p_model_new[] = {
    {"id", P_INT, 1, 0, "Đơn vị công nhận"}, {"person_id", P_INT, 0, 0, "Điển hình cá nhân"},
    {"subject_unit_id", P_INT, 0, 0, "Điển hình tập thể"}, {"title", P_TEXT, 1, 2000, "Tên điển hình"},
    {"story", P_MULTI, 1, 80000, "Thành tích, câu chuyện"}, {"movement_id", P_INT, 0, 0, "Phong trào"},
    {"year", P_INT, 1, 0, "Năm công nhận"}, END};
#define REPLICATION_FIELDS                                                                                     \
    {"unit_id", P_INT, 1, 0, "Đơn vị nhân rộng"}, {"date", P_DATE, 1, 10, "Ngày nhân rộng"},                  \
        {"note", P_TEXT, 0, 8000, "Ghi chú"}
static const param_spec_t p_replication[] = {{"id", P_INT, 1, 0, "Điển hình"}, REPLICATION_FIELDS, END};
static const param_spec_t p_replication_form[] = {
    {"id", P_INT, 1, 0, "Đơn vị"}, {"model_id", P_INT, 1, 0, "Điển hình"}, REPLICATION_FIELDS, END};

/* api_initiatives.c: initiatives and skill contests (issue 4 §4, §5). */
#define INITIATIVE_FIELDS                                                                                    \
    {"title", P_TEXT, 1, 2000, "Tên sáng kiến"}, {"summary", P_MULTI, 0, 80000, "Tóm tắt"},                  \
        {"field", P_TEXT, 0, 1000, "Lĩnh vực"}, {"applied_on", P_DATE, 0, 10, "Ngày áp dụng"},               \
        {"benefit_vnd", P_INT, 0, 0, "Giá trị làm lợi (đồng)"}, {"benefit_text", P_MULTI, 0, 4000, "Lợi ích xã hội"}, \
        {"authors", P_TEXT, 1, 2000, "Tác giả (mã_người:tỷ_lệ, …)"}, {"attachments", P_MULTI, 0, 8000, "Tệp đính kèm"}
static const param_spec_t p_initiatives[] = {{"id", P_INT, 1, 0, "Đơn vị"}, {"year", P_INT, 0, 0, "Năm"}, END};
static const param_spec_t p_initiative_new[] = {{"id", P_INT, 1, 0, "Đơn vị áp dụng"}, INITIATIVE_FIELDS, END};
static const param_spec_t p_initiative_edit[] = {{"id", P_INT, 1, 0, "Sáng kiến"}, INITIATIVE_FIELDS, END};
static const param_spec_t p_initiative_recognize[] = {
    {"id", P_INT, 1, 0, "Sáng kiến"}, {"level", P_TEXT, 1, 20, "Cấp công nhận"},
    {"unit_id", P_INT, 1, 0, "Đơn vị công nhận"}, {"decision_no", P_TEXT, 1, 400, "Số quyết định"},
    {"decision_date", P_DATE, 1, 10, "Ngày quyết định"}, END};
static const param_spec_t p_initiative_use[] = {
    {"id", P_INT, 1, 0, "Sáng kiến"}, {"purpose", P_TEXT, 1, 2000, "Hình thức khen thưởng"},
    {"reference", P_TEXT, 0, 1000, "Số hồ sơ, quyết định"}, END};
static const param_spec_t p_contest_new[] = {
    {"id", P_INT, 1, 0, "Đơn vị tổ chức"}, {"name", P_TEXT, 1, 1000, "Tên hội thi"}, {"trade", P_TEXT, 1, 1000, "Nghề thi"},
    {"level", P_TEXT, 1, 20, "Cấp hội thi"}, {"held_on", P_DATE, 1, 10, "Ngày tổ chức"}, {"rounds", P_INT, 0, 0, "Số vòng thi"},
    END};
static const param_spec_t p_contest_participant[] = {
    {"id", P_INT, 1, 0, "Hội thi"}, {"person_id", P_INT, 1, 0, "Thí sinh"}, {"unit_id", P_INT, 1, 0, "Đơn vị của thí sinh"},
    END};
static const param_spec_t p_contest_score[] = {
    {"id", P_INT, 1, 0, "Hội thi"}, {"person_id", P_INT, 1, 0, "Thí sinh"}, {"round", P_INT, 1, 0, "Vòng thi"},
    {"judge_id", P_INT, 0, 0, "Giám khảo"}, {"score", P_TEXT, 1, 20, "Điểm"}, END};
static const param_spec_t p_contest_judge[] = {
    {"id", P_INT, 1, 0, "Hội thi"}, {"name", P_TEXT, 1, 1000, "Tên giám khảo"}, {"person_id", P_INT, 0, 0, "Hồ sơ"}, END};
static const param_spec_t p_contest_finish[] = {
    {"id", P_INT, 1, 0, "Hội thi"}, {"win_rank", P_INT, 0, 0, "Đạt giải: hạng tối đa"},
    {"win_score", P_TEXT, 0, 20, "Đạt giải: điểm tối thiểu"}, END};
/* ui_scoring.c, api_scoring.c: score sheets, scores, ranking (issue 4 §3). */
static const param_spec_t p_score_sheet_page[] = {{"id", P_INT, 1, 0, "Phong trào"}, {"saved", P_TEXT, 0, 5, "Đã lưu"}, END};
static const param_spec_t p_score_sheet[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"total", P_TEXT, 1, 20, "Tổng điểm"},
    {"sheet", P_MULTI, 1, 200000, "Các nhóm, tiêu chí"}, {"bands", P_MULTI, 0, 4000, "Xếp loại"}, END};
static const param_spec_t p_score_card[] = {{"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, END};
static const param_spec_t p_score_save[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"item_id", P_INT, 0, 0, "Tiêu chí"},
    {"points", P_TEXT, 0, 20, "Điểm"}, {"comment", P_MULTI, 0, 2000, "Nhận xét"}, {"evidence", P_TEXT, 0, 1000, "Minh chứng"},
    {"lines", P_MULTI, 0, 600000, "Điểm các tiêu chí"}, END};
static const param_spec_t p_score_ranking[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"cluster_id", P_INT, 0, 0, "Cụm, khối"}, {"format", P_TEXT, 0, 5, "Định dạng"}, END};
static const param_spec_t p_titles[] = {
    {"on", P_DATE, 0, 10, "Tại ngày"}, {"subject", P_TEXT, 0, 12, "Đối tượng (individual/collective)"}, END};
static const param_spec_t p_reg_list[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"withdrawn", P_TEXT, 0, 5, "Cả đăng ký đã rút"},
    {"page", P_INT, 0, 0, "Trang"}, {"format", P_TEXT, 0, 5, "Định dạng"}, END};
#define REG_FIELDS                                                                                              \
    {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"title_code", P_TEXT, 1, 32, "Danh hiệu đăng ký"},                        \
        {"targets", P_MULTI, 0, 4000, "Chỉ tiêu đăng ký"}, {"late_reason", P_TEXT, 0, 1000, "Lý do đăng ký muộn"}, \
        {"people", P_IDS, 0, 50000, "Những người đăng ký"}, {"all_members", P_TEXT, 0, 5, "Tất cả đoàn viên của đơn vị"}, \
        {"subject", P_TEXT, 0, 12, "Đăng ký cho (individual: cá nhân, collective: tập thể)"}
static const param_spec_t p_reg_add[] = {{"id", P_INT, 1, 0, "Phong trào"}, REG_FIELDS, END};
static const param_spec_t p_reg_import[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"dry_run", P_TEXT, 0, 5, "Chỉ kiểm tra"},
    {"late_reason", P_TEXT, 0, 1000, "Lý do đăng ký muộn"}, {"filename", P_TEXT, 0, 255, "Tên tệp"}, END};
static const param_spec_t p_reg_withdraw[] = {
    {"id", P_INT, 1, 0, "Đăng ký"}, {"movement_id", P_INT, 0, 0, "Phong trào"}, {"unit_id", P_INT, 0, 0, "Đơn vị"},
    {"reason", P_TEXT, 0, 1000, "Lý do rút đăng ký"}, END};
static const param_spec_t p_reg_deadline[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 0, 0, "Đơn vị"}, {"deadline", P_DATE, 0, 10, "Hạn đăng ký"}, END};
static const param_spec_t p_reg_setting[] = {
    {"id", P_INT, 1, 0, "Phong trào"}, {"unit_id", P_INT, 1, 0, "Đơn vị"},
    {"registration_required", P_TEXT, 0, 10, "Bắt buộc đăng ký thi đua"}, END};
static const param_spec_t p_unit_settings[] = {
    {"id", P_INT, 1, 0, "Đơn vị"},
    {"registration_required", P_TEXT, 0, 10, "Bắt buộc đăng ký trước khi đề nghị danh hiệu (1, 0, inherit)"}, END};

const route_t routes[] = {
    /* HTML */
    {"GET", "/", ui_home, ACCESS_USER, PERM_READ, p_none, "Trang chủ"},
    {"GET", "/login", ui_login_form, ACCESS_PUBLIC, PERM_READ, p_login_form, "Đăng nhập"},
    {"POST", "/login", ui_login_post, ACCESS_PUBLIC, PERM_READ, p_login, "Đăng nhập"},
    {"POST", "/logout", ui_logout, ACCESS_USER, PERM_READ, p_none, "Đăng xuất"},
    {"GET", "/units/{id}", ui_unit_page, ACCESS_USER, PERM_READ, p_unit_page, "Đơn vị"},
    {"POST", "/units/{id}/children", ui_unit_add_child, ACCESS_USER, PERM_WRITE, p_unit_child, "Thêm đơn vị"},
    {"POST", "/units/{id}/rename", ui_unit_rename, ACCESS_PERM, PERM_WRITE, p_rename, "Đổi tên đơn vị"},
    {"POST", "/units/{id}/transfer", ui_unit_transfer, ACCESS_PERM, PERM_WRITE, p_transfer_form, "Điều chuyển đơn vị"},
    {"POST", "/units/{id}/merge", ui_unit_merge, ACCESS_PERM, PERM_WRITE, p_merge_form, "Sáp nhập đơn vị"},
    {"POST", "/units/{id}/split", ui_unit_split, ACCESS_PERM, PERM_WRITE, p_split, "Chia tách đơn vị"},
    {"POST", "/units/{id}/dissolve", ui_unit_dissolve, ACCESS_PERM, PERM_WRITE, p_dissolve, "Giải thể đơn vị"},
    {"GET", "/units/{id}/people", ui_unit_people, ACCESS_USER, PERM_READ, p_unit_people, "Đoàn viên của đơn vị"},
    {"GET", "/units/{id}/movements", ui_unit_movements, ACCESS_USER, PERM_READ, p_id, "Phong trào thi đua của đơn vị"},
    {"POST", "/units/{id}/movements", ui_movement_create, ACCESS_PERM, PERM_WRITE, p_movement_new, "Soạn phong trào"},
    {"GET", "/units/{id}/movements/export", ui_unit_movements_export, ACCESS_USER, PERM_READ, p_list_export,
     "Tải danh sách phong trào"},
    {"GET", "/movements/{id}", ui_movement_page, ACCESS_USER, PERM_READ, p_id, "Phong trào thi đua"},
    {"POST", "/movements/{id}", ui_movement_update, ACCESS_PERM, PERM_WRITE, p_movement_edit, "Sửa phong trào"},
    {"POST", "/movements/{id}/state", ui_movement_state, ACCESS_PERM, PERM_WRITE, p_movement_state,
     "Phát động, sơ kết, tổng kết, kết thúc"},
    {"POST", "/movements/{id}/respond", ui_movement_respond, ACCESS_PERM, PERM_WRITE, p_movement_respond,
     "Hưởng ứng phong trào cấp trên"},
    {"GET", "/movements/{id}/coverage", ui_movement_coverage_export, ACCESS_USER, PERM_READ, p_list_export,
     "Tải mức độ hưởng ứng của các đơn vị"},
    {"GET", "/people/new", ui_person_new, ACCESS_PERM, PERM_WRITE, p_person_new_form, "Thêm đoàn viên"},
    {"POST", "/people", ui_person_create, ACCESS_PERM, PERM_WRITE, p_person_new, "Thêm đoàn viên"},
    {"GET", "/people/{id}", ui_person_page, ACCESS_USER, PERM_READ, p_id, "Hồ sơ đoàn viên"},
    {"POST", "/people/{id}", ui_person_update, ACCESS_PERM, PERM_WRITE, p_person_update, "Sửa hồ sơ"},
    {"POST", "/people/{id}/memberships", ui_person_membership, ACCESS_PERM, PERM_WRITE, p_person_membership,
     "Chuyển sinh hoạt"},
    {"POST", "/people/{id}/ratings", ui_person_rating, ACCESS_PERM, PERM_WRITE, p_person_rating, "Ghi xếp loại"},
    {"POST", "/people/{id}/merge", ui_person_merge, ACCESS_PERM, PERM_WRITE, p_person_merge, "Gộp hồ sơ trùng"},
    {"GET", "/units/{id}/import", ui_import_form, ACCESS_PERM, PERM_WRITE, p_id, "Nhập danh sách từ tệp"},
    {"POST", "/units/{id}/import", ui_import_upload, ACCESS_PERM, PERM_WRITE, p_import_upload,
     "Gửi tệp để kiểm tra", UPLOAD_MAX, true},
    {"GET", "/imports/{id}", ui_import_page, ACCESS_USER, PERM_READ, p_id, "Kết quả kiểm tra, nhập tệp"},
    {"POST", "/imports/{id}/commit", ui_import_commit, ACCESS_PERM, PERM_WRITE, p_import_commit,
     "Nhập tệp đã kiểm tra"},
    {"GET", "/imports/{id}/report", ui_import_report, ACCESS_USER, PERM_READ, p_id, "Tải báo cáo kiểm tra"},
    {"POST", "/units/{id}/export", ui_export_start, ACCESS_USER, PERM_READ, p_export_form, "Xuất danh sách ra tệp"},
    {"GET", "/search", ui_search_page, ACCESS_USER, PERM_READ, p_search, "Tìm kiếm"},
    {"GET", "/titles", ui_titles_page, ACCESS_USER, PERM_READ, p_titles, "Danh mục danh hiệu thi đua"},
    {"GET", "/movements/{id}/registrations", ui_registrations_page, ACCESS_USER, PERM_READ, p_reg_list,
     "Đăng ký thi đua"},
    {"POST", "/movements/{id}/registrations", ui_registrations_add, ACCESS_PERM, PERM_WRITE, p_reg_add,
     "Đăng ký thi đua cho tập thể hoặc nhiều người", 2u << 20},
    {"POST", "/movements/{id}/registrations/import", ui_registrations_import, ACCESS_PERM, PERM_WRITE, p_reg_import,
     "Nhập danh sách đăng ký thi đua", UPLOAD_MAX, true},
    {"POST", "/movements/{id}/registrations/deadline", ui_registration_deadline, ACCESS_PERM, PERM_WRITE,
     p_reg_deadline, "Đặt hạn đăng ký thi đua"},
    {"POST", "/movements/{id}/registrations/setting", ui_registration_setting, ACCESS_PERM, PERM_WRITE, p_reg_setting,
     "Cài đặt bắt buộc đăng ký thi đua"},
    {"GET", "/movements/{id}/registrations/export", registrations_export, ACCESS_USER, PERM_READ, p_reg_list,
     "Tải danh sách đăng ký thi đua (XLSX)"},
    {"POST", "/registrations/{id}/withdraw", ui_registration_withdraw, ACCESS_PERM, PERM_WRITE, p_reg_withdraw,
     "Rút đăng ký thi đua"},
    {"GET", "/movements/{id}/sheet", ui_scoring_sheet, ACCESS_USER, PERM_READ, p_score_sheet_page, "Bảng tiêu chí chấm điểm"},
    {"POST", "/movements/{id}/sheet", ui_scoring_sheet_save, ACCESS_PERM, PERM_WRITE, p_score_sheet, "Lưu bảng tiêu chí"},
    {"GET", "/movements/{id}/scores/{unit_id}", ui_scoring_card, ACCESS_USER, PERM_READ, p_score_card, "Chấm điểm đơn vị"},
    {"POST", "/movements/{id}/scores/{unit_id}/self", ui_scoring_self, ACCESS_PERM, PERM_WRITE, p_score_save, "Tự chấm điểm"},
    {"POST", "/movements/{id}/scores/{unit_id}/official", ui_scoring_official, ACCESS_PERM, PERM_WRITE, p_score_save,
     "Cấp trên chấm điểm chính thức"},
    {"GET", "/movements/{id}/ranking", ui_scoring_ranking, ACCESS_USER, PERM_READ, p_score_ranking, "Xếp hạng thi đua"},
    {"GET", "/movements/{id}/ranking/export", scoring_ranking_export, ACCESS_USER, PERM_READ, p_score_ranking,
     "Tải bảng xếp hạng (XLSX)"},
    {"GET", "/users", ui_users_page, ACCESS_PERM, PERM_MANAGE_USERS, p_none, "Tài khoản"},
    {"POST", "/users", ui_users_create, ACCESS_PERM, PERM_MANAGE_USERS, p_user_new, "Tạo tài khoản"},
    {"POST", "/users/grant", ui_users_grant, ACCESS_PERM, PERM_MANAGE_USERS, p_grant_form, "Phân quyền"},
    {"POST", "/users/password", ui_users_reset_password, ACCESS_PERM, PERM_MANAGE_USERS, p_reset, "Đặt lại mật khẩu"},
    {"GET", "/account/password", ui_password_form, ACCESS_USER, PERM_READ, p_none, "Đổi mật khẩu"},
    {"POST", "/account/password", ui_password_post, ACCESS_USER, PERM_READ, p_password, "Đổi mật khẩu"},
    {"GET", "/audit", ui_audit_page, ACCESS_PERM, PERM_AUDIT, p_audit, "Nhật ký"},
    {"POST", "/audit/verify", ui_audit_verify, ACCESS_PERM, PERM_AUDIT, p_none, "Kiểm tra toàn vẹn nhật ký"},
    {"GET", "/jobs", ui_jobs_page, ACCESS_USER, PERM_READ, p_none, "Công việc chạy nền"},
    {"GET", "/jobs/{id}", ui_job_page, ACCESS_USER, PERM_READ, p_id, "Một công việc"},
    {"GET", "/jobs/{id}/download", ui_job_download, ACCESS_USER, PERM_READ, p_id, "Tải kết quả"},
    {"GET", "/units/{id}/initiatives", ui_initiatives_page, ACCESS_USER, PERM_READ, p_register, "Sổ sáng kiến"},
    {"POST", "/units/{id}/initiatives", ui_initiative_create, ACCESS_PERM, PERM_WRITE, p_initiative_new,
     "Đăng ký sáng kiến"},
    {"GET", "/units/{id}/initiatives/export", ui_initiatives_export, ACCESS_USER, PERM_READ, p_register_export,
     "Tải sổ sáng kiến (XLSX, CSV)"},
    {"GET", "/initiatives/{id}", ui_initiative_page, ACCESS_USER, PERM_READ, p_id, "Sáng kiến"},
    {"POST", "/initiatives/{id}/recognitions", ui_initiative_recognize, ACCESS_PERM, PERM_WRITE,
     p_initiative_recognize, "Công nhận sáng kiến"},
    {"POST", "/initiatives/{id}/use", ui_initiative_use, ACCESS_PERM, PERM_WRITE, p_initiative_use,
     "Ghi căn cứ khen thưởng của sáng kiến"},
    {"GET", "/units/{id}/contests", ui_contests_page, ACCESS_USER, PERM_READ, p_register, "Hội thi tay nghề"},
    {"POST", "/units/{id}/contests", ui_contest_create, ACCESS_PERM, PERM_WRITE, p_contest_new, "Tổ chức hội thi"},
    {"GET", "/units/{id}/contests/export", ui_contests_export, ACCESS_USER, PERM_READ, p_register_export,
     "Tải danh sách hội thi (XLSX, CSV)"},
    {"GET", "/contests/{id}", ui_contest_page, ACCESS_USER, PERM_READ, p_id, "Hội thi"},
    {"GET", "/contests/{id}/export", ui_contest_export, ACCESS_USER, PERM_READ, p_id_export,
     "Tải kết quả hội thi (XLSX, CSV)"},
    {"POST", "/contests/{id}/participants", ui_contest_participant, ACCESS_PERM, PERM_WRITE, p_contest_participant,
     "Đăng ký thí sinh"},
    {"POST", "/contests/{id}/judges", ui_contest_judge, ACCESS_PERM, PERM_WRITE, p_contest_judge, "Thêm giám khảo"},
    {"POST", "/contests/{id}/scores", ui_contest_score, ACCESS_PERM, PERM_WRITE, p_contest_score, "Chấm điểm"},
    {"POST", "/contests/{id}/finish", ui_contest_finish, ACCESS_PERM, PERM_WRITE, p_contest_finish,
     "Kết thúc hội thi"},
    {"GET", "/units/{id}/honours", ui_honours_page, ACCESS_USER, PERM_READ, p_register,
     "Biểu dương, điển hình tiên tiến"},
    {"POST", "/units/{id}/honours", ui_honour_create, ACCESS_PERM, PERM_WRITE, p_honour_new,
     "Ghi hoạt động biểu dương"},
    {"GET", "/units/{id}/honours/export", ui_honours_export, ACCESS_USER, PERM_READ, p_register_export,
     "Tải danh sách hoạt động biểu dương (XLSX, CSV)"},
    {"POST", "/units/{id}/models", ui_model_create, ACCESS_PERM, PERM_WRITE, p_model_new,
     "Công nhận điển hình tiên tiến"},
    {"GET", "/units/{id}/models/export", ui_models_export, ACCESS_USER, PERM_READ, p_register_export,
     "Tải danh sách điển hình tiên tiến (XLSX, CSV)"},
    {"POST", "/units/{id}/replications", ui_model_replicate, ACCESS_PERM, PERM_WRITE, p_replication_form,
     "Ghi đơn vị nhân rộng điển hình"},
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
     "Đơn vị trực thuộc (hoặc các đơn vị gốc trong phạm vi quyền), theo trang: mặc định 500, tối đa 1000"},
    {"POST", "/api/v1/units", api_unit_create, ACCESS_PERM, PERM_WRITE, p_unit_new, "Thêm đơn vị trực thuộc"},
    {"GET", "/api/v1/units/{id}", api_unit_get, ACCESS_USER, PERM_READ, p_id, "Một đơn vị"},
    {"GET", "/api/v1/units/{id}/history", api_unit_history, ACCESS_USER, PERM_READ, p_id,
     "Lịch sử thành lập, đổi tên, điều chuyển, sáp nhập, chia tách, giải thể"},
    {"GET", "/api/v1/units/{id}/clusters", api_clusters_list, ACCESS_USER, PERM_READ, p_clusters,
     "Cụm, khối thi đua đơn vị tổ chức trong một năm"},
    {"POST", "/api/v1/units/{id}/clusters", api_cluster_create, ACCESS_PERM, PERM_WRITE, p_cluster_new,
     "Lập cụm (cum) hoặc khối (khoi) thi đua"},
    {"POST", "/api/v1/clusters/{id}/members", api_cluster_add, ACCESS_PERM, PERM_WRITE, p_cluster_unit,
     "Thêm đơn vị vào cụm, khối"},
    {"POST", "/api/v1/clusters/{id}/leader", api_cluster_leader, ACCESS_PERM, PERM_WRITE, p_cluster_unit,
     "Chọn đơn vị trưởng cụm, khối"},
    {"POST", "/api/v1/units/{id}/rename", api_unit_rename, ACCESS_PERM, PERM_WRITE, p_rename, "Đổi tên đơn vị"},
    {"POST", "/api/v1/units/{id}/transfer", api_unit_transfer, ACCESS_PERM, PERM_WRITE, p_transfer,
     "Điều chuyển đơn vị sang đơn vị cấp trên khác"},
    {"POST", "/api/v1/units/{id}/dissolve", api_unit_dissolve, ACCESS_PERM, PERM_WRITE, p_dissolve, "Giải thể đơn vị"},
    {"POST", "/api/v1/units/{id}/merge", api_unit_merge, ACCESS_PERM, PERM_WRITE, p_merge,
     "Sáp nhập đơn vị vào đơn vị khác"},
    {"POST", "/api/v1/units/{id}/split", api_unit_split, ACCESS_PERM, PERM_WRITE, p_split,
     "Chia tách: thành lập đơn vị mới từ đơn vị này"},
    {"GET", "/api/v1/people", api_people_list, ACCESS_USER, PERM_READ, p_people_list,
     "Đoàn viên của một đơn vị (hoặc cả cây) tại một ngày, theo thứ tự danh sách chính thức"},
    {"POST", "/api/v1/people", api_person_create, ACCESS_PERM, PERM_WRITE, p_person_new, "Thêm đoàn viên"},
    {"GET", "/api/v1/people/{id}", api_person_get, ACCESS_USER, PERM_READ, p_id, "Hồ sơ đầy đủ một người"},
    {"POST", "/api/v1/people/{id}", api_person_update, ACCESS_PERM, PERM_WRITE, p_person_update, "Sửa thông tin"},
    {"POST", "/api/v1/people/{id}/memberships", api_person_membership, ACCESS_PERM, PERM_WRITE, p_person_membership,
     "Thêm quá trình sinh hoạt (chuyển đơn vị)"},
    {"POST", "/api/v1/people/{id}/ratings", api_person_rating, ACCESS_PERM, PERM_WRITE, p_person_rating,
     "Ghi xếp loại năm"},
    {"POST", "/api/v1/people/{id}/disciplines", api_person_discipline, ACCESS_PERM, PERM_WRITE, p_person_discipline,
     "Ghi kỷ luật"},
    {"POST", "/api/v1/people/{id}/absences", api_person_absence, ACCESS_PERM, PERM_WRITE, p_person_absence,
     "Ghi nghỉ dài ngày"},
    {"POST", "/api/v1/people/{id}/merge", api_person_merge, ACCESS_PERM, PERM_WRITE, p_person_merge,
     "Gộp hồ sơ trùng vào hồ sơ này"},
    {"GET", "/api/v1/search", api_search, ACCESS_USER, PERM_READ, p_search,
     "Tìm người (kind=people) hoặc đơn vị (kind=units) theo tên, có dấu hay không dấu"},
    {"GET", "/api/v1/users", api_users_list, ACCESS_PERM, PERM_MANAGE_USERS, p_none, "Tài khoản trong phạm vi quản lý"},
    {"POST", "/api/v1/users", api_user_create, ACCESS_PERM, PERM_MANAGE_USERS, p_user_new, "Tạo tài khoản"},
    {"POST", "/api/v1/users/{id}/grants", api_user_grant, ACCESS_PERM, PERM_MANAGE_USERS, p_grant_api,
     "Phân quyền cho tài khoản trên một đơn vị"},
    {"GET", "/api/v1/audit", api_audit_list, ACCESS_PERM, PERM_AUDIT, p_audit, "Nhật ký thay đổi"},
    {"POST", "/api/v1/audit/verify", api_audit_verify, ACCESS_PERM, PERM_AUDIT, p_none,
     "Kiểm tra toàn vẹn nhật ký (chạy nền; trả về công việc)"},
    {"POST", "/api/v1/imports", api_import_create, ACCESS_PERM, PERM_WRITE, p_api_import,
     "Gửi tệp XLSX/CSV (thân yêu cầu) để kiểm tra (dry_run=1, mặc định) hoặc nhập; trả về công việc (202)",
     UPLOAD_MAX, true},
    {"GET", "/api/v1/imports/{id}", api_import_get, ACCESS_USER, PERM_READ, p_id,
     "Một lần kiểm tra hoặc nhập tệp, với báo cáo từng dòng"},
    {"POST", "/api/v1/imports/{id}/commit", api_import_commit, ACCESS_PERM, PERM_WRITE, p_import_commit,
     "Nhập thật tệp đã kiểm tra (công việc mới, 202)"},
    {"POST", "/api/v1/exports/people", api_export_people, ACCESS_USER, PERM_READ, p_api_export,
     "Xuất đoàn viên của một đơn vị (cả cây) ra xlsx/csv: công việc chạy nền (202)"},
    {"POST", "/api/v1/exports/units", api_export_units, ACCESS_USER, PERM_READ, p_api_export,
     "Xuất các đơn vị của một cây ra xlsx/csv: công việc chạy nền (202)"},
    {"GET", "/api/v1/jobs", api_jobs_list, ACCESS_USER, PERM_READ, p_none, "Công việc chạy nền của tôi"},
    {"GET", "/api/v1/jobs/{id}", api_job_get, ACCESS_USER, PERM_READ, p_id, "Một công việc và tiến độ"},
    {"GET", "/api/v1/units/{id}/honours", api_honours_list, ACCESS_USER, PERM_READ, p_register,
     "Hoạt động biểu dương của đơn vị và các đơn vị trực thuộc (year: năm tổ chức, kèm số hoạt động mỗi hình thức)"},
    {"POST", "/api/v1/units/{id}/honours", api_honour_create, ACCESS_PERM, PERM_WRITE, p_honour_new,
     "Ghi hoạt động biểu dương (kind: hoi_nghi, toa_dam, le_tuyen_duong, tin_bai, giao_luu, khac; honorees: mỗi dòng p12: … hoặc u5: …)"},
    {"GET", "/api/v1/units/{id}/honours/summary", api_honours_summary, ACCESS_USER, PERM_READ, p_honours_summary,
     "Số hoạt động biểu dương mỗi hình thức, số điển hình và lượt nhân rộng trong năm của cả cây đơn vị"},
    {"GET", "/api/v1/honours/{id}", api_honour_get, ACCESS_USER, PERM_READ, p_id,
     "Một hoạt động biểu dương và những người, đơn vị được biểu dương"},
    {"POST", "/api/v1/honours/{id}/honorees", api_honour_add_honoree, ACCESS_PERM, PERM_WRITE, p_honoree,
     "Thêm người (person_id) hoặc đơn vị (unit_id) được biểu dương"},
    {"GET", "/api/v1/units/{id}/models", api_models_list, ACCESS_USER, PERM_READ, p_register,
     "Điển hình tiên tiến được công nhận trong cả cây đơn vị (year: năm công nhận)"},
    {"POST", "/api/v1/units/{id}/models", api_model_create, ACCESS_PERM, PERM_WRITE, p_model_new,
     "Công nhận điển hình tiên tiến: một người (person_id) hoặc một tập thể (subject_unit_id)"},
    {"GET", "/api/v1/models/{id}", api_model_get, ACCESS_USER, PERM_READ, p_id,
     "Một điển hình tiên tiến và các đơn vị đã nhân rộng"},
    {"POST", "/api/v1/models/{id}/replications", api_model_replicate, ACCESS_PERM, PERM_WRITE, p_replication,
     "Ghi đơn vị nhân rộng điển hình"},
    {"GET", "/api/v1/units/{id}/movements", api_movements_list, ACCESS_USER, PERM_READ, p_id,
     "Phong trào thi đua đơn vị phát động"},
    {"POST", "/api/v1/units/{id}/movements", api_movement_create, ACCESS_PERM, PERM_WRITE, p_movement_new,
     "Soạn phong trào thi đua (dự thảo)"},
    {"GET", "/api/v1/movements/{id}", api_movement_get, ACCESS_USER, PERM_READ, p_id,
     "Một phong trào, lịch sử trạng thái và các phiên bản"},
    {"POST", "/api/v1/movements/{id}", api_movement_update, ACCESS_PERM, PERM_WRITE, p_movement_edit,
     "Sửa phong trào (sau khi phát động: thêm phiên bản mới)"},
    {"POST", "/api/v1/movements/{id}/state", api_movement_state, ACCESS_PERM, PERM_WRITE, p_movement_state,
     "Phát động (launched), sơ kết (interim), tổng kết (final), kết thúc (closed)"},
    {"POST", "/api/v1/movements/{id}/respond", api_movement_respond, ACCESS_PERM, PERM_WRITE, p_movement_respond,
     "Đơn vị cấp dưới hưởng ứng: lập phong trào của mình gắn với phong trào cấp trên"},
    {"GET", "/api/v1/movements/{id}/coverage", api_movement_coverage, ACCESS_USER, PERM_READ, p_movement_coverage,
     "Tỷ lệ đơn vị trực thuộc (subtree=1: cả cây) đã hưởng ứng, phát động, sơ kết, tổng kết"},
    {"GET", "/api/v1/units/{id}/initiatives", api_initiatives_list, ACCESS_USER, PERM_READ, p_initiatives,
     "Sáng kiến áp dụng trong đơn vị và các đơn vị trực thuộc (year: năm áp dụng, kèm số sáng kiến được công nhận mỗi cấp trong năm)"},
    {"POST", "/api/v1/units/{id}/initiatives", api_initiative_create, ACCESS_PERM, PERM_WRITE, p_initiative_new,
     "Đăng ký sáng kiến áp dụng tại đơn vị"},
    {"GET", "/api/v1/initiatives/{id}", api_initiative_get, ACCESS_USER, PERM_READ, p_id,
     "Một sáng kiến: tác giả, các cấp công nhận, căn cứ khen thưởng đã dùng"},
    {"POST", "/api/v1/initiatives/{id}", api_initiative_update, ACCESS_PERM, PERM_WRITE, p_initiative_edit,
     "Sửa sáng kiến (trước khi được công nhận)"},
    {"POST", "/api/v1/initiatives/{id}/recognitions", api_initiative_recognize, ACCESS_PERM, PERM_WRITE,
     p_initiative_recognize, "Công nhận sáng kiến ở một cấp (co_so, cap_tren, tinh, toan_quoc), lần lượt từng cấp"},
    {"POST", "/api/v1/initiatives/{id}/use", api_initiative_use, ACCESS_PERM, PERM_WRITE, p_initiative_use,
     "Ghi hình thức khen thưởng mà sáng kiến làm căn cứ (chỉ một lần)"},
    {"POST", "/api/v1/units/{id}/contests", api_contest_create, ACCESS_PERM, PERM_WRITE, p_contest_new,
     "Tổ chức hội thi tay nghề (level: co_so, cap_tren, thanh_pho)"},
    {"GET", "/api/v1/contests/{id}", api_contest_get, ACCESS_USER, PERM_READ, p_id,
     "Một hội thi: thí sinh, điểm từng vòng, tổng điểm, thứ hạng, người đạt giải"},
    {"POST", "/api/v1/contests/{id}/participants", api_contest_participant, ACCESS_PERM, PERM_WRITE,
     p_contest_participant, "Đăng ký thí sinh dự thi"},
    {"POST", "/api/v1/contests/{id}/judges", api_contest_judge, ACCESS_PERM, PERM_WRITE, p_contest_judge,
     "Thêm giám khảo (trước khi chấm điểm)"},
    {"POST", "/api/v1/contests/{id}/scores", api_contest_score, ACCESS_PERM, PERM_WRITE, p_contest_score,
     "Chấm điểm một thí sinh ở một vòng (theo phiếu của giám khảo judge_id khi hội thi có giám khảo)"},
    {"POST", "/api/v1/contests/{id}/finish", api_contest_finish, ACCESS_PERM, PERM_WRITE, p_contest_finish,
     "Kết thúc hội thi: xếp hạng (bằng điểm cùng hạng), công nhận danh hiệu Công nhân giỏi cho người đạt giải"},
    {"GET", "/api/v1/people/{id}/skill-titles", api_person_skill_titles, ACCESS_USER, PERM_READ, p_id,
     "Danh hiệu Công nhân giỏi một người đạt được qua các hội thi"},
    {"GET", "/api/v1/movements/{id}/sheet", api_scoring_sheet_get, ACCESS_USER, PERM_READ, p_id,
     "Bảng tiêu chí chấm điểm của phong trào (các dòng, xếp loại, dạng văn bản để sửa)"},
    {"POST", "/api/v1/movements/{id}/sheet", api_scoring_sheet_save, ACCESS_PERM, PERM_WRITE, p_score_sheet,
     "Lưu (thay cả) bảng tiêu chí: total, sheet (dòng group|tên|điểm, item|tên|điểm[|evidence], bonus|…, penalty|…), bands"},
    {"GET", "/api/v1/movements/{id}/scores/{unit_id}", api_scoring_card, ACCESS_USER, PERM_READ, p_score_card,
     "Điểm tự chấm và điểm chính thức của một đơn vị, tổng điểm, xếp loại"},
    {"POST", "/api/v1/movements/{id}/scores/{unit_id}/self", api_scoring_self, ACCESS_PERM, PERM_WRITE, p_score_save,
     "Đơn vị tự chấm: item_id, points, comment, evidence, hoặc lines (mã|điểm|nhận xét|minh chứng mỗi dòng)"},
    {"POST", "/api/v1/movements/{id}/scores/{unit_id}/official", api_scoring_official, ACCESS_PERM, PERM_WRITE,
     p_score_save, "Cấp trên chấm điểm chính thức (cùng tham số như tự chấm)"},
    {"GET", "/api/v1/movements/{id}/ranking", api_scoring_ranking, ACCESS_USER, PERM_READ, p_score_ranking,
     "Xếp hạng các đơn vị của một cụm, khối (cluster_id; không có: các đơn vị trực thuộc) theo điểm chính thức"},
    {"GET", "/api/v1/movements/{id}/ranking/export", scoring_ranking_export, ACCESS_USER, PERM_READ, p_score_ranking,
     "Tải bảng xếp hạng (format=xlsx mặc định, hoặc csv)"},
    {"GET", "/api/v1/titles", api_titles_list, ACCESS_USER, PERM_READ, p_titles,
     "Danh mục danh hiệu thi đua và hình thức khen thưởng (có căn cứ pháp lý, thời gian áp dụng)"},
    {"GET", "/api/v1/movements/{id}/registrations", api_registrations_list, ACCESS_USER, PERM_READ, p_reg_list,
     "Đăng ký thi đua của phong trào (unit_id: dưới một đơn vị), từng trang 200 dòng, kèm số lượng theo danh hiệu"},
    {"POST", "/api/v1/movements/{id}/registrations", api_registrations_add, ACCESS_PERM, PERM_WRITE, p_reg_add,
     "Đăng ký: people (danh sách mã người) cho một danh hiệu cá nhân, hoặc unit_id cho tập thể", 2u << 20},
    {"POST", "/api/v1/movements/{id}/registrations/import", api_registrations_import, ACCESS_PERM, PERM_WRITE,
     p_reg_import, "Nhập danh sách đăng ký từ tệp XLSX/CSV (thân yêu cầu); dry_run=1 chỉ kiểm tra", UPLOAD_MAX, true},
    {"POST", "/api/v1/movements/{id}/registration-deadline", api_registration_deadline, ACCESS_PERM, PERM_WRITE,
     p_reg_deadline, "Đặt (hoặc bỏ) hạn đăng ký thi đua"},
    {"GET", "/api/v1/movements/{id}/registrations/export", registrations_export, ACCESS_USER, PERM_READ, p_reg_list,
     "Tải danh sách đăng ký thi đua (format=xlsx mặc định, hoặc csv)"},
    {"POST", "/api/v1/registrations/{id}/withdraw", api_registration_withdraw, ACCESS_PERM, PERM_WRITE, p_reg_withdraw,
     "Rút đăng ký thi đua"},
    {"GET", "/api/v1/units/{id}/settings", api_unit_settings_get, ACCESS_USER, PERM_READ, p_id, "Cài đặt của đơn vị"},
    {"POST", "/api/v1/units/{id}/settings", api_unit_settings_set, ACCESS_PERM, PERM_WRITE, p_unit_settings,
     "Đổi cài đặt của đơn vị"},
    {"GET", "/api/v1/openapi.json", api_openapi, ACCESS_PUBLIC, PERM_READ, p_none, "Mô tả API (OpenAPI 3)"},
    {0, 0, 0, 0, 0, 0, 0},
};
