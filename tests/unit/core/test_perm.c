/* Unit tests for src/core/perm.c and the scope rules of units and accounts
 * (unit.c, user.c), on SQLite and, with TDKT_TEST_PG, on PostgreSQL: a role
 * on a unit covers the unit and everything under it and nothing else; what a
 * role may do comes from role_perms; unknown units and inactive accounts are
 * refused; listings show exactly the caller's scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/perm.h"
#include "core/unit.h"
#include "core/user.h"
#include "fixture.h"

#define PW "mat-khau-rat-dai"

/* The tree used by most tests:
 *
 *   root  TLD      Tổng Liên đoàn Lao động Việt Nam
 *   ├─ a  BN       LĐLĐ tỉnh Bắc Ninh
 *   │  ├─ a2 BN.2  Công đoàn Ea Súp            (created before a1)
 *   │  └─ a1 BN.1  Công đoàn Đông Anh
 *   │     └─ a1x BN.1.X  Công đoàn cơ sở Xí nghiệp 1
 *   └─ b  AG       LĐLĐ tỉnh An Giang
 *      └─ b1 AG.1  Công đoàn Long Xuyên
 *
 * In Vietnamese order "Đông" < "Ea" (đ comes before e), the reverse of both
 * byte order and creation order, so sorted listings prove the collation. */
#define N_ROOT "T\xe1\xbb\x95ng Li\xc3\xaan \xc4\x91o\xc3\xa0n Lao \xc4\x91\xe1\xbb\x99ng Vi\xe1\xbb\x87t Nam"
#define N_A "L\xc4\x90L\xc4\x90 t\xe1\xbb\x89nh B\xe1\xba\xaf" "c Ninh"
#define N_A1 "C\xc3\xb4ng \xc4\x91o\xc3\xa0n \xc4\x90\xc3\xb4ng Anh"
#define N_A2 "C\xc3\xb4ng \xc4\x91o\xc3\xa0n Ea S\xc3\xbap"
#define N_A1X "C\xc3\xb4ng \xc4\x91o\xc3\xa0n c\xc6\xa1 s\xe1\xbb\x9f X\xc3\xad nghi\xe1\xbb\x87p 1"
#define N_B "L\xc4\x90L\xc4\x90 t\xe1\xbb\x89nh An Giang"
#define N_B1 "C\xc3\xb4ng \xc4\x91o\xc3\xa0n Long Xuy\xc3\xaan"

typedef struct {
    int64_t root, a, a1, a1x, a2, b, b1;
} tree_t;

static tree_t make_tree(fx_t *f)
{
    tree_t t;
    t.root = fx_unit(f, 0, "TLD", N_ROOT);
    t.a = fx_unit(f, t.root, "BN", N_A);
    t.a2 = fx_unit(f, t.a, "BN.2", N_A2);
    t.a1 = fx_unit(f, t.a, "BN.1", N_A1);
    t.a1x = fx_unit(f, t.a1, "BN.1.X", N_A1X);
    t.b = fx_unit(f, t.root, "AG", N_B);
    t.b1 = fx_unit(f, t.b, "AG.1", N_B1);
    return t;
}

/* Runs an UPDATE/DELETE with ?1 bound to P1. */
static void exec_int(fx_t *f, const char *sql, int64_t p1)
{
    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, sql, &st), ST_OK);
    db_bind_int(st, 1, p1);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
}

static status_t check(fx_t *f, int64_t user, perm_t p, int64_t unit)
{
    ctx_t c = fx_as(f, user);
    return perm_check(&c, p, unit);
}

#define ASSERT_OK(f, user, p, unit) assert_int_equal(check(f, user, p, unit), ST_OK)
#define ASSERT_NO(f, user, p, unit) assert_int_equal(check(f, user, p, unit), ST_FORBIDDEN)

/* ---- the subtree rule ------------------------------------------------------- */

