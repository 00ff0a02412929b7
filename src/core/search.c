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
 * ?1 prefix expression, ?2 exact expression, ?3/?4 PERM_HOLDS, ?5 limit,
 * ?6 offset, ?7 SEARCH_CANDIDATES. The expressions are bound, never spliced,
 * and hold only search_parse() words.
 *
 * Shape, so that a word starting half the names ("nguyen", "ng") costs no
 * more than a full name: the candidates are the first ?7 readable names
 * matching every word whole (e), then, only when those cannot fill the page
 * (fewer than ?5 + ?6: whole-word matches rank first), the first ?7
 * matching them as prefixes (each scan stops there, in index order). The
 * second is gated by its LIMIT, not by a WHERE term: SQLite tests a WHERE
 * term on every row the full-text index yields (10 ms to reject each of the
 * 380 000 "nguyen" of the medium demo), but skips a scan whose limit is 0. Each
 * candidate brings its ranking columns from the row the filter read; only
 * those are ranked; the outer query adds the display columns for the page
 * alone. */
#define CANDIDATES(MATCH, FILTER, EXACT, LEN, KEY)                                                   \
    "SELECT q.id AS id, " #EXACT " AS exact, " LEN " AS len, " KEY " AS okey " MATCH(EXACT) FILTER
#define RANKED(MATCH, FILTER, LEN, KEY)                                                              \
    "WITH e AS MATERIALIZED (" CANDIDATES(MATCH, FILTER, 1, LEN, KEY) " LIMIT ?7),"                   \
    " p AS (" CANDIDATES(MATCH, FILTER, 0, LEN, KEY) " LIMIT CASE WHEN (SELECT COUNT(*) FROM e) < ?5 + ?6"     \
    " THEN ?7 ELSE 0 END)"
#define PAGE_OF_RANKED                                                                               \
    "(SELECT id, MAX(exact) AS exact, len, okey FROM (SELECT * FROM e UNION ALL SELECT * FROM p) x"      \
    " GROUP BY id, len, okey ORDER BY exact DESC, len, okey, id LIMIT ?5 OFFSET ?6) k"

/* The matching rows q of each table: EXACT 1 the words whole (?2), 0 as prefixes (?1). */
#define PERSONS_MATCH_SQLITE(EXACT) " FROM persons_fts JOIN persons q ON q.id = persons_fts.rowid WHERE persons_fts MATCH " EXPR_PARAM(EXACT)
#define PERSONS_MATCH_PG(EXACT)                                                                      \
    " FROM persons q WHERE to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', " EXPR_PARAM(EXACT) ")"
#define UNITS_MATCH_SQLITE(EXACT) " FROM units_fts JOIN units q ON q.id = units_fts.rowid WHERE units_fts MATCH " EXPR_PARAM(EXACT)
#define UNITS_MATCH_PG(EXACT)                                                                        \
    " FROM units q WHERE to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', " EXPR_PARAM(EXACT) ")"
#define EXPR_PARAM(EXACT) EXPR_PARAM_##EXACT
#define EXPR_PARAM_1 "?2"
#define EXPR_PARAM_0 "?1"

#define PERSON_FILTER " AND q.merged_into IS NULL AND " PERM_HOLDS(PERSON_SCOPE_UNIT("q"), 3, 4)
#define UNIT_FILTER " AND " PERM_HOLDS("q.id", 3, 4)

#define PEOPLE(MATCH)                                                                                \
    RANKED(MATCH, PERSON_FILTER, "length(q.name_fold)", "q.order_key")                                 \
    " SELECT p.id, p.full_name, p.birth_date, NULL, COALESCE(u.id, 0), u.name, NULL, k.exact FROM "     \
    PAGE_OF_RANKED " JOIN persons p ON p.id = k.id LEFT JOIN units u ON u.id = " PERSON_SCOPE_UNIT("p") \
    " ORDER BY k.exact DESC, k.len, k.okey, k.id"

/* The parent is named only when the caller may read it. */
#define UNITS(MATCH)                                                                                 \
    RANKED(MATCH, UNIT_FILTER, "length(q.name_fold)", "q.sort_key")                                    \
    " SELECT u.id, u.name, NULL, u.code, COALESCE(pu.id, 0), pu.name, u.valid_to, k.exact FROM "        \
    PAGE_OF_RANKED " JOIN units u ON u.id = k.id LEFT JOIN units pu ON pu.id = u.parent_id AND "         \
    PERM_HOLDS("pu.id", 3, 4) " ORDER BY k.exact DESC, k.len, k.okey, k.id"

static const char people_sqlite[] = PEOPLE(PERSONS_MATCH_SQLITE);
static const char people_pg[] = PEOPLE(PERSONS_MATCH_PG);
static const char units_sqlite[] = UNITS(UNITS_MATCH_SQLITE);
static const char units_pg[] = UNITS(UNITS_MATCH_PG);

/* The user to bind for PERM_HOLDS: -1 (no filter, as for the system) when
 * the caller may read every top unit, hence every unit of the tree, so that
 * the city's officers do not pay a scope probe per match; else the user. */
static int64_t scope_user(ctx_t *c)
{
    int64_t user = perm_scope_user(c);
    db_stmt_t *st;
    if (user < 0 || db_prepare(c->db, "SELECT id FROM units WHERE parent_id IS NULL", &st) != ST_OK)
        return user;
    bool all = true, any = false;
    while (all && db_step(st) == DB_ROW) {
        any = true;
        all = perm_check(c, PERM_READ, db_col_int(st, 0)) == ST_OK;
    }
    db_finalize(st);
    return all && any ? -1 : user;
}

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
    int64_t user = scope_user(c);
    db_stmt_t *st;
    if ((s = db_prepare(c->db, sql, &st)) != ST_OK)
        return s;
    db_bindf(st, "ttitiii", q.prefix_expr, q.exact_expr, user, perm_code(PERM_READ),
             (int64_t)limit + 1, (int64_t)offset, (int64_t)SEARCH_CANDIDATES);
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
