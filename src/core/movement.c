#include "core/movement.h"

#include <string.h>

#include "core/audit.h"
#include "core/perm.h"
#include "core/unit.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

#define NO_USER(N) "NULLIF(?" #N ", CAST(0 AS BIGINT))"
/* The fields of movement_spec_t after the name, in order. */
#define SPEC_REST "content, goals, legal_basis, kind, period_from, period_to, year_label, target_unit_kind," \
                  " target_sector, target_people, titles"
#define SPEC_COLS "name, " SPEC_REST

static const char *const kinds[][2] = {
    {"thuong_xuyen", "thường xuyên"}, {"theo_dot", "theo đợt"}, {"chuyen_de", "theo chuyên đề"}, {"ngan_ngay", "ngắn ngày"}};

const movement_people_t movement_people_codes[] = {
    {"doan_vien", "Đoàn viên công đoàn"},
    {"cong_nhan", "Công nhân, lao động trực tiếp sản xuất"},
    {"can_bo_quan_ly", "Cán bộ quản lý"},
    {"vien_chuc", "Cán bộ, công chức, viên chức"},
    {"nu", "Nữ đoàn viên, nữ lao động"},
    {"can_bo_cong_doan", "Cán bộ công đoàn"},
    {NULL, NULL},
};

const char *movement_kind_name(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kind, kinds[i][0]) == 0)
            return kinds[i][1];
    return kind;
}

const char *movement_state_name(const char *state)
{
    static const char *const names[][2] = {{"draft", "dự thảo"},   {"launched", "đã phát động"},
                                           {"interim", "đã sơ kết"}, {"final", "đã tổng kết"},
                                           {"closed", "đã kết thúc"}};
    for (size_t i = 0; state && i < sizeof names / sizeof *names; i++)
        if (strcmp(state, names[i][0]) == 0)
            return names[i][1];
    return state;
}

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static bool iso_date(const char *s)
{
    date_t d;
    return s && strlen(s) == 10 && date_parse_iso(s, &d);
}

/* "2024" or "2019-2020" (the second year after the first). */
static bool year_label_ok(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!(i == 4 ? s[i] == '-' : s[i] >= '0' && s[i] <= '9'))
            return false;
    return n == 4 || (n == 9 && strncmp(s, s + 5, 4) < 0);
}

/* "IND_LDTT,COL_TTLDXS": codes of capitals, digits and '_', comma-separated. */
static bool titles_ok(const char *s)
{
    size_t run = 0;
    for (const char *p = s;; p++) {
        if (*p == ',' || *p == '\0') {
            if (run == 0 || run > 32)
                return false;
            if (*p == '\0')
                return true;
            run = 0;
        } else if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_') {
            run++;
        } else {
            return false;
        }
    }
}

static const char *spec_why(const movement_spec_t *sp)
{
    bool kind_ok = false, people_ok = !opt(sp->target_people);
    for (size_t i = 0; sp->kind && i < sizeof kinds / sizeof *kinds; i++)
        kind_ok |= strcmp(sp->kind, kinds[i][0]) == 0;
    for (size_t i = 0; !people_ok && movement_people_codes[i].code; i++)
        people_ok = strcmp(sp->target_people, movement_people_codes[i].code) == 0;
    if (!sp->name || !*sp->name || text_chars(sp->name) > 255)
        return "Tên phong trào không được để trống và không quá 255 ký tự.";
    if (!kind_ok)
        return "Loại phong trào phải là thường xuyên, theo đợt, theo chuyên đề hoặc ngắn ngày.";
    if (!iso_date(sp->period_from) || !iso_date(sp->period_to))
        return "Thời gian thực hiện phải có ngày bắt đầu và ngày kết thúc hợp lệ.";
    if (strcmp(sp->period_from, sp->period_to) > 0)
        return "Ngày kết thúc không được trước ngày bắt đầu.";
    if (opt(sp->year_label) && !year_label_ok(sp->year_label))
        return "Năm (giai đoạn) phải có dạng 2024 hoặc 2019-2020.";
    if (!people_ok)
        return "Đối tượng thi đua (người) không có trong danh mục.";
    if (opt(sp->titles) && !titles_ok(sp->titles))
        return "Danh hiệu hướng tới phải là các mã danh hiệu, cách nhau bởi dấu phẩy.";
    const char *texts[] = {sp->content, sp->goals, sp->legal_basis};
    for (size_t i = 0; i < 3; i++)
        if (texts[i] && text_chars(texts[i]) > 20000)
            return "Nội dung, mục tiêu, căn cứ mỗi mục không quá 20.000 ký tự.";
    return NULL;
}

