/* Unit tests for src/core/search.c on SQLite (FTS5) and, with TDKT_TEST_PG,
 * on PostgreSQL (GIN text search): with and without diacritics, any case, đ
 * found by d, NFD input, prefixes of every word, ranking, paging, scope, and
 * hostile query syntax that must never reach the match engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/org.h"
#include "core/person.h"
#include "core/search.h"
#include "db/migrate.h"
#include "core/unit.h"
#include "fixture.h"

#define PW "mat-khau-rat-dai"

typedef struct {
    int64_t city, q1, q1a, q2, q2a;
    int64_t duc, an, anh_t, anh_d, dung, duyen, hoa_dd, old_duc;
} world_t;

static int64_t unit_at(fx_t *f, int64_t parent, const char *code, const char *name)
{
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = parent, .code = code, .name = name, .valid_from = "2000-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = unit_create_spec(&c, &sp, &id, &why);
    if (s != ST_OK)
        print_error("unit_create_spec(%s): %d %s / %s\n", code, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return id;
}

static int64_t add(fx_t *f, const char *name, const char *birth, int64_t unit)
{
    ctx_t c = fx_system(f);
    person_fields_t pf = {.full_name = name, .birth_date = birth};
    person_membership_in_t m = {.unit_id = unit, .from_date = "2015-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = person_create(&c, &pf, &m, true, &id, &why);
    if (s != ST_OK)
        print_error("person_create(%s): %d %s / %s\n", name, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return id;
}

/* Two districts of Hà Nội with a handful of people. */
static world_t make_world(fx_t *f)
{
    world_t w;
    w.city = unit_at(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    w.q1 = unit_at(f, w.city, "HBT", "LĐLĐ quận Hai Bà Trưng");
    w.q1a = unit_at(f, w.q1, "HBT.M10", "Công đoàn Công ty May 10");
    w.q2 = unit_at(f, w.city, "DD", "LĐLĐ quận Đống Đa");
    w.q2a = unit_at(f, w.q2, "DD.BV", "Công đoàn Bệnh viện Đống Đa");
    w.duc = add(f, "Nguyễn Văn Đức", "1980", w.q1a);
    w.an = add(f, "Nguyễn Văn An", "1985-03-02", w.q1a);
    w.anh_t = add(f, "Nguyễn Thị Ánh", NULL, w.q1a);
    w.anh_d = add(f, "Trần Đức Anh", NULL, w.q1a);
    w.dung = add(f, "Đỗ Văn Dũng", NULL, w.q1a);
    w.duyen = add(f, "Lê Thị Duyên", NULL, w.q1a);
    w.hoa_dd = add(f, "Phạm Thị Hoà", NULL, w.q2a);
    w.old_duc = add(f, "Hoàng Đức", NULL, w.q2a);
    return w;
}

static search_hit_t *hits;
static size_t nhits;

/* Searches people as C; returns the number of hits. */
static size_t people(ctx_t *c, const char *q)
{
    bool more = true;
    status_t s = search_people(c, q, 0, 50, &hits, &nhits, &more);
    if (s != ST_OK)
        fail_msg("search_people(%s): %d %s", q, s, db_errmsg(c->db));
    assert_false(more);
    return nhits;
}

static bool found(int64_t id)
{
    for (size_t i = 0; i < nhits; i++)
        if (hits[i].id == id)
            return true;
    return false;
}

/* ---- diacritics, case, đ ------------------------------------------------------------ */

static void test_accents_and_case(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);

    /* "duc" finds Đức (đ -> d) wherever it is a word or a word's start. */
    assert_int_equal(people(&c, "duc"), 3);
    assert_true(found(w.duc) && found(w.anh_d) && found(w.old_duc));
    /* With marks, in capitals, mixed. */
    assert_int_equal(people(&c, "Đức"), 3);
    assert_int_equal(people(&c, "ĐỨC"), 3);
    assert_int_equal(people(&c, "dỨc"), 3);
    /* NFD input: Đ + u + horn U+031B + acute U+0301 + c. */
    assert_int_equal(people(&c, "\xc4\x90u\xcc\x9b\xcc\x81" "c"), 3);
    /* NFD with the marks in the other order still folds the same. */
    assert_int_equal(people(&c, "\xc4\x91u\xcc\x81\xcc\x9b" "c"), 3);
    /* Icelandic Ð (U+00D0), the lookalike, is taken for Đ. */
    assert_int_equal(people(&c, "\xc3\x90" "uc"), 3);
    /* A tone is not a different letter for search: Hoà and Hòa alike (and
     * "hoa" also starts Hoàng; the whole word ranks first). */
    assert_int_equal(people(&c, "hoa"), 2);
    assert_int_equal(people(&c, "Hòa"), 2);
    assert_int_equal(hits[0].id, w.hoa_dd);
    assert_int_equal(hits[1].id, w.old_duc);
    /* No match. */
    assert_int_equal(people(&c, "xyz"), 0);
}

