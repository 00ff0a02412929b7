/* Command-line subcommands (one file each) and what they share: the --db
 * option, opening and migrating the database, the system context, and
 * normalising arguments like any other input. */
#ifndef TDKT_CLI_CLI_H
#define TDKT_CLI_CLI_H
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

#define CLI_DEFAULT_DB "sqlite:var/tdkt.db"

typedef int (*cli_fn)(int argc, char **argv);

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_unit(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);

/* The Hà Nội-shaped demo at SCALE ("small", "medium", "large"), generated
 * from SEED; accounts get PASSWORD. NO_PEOPLE leaves the people out (the
 * organisation, clusters and movements only: benchmarks of the tree). Returns
 * an exit status. */
int demo_city(const char *url, const char *scale, uint64_t seed, const char *password, bool no_people);

/* What demo_movements wrote. */
typedef struct {
    int64_t movements, answers, registrations, initiatives, recognitions, contests, winners;
} demo_life_t;

/* The emulation life of the demo city under HN_ID, 2020-2026
 * (demo_movements.c): city-wide movements of each kind cascaded to most
 * units below, initiatives recognised level by level, skill contests with
 * their winners. Writes through the core API as C (the system context), from
 * SEED, calling PAUSE (when set) with ARG after each grassroots union's
 * share, between core writes: the caller may commit a batch there; a status
 * other than ST_OK stops the run. Returns 0, or prints what failed and
 * returns an exit status. */
int demo_movements(ctx_t *c, int64_t hn_id, uint64_t seed, status_t (*pause)(void *arg), void *arg,
                   demo_life_t *out);

/* Removes "--db URL" / "--db=URL" from ARGV (compacting it, updating *ARGC)
 * and returns the URL or the default. */
const char *cli_take_db(int *argc, char **argv);

/* Removes "--NAME VALUE" / "--NAME=VALUE" from ARGV; NULL when absent. */
const char *cli_take_opt(int *argc, char **argv, const char *name);

/* Removes the flag "--NAME" from ARGV; true when it was there. */
bool cli_take_flag(int *argc, char **argv, const char *name);

/* After the options were taken: ST_OK when ARGV holds no leftover "--…"
 * option and, when WANT >= 0, exactly WANT positional arguments after the
 * command; otherwise prints USAGE to stderr and returns -1. */
int cli_check_args(int argc, char **argv, int want, const char *usage);

/* Opens URL, applies migrations, fills C as the system context (ip "cli").
 * Prints the reason and returns -1 on failure. Release with cli_close. */
int cli_open(const char *url, ctx_t *c);
void cli_close(ctx_t *c);

/* Normalises an argument (NFC, lookalikes, trim); NULL with a message on
 * invalid UTF-8. */
const char *cli_text(ctx_t *c, const char *arg);

/* mkdir -p DIR; 0 when it exists afterwards. */
int cli_make_dirs(const char *dir);

/* Prints "tdkt: MSG" for a failed core call (WHY when set, else the status
 * message) and returns 1. */
int cli_fail(status_t st, const char *why);

/* A random password of 16 readable characters into OUT (>= 17 bytes). */
void cli_random_password(char *out);

#endif
