/* tdkt export people|units [--unit CODE] [--at DATE] [--format csv|xlsx]
 * [--out FILE] [--only-unit]: a list in official order, with Vietnamese
 * headers, to FILE or to standard output. XLSX is binary: it goes to
 * standard output only when that is not a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/unit.h"
#include "export/transfer.h"
#include "lib/time.h"

static const char usage[] =
    "tdkt export people|units [--unit CODE] [--at DATE] --format csv|xlsx [--out FILE] [--only-unit]";

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/* Copies the file at PATH to standard output. */
static int cat_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[64 * 1024];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, stdout) != n)
            rc = -1;
    fclose(f);
    return fflush(stdout) == 0 ? rc : -1;
}

int cli_export(int argc, char **argv)
{
    const char *url = cli_take_db(&argc, argv);
    const char *unit_code = cli_take_opt(&argc, argv, "unit"), *at_arg = cli_take_opt(&argc, argv, "at");
    const char *format = cli_take_opt(&argc, argv, "format"), *out = cli_take_opt(&argc, argv, "out");
    bool only = cli_take_flag(&argc, argv, "only-unit");
    if (cli_check_args(argc, argv, 1, usage) != 0)
        return 2;
    transfer_what_t what = strcmp(argv[1], "people") == 0  ? TRANSFER_PEOPLE
                           : strcmp(argv[1], "units") == 0 ? TRANSFER_UNITS
                                                           : 0;
    if (!format && out)
        format = ends_with(out, ".xlsx") ? "xlsx" : ends_with(out, ".csv") ? "csv" : NULL;
    if (!what || !format || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)) {
        fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    table_format_t fmt = strcmp(format, "xlsx") == 0 ? TABLE_XLSX : TABLE_CSV;
    if (fmt == TABLE_XLSX && !out && isatty(1)) {
        fprintf(stderr, "tdkt: tệp XLSX là dữ liệu nhị phân: hãy dùng --out FILE hoặc chuyển hướng ra một tệp.\n");
        return 2;
    }
    char at[32] = "";
    if (at_arg) {
        date_t d;
        if (!(date_parse_vn(at_arg, &d) || date_parse_iso(at_arg, &d)) || d.y < 1900 || d.y > 2999) {
            fprintf(stderr, "tdkt: ngày không hợp lệ: %s (dùng dd/mm/yyyy)\n", at_arg);
            return 2;
        }
        snprintf(at, sizeof at, "%04d-%02d-%02d", d.y, d.m, d.d);
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
    char tmp[64] = "";
    const char *path = out;
    if (!out) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/tdkt-export-XXXXXX", dir && strlen(dir) < 40 ? dir : "/tmp");
        int fd = mkstemp(tmp);
        if (fd < 0) {
            fprintf(stderr, "tdkt: không tạo được tệp tạm\n");
            cli_close(&c);
            return 1;
        }
        close(fd);
        path = tmp;
    }
    int64_t rows = 0;
    char why[512];
    status_t st = transfer_export(&c, what, unit_id, at[0] ? at : NULL, !only, fmt, path, NULL, NULL, &rows, why,
                                  sizeof why);
    int rc = 0;
    if (st != ST_OK)
        rc = cli_fail(st, why[0] ? why : NULL);
    else if (!out && cat_file(path) != 0)
        rc = cli_fail(ST_INTERNAL, "không ghi được ra đầu ra chuẩn");
    else
        fprintf(stderr, "Đã xuất %lld %s%s%s.\n", (long long)rows, what == TRANSFER_PEOPLE ? "người" : "đơn vị",
                out ? " vào " : "", out ? out : "");
    if (tmp[0])
        unlink(tmp);
    cli_close(&c);
    return rc;
}
