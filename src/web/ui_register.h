/* Pieces shared by the register screens of a unit (ui_initiatives.c,
 * ui_contests.c, ui_honours.c): the page head with the year picker, the
 * download links, the forms, and the answer after a form was posted. */
#ifndef TDKT_WEB_UI_REGISTER_H
#define TDKT_WEB_UI_REGISTER_H
#include <stddef.h>
#include <stdint.h>
#include "core/unit.h"
#include "lib/buf.h"
#include "web/req.h"

/* The year a register shows: the declared parameter "year", else this year. */
int64_t ui_register_year(req_t *r);

/* Starts the page TITLE of unit U's register at PATH ("/units/7/initiatives"):
 * the link back to U, the heading, ERROR / OK (may be NULL) and the year
 * picker. B is initialised here. */
void ui_register_begin(req_t *r, buf_t *b, const unit_t *u, const char *title, const char *path, int64_t year,
                       const char *error, const char *ok);

/* Links downloading the list at HREF (a path, with or without a query) as
 * XLSX and as CSV. */
void ui_register_exports(buf_t *b, const char *href);

/* <form class="card" method="post" action=ACTION> with its heading and the
 * CSRF field; ui_register_form_end closes it with a button LABEL. */
void ui_register_form_begin(req_t *r, buf_t *b, const char *action, const char *title);
void ui_register_form_end(buf_t *b, const char *label);

/* A labelled text area and a labelled select of CODES shown as NAMES
 * (SELECTED may be NULL). */
void ui_register_textarea(buf_t *b, const char *name, const char *label, const char *value, int required);
void ui_register_select(buf_t *b, const char *name, const char *label, const char *const *codes,
                        const char *const *names, size_t n, const char *selected);

/* An amount in đồng ("1.250.000 đ"); nothing for 0. */
void ui_register_money(buf_t *b, int64_t vnd);

/* Renders the page of ID again with the outcome of a form. */
typedef void (*ui_register_render_fn)(req_t *r, int64_t id, int http, const char *error, const char *ok);

/* After a write with status ST: the page with DONE on success, with WHY
 * (and the status's HTTP code) on ST_INVALID / ST_CONFLICT and on an
 * ST_FORBIDDEN that core explained (an honoree out of scope); the error page
 * otherwise (a refusal names nothing). */
void ui_register_after(req_t *r, status_t st, const char *why, int64_t id, ui_register_render_fn render,
                       const char *done);

#endif
