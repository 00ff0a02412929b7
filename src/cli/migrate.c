/* tdkt migrate: apply the schema migrations this program carries. */
#include <stdio.h>

#include "cli/cli.h"
#include "db/migrate.h"

int cli_migrate(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    if (cli_check_args(argc, argv, 0, "tdkt migrate [--db URL]") != 0)
        return 2;
    ctx_t c;
    if (cli_open(url, &c) != 0) /* cli_open migrates */
        return 1;
    int version = 0;
    migrate_version(c.db, &version);
    printf("Schema version %d (this program knows up to %d).\n", version, migrate_latest());
    cli_close(&c);
    return 0;
}
