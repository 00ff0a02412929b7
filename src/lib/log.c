#include "lib/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static log_level_t min_level = LOG_INFO;
static _Thread_local char request_id[40];
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(log_level_t min) { min_level = min; }

void log_set_request_id(const char *rid)
{
    snprintf(request_id, sizeof request_id, "%s", rid ? rid : "");
}

const char *log_request_id(void) { return request_id; }

__attribute__((format(printf, 2, 0))) static void emit(const char *level, const char *fmt, va_list ap)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pthread_mutex_lock(&out_lock);
    fprintf(stderr, "%s %s [%s] ", stamp, level, request_id[0] ? request_id : "-");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    pthread_mutex_unlock(&out_lock);
}

void log_msg(log_level_t lvl, const char *fmt, ...)
{
    static const char *names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if (lvl < min_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(names[lvl], fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tdkt: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}
