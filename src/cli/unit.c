/* tdkt unit add|list|rename|transfer|dissolve|merge|split|history: the
 * organisation tree from the command line. Dates may be dd/mm/yyyy or
 * yyyy-mm-dd. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/org.h"
#include "core/unit.h"
#include "lib/time.h"

static const char *usage =
    "tdkt unit add PARENT_CODE|- CODE \"NAME\" [--kind K] [--from DATE]\n"
    "       tdkt unit list [--at DATE]\n"
    "       tdkt unit rename CODE DATE \"NEW NAME\" [--short S]\n"
    "       tdkt unit transfer CODE NEW_PARENT_CODE DATE\n"
    "       tdkt unit dissolve CODE DATE\n"
    "       tdkt unit merge FROM_CODE INTO_CODE DATE\n"
    "       tdkt unit split SOURCE_CODE NEW_CODE \"NAME\" DATE\n"
    "       tdkt unit history CODE\n"
    "  (every change takes [--decision NO])";

typedef struct {
    ctx_t c;
    const char *decision, *short_name, *kind, *from, *at;
} unit_cli_t;

/* ISO form of a dd/mm/yyyy or yyyy-mm-dd argument, or NULL (message printed). */
static const char *iso_date(unit_cli_t *u, const char *arg)
{
    date_t d;
    if (!arg || !(date_parse_vn(arg, &d) || date_parse_iso(arg, &d))) {
        fprintf(stderr, "tdkt: not a date: %s (use dd/mm/yyyy)\n", arg ? arg : "");
        return NULL;
    }
    buf_t b;
    buf_init(&b, 16);
    date_format_iso(&b, d);
    const char *s = arena_strdup(u->c.arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static int64_t code_id(unit_cli_t *u, const char *code)
{
    unit_t unit;
    if (unit_find_code(&u->c, code, &unit) == ST_OK)
        return unit.id;
    fprintf(stderr, "tdkt: no unit with code %s\n", code);
    return 0;
}

/* WHYP is read after the call that set it. */
static int done(status_t st, const char *const *whyp, const char *what)
{
    if (st != ST_OK)
        return cli_fail(st, *whyp);
    printf("%s\n", what);
    return 0;
}

static int add(unit_cli_t *u, char **a)
{
    unit_spec_t sp = {.code = a[1], .name = cli_text(&u->c, a[2]), .kind = u->kind,
                      .decision_no = u->decision};
    if (strcmp(a[0], "-") != 0 && !(sp.parent_id = code_id(u, a[0])))
        return 1;
    if (u->from && !(sp.valid_from = iso_date(u, u->from)))
        return 1;
    int64_t id;
    const char *why = NULL;
    return done(sp.name ? unit_create_spec(&u->c, &sp, &id, &why) : ST_INVALID, &why, "Unit created.");
}

static void print_tree(unit_cli_t *u, int64_t parent, int depth)
{
    unit_t *units;
    size_t n;
    if (unit_list_at(&u->c, parent, u->at, &units, &n) != ST_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        bool ended = units[i].valid_to && (!u->at || strcmp(units[i].valid_to, u->at) <= 0);
        printf("%*s%-12s %s%s\n", depth * 2, "", units[i].code, units[i].name, ended ? " (đã giải thể)" : "");
        print_tree(u, units[i].id, depth + 1);
    }
}

static int change(unit_cli_t *u, const char *cmd, char **a)
{
    int64_t id = code_id(u, a[0]), other = 0, new_id;
    const char *why = NULL, *date;
    if (!id)
        return 1;
    if (strcmp(cmd, "rename") == 0) {
        org_change_t ch = {.date = iso_date(u, a[1]), .decision_no = u->decision};
        const char *name = cli_text(&u->c, a[2]);
        return ch.date && name ? done(org_rename(&u->c, id, name, u->short_name, &ch, &why), &why, "Renamed.") : 1;
    }
    if (strcmp(cmd, "dissolve") == 0) {
        org_change_t ch = {.date = iso_date(u, a[1]), .decision_no = u->decision};
        return ch.date ? done(org_dissolve(&u->c, id, &ch, &why), &why, "Dissolved.") : 1;
    }
    if (strcmp(cmd, "split") == 0) {
        unit_spec_t sp = {.code = a[1], .name = cli_text(&u->c, a[2]), .kind = u->kind};
        org_change_t ch = {.date = iso_date(u, a[3]), .decision_no = u->decision};
        return ch.date && sp.name ? done(org_split(&u->c, id, &sp, &ch, &new_id, &why), &why, "Split off.") : 1;
    }
    if (!(other = code_id(u, a[1])) || !(date = iso_date(u, a[2])))
        return 1;
    org_change_t ch = {.date = date, .decision_no = u->decision};
    if (strcmp(cmd, "transfer") == 0)
        return done(org_transfer(&u->c, id, other, &ch, &why), &why, "Transferred.");
    return done(org_merge(&u->c, id, other, &ch, &why), &why, "Merged.");
}

static int history(unit_cli_t *u, const char *code)
{
    int64_t id = code_id(u, code);
    org_event_t *e;
    size_t n;
    if (!id)
        return 1;
    status_t st = org_history(&u->c, id, &e, &n);
    if (st != ST_OK)
        return cli_fail(st, NULL);
    for (size_t i = 0; i < n; i++)
        printf("%s  %-9s %-20s %s\n", e[i].event_date, e[i].event, e[i].decision_no ? e[i].decision_no : "",
               e[i].other_name ? e[i].other_name : "");
    return 0;
}

static int run(unit_cli_t *u, int argc, char **argv)
{
    static const struct { const char *name; int args; } cmds[] = {
        {"add", 3}, {"list", 0}, {"rename", 3}, {"transfer", 3}, {"dissolve", 2},
        {"merge", 3}, {"split", 4}, {"history", 1},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(argv[1], cmds[i].name) != 0)
            continue;
        if (argc - 2 != cmds[i].args)
            return (fprintf(stderr, "usage: %s\n", usage), 2);
        if (i == 0)
            return add(u, argv + 2);
        if (i == 1)
            return (print_tree(u, 0, 0), 0);
        if (i == 7)
            return history(u, argv[2]);
        return change(u, cmds[i].name, argv + 2);
    }
    fprintf(stderr, "tdkt unit: unknown command %s\nusage: %s\n", argv[1], usage);
    return 2;
}

int cli_unit(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    unit_cli_t u = {.decision = cli_take_opt(&argc, argv, "decision"),
                    .short_name = cli_take_opt(&argc, argv, "short"),
                    .kind = cli_take_opt(&argc, argv, "kind"),
                    .from = cli_take_opt(&argc, argv, "from"),
                    .at = cli_take_opt(&argc, argv, "at")};
    if (cli_check_args(argc, argv, -1, usage) != 0 || argc < 2)
        return argc < 2 ? (fprintf(stderr, "usage: %s\n", usage), 2) : 2;
    if (cli_open(url, &u.c) != 0)
        return 1;
    if (u.at && !(u.at = iso_date(&u, u.at))) {
        cli_close(&u.c);
        return 2;
    }
    int rc = run(&u, argc, argv);
    cli_close(&u.c);
    return rc;
}
