/* PostgreSQL backend of db.h through libpq. The contract, and where it differs
 * from SQLite, is in db_pg.h. Results are fetched whole by PQexecParams (text
 * format) and walked row by row by pgdb_step. */
#include "db/db_pg.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db/db.h"
#include "lib/alloc.h"
#include "lib/log.h"

#define PG_MAX_PARAMS 64
#define PG_ERRMSG_MAX 1024

/* Type OIDs (catalog/pg_type_d.h is a server header). */
enum { OID_UNKNOWN = 0, OID_BOOL = 16, OID_INT8 = 20, OID_TEXT = 25 };

/* Key of the advisory lock every write transaction takes ("tdkt" in ASCII).
 * Advisory locks are per database, so two tdkt databases do not collide. */
#define PG_WRITE_LOCK_SQL "BEGIN; SELECT pg_advisory_xact_lock(1952738164)"

/* Applied after every (re)connection. standard_conforming_strings is what
 * the placeholder scanner assumes for '…' strings. */
#define PG_SESSION_SQL                                                        \
    "SET client_min_messages = warning; SET statement_timeout = '30s'; "      \
    "SET standard_conforming_strings = on; SET TIME ZONE 'UTC'"

struct pgdb {
    PGconn *conn;
    status_t last;
    bool tx_open; /* a transaction begun by pgdb_begin_* is open */
    char errmsg[PG_ERRMSG_MAX];
};

enum { P_NULL = 0, P_INT, P_TEXT };

struct pgparam {
    char *text;        /* owned copy when kind == P_TEXT */
    char num[24];      /* decimal text when kind == P_INT */
    unsigned char kind;
    bool used;         /* ?N appears in the SQL */
    bool oom;          /* the last bind could not copy its text */
    Oid last_type;     /* type of the last non-NULL bind, 0 when none */
};

/* Where a placeholder sits in the translated SQL. */
struct pgmark {
    size_t off; /* of the '$' */
    size_t len; /* '$' and digits */
    int idx;    /* 1-based */
};

struct pgdb_stmt {
    struct pgdb *db;
    char *sql;       /* with $N placeholders */
    int nparams;     /* highest N */
    struct pgmark *marks;
    size_t nmarks, capmarks;
    char *null_sql;     /* SQL with the placeholders of NULL_MASK spelled NULL */
    uint64_t null_mask; /* bit N-1: ?N is an untyped NULL */
    PGresult *res;   /* result of the current execution, or NULL */
    int row;         /* current row, -1 before the first */
    int nrows;
    bool done;       /* DB_DONE/DB_ERROR returned: the next step re-executes */
    int64_t changes;
    struct pgparam p[PG_MAX_PARAMS];
};

/* ---- errors ------------------------------------------------------------ */

/* Cuts S so that it does not end in the middle of a UTF-8 sequence. */
static void utf8_trim_tail(char *s)
{
    size_t len = strlen(s);
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (i - 1) < need)
        s[i - 1] = '\0';
}

