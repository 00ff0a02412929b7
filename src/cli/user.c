/* tdkt user add|passwd|grant|list */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/unit.h"
#include "core/user.h"

static int add(ctx_t *c, int argc, char **argv, const char *password)
{
    if (argc != 2) {
        fprintf(stderr, "usage: tdkt user add LOGIN \"FULL NAME\" [--password PW]\n");
        return 2;
    }
    char generated[17];
    if (!password) {
        cli_random_password(generated);
        password = generated;
    }
    int64_t id;
    const char *why, *name = cli_text(c, argv[1]);
    status_t st = name ? user_create(c, argv[0], name, password, &id, &why) : ST_INVALID;
    if (st != ST_OK)
        return cli_fail(st, name ? why : "bad name");
    printf("Account %s created. Password: %s\n", argv[0], password);
    return 0;
}

static int passwd(ctx_t *c, int argc, char **argv, const char *password)
{
    if (argc != 1) {
        fprintf(stderr, "usage: tdkt user passwd LOGIN [--password PW]\n");
        return 2;
    }
    char generated[17];
    if (!password) {
        cli_random_password(generated);
        password = generated;
    }
    user_t u;
    const char *why = NULL;
    status_t st = user_find_login(c, argv[0], &u);
    if (st == ST_OK)
        st = user_set_password(c, u.id, NULL, password, &why);
    if (st != ST_OK)
        return cli_fail(st, why);
    printf("Password of %s set to: %s\n", argv[0], password);
    return 0;
}

static int grant(ctx_t *c, int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tdkt user grant LOGIN UNIT_CODE ROLE\n"
                        "roles: admin officer approver council viewer\n");
        return 2;
    }
    user_t u;
    unit_t unit;
    const char *why = NULL;
    status_t st = user_find_login(c, argv[0], &u);
    if (st == ST_OK)
        st = unit_find_code(c, argv[1], &unit);
    if (st == ST_OK)
        st = user_grant(c, u.id, unit.id, argv[2], &why);
    if (st != ST_OK)
        return cli_fail(st, why);
    printf("%s is now %s on %s (%s) and the units under it.\n", u.login, argv[2], unit.name, unit.code);
    return 0;
}

static int list(ctx_t *c)
{
    user_t *users;
    size_t n;
    status_t st = user_list(c, &users, &n);
    if (st != ST_OK)
        return cli_fail(st, NULL);
    for (size_t i = 0; i < n; i++)
        printf("%-24s %-32s %s%s\n", users[i].login, users[i].full_name, users[i].active ? "" : "[locked] ",
               users[i].roles);
    return 0;
}

int cli_user(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *password = cli_take_opt(&argc, argv, "password");
    if (cli_check_args(argc, argv, -1, "tdkt user add|passwd|grant|list ...") != 0)
        return 2;
    if (argc < 2) {
        fprintf(stderr, "usage: tdkt user add|passwd|grant|list ...\n");
        return 2;
    }
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    const char *cmd = argv[1];
    int rc = strcmp(cmd, "add") == 0      ? add(&c, argc - 2, argv + 2, password)
             : strcmp(cmd, "passwd") == 0 ? passwd(&c, argc - 2, argv + 2, password)
             : strcmp(cmd, "grant") == 0  ? grant(&c, argc - 2, argv + 2)
             : strcmp(cmd, "list") == 0   ? list(&c)
                                          : (fprintf(stderr, "tdkt user: unknown command %s\n", cmd), 2);
    cli_close(&c);
    return rc;
}
