/* Unit tests for src/core/auth.c on SQLite and, with TDKT_TEST_PG, on
 * PostgreSQL: password hashing, logins and their rate limits, sessions
 * (creation, lookup, expiry, logout) and that only a token's SHA-256 is
 * stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/audit.h"
#include "core/auth.h"
#include "fixture.h"
#include "lib/log.h"

#define PW "M\xe1\xba\xadt kh\xe1\xba\xa9u \xc4\x91\xc3\xbang 2025" /* "Mật khẩu đúng 2025" */
#define IP "198.51.100.7"
#define IP2 "198.51.100.8"

static int auth_setup(void **state)
{
    auth_reset_limits();
    session_set_lifetimes(8 * 3600, 24 * 3600);
    return fx_setup(state);
}

static int auth_teardown(void **state)
{
    auth_reset_limits();
    session_set_lifetimes(8 * 3600, 24 * 3600);
    return fx_teardown(state);
}

static void exec_int(fx_t *f, const char *sql, int64_t p1, int64_t p2)
{
    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, sql, &st), ST_OK);
    db_bind_int(st, 1, p1);
    db_bind_int(st, 2, p2);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
}

static status_t login(fx_t *f, const char *user, const char *pw, const char *ip, int64_t *id)
{
    int64_t dummy;
    return auth_login(f->db, user, pw, ip, id ? id : &dummy);
}

static bool is_token(const char *t)
{
    if (strlen(t) != AUTH_TOKEN_LEN)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

/* A new session for USER; asserts success. */
static session_t new_session(fx_t *f, int64_t user, char token[AUTH_TOKEN_LEN + 1])
{
    ctx_t c = fx_as(f, user);
    session_t s;
    memset(&s, 0, sizeof s);
    assert_int_equal(session_create(&c, user, token, &s), ST_OK);
    return s;
}

/* ---- passwords ---------------------------------------------------------------- */

static void test_password_hash_verify(void **state)
{
    (void)state;
    char h1[crypto_pwhash_STRBYTES], h2[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash(PW, h1, sizeof h1), ST_OK);
    assert_int_equal(password_hash(PW, h2, sizeof h2), ST_OK);
    assert_true(strncmp(h1, "$argon2id$", 10) == 0);
    assert_null(strstr(h1, PW));
    assert_string_not_equal(h1, h2); /* salted */
    assert_true(password_verify(h1, PW));
    assert_true(password_verify(h2, PW));
    assert_false(password_verify(h1, "M\xe1\xba\xadt kh\xe1\xba\xa9u \xc4\x91\xc3\xbang 2024"));
    assert_false(password_verify(h1, "mat khau dung 2025")); /* without the marks */
    assert_false(password_verify(h1, ""));
    assert_false(password_verify("not a hash", PW));
    /* Too small an output buffer is refused, not overrun. */
    char small[16];
    assert_int_equal(password_hash(PW, small, sizeof small), ST_INTERNAL);
}

/* ---- logins ---------------------------------------------------------------- */

static void test_login(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "dang.nhap", PW);
    fx_user(f, "nguoi.khac", "mat-khau-khac");
    int64_t id = -1;
    assert_int_equal(login(f, "dang.nhap", PW, IP, &id), ST_OK);
    assert_int_equal(id, u);
    assert_int_equal(login(f, "dang.nhap", "sai-mat-khau", IP, NULL), ST_UNAUTHORIZED);
    assert_int_equal(login(f, "dang.nhap", "mat-khau-khac", IP, NULL), ST_UNAUTHORIZED);
    assert_int_equal(login(f, "khong.ton.tai", PW, IP, NULL), ST_UNAUTHORIZED);
    assert_int_equal(login(f, "DANG.NHAP", PW, IP, NULL), ST_UNAUTHORIZED);
    assert_int_equal(login(f, "", "", IP, NULL), ST_UNAUTHORIZED);
    /* An inactive account cannot log in, even with the right password. */
    exec_int(f, "UPDATE users SET active = ?2 WHERE id = ?1", u, 0);
    assert_int_equal(login(f, "dang.nhap", PW, IP2, NULL), ST_UNAUTHORIZED);
    exec_int(f, "UPDATE users SET active = ?2 WHERE id = ?1", u, 1);
    auth_reset_limits();
    assert_int_equal(login(f, "dang.nhap", PW, IP2, &id), ST_OK);
}