static void trim_space_tail(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

static void set_ok(struct pgdb *db)
{
    db->last = ST_OK;
    db->errmsg[0] = '\0';
}

__attribute__((format(printf, 3, 4)))
static status_t set_err(struct pgdb *db, status_t st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    if (n < 0)
        db->errmsg[0] = '\0';
    else if ((size_t)n >= sizeof db->errmsg)
        utf8_trim_tail(db->errmsg);
    trim_space_tail(db->errmsg);
    db->last = st;
    return st;
}

/* SQLSTATE -> status (db.h: conflicts, lock time-outs, everything else). */
static status_t classify(const char *state)
{
    if (state == NULL || strlen(state) != 5)
        return ST_DB;
    if (state[0] == '2' && state[1] == '3') /* integrity_constraint_violation */
        return ST_CONFLICT;
    if (strcmp(state, "40001") == 0     /* serialization_failure */
        || strcmp(state, "40P01") == 0  /* deadlock_detected */
        || strcmp(state, "55P03") == 0  /* lock_not_available */
        || strcmp(state, "57014") == 0) /* query_canceled (statement_timeout) */
        return ST_BUSY;
    return ST_DB;
}

/* Records the error of R (may be NULL: the command could not be sent). */
static status_t set_result_err(struct pgdb *db, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
    if (primary == NULL) {
        /* Produced by libpq itself: connection lost, out of memory… */
        const char *m = r ? PQresultErrorMessage(r) : "";
        if (*m == '\0')
            m = PQerrorMessage(db->conn);
        if (*m == '\0' && r != NULL)
            m = PQresStatus(PQresultStatus(r));
        return set_err(db, ST_DB, "%s", *m ? m : "unknown PostgreSQL error");
    }
    return set_err(db, classify(state), "%s%s%s%s [SQLSTATE %s]", primary,
                   detail ? " (" : "", detail ? detail : "", detail ? ")" : "",
                   state ? state : "?");
}

static bool result_ok(const PGresult *r)
{
    if (r == NULL)
        return false;
    ExecStatusType es = PQresultStatus(r);
    return es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK || es == PGRES_EMPTY_QUERY;
}

/* ---- connection -------------------------------------------------------- */

static void on_notice(void *arg, const char *message)
{
    (void)arg;
    size_t n = strlen(message);
    while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
        n--;
    log_warn("postgresql: %.*s", (int)n, message);
}

static status_t session_setup(struct pgdb *db)
{
    PQsetNoticeProcessor(db->conn, on_notice, NULL);
    if (PQserverVersion(db->conn) < 90500)
        return set_err(db, ST_DB, "PostgreSQL %d is too old: 9.5 or later is needed",
                       PQserverVersion(db->conn));
    if (PQsetClientEncoding(db->conn, "UTF8") != 0)
        return set_err(db, ST_DB, "cannot set client encoding UTF8: %s", PQerrorMessage(db->conn));
    PGresult *r = PQexec(db->conn, PG_SESSION_SQL);
    status_t st = result_ok(r) ? ST_OK : set_result_err(db, r);
    PQclear(r);
    if (st == ST_OK)
        set_ok(db);
    return st;
}

/* Makes sure the connection can take a command. A lost connection is opened
 * again only outside a transaction: inside one, the work done so far is gone
 * and the caller must see errors until it rolls back. */
static bool conn_ready(struct pgdb *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return true;
    if (db->tx_open) {
        set_err(db, ST_DB, "connection to PostgreSQL lost inside a transaction");
        return false;
    }
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        set_err(db, ST_DB, "cannot reconnect to PostgreSQL: %s", PQerrorMessage(db->conn));
        return false;
    }
    log_warn("postgresql: connection lost; reconnected");
    return session_setup(db) == ST_OK;
}

static void give_err(char **err, const char *msg)
{
    if (err != NULL)
        *err = xstrdup(msg);
}

status_t pgdb_open(const char *url, struct pgdb **out, char **err)
{
    *out = NULL;
    if (err != NULL)
        *err = NULL;
    if (url == NULL || *url == '\0') {
        give_err(err, "empty PostgreSQL connection string");
        return ST_DB;
    }
    struct pgdb *db = xcalloc(1, sizeof *db);
    if (db == NULL) {
        give_err(err, "out of memory");
        return ST_DB;
    }
    /* Defaults first: the expanded URL (dbname, last) overrides them. */
    const char *const keys[] = {"application_name", "connect_timeout", "dbname", NULL};
    const char *const vals[] = {"tdkt", "10", url, NULL};
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (db->conn == NULL) {
        xfree(db);
        give_err(err, "out of memory");
        return ST_DB;
    }
    if (PQstatus(db->conn) != CONNECTION_OK) {
        set_err(db, ST_DB, "cannot connect to PostgreSQL: %s", PQerrorMessage(db->conn));
        give_err(err, db->errmsg);
        pgdb_close(db);
        return ST_DB;
    }
    if (session_setup(db) != ST_OK) {
        give_err(err, db->errmsg);
        pgdb_close(db);
        return ST_DB;
    }
    *out = db;
    return ST_OK;
}

