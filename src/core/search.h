/* Name search over people and units, as a Vietnamese user expects (issue 3
 * §2): with or without diacritics, any case, đ found by d, NFC or NFD input
 * alike. The query is normalised and folded like the stored names
 * (text_normalize + text_fold), then split into words of [a-z0-9]; every
 * word must be the beginning of a word of the name ("nguyen van" finds
 * "Nguyễn Văn Đức", "duc" finds "Đức"). Only names within the caller's
 * PERM_READ scope are found. Ranking (over SEARCH_CANDIDATES matches per
 * tier at most): names holding the query's words whole and in the order
 * typed, then whole in any order, then in order with the last word only
 * begun, then every word begun; within a tier shorter names, then official
 * order.
 *
 * Backed by FTS5 with prefix indexes on SQLite and a GIN text-search index
 * on PostgreSQL (migration 0005). See docs/internals/person.md. */
#ifndef TDKT_CORE_SEARCH_H
#define TDKT_CORE_SEARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "db/db.h"
#include "lib/arena.h"
#include "lib/status.h"

#define SEARCH_MAX_WORDS 8      /* later words of a query are ignored */
#define SEARCH_MAX_WORD 32      /* longer words are cut (and match as prefixes) */
#define SEARCH_MAX_QUERY 1000   /* bytes; longer queries are ST_INVALID */
#define SEARCH_MAX_LIMIT 100
#define SEARCH_MAX_OFFSET 10000
/* Matches ranked per query: the first this many readable names matching the
 * words whole, and as many matching them as prefixes, in index order. A
 * query matching more (one common word) ranks only those: a sample, not the
 * best of all; the user types more to narrow it. */
#define SEARCH_CANDIDATES 300

/* Longest pair typed in part that is searched as a pair prefix ("van_an"*):
 * the longest prefix index of 0022_search_pairs.sqlite.sql. A longer one
 * would make FTS5 merge every pair so begun (the 190 000 "nguyen_van" for
 * "nguyen va"); its query is answered by the word tiers instead. */
#define SEARCH_PAIR_PREFIX_MAX 7

/* A query reduced to safe words and the match expressions built from them. */
typedef struct {
    const char *words[SEARCH_MAX_WORDS]; /* folded, only a-z and 0-9 */
    size_t n;                            /* 0: nothing to search for */
    const char *prefix_expr;             /* every word as a prefix, in KIND's syntax */
    const char *exact_expr;              /* every word whole */
    const char *pair_exact_expr;         /* every adjacent pair whole ("a_b", text_word_pairs) */
    const char *pair_prefix_expr;        /* the same, the last pair as a prefix */
    bool pairs_prefix;                   /* two words or more, the last pair at most
                                          * SEARCH_PAIR_PREFIX_MAX long */
} search_query_t;

/* Parses QUERY for database KIND into *OUT (strings in A). FTS5:
 * "nguyen"* AND "van"*, pairs "nguyen_van"; PostgreSQL tsquery: nguyen:* &
 * van:*, pairs nguyenvan (see search.c). With one word the pair expressions
 * repeat the word ones. ST_INVALID for bad UTF-8 or a
 * query over SEARCH_MAX_QUERY bytes; ST_NOMEM. */
status_t search_parse(arena_t *a, db_kind_t kind, const char *query, search_query_t *out);

typedef struct {
    int64_t id;
    const char *name;       /* full name of the person / name of the unit */
    const char *birth_date; /* people: may be NULL; units: NULL */
    const char *code;       /* units: code; people: NULL */
    int64_t unit_id;        /* people: their unit (person.h scope unit);
                             * units: the parent when the caller may read it, else 0 */
    const char *unit_name;  /* name of unit_id; NULL when 0 */
    const char *valid_to;   /* units: the day it was dissolved; NULL otherwise */
    bool exact;             /* every query word is a whole word of the name */
} search_hit_t;

/* One page of people (merged-away records excluded) or units matching
 * QUERY: at most LIMIT (1-SEARCH_MAX_LIMIT) hits from OFFSET (at most
 * SEARCH_MAX_OFFSET), ranked as above; *MORE (may be NULL) tells whether
 * another page follows. A query with no word gives no hits (ST_OK). Array
 * and strings in C->arena. */
status_t search_people(ctx_t *c, const char *query, size_t offset, size_t limit, search_hit_t **out, size_t *n,
                       bool *more);
status_t search_units(ctx_t *c, const char *query, size_t offset, size_t limit, search_hit_t **out, size_t *n,
                      bool *more);

#endif
