#include "core/job.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/perm.h"
#include "lib/alloc.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/time.h"

#define JOB_COLS "id, kind, state, params, COALESCE(unit_id, 0), COALESCE(created_by, 0), created_at," \
    " COALESCE(started_at, 0), COALESCE(finished_at, 0), progress, total, message, input_path, input_name," \
    " result_path, result_name, result_type"

struct job_run {
    int64_t id;
    const volatile bool *stop;
    const char *message, *result_path, *result_name, *result_type;
    arena_t *arena;
};

static char jobs_dir[512] = "var/jobs";

void job_set_dir(const char *dir) { snprintf(jobs_dir, sizeof jobs_dir, "%s", dir); }

const char *job_dir(void) { return jobs_dir; }

const job_kind_t *job_kind_find(const char *kind)
{
    for (const job_kind_t *k = job_kinds; kind && k->kind; k++)
        if (strcmp(k->kind, kind) == 0)
            return k;
    return NULL;
}

/* ---- live progress, in memory --------------------------------------------- */

#define LIVE_SLOTS 16

static struct {
    int64_t id, done, total;
} live[LIVE_SLOTS];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

static void live_set(int64_t id, int64_t done, int64_t total)
{
    pthread_mutex_lock(&live_lock);
    int free_slot = -1;
    for (int i = 0; i < LIVE_SLOTS; i++) {
        if (live[i].id == id) {
            free_slot = i;
            break;
        }
        if (live[i].id == 0 && free_slot < 0)
            free_slot = i;
    }
    if (free_slot >= 0) {
        live[free_slot].id = done < 0 ? 0 : id; /* done < 0 clears the slot */
        live[free_slot].done = done;
        live[free_slot].total = total;
    }
    pthread_mutex_unlock(&live_lock);
}

bool job_live_progress(int64_t id, int64_t *done, int64_t *total)
{
    bool found = false;
    pthread_mutex_lock(&live_lock);
    for (int i = 0; i < LIVE_SLOTS && !found; i++) {
        if (live[i].id == id) {
            *done = live[i].done;
            *total = live[i].total;
            found = true;
        }
    }
    pthread_mutex_unlock(&live_lock);
    return found;
}

bool job_progress(job_run_t *run, int64_t done, int64_t total)
{
    live_set(run->id, done, total);
    return !(run->stop && *run->stop);
}

void job_set_result(job_run_t *run, const char *path, const char *name, const char *type)
{
    run->result_path = arena_strdup(run->arena, path);
    run->result_name = arena_strdup(run->arena, name);
    run->result_type = arena_strdup(run->arena, type);
}

void job_set_message(job_run_t *run, const char *msg) { run->message = arena_strdup(run->arena, msg); }

/* ---- the queue ---------------------------------------------------------------- */

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static void read_job(db_stmt_t *st, void *row, arena_t *a)
{
    job_t *j = row;
    *j = (job_t){
        .id = db_col_int(st, 0), .kind = arena_strdup(a, db_col_text(st, 1)), .state = arena_strdup(a, db_col_text(st, 2)),
        .params = arena_strdup(a, db_col_text(st, 3)), .unit_id = db_col_int(st, 4), .created_by = db_col_int(st, 5),
        .created_at = db_col_int(st, 6), .started_at = db_col_int(st, 7), .finished_at = db_col_int(st, 8),
        .progress = db_col_int(st, 9), .total = db_col_int(st, 10), .message = arena_strdup(a, db_col_text(st, 11)),
        .input_path = arena_strdup(a, db_col_text(st, 12)), .input_name = arena_strdup(a, db_col_text(st, 13)),
        .result_path = arena_strdup(a, db_col_text(st, 14)), .result_name = arena_strdup(a, db_col_text(st, 15)),
        .result_type = arena_strdup(a, db_col_text(st, 16)),
    };
    if (strcmp(j->state, "running") == 0)
        job_live_progress(j->id, &j->progress, &j->total);
}

static status_t insert_job(ctx_t *c, const char *kind, int64_t unit_id, const char *params, const char *input,
                           const char *input_name, int64_t *id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO jobs (kind, state, params, unit_id, created_by, created_at, input_path, input_name)"
        " VALUES (?1, 'queued', ?2, NULLIF(?3, 0), NULLIF(?4, 0), ?5, ?6, ?7) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ttiiitt", kind, params, unit_id, c->user_id, time_now(), input, input_name);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t job_submit(ctx_t *c, const char *kind, int64_t unit_id, const char *params, const char *input_path,
                    const char *input_name, int64_t *id)
{
    if (!job_kind_find(kind))
        return ST_INVALID;
    status_t s = unit_id ? perm_check(c, PERM_READ, unit_id) : ST_OK;
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = insert_job(c, kind, unit_id, params, input_path, input_name, id);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s?, s:s?}", "kind", kind, "params", params, "input", input_name);
        s = audit_append(c, "submit", "job", *id, unit_id, NULL, after);
        json_decref(after);
    }
    if (s != ST_OK) {
        db_rollback(c->db);
        return s;
    }
    s = db_commit(c->db);
    pthread_mutex_lock(&wake_lock);
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&wake_lock);
    return s;
}

