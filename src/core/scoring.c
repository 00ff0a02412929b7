#include "core/scoring.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "core/movement.h"
#include "core/perm.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

#define NO_USER(N) "NULLIF(?" #N ", CAST(0 AS BIGINT))"

static const char *const kind_codes[] = {"group", "item", "bonus", "penalty"};

/* ---- points ---------------------------------------------------------------- */

int64_t scoring_points_parse(const char *s)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    int64_t whole = 0, frac = 0;
    int digits = 0, fd = -1;
    for (; *s && *s != ' '; s++) {
        if (*s >= '0' && *s <= '9') {
            if (fd >= 0) {
                if (++fd > 2)
                    return -1;
                frac = frac * 10 + (*s - '0');
            } else if (++digits > 7) {
                return -1;
            } else {
                whole = whole * 10 + (*s - '0');
            }
        } else if ((*s == ',' || *s == '.') && fd < 0 && digits) {
            fd = 0;
        } else {
            return -1;
        }
    }
    while (*s == ' ')
        s++;
    if (!digits || fd == 0 || *s)
        return -1;
    int64_t v = whole * 100 + (fd == 1 ? frac * 10 : frac);
    return v <= SCORE_MAX_POINTS ? v : -1;
}

const char *scoring_points_format(arena_t *a, int64_t v)
{
    const char *sign = v < 0 ? "-" : "";
    int64_t m = v < 0 ? -v : v;
    if (m % 100 == 0)
        return arena_printf(a, "%s%lld", sign, (long long)(m / 100));
    if (m % 10 == 0)
        return arena_printf(a, "%s%lld,%lld", sign, (long long)(m / 100), (long long)(m % 100 / 10));
    return arena_printf(a, "%s%lld,%02lld", sign, (long long)(m / 100), (long long)(m % 100));
}

/* ---- bands ----------------------------------------------------------------- */

static const score_band_t default_bands[] = {
    {9000, "Xuất sắc"}, {8000, "Tốt"}, {5000, "Hoàn thành"}, {0, "Không hoàn thành"}};

void scoring_default_bands(const score_band_t **bands, size_t *n)
{
    *bands = default_bands;
    *n = sizeof default_bands / sizeof *default_bands;
}

const char *scoring_classify(const score_band_t *bands, size_t n, int64_t total)
{
    for (size_t i = 0; i < n; i++)
        if (total >= bands[i].min)
            return bands[i].name;
    return n ? bands[n - 1].name : NULL;
}

/* ---- the line format ------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Splits LINE at '|' into at most MAX trimmed fields; returns the count. */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        f[n++] = trim(p);
        if (!bar)
            break;
        p = bar + 1;
    }
    return n;
}

static int kind_parse(const char *s)
{
    static const char *const words[][4] = {{"group", "nhom", "nhóm", "Nhóm"},
                                           {"item", "tieu chi", "tiêu chí", "Tiêu chí"},
                                           {"bonus", "thuong", "thưởng", "Thưởng"},
                                           {"penalty", "tru", "trừ", "Trừ"}};
    for (int k = 0; k < 4; k++)
        for (int w = 0; w < 4; w++)
            if (strcasecmp(s, words[k][w]) == 0)
                return k;
    return -1;
}

static bool evidence_word(const char *s, bool *out)
{
    static const char *const yes[] = {"evidence", "minh chứng", "Minh chứng", "minh chung"};
    *out = false;
    if (!*s)
        return true;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return *out = true;
    return false;
}

/* Calls FN for every non-blank line of TEXT (a copy in A) with its number. */
typedef const char *(*line_fn)(arena_t *a, char *line, score_sheet_t *out);

static status_t each_line(arena_t *a, const char *text, score_sheet_t *out, size_t max, line_fn fn,
                          const char **why)
{
    char *copy = arena_strdup(a, text ? text : "");
    if (!copy)
        return ST_NOMEM;
    size_t no = 0, used = 0;
    for (char *p = copy; p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        no++;
        char *line = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*line)
            continue;
        const char *err = ++used > max ? "quá nhiều dòng." : fn(a, line, out);
        if (err) {
            *why = arena_printf(a, "Dòng %zu: %s", no, err);
            return *why ? ST_INVALID : ST_NOMEM;
        }
    }
    return ST_OK;
}

