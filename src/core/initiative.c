#include "core/initiative.h"

#include <string.h>

#include "core/audit.h"
#include "core/perm.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

static const char *const level_codes[] = {NULL, "co_so", "cap_tren", "tinh", "toan_quoc"};
static const char *const level_names[] = {NULL, "cấp cơ sở", "cấp trên trực tiếp cơ sở", "cấp tỉnh, thành phố",
                                          "cấp toàn quốc"};

const char *initiative_level_code(int64_t level)
{
    return level >= 1 && level <= INIT_LEVELS ? level_codes[level] : NULL;
}

const char *initiative_level_name(int64_t level)
{
    return level >= 1 && level <= INIT_LEVELS ? level_names[level] : NULL;
}

int64_t initiative_level_parse(const char *code)
{
    for (int64_t i = 1; code && i <= INIT_LEVELS; i++)
        if (strcmp(code, level_codes[i]) == 0)
            return i;
    return 0;
}

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static bool iso_date(const char *s)
{
    date_t d;
    return s && date_parse_iso(s, &d) && date_valid(d);
}

/* Checks IN; *ATTACH gets the attachments joined by newlines (NULL if none). */
static status_t validate(ctx_t *c, const initiative_in_t *in, const char **attach, const char **why)
{
    *attach = NULL;
    if (!in->title || !*in->title || text_chars(in->title) > 500)
        *why = "Tên sáng kiến không được để trống và không quá 500 ký tự.";
    else if (in->summary && text_chars(in->summary) > 20000)
        *why = "Tóm tắt sáng kiến quá dài (tối đa 20000 ký tự).";
    else if (in->field && text_chars(in->field) > 255)
        *why = "Lĩnh vực không quá 255 ký tự.";
    else if (opt(in->applied_on) && !iso_date(in->applied_on))
        *why = "Ngày áp dụng không hợp lệ.";
    else if (in->benefit_vnd < 0)
        *why = "Giá trị làm lợi không được âm.";
    else if (in->benefit_vnd == 0 && !opt(in->benefit_text))
        *why = "Phải ghi hiệu quả của sáng kiến: giá trị làm lợi (đồng) hoặc lợi ích xã hội.";
    else if (in->n_authors == 0)
        *why = "Sáng kiến phải có ít nhất một tác giả.";
    if (*why)
        return ST_INVALID;
    int64_t sum = 0;
    for (size_t i = 0; i < in->n_authors; i++) {
        const initiative_author_t *a = &in->authors[i];
        if (a->person_id <= 0) {
            *why = "Tác giả không hợp lệ.";
            return ST_INVALID;
        }
        if (a->share <= 0 || a->share > 100) {
            *why = "Tỷ lệ đóng góp của mỗi tác giả phải từ 1% đến 100%.";
            return ST_INVALID;
        }
        for (size_t j = 0; j < i; j++)
            if (in->authors[j].person_id == a->person_id) {
                *why = "Một người chỉ được ghi một lần trong danh sách tác giả.";
                return ST_INVALID;
            }
        sum += a->share;
    }
    if (sum != 100) {
        *why = arena_printf(c->arena, "Tổng tỷ lệ đóng góp của các tác giả phải bằng 100%% (hiện là %lld%%).",
                            (long long)sum);
        return ST_INVALID;
    }
    for (size_t i = 0; i < in->n_attachments; i++) {
        const char *f = in->attachments[i];
        if (!f || !*f || text_chars(f) > 255 || strpbrk(f, "/\\\n\r")) {
            *why = "Tên tệp đính kèm không hợp lệ (không trống, không quá 255 ký tự, không chứa / \\ hay xuống dòng).";
            return ST_INVALID;
        }
        *attach = *attach ? arena_printf(c->arena, "%s\n%s", *attach, f) : f;
    }
    return ST_OK;
}

