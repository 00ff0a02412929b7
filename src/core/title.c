#include "core/title.h"

#include <string.h>

#include "core/unit.h"
#include "lib/time.h"

#define TITLE_COLS "code, name, subject, kind, scheme, legal_basis, valid_from, valid_to, confidence, rank"

static void read_title(db_stmt_t *st, void *row, arena_t *a)
{
    title_t *t = row;
    const char **f[] = {&t->code, &t->name, &t->subject, &t->kind, &t->scheme,
                        &t->legal_basis, &t->valid_from, &t->valid_to, &t->confidence};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        *f[i] = db_col_null(st, (int)i) ? NULL : arena_strdup(a, db_col_text(st, (int)i));
    t->rank = db_col_int(st, 9);
}

static bool subject_ok(const char *s)
{
    return strcmp(s, "individual") == 0 || strcmp(s, "collective") == 0;
}

status_t title_list(ctx_t *c, const char *on, const char *subject, title_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    date_t d;
    if (!on)
        on = unit_today(c);
    if (!on)
        return ST_NOMEM;
    if (strlen(on) != 10 || !date_parse_iso(on, &d) || (subject && !subject_ok(subject)))
        return ST_INVALID;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT " TITLE_COLS " FROM titles"
                                   " WHERE (valid_from IS NULL OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to > ?1)"
                                   " AND (?2 IS NULL OR subject = ?2 OR subject = 'both') ORDER BY rank, code", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "tt", on, subject);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_title);
}

status_t title_find(ctx_t *c, const char *code, title_t *out)
{
    *out = (title_t){0};
    db_stmt_t *st;
    title_t *t = NULL;
    size_t n = 0;
    status_t s = db_prepare(c->db, "SELECT " TITLE_COLS " FROM titles WHERE code = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "t", code ? code : "");
    s = db_collect(st, c->arena, (void **)&t, &n, sizeof *t, read_title);
    if (s == ST_OK && n == 0)
        return ST_NOT_FOUND;
    if (s == ST_OK)
        *out = *t;
    return s;
}

bool title_for(const title_t *t, const char *subject)
{
    return strcmp(t->subject, "both") == 0 || strcmp(t->subject, subject) == 0;
}

bool title_valid_on(const title_t *t, const char *on)
{
    return (!t->valid_from || strcmp(t->valid_from, on) <= 0) && (!t->valid_to || strcmp(t->valid_to, on) > 0);
}

const char *title_kind_label(const char *kind)
{
    return kind && strcmp(kind, "form") == 0 ? "Hình thức khen thưởng" : "Danh hiệu thi đua";
}

const char *title_subject_label(const char *subject)
{
    if (subject && strcmp(subject, "both") == 0)
        return "Cá nhân và tập thể";
    return subject && strcmp(subject, "collective") == 0 ? "Tập thể" : "Cá nhân";
}