/* Every code of the titles field (format checked) must be in the catalogue
 * (core/title.h). */
static status_t titles_check(ctx_t *c, const char *titles, const char **why)
{
    status_t s = ST_OK;
    for (const char *p = titles; s == ST_OK && p && *p;) {
        size_t len = strcspn(p, ",");
        char *code = arena_strndup(c->arena, p, len);
        int64_t n = 0;
        s = code ? db_get_int(c->db, &n, "SELECT COUNT(*) FROM titles WHERE code = ?1", "t", code) : ST_NOMEM;
        if (s == ST_OK && !n) {
            *why = arena_printf(c->arena, "Danh hiệu «%s» không có trong danh mục danh hiệu thi đua.", code);
            return *why ? ST_INVALID : ST_NOMEM;
        }
        p += len + (p[len] == ',');
    }
    return s;
}

/* The target kind and sector must be in their catalogues, and the titles. */
static status_t targets_check(ctx_t *c, const movement_spec_t *sp, const char **why)
{
    int64_t n = 1;
    status_t s = ST_OK;
    if (opt(sp->target_unit_kind))
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_kinds WHERE code = ?1", "t", sp->target_unit_kind);
    if (s == ST_OK && !n) {
        *why = "Loại đơn vị thuộc đối tượng thi đua không có trong danh mục.";
        return ST_INVALID;
    }
    if (s == ST_OK && opt(sp->target_sector))
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM sectors WHERE code = ?1", "t", sp->target_sector);
    if (s == ST_OK && !n) {
        *why = "Khu vực thuộc đối tượng thi đua không có trong danh mục.";
        return ST_INVALID;
    }
    return s == ST_OK ? titles_check(c, opt(sp->titles), why) : s;
}

static json_t *spec_json(const movement_spec_t *sp)
{
    json_t *j = json_object();
    jobj_str(j, "name", sp->name);
    jobj_str(j, "content", opt(sp->content));
    jobj_str(j, "goals", opt(sp->goals));
    jobj_str(j, "legal_basis", opt(sp->legal_basis));
    jobj_str(j, "kind", sp->kind);
    jobj_str(j, "period_from", sp->period_from);
    jobj_str(j, "period_to", sp->period_to);
    jobj_str(j, "year_label", opt(sp->year_label));
    jobj_str(j, "target_unit_kind", opt(sp->target_unit_kind));
    jobj_str(j, "target_sector", opt(sp->target_sector));
    jobj_str(j, "target_people", opt(sp->target_people));
    jobj_str(j, "titles", opt(sp->titles));
    return j;
}

/* Ends the transaction: commit on ST_OK, else roll back. */
static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

/* Copies the current fields of movement ID into its version row. */
static status_t snapshot(ctx_t *c, int64_t id)
{
    return db_run(c->db, NULL, "INSERT INTO movement_versions (movement_id, version, " SPEC_COLS ", changed_by, changed_at)"
                  " SELECT id, version, " SPEC_COLS ", " NO_USER(2) ", ?3 FROM movements WHERE id = ?1",
                  "iii", id, c->user_id, time_now());
}

static status_t add_state(ctx_t *c, int64_t id, const char *state, const char *date, const char *note)
{
    return db_run(c->db, NULL, "INSERT INTO movement_states (movement_id, state, state_date, note, acted_by, acted_at)"
                  " VALUES (?1, ?2, ?3, ?4, " NO_USER(5) ", ?6)",
                  "itttii", id, state, date, opt(note), c->user_id, time_now());
}

