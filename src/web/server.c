#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/log.h"
#include "lib/text.h"
#include "lib/time.h"
#include "core/job.h"
#include "web/router.h"

#define REQ_ARENA_MAX (16u << 20)
#define RESP_MAX (64u << 20)

static server_config_t cfg;
static pthread_key_t db_key;
/* Requests begun and not yet completed; shutdown waits for them. */
static atomic_int in_flight;
static atomic_bool draining;

static void close_thread_db(void *db) { db_close(db); }

db_t *server_thread_db(void)
{
    db_t *db = pthread_getspecific(db_key);
    if (db)
        return db;
    char *err = NULL;
    if (db_open(cfg.db_url, &db, &err) != ST_OK) {
        log_error("cannot open database: %s", err ? err : "?");
        xfree(err);
        return NULL;
    }
    pthread_setspecific(db_key, db);
    return db;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t len)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, len, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)len);
}

static req_t *req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
    arena_t *a = arena_new(REQ_ARENA_MAX);
    req_t *r = a ? arena_calloc(a, 1, sizeof *r) : NULL;
    char ip[64];
    if (!r) {
        arena_free(a);
        return NULL;
    }
    unsigned char rid[8];
    randombytes_buf(rid, sizeof rid);
    sodium_bin2hex(r->request_id, sizeof r->request_id, rid, sizeof rid);
    client_ip(conn, ip, sizeof ip);
    r->conn = conn;
    r->arena = a;
    r->path = arena_strdup(a, url);
    r->method = arena_strdup(a, method);
    r->ip = arena_strdup(a, ip);
    r->is_api = strncmp(url, "/api/", 5) == 0;
    r->file_fd = -1;
    r->upload_fd = -1;
    buf_init(&r->body, cfg.max_body);
    buf_init(&r->out, RESP_MAX);
    r->ctx = (ctx_t){.arena = a, .ip = r->ip, .request_id = r->request_id};
    return r;
}

static void add_security_headers(struct MHD_Response *resp, const req_t *r)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            " form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
}

static enum MHD_Result queue(req_t *r)
{
    if (!r->responded)
        respond_error(r, ST_INTERNAL, NULL);
    if (buf_failed(&r->out)) {
        buf_reset(&r->out);
        r->status = 503;
        r->content_type = "text/plain; charset=utf-8";
        buf_puts(&r->out, "Máy chủ đang quá tải. Vui lòng thử lại sau.\n");
    }
    struct MHD_Response *resp = NULL;
    struct stat sb;
    if (r->file_fd >= 0 && fstat(r->file_fd, &sb) == 0) {
        resp = MHD_create_response_from_fd((uint64_t)sb.st_size, r->file_fd); /* MHD closes the fd */
        r->file_fd = -1;
    r->upload_fd = -1;
    }
    if (!resp)
        resp = MHD_create_response_from_buffer(r->out.len, r->out.data ? r->out.data : (char *)"",
                                               MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    add_security_headers(resp, r);
    if (atomic_load(&draining))
        MHD_add_response_header(resp, "Connection", "close"); /* no new request on it */
    MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "text/plain; charset=utf-8");
    for (int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i][0], r->headers[i][1]);
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static bool declared_too_large(struct MHD_Connection *conn, size_t cap)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return false;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    return errno != 0 || *end != '\0' || n > cap;
}


/* ---- uploads (routes with .upload): streamed to a temporary file ------------ */

static bool upload_write(req_t *r, const char *data, size_t n)
{
    if (r->upload_fd < 0 && !r->upload_path) {
        char path[600];
        snprintf(path, sizeof path, "%s/upload-XXXXXX", job_dir());
        r->upload_fd = mkstemp(path);
        r->upload_path = r->upload_fd >= 0 ? arena_strdup(r->arena, path) : NULL;
        if (r->upload_fd < 0) {
            log_error("cannot create an upload file in %s", job_dir());
            r->upload_failed = true;
            return false;
        }
    }
    if (n > r->upload_max - r->upload_bytes) {
        r->upload_too_large = true;
        return false;
    }
    for (size_t done = 0; done < n;) {
        ssize_t w = write(r->upload_fd, data + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            r->upload_failed = true;
            return false;
        }
        done += (size_t)w;
    }
    r->upload_bytes += n;
    return true;
}

