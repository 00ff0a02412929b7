/* Background jobs: work too long for a request (imports, exports, checks of
 * the whole database) is queued as a job, run by a worker, and followed in
 * the UI with its progress. A job runs as the account that submitted it, so
 * every read and write it makes goes through the same permission check and
 * audit log as a request would.
 *
 * Kinds are registered in jobs.c: each names a function that does the work
 * and reports progress through job_progress(). */
#ifndef TDKT_CORE_JOB_H
#define TDKT_CORE_JOB_H
#include <stdbool.h>
#include <stddef.h>
#include "core/ctx.h"
#include "lib/status.h"

typedef struct {
    int64_t id, unit_id, created_by, created_at, started_at, finished_at, progress, total;
    const char *kind, *state, *params, *message;
    const char *input_path, *input_name, *result_path, *result_name, *result_type;
} job_t;

typedef struct job_run job_run_t;

/* What a kind does. It reads JOB (params, input), works in C (the
 * submitter's context, its own arena), reports through RUN, and on success
 * may set RESULT_* with job_set_result. Returns ST_OK, or a status and a
 * Vietnamese message through job_fail_message. */
typedef status_t (*job_fn)(ctx_t *c, const job_t *job, job_run_t *run);

typedef struct {
    const char *kind;   /* e.g. "audit_verify" */
    const char *title;  /* Vietnamese, shown in the UI */
    job_fn fn;
} job_kind_t;

/* The registered kinds (jobs.c), terminated by {NULL}. */
extern const job_kind_t job_kinds[];
const job_kind_t *job_kind_find(const char *kind);

/* Queues a job of KIND for unit UNIT_ID (0 for none; the submitter needs
 * PERM_READ on it). PARAMS (JSON text) and INPUT (a file the job owns from now
 * on; NULL for none) are optional. *ID receives the job id. */
status_t job_submit(ctx_t *c, const char *kind, int64_t unit_id, const char *params, const char *input_path,
                    const char *input_name, int64_t *id);

/* A job the caller submitted (or any job, for the system context). */
status_t job_get(ctx_t *c, int64_t id, job_t *out);

/* The caller's jobs, newest first, at most LIMIT. */
status_t job_list(ctx_t *c, size_t limit, job_t **out, size_t *n);

/* ---- for the worker and for job functions ---- */

/* Claims the oldest queued job (state -> running) into *OUT (strings in A).
 * ST_NOT_FOUND when none. */
status_t job_claim(db_t *db, arena_t *a, job_t *out);

/* Runs a claimed JOB to its end on DB and records the outcome (done/failed,
 * message, result). STOP (may be NULL) is polled: when it becomes true the
 * job is put back in the queue. */
status_t job_execute(db_t *db, const job_t *job, const volatile bool *stop);

/* Progress: DONE of TOTAL units of work. Written at most every 250 ms.
 * Returns false when the job should stop now (shutdown). */
bool job_progress(job_run_t *run, int64_t done, int64_t total);

/* The file the job produced, offered for download as NAME (TYPE). */
void job_set_result(job_run_t *run, const char *path, const char *name, const char *type);

/* The Vietnamese message shown when the job ends (success or failure). */
void job_set_message(job_run_t *run, const char *msg);

/* Where jobs keep their files ("var/jobs" unless set at start-up). */
void job_set_dir(const char *dir);
const char *job_dir(void);

/* Puts jobs left "running" by a stopped process back in the queue. */
status_t job_requeue_stale(db_t *db);

/* The worker: one thread that opens its own connection to DB_URL, takes
 * queued jobs one at a time and runs them. job_worker_stop asks the running
 * job to stop (it goes back to the queue) and joins the thread. */
int job_worker_start(const char *db_url);
void job_worker_stop(void);

/* Live progress of a running job of this process (kept in memory: a job's
 * own long write transaction must not be blocked by progress writes).
 * false when the job is not running here. */
bool job_live_progress(int64_t id, int64_t *done, int64_t *total);

#endif
