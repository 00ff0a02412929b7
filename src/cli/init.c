/* tdkt init: schema, the top unit and a first administrator. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/unit.h"
#include "core/user.h"

/* Creates the top unit unless one exists; its id into *ID. */
static int ensure_root(ctx_t *c, const char *code, const char *name, int64_t *id)
{
    unit_t u;
    if (unit_find_code(c, code, &u) == ST_OK) {
        *id = u.id;
        return 0;
    }
    const char *why;
    /* The Vietnamese trade union was founded on 28/07/1929: the top unit's
     * history starts there, so any later date can be shown. */
    unit_spec_t sp = {.code = code, .name = name, .kind = strcmp(code, "TLD") == 0 ? "TLD" : NULL,
                      .valid_from = "1929-07-28"};
    status_t st = unit_create_spec(c, &sp, id, &why);
    return st == ST_OK ? 0 : cli_fail(st, why);
}

int cli_init(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *login = cli_take_opt(&argc, argv, "admin");
    const char *password = cli_take_opt(&argc, argv, "password");
    const char *code = cli_take_opt(&argc, argv, "root-code");
    const char *name = cli_take_opt(&argc, argv, "root-name");
    if (cli_check_args(argc, argv, 0, "tdkt init [--db URL] [--admin LOGIN] [--password PW] [--root-code CODE]"
                                      " [--root-name NAME]") != 0)
        return 2;
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    char generated[17];
    if (!password) {
        cli_random_password(generated);
        password = generated;
    }
    int64_t root, admin;
    const char *why;
    int rc = ensure_root(&c, code ? code : "TLD", cli_text(&c, name ? name : "Tổng Liên đoàn Lao động Việt Nam"), &root);
    user_t existing;
    if (rc == 0 && user_find_login(&c, login ? login : "admin", &existing) == ST_OK) {
        printf("Database %s is ready; account '%s' already exists (use 'tdkt user passwd').\n", url, existing.login);
    } else if (rc == 0) {
        status_t st = user_create(&c, login ? login : "admin", "Quản trị hệ thống", password, &admin, &why);
        if (st == ST_OK)
            st = user_grant(&c, admin, root, "admin", &why);
        rc = st == ST_OK ? 0 : cli_fail(st, why);
        if (rc == 0)
            printf("Database %s is ready.\nAdministrator login: %s\nPassword: %s\n", url, login ? login : "admin",
                   password);
    }
    cli_close(&c);
    return rc;
}
