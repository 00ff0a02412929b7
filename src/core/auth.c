#include "core/auth.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/time.h"

static sem_t hashing_gate;
/* Keys the rate-limit table's hash, so that nobody can pick logins that land
 * on another account's or address's slot. */
static unsigned char limit_hash_key[crypto_shorthash_KEYBYTES];
static char dummy_hash[crypto_pwhash_STRBYTES];
static int64_t idle_seconds = 8 * 3600, absolute_seconds = 24 * 3600;

int auth_init(void)
{
    static int done;
    if (done)
        return 0;
    if (sodium_init() < 0 || sem_init(&hashing_gate, 0, AUTH_MAX_HASHING) != 0)
        return -1;
    randombytes_buf(limit_hash_key, sizeof limit_hash_key);
    done = 1;
    return 0;
}

/* A real hash to verify against when the login is unknown, so that a wrong
 * login costs the same as a wrong password. Made on first need: command-line
 * runs that never log anyone in do not pay for it. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    if (password_hash("dummy-password-for-timing", dummy_hash, sizeof dummy_hash) != ST_OK)
        dummy_hash[0] = '\0'; /* verify then fails, as it must */
}

static void gate_enter(void)
{
    while (sem_wait(&hashing_gate) != 0)
        ;
}

status_t password_hash(const char *password, char *out, size_t out_len)
{
    if (out_len < crypto_pwhash_STRBYTES)
        return ST_INTERNAL;
    gate_enter();
    int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sem_post(&hashing_gate);
    return rc == 0 ? ST_OK : ST_NOMEM;
}

bool password_verify(const char *hash, const char *password)
{
    gate_enter();
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    sem_post(&hashing_gate);
    return rc == 0;
}

/* ---- rate limiting: a small fixed table of recent failures ---------------- */

#define LIMIT_SLOTS 4096
#define LIMIT_PROBE 16 /* slots looked at for one key */

typedef struct {
    char key[80]; /* "a:login" or "i:address" */
    int64_t window_start;
    int fails;
} limit_slot_t;

static limit_slot_t slots[LIMIT_SLOTS];
static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;

static bool slot_live(const limit_slot_t *s, int64_t now)
{
    return s->key[0] && now - s->window_start < AUTH_WINDOW;
}

/* The slot of KEY, reset when its window has passed. A new key takes a free
 * or expired slot among LIMIT_PROBE; only when all of them are live does it
 * evict one (the oldest): a live count is never lost to a mere collision. */
static limit_slot_t *slot_for(const char *key, int64_t now)
{
    unsigned char digest[crypto_shorthash_BYTES];
    uint64_t h;
    crypto_shorthash(digest, (const unsigned char *)key, strlen(key), limit_hash_key);
    memcpy(&h, digest, sizeof h);
    limit_slot_t *take = NULL;
    for (unsigned i = 0; i < LIMIT_PROBE; i++) {
        limit_slot_t *s = &slots[(h + i) % LIMIT_SLOTS];
        if (strcmp(s->key, key) == 0) {
            if (!slot_live(s, now)) {
                s->window_start = now;
                s->fails = 0;
            }
            return s;
        }
        if (!take || (slot_live(take, now) && (!slot_live(s, now) || s->window_start < take->window_start)))
            take = s;
    }
    snprintf(take->key, sizeof take->key, "%s", key);
    take->window_start = now;
    take->fails = 0;
    return take;
}

static bool blocked(const char *key, int max, int64_t now)
{
    pthread_mutex_lock(&limit_lock);
    bool b = slot_for(key, now)->fails >= max;
    pthread_mutex_unlock(&limit_lock);
    return b;
}

static void record(const char *key, int64_t now, bool failed)
{
    pthread_mutex_lock(&limit_lock);
    limit_slot_t *s = slot_for(key, now);
    s->fails = failed ? s->fails + 1 : 0;
    pthread_mutex_unlock(&limit_lock);
}

void auth_reset_limits(void)
{
    pthread_mutex_lock(&limit_lock);
    memset(slots, 0, sizeof slots);
    pthread_mutex_unlock(&limit_lock);
}

/* Password hash and id of an active account, or ST_UNAUTHORIZED. */
static status_t load_credentials(db_t *db, const char *login, int64_t *id, char *hash, size_t len)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, "SELECT id, password_hash FROM users WHERE login = ?1 AND active = 1", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, login);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        snprintf(hash, len, "%s", db_col_text(st, 1));
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_UNAUTHORIZED : db_last_status(db);
    db_finalize(st);
    return s;
}

