/* The emulation life of the demo city (docs/internals/demo.md): for each
 * year 2020-2026 the city federation launches its yearly movement and the
 * units below take it up level by level (most, not all: coverage has
 * something to show), plus a Workers' Month campaign, the 2021-2025 thematic
 * movement and a 100-day drive; grassroots unions register initiatives,
 * recognised by themselves, some by their superior, a few by the city; each
 * year some district federations and the city hold skill contests whose
 * winners get the title. Everything goes through the core API as the system
 * context, from the seed; nothing reads the clock (2026 is the running year:
 * launched and reviewed once, not yet final). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo_rng.h"
#include "core/contest.h"
#include "core/honour.h"
#include "core/initiative.h"
#include "core/movement.h"
#include "core/person.h"
#include "core/registration.h"
#include "core/scoring.h"
#include "core/unit.h"
#include "lib/arena.h"
#include "lib/time.h"

#define FIRST_YEAR 2020
#define LAST_YEAR 2026
#define SCRATCH (64u << 20) /* one arena per unit whose subtree is walked */
#define POOL 8              /* contestants a contest takes */

typedef struct {
    int64_t person, unit;
} entrant_t;

typedef struct {
    entrant_t e[POOL];
    int n;
} pool_t;

typedef struct {
    uint64_t seed;
    int64_t hn;
    demo_life_t *n;
    char failed[400];             /* the movement being written ("" before the first) */
    char why[600];                /* the reason of a failure, kept past the arenas */
    status_t (*pause)(void *arg); /* may be NULL */
    void *arg;
} life_t;

/* Copies the reason *WHY of failure S out of an arena about to be freed. */
static void keep_why(life_t *L, status_t s, const char **why)
{
    if (s != ST_OK && *why && *why != L->why) {
        snprintf(L->why, sizeof L->why, "%s", *why);
        *why = L->why;
    }
}

/* How one movement lives: its fields, review dates (NULL: not held), how
 * deep it cascades and how many units answer it (per mille). */
typedef struct {
    movement_spec_t spec;
    const char *launch, *interim, *final;
    int depth, year;
    uint32_t answer_pm;
    bool yearly; /* grassroots unions register initiatives and contestants */
    const score_sheet_t *sheet; /* the city's score sheet (saved), or NULL */
} plan_t;

/* The yearly movement's score sheet: three groups of criteria adding up to
 * 100, a bonus and a penalty. */
static const char sheet_lines[] =
    "group|Tổ chức phong trào thi đua|30\n"
    "item|Xây dựng kế hoạch, phát động thi đua|10\n"
    "item|Tỷ lệ đoàn viên đăng ký thi đua|10|evidence\n"
    "item|Sơ kết, tổng kết, khen thưởng kịp thời|10\n"
    "group|Kết quả thực hiện nhiệm vụ|50\n"
    "item|Hoàn thành chỉ tiêu chuyên môn, sản xuất, kinh doanh|30\n"
    "item|Sáng kiến, cải tiến được công nhận|20|evidence\n"
    "group|Xây dựng tổ chức công đoàn|20\n"
    "item|Phát triển đoàn viên, thành lập công đoàn cơ sở|10\n"
    "item|Công tác tài chính công đoàn|10\n"
    "bonus|Điển hình tiên tiến được biểu dương|5\n"
    "penalty|Để xảy ra vi phạm, tai nạn lao động|5\n";

static int fail(life_t *L, status_t st, const char *why)
{
    fprintf(stderr, "tdkt: demo stopped while %s\n", L->failed[0] ? L->failed : "writing movements");
    return cli_fail(st, why);
}

/* ISO date D shifted by LAG days within its month (at most the 28th). */
static const char *later(arena_t *a, const char *d, int lag)
{
    date_t x;
    if (!d || !date_parse_iso(d, &x))
        return d;
    x.d = x.d + lag > 28 ? 28 : x.d + lag;
    return arena_printf(a, "%04d-%02d-%02d", x.y, x.m, x.d);
}

/* A fresh context like SYS with its own arena (freed with arena_free). */
static bool scratch(const ctx_t *sys, ctx_t *w)
{
    *w = *sys;
    w->arena = arena_new(SCRATCH);
    return w->arena != NULL;
}

static const char *iso_day(arena_t *a, int y, const char *md) { return arena_printf(a, "%d-%s", y, md); }