void pgdb_close(struct pgdb *db)
{
    if (db == NULL)
        return;
    PQfinish(db->conn);
    xfree(db);
}

/* ---- placeholders ------------------------------------------------------ */

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* S[I] is the opening quote Q; returns the index after the closing one (or N
 * when unterminated: the server reports it). Doubled quotes are escapes, and
 * so is a backslash in E'…' strings. */
static size_t skip_quoted(const char *s, size_t n, size_t i, char q, bool backslash)
{
    size_t j = i + 1;
    while (j < n) {
        if (backslash && s[j] == '\\') {
            j += 2;
        } else if (s[j] == q) {
            if (j + 1 < n && s[j + 1] == q)
                j += 2;
            else
                return j + 1;
        } else {
            j++;
        }
    }
    return n;
}

/* S[I] is '/' followed by '*'. PostgreSQL block comments nest. */
static size_t skip_block_comment(const char *s, size_t n, size_t i)
{
    size_t j = i + 2;
    int depth = 1;
    while (j < n && depth > 0) {
        if (s[j] == '/' && j + 1 < n && s[j + 1] == '*') {
            depth++;
            j += 2;
        } else if (s[j] == '*' && j + 1 < n && s[j + 1] == '/') {
            depth--;
            j += 2;
        } else {
            j++;
        }
    }
    return j;
}

/* S[I] is '$' not preceded by an identifier character. When it opens a
 * $tag$…$tag$ string, returns the index after its end; otherwise I + 1. */
static size_t skip_dollar(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    if (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_')) {
        while (j < n && ident_char(s[j]) && s[j] != '$')
            j++;
    }
    if (j >= n || s[j] != '$')
        return i + 1; /* "$1" or a stray '$' */
    size_t taglen = j + 1 - i;
    const char *end = memmem(s + j + 1, n - (j + 1), s + i, taglen);
    return end ? (size_t)(end - s) + taglen : n;
}

static bool add_mark(struct pgdb_stmt *st, size_t off, size_t len, int idx)
{
    if (st->nmarks == st->capmarks) {
        size_t cap = st->capmarks ? st->capmarks * 2 : 8;
        struct pgmark *m = xrealloc(st->marks, cap * sizeof *m);
        if (m == NULL)
            return false;
        st->marks = m;
        st->capmarks = cap;
    }
    st->marks[st->nmarks++] = (struct pgmark){off, len, idx};
    return true;
}

/* Sets ST->sql to a copy of SQL with ?N rewritten to $N (the same length),
 * ST->nparams to the highest N, and records every placeholder in ST->marks and
 * p[N-1].used. False with the error recorded on failure. */
static bool translate(struct pgdb *db, struct pgdb_stmt *st, const char *sql)
{
    size_t n = strlen(sql);
    char *s = xmalloc(n + 1);
    if (s == NULL) {
        set_err(db, ST_NOMEM, "out of memory");
        return false;
    }
    st->sql = s;
    memcpy(s, sql, n + 1);
    int max = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        char next = i + 1 < n ? s[i + 1] : '\0';
        if (c == '\'') {
            bool e = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !ident_char(s[i - 2]));
            i = skip_quoted(s, n, i, '\'', e);
        } else if (c == '"') {
            i = skip_quoted(s, n, i, '"', false);
        } else if (c == '-' && next == '-') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '/' && next == '*') {
            i = skip_block_comment(s, n, i);
        } else if (c == '$' && (i == 0 || !ident_char(s[i - 1]))) {
            i = skip_dollar(s, n, i);
        } else if (c == '?') {
            size_t j = i + 1;
            long v = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9') {
                if (v <= PG_MAX_PARAMS)
                    v = v * 10 + (s[j] - '0');
                j++;
            }
            if (j == i + 1 || v < 1 || v > PG_MAX_PARAMS) {
                set_err(db, ST_DB, "bad placeholder at offset %zu: use ?1 … ?%d", i, PG_MAX_PARAMS);
                return false;
            }
            if (!add_mark(st, i, j - i, (int)v)) {
                set_err(db, ST_NOMEM, "out of memory");
                return false;
            }
            s[i] = '$';
            st->p[v - 1].used = true;
            if (v > max)
                max = (int)v;
            i = j;
        } else {
            i++;
        }
    }
    st->nparams = max;
    return true;
}

