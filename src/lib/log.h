/* Logging to stderr, one line per event: time, level, request id, message.
 * The request id is thread-local and set by the HTTP layer for each request. */
#ifndef TDKT_LIB_LOG_H
#define TDKT_LIB_LOG_H

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level_t;

void log_set_level(log_level_t min);
void log_set_request_id(const char *rid); /* copied; NULL clears */
const char *log_request_id(void);         /* "" when none */
void log_msg(log_level_t lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* Prints "tdkt: fatal: ..." and exits 1. Start-up and broken invariants only. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