/* Runs an INSERT … RETURNING id. */
static status_t insert_id(ctx_t *c, db_stmt_t *st, int64_t *id)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    status_t s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t movement_create(ctx_t *c, int64_t owner, const movement_spec_t *sp, int64_t *id, const char **why)
{
    *why = spec_why(sp);
    if (*why)
        return ST_INVALID;
    status_t s = perm_check(c, PERM_WRITE, owner);
    if (s == ST_OK)
        s = targets_check(c, sp, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO movements (owner_unit_id, " SPEC_COLS ", created_by, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " NO_USER(14) ", ?15)"
                          " RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "ittttttttttttii", owner, sp->name, opt(sp->content), opt(sp->goals), opt(sp->legal_basis),
                 sp->kind, sp->period_from, sp->period_to, opt(sp->year_label), opt(sp->target_unit_kind),
                 opt(sp->target_sector), opt(sp->target_people), opt(sp->titles), c->user_id, time_now());
        s = insert_id(c, st, id);
    }
    const char *today = unit_today(c);
    if (s == ST_OK)
        s = snapshot(c, *id);
    if (s == ST_OK)
        s = add_state(c, *id, "draft", today, NULL);
    if (s == ST_OK) {
        json_t *after = spec_json(sp);
        s = audit_append(c, "create", "movement", *id, owner, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

typedef struct {
    int64_t owner, version;
    const char *state, *last_date, *period_from, *period_to;
} info_t;

/* The owner, state, version and last state date of ID; ST_FORBIDDEN when
 * there is no such movement. */
static status_t load_info(ctx_t *c, int64_t id, info_t *in)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT m.owner_unit_id, m.version, m.state,"
                                   " (SELECT MAX(s.state_date) FROM movement_states s WHERE s.movement_id = m.id AND s.state <> 'draft'),"
                                   " m.period_from, m.period_to FROM movements m WHERE m.id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *in = (info_t){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2)),
                       arena_strdup(c->arena, db_col_text(st, 3)), arena_strdup(c->arena, db_col_text(st, 4)),
                       arena_strdup(c->arena, db_col_text(st, 5))};
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && !in->last_date)
        in->last_date = "";
    if (s == ST_OK && (!in->state || !in->period_from || !in->period_to))
        s = ST_NOMEM;
    return s;
}

/* ST_OK when C may read movements of OWNER: PERM_READ on it or on a unit
 * under it today. */
static status_t may_see(ctx_t *c, int64_t owner)
{
    status_t s = perm_check(c, PERM_READ, owner);
    if (s != ST_FORBIDDEN)
        return s;
    int64_t n = 0;
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree x WHERE x.ancestor_id = ?1 AND x.valid_to IS NULL AND "
                   PERM_SCOPE("x.descendant_id", 2, 3), "iit", owner, perm_scope_user(c), perm_code(PERM_READ));
    return s != ST_OK ? s : n ? ST_OK : ST_FORBIDDEN;
}