/* SQL of ST with the placeholders of the parameters in MASK replaced by the
 * literal NULL (cached in ST). An untyped NULL parameter fails where
 * PostgreSQL meets it first in a place that fixes no type ("?1 IS NULL OR
 * name = ?1"), but a NULL literal is accepted everywhere. NULL on OOM. */
static const char *sql_with_nulls(struct pgdb_stmt *st, uint64_t mask)
{
    if (st->null_sql != NULL && st->null_mask == mask)
        return st->null_sql;
    xfree(st->null_sql);
    st->null_sql = NULL;
    size_t n = strlen(st->sql);
    char *out = xmalloc(n + st->nmarks * 6 + 1); /* "$1" -> " NULL " at most */
    if (out == NULL)
        return NULL;
    size_t o = 0, from = 0;
    for (size_t k = 0; k < st->nmarks; k++) {
        const struct pgmark *m = &st->marks[k];
        if (!(mask & (UINT64_C(1) << (m->idx - 1))))
            continue;
        memcpy(out + o, st->sql + from, m->off - from);
        o += m->off - from;
        if (m->off > 0 && ident_char(st->sql[m->off - 1]))
            out[o++] = ' ';
        memcpy(out + o, "NULL", 4);
        o += 4;
        from = m->off + m->len;
        if (from < n && ident_char(st->sql[from]))
            out[o++] = ' ';
    }
    memcpy(out + o, st->sql + from, n - from + 1);
    st->null_sql = out;
    st->null_mask = mask;
    return out;
}

/* ---- statements -------------------------------------------------------- */

status_t pgdb_prepare(struct pgdb *db, const char *sql, struct pgdb_stmt **out)
{
    *out = NULL;
    if (sql == NULL)
        return set_err(db, ST_DB, "no SQL to prepare");
    struct pgdb_stmt *st = xcalloc(1, sizeof *st);
    if (st == NULL)
        return set_err(db, ST_NOMEM, "out of memory");
    if (!translate(db, st, sql)) {
        status_t s = db->last;
        pgdb_finalize(st);
        return s;
    }
    st->db = db;
    st->row = -1;
    set_ok(db);
    *out = st;
    return ST_OK;
}

/* The slot of ?IDX emptied (SQL NULL), or NULL when IDX is out of range. */
static struct pgparam *param_slot(struct pgdb_stmt *st, int idx)
{
    if (st == NULL || idx < 1 || idx > st->nparams)
        return NULL;
    struct pgparam *p = &st->p[idx - 1];
    xfree(p->text);
    p->text = NULL;
    p->kind = P_NULL;
    p->oom = false;
    return p;
}

void pgdb_bind_int(struct pgdb_stmt *st, int idx, int64_t v)
{
    struct pgparam *p = param_slot(st, idx);
    if (p == NULL)
        return;
    snprintf(p->num, sizeof p->num, "%" PRId64, v);
    p->kind = P_INT;
    p->last_type = OID_INT8;
}

void pgdb_bind_text(struct pgdb_stmt *st, int idx, const char *s)
{
    struct pgparam *p = param_slot(st, idx);
    if (p == NULL || s == NULL)
        return;
    p->text = xstrdup(s);
    if (p->text == NULL) {
        p->oom = true;
        return;
    }
    p->kind = P_TEXT;
    p->last_type = OID_TEXT;
}

void pgdb_bind_null(struct pgdb_stmt *st, int idx)
{
    (void)param_slot(st, idx);
}

static void clear_result(struct pgdb_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nrows = 0;
    st->done = false;
}

/* Rows changed by R when it is an INSERT/UPDATE/DELETE/MERGE, else 0. */
static int64_t count_changes(PGresult *r)
{
    const char *tag = PQcmdStatus(r);
    if (strncmp(tag, "INSERT ", 7) != 0 && strncmp(tag, "UPDATE ", 7) != 0 &&
        strncmp(tag, "DELETE ", 7) != 0 && strncmp(tag, "MERGE ", 6) != 0)
        return 0;
    const char *num = PQcmdTuples(r);
    return *num ? strtoll(num, NULL, 10) : 0;
}

