/* tdkt audit verify: recompute the audit hash chain. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"

int cli_audit(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    if (cli_check_args(argc, argv, -1, "tdkt audit [--db URL] verify") != 0)
        return 2;
    if (argc != 2 || strcmp(argv[1], "verify") != 0) {
        fprintf(stderr, "usage: tdkt audit [--db URL] verify\n");
        return 2;
    }
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    audit_report_t rep;
    status_t st = audit_verify(c.db, &rep);
    if (st == ST_OK)
        printf("audit log intact: %" PRId64 " entries verified\n", rep.checked);
    else if (st == ST_CONFLICT)
        printf("audit log BROKEN at entry %" PRId64 ": %s (%" PRId64 " entries before it are intact)\n", rep.bad_id,
               rep.why, rep.checked);
    else
        fprintf(stderr, "tdkt: cannot read the audit log: %s\n", db_errmsg(c.db));
    cli_close(&c);
    return st == ST_OK ? 0 : st == ST_CONFLICT ? 3 : 1;
}