static const char *one_line(arena_t *a, char *line, score_sheet_t *out)
{
    char *f[5];
    size_t n = split(line, f, 5);
    int kind = kind_parse(f[0]);
    score_line_t *l = &out->lines[out->n_lines];
    if (kind < 0 || n < 3 || n > 4)
        return "mỗi dòng có dạng loại|tên|điểm tối đa[|evidence], loại là group, item, bonus hoặc penalty.";
    if ((l->max = scoring_points_parse(f[2])) <= 0)
        return "điểm tối đa phải là số dương, tối đa hai chữ số thập phân (ví dụ 10 hoặc 2,5).";
    if (!evidence_word(n == 4 ? f[3] : "", &l->evidence) || (l->evidence && kind == SCORE_GROUP))
        return "cột thứ tư chỉ có thể là «evidence» (cần minh chứng) cho tiêu chí, điểm thưởng, điểm trừ.";
    l->kind = (score_kind_t)kind;
    l->name = arena_strdup(a, f[1]);
    out->n_lines++;
    return NULL;
}

static const char *one_band(arena_t *a, char *line, score_sheet_t *out)
{
    char *f[3];
    size_t n = split(line, f, 3);
    score_band_t *b = &out->bands[out->n_bands];
    if (n != 2 || (b->min = scoring_points_parse(f[0])) < 0)
        return "mỗi mức xếp loại có dạng điểm_sàn|tên mức (ví dụ 90|Xuất sắc).";
    b->name = arena_strdup(a, f[1]);
    out->n_bands++;
    return NULL;
}

status_t scoring_lines_parse(arena_t *a, const char *text, score_sheet_t *out, const char **why)
{
    out->n_lines = 0;
    out->lines = arena_calloc(a, SCORE_MAX_LINES, sizeof *out->lines);
    if (!out->lines)
        return ST_NOMEM;
    return each_line(a, text, out, SCORE_MAX_LINES, one_line, why);
}

status_t scoring_bands_parse(arena_t *a, const char *text, score_sheet_t *out, const char **why)
{
    out->n_bands = 0;
    out->bands = arena_calloc(a, SCORE_MAX_BANDS, sizeof *out->bands);
    if (!out->bands)
        return ST_NOMEM;
    status_t s = each_line(a, text, out, SCORE_MAX_BANDS, one_band, why);
    if (s == ST_OK && out->n_bands == 0) {
        const score_band_t *d;
        scoring_default_bands(&d, &out->n_bands);
        memcpy(out->bands, d, out->n_bands * sizeof *d);
    }
    return s;
}

status_t scoring_sheet_parse(arena_t *a, const char *total, const char *lines, const char *bands, score_sheet_t *out,
                             const char **why)
{
    *out = (score_sheet_t){.total = scoring_points_parse(total)};
    if (out->total <= 0) {
        *why = "Tổng điểm của bảng phải là số dương, tối đa hai chữ số thập phân (ví dụ 100).";
        return ST_INVALID;
    }
    status_t s = scoring_lines_parse(a, lines, out, why);
    return s == ST_OK ? scoring_bands_parse(a, bands, out, why) : s;
}

const char *scoring_lines_text(arena_t *a, const score_sheet_t *s)
{
    const char *t = "";
    for (size_t i = 0; t && i < s->n_lines; i++) {
        const score_line_t *l = &s->lines[i];
        t = arena_printf(a, "%s%s|%s|%s%s\n", t, kind_codes[l->kind], l->name, scoring_points_format(a, l->max),
                         l->evidence ? "|evidence" : "");
    }
    return t;
}

const char *scoring_bands_text(arena_t *a, const score_sheet_t *s)
{
    const char *t = "";
    for (size_t i = 0; t && i < s->n_bands; i++)
        t = arena_printf(a, "%s%s|%s\n", t, scoring_points_format(a, s->bands[i].min), s->bands[i].name);
    return t;
}

/* ---- checking -------------------------------------------------------------- */

static const char *pts(arena_t *a, int64_t v) { return scoring_points_format(a, v); }