static bool execute(struct pgdb_stmt *st)
{
    struct pgdb *db = st->db;
    const char *vals[PG_MAX_PARAMS];
    Oid types[PG_MAX_PARAMS];
    uint64_t null_mask = 0;
    for (int i = 0; i < st->nparams; i++) {
        const struct pgparam *p = &st->p[i];
        if (p->oom) {
            set_err(db, ST_NOMEM, "out of memory binding ?%d", i + 1);
            return false;
        }
        switch (p->kind) {
        case P_INT:
            vals[i] = p->num;
            types[i] = OID_INT8;
            break;
        case P_TEXT:
            vals[i] = p->text;
            types[i] = OID_TEXT;
            break;
        default:
            /* A NULL of the type last bound to that index, else the literal
             * NULL in the SQL. An index the SQL does not name still needs a
             * type. */
            vals[i] = NULL;
            types[i] = p->used && p->last_type != OID_UNKNOWN ? p->last_type : OID_TEXT;
            if (p->used && p->last_type == OID_UNKNOWN)
                null_mask |= UINT64_C(1) << i;
            break;
        }
    }
    const char *sql = st->sql;
    if (null_mask != 0 && (sql = sql_with_nulls(st, null_mask)) == NULL) {
        set_err(db, ST_NOMEM, "out of memory");
        return false;
    }
    if (!conn_ready(db))
        return false;
    PGresult *r = PQexecParams(db->conn, sql, st->nparams, st->nparams ? types : NULL,
                               st->nparams ? vals : NULL, NULL, NULL, 0);
    if (!result_ok(r)) {
        set_result_err(db, r);
        PQclear(r);
        return false;
    }
    st->res = r;
    st->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
    st->row = -1;
    st->changes = count_changes(r);
    return true;
}

int pgdb_step(struct pgdb_stmt *st)
{
    if (st == NULL)
        return DB_ERROR;
    if (st->done) /* as SQLite: stepping a finished statement runs it again */
        clear_result(st);
    if (st->res == NULL && !execute(st)) {
        st->done = true;
        return DB_ERROR;
    }
    set_ok(st->db);
    st->row++;
    if (st->row < st->nrows)
        return DB_ROW;
    st->row = st->nrows;
    st->done = true;
    return DB_DONE;
}

void pgdb_reset(struct pgdb_stmt *st)
{
    if (st != NULL)
        clear_result(st);
}

static bool col_ok(const struct pgdb_stmt *st, int col)
{
    return st != NULL && st->res != NULL && st->row >= 0 && st->row < st->nrows && col >= 0 &&
           col < PQnfields(st->res);
}

int64_t pgdb_col_int(struct pgdb_stmt *st, int col)
{
    if (!col_ok(st, col) || PQgetisnull(st->res, st->row, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == OID_BOOL)
        return v[0] == 't';
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (end != NULL && (*end == '.' || *end == 'e' || *end == 'E')) {
        /* numeric or float text: truncate toward zero, clamped, as SQLite */
        double d = strtod(v, NULL);
        if (isnan(d))
            return 0;
        if (d >= 9223372036854775807.0)
            return INT64_MAX;
        if (d <= -9223372036854775808.0)
            return INT64_MIN;
        return (int64_t)d;
    }
    return (int64_t)x;
}

const char *pgdb_col_text(struct pgdb_stmt *st, int col)
{
    if (!col_ok(st, col) || PQgetisnull(st->res, st->row, col))
        return NULL;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == OID_BOOL)
        return v[0] == 't' ? "1" : "0";
    return v;
}

bool pgdb_col_null(struct pgdb_stmt *st, int col)
{
    return !col_ok(st, col) || PQgetisnull(st->res, st->row, col);
}

int pgdb_col_count(struct pgdb_stmt *st)
{
    return st != NULL && st->res != NULL ? PQnfields(st->res) : 0;
}

