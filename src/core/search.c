/* Name search over people and units. See src/core/search.h. */
#include "core/search.h"

#include <string.h>

#include "core/perm.h"
#include "core/person.h"
#include "lib/buf.h"
#include "lib/text.h"

/* Appends term W (a word, or a pair "a_b") to the expression in B for KIND:
 * PREFIX as a prefix; FIRST when it is the first term. */
static void add_term(buf_t *b, db_kind_t kind, const char *w, bool prefix, bool first)
{
    if (kind == DB_PG) {
        /* The pairs' vector holds them joined (0022_search_pairs.pg.sql). */
        buf_puts(b, first ? "" : " & ");
        for (const char *p = w; *p; p++)
            if (*p != TEXT_PAIR_SEP[0])
                buf_append(b, p, 1);
        buf_puts(b, prefix ? ":*" : "");
    } else {
        buf_printf(b, "%s\"%s\"%s", first ? "" : " AND ", w, prefix ? "*" : "");
    }
}

/* Builds the four match expressions of Q's words (see search_query_t). */
static status_t build_exprs(arena_t *a, db_kind_t kind, search_query_t *q)
{
    buf_t b[4];
    for (int i = 0; i < 4; i++)
        buf_init(&b[i], 1024);
    for (size_t i = 0; i < q->n; i++) {
        add_term(&b[0], kind, q->words[i], true, i == 0);
        add_term(&b[1], kind, q->words[i], false, i == 0);
    }
    status_t s = ST_OK;
    size_t last = 0;
    for (size_t i = 1; s == ST_OK && i < q->n; i++) {
        const char *pair = arena_printf(a, "%s" TEXT_PAIR_SEP "%s", q->words[i - 1], q->words[i]);
        s = pair ? ST_OK : ST_NOMEM;
        if (pair) {
            add_term(&b[2], kind, pair, false, i == 1);
            add_term(&b[3], kind, pair, i == q->n - 1, i == 1);
            last = strlen(pair);
        }
    }
    q->pairs_prefix = q->n > 1 && last <= SEARCH_PAIR_PREFIX_MAX;
    const char **dst[4] = {&q->prefix_expr, &q->exact_expr, &q->pair_exact_expr, &q->pair_prefix_expr};
    for (int i = 0; i < 4; i++) {
        /* One word: the pair tiers do not run; their expressions repeat the
         * words' so that the statement stays valid. */
        const buf_t *src = i >= 2 && q->n < 2 ? &b[i == 2 ? 1 : 0] : &b[i];
        if (s == ST_OK && buf_failed(src))
            s = ST_NOMEM;
        if (s == ST_OK && !(*dst[i] = arena_strdup(a, buf_str(src))))
            s = ST_NOMEM;
    }
    for (int i = 0; i < 4; i++)
        buf_free(&b[i]);
    return s;
}

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
    /* Words as in names (text_next_word): anything else, the syntax
     * characters of FTS5 and tsquery among them, only separates. */
    size_t w;
    for (const char *p = text_next_word(fold, &w); p && out->n < SEARCH_MAX_WORDS; p = text_next_word(p + w, &w)) {
        out->words[out->n] = arena_strndup(a, p, w < SEARCH_MAX_WORD ? w : SEARCH_MAX_WORD);
        if (!out->words[out->n++])
            return ST_NOMEM;
    }
    if (out->n == 0)
        return ST_OK;
    return build_exprs(a, kind, out);
}

/* The one documented exception to "SQL written once for both databases"
 * (DESIGN.md §3.10): full-text matching has no common syntax. SQLite answers
 * from an FTS5 table (MATCH, a prefix index per 2-7 letters) holding the
 * words and the word pairs of each name; PostgreSQL from GIN indexes over
 * to_tsvector('simple', …) of name_fold and of the pairs, which only serve a
 * query repeating the exact expression. So each search has two statements,
 * side by side, chosen by db_kind(); parameters are the same: ?1 words as
 * prefixes, ?2 words whole, ?3/?4 PERM_HOLDS, ?5 limit, ?6 offset, ?7
 * SEARCH_CANDIDATES, ?8 pairs whole, ?9 pairs with the last as a prefix,
 * ?10/?11 1 when the tiers of ?8/?9 are to run. The expressions are bound,
 * never spliced, and hold only search_parse() words.
 *
 * Shape, so that a word in half the names ("thi", "nguyen") costs no more
 * than a rare one: four tiers of candidates, each the first ?7 readable names
 * of its match in index order, each run only when the tiers before it cannot
 * fill the page (fewer than ?5 + ?6 names): t3 the words whole and in the
 * order typed (pairs), t2 the words whole, t1 in order with the last word
 * begun, t0 every word begun. A tier is skipped by its LIMIT, not by a WHERE
 * term: SQLite tests a WHERE term on every row the full-text index yields
 * (10 ms to reject each of the 380 000 "nguyen" of the medium demo), but
 * skips a scan whose limit is 0. Each candidate brings its ranking columns
 * from the row the filter read; only those are ranked (best tier, shorter
 * name, official order); the outer query adds the display columns for the
 * page alone. Units have no pairs: their ?10 and ?11 are 0. */
#define CANDIDATES(MATCH, FILTER, TIER, LEN, KEY)                                                    \
    "SELECT q.id AS id, " #TIER " AS tier, " LEN " AS len, " KEY " AS okey " MATCH FILTER
