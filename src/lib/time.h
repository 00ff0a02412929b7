/* Dates and times. Storage is ISO (YYYY-MM-DD) for dates and Unix seconds for
 * instants; users read dd/mm/yyyy and Vietnam time (UTC+7, no DST). */
#ifndef TDKT_LIB_TIME_H
#define TDKT_LIB_TIME_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/buf.h"

typedef struct {
    int y, m, d;
} date_t;

int64_t time_now(void); /* Unix seconds */

bool date_valid(date_t d);                    /* real calendar date, 1900..2999 */
bool date_parse_vn(const char *s, date_t *out); /* "dd/mm/yyyy", "d/m/yyyy" */
bool date_parse_iso(const char *s, date_t *out); /* "yyyy-mm-dd" */
void date_format_vn(buf_t *b, date_t d);       /* "05/07/2025" */
void date_format_iso(buf_t *b, date_t d);      /* "2025-07-05" */
/* Unix seconds as "dd/mm/yyyy HH:MM" in Vietnam time. */
void time_format_vn(buf_t *b, int64_t unix_seconds);

#endif