int64_t pgdb_changes(struct pgdb_stmt *st)
{
    return st != NULL ? st->changes : 0;
}

void pgdb_finalize(struct pgdb_stmt *st)
{
    if (st == NULL)
        return;
    PQclear(st->res);
    for (int i = 0; i < PG_MAX_PARAMS; i++)
        xfree(st->p[i].text);
    xfree(st->sql);
    xfree(st->null_sql);
    xfree(st->marks);
    xfree(st);
}

/* ---- scripts and transactions ------------------------------------------ */

/* Runs SQL (no parameters; several statements allowed) and records the
 * outcome. */
static status_t run(struct pgdb *db, const char *sql)
{
    if (!conn_ready(db))
        return db->last;
    PGresult *r = PQexec(db->conn, sql);
    status_t st = ST_OK;
    if (result_ok(r))
        set_ok(db);
    else
        st = set_result_err(db, r);
    PQclear(r);
    return st;
}

status_t pgdb_exec(struct pgdb *db, const char *sql)
{
    if (sql == NULL)
        return set_err(db, ST_DB, "no SQL to run");
    return run(db, sql);
}

bool pgdb_in_transaction(const struct pgdb *db)
{
    if (db == NULL)
        return false;
    switch (PQtransactionStatus(db->conn)) {
    case PQTRANS_IDLE:
        return false;
    case PQTRANS_UNKNOWN:
        return db->tx_open;
    default:
        return true;
    }
}

/* Ends a transaction left open by a failed begin, keeping the error. */
static void abandon(struct pgdb *db)
{
    PGTransactionStatusType ts = PQtransactionStatus(db->conn);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
        PQclear(PQexec(db->conn, "ROLLBACK"));
}

static status_t begin(struct pgdb *db, const char *sql)
{
    if (pgdb_in_transaction(db))
        return set_err(db, ST_DB, "cannot start a transaction within a transaction");
    status_t st = run(db, sql);
    if (st != ST_OK) {
        abandon(db);
        return st;
    }
    db->tx_open = true;
    return ST_OK;
}

status_t pgdb_begin_write(struct pgdb *db)
{
    return begin(db, PG_WRITE_LOCK_SQL);
}

status_t pgdb_begin_read(struct pgdb *db)
{
    return begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

status_t pgdb_commit(struct pgdb *db)
{
    if (!pgdb_in_transaction(db)) {
        db->tx_open = false;
        return set_err(db, ST_DB, "cannot commit: no transaction is active");
    }
    bool failed_before = PQtransactionStatus(db->conn) == PQTRANS_INERROR;
    PGresult *r = PQexec(db->conn, "COMMIT");
    db->tx_open = false;
    status_t st = ST_OK;
    if (!result_ok(r)) {
        st = set_result_err(db, r);
    } else if (failed_before || strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        st = set_err(db, ST_DB, "transaction rolled back: a statement in it had failed");
    } else {
        set_ok(db);
    }
    PQclear(r);
    return st;
}

/* Runs SQL (a rollback): an error of its own is recorded only when none is. */
static void exec_keeping_error(struct pgdb *db, const char *sql)
{
    PGresult *r = PQexec(db->conn, sql);
    if (!result_ok(r) && db->last == ST_OK)
        set_result_err(db, r);
    PQclear(r);
}

void pgdb_rollback(struct pgdb *db)
{
    if (db == NULL)
        return;
    db->tx_open = false;
    PGTransactionStatusType ts = PQtransactionStatus(db->conn);
    if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR)
        return;
    exec_keeping_error(db, "ROLLBACK");
}

const char *pgdb_errmsg(const struct pgdb *db)
{
    return db != NULL ? db->errmsg : "no database connection";
}

void pgdb_rollback_to(struct pgdb *db, const char *savepoint_sql)
{
    if (db != NULL && pgdb_in_transaction(db))
        exec_keeping_error(db, savepoint_sql);
}

status_t pgdb_last_status(const struct pgdb *db)
{
    return db != NULL ? db->last : ST_DB;
}
