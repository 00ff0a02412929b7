#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/auth.h"
#include "db/migrate.h"
#include "lib/alloc.h"
#include "lib/text.h"

const char *cli_take_opt(int *argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
            continue;
        const char *v = NULL;
        int used = 0;
        if (a[2 + n] == '=') {
            v = a + 3 + n;
            used = 1;
        } else if (a[2 + n] == '\0' && i + 1 < *argc) {
            v = argv[i + 1];
            used = 2;
        }
        if (!used)
            continue;
        memmove(&argv[i], &argv[i + used], (size_t)(*argc - i - used + 1) * sizeof *argv);
        *argc -= used;
        return v;
    }
    return NULL;
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0) {
            memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof *argv);
            (*argc)--;
            return true;
        }
    }
    return false;
}

int cli_check_args(int argc, char **argv, int want, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            fprintf(stderr, "tdkt: unknown option %s\nusage: %s\n", argv[i], usage);
            return -1;
        }
    }
    if (want >= 0 && argc - 1 != want) {
        fprintf(stderr, "usage: %s\n", usage);
        return -1;
    }
    return 0;
}

const char *cli_take_db(int *argc, char **argv)
{
    const char *db = cli_take_opt(argc, argv, "db");
    return db ? db : CLI_DEFAULT_DB;
}

static void make_parent_dirs(const char *path);

int cli_make_dirs(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/", dir);
    make_parent_dirs(path);
    struct stat sb;
    return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? 0 : -1;
}

/* mkdir -p of the folder that holds PATH. */
static void make_parent_dirs(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash - path) >= sizeof dir)
        return;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0755);
        *p = '/';
    }
    mkdir(dir, 0755);
}

int cli_open(const char *url, ctx_t *c)
{
    *c = (ctx_t){.system = true, .ip = "cli"};
    char *err = NULL;
    if (text_init() != 0 || auth_init() != 0) {
        fprintf(stderr, "tdkt: cannot initialise ICU or libsodium\n");
        return -1;
    }
    if (strncmp(url, "sqlite:", 7) == 0)
        make_parent_dirs(url + 7);
    if (db_open(url, &c->db, &err) != ST_OK) {
        fprintf(stderr, "tdkt: cannot open database %s: %s\n", url, err ? err : "?");
        xfree(err);
        return -1;
    }
    status_t st = migrate_run(c->db, NULL, &err);
    if (st != ST_OK) {
        fprintf(stderr, "tdkt: %s\n", err ? err : db_errmsg(c->db));
        xfree(err);
        db_close(c->db);
        return -1;
    }
    c->arena = arena_new(256u << 20);
    return c->arena ? 0 : -1;
}

void cli_close(ctx_t *c)
{
    db_close(c->db);
    arena_free(c->arena);
}

const char *cli_text(ctx_t *c, const char *arg)
{
    char *out;
    if (!arg)
        return NULL;
    if (text_normalize(c->arena, arg, strlen(arg), &out) != ST_OK) {
        fprintf(stderr, "tdkt: argument is not valid UTF-8\n");
        return NULL;
    }
    return out;
}

int cli_fail(status_t st, const char *why)
{
    fprintf(stderr, "tdkt: %s\n", why ? why : status_message(st));
    return 1;
}

void cli_random_password(char *out)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[16] = '\0';
}
