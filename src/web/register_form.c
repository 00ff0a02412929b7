#include "web/register_form.h"

#include <stdlib.h>
#include <string.h>

const char register_form_bad_points[] = "Điểm phải là số không âm, tối đa hai chữ số thập phân (ví dụ 87.5).";

/* "12:60, 15:40" into authors; false when malformed. */
static bool parse_authors(req_t *r, const char *s, initiative_author_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!s)
        return true;
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    initiative_author_t *a = arena_calloc(r->arena, cap, sizeof *a);
    if (!a)
        return false;
    const char *p = s;
    while (*p) {
        char *end;
        while (*p == ' ')
            p++;
        long long id = strtoll(p, &end, 10);
        if (end == p || *end != ':' || id <= 0)
            return false;
        p = end + 1;
        long long share = strtoll(p, &end, 10);
        if (end == p)
            return false;
        p = end;
        while (*p == ' ')
            p++;
        if (*p && *p != ',')
            return false;
        if (*p == ',')
            p++;
        if (*n >= cap)
            return false;
        a[(*n)++] = (initiative_author_t){.person_id = id, .share = share};
    }
    *out = a;
    return true;
}

/* The non-blank lines of S, trimmed of a trailing \r, in the arena. */
static char **lines(req_t *r, const char *s, size_t *n)
{
    *n = 0;
    if (!s)
        return NULL;
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == '\n';
    char **out = arena_calloc(r->arena, cap, sizeof *out);
    char *copy = arena_strdup(r->arena, s), *save = NULL;
    if (!out || !copy)
        return NULL;
    for (char *tok = strtok_r(copy, "\r\n", &save); tok && *n < cap; tok = strtok_r(NULL, "\r\n", &save))
        if (*tok)
            out[(*n)++] = tok;
    return out;
}

const char *register_form_initiative(req_t *r, initiative_in_t *in)
{
    initiative_author_t *a;
    size_t na, nf;
    if (!parse_authors(r, req_param(r, "authors"), &a, &na))
        return "Danh sách tác giả phải có dạng mã_người:tỷ_lệ, cách nhau bởi dấu phẩy (ví dụ 12:60,15:40).";
    char **files = lines(r, req_param(r, "attachments"), &nf);
    *in = (initiative_in_t){.title = req_param(r, "title"),
                            .summary = req_param(r, "summary"),
                            .field = req_param(r, "field"),
                            .applied_on = req_param(r, "applied_on"),
                            .benefit_vnd = req_param_int(r, "benefit_vnd", 0),
                            .benefit_text = req_param(r, "benefit_text"),
                            .attachments = (const char *const *)files,
                            .n_attachments = nf,
                            .authors = a,
                            .n_authors = na};
    return NULL;
}

int64_t register_form_points(const char *s)
{
    if (!s || !*s)
        return -1;
    int64_t v = 0, frac = 0;
    int digits = 0, fd = -1;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (fd >= 0) {
                if (++fd > 2)
                    return -1;
                frac = frac * 10 + (*p - '0');
            } else if (++digits > 7) {
                return -1;
            } else {
                v = v * 10 + (*p - '0');
            }
        } else if ((*p == '.' || *p == ',') && fd < 0 && digits) {
            fd = 0;
        } else {
            return -1;
        }
    }
    if (!digits)
        return -1;
    if (fd == 1)
        frac *= 10;
    return v * 100 + frac;
}

/* One honoree line "p12: citation" / "u5"; false when malformed. */
static bool parse_honoree(char *line, honour_honoree_t *h)
{
    while (*line == ' ' || *line == '\t')
        line++;
    char kind = *line;
    if (kind != 'p' && kind != 'P' && kind != 'u' && kind != 'U')
        return false;
    char *end;
    long long id = strtoll(line + 1, &end, 10);
    if (end == line + 1 || id <= 0 || (*end && *end != ':' && *end != ' '))
        return false;
    while (*end == ' ' || *end == ':')
        end++;
    *h = (honour_honoree_t){.person_id = kind == 'p' || kind == 'P' ? id : 0,
                            .unit_id = kind == 'u' || kind == 'U' ? id : 0,
                            .citation = *end ? end : NULL};
    return true;
}

const char *register_form_honorees(req_t *r, const char *text, honour_honoree_t **out, size_t *n)
{
    size_t nl;
    char **ls = lines(r, text, &nl);
    *out = nl ? arena_calloc(r->arena, nl, sizeof **out) : NULL;
    *n = 0;
    if (nl && !*out)
        return "Không đủ bộ nhớ để đọc danh sách.";
    for (size_t i = 0; i < nl; i++) {
        if (!parse_honoree(ls[i], &(*out)[i])) {
            const char *why = arena_printf(r->arena, "Dòng %zu của danh sách được biểu dương phải có dạng p12: lời"
                                           " biểu dương (người mã 12) hoặc u5: lời biểu dương (đơn vị mã 5).", i + 1);
            return why ? why : "Danh sách được biểu dương không hợp lệ.";
        }
        (*n)++;
    }
    return NULL;
}