/* The month registrations open in YEAR: January, but July in 2025, when
 * the tree the year's movements cascade through took shape (01/07/2025). */
static int reg_month(int year) { return year == 2025 ? 7 : 1; }

/* The registration deadline of YEAR's movements: the month's last day. */
static const char *reg_deadline(arena_t *a, int year)
{
    return arena_printf(a, "%d-%02d-31", year, reg_month(year));
}

/* Moves movement ID through the plan's steps, later the deeper it is; the
 * reviews are held by most, not all. */
static status_t live(ctx_t *c, rng_t *r, int64_t id, const plan_t *p, int depth, const char **why)
{
    int lag = depth * 3 + (int)rng_below(r, 4);
    status_t s = movement_set_state(c, id, "launched", later(c->arena, p->launch, lag), NULL, why);
    if (s == ST_OK && p->interim && (depth == 0 || rng_pm(r, 850)))
        s = movement_set_state(c, id, "interim", later(c->arena, p->interim, lag), "Hội nghị sơ kết", why);
    if (s == ST_OK && p->final && (depth == 0 || rng_pm(r, 800)))
        s = movement_set_state(c, id, "final", later(c->arena, p->final, lag), "Hội nghị tổng kết", why);
    return s;
}

static int64_t benefit(rng_t *r) { return (int64_t)(5 + rng_below(r, 300)) * 1000000; }

static const char *const initiative_titles[] = {
    "Cải tiến quy trình", "Ứng dụng phần mềm quản lý", "Giải pháp tiết kiệm điện năng trong",
    "Đổi mới phương pháp", "Sáng kiến giảm thời gian chờ trong", "Cải tiến thiết bị an toàn cho",
};
static const char *const initiative_objects[] = {
    "tiếp nhận hồ sơ", "dây chuyền đóng gói", "giảng dạy môn Toán lớp 6", "khám bệnh ngoại trú",
    "kiểm tra chất lượng sản phẩm", "quản lý kho vật tư", "bảo dưỡng máy dệt", "thu gom rác thải",
};

/* UNIT scores itself on the city's sheet and the city fixes the official
 * score, a little below on some items. */
static status_t score_unit(ctx_t *c, rng_t *r, int64_t movement, int64_t unit, const score_sheet_t *sh,
                           const char **why)
{
    score_in_t self[SCORE_MAX_LINES], official[SCORE_MAX_LINES];
    size_t n = 0;
    for (size_t i = 0; i < sh->n_lines && n < SCORE_MAX_LINES; i++) {
        const score_line_t *l = &sh->lines[i];
        if (l->kind == SCORE_GROUP || (l->kind != SCORE_ITEM && !rng_pm(r, 150)))
            continue;
        int64_t pts = l->kind == SCORE_ITEM ? l->max * (60 + rng_below(r, 41)) / 100 / 50 * 50 : l->max;
        self[n] = (score_in_t){.item_id = l->id, .points = pts,
                               .evidence = l->evidence ? "Báo cáo, biên bản kèm theo" : NULL};
        int64_t cut = rng_pm(r, 300) ? pts / 10 / 50 * 50 : 0;
        official[n] = (score_in_t){.item_id = l->id, .points = pts - cut,
                                   .comment = cut ? "Chưa đủ minh chứng cho toàn bộ số điểm tự chấm" : NULL};
        n++;
    }
    status_t s = scoring_save(c, movement, unit, false, self, n, why);
    return s == ST_OK && rng_pm(r, 900) ? scoring_save(c, movement, unit, true, official, n, why) : s;
}

/* The day of a recognition in YEAR on month-day MD ("-10-20"), not before
 * U was founded. */
static const char *recognition_day(ctx_t *c, const unit_t *u, int year, const char *md)
{
    const char *day = arena_printf(c->arena, "%d%s", year, md);
    return day && u->valid_from && strcmp(day, u->valid_from) < 0 ? u->valid_from : day;
}

/* One initiative of U in YEAR by up to three of PEOPLE, recognised by U,
 * sometimes by its superior on the decision's day, rarely by the city. */