/* *WHY for a group whose items do not add up (GROUP NULL: none to close). */
static const char *close_group(arena_t *a, const score_line_t *group, int64_t sum, size_t items)
{
    if (!group)
        return NULL;
    if (!items)
        return arena_printf(a, "Nhóm «%s» chưa có tiêu chí nào.", group->name);
    if (sum != group->max)
        return arena_printf(a, "Nhóm «%s» có tổng điểm các tiêu chí là %s, khác điểm tối đa của nhóm là %s.",
                            group->name, pts(a, sum), pts(a, group->max));
    return NULL;
}

static const char *lines_why(arena_t *a, const score_sheet_t *s)
{
    const score_line_t *group = NULL;
    int64_t groups = 0, sum = 0;
    size_t items = 0;
    const char *why = NULL;
    for (size_t i = 0; !why && i < s->n_lines; i++) {
        const score_line_t *l = &s->lines[i];
        if (!l->name || !*l->name || text_chars(l->name) > 500)
            return "Tên nhóm, tiêu chí không được để trống và không quá 500 ký tự.";
        if (l->max <= 0 || l->max > SCORE_MAX_POINTS)
            return arena_printf(a, "Điểm tối đa của «%s» phải lớn hơn 0 và không quá 1000.", l->name);
        if (l->kind == SCORE_GROUP) {
            why = close_group(a, group, sum, items);
            group = l;
            groups += l->max;
            sum = 0;
            items = 0;
        } else if (l->kind == SCORE_ITEM) {
            if (!group)
                return arena_printf(a, "Tiêu chí «%s» phải nằm trong một nhóm (thêm dòng nhóm phía trên).", l->name);
            sum += l->max;
            items++;
        }
    }
    if (!why)
        why = close_group(a, group, sum, items);
    if (!why && !group)
        return "Bảng tiêu chí phải có ít nhất một nhóm tiêu chí.";
    if (!why && groups != s->total)
        why = arena_printf(a, "Tổng điểm tối đa của các nhóm là %s, khác tổng điểm của bảng là %s.", pts(a, groups),
                           pts(a, s->total));
    return why;
}

static const char *bands_why(arena_t *a, const score_sheet_t *s)
{
    if (s->n_bands == 0 || s->n_bands > SCORE_MAX_BANDS)
        return "Phải có từ 1 đến 10 mức xếp loại.";
    for (size_t i = 0; i < s->n_bands; i++) {
        const score_band_t *b = &s->bands[i];
        if (!b->name || !*b->name || text_chars(b->name) > 100)
            return "Tên mức xếp loại không được để trống và không quá 100 ký tự.";
        if (i > 0 && b->min >= s->bands[i - 1].min)
            return arena_printf(a, "Các mức xếp loại phải có điểm sàn giảm dần và không trùng nhau: mức «%s» (%s) "
                                "phải thấp hơn mức «%s» (%s).", b->name, pts(a, b->min), s->bands[i - 1].name,
                                pts(a, s->bands[i - 1].min));
        if (b->min > s->total)
            return arena_printf(a, "Điểm sàn của mức «%s» (%s) vượt quá tổng điểm của bảng.", b->name, pts(a, b->min));
    }
    if (s->bands[s->n_bands - 1].min != 0)
        return arena_printf(a, "Mức xếp loại thấp nhất («%s») phải có điểm sàn là 0.", s->bands[s->n_bands - 1].name);
    return NULL;
}

status_t scoring_sheet_check(arena_t *a, const score_sheet_t *s, const char **why)
{
    *why = NULL;
    if (s->total <= 0 || s->total > SCORE_MAX_POINTS)
        *why = "Tổng điểm của bảng phải lớn hơn 0 và không quá 1000.";
    else if (s->n_lines > SCORE_MAX_LINES)
        *why = "Bảng tiêu chí không quá 500 dòng.";
    if (!*why)
        *why = lines_why(a, s);
    if (!*why)
        *why = bands_why(a, s);
    return *why ? ST_INVALID : ST_OK;
}

/* ---- storage --------------------------------------------------------------- */

static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

static score_kind_t kind_of(const char *code)
{
    for (int i = 0; code && i < 4; i++)
        if (strcmp(code, kind_codes[i]) == 0)
            return (score_kind_t)i;
    return SCORE_GROUP;
}