/* Percent-encodes DATA[0..N) onto B (form encoding of a text field). */
static void form_encode(buf_t *b, const char *data, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 3);
        }
    }
}

/* Multipart parts: the (one) file goes to the upload file, text fields are
 * re-encoded into the body as a form, so the router reads them as usual. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind;
    (void)content_type;
    (void)encoding;
    req_t *r = cls;
    if (filename && *filename) {
        if (off == 0 && r->upload_name) {
            r->upload_failed = true; /* one file per request */
            return MHD_NO;
        }
        if (off == 0) {
            char *name;
            r->upload_name = text_normalize(r->arena, filename, strlen(filename), &name) == ST_OK ? name : "tep";
        }
        return size == 0 || upload_write(r, data, size) ? MHD_YES : MHD_NO;
    }
    if (filename)
        return MHD_YES; /* an empty file input */
    if (off == 0) {
        if (r->body.len)
            buf_putc(&r->body, '&');
        form_encode(&r->body, key, strlen(key));
        buf_putc(&r->body, '=');
    }
    form_encode(&r->body, data, size);
    return MHD_YES;
}

/* First call of an upload route: prepare the multipart parser or, for a raw
 * API body, take the file name from the query. ST_INVALID for a multipart
 * body MHD cannot parse. */
static status_t upload_begin(req_t *r, const char *content_type)
{
    if (content_type && strncasecmp(content_type, "multipart/form-data", 19) == 0) {
        r->pp = MHD_create_post_processor(r->conn, 32 * 1024, on_part, r);
        return r->pp ? ST_OK : ST_INVALID;
    }
    const char *name = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "filename");
    char *norm;
    if (name && text_normalize(r->arena, name, strlen(name), &norm) == ST_OK)
        r->upload_name = norm;
    return ST_OK;
}

/* Feeds a chunk of an upload route's body. */
static void upload_feed(req_t *r, const char *data, size_t n)
{
    if (r->upload_too_large || r->upload_failed)
        return;
    if (r->pp)
        MHD_post_process(r->pp, data, n);
    else if (r->is_api)
        upload_write(r, data, n);
}