/* Replaces the authors of ID; the persons must exist. */
static status_t write_authors(ctx_t *c, int64_t id, const initiative_in_t *in, const char **why)
{
    status_t s = db_run(c->db, NULL, "DELETE FROM initiative_authors WHERE initiative_id = ?1", "i", id);
    for (size_t i = 0; s == ST_OK && i < in->n_authors; i++) {
        int64_t n = 0;
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM persons WHERE id = ?1 AND merged_into IS NULL", "i",
                       in->authors[i].person_id);
        if (s == ST_OK && !n) {
            *why = "Tác giả không có trong danh sách người lao động (hoặc hồ sơ đã được gộp).";
            return ST_INVALID;
        }
        if (s == ST_OK)
            s = db_run(c->db, NULL, "INSERT INTO initiative_authors (initiative_id, person_id, share) VALUES (?1, ?2, ?3)",
                       "iii", id, in->authors[i].person_id, in->authors[i].share);
    }
    return s;
}

static json_t *in_json(const initiative_in_t *in)
{
    json_t *authors = json_array();
    for (size_t i = 0; i < in->n_authors; i++)
        jarr_take(authors, json_pack("{s:I, s:I}", "person_id", (json_int_t)in->authors[i].person_id, "share",
                                     (json_int_t)in->authors[i].share));
    return json_pack("{s:s, s:s?, s:s?, s:I, s:s?, s:o}", "title", in->title, "field", opt(in->field), "applied_on",
                     opt(in->applied_on), "benefit_vnd", (json_int_t)in->benefit_vnd, "benefit_text",
                     opt(in->benefit_text), "authors", authors);
}

static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

