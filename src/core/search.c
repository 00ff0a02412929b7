/* Name search over people and units. See src/core/search.h. */
#include "core/search.h"

#include <string.h>

#include "core/perm.h"
#include "core/person.h"
#include "lib/buf.h"
#include "lib/text.h"

status_t search_parse(arena_t *a, db_kind_t kind, const char *query, search_query_t *out)
{
    *out = (search_query_t){0};
    size_t len = query ? strlen(query) : 0;
    if (len > SEARCH_MAX_QUERY)
        return ST_INVALID;
    char *norm;
    status_t s = text_normalize(a, query ? query : "", len, &norm);
    if (s != ST_OK)
        return s;
    const char *fold = text_fold(a, norm);
    if (!fold)
        return ST_NOMEM;
    /* Words are the runs of [a-z0-9] of the folded text; anything else (the
     * syntax characters of FTS5 and tsquery among them) only separates. */
    for (const char *p = fold; *p && out->n < SEARCH_MAX_WORDS;) {
        size_t w = 0;
        while ((p[w] >= 'a' && p[w] <= 'z') || (p[w] >= '0' && p[w] <= '9'))
            w++;
        if (w == 0) {
            p++;
            continue;
        }
        out->words[out->n] = arena_strndup(a, p, w < SEARCH_MAX_WORD ? w : SEARCH_MAX_WORD);
        if (!out->words[out->n])
            return ST_NOMEM;
        out->n++;
        p += w;
    }
    if (out->n == 0)
        return ST_OK;
    buf_t pre, ex;
    buf_init(&pre, 1024);
    buf_init(&ex, 1024);
    for (size_t i = 0; i < out->n; i++) {
        if (kind == DB_PG) {
            buf_printf(&pre, "%s%s:*", i ? " & " : "", out->words[i]);
            buf_printf(&ex, "%s%s", i ? " & " : "", out->words[i]);
        } else {
            buf_printf(&pre, "%s\"%s\"*", i ? " AND " : "", out->words[i]);
            buf_printf(&ex, "%s\"%s\"", i ? " AND " : "", out->words[i]);
        }
    }
    s = buf_failed(&pre) || buf_failed(&ex) ? ST_NOMEM : ST_OK;
    if (s == ST_OK) {
        out->prefix_expr = arena_strdup(a, buf_str(&pre));
        out->exact_expr = arena_strdup(a, buf_str(&ex));
        s = out->prefix_expr && out->exact_expr ? ST_OK : ST_NOMEM;
    }
    buf_free(&pre);
    buf_free(&ex);
    return s;
}

/* The one documented exception to "SQL written once for both databases"
 * (DESIGN.md §3.10): full-text matching has no common syntax. SQLite answers
 * from an FTS5 table (MATCH, a prefix index per 2-4 letters); PostgreSQL
 * from a GIN index over to_tsvector('simple', name_fold), which only serves
 * a query repeating that exact expression. So each search has two
 * statements, side by side, chosen by db_kind(); parameters are the same:
 * ?1 prefix expression, ?2 exact expression, ?3/?4 PERM_SCOPE, ?5 limit,
 * ?6 offset. The expressions are bound, never spliced, and hold only
 * search_parse() words.
 *
 * Shape: the inner query filters and ranks (its cost grows with the number
 * of matches: a word that starts many names is slow, a full name is fast);
 * the outer one adds the display columns for the page only. */
#define RANKED(MATCH_FROM, EXACT)                                                                    \
    "SELECT q.id AS id, " EXACT " AS exact, length(q.name_fold) AS len, q.order_key AS okey "        \
    MATCH_FROM " AND q.merged_into IS NULL AND " PERM_SCOPE(PERSON_SCOPE_UNIT("q"), 3, 4)            \
    " ORDER BY exact DESC, len, okey, q.id LIMIT ?5 OFFSET ?6"
#define PEOPLE(MATCH_FROM, EXACT)                                                                    \
    "SELECT p.id, p.full_name, p.birth_date, NULL, COALESCE(u.id, 0), u.name, NULL, r.exact"          \
    " FROM (" RANKED(MATCH_FROM, EXACT) ") r JOIN persons p ON p.id = r.id"                          \
    " LEFT JOIN units u ON u.id = " PERSON_SCOPE_UNIT("p") " ORDER BY r.exact DESC, r.len, r.okey, r.id"