static void test_grant_covers_descendants(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "xem.tinh", PW);
    fx_grant(f, u, t.a, "viewer");
    /* The unit itself, its child and its grandchild. */
    ASSERT_OK(f, u, PERM_READ, t.a);
    ASSERT_OK(f, u, PERM_READ, t.a1);
    ASSERT_OK(f, u, PERM_READ, t.a2);
    ASSERT_OK(f, u, PERM_READ, t.a1x);
    /* Not the parent, not the sibling or its child. */
    ASSERT_NO(f, u, PERM_READ, t.root);
    ASSERT_NO(f, u, PERM_READ, t.b);
    ASSERT_NO(f, u, PERM_READ, t.b1);
}

static void test_grant_not_upwards_or_sideways(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "can.bo.quan", PW);
    fx_grant(f, u, t.a1, "officer");
    ASSERT_OK(f, u, PERM_WRITE, t.a1);
    ASSERT_OK(f, u, PERM_WRITE, t.a1x);
    ASSERT_NO(f, u, PERM_WRITE, t.a);    /* parent */
    ASSERT_NO(f, u, PERM_READ, t.a);
    ASSERT_NO(f, u, PERM_WRITE, t.a2);   /* sibling */
    ASSERT_NO(f, u, PERM_READ, t.a2);
    ASSERT_NO(f, u, PERM_READ, t.root);  /* grandparent */

    /* A unit created later under the granted one is covered at once. */
    int64_t late = fx_unit(f, t.a1x, "BN.1.X.T", "T\xe1\xbb\x95 c\xc3\xb4ng \xc4\x91o\xc3\xa0n");
    ASSERT_OK(f, u, PERM_WRITE, late);
    /* A second grant on a separate subtree adds just that subtree. */
    fx_grant(f, u, t.b1, "viewer");
    ASSERT_OK(f, u, PERM_READ, t.b1);
    ASSERT_NO(f, u, PERM_WRITE, t.b1);
    ASSERT_NO(f, u, PERM_READ, t.b);
}

/* ---- what each role may do ---------------------------------------------------- */

static void test_role_matrix(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    static const struct {
        const char *role, *login;
        bool may[PERM__COUNT];
    } roles[] = {
        /*                        read  write approve vote  users audit */
        {"viewer", "vai.xem",     {true, false, false, false, false, false}},
        {"officer", "vai.canbo",  {true, true, false, false, false, false}},
        {"approver", "vai.duyet", {true, false, true, false, false, false}},
        {"council", "vai.hoidong", {true, false, false, true, false, false}},
        {"admin", "vai.quantri",  {true, true, true, true, true, true}},
    };
    for (size_t r = 0; r < sizeof roles / sizeof *roles; r++) {
        int64_t u = fx_user(f, roles[r].login, PW);
        fx_grant(f, u, t.a, roles[r].role);
        for (int p = 0; p < PERM__COUNT; p++) {
            status_t want = roles[r].may[p] ? ST_OK : ST_FORBIDDEN;
            /* On the granted unit and on a grandchild... */
            if (check(f, u, (perm_t)p, t.a) != want || check(f, u, (perm_t)p, t.a1x) != want)
                fail_msg("role %s, perm %s: expected %s", roles[r].role, perm_code((perm_t)p),
                         want == ST_OK ? "allowed" : "forbidden");
            /* ...and never outside the subtree. */
            ASSERT_NO(f, u, (perm_t)p, t.b1);
            ASSERT_NO(f, u, (perm_t)p, t.root);
            ctx_t c = fx_as(f, u);
            assert_int_equal(perm_any(&c, (perm_t)p), want);
        }
    }
}

static void test_roles_add_up(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "hai.vai", PW);
    fx_grant(f, u, t.a, "officer");
    fx_grant(f, u, t.a1, "approver");
    ASSERT_OK(f, u, PERM_APPROVE, t.a1x); /* approver on a1 */
    ASSERT_OK(f, u, PERM_WRITE, t.a1x);   /* officer on a */
    ASSERT_NO(f, u, PERM_APPROVE, t.a2);  /* approver only under a1 */
    ASSERT_NO(f, u, PERM_MANAGE_USERS, t.a1);
}

