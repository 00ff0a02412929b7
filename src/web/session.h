/* Who is asking: the session from the "tdkt_session" cookie or from an
 * "Authorization: Bearer" header, and the cookies that carry it. */
#ifndef TDKT_WEB_SESSION_H
#define TDKT_WEB_SESSION_H
#include "web/req.h"

#define SESSION_COOKIE "tdkt_session"

/* Fills r->authed, r->session, r->via_cookie, r->user_* and r->ctx.user_id
 * when the request carries a live session. Returns ST_OK (also when
 * anonymous) or ST_DB. */
status_t session_authenticate(req_t *r);

/* Starts a session for USER_ID and sets the HttpOnly SameSite cookie; TOKEN
 * receives the secret for API clients. */
status_t session_start(req_t *r, int64_t user_id, char token[AUTH_TOKEN_LEN + 1]);

/* Ends the request's session and clears the cookie. */
status_t session_end(req_t *r);

#endif
