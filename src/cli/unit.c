/* tdkt unit add|list: the unit table from the command line (the
 * organisation issue adds import, restructuring and history). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/unit.h"

static int add(ctx_t *c, int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tdkt unit add PARENT_CODE|- CODE \"NAME\"\n");
        return 2;
    }
    unit_t parent = {0};
    status_t st = strcmp(argv[0], "-") == 0 ? ST_OK : unit_find_code(c, argv[0], &parent);
    if (st != ST_OK)
        return cli_fail(st, "unknown parent unit code");
    int64_t id;
    const char *why, *name = cli_text(c, argv[2]);
    st = name ? unit_create(c, parent.id, argv[1], name, &id, &why) : ST_INVALID;
    if (st != ST_OK)
        return cli_fail(st, why);
    printf("Unit %s created (id %lld).\n", argv[1], (long long)id);
    return 0;
}

static void print_tree(ctx_t *c, int64_t parent, int depth)
{
    unit_t *units;
    size_t n;
    if (unit_list(c, parent, &units, &n) != ST_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        printf("%*s%-12s %s\n", depth * 2, "", units[i].code, units[i].name);
        print_tree(c, units[i].id, depth + 1);
    }
}

int cli_unit(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: tdkt unit add|list ...\n");
        return 2;
    }
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    int rc = 0;
    if (strcmp(argv[1], "add") == 0)
        rc = add(&c, argc - 2, argv + 2);
    else if (strcmp(argv[1], "list") == 0)
        print_tree(&c, 0, 0);
    else
        rc = (fprintf(stderr, "tdkt unit: unknown command %s\n", argv[1]), 2);
    cli_close(&c);
    return rc;
}
