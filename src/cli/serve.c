/* tdkt serve: the web UI and JSON API. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/auth.h"
#include "core/job.h"
#include "web/server.h"

int cli_serve(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *listen = cli_take_opt(&argc, argv, "listen");
    const char *threads = cli_take_opt(&argc, argv, "threads");
    const char *idle = cli_take_opt(&argc, argv, "session-idle");
    const char *data = cli_take_opt(&argc, argv, "data-dir");
    if (cli_check_args(argc, argv, 0, "tdkt serve [--db URL] [--listen ADDR:PORT] [--threads N] [--data-dir DIR]") != 0)
        return 2;
    ctx_t c;
    if (cli_open(url, &c) != 0) /* migrations run once, before the workers start */
        return 1;
    cli_close(&c);
    char jobs[512];
    snprintf(jobs, sizeof jobs, "%s/jobs", data ? data : "var");
    if (cli_make_dirs(jobs) != 0) {
        fprintf(stderr, "tdkt: cannot create %s\n", jobs);
        return 1;
    }
    job_set_dir(jobs);
    if (idle)
        session_set_lifetimes(strtol(idle, NULL, 10), 24 * 3600);
    server_config_t cfg = {
        .db_url = url,
        .listen = listen ? listen : "127.0.0.1:8080",
        .threads = threads ? (unsigned)strtoul(threads, NULL, 10) : 4,
    };
    return server_run(&cfg);
}