static status_t initiative(ctx_t *c, life_t *L, rng_t *r, const unit_t *u, int year, const person_row_t *people,
                           size_t n, const char **why)
{
    int64_t unit = u->id;
    size_t k = n < 3 ? n : 1 + rng_below(r, 3);
    initiative_author_t au[3];
    for (size_t i = 0; i < k; i++)
        au[i] = (initiative_author_t){.person_id = people[i].id, .share = 100 / (int64_t)k + (i == 0 ? 100 % (int64_t)k : 0)};
    const char *title = arena_printf(c->arena, "%s %s", initiative_titles[rng_below(r, 6)],
                                     initiative_objects[rng_below(r, 8)]);
    initiative_in_t in = {.title = title, .field = "Quản lý, sản xuất", .applied_on = arena_printf(c->arena, "%d-03-15", year),
                          .benefit_vnd = benefit(r), .authors = au, .n_authors = k};
    int64_t id = 0;
    status_t s = initiative_create(c, unit, &in, &id, why);
    L->n->initiatives += s == ST_OK;
    const struct {
        int64_t level;
        uint32_t pm;
        const char *no, *date;
    } steps[] = {{INIT_LEVEL_CO_SO, 900, "/QĐ-CĐCS", "-10-20"},
                 {INIT_LEVEL_CAP_TREN, 200, "/QĐ-LĐLĐ", "-11-25"},
                 {INIT_LEVEL_TINH, 150, "/QĐ-LĐLĐTP", "-12-20"}};
    for (size_t i = 0; s == ST_OK && i < 3 && rng_pm(r, steps[i].pm); i++) {
        const char *day = recognition_day(c, u, year, steps[i].date);
        int64_t by = steps[i].level == INIT_LEVEL_TINH ? L->hn : unit;
        if (steps[i].level == INIT_LEVEL_CAP_TREN)
            s = unit_parent_at(c, unit, day, &by);
        if (s == ST_OK)
            s = initiative_recognize(c, id, steps[i].level, by,
                                     arena_printf(c->arena, "%u%s", 10 + rng_below(r, 900), steps[i].no), day, why);
        L->n->recognitions += s == ST_OK;
    }
    return s;
}

typedef struct {
    arena_t *a;
    int64_t *ids;
    size_t n, cap;
} ids_t;

static int take_id(const person_row_t *row, void *arg)
{
    ids_t *x = arg;
    int64_t *slot = x->n < REGISTRATION_MAX_PEOPLE ? arena_push(x->a, (void **)&x->ids, &x->n, &x->cap, sizeof *slot)
                                                   : NULL;
    if (slot)
        *slot = row->id;
    return slot == NULL;
}

/* Most members of UNIT for Lao động tiên tiến, a few of those for Chiến sĩ
 * thi đua cơ sở, with IN's day and lateness. */
static status_t register_people(ctx_t *c, life_t *L, rng_t *r, int64_t movement, int64_t unit, registration_in_t in,
                                const char **why)
{
    ids_t all = {.a = c->arena}, best = {.a = c->arena};
    status_t s = person_list_each(c, unit, NULL, false, take_id, &all);
    size_t keep = 0;
    for (size_t i = 0; s == ST_OK && i < all.n; i++) {
        if (!rng_pm(r, 800))
            continue;
        all.ids[keep++] = all.ids[i];
        int64_t *slot = rng_pm(r, 150) ? arena_push(c->arena, (void **)&best.ids, &best.n, &best.cap, sizeof *slot)
                                       : NULL;
        if (slot)
            *slot = all.ids[i];
    }
    registration_result_t res = {0};
    in.title_code = "IND_LDTT";
    in.targets = "Hoàn thành tốt nhiệm vụ được giao; tham gia đầy đủ các phong trào thi đua.";
    if (s == ST_OK && keep)
        s = registration_add_people(c, movement, all.ids, keep, &in, &res, why);
    L->n->registrations += res.registered;
    in.title_code = "IND_CSTD_CS";
    in.targets = "Có ít nhất một sáng kiến được công nhận cấp cơ sở.";
    res.registered = 0;
    if (s == ST_OK && best.n)
        s = registration_add_people(c, movement, best.ids, best.n, &in, &res, why);
    L->n->registrations += res.registered;
    return s;
}

/* Grassroots unit U registers for YEAR in MOVEMENT (its superior's): the
 * unit for a collective title, and in the last two years its members; a
 * few after the deadline (and those founded after it), with a reason. A
 * stream of its own, so that the rest of the demo does not change with it. */