status_t initiative_create(ctx_t *c, int64_t unit, const initiative_in_t *in, int64_t *id, const char **why)
{
    *why = NULL;
    const char *attach;
    status_t s = validate(c, in, &attach, why);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO initiatives (unit_id, title, summary, field, applied_on, benefit_vnd, benefit_text,"
                          " attachments, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "ittttitti", unit, in->title, opt(in->summary), opt(in->field), opt(in->applied_on),
                 in->benefit_vnd, opt(in->benefit_text), attach, time_now());
        if (in->benefit_vnd == 0)
            db_bind_null(st, 6);
        int rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int(st, 0);
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK)
        s = write_authors(c, *id, in, why);
    if (s == ST_OK) {
        json_t *after = in_json(in);
        s = audit_append(c, "create", "initiative", *id, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

/* The applying unit of ID after checking P on it; ST_FORBIDDEN when missing. */
static status_t scope(ctx_t *c, int64_t id, perm_t p, int64_t *unit)
{
    *unit = 0;
    status_t s = db_get_int(c->db, unit, "SELECT unit_id FROM initiatives WHERE id = ?1", "i", id);
    if (s == ST_NOT_FOUND)
        return ST_FORBIDDEN;
    return s == ST_OK ? perm_check(c, p, *unit) : s;
}

status_t initiative_update(ctx_t *c, int64_t id, const initiative_in_t *in, const char **why)
{
    *why = NULL;
    int64_t unit, n = 0;
    const char *attach;
    status_t s = scope(c, id, PERM_WRITE, &unit);
    if (s == ST_OK)
        s = validate(c, in, &attach, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM initiative_recognitions WHERE initiative_id = ?1", "i", id);
    if (s == ST_OK && n) {
        *why = "Sáng kiến đã được công nhận, không sửa được nội dung.";
        s = ST_CONFLICT;
    }
    if (s == ST_OK) {
        db_stmt_t *st;
        s = db_prepare(c->db, "UPDATE initiatives SET title = ?2, summary = ?3, field = ?4, applied_on = ?5,"
                              " benefit_vnd = ?6, benefit_text = ?7, attachments = ?8 WHERE id = ?1", &st);
        if (s == ST_OK) {
            db_bindf(st, "ittttitt", id, in->title, opt(in->summary), opt(in->field), opt(in->applied_on),
                     in->benefit_vnd, opt(in->benefit_text), attach);
            if (in->benefit_vnd == 0)
                db_bind_null(st, 6);
            s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
            db_finalize(st);
        }
    }
    if (s == ST_OK)
        s = write_authors(c, id, in, why);
    if (s == ST_OK) {
        json_t *after = in_json(in);
        s = audit_append(c, "update", "initiative", id, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

/* Columns shared by get and list. */
#define INIT_COLS                                                                                               \
    "i.id, i.unit_id, u.name, i.title, i.summary, i.field, i.applied_on, COALESCE(i.benefit_vnd, 0), i.benefit_text," \
    " i.attachments, i.used_for, i.used_ref,"                                                                   \
    " COALESCE((SELECT MAX(r.level) FROM initiative_recognitions r WHERE r.initiative_id = i.id), 0)"

static void read_init(db_stmt_t *st, void *row, arena_t *a)
{
    initiative_t *x = row;
    x->id = db_col_int(st, 0);
    x->unit_id = db_col_int(st, 1);
    x->unit_name = dup(a, st, 2);
    x->title = dup(a, st, 3);
    x->summary = dup(a, st, 4);
    x->field = dup(a, st, 5);
    x->applied_on = dup(a, st, 6);
    x->benefit_vnd = db_col_int(st, 7);
    x->benefit_text = dup(a, st, 8);
    char *att = (char *)dup(a, st, 9);
    x->used_for = dup(a, st, 10);
    x->used_ref = dup(a, st, 11);
    x->top_level = db_col_int(st, 12);
    size_t n = 0;
    for (char *p = att; p && *p; p++)
        n += *p == '\n';
    x->n_attachments = att ? n + 1 : 0;
    x->attachments = att ? arena_calloc(a, n + 1, sizeof *x->attachments) : NULL;
    if (!x->attachments) {
        x->n_attachments = 0;
        return;
    }
    size_t k = 0;
    for (char *p = att; k <= n; k++) {
        x->attachments[k] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
}

static void read_author(db_stmt_t *st, void *row, arena_t *a)
{
    initiative_author_t *x = row;
    x->person_id = db_col_int(st, 0);
    x->share = db_col_int(st, 1);
    x->full_name = dup(a, st, 2);
}

static void read_recog(db_stmt_t *st, void *row, arena_t *a)
{
    initiative_recognition_t *x = row;
    x->level = db_col_int(st, 0);
    x->unit_id = db_col_int(st, 1);
    x->unit_name = dup(a, st, 2);
    x->decision_no = dup(a, st, 3);
    x->decision_date = dup(a, st, 4);
}

status_t initiative_get(ctx_t *c, int64_t id, initiative_t *out)
{
    memset(out, 0, sizeof *out);
    int64_t unit;
    status_t s = scope(c, id, PERM_READ, &unit);
    db_stmt_t *st;
    if (s != ST_OK ||
        (s = db_prepare(c->db, "SELECT " INIT_COLS " FROM initiatives i JOIN units u ON u.id = i.unit_id WHERE i.id = ?1",
                        &st)) != ST_OK)
        return s;
    db_bindf(st, "i", id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_init(st, out, c->arena);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT a.person_id, a.share, p.full_name FROM initiative_authors a"
                                             " JOIN persons p ON p.id = a.person_id WHERE a.initiative_id = ?1"
                                             " ORDER BY a.share DESC, p.order_key", &st)) == ST_OK) {
        db_bindf(st, "i", id);
        s = db_collect(st, c->arena, (void **)&out->authors, &out->n_authors, sizeof *out->authors, read_author);
    }
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT r.level, r.unit_id, u.name, r.decision_no, r.decision_date"
                                             " FROM initiative_recognitions r JOIN units u ON u.id = r.unit_id"
                                             " WHERE r.initiative_id = ?1 ORDER BY r.level", &st)) == ST_OK) {
        db_bindf(st, "i", id);
        s = db_collect(st, c->arena, (void **)&out->recognitions, &out->n_recognitions, sizeof *out->recognitions,
                       read_recog);
    }
    return s;
}

static void year_bounds(int64_t year, char jan1[24], char next[24])
{
    unsigned y = year > 0 && year < 9999 ? (unsigned)year : 0;
    snprintf(jan1, 24, "%04u-01-01", y % 10000u);
    snprintf(next, 24, "%04u-01-01", (y + 1) % 10000u);
}

status_t initiative_list(ctx_t *c, int64_t root, int64_t year, initiative_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char jan1[24], next[24];
    year_bounds(year > 0 && year < 3000 ? year : 0, jan1, next);
    status_t s = perm_check(c, PERM_READ, root);
    db_stmt_t *st;
    if (s != ST_OK ||
        (s = db_prepare(c->db, "SELECT " INIT_COLS " FROM initiatives i JOIN units u ON u.id = i.unit_id"
                               " JOIN unit_tree t ON t.descendant_id = i.unit_id"
                               " WHERE t.ancestor_id = ?1 AND t.valid_to IS NULL"
                               " AND (?2 = 0 OR (i.applied_on >= ?3 AND i.applied_on < ?4))"
                               " ORDER BY i.id DESC LIMIT 1000", &st)) != ST_OK)
        return s;
    db_bindf(st, "iitt", root, year, jan1, next);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_init);
}

status_t initiative_recognize(ctx_t *c, int64_t id, int64_t level, int64_t unit, const char *decision_no,
                              const char *decision_date, const char **why)
{
    *why = NULL;
    int64_t applying, n = 0;
    status_t s = scope(c, id, PERM_READ, &applying);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s != ST_OK)
        return s;
    if (level < 1 || level > INIT_LEVELS)
        *why = "Cấp công nhận không hợp lệ (cơ sở, cấp trên trực tiếp, tỉnh/thành phố, toàn quốc).";
    else if (!decision_no || !*decision_no || text_chars(decision_no) > 100)
        *why = "Số quyết định công nhận không được để trống và không quá 100 ký tự.";
    else if (!iso_date(decision_date))
        *why = "Ngày quyết định công nhận không hợp lệ.";
    if (*why)
        return ST_INVALID;
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                   " AND (valid_to IS NULL OR (valid_from <= ?3 AND valid_to > ?3))", "iit", unit, applying,
                   decision_date);
    if (s == ST_OK && !n) {
        *why = "Đơn vị công nhận phải là đơn vị áp dụng sáng kiến hoặc đơn vị cấp trên của đơn vị đó.";
        return ST_INVALID;
    }
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    const char *prev_date = NULL, *same_no = NULL, *same_date = NULL;
    bool prev = false, same = false;
    s = db_prepare(c->db, "SELECT level, decision_no, decision_date FROM initiative_recognitions"
                          " WHERE initiative_id = ?1 AND level IN (?2, ?3)", &st);
    if (s == ST_OK) {
        db_bindf(st, "iii", id, level, level - 1);
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
            if (db_col_int(st, 0) == level) {
                same = true;
                same_no = arena_strdup(c->arena, db_col_text(st, 1));
                same_date = arena_strdup(c->arena, db_col_text(st, 2));
            } else {
                prev = true;
                prev_date = arena_strdup(c->arena, db_col_text(st, 2));
            }
        }
        s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK && same) {
        *why = arena_printf(c->arena, "Sáng kiến đã được công nhận %s (quyết định %s ngày %s).", level_names[level],
                            same_no, same_date);
        s = ST_CONFLICT;
    } else if (s == ST_OK && level > 1 && !prev) {
        *why = arena_printf(c->arena, "Sáng kiến chưa được công nhận %s: phải công nhận lần lượt từng cấp, không công nhận vượt cấp.",
                            level_names[level - 1]);
        s = ST_INVALID;
    } else if (s == ST_OK && prev && strcmp(decision_date, prev_date) < 0) {
        *why = arena_printf(c->arena, "Ngày công nhận %s không được trước ngày công nhận %s (%s).", level_names[level],
                            level_names[level - 1], prev_date);
        s = ST_INVALID;
    }
    if (s == ST_OK)
        s = db_run(c->db, NULL, "INSERT INTO initiative_recognitions (initiative_id, level, unit_id, decision_no,"
                   " decision_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "iiitti", id, level, unit, decision_no,
                   decision_date, time_now());
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:I, s:s, s:s}", "level", level_codes[level], "unit_id", (json_int_t)unit,
                                  "decision_no", decision_no, "decision_date", decision_date);
        s = audit_append(c, "recognize", "initiative", id, applying, NULL, after);
        json_decref(after);
    }
    if (s == ST_CONFLICT && !*why)
        *why = "Cấp này đã được công nhận.";
    return finish(c, s);
}