static const char people_sqlite[] = PEOPLE(
    "FROM persons_fts JOIN persons q ON q.id = persons_fts.rowid WHERE persons_fts MATCH ?1",
    "CASE WHEN q.id IN (SELECT rowid FROM persons_fts WHERE persons_fts MATCH ?2) THEN 1 ELSE 0 END");

static const char people_pg[] = PEOPLE(
    "FROM persons q WHERE to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', ?1)",
    "CASE WHEN to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', ?2) THEN 1 ELSE 0 END");

/* Units: few enough rows that one statement does it all. The parent is
 * named only when the caller may read it. */
#define UNITS(MATCH_FROM, EXACT)                                                                     \
    "SELECT u.id, u.name, NULL, u.code, COALESCE(pu.id, 0), pu.name, u.valid_to, " EXACT " AS exact"   \
    MATCH_FROM " AND " PERM_SCOPE("u.id", 3, 4)                                                      \
    " ORDER BY exact DESC, length(u.name_fold), u.sort_key, u.id LIMIT ?5 OFFSET ?6"

static const char units_sqlite[] = UNITS(
    " FROM units_fts JOIN units u ON u.id = units_fts.rowid"
    " LEFT JOIN units pu ON pu.id = u.parent_id AND " PERM_SCOPE("pu.id", 3, 4) " WHERE units_fts MATCH ?1",
    "CASE WHEN u.id IN (SELECT rowid FROM units_fts WHERE units_fts MATCH ?2) THEN 1 ELSE 0 END");

static const char units_pg[] = UNITS(
    " FROM units u LEFT JOIN units pu ON pu.id = u.parent_id AND " PERM_SCOPE("pu.id", 3, 4)
    " WHERE to_tsvector('simple', u.name_fold) @@ to_tsquery('simple', ?1)",
    "CASE WHEN to_tsvector('simple', u.name_fold) @@ to_tsquery('simple', ?2) THEN 1 ELSE 0 END");

static status_t run(ctx_t *c, const char *sql, const char *query, size_t offset, size_t limit, search_hit_t **out,
                    size_t *n, bool *more)
{
    *out = NULL;
    *n = 0;
    if (more)
        *more = false;
    if (limit < 1 || limit > SEARCH_MAX_LIMIT || offset > SEARCH_MAX_OFFSET)
        return ST_INVALID;
    search_query_t q;
    status_t s = search_parse(c->arena, db_kind(c->db), query, &q);
    if (s != ST_OK || q.n == 0)
        return s;
    db_stmt_t *st;
    if ((s = db_prepare(c->db, sql, &st)) != ST_OK)
        return s;
    db_bindf(st, "ttitii", q.prefix_expr, q.exact_expr, perm_scope_user(c), perm_code(PERM_READ),
             (int64_t)limit + 1, (int64_t)offset);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == limit) {
            if (more)
                *more = true;
            continue;
        }
        search_hit_t *h = arena_push(c->arena, (void **)out, n, &cap, sizeof *h);
        if (!h) {
            db_finalize(st);
            return ST_NOMEM;
        }
        const char *t[7] = {0};
        bool ok = true;
        for (int i = 1; i < 7; i++) {
            const char *v = db_col_text(st, i);
            t[i] = arena_strdup(c->arena, v);
            ok = ok && (!v || t[i]);
        }
        *h = (search_hit_t){.id = db_col_int(st, 0), .name = t[1], .birth_date = t[2], .code = t[3],
                            .unit_id = db_col_int(st, 4), .unit_name = t[5], .valid_to = t[6],
                            .exact = db_col_int(st, 7) != 0};
        if (!ok) {
            db_finalize(st);
            *out = NULL;
            *n = 0;
            return ST_NOMEM;
        }
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    if (s != ST_OK) {
        *out = NULL;
        *n = 0;
    }
    return s;
}

status_t search_people(ctx_t *c, const char *query, size_t offset, size_t limit, search_hit_t **out, size_t *n,
                       bool *more)
{
    return run(c, db_kind(c->db) == DB_PG ? people_pg : people_sqlite, query, offset, limit, out, n, more);
}

status_t search_units(ctx_t *c, const char *query, size_t offset, size_t limit, search_hit_t **out, size_t *n,
                      bool *more)
{
    return run(c, db_kind(c->db) == DB_PG ? units_pg : units_sqlite, query, offset, limit, out, n, more);
}