#define TIER_IDS2 "(SELECT COUNT(*) FROM (SELECT id FROM t3 UNION SELECT id FROM t2) u)"
#define TIER_IDS3 "(SELECT COUNT(*) FROM (SELECT id FROM t3 UNION SELECT id FROM t2 UNION SELECT id FROM t1) u)"
#define RANKED(WORDS, PAIRS, FILTER, LEN, KEY)                                                       \
    "WITH t3 AS MATERIALIZED (" CANDIDATES(PAIRS("?8"), FILTER, 3, LEN, KEY)                           \
    " LIMIT CASE WHEN ?10 = 1 THEN ?7 ELSE 0 END),"                                                    \
    " t2 AS MATERIALIZED (" CANDIDATES(WORDS("?2"), FILTER, 2, LEN, KEY)                               \
    " LIMIT CASE WHEN (SELECT COUNT(*) FROM t3) < ?5 + ?6 THEN ?7 ELSE 0 END),"                        \
    " t1 AS MATERIALIZED (" CANDIDATES(PAIRS("?9"), FILTER, 1, LEN, KEY)                               \
    " LIMIT CASE WHEN ?11 = 1 AND " TIER_IDS2 " < ?5 + ?6 THEN ?7 ELSE 0 END),"                       \
    " t0 AS (" CANDIDATES(WORDS("?1"), FILTER, 0, LEN, KEY)                                            \
    " LIMIT CASE WHEN " TIER_IDS3 " < ?5 + ?6 THEN ?7 ELSE 0 END)"
#define PAGE_OF_RANKED                                                                               \
    "(SELECT id, MAX(tier) AS tier, len, okey FROM"                                                    \
    " (SELECT * FROM t3 UNION ALL SELECT * FROM t2 UNION ALL SELECT * FROM t1 UNION ALL SELECT * FROM t0) x" \
    " GROUP BY id, len, okey ORDER BY tier DESC, len, okey, id LIMIT ?5 OFFSET ?6) k"

/* The matching rows q of each table for the match expression at PARAM. */
#define PERSONS_MATCH_SQLITE(PARAM)                                                                  \
    " FROM persons_fts JOIN persons q ON q.id = persons_fts.rowid WHERE persons_fts MATCH " PARAM
#define PERSONS_WORDS_PG(PARAM)                                                                      \
    " FROM persons q WHERE to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', " PARAM ")"
#define PERSONS_PAIRS_PG(PARAM)                                                                      \
    " FROM persons q WHERE to_tsvector('simple', replace(q.name_pairs, '_', ''))"                      \
    " @@ to_tsquery('simple', " PARAM ")"
#define UNITS_MATCH_SQLITE(PARAM)                                                                    \
    " FROM units_fts JOIN units q ON q.id = units_fts.rowid WHERE units_fts MATCH " PARAM
#define UNITS_MATCH_PG(PARAM)                                                                        \
    " FROM units q WHERE to_tsvector('simple', q.name_fold) @@ to_tsquery('simple', " PARAM ")"

#define PERSON_FILTER " AND q.merged_into IS NULL AND " PERM_HOLDS(PERSON_SCOPE_UNIT("q"), 3, 4)
#define UNIT_FILTER " AND " PERM_HOLDS("q.id", 3, 4)

#define PEOPLE(WORDS, PAIRS)                                                                         \
    RANKED(WORDS, PAIRS, PERSON_FILTER, "length(q.name_fold)", "q.order_key")                          \
    " SELECT p.id, p.full_name, p.birth_date, NULL, COALESCE(u.id, 0), u.name, NULL, k.tier FROM "      \
    PAGE_OF_RANKED " JOIN persons p ON p.id = k.id LEFT JOIN units u ON u.id = " PERSON_SCOPE_UNIT("p") \
    " ORDER BY k.tier DESC, k.len, k.okey, k.id"

/* The parent is named only when the caller may read it. The pair tiers
 * never run (?10 = ?11 = 0); they match the words so that the SQL is valid. */
#define UNITS(MATCH)                                                                                 \
    RANKED(MATCH, MATCH, UNIT_FILTER, "length(q.name_fold)", "q.sort_key")                             \
    " SELECT u.id, u.name, NULL, u.code, COALESCE(pu.id, 0), pu.name, u.valid_to, k.tier FROM "         \
    PAGE_OF_RANKED " JOIN units u ON u.id = k.id LEFT JOIN units pu ON pu.id = u.parent_id AND "         \
    PERM_HOLDS("pu.id", 3, 4) " ORDER BY k.tier DESC, k.len, k.okey, k.id"

static const char people_sqlite[] = PEOPLE(PERSONS_MATCH_SQLITE, PERSONS_MATCH_SQLITE);
static const char people_pg[] = PEOPLE(PERSONS_WORDS_PG, PERSONS_PAIRS_PG);
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

/* Runs search statement SQL; PAIRS when its table indexes word pairs. */
static status_t run(ctx_t *c, const char *sql, bool pairs, const char *query, size_t offset, size_t limit,
                    search_hit_t **out, size_t *n, bool *more)
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
    db_bindf(st, "ttitiiittii", q.prefix_expr, q.exact_expr, user, perm_code(PERM_READ), (int64_t)limit + 1,
             (int64_t)offset, (int64_t)SEARCH_CANDIDATES, q.pair_exact_expr, q.pair_prefix_expr,
             (int64_t)(pairs && q.n > 1), (int64_t)(pairs && q.pairs_prefix));
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
                            .exact = db_col_int(st, 7) >= 2};
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
    return run(c, db_kind(c->db) == DB_PG ? people_pg : people_sqlite, true, query, offset, limit, out, n, more);
}

status_t search_units(ctx_t *c, const char *query, size_t offset, size_t limit, search_hit_t **out, size_t *n,
                      bool *more)
{
    return run(c, db_kind(c->db) == DB_PG ? units_pg : units_sqlite, false, query, offset, limit, out, n, more);
}