static status_t registrations(ctx_t *c, life_t *L, int64_t movement, const unit_t *u, int year, const char **why)
{
    rng_t r = rng_fork(L->seed, 43, (uint64_t)u->id * 16 + (uint64_t)(year - FIRST_YEAR));
    if (!rng_pm(&r, 850))
        return ST_OK;
    bool late = rng_pm(&r, 60);
    const char *on = arena_printf(c->arena, "%d-%02d-%02u", year, reg_month(year) + late, 5 + rng_below(&r, 20));
    if (on && u->valid_from && strcmp(on, u->valid_from) < 0)
        on = u->valid_from;
    late = on && strcmp(on, reg_deadline(c->arena, year)) > 0;
    registration_in_t in = {
        .title_code = rng_pm(&r, 400) ? "COL_TTLDXS" : "COL_TTLDTT",
        .targets = "Hoàn thành xuất sắc nhiệm vụ năm; 100% đoàn viên đăng ký thi đua.",
        .late_reason = late ? "Đơn vị mới kiện toàn ban chấp hành, đăng ký bổ sung." : NULL,
        .on = on};
    int64_t unit = u->id, id = 0;
    bool was_late = false;
    status_t s = registration_add_unit(c, movement, unit, &in, &id, &was_late, why);
    if (s == ST_INVALID) { /* moved under this superior after that day: it registered with the former one */
        *why = NULL;
        return ST_OK;
    }
    L->n->registrations += s == ST_OK;
    return s == ST_OK && year >= LAST_YEAR - 1 ? register_people(c, L, &r, movement, unit, in, why) : s;
}

/* A grassroots UNIT that answered the yearly movement MOVEMENT (its
 * superior's): its registrations, its initiatives, and one of its people
 * enters POOL. */
static status_t grassroots(ctx_t *c, life_t *L, rng_t *r, int64_t movement, const unit_t *u, const plan_t *p,
                           pool_t *pool, const char **why)
{
    int64_t unit = u->id;
    status_t rs = registrations(c, L, movement, u, p->year, why);
    if (rs != ST_OK)
        return rs;
    person_list_q_t q = {.unit_id = unit, .as_of = arena_printf(c->arena, "%d-06-30", p->year), .limit = 6};
    person_page_t pg;
    status_t s = person_list(c, &q, &pg);
    person_row_t *people = pg.rows;
    size_t n = pg.n;
    if (s != ST_OK || n == 0)
        return s;
    for (uint32_t k = rng_pm(r, 300) ? 1 + rng_below(r, 2) : 0; s == ST_OK && k > 0; k--)
        s = initiative(c, L, r, u, p->year, people, n, why);
    if (s == ST_OK && pool->n < POOL && rng_pm(r, 400))
        pool->e[pool->n++] = (entrant_t){people[rng_below(r, (uint32_t)n)].id, unit};
    return s;
}

/* grassroots() in an arena of its own, so that the thousands of unions
 * right under the city (from 01/07/2025) do not fill W's; *WHY, if any,
 * is copied into W's. */
static status_t grassroots_apart(const ctx_t *sys, ctx_t *w, life_t *L, rng_t *r, int64_t movement, const unit_t *u,
                                 const plan_t *p, pool_t *pool, const char **why)
{
    ctx_t g;
    if (!scratch(sys, &g))
        return ST_NOMEM;
    status_t s = grassroots(&g, L, r, movement, u, p, pool, why);
    if (s != ST_OK && *why)
        *why = arena_strdup(w->arena, *why);
    arena_free(g.arena);
    return s;
}

static const char *const trades[] = {"Hàn điện", "May công nghiệp", "Điện dân dụng", "Tiện CNC", "Lái xe nâng",
                                     "Điều dưỡng", "Kế toán doanh nghiệp"};

/* A contest of ORGANISER at LEVEL with POOL's entrants: two rounds, three
 * judges, the best three win. Nothing when the pool has fewer than three. */