static void test_perm_codes(void **state)
{
    (void)state;
    assert_string_equal(perm_code(PERM_READ), "read");
    assert_string_equal(perm_code(PERM_WRITE), "write");
    assert_string_equal(perm_code(PERM_APPROVE), "approve");
    assert_string_equal(perm_code(PERM_VOTE), "vote");
    assert_string_equal(perm_code(PERM_MANAGE_USERS), "manage_users");
    assert_string_equal(perm_code(PERM_AUDIT), "audit");
    assert_string_equal(perm_code(PERM__COUNT), "none");
    assert_string_equal(perm_code((perm_t)-1), "none");
}

/* ---- refusals ------------------------------------------------------------- */

static void test_unknown_unit_forbidden(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "quan.tri.tw", PW);
    fx_grant(f, u, t.root, "admin");
    ASSERT_OK(f, u, PERM_READ, t.b1);
    /* Not ST_NOT_FOUND: existence must not leak. */
    ASSERT_NO(f, u, PERM_READ, 999999);
    ASSERT_NO(f, u, PERM_WRITE, 0);
    ASSERT_NO(f, u, PERM_READ, -1);
    ctx_t c = fx_as(f, u);
    unit_t out;
    assert_int_equal(unit_get(&c, 999999, &out), ST_FORBIDDEN);
    assert_int_equal(unit_find_code(&c, "KHONG.CO", &out), ST_FORBIDDEN);
    unit_t *list = NULL;
    size_t n = 7;
    assert_int_equal(unit_list(&c, 999999, &list, &n), ST_FORBIDDEN);
}

static void test_no_account_forbidden(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    /* No user (and not the system) or an account that does not exist. */
    ASSERT_NO(f, 0, PERM_READ, t.root);
    ASSERT_NO(f, 424242, PERM_READ, t.root);
    ctx_t c = fx_as(f, 0);
    assert_int_equal(perm_any(&c, PERM_READ), ST_FORBIDDEN);
    /* An account with no grant at all. */
    int64_t u = fx_user(f, "chua.co.quyen", PW);
    ASSERT_NO(f, u, PERM_READ, t.a);
    c = fx_as(f, u);
    assert_int_equal(perm_any(&c, PERM_READ), ST_FORBIDDEN);
    unit_t *list = NULL;
    size_t n = 7;
    assert_int_equal(unit_list(&c, 0, &list, &n), ST_OK);
    assert_int_equal(n, 0);
}

static void test_system_may_everything(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    for (int p = 0; p < PERM__COUNT; p++) {
        assert_int_equal(perm_check(&c, (perm_t)p, t.b1), ST_OK);
        assert_int_equal(perm_any(&c, (perm_t)p), ST_OK);
    }
    assert_int_equal(perm_scope_user(&c), -1);
    ctx_t u = fx_as(f, 17);
    assert_int_equal(perm_scope_user(&u), 17);
}

static void test_inactive_user_forbidden(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "nghi.viec", PW);
    fx_grant(f, u, t.a, "admin");
    ASSERT_OK(f, u, PERM_WRITE, t.a1);
    exec_int(f, "UPDATE users SET active = 0 WHERE id = ?1", u);
    for (int p = 0; p < PERM__COUNT; p++) {
        ASSERT_NO(f, u, (perm_t)p, t.a);
        ASSERT_NO(f, u, (perm_t)p, t.a1x);
        ctx_t c = fx_as(f, u);
        assert_int_equal(perm_any(&c, (perm_t)p), ST_FORBIDDEN);
    }
    /* The grants are still there: reactivating restores them. */
    exec_int(f, "UPDATE users SET active = 1 WHERE id = ?1", u);
    ASSERT_OK(f, u, PERM_WRITE, t.a1);
}

/* ---- listings ------------------------------------------------------------- */