status_t movement_update(ctx_t *c, int64_t id, const movement_spec_t *sp, const char **why)
{
    *why = spec_why(sp);
    if (*why)
        return ST_INVALID;
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    info_t in;
    s = load_info(c, id, &in);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, in.owner);
    if (s == ST_OK)
        s = targets_check(c, sp, why);
    if (s == ST_OK && strcmp(in.state, "closed") == 0) {
        *why = "Phong trào đã kết thúc, không sửa được nữa.";
        s = ST_INVALID;
    }
    bool draft = s == ST_OK && strcmp(in.state, "draft") == 0;
    if (s == ST_OK && draft)
        s = db_run(c->db, NULL, "DELETE FROM movement_versions WHERE movement_id = ?1 AND version = ?2", "ii", id,
                   in.version);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE movements SET name = ?2, content = ?3, goals = ?4, legal_basis = ?5, kind = ?6,"
                   " period_from = ?7, period_to = ?8, year_label = ?9, version = ?10, target_unit_kind = ?11,"
                   " target_sector = ?12, target_people = ?13, titles = ?14 WHERE id = ?1",
                   "ittttttttitttt", id, sp->name, opt(sp->content), opt(sp->goals), opt(sp->legal_basis), sp->kind,
                   sp->period_from, sp->period_to, opt(sp->year_label), draft ? in.version : in.version + 1,
                   opt(sp->target_unit_kind), opt(sp->target_sector), opt(sp->target_people), opt(sp->titles));
    if (s == ST_OK)
        s = snapshot(c, id);
    if (s == ST_OK) {
        json_t *after = spec_json(sp);
        jobj_int(after, "version", draft ? in.version : in.version + 1);
        s = audit_append(c, "update", "movement", id, in.owner, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

static bool transition_ok(const char *from, const char *to)
{
    static const char *const allowed[][2] = {{"draft", "launched"}, {"launched", "interim"}, {"launched", "final"},
                                             {"interim", "interim"}, {"interim", "final"},  {"final", "closed"}};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (strcmp(from, allowed[i][0]) == 0 && strcmp(to, allowed[i][1]) == 0)
            return true;
    return false;
}

static const char *transition_why(const char *from, const char *to)
{
    if (strcmp(to, "launched") == 0)
        return "Chỉ phát động được phong trào đang ở dạng dự thảo.";
    if (strcmp(to, "interim") == 0)
        return "Chỉ sơ kết được phong trào đã phát động và chưa tổng kết.";
    if (strcmp(to, "final") == 0)
        return "Chỉ tổng kết được phong trào đã phát động và chưa tổng kết.";
    if (strcmp(to, "closed") == 0)
        return "Chỉ kết thúc được phong trào đã tổng kết.";
    (void)from;
    return "Trạng thái phải là phát động, sơ kết, tổng kết hoặc kết thúc.";
}

status_t movement_set_state(ctx_t *c, int64_t id, const char *state, const char *date, const char *note,
                            const char **why)
{
    *why = NULL;
    if (!state || !*state)
        *why = "Chưa chọn trạng thái.";
    else if (!iso_date(date))
        *why = "Ngày không hợp lệ.";
    else if (note && text_chars(note) > 2000)
        *why = "Ghi chú không quá 2.000 ký tự.";
    if (*why)
        return ST_INVALID;
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    info_t in;
    s = load_info(c, id, &in);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, in.owner);
    if (s == ST_OK && !transition_ok(in.state, state)) {
        *why = transition_why(in.state, state);
        s = ST_INVALID;
    }
    if (s == ST_OK && strcmp(date, in.last_date) < 0) {
        *why = "Ngày không được trước ngày của bước trước.";
        s = ST_INVALID;
    }
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE movements SET state = ?2,"
                   " interims = interims + CASE WHEN ?2 = 'interim' THEN 1 ELSE 0 END WHERE id = ?1", "it", id, state);
    if (s == ST_OK)
        s = add_state(c, id, state, date, note);
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s}", "state", in.state);
        json_t *after = json_pack("{s:s, s:s}", "state", state, "date", date);
        jobj_str(after, "note", opt(note));
        s = audit_append(c, "state", "movement", id, in.owner, before, after);
        json_decref(before);
        json_decref(after);
    }
    return finish(c, s);
}