static void test_rate_limit_account(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "bi.khoa", PW);
    int64_t other = fx_user(f, "ban.be", PW);
    for (int i = 0; i < AUTH_MAX_FAILS_ACCOUNT; i++)
        assert_int_equal(login(f, "bi.khoa", "sai-mat-khau", IP, NULL), ST_UNAUTHORIZED);
    /* Now even the right password is refused, from any address. */
    assert_int_equal(login(f, "bi.khoa", PW, IP, NULL), ST_RATE_LIMITED);
    assert_int_equal(login(f, "bi.khoa", PW, IP2, NULL), ST_RATE_LIMITED);
    assert_int_equal(login(f, "bi.khoa", "sai-mat-khau", IP, NULL), ST_RATE_LIMITED);
    /* Another account from the same address is not blocked. */
    int64_t id = -1;
    assert_int_equal(login(f, "ban.be", PW, IP, &id), ST_OK);
    assert_int_equal(id, other);
    /* Clearing the limits lets the owner in again. */
    auth_reset_limits();
    assert_int_equal(login(f, "bi.khoa", PW, IP, &id), ST_OK);
    assert_int_equal(id, u);
}

static void test_rate_limit_below_threshold(void **state)
{
    fx_t *f = fx(state);
    fx_user(f, "gan.khoa", PW);
    for (int i = 0; i < AUTH_MAX_FAILS_ACCOUNT - 1; i++)
        assert_int_equal(login(f, "gan.khoa", "sai-mat-khau", IP, NULL), ST_UNAUTHORIZED);
    /* One failure short of the limit: the right password still works. */
    assert_int_equal(login(f, "gan.khoa", PW, IP, NULL), ST_OK);
}

static void test_rate_limit_address(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "nan.nhan", PW);
    /* Guessing many different logins from one address: each account sees one
     * failure only, the address sees them all. */
    for (int i = 0; i < AUTH_MAX_FAILS_IP; i++) {
        char name[32];
        snprintf(name, sizeof name, "doan.bua.%d", i);
        assert_int_equal(login(f, name, "doan-bua", IP, NULL), ST_UNAUTHORIZED);
    }
    assert_int_equal(login(f, "nan.nhan", PW, IP, NULL), ST_RATE_LIMITED);
    /* The same account from elsewhere is fine. */
    int64_t id = -1;
    assert_int_equal(login(f, "nan.nhan", PW, IP2, &id), ST_OK);
    assert_int_equal(id, u);
    auth_reset_limits();
    assert_int_equal(login(f, "nan.nhan", PW, IP, NULL), ST_OK);
}

/* ---- sessions ------------------------------------------------------------- */

static void test_session_lifecycle(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "phien.lam", PW);
    int64_t entries = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    char token[AUTH_TOKEN_LEN + 1];
    int64_t before = (int64_t)time(NULL);
    session_t s = new_session(f, u, token);
    assert_true(is_token(token));
    assert_true(is_token(s.csrf));
    assert_string_not_equal(token, s.csrf);
    assert_true(s.id > 0);
    assert_int_equal(s.user_id, u);
    assert_in_range(s.expires_at, before + 8 * 3600, (int64_t)time(NULL) + 8 * 3600);

    session_t found;
    memset(&found, 0, sizeof found);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    assert_int_equal(found.id, s.id);
    assert_int_equal(found.user_id, u);
    assert_string_equal(found.csrf, s.csrf);

    /* Login and logout are both audited, as the account. */
    ctx_t c = fx_as(f, u);
    assert_int_equal(session_destroy(&c, s.id), ST_OK);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM sessions", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), entries + 2);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND entity = 'session'"
                               " AND user_id = ?1", u), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'logout' AND entity = 'session'"
                               " AND user_id = ?1", u), 1);
    audit_report_t r;
    assert_int_equal(audit_verify(f->db, &r), ST_OK);
}

