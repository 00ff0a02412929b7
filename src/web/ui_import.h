/* Shared by the people list (ui_people.c) and the import wizard
 * (ui_import.c). */
#ifndef TDKT_WEB_UI_IMPORT_H
#define TDKT_WEB_UI_IMPORT_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"
#include "web/req.h"

/* The forms that start export jobs of UNIT's people (as of AT, NULL:
 * today; with its subtree when SUBTREE) and units, and, when CAN_WRITE, the
 * link to the import wizard. */
void ui_transfer_buttons(req_t *r, buf_t *b, int64_t unit, const char *at, bool subtree, bool can_write);

#endif
