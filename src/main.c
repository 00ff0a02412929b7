/* tdkt: command dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    cli_fn fn;
    const char *help;
} commands[] = {
    {"init", cli_init, "init [--admin LOGIN] [--password PW] [--root-code CODE] [--root-name NAME]"},
    {"serve", cli_serve, "serve [--listen ADDR:PORT] [--threads N]"},
    {"migrate", cli_migrate, "migrate"},
    {"user", cli_user, "user add LOGIN \"FULL NAME\" | passwd LOGIN | grant LOGIN UNIT_CODE ROLE | list"},
    {"unit", cli_unit, "unit add PARENT_CODE CODE \"NAME\" | list"},
    {"audit", cli_audit, "audit verify"},
    {"backup", cli_backup, "backup FILE"},
    {"demo", cli_demo, "demo [--password PW]"},
    {"import", cli_import, "import units|people FILE [--dry-run] [--unit CODE] [--force]"},
    {"export", cli_export, "export people|units [--unit CODE] [--at DATE] --format csv|xlsx [--out FILE]"},
};

static int usage(FILE *out)
{
    fprintf(out, "usage: tdkt COMMAND [--db sqlite:PATH | --db postgresql://...] ...\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  tdkt %s\n", commands[i].help);
    fprintf(out, "\nThe default database is %s.\n", CLI_DEFAULT_DB);
    return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return usage(stdout);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "tdkt: unknown command '%s'\n", argv[1]);
    return usage(stderr);
}