static void read_line(db_stmt_t *st, void *row, arena_t *a)
{
    score_line_t *l = row;
    l->id = db_col_int(st, 0);
    l->kind = kind_of(db_col_text(st, 1));
    l->name = arena_strdup(a, db_col_text(st, 2));
    l->max = db_col_int(st, 3);
    l->evidence = db_col_int(st, 4) != 0;
}

static void read_band(db_stmt_t *st, void *row, arena_t *a)
{
    score_band_t *b = row;
    b->min = db_col_int(st, 0);
    b->name = arena_strdup(a, db_col_text(st, 1));
}

/* The stored sheet of MOVEMENT, no permission check. */
static status_t load_sheet(ctx_t *c, int64_t movement, score_sheet_t *out)
{
    *out = (score_sheet_t){.movement_id = movement};
    int64_t used = 0;
    status_t s = db_get_int(c->db, &out->total, "SELECT total FROM score_sheets WHERE movement_id = ?1", "i", movement);
    if (s == ST_NOT_FOUND) {
        const score_band_t *d;
        scoring_default_bands(&d, &out->n_bands);
        out->bands = (score_band_t *)d;
        out->total = 10000;
        return ST_OK;
    }
    out->exists = s == ST_OK;
    db_stmt_t *st;
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT id, kind, name, max_points, evidence FROM score_items"
                                             " WHERE movement_id = ?1 ORDER BY position", &st)) == ST_OK) {
        db_bindf(st, "i", movement);
        s = db_collect(st, c->arena, (void **)&out->lines, &out->n_lines, sizeof *out->lines, read_line);
    }
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT min_points, name FROM score_bands WHERE movement_id = ?1"
                                             " ORDER BY min_points DESC", &st)) == ST_OK) {
        db_bindf(st, "i", movement);
        s = db_collect(st, c->arena, (void **)&out->bands, &out->n_bands, sizeof *out->bands, read_band);
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &used, "SELECT COUNT(*) FROM score_entries WHERE movement_id = ?1", "i", movement);
    out->locked = used > 0;
    return s;
}

status_t scoring_sheet_get(ctx_t *c, int64_t movement, score_sheet_t *out)
{
    movement_t m;
    status_t s = movement_get(c, movement, &m);
    return s == ST_OK ? load_sheet(c, movement, out) : s;
}

static status_t insert_lines(ctx_t *c, int64_t movement, const score_sheet_t *in)
{
    status_t s = ST_OK;
    int64_t group = 0;
    for (size_t i = 0; s == ST_OK && i < in->n_lines; i++) {
        const score_line_t *l = &in->lines[i];
        if (l->kind == SCORE_GROUP)
            group = (int64_t)i;
        s = db_run(c->db, NULL, "INSERT INTO score_items (movement_id, position, kind, name, max_points, evidence, group_pos)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", l->kind == SCORE_ITEM ? "iittiii" : "iittiin", movement,
                   (int64_t)i, kind_codes[l->kind], l->name, l->max, (int64_t)l->evidence, group);
    }
    for (size_t i = 0; s == ST_OK && i < in->n_bands; i++)
        s = db_run(c->db, NULL, "INSERT INTO score_bands (movement_id, min_points, name) VALUES (?1, ?2, ?3)", "iit",
                   movement, in->bands[i].min, in->bands[i].name);
    return s;
}

static status_t replace_sheet(ctx_t *c, int64_t movement, const score_sheet_t *in)
{
    status_t s = db_run(c->db, NULL, "DELETE FROM score_items WHERE movement_id = ?1", "i", movement);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "DELETE FROM score_bands WHERE movement_id = ?1", "i", movement);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "DELETE FROM score_sheets WHERE movement_id = ?1", "i", movement);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "INSERT INTO score_sheets (movement_id, total, saved_by, saved_at)"
                   " VALUES (?1, ?2, " NO_USER(3) ", ?4)", "iiii", movement, in->total, c->user_id, time_now());
    return s == ST_OK ? insert_lines(c, movement, in) : s;
}