status_t movement_respond(ctx_t *c, int64_t parent, int64_t unit, const char *name, int64_t *id, const char **why)
{
    *why = NULL;
    if (opt(name) && text_chars(name) > 255) {
        *why = "Tên phong trào không quá 255 ký tự.";
        return ST_INVALID;
    }
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    info_t in;
    int64_t under = 0;
    s = load_info(c, parent, &in);
    if (s == ST_OK)
        s = may_see(c, in.owner);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s == ST_OK)
        s = db_get_int(c->db, &under, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                       " AND depth > 0 AND (valid_to IS NULL OR (valid_from <= ?3 AND valid_to > ?4))",
                       "iitt", in.owner, unit, in.period_to, in.period_from);
    if (s == ST_OK && !under) {
        *why = "Đơn vị hưởng ứng phải trực thuộc đơn vị đã phát động phong trào.";
        s = ST_INVALID;
    }
    if (s == ST_OK && (strcmp(in.state, "draft") == 0 || strcmp(in.state, "closed") == 0)) {
        *why = "Chỉ hưởng ứng được phong trào đã phát động và chưa kết thúc.";
        s = ST_INVALID;
    }
    int64_t dup = 0;
    if (s == ST_OK)
        s = db_get_int(c->db, &dup, "SELECT COUNT(*) FROM movements WHERE parent_movement_id = ?1 AND owner_unit_id = ?2",
                       "ii", parent, unit);
    if (s == ST_OK && dup) {
        *why = "Đơn vị đã hưởng ứng phong trào này.";
        s = ST_CONFLICT;
    }
    db_stmt_t *st;
    if (s == ST_OK)
        s = db_prepare(c->db, "INSERT INTO movements (owner_unit_id, parent_movement_id, " SPEC_COLS ", created_by, created_at)"
                              " SELECT ?2, id, COALESCE(?3, name), " SPEC_REST ", " NO_USER(4) ", ?5"
                              " FROM movements WHERE id = ?1 RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "iitii", parent, unit, opt(name), c->user_id, time_now());
        s = insert_id(c, st, id);
    }
    if (s == ST_OK)
        s = snapshot(c, *id);
    if (s == ST_OK)
        s = add_state(c, *id, "draft", unit_today(c), NULL);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I}", "parent_movement_id", (json_int_t)parent);
        jobj_str(after, "name", opt(name));
        s = audit_append(c, "respond", "movement", *id, unit, NULL, after);
        json_decref(after);
    }
    if (s == ST_CONFLICT && !*why)
        *why = "Đơn vị đã hưởng ứng phong trào này.";
    return finish(c, s);
}

#define MOV_COLS "m.id, m.owner_unit_id, COALESCE(m.parent_movement_id, 0), m.version, u.name, m.state, m.name," \
                 " m.content, m.goals, m.legal_basis, m.kind, m.period_from, m.period_to, m.year_label," \
                 " m.target_unit_kind, m.target_sector, m.target_people, m.titles"

static void read_spec(db_stmt_t *st, int col, movement_spec_t *sp, arena_t *a)
{
    const char **f[] = {&sp->name,          &sp->content,          &sp->goals,         &sp->legal_basis,
                        &sp->kind,          &sp->period_from,      &sp->period_to,     &sp->year_label,
                        &sp->target_unit_kind, &sp->target_sector, &sp->target_people, &sp->titles};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        *f[i] = db_col_null(st, col + (int)i) ? NULL : arena_strdup(a, db_col_text(st, col + (int)i));
}

static void read_movement(db_stmt_t *st, void *row, arena_t *a)
{
    movement_t *m = row;
    m->id = db_col_int(st, 0);
    m->owner_unit_id = db_col_int(st, 1);
    m->parent_movement_id = db_col_int(st, 2);
    m->version = db_col_int(st, 3);
    m->owner_name = arena_strdup(a, db_col_text(st, 4));
    m->state = arena_strdup(a, db_col_text(st, 5));
    read_spec(st, 6, &m->spec, a);
}

static void read_state(db_stmt_t *st, void *row, arena_t *a)
{
    movement_state_t *h = row;
    h->id = db_col_int(st, 0);
    h->state = arena_strdup(a, db_col_text(st, 1));
    h->date = arena_strdup(a, db_col_text(st, 2));
    h->note = db_col_null(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3));
    h->acted_by = db_col_int(st, 4);
}

static void read_version(db_stmt_t *st, void *row, arena_t *a)
{
    movement_version_t *v = row;
    v->version = db_col_int(st, 0);
    v->changed_by = db_col_int(st, 1);
    v->changed_at = db_col_int(st, 2);
    read_spec(st, 3, &v->spec, a);
}

