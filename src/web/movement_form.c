#include "web/movement_form.h"

#include <string.h>

#include "core/unit.h"
#include "lib/html.h"
#include "web/ui.h"
#include "web/ui_unit.h"

movement_spec_t movement_spec_from(req_t *r)
{
    return (movement_spec_t){.name = req_param(r, "name"),
                             .content = req_param(r, "content"),
                             .goals = req_param(r, "goals"),
                             .legal_basis = req_param(r, "legal_basis"),
                             .kind = req_param(r, "kind"),
                             .period_from = req_param(r, "period_from"),
                             .period_to = req_param(r, "period_to"),
                             .year_label = req_param(r, "year_label"),
                             .target_unit_kind = req_param(r, "target_unit_kind"),
                             .target_sector = req_param(r, "target_sector"),
                             .target_people = req_param(r, "target_people"),
                             .titles = req_param(r, "titles")};
}

typedef struct {
    const char *code, *name;
} option_t;

/* <select NAME> of OPTS[0..N) with VALUE selected; EMPTY labels "no value"
 * (NULL: a choice is required). */
static void select_field(buf_t *b, const char *name, const char *label, const option_t *opts, size_t n,
                         const char *value, const char *empty)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <select name=\"");
    html_attr(b, name);
    html_raw(b, empty ? "\">" : "\" required>");
    if (empty) {
        html_raw(b, "<option value=\"\">");
        html_text(b, empty);
        html_raw(b, "</option>");
    }
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<option value=\"");
        html_attr(b, opts[i].code);
        html_raw(b, value && strcmp(value, opts[i].code) == 0 ? "\" selected>" : "\">");
        html_text(b, opts[i].name);
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label>");
}

static void textarea(buf_t *b, const char *name, const char *label, const char *value)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <textarea rows=\"3\" name=\"");
    html_attr(b, name);
    html_raw(b, "\">");
    html_text(b, value);
    html_raw(b, "</textarea></label>");
}

static void date_field(buf_t *b, const char *name, const char *label, const char *iso)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <input name=\"");
    html_attr(b, name);
    html_raw(b, "\" inputmode=\"numeric\" placeholder=\"dd/mm/yyyy\" required value=\"");
    ui_date_vn(b, iso);
    html_raw(b, "\"></label>");
}

/* The kinds or sectors catalogue as options (in the request's arena). */
static option_t *catalogue_options(req_t *r, bool sectors, size_t *n)
{
    unit_kind_t *k = NULL;
    *n = 0;
    if ((sectors ? unit_sector_list : unit_kind_list)(&r->ctx, &k, n) != ST_OK)
        *n = 0;
    option_t *o = *n ? arena_alloc(r->arena, *n * sizeof *o) : NULL;
    for (size_t i = 0; o && i < *n; i++)
        o[i] = (option_t){k[i].code, k[i].name};
    if (!o)
        *n = 0;
    return o;
}

void movement_form_fields(req_t *r, buf_t *b, const movement_spec_t *sp)
{
    static const option_t kinds[] = {{"thuong_xuyen", "Thường xuyên"}, {"theo_dot", "Theo đợt"},
                                     {"chuyen_de", "Theo chuyên đề"}, {"ngan_ngay", "Ngắn ngày"}};
    const movement_spec_t none = {0};
    if (!sp)
        sp = &none;
    ui_input(b, "name", "Tên phong trào", "text", sp->name, 1);
    select_field(b, "kind", "Loại phong trào", kinds, sizeof kinds / sizeof *kinds, sp->kind, NULL);
    date_field(b, "period_from", "Từ ngày", sp->period_from);
    date_field(b, "period_to", "Đến ngày", sp->period_to);
    ui_input(b, "year_label", "Năm hoặc giai đoạn (2025, 2024-2025)", "text", sp->year_label, 0);
    size_t nk, ns, np = 0;
    option_t *uk = catalogue_options(r, false, &nk), *se = catalogue_options(r, true, &ns);
    option_t people[16];
    for (; movement_people_codes[np].code && np < 16; np++)
        people[np] = (option_t){movement_people_codes[np].code, movement_people_codes[np].name};
    select_field(b, "target_unit_kind", "Đơn vị tham gia: loại", uk, nk, sp->target_unit_kind, "Mọi loại đơn vị");
    select_field(b, "target_sector", "Đơn vị tham gia: khu vực", se, ns, sp->target_sector, "Mọi khu vực");
    select_field(b, "target_people", "Đối tượng người lao động", people, np, sp->target_people, "Mọi người lao động");
    ui_input(b, "titles", "Danh hiệu hướng tới (mã, cách nhau bởi dấu phẩy)", "text", sp->titles, 0);
    textarea(b, "content", "Nội dung", sp->content);
    textarea(b, "goals", "Mục tiêu, chỉ tiêu", sp->goals);
    textarea(b, "legal_basis", "Căn cứ (văn bản chỉ đạo, hướng dẫn)", sp->legal_basis);
}