status_t initiative_use(ctx_t *c, int64_t id, const char *purpose, const char *reference, const char **why)
{
    *why = NULL;
    int64_t unit, n = 0;
    status_t s = scope(c, id, PERM_WRITE, &unit);
    if (s != ST_OK)
        return s;
    if (!purpose || !*purpose || text_chars(purpose) > 500)
        *why = "Phải ghi hình thức khen thưởng mà sáng kiến làm căn cứ (không quá 500 ký tự).";
    else if (reference && text_chars(reference) > 255)
        *why = "Số hồ sơ, quyết định không quá 255 ký tự.";
    if (*why)
        return ST_INVALID;
    if ((s = db_begin_write(c->db)) != ST_OK)
        return s;
    const char *used = NULL, *ref = NULL;
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM initiative_recognitions WHERE initiative_id = ?1", "i", id);
    if (s == ST_OK && !n) {
        *why = "Sáng kiến chưa được công nhận nên chưa dùng làm căn cứ khen thưởng được.";
        s = ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &used, "SELECT used_for FROM initiatives WHERE id = ?1", "i", id);
    if (s == ST_OK && used) {
        (void)db_get_text(c->db, c->arena, &ref, "SELECT used_ref FROM initiatives WHERE id = ?1", "i", id);
        *why = arena_printf(c->arena, "Sáng kiến đã được dùng làm căn cứ cho «%s»%s%s%s; mỗi sáng kiến chỉ được dùng"
                            " cho một lần khen thưởng.", used, ref ? " (" : "", ref ? ref : "", ref ? ")" : "");
        s = ST_CONFLICT;
    }
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE initiatives SET used_for = ?2, used_ref = ?3, used_at = ?4"
                   " WHERE id = ?1 AND used_for IS NULL", "itti", id, purpose, opt(reference), time_now());
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s?}", "used_for", purpose, "used_ref", opt(reference));
        s = audit_append(c, "use", "initiative", id, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

status_t initiative_count_levels(ctx_t *c, int64_t root, int64_t year, int64_t counts[INIT_LEVELS + 1])
{
    memset(counts, 0, sizeof(int64_t) * (INIT_LEVELS + 1));
    char jan1[24], next[24];
    year_bounds(year, jan1, next);
    status_t s = perm_check(c, PERM_READ, root);
    db_stmt_t *st;
    if (s != ST_OK ||
        (s = db_prepare(c->db, "SELECT r.level, COUNT(*) FROM initiative_recognitions r"
                               " JOIN initiatives i ON i.id = r.initiative_id"
                               " JOIN unit_tree t ON t.descendant_id = i.unit_id"
                               " WHERE t.ancestor_id = ?1 AND t.valid_to IS NULL"
                               " AND r.decision_date >= ?2 AND r.decision_date < ?3 GROUP BY r.level", &st)) != ST_OK)
        return s;
    db_bindf(st, "itt", root, jan1, next);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t l = db_col_int(st, 0);
        if (l >= 1 && l <= INIT_LEVELS)
            counts[l] = db_col_int(st, 1);
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}