static void test_sessions_are_separate(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "hai.phien", PW);
    int64_t v = fx_user(f, "nguoi.thu.hai", PW);
    char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1], t3[AUTH_TOKEN_LEN + 1];
    session_t s1 = new_session(f, u, t1);
    session_t s2 = new_session(f, u, t2);
    session_t s3 = new_session(f, v, t3);
    assert_string_not_equal(t1, t2);
    assert_int_not_equal(s1.id, s2.id);
    session_t found;
    assert_int_equal(session_lookup(f->db, t3, &found), ST_OK);
    assert_int_equal(found.user_id, v);
    assert_int_equal(found.id, s3.id);
    /* Ending one session leaves the others. */
    ctx_t c = fx_as(f, u);
    assert_int_equal(session_destroy(&c, s1.id), ST_OK);
    assert_int_equal(session_lookup(f->db, t1, &found), ST_UNAUTHORIZED);
    assert_int_equal(session_lookup(f->db, t2, &found), ST_OK);
    assert_int_equal(found.id, s2.id);
    assert_int_equal(session_lookup(f->db, t3, &found), ST_OK);
}

static void test_only_token_hash_stored(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "bam.token", PW);
    char token[AUTH_TOKEN_LEN + 1];
    session_t s = new_session(f, u, token);

    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);

    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, "SELECT token_hash, csrf_token, ip FROM sessions WHERE id = ?1", &st),
                     ST_OK);
    db_bind_int(st, 1, s.id);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), hex);
    assert_string_equal(db_col_text(st, 1), s.csrf);
    assert_string_equal(db_col_text(st, 2), "192.0.2.10");
    db_finalize(st);

    /* The token itself is nowhere in the table or the audit log. */
    assert_int_equal(db_prepare(f->db, "SELECT (SELECT COUNT(*) FROM sessions WHERE token_hash = ?1"
                                       " OR csrf_token = ?1 OR ip = ?1)"
                                       " + (SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%' || ?1 || '%'"
                                       " OR before_json LIKE '%' || ?1 || '%')", &st),
                     ST_OK);
    db_bind_text(st, 1, token);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 0);
    db_finalize(st);

    /* Presenting the stored hash instead of the token does not work. */
    session_t found;
    assert_int_equal(session_lookup(f->db, hex, &found), ST_UNAUTHORIZED);
}

static void test_wrong_token(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "sai.token", PW);
    char token[AUTH_TOKEN_LEN + 1];
    new_session(f, u, token);
    session_t found;

    char other[AUTH_TOKEN_LEN + 1];
    auth_random_token(other);
    assert_true(is_token(other));
    assert_int_equal(session_lookup(f->db, other, &found), ST_UNAUTHORIZED);

    char changed[AUTH_TOKEN_LEN + 1];
    memcpy(changed, token, sizeof changed);
    changed[AUTH_TOKEN_LEN - 1] = changed[AUTH_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
    assert_int_equal(session_lookup(f->db, changed, &found), ST_UNAUTHORIZED);
    memcpy(changed, token, sizeof changed);
    changed[0] = changed[0] == 'x' ? 'y' : 'x';
    assert_int_equal(session_lookup(f->db, changed, &found), ST_UNAUTHORIZED);

    char longer[AUTH_TOKEN_LEN + 2];
    snprintf(longer, sizeof longer, "%sA", token);
    assert_int_equal(session_lookup(f->db, longer, &found), ST_UNAUTHORIZED);
    char shorter[AUTH_TOKEN_LEN];
    memcpy(shorter, token, sizeof shorter - 1);
    shorter[sizeof shorter - 1] = '\0';
    assert_int_equal(session_lookup(f->db, shorter, &found), ST_UNAUTHORIZED);
    assert_int_equal(session_lookup(f->db, "", &found), ST_UNAUTHORIZED);
    assert_int_equal(session_lookup(f->db, NULL, &found), ST_UNAUTHORIZED);

    /* The real one still works. */
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
}

static void test_session_idle_expiry(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "het.han", PW);
    session_t found;
    char token[AUTH_TOKEN_LEN + 1];

    /* A zero idle lifetime: the session is dead on arrival. */
    session_set_lifetimes(0, 24 * 3600);
    new_session(f, u, token);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);
    session_set_lifetimes(8 * 3600, 24 * 3600);

    /* Expiry in the past, as the clock would make it. */
    session_t s = new_session(f, u, token);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    exec_int(f, "UPDATE sessions SET expires_at = ?2 WHERE id = ?1", s.id, (int64_t)time(NULL) - 1);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);
}