static status_t contest(ctx_t *c, life_t *L, rng_t *r, int64_t organiser, const char *level, int year,
                        const pool_t *pool, const char **why)
{
    if (pool->n < 3)
        return ST_OK;
    const char *trade = trades[rng_below(r, 7)];
    contest_in_t in = {.name = arena_printf(c->arena, "Hội thi tay nghề năm %d – nghề %s", year, trade), .trade = trade,
                       .level = level, .held_on = arena_printf(c->arena, "%d-%s", year,
                                                               strcmp(level, "thanh_pho") == 0 ? "12-12" : "11-20"),
                       .rounds = 2};
    int64_t id = 0, judge[3];
    status_t s = contest_create(c, organiser, &in, &id, why);
    static const char *const judges[] = {"Nguyễn Văn Hùng", "Trần Thị Mai", "Phạm Quốc Bảo"};
    for (int j = 0; s == ST_OK && j < 3; j++)
        s = contest_add_judge(c, id, judges[j], 0, &judge[j], why);
    bool entered[POOL] = {false};
    for (int i = 0; s == ST_OK && i < pool->n; i++) {
        s = contest_add_participant(c, id, pool->e[i].person, pool->e[i].unit, why);
        entered[i] = s == ST_OK;
        if (s == ST_INVALID) /* the union moved to another district after the contest: not entered */
            s = ST_OK;
    }
    for (int i = 0; s == ST_OK && i < pool->n; i++)
        for (int64_t round = 1; s == ST_OK && entered[i] && round <= 2; round++)
            for (int j = 0; s == ST_OK && j < 3; j++)
                s = contest_score(c, id, pool->e[i].person, round, judge[j], 6000 + (int64_t)rng_below(r, 39) * 100,
                                  why);
    size_t winners = 0;
    if (s == ST_OK)
        s = contest_finish(c, id, 3, -1, &winners, why);
    L->n->contests += s == ST_OK;
    L->n->winners += (int64_t)winners;
    return s;
}

/* The city honours the year's best: a ceremony for its contestants, a
 * conference of the yearly movement's final review, an article in the
 * press, and one of the contestants held up as an advanced model, taken up
 * by the first units under the city. */
static status_t honour(ctx_t *c, life_t *L, rng_t *r, int64_t movement, int year, const pool_t *pool,
                       const char **why)
{
    honour_honoree_t hs[POOL];
    for (int i = 0; i < pool->n; i++)
        hs[i] = (honour_honoree_t){.person_id = pool->e[i].person, .citation = "Công nhân giỏi tiêu biểu"};
    const char *month = arena_printf(c->arena, "%d-05-19", year);
    const honour_event_in_t ev[] = {
        {.kind = "le_tuyen_duong", .title = arena_printf(c->arena, "Lễ tuyên dương Công nhân giỏi Thủ đô năm %d", year),
         .held_on = month, .place = "Cung Văn hóa Lao động Hữu nghị Việt Xô", .movement_id = movement},
        {.kind = "tin_bai", .title = arena_printf(c->arena, "Những người thợ giỏi của Thủ đô năm %d", year),
         .held_on = arena_printf(c->arena, "%d-05-21", year), .place = "Báo Lao Động", .movement_id = movement},
        {.kind = "hoi_nghi", .title = arena_printf(c->arena, "Hội nghị tổng kết phong trào thi đua năm %d", year),
         .held_on = arena_printf(c->arena, "%d-12-20", year), .place = "Hội trường Liên đoàn Lao động thành phố",
         .movement_id = movement},
        {.kind = "toa_dam", .title = arena_printf(c->arena, "Tọa đàm “Công nhân với sáng kiến” năm %d", year),
         .held_on = arena_printf(c->arena, "%d-10-10", year), .place = "Nhà Văn hóa Công nhân"},
    };
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < sizeof ev / sizeof *ev; i++) {
        int64_t id = 0;
        s = honour_event_create(c, L->hn, &ev[i], hs, i == 0 ? (size_t)pool->n : 0, &id, why);
    }
    if (s != ST_OK || pool->n == 0)
        return s;
    honour_model_in_t m = {.person_id = pool->e[0].person, .title = "Người thợ giỏi, sáng tạo trong lao động",
                           .story = "Nhiều năm liền đạt danh hiệu Lao động tiên tiến, có sáng kiến được công nhận, "
                                    "đạt giải hội thi tay nghề và kèm cặp thợ trẻ.",
                           .movement_id = movement, .year = year};
    int64_t model = 0;
    s = honour_model_create(c, L->hn, &m, &model, why);
    unit_t *kids;
    size_t n = 0;
    if (s == ST_OK)
        s = unit_list_at(c, L->hn, arena_printf(c->arena, "%d-12-31", year), &kids, &n);
    for (size_t i = 0; s == ST_OK && i < n && i < 3 + rng_below(r, 4); i++)
        s = honour_model_replicate(c, model, kids[i].id, arena_printf(c->arena, "%d-11-15", year), NULL, why);
    return s;
}

/* The units under UNIT on the plan's last day answer PARENT (UNIT's
 * movement) and live it; deeper levels answer theirs in turn. Contestants
 * of the yearly movement gather in POOL. */