static void test_unit_list_tops(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "hai.noi", PW);
    fx_grant(f, u, t.a1, "viewer");
    fx_grant(f, u, t.b, "viewer");
    ctx_t c = fx_as(f, u);
    unit_t *list = NULL;
    size_t n = 0;
    /* The tops of two separate subtrees, in Vietnamese name order. */
    assert_int_equal(unit_list(&c, 0, &list, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, t.a1); /* "Công đoàn Đông Anh" < "LĐLĐ tỉnh An Giang" */
    assert_string_equal(list[0].name, N_A1);
    assert_string_equal(list[0].code, "BN.1");
    assert_int_equal(list[0].parent_id, t.a);
    assert_int_equal(list[0].children, 1);
    assert_int_equal(list[1].id, t.b);
    assert_string_equal(list[1].name, N_B);
    assert_int_equal(list[1].parent_id, t.root);

    /* Children of a top; the parent of a top is out of reach. */
    assert_int_equal(unit_list(&c, t.a1, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, t.a1x);
    assert_int_equal(list[0].children, 0);
    assert_int_equal(unit_list(&c, t.a, &list, &n), ST_FORBIDDEN);
    assert_int_equal(n, 0);
    assert_int_equal(unit_list(&c, t.root, &list, &n), ST_FORBIDDEN);

    /* A grant nested inside another one does not make a second top. */
    int64_t v = fx_user(f, "long.nhau", PW);
    fx_grant(f, v, t.a, "viewer");
    fx_grant(f, v, t.a1, "officer");
    c = fx_as(f, v);
    assert_int_equal(unit_list(&c, 0, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, t.a);
    assert_int_equal(list[0].children, 2);
    /* Children in Vietnamese order: Đông (a1) before Ea (a2). */
    assert_int_equal(unit_list(&c, t.a, &list, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, t.a1);
    assert_int_equal(list[1].id, t.a2);

    /* The system's top is the root. */
    c = fx_system(f);
    assert_int_equal(unit_list(&c, 0, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, t.root);
    assert_int_equal(list[0].parent_id, 0);
    assert_int_equal(list[0].children, 2);
}

static void test_unit_get_scope(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "xem.quan", PW);
    fx_grant(f, u, t.a1, "viewer");
    ctx_t c = fx_as(f, u);
    unit_t out = {0};
    assert_int_equal(unit_get(&c, t.a1x, &out), ST_OK);
    assert_int_equal(out.id, t.a1x);
    assert_int_equal(out.parent_id, t.a1);
    assert_string_equal(out.code, "BN.1.X");
    assert_string_equal(out.name, N_A1X);
    assert_int_equal(out.children, 0);
    assert_int_equal(unit_get(&c, t.a2, &out), ST_FORBIDDEN);
    assert_int_equal(unit_get(&c, t.a, &out), ST_FORBIDDEN);
    assert_int_equal(unit_get(&c, t.b1, &out), ST_FORBIDDEN);
    assert_int_equal(unit_find_code(&c, "BN.1", &out), ST_OK);
    assert_int_equal(out.id, t.a1);
    assert_int_equal(unit_find_code(&c, "AG", &out), ST_FORBIDDEN);
    assert_int_equal(unit_find_code(&c, "BN", &out), ST_FORBIDDEN);
}

static void test_unit_list_scope(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t u = fx_user(f, "pham.vi", PW);
    fx_grant(f, u, t.a1, "officer");
    fx_grant(f, u, t.b, "viewer");
    ctx_t c = fx_as(f, u);
    unit_t *list = NULL;
    size_t n = 0;
    /* Write: a1 and its child, in Vietnamese order (cơ sở < Đông). */
    assert_int_equal(unit_list_scope(&c, PERM_WRITE, 100, &list, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, t.a1x);
    assert_int_equal(list[1].id, t.a1);
    /* Read: both subtrees (cơ sở < Đông < Long < LĐLĐ). */
    assert_int_equal(unit_list_scope(&c, PERM_READ, 100, &list, &n), ST_OK);
    assert_int_equal(n, 4);
    assert_int_equal(list[0].id, t.a1x);
    assert_int_equal(list[1].id, t.a1);
    assert_int_equal(list[2].id, t.b1);
    assert_int_equal(list[3].id, t.b);
    assert_int_equal(unit_list_scope(&c, PERM_READ, 2, &list, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(unit_list_scope(&c, PERM_APPROVE, 100, &list, &n), ST_OK);
    assert_int_equal(n, 0);
}

/* ---- writes check the scope ------------------------------------------------- */

static void test_unit_create_scope(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t officer = fx_user(f, "tao.don.vi", PW);
    int64_t viewer = fx_user(f, "chi.xem", PW);
    fx_grant(f, officer, t.a1, "officer");
    fx_grant(f, viewer, t.a, "viewer");
    int64_t before = fx_int(f, "SELECT COUNT(*) FROM units", 0);
    const char *why = NULL;
    int64_t id = 0;

    ctx_t c = fx_as(f, officer);
    assert_int_equal(unit_create(&c, t.a1x, "BN.1.X.1", "T\xe1\xbb\x95 1", &id, &why), ST_OK);
    assert_true(id > 0);
    ASSERT_OK(f, officer, PERM_WRITE, id);
    assert_int_equal(unit_create(&c, t.a2, "BN.2.1", "Kh\xc3\xb4ng \xc4\x91\xc6\xb0\xe1\xbb\xa3" "c", &id, &why),
                     ST_FORBIDDEN);
    assert_int_equal(unit_create(&c, t.a, "BN.3", "Kh\xc3\xb4ng", &id, &why), ST_FORBIDDEN);
    assert_int_equal(unit_create(&c, 0, "ROOT2", "G\xe1\xbb\x91" "c m\xe1\xbb\x9bi", &id, &why), ST_FORBIDDEN);
    assert_int_equal(unit_create(&c, 999999, "NOWHERE", "Kh\xc3\xb4ng c\xc3\xb3", &id, &why), ST_FORBIDDEN);
    c = fx_as(f, viewer);
    assert_int_equal(unit_create(&c, t.a1, "BN.1.9", "Ng\xc6\xb0\xe1\xbb\x9di xem", &id, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM units", 0), before + 1);
}

static void test_grant_scope(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t admin_a = fx_user(f, "quan.tri.bn", PW);
    int64_t officer_a = fx_user(f, "can.bo.bn", PW);
    int64_t x = fx_user(f, "nguoi.moi", PW);
    fx_grant(f, admin_a, t.a, "admin");
    fx_grant(f, officer_a, t.a, "officer");
    const char *why = NULL;

    ctx_t c = fx_as(f, admin_a);
    assert_int_equal(user_grant(&c, x, t.a1, "viewer", &why), ST_OK);
    ASSERT_OK(f, x, PERM_READ, t.a1x);
    /* Outside the admin's subtree, or above it. */
    assert_int_equal(user_grant(&c, x, t.b, "viewer", &why), ST_FORBIDDEN);
    assert_non_null(why);
    assert_int_equal(user_grant(&c, x, t.root, "viewer", &why), ST_FORBIDDEN);
    ASSERT_NO(f, x, PERM_READ, t.b);
    /* An officer may write but not hand out roles. */
    c = fx_as(f, officer_a);
    assert_int_equal(user_grant(&c, x, t.a1, "officer", &why), ST_FORBIDDEN);
    ASSERT_NO(f, x, PERM_WRITE, t.a1);
    /* Nor create accounts. */
    int64_t id = 0;
    assert_int_equal(user_create(&c, "khong.duoc", "Kh\xc3\xb4ng", PW, &id, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM users WHERE login = 'khong.duoc'", 0), 0);
    /* Unknown role: refused, nothing granted. */
    c = fx_as(f, admin_a);
    assert_int_equal(user_grant(&c, x, t.a1, "superuser", &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM grants WHERE user_id = ?1", x), 1);
}

static const user_t *find_login(const user_t *list, size_t n, const char *login)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].login, login) == 0)
            return &list[i];
    return NULL;
}

static void test_user_list_scope(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t admin_a = fx_user(f, "admin.bn", PW);
    int64_t admin_b = fx_user(f, "admin.ag", PW);
    int64_t admin_root = fx_user(f, "admin.tw", PW);
    int64_t in_a1x = fx_user(f, "co.so.bn", PW);
    int64_t in_b1 = fx_user(f, "quan.ag", PW);
    int64_t both = fx_user(f, "hai.tinh", PW);
    fx_user(f, "chua.gan", PW); /* no role anywhere */
    fx_grant(f, admin_a, t.a, "admin");
    fx_grant(f, admin_b, t.b, "admin");
    fx_grant(f, admin_root, t.root, "admin");
    fx_grant(f, in_a1x, t.a1x, "viewer");
    fx_grant(f, in_b1, t.b1, "officer");
    fx_grant(f, both, t.a2, "viewer");
    fx_grant(f, both, t.b, "approver");

    /* The district admin sees the accounts granted within the district,
     * itself included, sorted by login; not those of the other district or
     * of the level above. */
    ctx_t c = fx_as(f, admin_a);
    user_t *list = NULL;
    size_t n = 0;
    assert_int_equal(user_list(&c, &list, &n), ST_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].login, "admin.bn");
    assert_string_equal(list[1].login, "co.so.bn");
    assert_string_equal(list[2].login, "hai.tinh");
    assert_true(list[1].active);
    assert_string_equal(list[0].roles, "Qu\xe1\xba\xa3n tr\xe1\xbb\x8b vi\xc3\xaan @ " N_A);
    /* All of an account's roles are listed, also those outside the scope. */
    assert_non_null(strstr(list[2].roles, "Ng\xc6\xb0\xe1\xbb\x9di xem @ " N_A2));
    assert_non_null(strstr(list[2].roles, "L\xc3\xa3nh \xc4\x91\xe1\xba\xa1o k\xc3\xbd duy\xe1\xbb\x87t @ " N_B));

    c = fx_as(f, admin_b);
    assert_int_equal(user_list(&c, &list, &n), ST_OK);
    assert_int_equal(n, 3);
    assert_non_null(find_login(list, n, "admin.ag"));
    assert_non_null(find_login(list, n, "quan.ag"));
    assert_non_null(find_login(list, n, "hai.tinh"));
    assert_null(find_login(list, n, "admin.bn"));

    /* The admin at the top sees every account holding a role. */
    c = fx_as(f, admin_root);
    assert_int_equal(user_list(&c, &list, &n), ST_OK);
    assert_int_equal(n, 6);
    assert_null(find_login(list, n, "chua.gan"));

    /* The system sees all accounts. */
    c = fx_system(f);
    assert_int_equal(user_list(&c, &list, &n), ST_OK);
    assert_int_equal(n, 7);
    assert_non_null(find_login(list, n, "chua.gan"));

    /* Without manage_users anywhere: refused. */
    c = fx_as(f, in_a1x);
    assert_int_equal(user_list(&c, &list, &n), ST_FORBIDDEN);
    assert_int_equal(n, 0);

    /* One account at a time follows the same scope. */
    c = fx_as(f, admin_a);
    user_t one;
    assert_int_equal(user_get(&c, in_a1x, &one), ST_OK);
    assert_string_equal(one.login, "co.so.bn");
    assert_int_equal(user_get(&c, in_b1, &one), ST_FORBIDDEN);
    assert_int_equal(user_get(&c, admin_root, &one), ST_FORBIDDEN);
    /* Everyone may read their own account. */
    c = fx_as(f, in_b1);
    assert_int_equal(user_get(&c, in_b1, &one), ST_OK);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_grant_covers_descendants),
        T(test_grant_not_upwards_or_sideways),
        T(test_role_matrix),
        T(test_roles_add_up),
        T(test_perm_codes),
        T(test_unknown_unit_forbidden),
        T(test_no_account_forbidden),
        T(test_system_may_everything),
        T(test_inactive_user_forbidden),
        T(test_unit_list_tops),
        T(test_unit_get_scope),
        T(test_unit_list_scope),
        T(test_unit_create_scope),
        T(test_grant_scope),
        T(test_user_list_scope),
    };
    FX_RUN_BOTH("perm", tests);
}
