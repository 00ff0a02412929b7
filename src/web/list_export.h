/* A list offered for download as XLSX (or CSV) straight from a handler
 * (issue 4 §7: "exports to XLSX of every list"). For lists a request can
 * build at once (a few tens of thousands of rows at most); longer ones go
 * through a job (export/transfer.h).
 *
 * Use: list_export_begin, then for each row the typed cells and
 * list_export_end_row, then list_export_send, which answers the request
 * (the file, or the error page / JSON error when writing failed) and frees
 * the writer. The file is written to a temporary file under job_dir(),
 * which is unlinked as soon as the response holds it open. */
#ifndef TDKT_WEB_LIST_EXPORT_H
#define TDKT_WEB_LIST_EXPORT_H
#include <stddef.h>
#include <stdint.h>
#include "export/table.h"
#include "web/req.h"

typedef struct list_export list_export_t;

/* Opens a writer of FMT for the download NAME (without extension: ".xlsx" or
 * ".csv" is added) with the header row HEADER[0..N). Returns NULL after
 * answering the request with an error (nothing more to do but return). */
list_export_t *list_export_begin_or_respond(req_t *r, table_format_t fmt, const char *name,
                                            const char *const *header, size_t n);

/* Cells of the current row, left to right (NULL text: an empty cell; a
 * date as ISO yyyy-mm-dd, NULL or unparsable: empty). Errors are sticky and
 * reported by list_export_send. */
void list_export_text(list_export_t *x, const char *s);
void list_export_int(list_export_t *x, int64_t v);
void list_export_date(list_export_t *x, const char *iso);
void list_export_end_row(list_export_t *x);

/* The rows could not all be read (ST): list_export_send answers with that
 * error instead of an incomplete file. */
void list_export_fail(list_export_t *x, status_t st);

/* Finishes the file and answers the request with it; frees X. */
void list_export_send(list_export_t *x);

/* The format asked for by the declared parameter "format" ("csv" → CSV,
 * anything else → XLSX). */
table_format_t list_export_format(const req_t *r);

#endif