status_t movement_get(ctx_t *c, int64_t id, movement_t *out)
{
    *out = (movement_t){0};
    db_stmt_t *st;
    movement_t *m = NULL;
    size_t n = 0;
    status_t s = db_prepare(c->db, "SELECT " MOV_COLS " FROM movements m JOIN units u ON u.id = m.owner_unit_id"
                                   " WHERE m.id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", id);
    s = db_collect(st, c->arena, (void **)&m, &n, sizeof *m, read_movement);
    if (s == ST_OK && n == 0)
        s = ST_FORBIDDEN;
    if (s == ST_OK)
        s = may_see(c, m->owner_unit_id);
    if (s != ST_OK)
        return s;
    *out = *m;
    s = db_prepare(c->db, "SELECT id, state, state_date, note, COALESCE(acted_by, 0) FROM movement_states"
                          " WHERE movement_id = ?1 ORDER BY id", &st);
    if (s == ST_OK) {
        db_bindf(st, "i", id);
        s = db_collect(st, c->arena, (void **)&out->history, &out->n_history, sizeof *out->history, read_state);
    }
    if (s == ST_OK)
        s = db_prepare(c->db, "SELECT version, COALESCE(changed_by, 0), changed_at, " SPEC_COLS
                              " FROM movement_versions WHERE movement_id = ?1 ORDER BY version", &st);
    if (s == ST_OK) {
        db_bindf(st, "i", id);
        s = db_collect(st, c->arena, (void **)&out->versions, &out->n_versions, sizeof *out->versions, read_version);
    }
    return s;
}

status_t movement_list(ctx_t *c, int64_t owner, movement_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = may_see(c, owner);
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT " MOV_COLS " FROM movements m JOIN units u ON u.id = m.owner_unit_id"
                                             " WHERE m.owner_unit_id = ?1 ORDER BY m.period_from DESC, m.id DESC", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", owner);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_movement);
}

static void read_inbox(db_stmt_t *st, void *row, arena_t *a)
{
    movement_t *m = row;
    read_movement(st, row, a);
    m->response_id = db_col_int(st, 18);
    m->response_state = db_col_null(st, 19) ? NULL : arena_strdup(a, db_col_text(st, 19));
}

status_t movement_inbox(ctx_t *c, int64_t unit, movement_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = perm_check(c, PERM_READ, unit);
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT " MOV_COLS ", COALESCE(a.id, 0), a.state"
                                             " FROM unit_tree t JOIN movements m ON m.owner_unit_id = t.ancestor_id"
                                             " JOIN units u ON u.id = m.owner_unit_id"
                                             " LEFT JOIN movements a ON a.parent_movement_id = m.id AND a.owner_unit_id = ?1"
                                             " WHERE t.descendant_id = ?1 AND t.depth > 0 AND t.valid_to IS NULL"
                                             " AND m.state IN ('launched', 'interim', 'final')"
                                             " ORDER BY t.depth, m.period_from DESC, m.id DESC", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", unit);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_inbox);
}

