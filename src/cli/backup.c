/* tdkt backup FILE: a consistent copy of a live SQLite database. */
#include <stdio.h>

#include "cli/cli.h"
#include "lib/alloc.h"

int cli_backup(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    if (cli_check_args(argc, argv, -1, "tdkt backup [--db URL] FILE") != 0)
        return 2;
    if (argc != 2) {
        fprintf(stderr, "usage: tdkt backup [--db URL] FILE\n");
        return 2;
    }
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    char *err = NULL;
    status_t st = db_backup(c.db, argv[1], &err);
    if (st == ST_INVALID)
        fprintf(stderr, "tdkt: %s: run pg_dump against the server instead, e.g. pg_dump -Fc -f tdkt.dump DBNAME\n",
                err ? err : "not SQLite");
    else if (st != ST_OK)
        fprintf(stderr, "tdkt: backup failed: %s\n", err ? err : "?");
    else
        printf("Backup written to %s\n", argv[1]);
    xfree(err);
    cli_close(&c);
    return st == ST_OK ? 0 : 1;
}