static void test_words_and_prefixes(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);

    /* Every word must start a word of the name. */
    assert_int_equal(people(&c, "nguyen van"), 2);
    assert_true(found(w.duc) && found(w.an));
    assert_int_equal(people(&c, "Nguyễn Văn Đức"), 1);
    assert_int_equal(hits[0].id, w.duc);
    assert_string_equal(hits[0].name, "Nguyễn Văn Đức");
    assert_string_equal(hits[0].birth_date, "1980");
    assert_int_equal(hits[0].unit_id, w.q1a);
    assert_string_equal(hits[0].unit_name, "Công đoàn Công ty May 10");
    assert_null(hits[0].code);
    /* Order of the words does not matter. */
    assert_int_equal(people(&c, "duc nguyen"), 1);
    /* Prefixes of one, two, three and more letters. */
    assert_int_equal(people(&c, "ng"), 3);
    assert_int_equal(people(&c, "ngu v"), 2);
    assert_int_equal(people(&c, "n v a"), 1);
    assert_int_equal(hits[0].id, w.an);
    assert_int_equal(people(&c, "du"), 5); /* Đức ×3, Dũng, Duyên */
    assert_int_equal(people(&c, "duy"), 1);
    assert_int_equal(hits[0].id, w.duyen);
    /* A middle of a word is not a match. */
    assert_int_equal(people(&c, "guyen"), 0);
    /* White space and punctuation only separate words. */
    assert_int_equal(people(&c, "  nguyễn,   văn.  "), 2);
    assert_int_equal(people(&c, "nguyen-van-an"), 1);
}

