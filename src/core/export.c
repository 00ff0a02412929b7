/* Lists to export: people and units of a subtree as typed rows. See
 * src/core/export.h. */
#include "core/export.h"

#include <stdio.h>
#include <string.h>

#include "core/person.h"
#include "core/unit.h"
#include "lib/time.h"

static const char *const people_header[] = {
    "STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Điện thoại", "Email", "Mã đơn vị", "Tên đơn vị",
    "Chức vụ", "Từ ngày", "Ngày vào công đoàn", "Lao động trực tiếp", "Cán bộ quản lý",
};
#define PEOPLE_COLS (sizeof people_header / sizeof *people_header)

static const char *const units_header[] = {
    "STT", "Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Mã đơn vị cấp trên", "Loại đơn vị", "Khu vực", "Địa chỉ",
    "Ngày thành lập",
};
#define UNITS_COLS (sizeof units_header / sizeof *units_header)

const char *const *export_people_header(size_t *n)
{
    *n = PEOPLE_COLS;
    return people_header;
}

const char *const *export_units_header(size_t *n)
{
    *n = UNITS_COLS;
    return units_header;
}

static export_cell_t text_cell(const char *s) { return (export_cell_t){.kind = EXPORT_TEXT, .text = s}; }

/* A date cell for an ISO date (BUF holds its dd/mm/yyyy text), a text cell
 * for anything else (a year alone). */
static export_cell_t date_cell(const char *iso, char buf[16])
{
    date_t d;
    if (!iso || !date_parse_iso(iso, &d))
        return text_cell(iso);
    snprintf(buf, 16, "%02d/%02d/%04d", d.d, d.m, d.y);
    return (export_cell_t){.kind = EXPORT_DATE, .text = buf, .y = d.y, .m = d.m, .d = d.d};
}

/* The tops of the caller's scope (units they may read whose parent they may
 * not), as of AT. */
static status_t tops(ctx_t *c, const char *at, unit_t **out, size_t *n)
{
    return unit_list_at(c, 0, at, out, n);
}

/* ---- people -------------------------------------------------------------------------- */

typedef struct {
    export_row_fn fn;
    void *arg;
    int64_t rows;
    int stop;
} people_walk_t;

static int person_row(const person_row_t *r, void *arg)
{
    people_walk_t *w = arg;
    char d1[16], d2[16], d3[16];
    export_cell_t cells[PEOPLE_COLS] = {
        {.kind = EXPORT_INT, .i = w->rows + 1},
        text_cell(r->full_name),
        text_cell(!r->gender ? NULL : r->gender[0] == 'F' ? "Nữ" : "Nam"),
        date_cell(r->birth_date, d1),
        text_cell(r->cccd),
        text_cell(r->phone),
        text_cell(r->email),
        text_cell(r->unit_code),
        text_cell(r->unit_name),
        text_cell(r->position),
        date_cell(r->from_date, d2),
        date_cell(r->member_since, d3),
        text_cell(r->direct_worker ? "x" : NULL),
        text_cell(r->manager ? "x" : NULL),
    };
    w->rows++;
    w->stop = w->fn(w->arg, cells, PEOPLE_COLS);
    return w->stop;
}

status_t export_people_each(ctx_t *c, int64_t unit_id, const char *at, bool subtree, export_row_fn fn, void *arg,
                            int64_t *rows)
{
    people_walk_t w = {.fn = fn, .arg = arg};
    status_t s = ST_OK;
    if (rows)
        *rows = 0;
    if (unit_id) {
        s = person_list_each(c, unit_id, at, subtree, person_row, &w);
    } else {
        unit_t *t;
        size_t n;
        s = tops(c, at, &t, &n);
        for (size_t i = 0; s == ST_OK && i < n && !w.stop; i++)
            s = person_list_each(c, t[i].id, at, subtree, person_row, &w);
    }
    if (rows)
        *rows = w.rows;
    return s;
}

status_t export_people_count(ctx_t *c, int64_t unit_id, const char *at, bool subtree, int64_t *count)
{
    *count = 0;
    unit_t one = {.id = unit_id}, *t = &one;
    size_t n = 1;
    status_t s = unit_id ? ST_OK : tops(c, at, &t, &n);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        int64_t total = 0;
        s = person_count(c, t[i].id, at, subtree, INT64_MAX, &total);
        *count += total;
    }
    return s;
}

/* ---- units --------------------------------------------------------------------------- */

typedef struct {
    ctx_t *c;
    const char *at;
    export_row_fn fn;
    void *arg;
    int64_t rows;
    int stop;
    struct {
        const char *code, *name;
    } sectors[32];
    size_t n_sectors;
} units_walk_t;

static const char *sector_name(units_walk_t *w, const char *code)
{
    for (size_t i = 0; code && i < w->n_sectors; i++)
        if (strcmp(w->sectors[i].code, code) == 0)
            return w->sectors[i].name;
    return code;
}

