/* tdkt demo [--scale tiny|small|medium|large] [--seed N]: deterministic data
 * to try tdkt with. "tiny" is the fixed fixture the HTTP tests rely on: a city
 * federation with two district federations, four grassroots unions and one
 * officer per district, no history. The other scales build a city shaped like
 * Hà Nội with its 2025 restructuring (demo_city.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/unit.h"
#include "core/user.h"

typedef struct {
    const char *parent, *code, *name, *kind, *founded;
} demo_unit_t;

static const demo_unit_t demo_units[] = {
    {"TLD", "HN", "Liên đoàn Lao động thành phố Hà Nội", "LDLD_TINH", "1955-01-01"},
    {"HN", "HN-BD", "Liên đoàn Lao động quận Ba Đình", "LDLD_HUYEN", "1981-01-01"},
    {"HN", "HN-HBT", "Liên đoàn Lao động quận Hai Bà Trưng", "LDLD_HUYEN", "1981-01-01"},
    {"HN-BD", "HN-BD-THCS-NTT", "Công đoàn Trường THCS Nguyễn Tri Phương", "CDCS", "1990-09-05"},
    {"HN-BD", "HN-BD-PHUCXA", "Công đoàn cơ sở phường Phúc Xá", "CDCS", "1995-01-01"},
    {"HN-HBT", "HN-HBT-DM8-3", "Công đoàn Công ty TNHH Một thành viên Dệt 8-3", "CDCS", "1985-03-08"},
    {"HN-HBT", "HN-HBT-BVTN", "Công đoàn Bệnh viện Thanh Nhàn", "CDCS", "1990-01-01"},
    {NULL, NULL, NULL, NULL, NULL},
};

typedef struct {
    const char *login, *name, *unit, *role;
} demo_user_t;

static const demo_user_t demo_users[] = {
    {"canbo.hanoi", "Nguyễn Thị Thu Hà", "HN", "officer"},
    {"canbo.badinh", "Trần Văn Đức", "HN-BD", "officer"},
    {"canbo.haibatrung", "Lê Thị Hồng Nhung", "HN-HBT", "officer"},
    {"lanhdao.hanoi", "Phạm Quang Thanh", "HN", "approver"},
    {NULL, NULL, NULL, NULL},
};

static status_t add_unit(ctx_t *c, const demo_unit_t *d, const char **why)
{
    unit_t parent, existing;
    if (unit_find_code(c, d->code, &existing) == ST_OK)
        return ST_OK;
    status_t st = unit_find_code(c, d->parent, &parent);
    int64_t id;
    unit_spec_t sp = {.parent_id = parent.id, .code = d->code, .name = d->name, .kind = d->kind,
                      .valid_from = d->founded};
    return st == ST_OK ? unit_create_spec(c, &sp, &id, why) : st;
}

static status_t add_user(ctx_t *c, const demo_user_t *d, const char *password, const char **why)
{
    user_t u;
    unit_t unit;
    status_t st = user_find_login(c, d->login, &u);
    if (st == ST_NOT_FOUND)
        st = user_create(c, d->login, d->name, password, &u.id, why);
    if (st == ST_OK)
        st = unit_find_code(c, d->unit, &unit);
    return st == ST_OK ? user_grant(c, u.id, unit.id, d->role, why) : st;
}

int cli_demo(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *password = cli_take_opt(&argc, argv, "password");
    const char *scale = cli_take_opt(&argc, argv, "scale");
    const char *seed = cli_take_opt(&argc, argv, "seed");
    bool no_people = cli_take_flag(&argc, argv, "no-people");
    if (cli_check_args(argc, argv, 0, "tdkt demo [--db URL] [--scale tiny|small|medium|large] [--seed N]"
                                      " [--password PW] [--no-people]") != 0)
        return 2;
    if (scale && strcmp(scale, "tiny") != 0)
        return demo_city(url, scale, seed ? strtoull(seed, NULL, 10) : 1, password ? password : "matkhau123",
                         no_people);
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    const char *why = NULL;
    status_t st = ST_OK;
    for (const demo_unit_t *d = demo_units; st == ST_OK && d->code; d++)
        st = add_unit(&c, d, &why);
    for (const demo_user_t *d = demo_users; st == ST_OK && d->login; d++)
        st = add_user(&c, d, password ? password : "matkhau123", &why);
    if (st == ST_OK)
        printf("Demo data ready: %zu units, officer accounts canbo.hanoi, canbo.badinh, canbo.haibatrung"
               " (password: %s).\n",
               sizeof demo_units / sizeof demo_units[0] - 1, password ? password : "matkhau123");
    cli_close(&c);
    return st == ST_OK ? 0 : cli_fail(st, why);
}