status_t scoring_sheet_save(ctx_t *c, int64_t movement, const score_sheet_t *in, const char **why)
{
    *why = NULL;
    movement_t m;
    status_t s = movement_get(c, movement, &m);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, m.owner_unit_id);
    if (s == ST_OK)
        s = scoring_sheet_check(c->arena, in, why);
    if (s == ST_OK && strcmp(m.state, "closed") == 0) {
        *why = "Phong trào đã kết thúc, không sửa bảng tiêu chí được nữa.";
        s = ST_CONFLICT;
    }
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    int64_t used = 0;
    s = db_get_int(c->db, &used, "SELECT COUNT(*) FROM score_entries WHERE movement_id = ?1", "i", movement);
    if (s == ST_OK && used) {
        *why = "Đã có đơn vị chấm điểm theo bảng tiêu chí này, không sửa bảng được nữa.";
        s = ST_CONFLICT;
    }
    if (s == ST_OK)
        s = replace_sheet(c, movement, in);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s}", "total", scoring_points_format(c->arena, in->total), "sheet",
                                  scoring_lines_text(c->arena, in), "bands", scoring_bands_text(c->arena, in));
        s = after ? audit_append(c, "save", "score_sheet", movement, m.owner_unit_id, NULL, after) : ST_NOMEM;
        json_decref(after);
    }
    return finish(c, s);
}

/* ---- scoring --------------------------------------------------------------- */

typedef struct {
    movement_t m;
    int64_t parent;          /* the unit's direct superior today (0: none) */
} scope_t;

/* The movement (visible to C) and UNIT's place: strictly under its owner. */
static status_t load_scope(ctx_t *c, int64_t movement, int64_t unit, scope_t *sc, const char **why)
{
    int64_t under = 0;
    status_t s = movement_get(c, movement, &sc->m);
    sc->parent = 0;
    if (s == ST_OK)
        s = db_get_int(c->db, &under, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                       " AND depth > 0 AND valid_to IS NULL", "ii", sc->m.owner_unit_id, unit);
    if (s == ST_OK && under)
        s = db_get_int(c->db, &sc->parent, "SELECT ancestor_id FROM unit_tree WHERE descendant_id = ?1 AND depth = 1"
                       " AND valid_to IS NULL", "i", unit);
    if (s == ST_OK && !under) {
        *why = "Đơn vị không trực thuộc đơn vị phát động phong trào nên không được chấm theo phong trào này.";
        s = ST_INVALID;
    }
    return s;
}

static bool is_open(const movement_t *m)
{
    return strcmp(m->state, "draft") != 0 && strcmp(m->state, "closed") != 0;
}

static const score_line_t *find_item(const score_sheet_t *sh, int64_t id)
{
    for (size_t i = 0; i < sh->n_lines; i++)
        if (sh->lines[i].id == id && sh->lines[i].kind != SCORE_GROUP)
            return &sh->lines[i];
    return NULL;
}

static const char *entry_why(arena_t *a, const score_sheet_t *sh, const score_in_t *e, bool official)
{
    const score_line_t *l = find_item(sh, e->item_id);
    if (!l)
        return arena_printf(a, "Tiêu chí số %lld không có trong bảng tiêu chí của phong trào.", (long long)e->item_id);
    if (e->points < 0 || e->points > l->max)
        return arena_printf(a, "Điểm của «%s» phải từ 0 đến %s.", l->name, pts(a, l->max));
    if (e->comment && text_chars(e->comment) > 2000)
        return arena_printf(a, "Nhận xét về «%s» không quá 2000 ký tự.", l->name);
    if (e->evidence && text_chars(e->evidence) > 1000)
        return arena_printf(a, "Minh chứng của «%s» không quá 1000 ký tự.", l->name);
    if (!official && l->evidence && e->points > 0 && !(e->evidence && *e->evidence))
        return arena_printf(a, "«%s» cần có minh chứng (ghi chú hoặc tên tệp).", l->name);
    return NULL;
}