/* The body is complete: closes the file. ST_OK, ST_TOO_LARGE or ST_INVALID. */
static status_t upload_end(req_t *r)
{
    if (r->pp) {
        MHD_destroy_post_processor(r->pp);
        r->pp = NULL;
    }
    if (r->upload_fd >= 0) {
        if (close(r->upload_fd) != 0)
            r->upload_failed = true;
        r->upload_fd = -1;
    }
    return r->upload_too_large ? ST_TOO_LARGE : r->upload_failed ? ST_INVALID : ST_OK;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    req_t *r = *con_cls;
    if (!r) {
        if (!(r = req_new(conn, url, method)))
            return MHD_NO;
        *con_cls = r;
        atomic_fetch_add(&in_flight, 1);
        log_set_request_id(r->request_id);
        const route_t *rt = router_lookup(method, url);
        size_t cap = rt && rt->max_body ? rt->max_body : cfg.max_body;
        if (declared_too_large(conn, cap)) {
            respond_error(r, ST_TOO_LARGE, NULL); /* answered before the body is read */
            return queue(r);
        }
        if (rt && rt->upload) {
            r->upload_max = cap;
            if (upload_begin(r, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type")) != ST_OK) {
                respond_error(r, ST_INVALID, "Tệp gửi lên không đúng định dạng biểu mẫu.");
                return queue(r);
            }
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->responded && r->upload_max)
            upload_feed(r, upload, *upload_size);
        else if (!r->responded)
            buf_append(&r->body, upload, *upload_size); /* sticky failure marks too large */
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->responded)
        return MHD_YES;
    log_set_request_id(r->request_id);
    status_t up = r->upload_max ? upload_end(r) : ST_OK;
    if (up != ST_OK) {
        respond_error(r, up, up == ST_TOO_LARGE ? "Tệp gửi lên quá lớn." : "Không nhận được tệp gửi lên.");
    } else if (buf_failed(&r->body)) {
        respond_error(r, ST_TOO_LARGE, NULL);
    } else if (!(r->ctx.db = server_thread_db())) {
        respond_error(r, ST_BUSY, NULL);
    } else {
        router_dispatch(r);
    }
    return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    req_t *r = *con_cls;
    if (!r)
        return;
    if (r->ctx.db && db_in_transaction(r->ctx.db))
        db_rollback(r->ctx.db); /* a handler must never leave one open */
    log_msg(LOG_INFO, "%s %s -> %d%s", r->method, r->path, r->status,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    log_set_request_id(NULL);
    if (r->file_fd >= 0)
        close(r->file_fd); /* a file answer that was never queued */
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    if (r->upload_fd >= 0)
        close(r->upload_fd);
    if (r->upload_path)
        unlink(r->upload_path); /* not taken by a handler */
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free(r->arena);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* Parses "A.B.C.D:PORT" or "[v6]:PORT" into SS. */
static int parse_listen(const char *s, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return -1;
    long port = strtol(colon + 1, NULL, 10);
    if (port <= 0 || port > 65535)
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1 ? 0 : -1;
    }
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &v4->sin_addr) == 1 ? 0 : -1;
}

static void apply_defaults(const server_config_t *in)
{
    cfg = *in;
    if (!cfg.threads)
        cfg.threads = 4;
    if (!cfg.max_connections)
        cfg.max_connections = 256;
    if (!cfg.timeout_s)
        cfg.timeout_s = 30;
    if (!cfg.max_body)
        cfg.max_body = 1u << 20;
}

static struct MHD_Daemon *start(const struct sockaddr_storage *ss)
{
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC; /* ITC: for quiesce */
    if (ss->ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(flags, 0, NULL, NULL, &on_request, NULL,
                            MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
                            MHD_OPTION_THREAD_POOL_SIZE, cfg.threads,
                            MHD_OPTION_CONNECTION_LIMIT, cfg.max_connections,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg.timeout_s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
                            MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL,
                            MHD_OPTION_END);
}

int server_run(const server_config_t *in)
{
    apply_defaults(in);
    struct sockaddr_storage ss;
    if (parse_listen(cfg.listen, &ss) != 0) {
        fprintf(stderr, "tdkt: bad listen address '%s' (want ADDR:PORT)\n", cfg.listen);
        return 1;
    }
    pthread_key_create(&db_key, close_thread_db);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* workers inherit the mask; only sigwait sees them */
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = start(&ss);
    if (!d) {
        fprintf(stderr, "tdkt: cannot listen on %s\n", cfg.listen);
        return 1;
    }
    if (job_worker_start(cfg.db_url) != 0)
        log_error("cannot start the job worker; jobs will wait in the queue");
    log_info("tdkt serving on http://%s (%u threads)", cfg.listen, cfg.threads);
    int sig;
    sigwait(&sigs, &sig);
    log_info("signal %d: finishing in-flight requests and stopping", sig);
    atomic_store(&draining, true);
    /* Stop accepting; open connections go on. MHD hands the listening socket
     * back: shut it now so that new clients are refused at once rather than
     * left waiting in the backlog, and close it once the workers are gone. */
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        shutdown(ls, SHUT_RDWR);
    /* MHD_stop_daemon closes every connection at once: first let the requests
     * already begun finish, for at most the connection timeout. */
    int64_t deadline = time_now() + (int64_t)cfg.timeout_s;
    while (atomic_load(&in_flight) > 0 && time_now() < deadline)
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    int left = atomic_load(&in_flight);
    MHD_stop_daemon(d); /* joins the workers; their databases close with them */
    job_worker_stop();   /* a running job goes back to the queue */
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    if (left > 0)
        log_warn("stopped; %d unfinished requests were cut off after %u s", left, cfg.timeout_s);
    else
        log_info("stopped cleanly");
    return 0;
}