static status_t cascade(const ctx_t *sys, life_t *L, rng_t *r, int64_t unit, int64_t parent, const plan_t *p, int depth,
                        pool_t *pool, const char **why)
{
    ctx_t w;
    if (!scratch(sys, &w))
        return ST_NOMEM;
    unit_t *kids;
    size_t n = 0;
    status_t s = unit_list_at(&w, unit, p->spec.period_to, &kids, &n);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        if (!rng_pm(r, p->answer_pm))
            continue;
        int64_t id = 0;
        s = movement_respond(&w, parent, kids[i].id, NULL, &id, why);
        L->n->answers += s == ST_OK;
        bool launched = s == ST_OK && rng_pm(r, 960);
        if (launched)
            s = live(&w, r, id, p, depth, why);
        if (s == ST_OK && launched && p->yearly)
            s = registration_set_deadline(&w, id, reg_deadline(w.arena, p->year), why);
        if (s == ST_OK && launched && p->sheet && depth == 1)
            s = score_unit(&w, r, parent, kids[i].id, p->sheet, why);
        pool_t mine = {.n = 0};
        if (s == ST_OK && launched && depth < p->depth && kids[i].children > 0)
            s = cascade(sys, L, r, kids[i].id, id, p, depth + 1, &mine, why);
        else if (s == ST_OK && p->yearly && kids[i].children == 0)
            s = grassroots_apart(sys, &w, L, r, parent, &kids[i], p, pool, why);
        if (s == ST_OK && L->pause && kids[i].children == 0)
            s = L->pause(L->arg);
        if (s == ST_OK && rng_pm(r, 350)) /* a district-level contest of its own people */
            s = contest(&w, L, r, kids[i].id, "cap_tren", p->year, &mine, why);
        for (int k = 0; s == ST_OK && k < mine.n && k < 2 && pool->n < POOL; k++)
            pool->e[pool->n++] = mine.e[k];
    }
    keep_why(L, s, why);
    arena_free(w.arena);
    return s;
}

/* The city's movement of PLAN: drafted, launched, cascaded, reviewed and,
 * when the final review is held, closed. */
static status_t run_plan(const ctx_t *sys, life_t *L, rng_t *r, const plan_t *p, const char **why)
{
    ctx_t w;
    if (!scratch(sys, &w))
        return ST_NOMEM;
    int64_t id = 0;
    pool_t pool = {.n = 0};
    snprintf(L->failed, sizeof L->failed, "%s", p->spec.name);
    plan_t top = *p;
    top.interim = top.final = NULL; /* the city reviews after the units below */
    status_t s = movement_create(&w, L->hn, &p->spec, &id, why);
    score_sheet_t sheet;
    if (s == ST_OK && p->yearly)
        s = scoring_sheet_parse(w.arena, "100", sheet_lines, "", &sheet, why);
    if (s == ST_OK && p->yearly)
        s = scoring_sheet_save(&w, id, &sheet, why);
    if (s == ST_OK && p->yearly)
        s = scoring_sheet_get(&w, id, &sheet);
    plan_t down = *p;
    down.sheet = p->yearly ? &sheet : NULL;
    if (s == ST_OK)
        s = live(&w, r, id, &top, 0, why);
    if (s == ST_OK && p->yearly)
        s = registration_set_deadline(&w, id, reg_deadline(w.arena, p->year), why);
    if (s == ST_OK)
        s = cascade(sys, L, r, L->hn, id, &down, 1, &pool, why);
    if (s == ST_OK && p->interim)
        s = movement_set_state(&w, id, "interim", later(w.arena, p->interim, 20), "Hội nghị sơ kết toàn thành phố", why);
    if (s == ST_OK && p->final)
        s = movement_set_state(&w, id, "final", later(w.arena, p->final, 26), "Hội nghị tổng kết toàn thành phố", why);
    if (s == ST_OK && p->final)
        s = movement_set_state(&w, id, "closed", later(w.arena, p->final, 27), NULL, why);
    if (s == ST_OK && p->yearly)
        s = contest(&w, L, r, L->hn, "thanh_pho", p->year, &pool, why);
    if (s == ST_OK && p->yearly)
        s = honour(&w, L, r, id, p->year, &pool, why);
    L->n->movements += s == ST_OK;
    keep_why(L, s, why);
    arena_free(w.arena);
    return s;
}


