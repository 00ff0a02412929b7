/* Server-rendered HTML in Vietnamese: the page shell shared by every screen
 * (ui_layout.c) and small form helpers. Screens live in ui_<screen>.c. */
#ifndef TDKT_WEB_UI_H
#define TDKT_WEB_UI_H
#include "lib/buf.h"
#include "lib/status.h"
#include "web/req.h"

#define UI_PAGE_MAX (8u << 20)

/* Starts a page: doctype, head, header and navigation for the caller. B is
 * initialised here. */
void ui_page_begin(req_t *r, buf_t *b, const char *title);
/* Closes the page and sends it with HTTP_STATUS. */
void ui_page_send(req_t *r, buf_t *b, int http_status);

/* A message box: KIND is "error" or "ok"; MSG may be NULL (nothing). */
void ui_notice(buf_t *b, const char *kind, const char *msg);
/* Hidden CSRF field for a form of this page. */
void ui_csrf_field(req_t *r, buf_t *b);
/* <label> + <input>: TYPE "text"/"password"; VALUE may be NULL. */
void ui_input(buf_t *b, const char *name, const char *label, const char *type, const char *value, int required);

/* The error page for ST with MSG (already Vietnamese). */
void ui_error_page(req_t *r, status_t st, const char *msg);

#endif