static status_t put_entries(ctx_t *c, int64_t movement, int64_t unit, bool official, const score_in_t *in, size_t n,
                            json_t *log)
{
    static const char *const self_sql =
        "INSERT INTO score_entries (movement_id, unit_id, item_id, self_points, self_comment, evidence, self_by, self_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, " NO_USER(7) ", ?8) ON CONFLICT (unit_id, item_id) DO UPDATE SET"
        " self_points = excluded.self_points, self_comment = excluded.self_comment, evidence = excluded.evidence,"
        " self_by = excluded.self_by, self_at = excluded.self_at";
    static const char *const official_sql =
        "INSERT INTO score_entries (movement_id, unit_id, item_id, official_points, official_comment, evidence,"
        " official_by, official_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " NO_USER(7) ", ?8)"
        " ON CONFLICT (unit_id, item_id) DO UPDATE SET official_points = excluded.official_points,"
        " official_comment = excluded.official_comment, official_by = excluded.official_by,"
        " official_at = excluded.official_at";
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        const char *comment = in[i].comment && *in[i].comment ? in[i].comment : NULL;
        const char *ev = !official && in[i].evidence && *in[i].evidence ? in[i].evidence : NULL;
        s = db_run(c->db, NULL, official ? official_sql : self_sql, "iiiittii", movement, unit, in[i].item_id,
                   in[i].points, comment, ev, c->user_id, time_now());
        json_t *j = json_pack("{s:I, s:I}", "item_id", (json_int_t)in[i].item_id, "points", (json_int_t)in[i].points);
        jobj_str(j, "comment", comment);
        if (ev)
            jobj_str(j, "evidence", ev);
        jarr_take(log, j);
    }
    return s;
}

/* Checks who may write: the unit itself for a self score, its superior for
 * the official one. */
static status_t may_score(ctx_t *c, const scope_t *sc, int64_t unit, bool official)
{
    if (!official)
        return perm_check(c, PERM_WRITE, unit);
    return sc->parent ? perm_check(c, PERM_WRITE, sc->parent) : ST_FORBIDDEN;
}

static status_t save_checks(ctx_t *c, int64_t movement, int64_t unit, bool official, const score_in_t *in, size_t n,
                            score_sheet_t *sh, const char **why)
{
    scope_t sc;
    int64_t reviewed = 0;
    status_t s = load_scope(c, movement, unit, &sc, why);
    if (s == ST_INVALID || s == ST_OK) {
        status_t p = may_score(c, &sc, unit, official);
        s = p != ST_OK ? p : s; /* a refused caller learns nothing about the unit */
    }
    if (s == ST_OK && !is_open(&sc.m)) {
        *why = "Chỉ chấm điểm được phong trào đã phát động và chưa kết thúc.";
        s = ST_CONFLICT;
    }
    if (s == ST_OK)
        s = load_sheet(c, movement, sh);
    if (s == ST_OK && !sh->exists) {
        *why = "Phong trào chưa có bảng tiêu chí chấm điểm.";
        s = ST_INVALID;
    }
    for (size_t i = 0; s == ST_OK && i < n; i++)
        if ((*why = entry_why(c->arena, sh, &in[i], official)))
            s = ST_INVALID;
    if (s == ST_OK && !official)
        s = db_get_int(c->db, &reviewed, "SELECT COUNT(*) FROM score_entries WHERE movement_id = ?1 AND unit_id = ?2"
                       " AND official_points IS NOT NULL", "ii", movement, unit);
    if (s == ST_OK && reviewed) {
        *why = "Cấp trên đã chấm điểm chính thức, đơn vị không sửa điểm tự chấm được nữa.";
        s = ST_CONFLICT;
    }
    return s;
}

status_t scoring_save(ctx_t *c, int64_t movement, int64_t unit, bool official, const score_in_t *in, size_t n,
                      const char **why)
{
    *why = NULL;
    if (n == 0 || n > SCORE_MAX_LINES) {
        *why = "Chưa nhập điểm cho tiêu chí nào.";
        return ST_INVALID;
    }
    score_sheet_t sh;
    status_t s = db_begin_write(c->db);
    if (s == ST_OK)
        s = save_checks(c, movement, unit, official, in, n, &sh, why);
    json_t *items = json_array();
    if (s == ST_OK)
        s = put_entries(c, movement, unit, official, in, n, items);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:O}", "unit_id", (json_int_t)unit, "items", items);
        s = after ? audit_append(c, official ? "official" : "self", "score", movement, unit, NULL, after) : ST_NOMEM;
        json_decref(after);
    }
    json_decref(items);
    return finish(c, s);
}

