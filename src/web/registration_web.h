/* What the registration screen (ui_registrations.c) and the API
 * (api_registrations.c) share: reading a request into core calls of
 * core/registration.h. Parameters: "id" the movement (or the registration),
 * "unit_id", "withdrawn", "title_code", "targets", "late_reason", "people"
 * (P_IDS), "all_members", "dry_run", and the uploaded file. */
#ifndef TDKT_WEB_REGISTRATION_WEB_H
#define TDKT_WEB_REGISTRATION_WEB_H
#include <stdbool.h>
#include <stdint.h>
#include "core/registration.h"
#include "web/req.h"

#define REG_PAGE 200 /* rows of a list page */

/* The page asked for ("page", 1 to 100 000). */
int64_t registration_page(req_t *r);

/* The list the request asks for: movement "id", "unit_id", "withdrawn". */
registration_query_t registration_query_from(req_t *r);

typedef struct {
    int64_t id;         /* the (first) registration written */
    int64_t registered; /* how many */
    bool late;
    const char *why;    /* Vietnamese, on refusal (may be NULL) */
} registration_outcome_t;

/* Registers what the request names: the people listed in "people", or
 * every current member of "unit_id" with "all_members", or else the unit
 * "unit_id" itself, for "title_code" in movement "id". */
status_t registration_add_from(req_t *r, registration_outcome_t *out);

/* Imports the uploaded file into movement "id" ("dry_run": check only). */
status_t registration_import_from(req_t *r, registration_import_report_t *rep, const char **why);

/* 1, 0 or -1 (inherit) for the setting's value "1"/"có", "0"/"không",
 * absent or "inherit"; 2 (which core refuses) for anything else. */
int registration_setting_value(const char *s);

#endif
