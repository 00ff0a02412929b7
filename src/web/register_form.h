/* Readers of the list-valued parameters the registers take, shared by their
 * API (api_initiatives.c, api_honours.c) and their screens (ui_initiatives.c,
 * ui_contests.c, ui_honours.c). Lists travel as text: authors
 * "PERSON_ID:SHARE, …", attachments and honorees one a line, points with up to
 * two decimals. Everything returned lives in R's arena. */
#ifndef TDKT_WEB_REGISTER_FORM_H
#define TDKT_WEB_REGISTER_FORM_H
#include <stddef.h>
#include <stdint.h>
#include "core/honour.h"
#include "core/initiative.h"
#include "web/req.h"

/* The initiative fields of R (title, summary, field, applied_on,
 * benefit_vnd, benefit_text, authors, attachments) into *IN. Returns NULL,
 * or a Vietnamese message when the authors are not "12:60, 15:40". */
const char *register_form_initiative(req_t *r, initiative_in_t *in);

/* "87.5" / "87,25" / "90" points into hundredths; -1 when malformed. */
int64_t register_form_points(const char *s);
extern const char register_form_bad_points[];

/* Honorees, one a line: "p12: citation" for person 12, "u5: citation" for
 * unit 5 (the citation optional), blank lines skipped. Returns NULL, or a
 * Vietnamese message naming the first bad line. */
const char *register_form_honorees(req_t *r, const char *text, honour_honoree_t **out, size_t *n);

#endif