static void test_ranking_and_paging(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);

    /* "an": the whole word An first, then the names where "an" only starts a
     * word (Ánh, Anh), shorter names first. */
    assert_int_equal(people(&c, "an"), 3);
    assert_int_equal(hits[0].id, w.an);
    assert_true(hits[0].exact);
    assert_false(hits[1].exact);
    assert_false(hits[2].exact);
    assert_int_equal(hits[1].id, w.anh_d); /* "tran duc anh" is shorter than "nguyen thi anh" */
    assert_int_equal(hits[2].id, w.anh_t);
    /* Exact words first, then the shorter name. */
    assert_int_equal(people(&c, "duc"), 3);
    assert_int_equal(hits[0].id, w.old_duc); /* "hoang duc" */
    assert_int_equal(hits[1].id, w.anh_d);   /* "tran duc anh" */
    assert_int_equal(hits[2].id, w.duc);     /* "nguyen van duc" */
    assert_true(hits[0].exact && hits[1].exact && hits[2].exact);

    /* Pages of one across the whole-word / prefix boundary: the prefix
     * matches are read only when the whole words cannot fill the page. */
    bool more = false;
    const int64_t an_order[] = {w.an, w.anh_d, w.anh_t};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(search_people(&c, "an", i, 1, &hits, &nhits, &more), ST_OK);
        assert_int_equal(nhits, 1);
        assert_int_equal(hits[0].id, an_order[i]);
        assert_int_equal(hits[0].exact, i == 0);
        assert_int_equal(more, i < 2);
    }
    assert_int_equal(search_people(&c, "duc", 0, 2, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 2);
    assert_true(more && hits[0].exact && hits[1].exact);

    /* Pages of two. */
    assert_int_equal(search_people(&c, "du", 0, 2, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 2);
    assert_true(more);
    int64_t first = hits[0].id;
    assert_int_equal(search_people(&c, "du", 4, 2, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 1);
    assert_false(more);
    assert_true(hits[0].id != first);
    assert_int_equal(search_people(&c, "du", 6, 2, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 0);
    /* Limits. */
    assert_int_equal(search_people(&c, "du", 0, 0, &hits, &nhits, &more), ST_INVALID);
    assert_int_equal(search_people(&c, "du", 0, SEARCH_MAX_LIMIT + 1, &hits, &nhits, &more), ST_INVALID);
    assert_int_equal(search_people(&c, "du", SEARCH_MAX_OFFSET + 1, 10, &hits, &nhits, &more), ST_INVALID);
}

/* Words typed in the order of the name rank before the same words
 * elsewhere in it, even in a longer name; the last word begun, in order,
 * before every word begun. Without the pair tiers the order would be An Văn,
 * Lê Văn Ân, Nguyễn Văn An, Anh Văn, Lê Văn Anh (shorter first). */
static void test_word_order(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    int64_t reversed = add(f, "An Văn", NULL, w.q1a);
    int64_t in_order = add(f, "Lê Văn Ân", NULL, w.q1a);
    int64_t begun = add(f, "Lê Văn Anh", NULL, w.q1a);
    int64_t all_begun = add(f, "Anh Văn", NULL, w.q1a);
    assert_int_equal(people(&c, "van an"), 5);
    const int64_t order[] = {in_order, w.an, reversed, begun, all_begun};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(hits[i].id, order[i]);
        assert_int_equal(hits[i].exact, i < 3);
    }
    /* Paged one by one, across every tier boundary. */
    bool more = false;
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(search_people(&c, "van an", i, 1, &hits, &nhits, &more), ST_OK);
        assert_int_equal(nhits, 1);
        assert_int_equal(hits[0].id, order[i]);
        assert_int_equal(more, i < 4);
    }
    /* Three words: a pair in the middle must be adjacent too. */
    assert_int_equal(people(&c, "le van an"), 2);
    assert_int_equal(hits[0].id, in_order);
    assert_int_equal(hits[1].id, begun);
    /* A last pair begun beyond the prefix indexes ("nguyen_va"): the word
     * tiers answer, the same names. */
    assert_int_equal(people(&c, "nguyen va"), 2);
    assert_true(found(w.duc) && found(w.an));
}

/* A database from before migration 21 upgraded: its people get their pairs
 * (the data step) and are found by them, in order, like people added since. */
static void test_upgrade_fills_pairs(void **state)
{
    fx_t *f = fx(state);
    assert_int_equal(fx_fresh_db(f, 20), 0);
    const char *names[][2] = {{"An Văn", "an van"}, {"Lê Văn Ân", "le van an"}, {"Lan", "lan"}};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(db_run(f->db, NULL,
                                "INSERT INTO persons (full_name, name_fold, order_key, created_at, updated_at)"
                                " VALUES (?1, ?2, ?2, 0, 0)",
                                "tt", names[i][0], names[i][1]),
                         ST_OK);
    int applied = 0;
    assert_int_equal(migrate_run(f->db, &applied, NULL), ST_OK);
    assert_int_equal(applied, migrate_latest() - 20);
    const char *pairs[2] = {0}, *folds[2] = {"le van an", "lan"}, *want[2] = {"le_van van_an", ""};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(db_get_text(f->db, f->arena, &pairs[i], "SELECT name_pairs FROM persons WHERE name_fold = ?1",
                                     "t", folds[i]),
                         ST_OK);
        assert_string_equal(pairs[i], want[i]);
    }
    ctx_t c = fx_system(f);
    /* "An Văn" is shorter: only the pairs put "Lê Văn Ân" first. */
    assert_int_equal(people(&c, "van an"), 2);
    assert_string_equal(hits[0].name, "Lê Văn Ân");
    assert_string_equal(hits[1].name, "An Văn");
}

/* ---- scope --------------------------------------------------------------------------- */