/* The yearly movement of YEAR and the Workers' Month campaign. */
static status_t year_plans(const ctx_t *sys, life_t *L, arena_t *a, int year, const char **why)
{
    rng_t r = rng_fork(L->seed, 41, (uint64_t)year);
    bool running = year == LAST_YEAR;
    plan_t yearly = {
        .spec = {.name = arena_printf(a, "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm %d", year),
                 .content = "Thi đua hoàn thành xuất sắc nhiệm vụ, nâng cao năng suất, chất lượng, hiệu quả công việc.",
                 .goals = "100% công đoàn cơ sở tổ chức phát động; mỗi công đoàn cơ sở có ít nhất một sáng kiến.",
                 .legal_basis = "Luật Thi đua, khen thưởng; Kế hoạch của Liên đoàn Lao động thành phố.",
                 .kind = "thuong_xuyen", .period_from = iso_day(a, year, "01-01"), .period_to = iso_day(a, year, "12-31"),
                 .year_label = arena_printf(a, "%d", year), .titles = "IND_LDTT,IND_CSTD_CS,COL_TTLDXS,COL_TTLDTT"},
        .launch = iso_day(a, year, "01-08"), .interim = iso_day(a, year, "07-02"),
        .final = running ? NULL : iso_day(a, year, "12-05"), .depth = 2, .year = year, .answer_pm = 900, .yearly = true};
    plan_t month = {
        .spec = {.name = arena_printf(a, "Thi đua chào mừng “Tháng Công nhân” năm %d", year),
                 .goals = "Chăm lo đời sống, bảo đảm an toàn, vệ sinh lao động cho công nhân.", .kind = "theo_dot",
                 .period_from = iso_day(a, year, "05-01"), .period_to = iso_day(a, year, "05-31"),
                 .year_label = arena_printf(a, "%d", year), .target_people = "cong_nhan"},
        .launch = iso_day(a, year, "04-20"), .final = iso_day(a, year, "06-10"), .depth = 1, .year = year, .answer_pm = 650};
    status_t s = run_plan(sys, L, &r, &yearly, why);
    return s == ST_OK ? run_plan(sys, L, &r, &month, why) : s;
}

/* The movements that are not yearly: the 2021-2025 thematic movement and the
 * 100-day drive of the fourth quarter of 2024. */
static status_t other_plans(const ctx_t *sys, life_t *L, const char **why)
{
    rng_t r = rng_fork(L->seed, 42, 0);
    plan_t green = {
        .spec = {.name = "Phong trào “Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động” giai đoạn 2021-2025",
                 .goals = "90% doanh nghiệp có công đoàn đạt tiêu chí xanh – sạch – đẹp.", .kind = "chuyen_de",
                 .period_from = "2021-01-01", .period_to = "2025-12-31", .year_label = "2021-2025",
                 .titles = "U_BK_TLD"},
        .launch = "2021-03-01", .interim = "2023-06-15", .final = "2025-11-10", .depth = 1, .year = 2021,
        .answer_pm = 800};
    plan_t drive = {
        .spec = {.name = "Thi đua 100 ngày đêm hoàn thành kế hoạch sản xuất, kinh doanh năm 2024", .kind = "ngan_ngay",
                 .period_from = "2024-09-20", .period_to = "2024-12-28", .year_label = "2024",
                 .target_unit_kind = "CDCS", .target_sector = "NNN"},
        .launch = "2024-09-20", .final = "2024-12-28", .depth = 1, .year = 2024, .answer_pm = 500};
    status_t s = run_plan(sys, L, &r, &green, why);
    return s == ST_OK ? run_plan(sys, L, &r, &drive, why) : s;
}

int demo_movements(ctx_t *c, int64_t hn_id, uint64_t seed, status_t (*pause)(void *arg), void *arg,
                   demo_life_t *out)
{
    *out = (demo_life_t){0};
    life_t L = {.seed = seed, .hn = hn_id, .n = out, .pause = pause, .arg = arg};
    const char *why = NULL;
    status_t s = ST_OK;
    for (int y = FIRST_YEAR; s == ST_OK && y <= LAST_YEAR; y++) {
        arena_t *a = arena_new(1u << 20);
        s = a ? year_plans(c, &L, a, y, &why) : ST_NOMEM;
        arena_free(a);
    }
    if (s == ST_OK)
        s = other_plans(c, &L, &why);
    return s == ST_OK ? 0 : fail(&L, s, why);
}