static status_t unit_row(units_walk_t *w, const unit_t *u, const char *parent_code)
{
    char d[16];
    bool founded = u->valid_from && strcmp(u->valid_from, "1900-01-01") != 0; /* 1900-01-01: not known */
    export_cell_t cells[UNITS_COLS] = {
        {.kind = EXPORT_INT, .i = w->rows + 1},
        text_cell(u->code),
        text_cell(u->name),
        text_cell(u->short_name),
        text_cell(parent_code),
        text_cell(u->kind_name),
        text_cell(sector_name(w, u->sector)),
        text_cell(u->address),
        founded ? date_cell(u->valid_from, d) : text_cell(NULL),
    };
    w->rows++;
    w->stop = w->fn(w->arg, cells, UNITS_COLS);
    return ST_OK;
}

/* U's row, then its children's subtrees. DEPTH guards against a broken tree. */
static status_t walk(units_walk_t *w, const unit_t *u, const char *parent_code, int depth)
{
    status_t s = unit_row(w, u, parent_code);
    if (s != ST_OK || w->stop || depth > 32)
        return s;
    unit_t *kids;
    size_t n;
    if ((s = unit_list_at(w->c, u->id, w->at, &kids, &n)) != ST_OK)
        return s;
    for (size_t i = 0; s == ST_OK && i < n && !w->stop; i++)
        s = walk(w, &kids[i], u->code, depth + 1);
    return s;
}

static status_t load_sectors(units_walk_t *w)
{
    db_stmt_t *st;
    status_t s = db_prepare(w->c->db, "SELECT code, name FROM sectors ORDER BY rank", &st);
    if (s != ST_OK)
        return s;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && w->n_sectors < sizeof w->sectors / sizeof *w->sectors) {
        w->sectors[w->n_sectors].code = arena_strdup(w->c->arena, db_col_text(st, 0));
        w->sectors[w->n_sectors].name = arena_strdup(w->c->arena, db_col_text(st, 1));
        if (w->sectors[w->n_sectors].code && w->sectors[w->n_sectors].name)
            w->n_sectors++;
    }
    s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(w->c->db);
    db_finalize(st);
    return s;
}

/* ROOT as it was on DAY (its name then, and whether it existed); its parent
 * code when the caller may read the parent. *EXISTS false: no rows. */
static status_t root_at(ctx_t *c, int64_t root, const char *day, unit_t *u, const char **parent_code, bool *exists)
{
    *parent_code = NULL;
    status_t s = unit_get(c, root, u);
    if (s != ST_OK)
        return s;
    *exists = strcmp(u->valid_from, day) <= 0 && (!u->valid_to || strcmp(u->valid_to, day) > 0);
    if (!*exists)
        return ST_OK;
    db_stmt_t *st;
    if ((s = db_prepare(c->db, "SELECT name, short_name FROM unit_names WHERE unit_id = ?1 AND valid_from <= ?2"
                               " AND valid_to > ?2", &st)) != ST_OK)
        return s;
    db_bindf(st, "it", root, day);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        u->name = arena_strdup(c->arena, db_col_text(st, 0));
        u->short_name = arena_strdup(c->arena, db_col_text(st, 1));
    }
    s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    int64_t parent = 0;
    if (s == ST_OK)
        s = unit_parent_at(c, root, day, &parent);
    unit_t p;
    if (s == ST_OK && parent && unit_get(c, parent, &p) == ST_OK)
        *parent_code = p.code;
    return s;
}

status_t export_units_each(ctx_t *c, int64_t root, const char *at, export_row_fn fn, void *arg, int64_t *rows)
{
    date_t chk;
    if (rows)
        *rows = 0;
    if (at && !date_parse_iso(at, &chk))
        return ST_INVALID;
    const char *day = at ? at : unit_today(c);
    if (!day)
        return ST_NOMEM;
    units_walk_t w = {.c = c, .at = day, .fn = fn, .arg = arg};
    status_t s = load_sectors(&w);
    if (s != ST_OK)
        return s;
    if (root) {
        unit_t u;
        const char *parent_code;
        bool exists = false;
        s = root_at(c, root, day, &u, &parent_code, &exists);
        if (s == ST_OK && exists)
            s = walk(&w, &u, parent_code, 0);
    } else {
        unit_t *t;
        size_t n;
        s = tops(c, day, &t, &n);
        for (size_t i = 0; s == ST_OK && i < n && !w.stop; i++) {
            unit_t u;
            const char *parent_code;
            bool exists = false;
            s = root_at(c, t[i].id, day, &u, &parent_code, &exists);
            if (s == ST_OK)
                s = walk(&w, &t[i], parent_code, 0);
        }
    }
    if (rows)
        *rows = w.rows;
    return s;
}

status_t export_units_count(ctx_t *c, int64_t root, const char *at, int64_t *count)
{
    *count = 0;
    unit_t one = {.id = root}, *t = &one;
    size_t n = 1;
    status_t s = root ? ST_OK : tops(c, at, &t, &n);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        int64_t k = 0;
        s = unit_count_subtree(c, t[i].id, at, &k);
        *count += k;
    }
    return s;
}