/* A word matching more than SEARCH_CANDIDATES names: only that many are
 * ranked, yet a name with the word whole still comes first even when it was
 * added last, and a district officer still finds their own people behind
 * all the others' matches. */
static void test_many_matches(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    for (int i = 0; i < SEARCH_CANDIDATES + 50; i++)
        add(f, "Trần Thị Lanh", NULL, w.q1a);
    int64_t lan = add(f, "Lê Lan", NULL, w.q1a);
    int64_t lanh_dd = add(f, "Vũ Thị Lanh", NULL, w.q2a);
    bool more = false;
    assert_int_equal(search_people(&c, "lan", 0, 20, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 20);
    assert_true(more);
    assert_int_equal(hits[0].id, lan);
    assert_true(hits[0].exact);
    assert_false(hits[1].exact);

    int64_t dd = fx_user(f, "xem.dd", PW);
    fx_grant(f, dd, w.q2, "viewer");
    ctx_t v = fx_as(f, dd);
    assert_int_equal(search_people(&v, "lan", 0, 20, &hits, &nhits, &more), ST_OK);
    assert_int_equal(nhits, 1);
    assert_false(more);
    assert_int_equal(hits[0].id, lanh_dd);
}

static void test_scope(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    int64_t hbt = fx_user(f, "canbo.hbt", PW);
    fx_grant(f, hbt, w.q1, "officer");
    int64_t dd = fx_user(f, "xem.dd", PW);
    fx_grant(f, dd, w.q2, "viewer");
    int64_t none = fx_user(f, "chua.co.quyen", PW);

    /* Each district finds only its own people. */
    ctx_t c = fx_as(f, hbt);
    assert_int_equal(people(&c, "duc"), 2);
    assert_true(found(w.duc) && found(w.anh_d));
    assert_false(found(w.old_duc));
    assert_int_equal(people(&c, "hoa"), 0);
    c = fx_as(f, dd);
    assert_int_equal(people(&c, "duc"), 1);
    assert_int_equal(hits[0].id, w.old_duc);
    assert_int_equal(people(&c, "nguyen"), 0);
    c = fx_as(f, none);
    assert_int_equal(people(&c, "duc"), 0);

    /* A transfer moves the person into the other district's results. */
    ctx_t sys = fx_system(f);
    const char *why = NULL;
    person_membership_in_t m = {.unit_id = w.q2a, .from_date = "2024-01-01"};
    assert_int_equal(person_add_membership(&sys, w.duc, &m, NULL, &why), ST_OK);
    c = fx_as(f, dd);
    assert_int_equal(people(&c, "duc"), 2);
    assert_true(found(w.duc));
    c = fx_as(f, hbt);
    assert_int_equal(people(&c, "duc"), 1);
    assert_false(found(w.duc));

    /* Units: within the scope only; a parent outside it is not named. */
    c = fx_as(f, hbt);
    assert_int_equal(search_units(&c, "dong da", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 0);
    assert_int_equal(search_units(&c, "hai ba trung", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(hits[0].id, w.q1);
    assert_string_equal(hits[0].code, "HBT");
    assert_int_equal(hits[0].unit_id, 0);
    assert_null(hits[0].unit_name);
    assert_int_equal(search_units(&c, "may", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(hits[0].unit_id, w.q1);
    assert_string_equal(hits[0].unit_name, "LĐLĐ quận Hai Bà Trưng");
    c = fx_as(f, dd);
    assert_int_equal(search_units(&c, "ldld", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(hits[0].id, w.q2);
}

/* ---- units and changes ------------------------------------------------------------------ */

static void test_units_and_updates(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;

    /* "ĐĐ"-less spelling, capitals, prefixes. */
    assert_int_equal(search_units(&c, "DONG DA", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 2);
    assert_int_equal(hits[0].id, w.q2);  /* "ldld quan dong da" is shorter */
    assert_int_equal(hits[1].id, w.q2a);
    assert_int_equal(hits[1].unit_id, w.q2);
    assert_string_equal(hits[1].unit_name, "LĐLĐ quận Đống Đa");
    assert_null(hits[1].valid_to);
    assert_int_equal(search_units(&c, "lien doan ha", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(hits[0].id, w.city);

    /* A renamed unit is found by its new name (the index follows). */
    org_change_t ch = {.date = "2025-07-01", .decision_no = "05/QĐ-LĐLĐ"};
    assert_int_equal(org_rename(&c, w.q1a, "Công đoàn Tổng công ty May 10", NULL, &ch, &why), ST_OK);
    assert_int_equal(search_units(&c, "tong cong ty", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(hits[0].id, w.q1a);
    /* A dissolved unit is still found, with its end date. */
    assert_int_equal(org_dissolve(&c, w.q2a, &ch, &why), ST_OK);
    assert_int_equal(search_units(&c, "benh vien", 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 1);
    assert_string_equal(hits[0].valid_to, "2025-07-01");

    /* A person renamed is found by the new name, not the old one. */
    person_fields_t up = {.full_name = "Lê Thị Duyên Hải"};
    assert_int_equal(person_update(&c, w.duyen, &up, &why), ST_OK);
    assert_int_equal(people(&c, "duyen hai"), 1);
    up.full_name = "Lê Thị Thu";
    assert_int_equal(person_update(&c, w.duyen, &up, &why), ST_OK);
    assert_int_equal(people(&c, "duyen"), 0);
    assert_int_equal(people(&c, "duyen hai"), 0); /* the old pairs left the index too */
    assert_int_equal(people(&c, "thu"), 1);
    assert_int_equal(people(&c, "le thi thu"), 1);
    assert_true(hits[0].exact);

    /* A merged-away record is not found; the survivor is. */
    int64_t twin = add(f, "Nguyễn Văn An", "1985", w.q1a);
    assert_int_equal(people(&c, "nguyen van an"), 2);
    assert_int_equal(person_merge(&c, w.an, twin, &why), ST_OK);
    assert_int_equal(people(&c, "nguyen van an"), 1);
    assert_int_equal(hits[0].id, w.an);
}

/* ---- hostile queries --------------------------------------------------------------------- */

static void test_query_syntax_is_inert(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    ctx_t c = fx_system(f);
    /* FTS5 and tsquery operators, quotes, column filters, NEAR, stars: all
     * only separate words. */
    static const char *const hostile[] = {
        "\"nguyen\" OR *", "nguyen:* | van", "van & !an", "name_fold:duc", "NEAR(nguyen van, 2)",
        "nguyen*", "\"", "'", "duc')--", "a''b", "(((", "^duc", "-nguyen", "nguyen AND NOT van",
        "{name_fold}: duc", "\\", "%", "_", "d\xc3\xbc" "c", "\xe4\xb8\xad\xe6\x96\x87",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        bool more;
        status_t s = search_people(&c, hostile[i], 0, 10, &hits, &nhits, &more);
        if (s != ST_OK)
            fail_msg("query %zu (%s): %d %s", i, hostile[i], s, db_errmsg(f->db));
        s = search_units(&c, hostile[i], 0, 10, &hits, &nhits, &more);
        if (s != ST_OK)
            fail_msg("unit query %zu (%s): %d %s", i, hostile[i], s, db_errmsg(f->db));
    }
    /* Operators are words like any other: "nguyen OR van" needs a word "or". */
    assert_int_equal(people(&c, "nguyen OR van"), 0);
    assert_int_equal(people(&c, "nguyen* van*"), 2);
    /* Nothing to search for. */
    assert_int_equal(people(&c, ""), 0);
    assert_int_equal(people(&c, "  ,;  "), 0);
    assert_int_equal(search_people(&c, NULL, 0, 10, &hits, &nhits, NULL), ST_OK);
    assert_int_equal(nhits, 0);
    /* Bad UTF-8 and oversize queries are refused. */
    assert_int_equal(search_people(&c, "ngu\xc3", 0, 10, &hits, &nhits, NULL), ST_INVALID);
    char big[SEARCH_MAX_QUERY + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(search_people(&c, big, 0, 10, &hits, &nhits, NULL), ST_INVALID);
}

static void test_parse(void **state)
{
    fx_t *f = fx(state);
    arena_t *a = f->arena;
    search_query_t q;
    assert_int_equal(search_parse(a, DB_SQLITE, "Nguyễn  VĂN Đức!", &q), ST_OK);
    assert_int_equal(q.n, 3);
    assert_string_equal(q.words[0], "nguyen");
    assert_string_equal(q.words[2], "duc");
    assert_string_equal(q.prefix_expr, "\"nguyen\"* AND \"van\"* AND \"duc\"*");
    assert_string_equal(q.exact_expr, "\"nguyen\" AND \"van\" AND \"duc\"");
    assert_int_equal(search_parse(a, DB_PG, "Nguyễn  VĂN Đức!", &q), ST_OK);
    assert_string_equal(q.prefix_expr, "nguyen:* & van:* & duc:*");
    assert_string_equal(q.exact_expr, "nguyen & van & duc");
    /* The pairs, in order; the last one begun (its vector holds them joined). */
    assert_true(q.pairs_prefix);
    assert_string_equal(q.pair_exact_expr, "nguyenvan & vanduc");
    assert_string_equal(q.pair_prefix_expr, "nguyenvan & vanduc:*");
    assert_int_equal(search_parse(a, DB_SQLITE, "Nguyễn  VĂN Đức!", &q), ST_OK);
    assert_string_equal(q.pair_exact_expr, "\"nguyen_van\" AND \"van_duc\"");
    assert_string_equal(q.pair_prefix_expr, "\"nguyen_van\" AND \"van_duc\"*");
    /* A last pair longer than the prefix indexes is not searched begun. */
    assert_int_equal(search_parse(a, DB_SQLITE, "nguyen va", &q), ST_OK);
    assert_false(q.pairs_prefix);
    /* One word: no pairs; their expressions repeat the words'. */
    assert_int_equal(search_parse(a, DB_SQLITE, "duc", &q), ST_OK);
    assert_false(q.pairs_prefix);
    assert_string_equal(q.pair_exact_expr, q.exact_expr);
    assert_string_equal(q.pair_prefix_expr, q.prefix_expr);
    /* Only a-z and 0-9 survive; other marks split words. */
    assert_int_equal(search_parse(a, DB_PG, "x:*|y&!z\"w'1(2)", &q), ST_OK);
    assert_int_equal(q.n, 6);
    assert_string_equal(q.prefix_expr, "x:* & y:* & z:* & w:* & 1:* & 2:*");
    /* At most SEARCH_MAX_WORDS words of at most SEARCH_MAX_WORD letters. */
    assert_int_equal(search_parse(a, DB_SQLITE, "a b c d e f g h i j k", &q), ST_OK);
    assert_int_equal(q.n, SEARCH_MAX_WORDS);
    assert_int_equal(search_parse(a, DB_SQLITE, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", &q), ST_OK);
    assert_int_equal(strlen(q.words[0]), SEARCH_MAX_WORD);
    assert_int_equal(search_parse(a, DB_SQLITE, "", &q), ST_OK);
    assert_int_equal(q.n, 0);
    assert_null(q.prefix_expr);
}

static void test_allocation_failures(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    ctx_t c = fx_system(f);
    int ok = 0;
    for (long n = 1; n < 500 && ok < 3; n++) {
        alloc_fail_after(n);
        status_t s = search_people(&c, "Nguyễn Văn", 0, 10, &hits, &nhits, NULL);
        alloc_fail_after(0);
        if (s == ST_OK) {
            ok++;
            assert_int_equal(nhits, 2);
            for (size_t i = 0; i < nhits; i++)
                assert_true(hits[i].name && hits[i].unit_name);
        } else {
            assert_int_equal(s, ST_NOMEM);
            assert_int_equal(nhits, 0);
        }
    }
    assert_int_equal(ok, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_accents_and_case),
        T(test_words_and_prefixes),
        T(test_ranking_and_paging),
        T(test_word_order),
        T(test_upgrade_fills_pairs),
        T(test_many_matches),
        T(test_scope),
        T(test_units_and_updates),
        T(test_query_syntax_is_inert),
        T(test_parse),
        T(test_allocation_failures),
    };
    FX_RUN_BOTH("search", tests);
}
