/* Passwords, logins and sessions.
 * Passwords: Argon2id (libsodium crypto_pwhash_str, 64 MiB), at most
 * AUTH_MAX_HASHING hashes run at once; the rest wait.
 * Logins: rate-limited per account and per address (in memory): after
 * AUTH_MAX_FAILS_ACCOUNT failures for an account, or AUTH_MAX_FAILS_IP from
 * an address, within AUTH_WINDOW seconds, further attempts are refused with
 * ST_RATE_LIMITED until the window passes, even with the right password.
 * Sessions: a 32-byte random token, given to the client once (base64url);
 * only its SHA-256 is stored. Idle expiry and absolute expiry. */
#ifndef TDKT_CORE_AUTH_H
#define TDKT_CORE_AUTH_H
#include <stdbool.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

#define AUTH_MAX_HASHING 2
#define AUTH_MAX_FAILS_ACCOUNT 5
#define AUTH_MAX_FAILS_IP 20
#define AUTH_WINDOW (15 * 60)
#define AUTH_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

/* Initialises libsodium and the hashing gate; 0 on success. */
int auth_init(void);

/* Argon2id hash of PASSWORD into OUT (crypto_pwhash_STRBYTES). */
status_t password_hash(const char *password, char *out, size_t out_len);
bool password_verify(const char *hash, const char *password);

/* Checks credentials. ST_OK with *USER_ID; ST_UNAUTHORIZED for a wrong login
 * or password (the same answer for both, same cost); ST_RATE_LIMITED when the
 * account or IP is blocked. */
status_t auth_login(db_t *db, const char *login, const char *password, const char *ip, int64_t *user_id);

/* Clears the in-memory rate-limit state (tests). */
void auth_reset_limits(void);

typedef struct {
    int64_t id, user_id, expires_at;
    char csrf[AUTH_TOKEN_LEN + 1];
} session_t;

/* Session lifetimes in seconds (defaults 8 h idle, 24 h absolute). */
void session_set_lifetimes(int64_t idle, int64_t absolute);

/* New session for USER_ID. TOKEN gets the secret for the cookie (or bearer
 * header), OUT the session. Audited as a login. */
status_t session_create(ctx_t *c, int64_t user_id, char token[AUTH_TOKEN_LEN + 1], session_t *out);

/* Finds the live session of TOKEN and extends its idle expiry.
 * ST_UNAUTHORIZED when unknown, expired or the user is inactive. */
status_t session_lookup(db_t *db, const char *token, session_t *out);

/* Ends the session (logout); audited. */
status_t session_destroy(ctx_t *c, int64_t session_id);

/* Random token for CSRF and similar: base64url of 32 random bytes. */
void auth_random_token(char out[AUTH_TOKEN_LEN + 1]);

/* Constant-time comparison of two NUL-terminated tokens. */
bool auth_token_equal(const char *a, const char *b);

#endif