/* ---- totals, cards, ranking ------------------------------------------------ */

typedef struct {
    int64_t self, official;
    int64_t n_self, n_official;
} acc_t;

/* Adds the sums of one kind: SELF over N_SELF self entries, EFFECTIVE (the
 * official points, or the self ones where not fixed) with N_OFFICIAL fixed. */
static void acc_add(acc_t *t, score_kind_t kind, int64_t self, int64_t n_self, int64_t effective, int64_t n_official)
{
    int64_t sign = kind == SCORE_PENALTY ? -1 : kind == SCORE_GROUP ? 0 : 1;
    t->self += sign * self;
    t->official += sign * effective;
    t->n_self += n_self;
    t->n_official += n_official;
}

static score_totals_t acc_totals(const acc_t *t, const score_sheet_t *sh)
{
    score_totals_t r = {.self_total = t->self > 0 ? t->self : 0, .official_total = t->official > 0 ? t->official : 0,
                        .scored = t->n_self > 0, .reviewed = t->n_official > 0};
    r.total = r.reviewed ? r.official_total : r.self_total;
    r.provisional = !r.reviewed;
    if (r.scored || r.reviewed)
        r.band = scoring_classify(sh->bands, sh->n_bands, r.total);
    return r;
}

static const char *opt_text(arena_t *a, db_stmt_t *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

/* Fills the rows of OUT from the sheet and UNIT's entries. */
static status_t card_rows(ctx_t *c, score_card_t *out)
{
    out->n_rows = out->sheet.n_lines;
    out->rows = arena_calloc(c->arena, out->n_rows + 1, sizeof *out->rows);
    if (!out->rows)
        return ST_NOMEM;
    for (size_t i = 0; i < out->n_rows; i++)
        out->rows[i].line = out->sheet.lines[i];
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT item_id, self_points, self_comment, evidence, official_points, official_comment"
                                   " FROM score_entries WHERE movement_id = ?1 AND unit_id = ?2", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ii", out->movement_id, out->unit_id);
    acc_t acc = {0};
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        for (size_t i = 0; i < out->n_rows; i++) {
            score_row_t *w = &out->rows[i];
            if (w->line.id != db_col_int(st, 0))
                continue;
            w->has_self = !db_col_null(st, 1);
            w->self_points = db_col_int(st, 1);
            w->self_comment = opt_text(c->arena, st, 2);
            w->evidence = opt_text(c->arena, st, 3);
            w->has_official = !db_col_null(st, 4);
            w->official_points = db_col_int(st, 4);
            w->official_comment = opt_text(c->arena, st, 5);
            acc_add(&acc, w->line.kind, w->self_points, w->has_self, w->has_official ? w->official_points : w->self_points,
                    w->has_official);
        }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    out->totals = acc_totals(&acc, &out->sheet);
    return s;
}

status_t scoring_card(ctx_t *c, int64_t movement, int64_t unit, score_card_t *out)
{
    *out = (score_card_t){.movement_id = movement, .unit_id = unit};
    scope_t sc;
    const char *why = NULL;
    status_t s = perm_check(c, PERM_READ, unit);
    if (s == ST_OK)
        s = load_scope(c, movement, unit, &sc, &why);
    if (s == ST_INVALID)
        s = ST_FORBIDDEN; /* the unit takes no part in this movement */
    if (s == ST_OK)
        s = load_sheet(c, movement, &out->sheet);
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &out->unit_name, "SELECT name FROM units WHERE id = ?1", "i", unit);
    if (s == ST_OK)
        s = card_rows(c, out);
    if (s != ST_OK)
        return s;
    out->movement_name = sc.m.spec.name;
    out->movement_open = is_open(&sc.m);
    out->can_self = may_score(c, &sc, unit, false) == ST_OK && !out->totals.reviewed;
    out->can_official = may_score(c, &sc, unit, true) == ST_OK;
    return ST_OK;
}

