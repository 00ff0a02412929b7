/* tdkt import units|people FILE [--dry-run] [--unit CODE] [--force]: reads
 * an XLSX or CSV file, prints the row-by-row report in Vietnamese, and (not
 * with --dry-run) writes everything or nothing. Exit status 0 when the file
 * could be imported (and was, without --dry-run), 1 when it has problems,
 * 2 for a usage error. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/unit.h"
#include "export/transfer.h"
#include "lib/buf.h"
#include "lib/text.h"

static const char usage[] = "tdkt import units|people FILE [--dry-run] [--unit CODE] [--force]";

static bool progress(void *arg, int64_t rows)
{
    (void)arg;
    fprintf(stderr, "\r%lld dòng…", (long long)rows);
    return true;
}

static void print_report(const import_report_t *rep)
{
    for (size_t i = 0; i < rep->n_problems; i++) {
        const import_problem_t *p = &rep->problems[i];
        if (p->row > 0)
            printf("Dòng %lld", (long long)p->row);
        else
            printf("Tệp");
        if (p->column)
            printf(", cột «%s»", p->column);
        printf(" — %s: %s\n", import_level_label(p->level), p->message);
    }
    int64_t all = rep->errors + rep->duplicates + rep->notes;
    if (all > (int64_t)rep->n_problems)
        printf("… và %lld vấn đề khác (không liệt kê).\n", (long long)(all - (int64_t)rep->n_problems));
}

int cli_import(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *unit_code = cli_take_opt(&argc, argv, "unit");
    bool dry = cli_take_flag(&argc, argv, "dry-run"), force = cli_take_flag(&argc, argv, "force");
    if (cli_check_args(argc, argv, 2, usage) != 0)
        return 2;
    import_kind_t kind = strcmp(argv[1], "people") == 0 ? IMPORT_PEOPLE
                         : strcmp(argv[1], "units") == 0 ? IMPORT_UNITS
                                                         : 0;
    if (!kind) {
        fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    const char *file = argv[2];
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "tdkt: không đọc được tệp %s\n", file);
        return 1;
    }
    ctx_t c;
    if (cli_open(url, &c) != 0)
        return 1;
    int64_t unit_id = 0;
    if (unit_code) {
        unit_t u;
        const char *code = cli_text(&c, unit_code);
        if (!code || unit_find_code(&c, code, &u) != ST_OK) {
            fprintf(stderr, "tdkt: không có đơn vị mã %s\n", unit_code);
            cli_close(&c);
            return 1;
        }
        unit_id = u.id;
    }
    const char *slash = strrchr(file, '/');
    import_opts_t o = {.kind = kind, .commit = !dry, .force = force, .unit_id = unit_id,
                       .source = slash ? slash + 1 : file, .progress = isatty(2) ? progress : NULL};
    import_report_t rep;
    status_t st = transfer_import(&c, file, &o, NULL, &rep);
    if (o.progress)
        fprintf(stderr, "\r");
    int rc;
    if (st != ST_OK) {
        rc = cli_fail(st, NULL);
    } else {
        print_report(&rep);
        printf("%s\n", transfer_summary(c.arena, &rep, dry));
        bool ok = !rep.refused && rep.errors == 0 && (rep.duplicates == 0 || force);
        rc = ok ? 0 : 1;
    }
    cli_close(&c);
    return rc;
}