status_t auth_login(db_t *db, const char *login, const char *password, const char *ip, int64_t *user_id)
{
    char akey[80], ikey[80], hash[crypto_pwhash_STRBYTES];
    int64_t now = time_now();
    snprintf(akey, sizeof akey, "a:%s", login);
    snprintf(ikey, sizeof ikey, "i:%s", ip ? ip : "");
    if (blocked(akey, AUTH_MAX_FAILS_ACCOUNT, now) || blocked(ikey, AUTH_MAX_FAILS_IP, now))
        return ST_RATE_LIMITED;
    status_t s = load_credentials(db, login, user_id, hash, sizeof hash);
    if (s != ST_OK && s != ST_UNAUTHORIZED)
        return s;
    if (s != ST_OK)
        pthread_once(&dummy_once, make_dummy_hash);
    bool ok = password_verify(s == ST_OK ? hash : dummy_hash, password) && s == ST_OK;
    record(akey, now, !ok);
    if (!ok) { /* a success clears the account's count, never the address's */
        record(ikey, now, true);
        log_warn("login failed for '%s' from %s", login, ip ? ip : "?");
    }
    return ok ? ST_OK : ST_UNAUTHORIZED;
}

/* ---- sessions -------------------------------------------------------------- */

void session_set_lifetimes(int64_t idle, int64_t absolute)
{
    idle_seconds = idle;
    absolute_seconds = absolute;
}

void auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool auth_token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && sodium_memcmp(a, b, la) == 0;
}

static void token_hash(const char *token, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, d, sizeof d);
}

static status_t insert_session(ctx_t *c, int64_t user_id, const char *hash, session_t *out)
{
    int64_t now = time_now();
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip)"
        " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    out->user_id = user_id;
    out->expires_at = now + idle_seconds;
    auth_random_token(out->csrf);
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, out->csrf);
    db_bind_int(st, 4, now);
    db_bind_int(st, 5, out->expires_at);
    db_bind_text(st, 6, c->ip);
    int rc = db_step(st);
    if (rc == DB_ROW)
        out->id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t session_create(ctx_t *c, int64_t user_id, char token[AUTH_TOKEN_LEN + 1], session_t *out)
{
    char hash[crypto_hash_sha256_BYTES * 2 + 1];
    auth_random_token(token);
    token_hash(token, hash);
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    s = insert_session(c, user_id, hash, out);
    if (s == ST_OK) {
        ctx_t as_user = *c;
        as_user.user_id = user_id;
        s = audit_append(&as_user, "login", "session", out->id, 0, NULL, NULL);
    }
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

static status_t touch(db_t *db, int64_t id, int64_t expires)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, "UPDATE sessions SET last_seen_at = ?1, expires_at = ?2 WHERE id = ?3", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, time_now());
    db_bind_int(st, 2, expires);
    db_bind_int(st, 3, id);
    s = db_step(st) == DB_DONE ? ST_OK : db_last_status(db);
    db_finalize(st);
    return s;
}

status_t session_lookup(db_t *db, const char *token, session_t *out)
{
    char hash[crypto_hash_sha256_BYTES * 2 + 1];
    if (!token || strlen(token) != AUTH_TOKEN_LEN)
        return ST_UNAUTHORIZED;
    token_hash(token, hash);
    db_stmt_t *st;
    status_t s = db_prepare(db,
        "SELECT s.id, s.user_id, s.csrf_token, s.expires_at, s.created_at, s.last_seen_at FROM sessions s"
        " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND u.active = 1", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, hash);
    int rc = db_step(st);
    int64_t now = time_now(), created = 0, seen = 0;
    if (rc == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->user_id = db_col_int(st, 1);
        snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(st, 2));
        out->expires_at = db_col_int(st, 3);
        created = db_col_int(st, 4);
        seen = db_col_int(st, 5);
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_UNAUTHORIZED : db_last_status(db);
    db_finalize(st);
    if (s != ST_OK)
        return s;
    if (now >= out->expires_at || now - created >= absolute_seconds)
        return ST_UNAUTHORIZED;
    int64_t next = now + idle_seconds;
    if (next > created + absolute_seconds)
        next = created + absolute_seconds;
    /* Refresh at most once a minute: reads stay reads. */
    if (now - seen >= 60 && touch(db, out->id, next) == ST_OK)
        out->expires_at = next;
    return ST_OK;
}

status_t session_destroy(ctx_t *c, int64_t session_id)
{
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "DELETE FROM sessions WHERE id = ?1", &st);
    if (s == ST_OK) {
        db_bind_int(st, 1, session_id);
        s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK)
        s = audit_append(c, "logout", "session", session_id, 0, NULL, NULL);
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}
