/* CSRF protection. Every state-changing request made with the session cookie
 * must carry the session's CSRF token (form field "csrf" or header
 * "X-CSRF-Token"). Before login, forms use a double-submit cookie
 * ("tdkt_csrf") whose value must match the form field. Requests authenticated
 * by a bearer token, and JSON API requests without a cookie, need none (a
 * cross-site form cannot send application/json). */
#ifndef TDKT_WEB_CSRF_H
#define TDKT_WEB_CSRF_H
#include "web/req.h"

/* ST_OK, or ST_FORBIDDEN after answering 403. */
status_t csrf_check_or_respond(req_t *r);

/* Token to embed in a form of this page (sets the pre-login cookie when
 * needed). Lives in r->arena. */
const char *csrf_form_token(req_t *r);

#endif