/* The units to rank and their sums per kind, in list order. */
static status_t ranking_rows(ctx_t *c, int64_t movement, int64_t owner, int64_t cluster, const score_sheet_t *sh,
                             score_rank_t **out, size_t *n)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT u.id, u.code, u.name, COALESCE(i.kind, 'group'), COALESCE(SUM(e.self_points), 0), COUNT(e.self_points),"
        " COALESCE(SUM(COALESCE(e.official_points, e.self_points)), 0), COUNT(e.official_points)"
        " FROM units u LEFT JOIN score_entries e ON e.unit_id = u.id AND e.movement_id = ?1"
        " LEFT JOIN score_items i ON i.id = e.item_id"
        " WHERE ((?2 > 0 AND u.id IN (SELECT unit_id FROM emulation_group_members WHERE group_id = ?2))"
        " OR (?2 = 0 AND u.valid_to IS NULL AND u.id IN (SELECT descendant_id FROM unit_tree WHERE ancestor_id = ?3"
        " AND depth = 1 AND valid_to IS NULL))) AND " PERM_SCOPE("u.id", 4, 5)
        " GROUP BY u.id, u.code, u.name, u.sort_key, i.kind ORDER BY u.sort_key, u.id", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "iiiit", movement, cluster, owner, perm_scope_user(c), perm_code(PERM_READ));
    size_t cap = 16, k = 0;
    score_rank_t *r = arena_calloc(c->arena, cap, sizeof *r);
    acc_t acc = {0};
    int rc;
    while (r && (rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        if (k == 0 || r[k - 1].unit_id != id) {
            if (k)
                r[k - 1].totals = acc_totals(&acc, sh);
            acc = (acc_t){0};
            if (k == cap) {
                score_rank_t *bigger = arena_calloc(c->arena, cap *= 2, sizeof *r);
                if (bigger)
                    memcpy(bigger, r, k * sizeof *r);
                if (!(r = bigger))
                    break;
            }
            r[k++] = (score_rank_t){.unit_id = id, .code = arena_strdup(c->arena, db_col_text(st, 1)),
                                    .name = arena_strdup(c->arena, db_col_text(st, 2))};
        }
        acc_add(&acc, kind_of(db_col_text(st, 3)), db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6), db_col_int(st, 7));
    }
    s = !r ? ST_NOMEM : rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && k)
        r[k - 1].totals = acc_totals(&acc, sh);
    *out = r;
    *n = s == ST_OK ? k : 0;
    return s;
}

static int by_rank(const void *pa, const void *pb)
{
    const score_rank_t *a = pa, *b = pb;
    if (a->totals.reviewed != b->totals.reviewed)
        return a->totals.reviewed ? -1 : 1;
    if (a->totals.reviewed && a->totals.official_total != b->totals.official_total)
        return a->totals.official_total > b->totals.official_total ? -1 : 1;
    return a->unit_id < b->unit_id ? -1 : a->unit_id > b->unit_id;
}

status_t scoring_ranking(ctx_t *c, int64_t movement, int64_t cluster, score_rank_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    movement_t m;
    score_sheet_t sh;
    int64_t owner = 0;
    status_t s = movement_get(c, movement, &m);
    if (s == ST_OK && cluster > 0) {
        s = db_get_int(c->db, &owner, "SELECT owner_unit_id FROM emulation_groups WHERE id = ?1", "i", cluster);
        s = s == ST_NOT_FOUND ? ST_FORBIDDEN : s == ST_OK ? perm_check(c, PERM_READ, owner) : s;
    }
    if (s == ST_OK)
        s = load_sheet(c, movement, &sh);
    if (s == ST_OK)
        s = ranking_rows(c, movement, m.owner_unit_id, cluster, &sh, out, n);
    if (s != ST_OK)
        return s;
    qsort(*out, *n, sizeof **out, by_rank);
    for (size_t i = 0; i < *n; i++) {
        score_rank_t *x = &(*out)[i];
        if (!x->totals.reviewed)
            break;
        x->rank = (i > 0 && (*out)[i - 1].totals.official_total == x->totals.official_total) ? (*out)[i - 1].rank
                                                                                            : (int64_t)i + 1;
        x->tie = (i > 0 && (*out)[i - 1].rank == x->rank) ||
                 (i + 1 < *n && (*out)[i + 1].totals.reviewed &&
                  (*out)[i + 1].totals.official_total == x->totals.official_total);
    }
    return ST_OK;
}