status_t job_get(ctx_t *c, int64_t id, job_t *out)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT " JOB_COLS " FROM jobs WHERE id = ?1 AND (?2 < 0 OR created_by = ?2)", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ii", id, c->system ? (int64_t)-1 : c->user_id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_job(st, out, c->arena);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_NOT_FOUND : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t job_list(ctx_t *c, size_t limit, job_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT " JOB_COLS " FROM jobs WHERE ?1 < 0 OR created_by = ?1 ORDER BY id DESC"
                                   " LIMIT ?2", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ii", c->system ? (int64_t)-1 : c->user_id, (int64_t)limit);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_job);
}

status_t job_claim(db_t *db, arena_t *a, job_t *out)
{
    *out = (job_t){0};
    db_stmt_t *st;
    status_t s = db_prepare(db, "UPDATE jobs SET state = 'running', started_at = ?1 WHERE state = 'queued' AND id ="
                                " (SELECT MIN(id) FROM jobs WHERE state = 'queued') RETURNING " JOB_COLS, &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", time_now());
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_job(st, out, a);
        while (rc == DB_ROW)
            rc = db_step(st);
    }
    s = rc == DB_DONE ? (out->id ? ST_OK : ST_NOT_FOUND) : db_last_status(db);
    db_finalize(st);
    return s;
}

status_t job_requeue_stale(db_t *db)
{
    return db_run(db, NULL, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE state = 'running'", "");
}

/* Records how JOB ended. */
static status_t finish(db_t *db, const job_t *job, const job_run_t *run, status_t outcome)
{
    int64_t done = job->progress, total = job->total;
    job_live_progress(job->id, &done, &total);
    if (outcome == ST_OK && total == 0)
        done = total = 1;
    const char *msg = run->message ? run->message : outcome == ST_OK ? "Hoàn thành." : status_message(outcome);
    return db_run(db, NULL,
                  "UPDATE jobs SET state = ?2, finished_at = ?3, message = ?4, progress = ?5, total = ?6,"
                  " result_path = ?7, result_name = ?8, result_type = ?9 WHERE id = ?1",
                  "ititiittt", job->id, outcome == ST_OK ? "done" : "failed", time_now(), msg, done, total,
                  run->result_path, run->result_name, run->result_type);
}

status_t job_execute(db_t *db, const job_t *job, const volatile bool *stop)
{
    const job_kind_t *k = job_kind_find(job->kind);
    arena_t *a = arena_new(256u << 20);
    if (!a)
        return ST_NOMEM;
    job_run_t run = {.id = job->id, .stop = stop, .arena = a};
    char rid[32];
    snprintf(rid, sizeof rid, "job-%lld", (long long)job->id);
    ctx_t c = {.db = db, .arena = a, .user_id = job->created_by, .system = job->created_by == 0, .ip = "job",
               .request_id = rid};
    live_set(job->id, 0, 0);
    log_info("job %lld (%s) started", (long long)job->id, job->kind);
    status_t outcome = k ? k->fn(&c, job, &run) : ST_INVALID;
    if (db_in_transaction(db))
        db_rollback(db);
    status_t s;
    if (stop && *stop && outcome != ST_OK) {
        s = db_run(db, NULL, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE id = ?1", "i", job->id);
        log_info("job %lld put back in the queue (stopping)", (long long)job->id);
    } else {
        s = finish(db, job, &run, outcome);
        log_info("job %lld %s", (long long)job->id, outcome == ST_OK ? "done" : "failed");
    }
    live_set(job->id, -1, 0);
    arena_free(a);
    return s;
}

/* ---- the worker thread ---------------------------------------------------------- */

static pthread_t worker;
static bool worker_running;
static volatile bool worker_stop;
static char worker_url[1024];

static void *worker_main(void *arg)
{
    (void)arg;
    db_t *db = NULL;
    char *err = NULL;
    if (db_open(worker_url, &db, &err) != ST_OK) {
        log_error("job worker: cannot open database: %s", err ? err : "?");
        xfree(err);
        return NULL;
    }
    job_requeue_stale(db);
    while (!worker_stop) {
        arena_t *a = arena_new(1u << 20);
        job_t job = {0};
        status_t s = a ? job_claim(db, a, &job) : ST_NOMEM;
        if (s == ST_OK)
            job_execute(db, &job, &worker_stop);
        arena_free(a);
        if (s == ST_OK)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_mutex_lock(&wake_lock);
        if (!worker_stop)
            pthread_cond_timedwait(&wake, &wake_lock, &until);
        pthread_mutex_unlock(&wake_lock);
    }
    db_close(db);
    return NULL;
}

int job_worker_start(const char *db_url)
{
    snprintf(worker_url, sizeof worker_url, "%s", db_url);
    worker_stop = false;
    if (pthread_create(&worker, NULL, worker_main, NULL) != 0)
        return -1;
    worker_running = true;
    return 0;
}

void job_worker_stop(void)
{
    if (!worker_running)
        return;
    pthread_mutex_lock(&wake_lock);
    worker_stop = true;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&wake_lock);
    pthread_join(worker, NULL);
    worker_running = false;
}