static void test_session_absolute_expiry(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "qua.han", PW);
    session_t found;
    char token[AUTH_TOKEN_LEN + 1];
    session_t s = new_session(f, u, token);
    int64_t now = (int64_t)time(NULL);
    /* Active all along (idle expiry in the future) but created over 24 h ago. */
    exec_int(f, "UPDATE sessions SET created_at = ?2 WHERE id = ?1", s.id, now - 24 * 3600 - 5);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);

    /* A shorter absolute lifetime applies to existing sessions too. */
    s = new_session(f, u, token);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    session_set_lifetimes(8 * 3600, 0);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);
}

static void test_session_idle_refresh(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "gia.han", PW);
    char token[AUTH_TOKEN_LEN + 1];
    session_t s = new_session(f, u, token);
    session_t found;
    int64_t now = (int64_t)time(NULL);

    /* Last seen two minutes ago, about to expire: a lookup extends it. */
    exec_int(f, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", s.id, now - 120);
    exec_int(f, "UPDATE sessions SET expires_at = ?2 WHERE id = ?1", s.id, now + 30);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    assert_in_range(found.expires_at, now + 8 * 3600, (int64_t)time(NULL) + 8 * 3600);
    assert_int_equal(fx_int(f, "SELECT expires_at FROM sessions WHERE id = ?1", s.id), found.expires_at);

    /* Never beyond the absolute lifetime. */
    exec_int(f, "UPDATE sessions SET created_at = ?2 WHERE id = ?1", s.id, now - 24 * 3600 + 100);
    exec_int(f, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", s.id, now - 120);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    assert_int_equal(found.expires_at, now + 100);

    /* Seen within the last minute: no write, expiry unchanged. */
    exec_int(f, "UPDATE sessions SET expires_at = ?2 WHERE id = ?1", s.id, now + 50);
    exec_int(f, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", s.id, now);
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    assert_int_equal(found.expires_at, now + 50);
    assert_int_equal(fx_int(f, "SELECT expires_at FROM sessions WHERE id = ?1", s.id), now + 50);
}

static void test_session_inactive_user(void **state)
{
    fx_t *f = fx(state);
    int64_t u = fx_user(f, "bi.khoa.tk", PW);
    char token[AUTH_TOKEN_LEN + 1];
    new_session(f, u, token);
    session_t found;
    assert_int_equal(session_lookup(f->db, token, &found), ST_OK);
    exec_int(f, "UPDATE users SET active = ?2 WHERE id = ?1", u, 0);
    assert_int_equal(session_lookup(f->db, token, &found), ST_UNAUTHORIZED);
}

/* ---- tokens --------------------------------------------------------------- */

static void test_tokens(void **state)
{
    (void)state;
    char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
    auth_random_token(a);
    auth_random_token(b);
    assert_true(is_token(a));
    assert_true(is_token(b));
    assert_string_not_equal(a, b);
    assert_true(auth_token_equal(a, a));
    assert_false(auth_token_equal(a, b));
    char prefix[AUTH_TOKEN_LEN];
    memcpy(prefix, a, sizeof prefix - 1);
    prefix[sizeof prefix - 1] = '\0';
    assert_false(auth_token_equal(a, prefix));
    assert_false(auth_token_equal(prefix, a));
    assert_false(auth_token_equal(a, ""));
    assert_true(auth_token_equal("", ""));
}

#define T(f) cmocka_unit_test_setup_teardown(f, auth_setup, auth_teardown)

int main(void)
{
    log_set_level(LOG_ERROR); /* failed logins are logged as warnings */
    const struct CMUnitTest tests[] = {
        T(test_password_hash_verify),
        T(test_login),
        T(test_rate_limit_account),
        T(test_rate_limit_below_threshold),
        T(test_rate_limit_address),
        T(test_session_lifecycle),
        T(test_sessions_are_separate),
        T(test_only_token_hash_stored),
        T(test_wrong_token),
        T(test_session_idle_expiry),
        T(test_session_absolute_expiry),
        T(test_session_idle_refresh),
        T(test_session_inactive_user),
        T(test_tokens),
    };
    FX_RUN_BOTH("auth", tests);
}
