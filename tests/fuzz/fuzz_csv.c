/* libFuzzer: untrusted bytes through the CSV reader (table_read_mem; input
 * that starts like a zip goes to the XLSX reader, as uploads do).
 * Invariants: never a crash or a leak; every cell valid UTF-8 and already
 * normalised (text_normalize changes nothing), trailing cells non-empty,
 * row numbers increasing, a message on every refusal; and what was read,
 * written back with the CSV writer, reads back to the same cells. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/table.h"
#include "lib/arena.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    arena_t *a;
    size_t last_row;
    buf_t flat;   /* every cell, NUL-separated, rows ended by \x01 */
    table_writer_t *w;
} fz_t;

static status_t on_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    fz_t *f = ud;
    if (row_no <= f->last_row || n == 0 || !cells[n - 1][0])
        abort();
    f->last_row = row_no;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(cells[i]);
        char *again;
        if (!text_valid_utf8(cells[i], len) || text_normalize(f->a, cells[i], len, &again) != ST_OK ||
            strcmp(again, cells[i]) != 0)
            abort();
        buf_append(&f->flat, cells[i], len + 1);
    }
    buf_putc(&f->flat, '\x01');
    if (f->w && table_writer_row(f->w, cells, n) != ST_OK)
        abort();
    return ST_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready && text_init() == 0)
        ready = 1;
    fz_t f = {.a = arena_new(64u << 20)};
    buf_t out, flat2;
    buf_init(&out, 64u << 20);
    buf_init(&f.flat, 64u << 20);
    buf_init(&flat2, 64u << 20);
    char why[512];
    bool csv = table_detect(data, size) == TABLE_CSV;
    if (csv && table_writer_open_buf(&f.w, &out, NULL, why, sizeof why) != ST_OK)
        abort();
    status_t st = table_read_mem(data, size, NULL, on_row, &f, why, sizeof why);
    if (st != ST_OK && !why[0])
        abort();
    if (csv) {
        if (table_writer_close(f.w, why, sizeof why) != ST_OK)
            abort();
        if (st == ST_OK) { /* the round trip */
            fz_t g = {.a = f.a, .flat = flat2};
            if (table_read_mem(out.data, out.len, NULL, on_row, &g, why, sizeof why) != ST_OK)
                abort();
            flat2 = g.flat;
            if (flat2.len != f.flat.len || (flat2.len && memcmp(flat2.data, f.flat.data, flat2.len) != 0))
                abort();
        }
    }
    buf_free(&out);
    buf_free(&f.flat);
    buf_free(&flat2);
    arena_free(f.a);
    return 0;
}