const char *movement_share(arena_t *a, int64_t part, int64_t total)
{
    if (total <= 0)
        return "0 %";
    int64_t tenths = (part * 1000 + total / 2) / total; /* per mille = tenths of a percent */
    if (tenths % 10 == 0)
        return arena_printf(a, "%lld %%", (long long)(tenths / 10));
    return arena_printf(a, "%lld,%lld %%", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void read_cov(db_stmt_t *st, void *row, arena_t *a)
{
    coverage_row_t *r = row;
    r->unit_id = db_col_int(st, 0);
    r->code = arena_strdup(a, db_col_text(st, 1));
    r->name = arena_strdup(a, db_col_text(st, 2));
    r->depth = db_col_int(st, 3);
    r->movement_id = db_col_int(st, 4);
    r->responded = db_col_int(st, 4) != 0;
    r->launched = db_col_int(st, 5) != 0;
    r->interim = db_col_int(st, 6) != 0;
    r->final = db_col_int(st, 7) != 0;
    r->parent_id = db_col_int(st, 8);
    r->registered = db_col_int(st, 9) != 0;
}

status_t movement_coverage(ctx_t *c, int64_t id, bool subtree, coverage_t *out)
{
    *out = (coverage_t){0};
    info_t in;
    status_t s = load_info(c, id, &in);
    if (s == ST_OK)
        s = perm_check(c, PERM_READ, in.owner);
    const char *today = unit_today(c);
    const char *at = today && s == ST_OK && strcmp(in.period_to, today) < 0 ? in.period_to : today;
    db_stmt_t *st;
    /* The chain of responses below ID, then for each unit under the owner
     * on AT (the period's last day, or today while it runs) the best its
     * responses in the chain reached, and its superior that day. */
    if (s != ST_OK || (s = db_prepare(c->db,
        "WITH RECURSIVE chain(id, owner, state, interims) AS"
        " (SELECT id, owner_unit_id, state, interims FROM movements WHERE id = ?1"
        " UNION ALL SELECT m.id, m.owner_unit_id, m.state, m.interims FROM movements m"
        " JOIN chain ch ON m.parent_movement_id = ch.id),"
        " answers(unit_id, mid, launched, interim, final) AS (SELECT owner, MAX(id),"
        " MAX(CASE WHEN state IN ('launched', 'interim', 'final', 'closed') THEN 1 ELSE 0 END),"
        " MAX(CASE WHEN interims > 0 THEN 1 ELSE 0 END),"
        " MAX(CASE WHEN state IN ('final', 'closed') THEN 1 ELSE 0 END)"
        " FROM chain WHERE id <> ?1 GROUP BY owner),"
        " regs(unit_id) AS (SELECT DISTINCT r.unit_id FROM chain ch JOIN registrations r ON r.movement_id = ch.id"
        " WHERE r.state = 'active')"
        " SELECT u.id, u.code, u.name, t.depth, COALESCE(a.mid, 0), COALESCE(a.launched, 0), COALESCE(a.interim, 0),"
        " COALESCE(a.final, 0), p.ancestor_id, CASE WHEN g.unit_id IS NULL THEN 0 ELSE 1 END"
        " FROM unit_tree t JOIN units u ON u.id = t.descendant_id"
        " JOIN unit_tree p ON p.descendant_id = u.id AND p.depth = 1 AND p.valid_from <= ?4"
        " AND (p.valid_to IS NULL OR p.valid_to > ?4)"
        " LEFT JOIN answers a ON a.unit_id = u.id LEFT JOIN regs g ON g.unit_id = u.id"
        " WHERE t.ancestor_id = ?2 AND t.depth > 0 AND (?3 = 1 OR t.depth = 1)"
        " AND t.valid_from <= ?4 AND (t.valid_to IS NULL OR t.valid_to > ?4)"
        " AND u.valid_from <= ?4 AND (u.valid_to IS NULL OR u.valid_to > ?4)"
        " ORDER BY t.depth, u.sort_key, u.id", &st)) != ST_OK)
        return s;
    db_bindf(st, "iiit", id, in.owner, (int64_t)(subtree ? 1 : 0), at);
    s = db_collect(st, c->arena, (void **)&out->rows, &out->n, sizeof *out->rows, read_cov);
    for (size_t i = 0; i < out->n; i++) {
        out->total++;
        out->responded += out->rows[i].responded;
        out->launched += out->rows[i].launched;
        out->interim += out->rows[i].interim;
        out->final += out->rows[i].final;
        out->registered += out->rows[i].registered;
    }
    out->responded_share = movement_share(c->arena, out->responded, out->total);
    out->launched_share = movement_share(c->arena, out->launched, out->total);
    out->interim_share = movement_share(c->arena, out->interim, out->total);
    out->final_share = movement_share(c->arena, out->final, out->total);
    out->registered_share = movement_share(c->arena, out->registered, out->total);
    return s;
}
