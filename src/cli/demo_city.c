/* tdkt demo --scale small|medium|large [--seed N]: a city shaped like Hà Nội
 * (docs/internals/demo.md). Everything is derived from the seed with a
 * splitmix64 generator, so the same seed gives the same data; every write
 * goes through the core API (permission check and audit entry), run as the
 * system context.
 *
 * Plan first, then write: the whole organisation (units, their founding
 * dates, renames, transfers, the 01/07/2025 restructuring) is planned in
 * memory, the units are created, the events are applied in date order (the
 * accounts are created just before 01/07/2025), then the emulation clusters
 * and blocks, then the people. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/demo_rng.h"
#include "core/cluster.h"
#include "core/person_bulk.h"
#include "core/org.h"
#include "core/person.h"
#include "core/unit.h"
#include "core/user.h"
#include "lib/alloc.h"
#include "lib/arena.h"
#include "lib/text.h"
#include "lib/time.h"

#define D2025 "2025-07-01"     /* district federations end; commune unions begin */
#define ARENA_BYTES (64u << 20) /* the context arena, renewed every ARENA_EVERY writes */
#define ARENA_EVERY 2000
/* Core writes per transaction on SQLite (db.h, a batch): the small demo's
 * people went from ~1 100/s to ~4 300/s. The movements (demo_movements.c,
 * which does not count its writes) are one batch. Not on PostgreSQL, where each
 * operation of a batch is a subtransaction: past 64 of them the backend's
 * cache of subtransactions overflows and visibility checks read pg_subtrans
 * (measured: 102 people/s without batches, 28/s with, 87/s with 60
 * writes a batch). */
#define BATCH_WRITES 20000
#define PAUSE_UNIONS 200 /* grassroots unions of the movements per batch */

/* ---- dates as day numbers ------------------------------------------------------------ */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static date_t civil_from_days(int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    return (date_t){.y = yoe + era * 400 + (m <= 2), .m = m, .d = d};
}

/* Day number of an ISO literal of this file (always valid). */
static int32_t day_of(const char *iso)
{
    date_t d = {0};
    date_parse_iso(iso, &d);
    return days_from_civil(d.y, d.m, d.d);
}

typedef struct {
    char s[16];
} iso_t;

static iso_t iso_of(int32_t day)
{
    date_t d = civil_from_days(day);
    iso_t out;
    if (snprintf(out.s, sizeof out.s, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
                 (unsigned)d.d % 100u) < 0)
        out.s[0] = '\0';
    return out;
}

/* Uniform day in [A, B] (A <= B). */
static int32_t rng_day(rng_t *r, int32_t a, int32_t b) { return b <= a ? a : a + (int32_t)rng_below(r, (uint32_t)(b - a + 1)); }

/* ---- heap strings --------------------------------------------------------------------- */

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = xmalloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* A set of strings (names already used), open addressing. */
typedef struct {
    char **slot;
    size_t cap, n;
} strset_t;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* 1 when KEY was added, 0 when it was there already, -1 on OOM. */
static int strset_add(strset_t *set, const char *key)
{
    if ((set->n + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        char **slot = xcalloc(cap, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slot[i])
                continue;
            size_t j = fnv1a(set->slot[i]) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = set->slot[i];
        }
        xfree(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    size_t j = fnv1a(key) & (set->cap - 1);
    for (; set->slot[j]; j = (j + 1) & (set->cap - 1))
        if (strcmp(set->slot[j], key) == 0)
            return 0;
    if (!(set->slot[j] = xstrdup(key)))
        return -1;
    set->n++;
    return 1;
}

static void strset_free(strset_t *set)
{
    for (size_t i = 0; i < set->cap; i++)
        xfree(set->slot[i]);
    xfree(set->slot);
}

/* ---- the city: district federations before 01/07/2025 ---------------------------------- */

#define W(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct {
    const char *slug;      /* code HN-<slug>, login canbo.<slug in lower case> */
    const char *kind;      /* "quận", "huyện", "thị xã" as in 2020 */
    const char *name;
    const char *from;      /* founding of its federation */
    const char *first_kind;/* the kind word at founding when it changed later, else NULL */
    int origin, origin2;   /* districts whose area it was carved from (-1: none) */
    bool hatay, urban;     /* part of Hà Tây until 01/08/2008; quận or thị xã */
    int weight, industry;  /* relative size; 0-3 share of FDI and industry */
    const char *const *wards; /* phường / xã before 2025 */
    const char *const *newx;  /* communes and wards from 01/07/2025 ("phường Ba Đình") */
} district_t;

enum {
    BADINH, HOANKIEM, TAYHO, LONGBIEN, CAUGIAY, DONGDA, HAIBATRUNG, HOANGMAI, THANHXUAN, NAMTULIEM,
    BACTULIEM, HADONG, SONTAY, BAVI, CHUONGMY, DANPHUONG, DONGANH, GIALAM, HOAIDUC, MELINH, MYDUC,
    PHUXUYEN, PHUCTHO, QUOCOAI, SOCSON, THACHTHAT, THANHOAI, THANHTRI, THUONGTIN, UNGHOA,
    N_DISTRICTS, TULIEM = N_DISTRICTS, N_DISTRICTS_ALL
};

static const district_t districts[N_DISTRICTS_ALL] = {
    [BADINH] = {"BADINH", "quận", "Ba Đình", "1961-06-01", "khu phố", -1, -1, false, true, 8, 0,
                W("Phúc Xá", "Trúc Bạch", "Vĩnh Phúc", "Cống Vị", "Liễu Giai", "Quán Thánh", "Ngọc Hà", "Điện Biên",
                  "Đội Cấn", "Ngọc Khánh", "Kim Mã", "Giảng Võ", "Thành Công", "Nguyễn Trung Trực"),
                W("phường Ba Đình", "phường Ngọc Hà", "phường Giảng Võ")},
    [HOANKIEM] = {"HOANKIEM", "quận", "Hoàn Kiếm", "1961-06-01", "khu phố", -1, -1, false, true, 7, 0,
                  W("Hàng Bạc", "Hàng Bồ", "Hàng Buồm", "Hàng Đào", "Hàng Gai", "Hàng Mã", "Hàng Trống", "Lý Thái Tổ",
                    "Tràng Tiền", "Trần Hưng Đạo", "Phan Chu Trinh", "Cửa Đông", "Cửa Nam", "Đồng Xuân",
                    "Chương Dương", "Phúc Tân", "Hàng Bông", "Hàng Bài"),
                  W("phường Hoàn Kiếm", "phường Cửa Nam")},
    [TAYHO] = {"TAYHO", "quận", "Tây Hồ", "1996-01-01", NULL, TULIEM, BADINH, false, true, 5, 0,
               W("Bưởi", "Thụy Khuê", "Yên Phụ", "Tứ Liên", "Nhật Tân", "Quảng An", "Xuân La", "Phú Thượng"),
               W("phường Tây Hồ", "phường Phú Thượng")},
    [LONGBIEN] = {"LONGBIEN", "quận", "Long Biên", "2004-01-01", NULL, GIALAM, -1, false, true, 8, 2,
                  W("Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm", "Ngọc Thụy",
                    "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng"),
                  W("phường Long Biên", "phường Bồ Đề", "phường Việt Hưng", "phường Phúc Lợi")},
    [CAUGIAY] = {"CAUGIAY", "quận", "Cầu Giấy", "1997-01-01", NULL, TULIEM, -1, false, true, 9, 0,
                 W("Dịch Vọng", "Dịch Vọng Hậu", "Mai Dịch", "Nghĩa Đô", "Nghĩa Tân", "Quan Hoa", "Trung Hòa",
                   "Yên Hòa"),
                 W("phường Cầu Giấy", "phường Nghĩa Đô", "phường Yên Hòa")},
    [DONGDA] = {"DONGDA", "quận", "Đống Đa", "1961-06-01", "khu phố", -1, -1, false, true, 10, 0,
                W("Cát Linh", "Hàng Bột", "Khâm Thiên", "Khương Thượng", "Kim Liên", "Láng Hạ", "Láng Thượng",
                  "Nam Đồng", "Ngã Tư Sở", "Ô Chợ Dừa", "Phương Liên", "Phương Mai", "Quang Trung", "Quốc Tử Giám",
                  "Thịnh Quang", "Thổ Quan", "Trung Liệt", "Trung Phụng", "Trung Tự", "Văn Chương", "Văn Miếu"),
                W("phường Đống Đa", "phường Kim Liên", "phường Láng", "phường Ô Chợ Dừa")},
    [HAIBATRUNG] = {"HAIBATRUNG", "quận", "Hai Bà Trưng", "1961-06-01", "khu phố", -1, -1, false, true, 9, 0,
                    W("Bách Khoa", "Bạch Đằng", "Bạch Mai", "Cầu Dền", "Đống Mác", "Đồng Nhân", "Đồng Tâm",
                      "Lê Đại Hành", "Minh Khai", "Nguyễn Du", "Phạm Đình Hổ", "Phố Huế", "Quỳnh Lôi", "Quỳnh Mai",
                      "Thanh Lương", "Thanh Nhàn", "Trương Định", "Vĩnh Tuy"),
                    W("phường Hai Bà Trưng", "phường Vĩnh Tuy", "phường Bạch Mai")},
    [HOANGMAI] = {"HOANGMAI", "quận", "Hoàng Mai", "2004-01-01", NULL, THANHTRI, HAIBATRUNG, false, true, 9, 1,
                  W("Đại Kim", "Định Công", "Giáp Bát", "Hoàng Liệt", "Hoàng Văn Thụ", "Lĩnh Nam", "Mai Động",
                    "Tân Mai", "Thanh Trì", "Thịnh Liệt", "Trần Phú", "Tương Mai", "Vĩnh Hưng", "Yên Sở"),
                  W("phường Hoàng Mai", "phường Định Công", "phường Tương Mai", "phường Lĩnh Nam")},
    [THANHXUAN] = {"THANHXUAN", "quận", "Thanh Xuân", "1997-01-01", NULL, DONGDA, TULIEM, false, true, 7, 0,
                   W("Hạ Đình", "Khương Đình", "Khương Mai", "Khương Trung", "Kim Giang", "Nhân Chính", "Phương Liệt",
                     "Thanh Xuân Bắc", "Thanh Xuân Nam", "Thanh Xuân Trung", "Thượng Đình"),
                   W("phường Thanh Xuân", "phường Khương Đình", "phường Phương Liệt")},
    [NAMTULIEM] = {"NAMTULIEM", "quận", "Nam Từ Liêm", "2014-04-01", NULL, TULIEM, -1, false, true, 8, 0,
                   W("Cầu Diễn", "Đại Mỗ", "Mễ Trì", "Mỹ Đình 1", "Mỹ Đình 2", "Phú Đô", "Phương Canh", "Tây Mỗ",
                     "Trung Văn", "Xuân Phương"),
                   W("phường Từ Liêm", "phường Xuân Phương", "phường Tây Mỗ", "phường Đại Mỗ")},
    [BACTULIEM] = {"BACTULIEM", "quận", "Bắc Từ Liêm", "2014-04-01", NULL, TULIEM, -1, false, true, 7, 1,
                   W("Cổ Nhuế 1", "Cổ Nhuế 2", "Đông Ngạc", "Đức Thắng", "Liên Mạc", "Minh Khai", "Phú Diễn",
                     "Phúc Diễn", "Tây Tựu", "Thượng Cát", "Thụy Phương", "Xuân Đỉnh", "Xuân Tảo"),
                   W("phường Đông Ngạc", "phường Xuân Đỉnh", "phường Phú Diễn", "phường Tây Tựu")},
    [HADONG] = {"HADONG", "quận", "Hà Đông", "1976-01-01", "thị xã", -1, -1, true, true, 9, 1,
                W("Biên Giang", "Đồng Mai", "Yên Nghĩa", "Dương Nội", "Hà Cầu", "La Khê", "Mộ Lao", "Nguyễn Trãi",
                  "Phú La", "Phú Lãm", "Phú Lương", "Kiến Hưng", "Phúc La", "Quang Trung", "Vạn Phúc", "Văn Quán",
                  "Yết Kiêu"),
                W("phường Hà Đông", "phường Dương Nội", "phường Kiến Hưng", "phường Yên Nghĩa")},
    [SONTAY] = {"SONTAY", "thị xã", "Sơn Tây", "1976-01-01", NULL, -1, -1, true, true, 4, 0,
                W("Lê Lợi", "Phú Thịnh", "Ngô Quyền", "Quang Trung", "Sơn Lộc", "Xuân Khanh", "Trung Hưng", "Viên Sơn",
                  "Trung Sơn Trầm"),
                W("phường Sơn Tây", "phường Tùng Thiện")},
    [BAVI] = {"BAVI", "huyện", "Ba Vì", "1976-01-01", NULL, -1, -1, true, false, 5, 0,
              W("Ba Trại", "Ba Vì", "Cẩm Lĩnh", "Cam Thượng", "Châu Sơn", "Chu Minh", "Cổ Đô", "Đông Quang",
                "Đồng Thái", "Khánh Thượng", "Minh Châu", "Minh Quang", "Phong Vân", "Phú Châu", "Phú Cường",
                "Phú Sơn", "Sơn Đà", "Tản Hồng", "Tản Lĩnh", "Thái Hòa", "Thuần Mỹ", "Thụy An", "Tiên Phong",
                "Tòng Bạt", "Vân Hòa", "Vạn Thắng", "Vật Lại", "Yên Bài"),
              W("xã Ba Vì", "xã Quảng Oai", "xã Vật Lại", "xã Cổ Đô")},
    [CHUONGMY] = {"CHUONGMY", "huyện", "Chương Mỹ", "1976-01-01", NULL, -1, -1, true, false, 6, 1,
                  W("Đại Yên", "Đông Phương Yên", "Đông Sơn", "Hòa Chính", "Hoàng Diệu", "Hoàng Văn Thụ", "Hồng Phong",
                    "Hợp Đồng", "Hữu Văn", "Lam Điền", "Mỹ Lương", "Nam Phương Tiến", "Ngọc Hòa", "Phú Nam An",
                    "Phụng Châu", "Quảng Bị", "Tân Tiến", "Thanh Bình", "Thượng Vực", "Thủy Xuân Tiên", "Tiên Phương",
                    "Tốt Động", "Trần Phú", "Trung Hòa", "Trường Yên", "Văn Võ"),
                  W("phường Chương Mỹ", "xã Xuân Mai", "xã Phú Nghĩa", "xã Quảng Bị")},
    [DANPHUONG] = {"DANPHUONG", "huyện", "Đan Phượng", "1976-01-01", NULL, -1, -1, true, false, 4, 0,
                   W("Đan Phượng", "Đồng Tháp", "Hạ Mỗ", "Hồng Hà", "Liên Hà", "Liên Hồng", "Liên Trung",
                     "Phương Đình", "Song Phượng", "Tân Hội", "Tân Lập", "Thọ An", "Thọ Xuân", "Thượng Mỗ",
                     "Trung Châu"),
                   W("xã Đan Phượng", "xã Ô Diên", "xã Liên Minh")},
    [DONGANH] = {"DONGANH", "huyện", "Đông Anh", "1961-06-01", NULL, -1, -1, false, false, 8, 3,
                 W("Bắc Hồng", "Cổ Loa", "Dục Tú", "Đại Mạch", "Đông Hội", "Hải Bối", "Kim Chung", "Kim Nỗ",
                   "Liên Hà", "Mai Lâm", "Nam Hồng", "Nguyên Khê", "Tàm Xá", "Thụy Lâm", "Tiên Dương", "Uy Nỗ",
                   "Vân Hà", "Vân Nội", "Việt Hùng", "Vĩnh Ngọc", "Võng La", "Xuân Canh", "Xuân Nộn"),
                 W("xã Đông Anh", "xã Thư Lâm", "xã Phúc Thịnh", "xã Thiên Lộc")},
    [GIALAM] = {"GIALAM", "huyện", "Gia Lâm", "1961-06-01", NULL, -1, -1, false, false, 6, 2,
                W("Bát Tràng", "Cổ Bi", "Đa Tốn", "Đặng Xá", "Đình Xuyên", "Đông Dư", "Dương Hà", "Dương Quang",
                  "Dương Xá", "Kiêu Kỵ", "Kim Lan", "Kim Sơn", "Lệ Chi", "Ninh Hiệp", "Phù Đổng", "Phú Thị",
                  "Trung Mầu", "Văn Đức", "Yên Thường", "Yên Viên"),
                W("xã Gia Lâm", "xã Thuận An", "xã Bát Tràng", "xã Phù Đổng")},
    [HOAIDUC] = {"HOAIDUC", "huyện", "Hoài Đức", "1976-01-01", NULL, -1, -1, true, false, 5, 1,
                 W("An Khánh", "An Thượng", "Cát Quế", "Đắc Sở", "Di Trạch", "Đông La", "Đức Giang", "Đức Thượng",
                   "Dương Liễu", "Kim Chung", "La Phù", "Lại Yên", "Minh Khai", "Song Phương", "Sơn Đồng", "Tiền Yên",
                   "Vân Canh", "Vân Côn", "Yên Sở"),
                 W("xã Hoài Đức", "xã An Khánh", "xã Sơn Đồng", "xã Dương Hòa")},
    [MELINH] = {"MELINH", "huyện", "Mê Linh", "2008-08-01", NULL, -1, -1, false, false, 5, 3,
                W("Chu Phan", "Đại Thịnh", "Hoàng Kim", "Kim Hoa", "Liên Mạc", "Mê Linh", "Tam Đồng", "Thạch Đà",
                  "Thanh Lâm", "Tiền Phong", "Tiến Thắng", "Tiến Thịnh", "Tráng Việt", "Tự Lập", "Vạn Yên"),
                W("xã Mê Linh", "xã Quang Minh", "xã Yên Lãng", "xã Tiến Thắng")},
    [MYDUC] = {"MYDUC", "huyện", "Mỹ Đức", "1976-01-01", NULL, -1, -1, true, false, 3, 0,
               W("An Mỹ", "An Phú", "An Tiến", "Bột Xuyên", "Đại Hưng", "Đốc Tín", "Đồng Tâm", "Hồng Sơn", "Hợp Thanh",
                 "Hợp Tiến", "Hùng Tiến", "Hương Sơn", "Lê Thanh", "Mỹ Thành", "Phù Lưu Tế", "Phúc Lâm", "Phùng Xá",
                 "Thượng Lâm", "Tuy Lai", "Vạn Kim", "Xuy Xá"),
               W("xã Mỹ Đức", "xã Hương Sơn", "xã Hồng Sơn", "xã Phúc Sơn")},
    [PHUXUYEN] = {"PHUXUYEN", "huyện", "Phú Xuyên", "1976-01-01", NULL, -1, -1, true, false, 4, 2,
                  W("Bạch Hạ", "Châu Can", "Chuyên Mỹ", "Đại Thắng", "Đại Xuyên", "Hoàng Long", "Hồng Minh",
                    "Hồng Thái", "Khai Thái", "Minh Tân", "Nam Phong", "Nam Tiến", "Nam Triều", "Phú Túc", "Phú Yên",
                    "Phúc Tiến", "Phượng Dực", "Quang Lãng", "Quang Trung", "Sơn Hà", "Tân Dân", "Tri Thủy",
                    "Tri Trung", "Văn Hoàng", "Vân Từ"),
                  W("xã Phú Xuyên", "xã Phượng Dực", "xã Chuyên Mỹ", "xã Đại Xuyên")},
    [PHUCTHO] = {"PHUCTHO", "huyện", "Phúc Thọ", "1976-01-01", NULL, -1, -1, true, false, 4, 0,
                 W("Hát Môn", "Hiệp Thuận", "Liên Hiệp", "Long Xuyên", "Ngọc Tảo", "Phúc Hòa", "Phụng Thượng",
                   "Sen Phương", "Tam Hiệp", "Tam Thuấn", "Thanh Đa", "Thọ Lộc", "Thượng Cốc", "Tích Giang",
                   "Trạch Mỹ Lộc", "Vân Hà", "Vân Nam", "Vân Phúc", "Võng Xuyên", "Xuân Đình"),
                 W("xã Phúc Thọ", "xã Phúc Lộc", "xã Hát Môn")},
    [QUOCOAI] = {"QUOCOAI", "huyện", "Quốc Oai", "1976-01-01", NULL, -1, -1, true, false, 4, 1,
                 W("Cấn Hữu", "Cộng Hòa", "Đại Thành", "Đồng Quang", "Đông Xuân", "Đông Yên", "Hòa Thạch",
                   "Liệp Tuyết", "Nghĩa Hương", "Ngọc Liệp", "Ngọc Mỹ", "Phú Cát", "Phú Mãn", "Phượng Cách",
                   "Sài Sơn", "Tân Hòa", "Tân Phú", "Thạch Thán", "Tuyết Nghĩa", "Yên Sơn"),
                 W("xã Quốc Oai", "xã Kiều Phú", "xã Hưng Đạo", "xã Phú Cát")},
    [SOCSON] = {"SOCSON", "huyện", "Sóc Sơn", "1979-01-01", NULL, -1, -1, false, false, 7, 3,
                W("Bắc Phú", "Bắc Sơn", "Đông Xuân", "Đức Hòa", "Hiền Ninh", "Hồng Kỳ", "Kim Lũ", "Mai Đình",
                  "Minh Phú", "Minh Trí", "Nam Sơn", "Phú Cường", "Phù Linh", "Phù Lỗ", "Phú Minh", "Quang Tiến",
                  "Tân Dân", "Tân Hưng", "Tân Minh", "Thanh Xuân", "Tiên Dược", "Trung Giã", "Việt Long",
                  "Xuân Giang", "Xuân Thu"),
                W("xã Sóc Sơn", "xã Đa Phúc", "xã Nội Bài", "xã Trung Giã")},
    [THACHTHAT] = {"THACHTHAT", "huyện", "Thạch Thất", "1976-01-01", NULL, -1, -1, true, false, 5, 2,
                   W("Bình Phú", "Bình Yên", "Cẩm Yên", "Cần Kiệm", "Canh Nậu", "Chàng Sơn", "Đại Đồng", "Dị Nậu",
                     "Đồng Trúc", "Hạ Bằng", "Hương Ngải", "Hữu Bằng", "Kim Quan", "Lại Thượng", "Phú Kim",
                     "Phùng Xá", "Tân Xã", "Thạch Hòa", "Thạch Xá", "Tiến Xuân", "Yên Bình", "Yên Trung"),
                   W("xã Thạch Thất", "xã Hòa Lạc", "xã Tây Phương", "xã Hạ Bằng")},
    [THANHOAI] = {"THANHOAI", "huyện", "Thanh Oai", "1976-01-01", NULL, -1, -1, true, false, 4, 1,
                  W("Bích Hòa", "Bình Minh", "Cao Dương", "Cao Viên", "Cự Khê", "Dân Hòa", "Đỗ Động", "Hồng Dương",
                    "Kim An", "Kim Thư", "Liên Châu", "Mỹ Hưng", "Phương Trung", "Tam Hưng", "Tân Ước", "Thanh Cao",
                    "Thanh Mai", "Thanh Thùy", "Thanh Văn", "Xuân Dương"),
                  W("xã Thanh Oai", "xã Bình Minh", "xã Tam Hưng", "xã Dân Hòa")},
    [THANHTRI] = {"THANHTRI", "huyện", "Thanh Trì", "1961-06-01", NULL, -1, -1, false, false, 6, 2,
                  W("Đại Áng", "Đông Mỹ", "Duyên Hà", "Hữu Hòa", "Liên Ninh", "Ngọc Hồi", "Ngũ Hiệp", "Tả Thanh Oai",
                    "Tam Hiệp", "Tân Triều", "Thanh Liệt", "Tứ Hiệp", "Vạn Phúc", "Vĩnh Quỳnh", "Yên Mỹ"),
                  W("xã Thanh Trì", "xã Ngọc Hồi", "xã Đại Thanh", "xã Nam Phù")},
    [THUONGTIN] = {"THUONGTIN", "huyện", "Thường Tín", "1976-01-01", NULL, -1, -1, true, false, 5, 2,
                   W("Chương Dương", "Dũng Tiến", "Duyên Thái", "Hà Hồi", "Hiền Giang", "Hòa Bình", "Hồng Vân",
                     "Khánh Hà", "Lê Lợi", "Liên Phương", "Minh Cường", "Nghiêm Xuyên", "Nguyễn Trãi", "Nhị Khê",
                     "Ninh Sở", "Quất Động", "Tân Minh", "Thắng Lợi", "Thống Nhất", "Thư Phú", "Tiền Phong",
                     "Tô Hiệu", "Tự Nhiên", "Vạn Điểm", "Văn Bình", "Văn Phú", "Văn Tự", "Vân Tảo"),
                   W("xã Thường Tín", "xã Thượng Phúc", "xã Chương Dương", "xã Hồng Vân")},
    [UNGHOA] = {"UNGHOA", "huyện", "Ứng Hòa", "1976-01-01", NULL, -1, -1, true, false, 3, 0,
                W("Cao Thành", "Đại Cường", "Đại Hùng", "Đội Bình", "Đông Lỗ", "Đồng Tân", "Đồng Tiến", "Hòa Lâm",
                  "Hòa Nam", "Hòa Phú", "Hoa Sơn", "Hòa Xá", "Hồng Quang", "Kim Đường", "Liên Bạt", "Lưu Hoàng",
                  "Minh Đức", "Phù Lưu", "Phương Tú", "Quảng Phú Cầu", "Sơn Công", "Tảo Dương Văn", "Trầm Lộng",
                  "Trung Tú", "Trường Thịnh", "Vạn Thái", "Viên An", "Viên Nội"),
                W("xã Vân Đình", "xã Ứng Hòa", "xã Ứng Thiên", "xã Hòa Xá")},
    /* Split into Nam Từ Liêm and Bắc Từ Liêm on 01/04/2014; earlier it also gave
     * up the areas of Tây Hồ, Cầu Giấy and part of Thanh Xuân. */
    [TULIEM] = {"TULIEM", "huyện", "Từ Liêm", "1961-06-01", NULL, -1, -1, false, false, 0, 0, W("Từ Liêm"),
                W("phường Từ Liêm")},
};

/* Renames of district federations: kind words changing with the town's status. */
static const struct {
    int district;
    const char *date, *kind, *decision;
} district_renames[] = {
    {BADINH, "1981-01-01", "quận", "12/QĐ-LĐLĐ"},    {HOANKIEM, "1981-01-01", "quận", "13/QĐ-LĐLĐ"},
    {DONGDA, "1981-01-01", "quận", "14/QĐ-LĐLĐ"},    {HAIBATRUNG, "1981-01-01", "quận", "15/QĐ-LĐLĐ"},
    {SONTAY, "2006-08-02", "thành phố", "311/QĐ-LĐLĐ"}, {HADONG, "2006-12-27", "thành phố", "402/QĐ-LĐLĐ"},
    {HADONG, "2009-05-08", "quận", "188/QĐ-LĐLĐ"},   {SONTAY, "2009-05-08", "thị xã", "189/QĐ-LĐLĐ"},
};

/* ---- names ------------------------------------------------------------------------------- */

typedef struct {
    const char *s;
    uint32_t w;
} wstr_t;

static const wstr_t family_names[] = {
    {"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 45}, {"Huỳnh", 4}, {"Phan", 40},
    {"Vũ", 39},      {"Võ", 5},     {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 16},   {"Hồ", 10},  {"Ngô", 13},
    {"Dương", 10},   {"Lý", 5},     {"Đinh", 10}, {"Đào", 10}, {"Trịnh", 10}, {"Mai", 6}, {"Cao", 6},
    {"Lương", 5},    {"Đoàn", 6},   {"Tạ", 4},    {"Chu", 4},  {"Kiều", 4},  {"Phùng", 5}, {"Hà", 6},
    {"Lưu", 4},      {"Tô", 3},     {"Nghiêm", 2}, {"Khúc", 2}, {"Lại", 2},  {"Vương", 2}, {"Triệu", 2},
    {"Quách", 1},    {"Tăng", 1},   {"Thái", 1},
};

static const char *const male_middle[] = {
    "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "Mạnh", "Tiến", "Công", "Trọng", "Anh", "Hoàng",
    "Duy", "Thế", "Việt", "Đình", "Bá", "Huy", "Trung", "Tuấn", "Hải", "Thành", "Quốc", "Khắc", "Kim", "Văn",
};
static const char *const female_middle[] = {
    "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Thúy", "Kim", "Hải", "Mai", "Bích", "Diệu",
    "Khánh", "Lan", "Quỳnh", "Bảo", "Hoài", "Thùy", "Hà", "Thảo", "Tuyết", "Vân", "Mỹ", "Thị",
};
static const char *const male_given[] = {
    "Anh", "Bình", "Cường", "Dũng", "Duy", "Dương", "Đạt", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiệp",
    "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khải", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lợi",
    "Mạnh", "Minh", "Nam", "Nghĩa", "Ngọc", "Nhân", "Phong", "Phú", "Phúc", "Phương", "Quân", "Quang",
    "Quốc", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thanh", "Thiện", "Thịnh", "Toàn", "Trung", "Trường",
    "Tú", "Tuấn", "Tùng", "Vinh", "Việt", "Vũ", "Hậu", "Chiến", "Công", "Hiển", "Lực", "Tiến", "Tín", "Hưởng",
};
static const char *const female_given[] = {
    "Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa",
    "Hồng", "Huệ", "Huyền", "Hương", "Hường", "Lan", "Liên", "Liễu", "Linh", "Loan", "Ly", "Mai", "Minh",
    "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo",
    "Thanh", "Thắm", "Thơ", "Thu", "Thủy", "Thúy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Yến", "Hậu",
    "Hiên", "Hảo", "Lệ", "Diệp", "Xuân",
};

/* Province codes of the CCCD with weights: Hà Nội first, then where many of
 * its workers come from. */
static const wstr_t provinces[] = {
    {"001", 600}, {"034", 45}, {"036", 45}, {"035", 30}, {"033", 35}, {"030", 35}, {"038", 50},
    {"040", 40},  {"027", 25}, {"026", 25}, {"025", 30}, {"037", 25}, {"017", 15}, {"024", 20},
    {"042", 15},  {"031", 15}, {"022", 10}, {"019", 15},
};
#define N_PROVINCES (sizeof provinces / sizeof provinces[0])

static const char *const phone_prefixes[] = {
    "90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "32", "33", "34", "35",
    "36", "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83", "84", "85",
};

static const char *const mn_names[] = {
    "Hoa Sen", "Hoa Mai", "Họa Mi", "Sơn Ca", "Bình Minh", "Ánh Sao", "Tuổi Thơ", "Hoa Hồng", "Hoa Sữa",
    "Búp Sen Xanh", "Măng Non", "Hoa Thủy Tiên", "Tuổi Hoa", "Ánh Dương", "Hoa Ban", "Chim Non", "Thỏ Ngọc",
};
static const char *const th_names[] = {
    "Kim Đồng", "Nguyễn Du", "Lê Ngọc Hân", "Trưng Vương", "Đoàn Thị Điểm", "Võ Thị Sáu", "Nguyễn Bá Ngọc",
    "Lý Tự Trọng", "Lê Văn Tám", "Ngô Quyền", "Trần Quốc Toản", "Điện Biên", "Thăng Long", "Hoàng Diệu",
    "Tô Hiến Thành", "Nguyễn Siêu",
};
static const char *const thcs_names[] = {
    "Nguyễn Trãi", "Lê Quý Đôn", "Chu Văn An", "Trưng Vương", "Ngô Sĩ Liên", "Phan Chu Trinh", "Lý Thường Kiệt",
    "Trần Phú", "Nguyễn Tri Phương", "Thăng Long", "Tô Hoàng", "Ngô Gia Tự", "Lê Lợi", "Quang Trung",
    "Hoàng Hoa Thám", "Phan Huy Chú", "Nguyễn Huệ", "Lương Thế Vinh", "Trần Đăng Ninh",
};
static const char *const thpt_names[] = {
    "Chu Văn An", "Phan Đình Phùng", "Việt Đức", "Kim Liên", "Yên Hòa", "Trần Phú - Hoàn Kiếm",
    "Nguyễn Trãi - Ba Đình", "Lê Quý Đôn - Hà Đông", "Thăng Long", "Quang Trung - Đống Đa", "Cầu Giấy",
    "Đông Anh", "Sơn Tây", "Ba Vì", "Chương Mỹ A", "Ngọc Hồi", "Gia Lâm", "Sóc Sơn", "Mê Linh", "Thường Tín",
};
static const char *const hospital_names[] = {
    "Bệnh viện Đa khoa Xanh Pôn", "Bệnh viện Thanh Nhàn", "Bệnh viện Đa khoa Đức Giang", "Bệnh viện Đống Đa",
    "Bệnh viện Tim Hà Nội", "Bệnh viện Phụ sản Hà Nội", "Bệnh viện Đa khoa Hà Đông", "Bệnh viện Nhi Hà Nội",
    "Bệnh viện Ung bướu Hà Nội", "Bệnh viện Bắc Thăng Long", "Bệnh viện Đa khoa Sơn Tây",
    "Bệnh viện Đa khoa Đông Anh",
};
static const char *const fdi_brands[] = {
    "Canon", "Panasonic", "Denso", "TOTO", "Yamaha Motor", "Sumitomo Electric", "Nidec", "Brother", "Hoya",
    "Kyocera", "Ricoh", "Daiwa Plastics", "Mitsuba", "Yokohama", "Meiko", "Nissei", "Molex", "Terumo",
    "Furukawa", "Fujikura", "Stanley Electric", "Tokyo Micro", "Seiyo", "Kanepackage", "Ohara", "Toyo Ink",
    "Kyoei", "Hanwha", "Hyosung", "Shinsung", "Doosan", "Foster", "Orion", "Sanko", "Nippon Paint",
    "Ajinomoto", "Acecook", "Mabuchi Motor", "Kokuyo", "Shiseido",
};
static const char *const fdi_variants[] = {"", " Electronics", " Precision", " Components", " Manufacturing",
                                           " Industrial", " Technology"};
static const char *const brand_syllables[] = {
    "An", "Bảo", "Bình", "Cát", "Đại", "Đăng", "Đông", "Đức", "Gia", "Hà", "Hải", "Hòa", "Hoàng", "Hồng",
    "Hưng", "Khang", "Kim", "Lâm", "Long", "Lộc", "Minh", "Nam", "Ngọc", "Nhật", "Phát", "Phú", "Phúc",
    "Phương", "Quang", "Sơn", "Tài", "Tân", "Thái", "Thành", "Thiên", "Thịnh", "Tiến", "Trường", "Việt",
    "Vinh", "Vĩnh", "Xuân",
};
static const struct {
    const char *s;
    uint16_t female_pm;
} businesses[] = {
    {"Xây dựng", 150}, {"May", 850}, {"May mặc", 850}, {"Thương mại và Dịch vụ", 500},
    {"Đầu tư và Phát triển", 400}, {"Công nghệ", 300}, {"Vận tải", 150}, {"Cơ khí", 100},
    {"Thực phẩm", 600}, {"Dược phẩm", 600}, {"In", 400}, {"Bao bì", 500}, {"Nhựa", 450},
    {"Điện tử", 700}, {"Du lịch", 550}, {"Bất động sản", 400}, {"Tư vấn Thiết kế", 350},
    {"Giày da", 800}, {"Thiết bị điện", 300}, {"Dịch vụ Bảo vệ", 100},
};
static const char *const dnnn_activities[] = {
    "Môi trường đô thị", "Công viên cây xanh", "Nước sạch", "Đầu tư phát triển Thủy lợi",
    "Quản lý và Phát triển nhà", "Dịch vụ công ích", "Xây dựng và Phát triển hạ tầng", "Vận tải hành khách",
    "Thương mại", "Chiếu sáng đô thị", "Cơ khí", "Giống cây trồng", "Xuất nhập khẩu", "In và Phát hành sách",
};
static const char *const htx_kinds[] = {
    "Nông nghiệp", "Dịch vụ Nông nghiệp", "Dịch vụ Điện năng", "Rau an toàn", "Chăn nuôi", "Vận tải",
    "Thủ công mỹ nghệ", "Môi trường", "Thương mại và Dịch vụ",
};
static const char *const nd_kinds[] = {
    "Lao động tự do", "Xe ôm", "Bốc xếp", "Xây dựng", "Nghề mộc", "Thợ may", "Kinh doanh dịch vụ",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), (uint32_t)N(a))])

static const char *pick_weighted(rng_t *r, const wstr_t *t, size_t n)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += t[i].w;
    uint32_t x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < t[i].w)
            return t[i].s;
        x -= t[i].w;
    }
    return t[0].s;
}

/* A full name for GENDER ('M'/'F') born in BIRTH_YEAR into OUT. */
static void make_name(rng_t *r, char gender, int birth_year, char *out, size_t n)
{
    const char *family = pick_weighted(r, family_names, N(family_names));
    bool older = birth_year < 1985;
    const char *mid1, *mid2 = NULL, *given;
    if (gender == 'F') {
        given = PICK(r, female_given);
        mid1 = rng_pm(r, older ? 600 : 280) ? "Thị" : PICK(r, female_middle);
        if (strcmp(mid1, "Thị") == 0 && rng_pm(r, 300))
            mid2 = PICK(r, female_middle);
    } else {
        given = PICK(r, male_given);
        mid1 = rng_pm(r, older ? 450 : 180) ? "Văn" : PICK(r, male_middle);
        if (rng_pm(r, 40))
            mid2 = PICK(r, male_middle);
    }
    if (mid2 && (strcmp(mid2, mid1) == 0 || strcmp(mid2, "Thị") == 0 || strcmp(mid2, "Văn") == 0))
        mid2 = NULL;
    if (strcmp(mid1, given) == 0 || (mid2 && strcmp(mid2, given) == 0)) {
        mid1 = gender == 'F' ? "Thị" : "Văn";
        mid2 = NULL;
    }
    if (snprintf(out, n, "%s %s%s%s %s", family, mid1, mid2 ? " " : "", mid2 ? mid2 : "", given) < 0)
        out[0] = '\0';
}

/* ---- unit types -------------------------------------------------------------------------- */

typedef enum {
    T_ROOT, T_CITY, T_PROV, T_SECTOR, T_DIST, T_XA,
    /* grassroots under the districts */
    T_MN, T_TH, T_THCS, T_TYT, T_TTYT, T_UB, T_CQ, T_DNNN, T_NNN, T_FDI, T_HTX, T_ND,
    /* grassroots under the city's sector unions */
    T_THPT, T_BV, T_KFDI,
    T__COUNT
} utype_t;

typedef struct {
    const char *tag;     /* in codes */
    const char *kind, *sector;
    bool school;
    uint32_t weight;     /* people share */
    uint16_t female_pm;
    const char *doc;     /* rating decisions: "QĐ-<doc>" */
    /* positions: the head, the deputy, then the others with weights */
    const char *head, *deputy;
    const char *const *jobs;
    const uint8_t *job_w;
    uint8_t direct_mask;  /* bit i: jobs[i] is direct production work */
    uint8_t manager_mask; /* bit i: jobs[i] is a manager */
} utype_info_t;

static const char *const jobs_school[] = {"Giáo viên", "Nhân viên văn phòng", "Kế toán", "Nhân viên y tế trường học",
                                          "Bảo vệ", "Tổ trưởng chuyên môn", NULL};
static const uint8_t w_school[] = {80, 5, 3, 3, 3, 6};
static const char *const jobs_mn[] = {"Giáo viên", "Nhân viên nuôi dưỡng", "Kế toán", "Bảo vệ", "Tổ trưởng chuyên môn",
                                      NULL};
static const uint8_t w_mn[] = {70, 15, 4, 4, 7};
static const char *const jobs_health[] = {"Bác sĩ", "Điều dưỡng", "Y sĩ", "Nữ hộ sinh", "Dược sĩ", "Kỹ thuật viên",
                                          "Nhân viên hành chính", "Trưởng khoa", NULL};
static const uint8_t w_health[] = {25, 35, 10, 6, 6, 8, 7, 3};
static const char *const jobs_ub[] = {"Công chức Văn phòng – Thống kê", "Công chức Địa chính – Xây dựng",
                                      "Công chức Tư pháp – Hộ tịch", "Công chức Tài chính – Kế toán",
                                      "Công chức Văn hóa – Xã hội", "Chỉ huy trưởng Quân sự", "Nhân viên hợp đồng",
                                      NULL};
static const uint8_t w_ub[] = {20, 20, 15, 15, 15, 5, 10};
static const char *const jobs_cq[] = {"Chuyên viên", "Nhân viên", "Phó Trưởng phòng", "Trưởng phòng", "Lái xe",
                                      NULL};
static const uint8_t w_cq[] = {60, 15, 12, 6, 7};
static const char *const jobs_firm[] = {"Công nhân", "Tổ trưởng sản xuất", "Kỹ sư", "Kỹ thuật viên",
                                        "Nhân viên kinh doanh", "Kế toán", "Nhân viên văn phòng", "Trưởng phòng",
                                        NULL};
static const uint8_t w_firm[] = {55, 6, 9, 8, 8, 4, 7, 3};
static const char *const jobs_htx[] = {"Thành viên hợp tác xã", "Kế toán", "Tổ trưởng sản xuất", NULL};
static const uint8_t w_htx[] = {85, 5, 10};
static const char *const jobs_nd[] = {"Lao động tự do", "Thợ thủ công", "Lái xe", NULL};
static const uint8_t w_nd[] = {60, 25, 15};

static const utype_info_t utypes[T__COUNT] = {
    [T_ROOT] = {"", "TLD", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_CITY] = {"", "LDLD_TINH", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_PROV] = {"", "LDLD_TINH", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_SECTOR] = {"", "CD_NGANH_DP", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_DIST] = {"", "LDLD_HUYEN", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_XA] = {"", "CD_XA", NULL, false, 0, 0, "", NULL, NULL, NULL, NULL, 0, 0},
    [T_MN] = {"MN", "CDCS", "HCSN", true, 30, 970, "MN", "Hiệu trưởng", "Phó Hiệu trưởng", jobs_mn, w_mn, 0, 0},
    [T_TH] = {"TH", "CDCS", "HCSN", true, 45, 850, "TH", "Hiệu trưởng", "Phó Hiệu trưởng", jobs_school, w_school,
              0, 0},
    [T_THCS] = {"THCS", "CDCS", "HCSN", true, 42, 760, "THCS", "Hiệu trưởng", "Phó Hiệu trưởng", jobs_school,
                w_school, 0, 0},
    [T_TYT] = {"TYT", "CDCS", "HCSN", false, 10, 700, "TYT", "Trạm trưởng", "Phó Trạm trưởng", jobs_health, w_health,
               0, 0x80},
    [T_TTYT] = {"TTYT", "CDCS", "HCSN", false, 80, 680, "TTYT", "Giám đốc", "Phó Giám đốc", jobs_health, w_health, 0,
                0x80},
    [T_UB] = {"UB", "CDCS", "HCSN", false, 25, 480, "UBND", "Chủ tịch Ủy ban nhân dân",
              "Phó Chủ tịch Ủy ban nhân dân", jobs_ub, w_ub, 0, 0},
    [T_CQ] = {"CQ", "CDCS", "HCSN", false, 45, 520, "VP", "Chánh Văn phòng", "Phó Chánh Văn phòng", jobs_cq, w_cq,
              0x10, 0x0C},
    [T_DNNN] = {"DNNN", "CDCS", "DNNN", false, 110, 350, "CT", "Giám đốc", "Phó Giám đốc", jobs_firm, w_firm, 0x03,
                0x80},
    [T_NNN] = {"CP", "CDCS", "NNN", false, 50, 450, "CT", "Giám đốc", "Phó Giám đốc", jobs_firm, w_firm, 0x03, 0x80},
    [T_FDI] = {"FDI", "CDCS", "FDI", false, 320, 720, "CT", "Tổng Giám đốc", "Phó Tổng Giám đốc", jobs_firm, w_firm,
               0x03, 0x80},
    [T_HTX] = {"HTX", "CDCS", "HTX", false, 15, 400, "HTX", "Giám đốc hợp tác xã", "Phó Giám đốc hợp tác xã", jobs_htx,
               w_htx, 0x05, 0},
    [T_ND] = {"ND", "NGHIEP_DOAN", "KHAC", false, 30, 300, "NĐ", "Chủ tịch Nghiệp đoàn", "Phó Chủ tịch Nghiệp đoàn",
              jobs_nd, w_nd, 0x07, 0},
    [T_THPT] = {"THPT", "CDCS", "HCSN", true, 80, 700, "THPT", "Hiệu trưởng", "Phó Hiệu trưởng", jobs_school,
                w_school, 0, 0},
    [T_BV] = {"BV", "CDCS", "HCSN", false, 300, 680, "BV", "Giám đốc", "Phó Giám đốc", jobs_health, w_health, 0,
              0x80},
    [T_KFDI] = {"FDI", "CDCS", "FDI", false, 600, 740, "CT", "Tổng Giám đốc", "Phó Tổng Giám đốc", jobs_firm, w_firm,
                0x03, 0x80},
};

/* Share of grassroots types drawn for a district (urban, rural); FDI gets
 * 3 more per industry point. */
static const uint8_t mix_urban[T__COUNT] = {[T_MN] = 10, [T_TH] = 8, [T_THCS] = 6, [T_TYT] = 3, [T_UB] = 8,
                                            [T_DNNN] = 5, [T_NNN] = 32, [T_FDI] = 1, [T_HTX] = 1, [T_ND] = 3};
static const uint8_t mix_rural[T__COUNT] = {[T_MN] = 10, [T_TH] = 9, [T_THCS] = 8, [T_TYT] = 6, [T_UB] = 12,
                                            [T_DNNN] = 4, [T_NNN] = 16, [T_FDI] = 1, [T_HTX] = 9, [T_ND] = 4};

/* ---- the plan ---------------------------------------------------------------------------- */

typedef struct {
    char code[40];
    char *name;        /* name at founding (heap) */
    char *short_name;  /* may be NULL */
    char *address;     /* may be NULL */
    char *decision;    /* of its founding, may be NULL */
    int64_t id;
    utype_t type;
    int district;      /* district it belongs to at the end (-1: none) */
    int parent;        /* unit it is created under */
    int32_t from;      /* founding day */
    int32_t to;        /* dissolution day, 0 while it exists */
    uint32_t weight;   /* people share */
    uint32_t people;   /* people allocated */
    uint16_t female_pm;
    bool big;          /* large enterprise: goes to the city federation in 2025 */
    int final_unit;    /* 2025 parent index; -1 dissolved; -2 no change */
} unit_rec_t;

typedef enum { EV_RENAME, EV_TRANSFER, EV_MERGE, EV_DISSOLVE } ev_kind_t;

typedef struct {
    int32_t day;
    int prio, seq;
    ev_kind_t kind;
    int unit, other;
    char *name, *short_name; /* renames (heap) */
    char decision[40];
} event_t;

typedef struct {
    const char *name;
    int64_t people;
    int per_district, thpt, bv, kfdi;
} scale_t;

static const scale_t scales[] = {
    {"small", 5000, 12, 6, 4, 4},
    {"medium", 1000000, 400, 20, 12, 15},
    {"large", 10000000, 1000, 20, 12, 15},
};

typedef struct {
    ctx_t c;
    uint64_t seed;
    const scale_t *sc;
    rng_t r;
    unit_rec_t *u;
    size_t nu, capu;
    event_t *ev;
    size_t nev, capev;
    strset_t names;
    int root, hn, hatay, gd, yt, kcn;
    int dist[N_DISTRICTS_ALL];
    int xa_first[N_DISTRICTS_ALL], xa_n[N_DISTRICTS_ALL];
    char split_dec[N_DISTRICTS_ALL][40]; /* the decision giving each new district its unions */
    int *grass;           /* indices of units that get people */
    size_t ngrass;
    uint32_t *cccd_next;  /* per (province, century and gender, 2-digit year) */
    uint32_t dec_next;    /* decision numbers of 2025 */
    int64_t writes;       /* core writes since the arena was renewed */
    /* counts for the summary */
    int batch_writes; /* writes in the open batch (unions, in the movements) */
    bool people;      /* the people are being written: batches in bulk mode */
    person_bulk_t bk; /* the open batch's bulk mode (person_bulk.h) */
    demo_life_t life; /* what demo_movements wrote */
    double t[4];      /* start, organisation, people, movements done */
    int64_t n_people, n_dups, n_ratings, n_moves, n_pmoves, n_ended, n_accounts, n_grassroots, n_xa;
    int64_t n_renames, n_transfers, n_dissolved, n_groups;
    bool no_people;       /* --no-people: the organisation and movements only */
    const char *failed;   /* what was being done when a core call failed */
} demo_t;

static int add_unit(demo_t *d, utype_t type, int parent, int district, int32_t from, const char *code, char *name)
{
    if (!name)
        return -1;
    if (d->nu == d->capu) {
        size_t cap = d->capu ? d->capu * 2 : 1024;
        unit_rec_t *u = xrealloc(d->u, cap * sizeof *u);
        if (!u) {
            xfree(name);
            return -1;
        }
        d->u = u;
        d->capu = cap;
    }
    unit_rec_t *x = &d->u[d->nu];
    *x = (unit_rec_t){.name = name, .type = type, .district = district, .parent = parent, .from = from,
                      .final_unit = -2, .female_pm = utypes[type].female_pm};
    if (snprintf(x->code, sizeof x->code, "%s", code) < 0)
        x->code[0] = '\0';
    return (int)d->nu++;
}

static event_t *add_event(demo_t *d, int32_t day, int prio, ev_kind_t kind, int unit, int other, const char *decision)
{
    if (d->nev == d->capev) {
        size_t cap = d->capev ? d->capev * 2 : 1024;
        event_t *e = xrealloc(d->ev, cap * sizeof *e);
        if (!e)
            return NULL;
        d->ev = e;
        d->capev = cap;
    }
    event_t *e = &d->ev[d->nev];
    *e = (event_t){.day = day, .prio = prio, .seq = (int)d->nev, .kind = kind, .unit = unit, .other = other};
    if (snprintf(e->decision, sizeof e->decision, "%s", decision ? decision : "") < 0)
        e->decision[0] = '\0';
    d->nev++;
    return e;
}

/* A decision of the city federation numbered N. */
static void decision(char *out, size_t n, uint32_t no, const char *issuer)
{
    if (snprintf(out, n, "%" PRIu32 "/QĐ-%s", no, issuer) < 0)
        out[0] = '\0';
}

/* Upper-case ASCII slug of NAME ("phường Ô Chợ Dừa" -> "OCHODUA" after the first word). */
static void slug(demo_t *d, const char *name, char *out, size_t n)
{
    const char *f = text_fold(d->c.arena, name);
    size_t j = 0;
    for (; f && *f && j + 1 < n; f++) {
        if (*f >= 'a' && *f <= 'z')
            out[j++] = (char)(*f - 'a' + 'A');
        else if (*f >= '0' && *f <= '9')
            out[j++] = *f;
    }
    out[j] = '\0';
}

/* "Liên đoàn Lao động quận Ba Đình" for district I with kind word KIND. */
static char *district_name(int i, const char *kind)
{
    return xprintf("Liên đoàn Lao động %s %s", kind, districts[i].name);
}

static char *district_short(int i, const char *kind)
{
    return xprintf("LĐLĐ %s %s", kind, districts[i].name);
}

/* "phường" or "xã" for the wards of district I. */
static const char *ward_word(int i) { return districts[i].urban ? "phường" : "xã"; }

static size_t count_list(const char *const *l)
{
    size_t n = 0;
    while (l[n])
        n++;
    return n;
}

/* Registers NAME as used (per district when SCOPE >= 0, city-wide otherwise):
 * 1 when it was free. */
static int claim(demo_t *d, int scope, const char *name)
{
    char key[512];
    if (snprintf(key, sizeof key, "%d|%s", scope, name) >= (int)sizeof key)
        return 0;
    return strset_add(&d->names, key);
}

/* A free name: tries GEN up to 40 times, then numbers the last attempt. */
typedef char *(*namegen_t)(demo_t *d, rng_t *r, int district, void *arg);

static char *free_name(demo_t *d, rng_t *r, int scope, int district, namegen_t gen, void *arg)
{
    char *name = NULL;
    for (int i = 0; i < 40; i++) {
        xfree(name);
        if (!(name = gen(d, r, district, arg)))
            return NULL;
        int k = claim(d, scope, name);
        if (k < 0) {
            xfree(name);
            return NULL;
        }
        if (k)
            return name;
    }
    for (int n = 2;; n++) {
        char *numbered = xprintf("%s số %d", name, n);
        int k = numbered ? claim(d, scope, numbered) : -1;
        if (k != 0) {
            xfree(name);
            if (k < 0)
                xfree(numbered);
            return k < 0 ? NULL : numbered;
        }
        xfree(numbered);
    }
}

static const char *ward_of(rng_t *r, int district)
{
    const char *const *w = districts[district].wards;
    return w[rng_below(r, (uint32_t)count_list(w))];
}

static char *gen_school(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    utype_t t = *(utype_t *)arg;
    const char *level = t == T_MN ? "Mầm non" : t == T_TH ? "Tiểu học" : "THCS";
    const char *place = ward_of(r, district);
    if (rng_pm(r, 400))
        place = t == T_MN ? PICK(r, mn_names) : t == T_TH ? PICK(r, th_names) : PICK(r, thcs_names);
    return xprintf("Công đoàn Trường %s %s", level, place);
}

static const char *const ward_bodies[] = {"Công đoàn Trạm Y tế", "Công đoàn cơ sở Ủy ban nhân dân"};

static char *gen_ward_body(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    return xprintf("%s %s %s", ward_bodies[*(int *)arg], ward_word(district), ward_of(r, district));
}

static void brand(rng_t *r, char *out, size_t n)
{
    const char *a = PICK(r, brand_syllables), *b;
    do
        b = PICK(r, brand_syllables);
    while (b == a);
    if (snprintf(out, n, "%s %s", a, b) < 0)
        out[0] = '\0';
}

static char *gen_dnnn(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    (void)arg;
    char b[64];
    brand(r, b, sizeof b);
    return xprintf("Công đoàn Công ty TNHH MTV %s %s", PICK(r, dnnn_activities),
                   rng_pm(r, 500) ? districts[district].name : b);
}

static char *gen_nnn(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    (void)district;
    int *business = arg;
    char b[64];
    brand(r, b, sizeof b);
    *business = (int)rng_below(r, (uint32_t)N(businesses));
    return xprintf("Công đoàn Công ty %s %s %s", rng_pm(r, 550) ? "Cổ phần" : "TNHH", businesses[*business].s, b);
}

static char *gen_fdi(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    (void)district;
    (void)arg;
    return xprintf("Công đoàn Công ty TNHH %s%s Việt Nam", PICK(r, fdi_brands), PICK(r, fdi_variants));
}

static char *gen_htx(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    (void)arg;
    return xprintf("Công đoàn Hợp tác xã %s %s", PICK(r, htx_kinds), ward_of(r, district));
}

static char *gen_nd(demo_t *d, rng_t *r, int district, void *arg)
{
    (void)d;
    (void)arg;
    return xprintf("Nghiệp đoàn %s %s %s", PICK(r, nd_kinds), ward_word(district), ward_of(r, district));
}

/* Weight factor of an organisation's size: mostly 0.5-2, sometimes large. */
static uint32_t size_factor(rng_t *r, utype_t t, bool *big)
{
    uint32_t f = 50 + rng_below(r, 151); /* percent */
    bool firm = t == T_DNNN || t == T_NNN || t == T_FDI;
    if (firm && rng_pm(r, 150))
        f = 250 + rng_below(r, 600);
    *big = firm && f >= 250;
    return f;
}

/* The kind word of district I on DAY ("khu phố" before 1981, "thị xã" …). */
static const char *kind_on(int i, int32_t day)
{
    const char *kind = districts[i].first_kind ? districts[i].first_kind : districts[i].kind;
    for (size_t k = 0; k < N(district_renames); k++)
        if (district_renames[k].district == i && day_of(district_renames[k].date) <= day)
            kind = district_renames[k].kind;
    return kind;
}

/* Unit K, an agency of district I ("Trung tâm Y tế" …), is renamed with it. */
static int follow_renames(demo_t *d, int k, int i, const char *what)
{
    for (size_t j = 0; j < N(district_renames); j++) {
        if (district_renames[j].district != i || day_of(district_renames[j].date) <= d->u[k].from)
            continue;
        event_t *e = add_event(d, day_of(district_renames[j].date), 1, EV_RENAME, k, -1, district_renames[j].decision);
        if (!e || !(e->name = xprintf("Công đoàn %s %s %s", what, district_renames[j].kind, districts[i].name)))
            return -1;
        d->n_renames++;
    }
    return 0;
}

/* One grassroots union of type T in district I. */
static int plan_grassroots(demo_t *d, rng_t *r, int i, utype_t t, int seq)
{
    const district_t *dd = &districts[i];
    int32_t dfrom = day_of(dd->from), earliest = day_of("1980-01-01"), latest = day_of("2022-12-31");
    int32_t from;
    if (t == T_TTYT || t == T_CQ)
        from = rng_day(r, (dfrom > earliest ? dfrom : earliest) + 30, (dfrom > earliest ? dfrom : earliest) + 400);
    else if (dd->origin < 0 && dfrom >= earliest)
        from = rng_day(r, dfrom + 30, latest);
    else
        from = rng_day(r, earliest, latest);
    char *name = NULL;
    int business = -1, body = t == T_UB;
    const char *agency = t == T_TTYT ? "Trung tâm Y tế" : seq == 0 ? "Cơ quan Hành chính" : "Cơ quan Dân Đảng";
    switch (t) {
    case T_MN:
    case T_TH:
    case T_THCS:
        name = free_name(d, r, i, i, gen_school, &t);
        break;
    case T_TYT:
    case T_UB:
        name = free_name(d, r, i, i, gen_ward_body, &body);
        break;
    case T_TTYT:
    case T_CQ:
        name = xprintf("Công đoàn %s %s %s", agency, kind_on(i, from), dd->name);
        break;
    case T_DNNN:
        name = free_name(d, r, -1, i, gen_dnnn, NULL);
        break;
    case T_NNN:
        name = free_name(d, r, -1, i, gen_nnn, &business);
        break;
    case T_FDI:
        name = free_name(d, r, -1, i, gen_fdi, NULL);
        break;
    case T_HTX:
        name = free_name(d, r, i, i, gen_htx, NULL);
        break;
    case T_ND:
        name = free_name(d, r, i, i, gen_nd, NULL);
        break;
    default:
        return -1;
    }
    char code[40];
    if (snprintf(code, sizeof code, "HN-%s-%s%03d", dd->slug, utypes[t].tag, seq + 1) >= (int)sizeof code)
        return -1;
    /* Founded before its district existed: under the district it came from. */
    int parent = d->dist[i];
    if (from == dfrom)
        from++;
    if (from < dfrom) {
        int o = dd->origin2 >= 0 && rng_pm(r, 400) ? dd->origin2 : dd->origin;
        parent = d->dist[o >= 0 ? o : i];
        if (o < 0)
            from = dfrom + 1 + (int32_t)rng_below(r, 365);
    }
    int k = add_unit(d, t, parent, i, from, code, name);
    if (k < 0)
        return -1;
    unit_rec_t *x = &d->u[k];
    x->weight = utypes[t].weight * size_factor(r, t, &x->big);
    if (business >= 0)
        x->female_pm = businesses[business].female_pm;
    x->address = xprintf("%s %s, %s %s, Hà Nội", ward_word(i), ward_of(r, i), dd->kind, dd->name);
    char dec[40];
    decision(dec, sizeof dec, 1 + rng_below(r, 480), "LĐLĐ");
    x->decision = xstrdup(dec);
    if (!x->address || !x->decision)
        return -1;
    if ((t == T_TTYT || t == T_CQ) && follow_renames(d, k, i, agency) != 0)
        return -1;
    /* The transfer to its own district when that district was founded. */
    if (parent != d->dist[i] && !add_event(d, dfrom, 2, EV_TRANSFER, k, d->dist[i], d->split_dec[i]))
        return -1;
    return k;
}

/* Equitisation of a state company, or a private company becoming a joint-stock one. */
static int plan_rename(demo_t *d, rng_t *r, int k)
{
    unit_rec_t *x = &d->u[k];
    const char *from_prefix = x->type == T_DNNN ? "Công đoàn Công ty TNHH MTV " : "Công đoàn Công ty TNHH ";
    size_t n = strlen(from_prefix);
    if (strncmp(x->name, from_prefix, n) != 0)
        return 0;
    int32_t a = x->from + 3 * 365, lo = day_of(x->type == T_DNNN ? "2005-01-01" : "2008-01-01"), hi = day_of("2019-12-31");
    if (a < lo)
        a = lo;
    if (a > hi)
        return 0;
    char *name = xprintf("Công đoàn Công ty Cổ phần %s", x->name + n);
    if (!name)
        return -1;
    int k2 = claim(d, -1, name);
    if (k2 <= 0) {
        xfree(name);
        return k2;
    }
    char dec[40];
    decision(dec, sizeof dec, 1 + rng_below(r, 480), "LĐLĐ");
    event_t *e = add_event(d, rng_day(r, a, hi), 1, EV_RENAME, k, -1, dec);
    if (!e) {
        xfree(name);
        return -1;
    }
    e->name = name;
    d->n_renames++;
    return 0;
}

/* An enterprise moving its seat to another district between 2009 and 2024. */
static int plan_move(demo_t *d, rng_t *r, int k)
{
    unit_rec_t *x = &d->u[k];
    int32_t lo = x->from + 2 * 365, hi = day_of("2024-12-31");
    if (lo < day_of("2009-01-01"))
        lo = day_of("2009-01-01");
    if (lo > hi)
        return 0;
    int32_t day = rng_day(r, lo, hi);
    int to = -1;
    for (int tries = 0; tries < 8 && to < 0; tries++) {
        to = (int)rng_below(r, N_DISTRICTS);
        if (to == x->district || day_of(districts[to].from) >= day)
            to = -1;
    }
    if (to < 0)
        return 0;
    char dec[40];
    decision(dec, sizeof dec, 1 + rng_below(r, 480), "LĐLĐ");
    if (!add_event(d, day, 2, EV_TRANSFER, k, d->dist[to], dec))
        return -1;
    x->district = to;
    d->n_moves++;
    return 0;
}

static int plan_units(demo_t *d)
{
    rng_t *r = &d->r;
    /* The city federation, Hà Tây (Hà Sơn Bình until 1991) and the sector unions. */
    d->hn = add_unit(d, T_CITY, d->root, -1, day_of("1955-01-01"), "HN", xstrdup("Liên đoàn Lao động thành phố Hà Nội"));
    d->hatay = add_unit(d, T_PROV, d->root, -1, day_of("1976-01-01"), "HATAY",
                        xstrdup("Liên đoàn Lao động tỉnh Hà Sơn Bình"));
    d->gd = add_unit(d, T_SECTOR, d->hn, -1, day_of("1960-06-01"), "HN-GD", xstrdup("Công đoàn ngành Giáo dục Hà Nội"));
    d->yt = add_unit(d, T_SECTOR, d->hn, -1, day_of("1960-06-01"), "HN-YT", xstrdup("Công đoàn ngành Y tế Hà Nội"));
    d->kcn = add_unit(d, T_SECTOR, d->hn, -1, day_of("2000-01-01"), "HN-KCN",
                      xstrdup("Công đoàn các Khu công nghiệp và chế xuất Hà Nội"));
    if (d->hn < 0 || d->hatay < 0 || d->gd < 0 || d->yt < 0 || d->kcn < 0)
        return -1;
    d->u[d->hn].short_name = xstrdup("LĐLĐ Hà Nội");
    d->u[d->hatay].short_name = xstrdup("LĐLĐ Hà Sơn Bình");
    event_t *e = add_event(d, day_of("1991-10-01"), 1, EV_RENAME, d->hatay, -1, "95/QĐ-TLĐ");
    if (!e || !(e->name = xstrdup("Liên đoàn Lao động tỉnh Hà Tây")) || !(e->short_name = xstrdup("LĐLĐ Hà Tây")))
        return -1;
    d->n_renames++;
    if (!add_event(d, day_of("2008-08-01"), 3, EV_MERGE, d->hatay, d->hn, "1126/QĐ-TLĐ"))
        return -1;

    /* District federations, with the names they had when founded. */
    for (int i = 0; i < N_DISTRICTS_ALL; i++) {
        const district_t *dd = &districts[i];
        const char *kind = dd->first_kind ? dd->first_kind : dd->kind;
        char code[40];
        if (snprintf(code, sizeof code, "HN-%s", dd->slug) >= (int)sizeof code)
            return -1;
        d->dist[i] = add_unit(d, T_DIST, dd->hatay ? d->hatay : d->hn, i, day_of(dd->from), code,
                              district_name(i, kind));
        if (d->dist[i] < 0 || !(d->u[d->dist[i]].short_name = district_short(i, kind)))
            return -1;
        char dec[40];
        decision(dec, sizeof dec, 1 + rng_below(r, 200), "LĐLĐ");
        d->u[d->dist[i]].decision = xstrdup(dec);
        decision(d->split_dec[i], sizeof d->split_dec[i], 1 + rng_below(r, 200), "LĐLĐ");
    }
    for (size_t k = 0; k < N(district_renames); k++) {
        int i = district_renames[k].district;
        e = add_event(d, day_of(district_renames[k].date), 1, EV_RENAME, d->dist[i], -1, district_renames[k].decision);
        if (!e || !(e->name = district_name(i, district_renames[k].kind)) ||
            !(e->short_name = district_short(i, district_renames[k].kind)))
            return -1;
        d->n_renames++;
    }
    if (!add_event(d, day_of("2014-04-01"), 5, EV_DISSOLVE, d->dist[TULIEM], -1, "1049/QĐ-LĐLĐ"))
        return -1;

    /* FDI companies in the industrial zones come first so their names stay theirs. */
    static const char *const zones[] = {"Khu công nghiệp Thăng Long", "Khu công nghiệp Nội Bài",
                                        "Khu công nghiệp Quang Minh", "Khu công nghiệp Bắc Thăng Long"};
    for (int k = 0; k < d->sc->kfdi; k++) {
        char code[40], *name = xprintf("Công đoàn Công ty TNHH %s%s Việt Nam", fdi_brands[k % N(fdi_brands)],
                                       fdi_variants[(k / N(fdi_brands)) % N(fdi_variants)]);
        if (!name || claim(d, -1, name) < 0 || snprintf(code, sizeof code, "HN-KCN-FDI%02d", k + 1) < 0)
            return -1;
        int x = add_unit(d, T_KFDI, d->kcn, -1, rng_day(r, day_of("2000-03-01"), day_of("2018-12-31")), code, name);
        if (x < 0 || !(d->u[x].address = xprintf("%s, Hà Nội", zones[k % N(zones)])))
            return -1;
        d->u[x].weight = utypes[T_KFDI].weight * (50 + rng_below(r, 200));
    }
    for (int k = 0; k < d->sc->thpt && k < (int)N(thpt_names); k++) {
        char code[40];
        if (snprintf(code, sizeof code, "HN-GD-THPT%02d", k + 1) < 0)
            return -1;
        int x = add_unit(d, T_THPT, d->gd, -1, rng_day(r, day_of("1980-01-01"), day_of("2005-12-31")), code,
                         xprintf("Công đoàn Trường THPT %s", thpt_names[k]));
        if (x < 0)
            return -1;
        d->u[x].weight = utypes[T_THPT].weight * (60 + rng_below(r, 100));
    }
    for (int k = 0; k < d->sc->bv && k < (int)N(hospital_names); k++) {
        char code[40];
        if (snprintf(code, sizeof code, "HN-YT-BV%02d", k + 1) < 0)
            return -1;
        int x = add_unit(d, T_BV, d->yt, -1, rng_day(r, day_of("1980-01-01"), day_of("2000-12-31")), code,
                         xprintf("Công đoàn %s", hospital_names[k]));
        if (x < 0)
            return -1;
        d->u[x].weight = utypes[T_BV].weight * (50 + rng_below(r, 150));
    }

    /* Grassroots unions of each district. */
    int total_w = 0;
    for (int i = 0; i < N_DISTRICTS; i++)
        total_w += districts[i].weight;
    for (int i = 0; i < N_DISTRICTS; i++) {
        const district_t *dd = &districts[i];
        int n = (int)((int64_t)d->sc->per_district * N_DISTRICTS * dd->weight / total_w);
        if (n < 9)
            n = 9;
        int seq[T__COUNT] = {0};
        uint32_t cap_ward = (uint32_t)count_list(dd->wards);
        const uint8_t *mix = dd->urban ? mix_urban : mix_rural;
        uint32_t mix_total = 0;
        for (int t = 0; t < T__COUNT; t++)
            mix_total += mix[t] + (t == T_FDI ? 3u * (uint32_t)dd->industry : 0u);
        /* The district's own bodies: the health centre and the two agency unions. */
        if (plan_grassroots(d, r, i, T_TTYT, seq[T_TTYT]++) < 0 || plan_grassroots(d, r, i, T_CQ, seq[T_CQ]++) < 0 ||
            plan_grassroots(d, r, i, T_CQ, seq[T_CQ]++) < 0)
            return -1;
        for (int k = 3; k < n; k++) {
            utype_t t = T_NNN;
            uint32_t x = rng_below(r, mix_total);
            for (int j = 0; j < T__COUNT; j++) {
                uint32_t w = mix[j] + (j == T_FDI ? 3u * (uint32_t)dd->industry : 0u);
                if (x < w) {
                    t = (utype_t)j;
                    break;
                }
                x -= w;
            }
            if ((t == T_UB || t == T_TYT) && (uint32_t)seq[t] >= cap_ward)
                t = T_NNN;
            int u = plan_grassroots(d, r, i, t, seq[t]++);
            if (u < 0)
                return -1;
            bool split = d->u[u].parent != d->dist[i];
            if ((t == T_DNNN && rng_pm(r, 450)) || (t == T_NNN && rng_pm(r, 80)))
                if (plan_rename(d, r, u) < 0)
                    return -1;
            if (!split && (t == T_NNN || t == T_DNNN) && rng_pm(r, 120) && plan_move(d, r, u) < 0)
                return -1;
        }
    }

    /* Commune and ward unions from 01/07/2025. */
    uint32_t dec = d->dec_next;
    for (int i = 0; i < N_DISTRICTS; i++) {
        d->xa_first[i] = (int)d->nu;
        for (const char *const *w = districts[i].newx; *w; w++) {
            char s[40], code[48];
            slug(d, *w + (strncmp(*w, "phường ", strlen("phường ")) == 0 ? strlen("phường ") : strlen("xã ")), s,
                 sizeof s);
            if (snprintf(code, sizeof code, "HN-%c-%s", strncmp(*w, "xã", 2) == 0 ? 'X' : 'P', s) >= 33)
                return -1;
            int x = add_unit(d, T_XA, d->hn, -1, day_of(D2025), code, xprintf("Công đoàn %s", *w));
            if (x < 0)
                return -1;
            char no[40];
            decision(no, sizeof no, dec++, "LĐLĐ");
            d->u[x].decision = xstrdup(no);
            d->xa_n[i]++;
            d->n_xa++;
        }
    }

    /* The restructuring of 01/07/2025: each district's unions go to a commune
     * union, to the city federation (large enterprises, FDI) or to the health
     * sector union; unions of administrative bodies paid fully from the budget
     * end; then the district federation ends. */
    int32_t day = day_of(D2025);
    for (int i = 0; i < N_DISTRICTS; i++) {
        char to_city[40], ended[40], to_health[40], fed[40];
        decision(to_city, sizeof to_city, dec++, "LĐLĐ");
        decision(to_health, sizeof to_health, dec++, "LĐLĐ");
        decision(ended, sizeof ended, dec++, "LĐLĐ");
        decision(fed, sizeof fed, dec++, "LĐLĐ");
        rng_t rr = rng_fork(d->seed, 2025, (uint64_t)i);
        for (size_t k = 0; k < d->nu; k++) {
            unit_rec_t *x = &d->u[k];
            if (x->type < T_MN || x->type > T_ND || x->district != i)
                continue;
            if (x->type == T_UB || x->type == T_CQ) {
                x->final_unit = -1;
                if (!add_event(d, day, 4, EV_DISSOLVE, (int)k, -1, ended))
                    return -1;
                continue;
            }
            const char *no;
            if (x->type == T_TTYT) {
                x->final_unit = d->yt;
                no = to_health;
            } else if (x->type == T_FDI || x->big) {
                x->final_unit = d->hn;
                no = to_city;
            } else {
                int j = d->xa_first[i] + (int)rng_below(&rr, (uint32_t)d->xa_n[i]);
                x->final_unit = j;
                no = d->u[j].decision; /* the decision founding it lists its unions */
            }
            if (!add_event(d, day, 2, EV_TRANSFER, (int)k, x->final_unit, no))
                return -1;
        }
        if (!add_event(d, day, 5, EV_DISSOLVE, d->dist[i], -1, fed))
            return -1;
    }
    d->dec_next = dec;
    return 0;
}

/* ---- writing the organisation ---------------------------------------------------------- */

static int fail(demo_t *d, status_t st, const char *why)
{
    fprintf(stderr, "tdkt: demo stopped while %s\n", d->failed ? d->failed : "writing");
    return cli_fail(st, why);
}

/* On SQLite the demo writes in batches (db.h): one transaction holds
 * BATCH_WRITES core writes, each still all-or-nothing, instead of one
 * commit each. */
static int batch_open(demo_t *d)
{
    d->batch_writes = 0;
    if (db_kind(d->c.db) != DB_SQLITE)
        return 0;
    status_t st = db_batch_begin(d->c.db);
    if (st == ST_OK && d->people)
        st = person_bulk_begin(d->c.db, &d->bk, 0);
    return st == ST_OK ? 0 : fail(d, st, NULL);
}

/* Commits the open batch, or rolls it back unless COMMIT. */
static int batch_close(demo_t *d, bool commit)
{
    if (db_kind(d->c.db) != DB_SQLITE)
        return 0;
    status_t st = commit && d->bk.db ? person_bulk_finish(&d->bk) : ST_OK;
    status_t end = db_batch_end(d->c.db, commit && st == ST_OK);
    person_bulk_free(&d->bk);
    if (st == ST_OK)
        st = end;
    return st == ST_OK || !commit ? 0 : fail(d, st, NULL);
}

/* Counts a write: commits the batch every BATCH_WRITES and renews the
 * context arena every ARENA_EVERY (results of core calls are not kept
 * across). Non-zero, reported, when either fails. */
static int tick(demo_t *d)
{
    if (++d->batch_writes >= BATCH_WRITES && (batch_close(d, true) != 0 || batch_open(d) != 0))
        return 1;
    if (++d->writes < ARENA_EVERY)
        return 0;
    arena_t *a = arena_new(ARENA_BYTES);
    if (!a)
        return fail(d, ST_NOMEM, NULL);
    arena_free(d->c.arena);
    d->c.arena = a;
    d->writes = 0;
    return 0;
}

static int create_units(demo_t *d)
{
    for (size_t k = 0; k < d->nu; k++) {
        unit_rec_t *x = &d->u[k];
        if (x->type == T_ROOT)
            continue;
        iso_t from = iso_of(x->from);
        const utype_info_t *ti = &utypes[x->type];
        unit_spec_t sp = {.parent_id = d->u[x->parent].id, .code = x->code, .name = x->name,
                          .short_name = x->short_name, .kind = ti->kind, .sector = ti->sector,
                          .address = x->address, .valid_from = from.s, .decision_no = x->decision,
                          .year_type = ti->school ? "school" : "calendar"};
        if (x->type == T_SECTOR && k == (size_t)d->kcn)
            sp.kind = "CD_KCN";
        const char *why = NULL;
        d->failed = x->code;
        status_t st = unit_create_spec(&d->c, &sp, &x->id, &why);
        if (st != ST_OK)
            return fail(d, st, why);
        if (x->type >= T_MN)
            d->n_grassroots++;
        if (tick(d) != 0)
            return 1;
    }
    return 0;
}

static int event_cmp(const void *a, const void *b)
{
    const event_t *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int apply_event(demo_t *d, const event_t *e)
{
    iso_t day = iso_of(e->day);
    org_change_t ch = {.date = day.s, .decision_no = e->decision[0] ? e->decision : NULL};
    const char *why = NULL;
    status_t st = ST_OK;
    unit_rec_t *x = &d->u[e->unit];
    d->failed = x->code;
    switch (e->kind) {
    case EV_RENAME:
        st = org_rename(&d->c, x->id, e->name, e->short_name, &ch, &why);
        break;
    case EV_TRANSFER:
        st = org_transfer(&d->c, x->id, d->u[e->other].id, &ch, &why);
        d->n_transfers += st == ST_OK;
        break;
    case EV_MERGE:
        st = org_merge(&d->c, x->id, d->u[e->other].id, &ch, &why);
        break;
    case EV_DISSOLVE:
        st = org_dissolve(&d->c, x->id, &ch, &why);
        x->to = e->day;
        d->n_dissolved += st == ST_OK;
        break;
    }
    if (st != ST_OK)
        return fail(d, st, why);
    return tick(d);
}

/* ---- accounts ---------------------------------------------------------------------------- */

static int add_account(demo_t *d, const char *login, const char *full_name, int unit, const char *role,
                       const char *password)
{
    user_t u;
    const char *why = NULL;
    d->failed = login;
    status_t st = user_find_login(&d->c, login, &u);
    if (st == ST_NOT_FOUND || st == ST_FORBIDDEN)
        st = user_create(&d->c, login, full_name, password, &u.id, &why);
    if (st == ST_OK)
        st = user_grant(&d->c, u.id, d->u[unit].id, role, &why);
    if (st != ST_OK)
        return fail(d, st, why);
    d->n_accounts++;
    return 0;
}

static int create_accounts(demo_t *d, const char *password)
{
    rng_t r = rng_fork(d->seed, 7, 0);
    char name[128], login[64];
    make_name(&r, 'F', 1978, name, sizeof name);
    if (add_account(d, "canbo.hanoi", name, d->hn, "officer", password) != 0)
        return 1;
    make_name(&r, 'M', 1968, name, sizeof name);
    if (add_account(d, "lanhdao.hanoi", name, d->hn, "approver", password) != 0)
        return 1;
    for (int i = 0; i < N_DISTRICTS; i++) {
        size_t j = 0;
        for (const char *s = districts[i].slug; *s && j + 1 < sizeof login - 6; s++)
            login[j++] = (char)(*s - 'A' + 'a');
        login[j] = '\0';
        char full[80];
        if (snprintf(full, sizeof full, "canbo.%s", login) >= (int)sizeof full)
            return 1;
        char g = rng_pm(&r, 600) ? 'F' : 'M';
        make_name(&r, g, 1970 + (int)rng_below(&r, 20), name, sizeof name);
        if (add_account(d, full, name, d->dist[i], "officer", password) != 0)
            return 1;
    }
    return 0;
}

/* ---- emulation clusters and blocks ------------------------------------------------------- */

/* A group of HN for YEAR with the units at indices M[0..N), led by M[LEADER]. */
static int add_group(demo_t *d, const char *kind, const char *name, int year, const int *m, int n, int leader)
{
    int64_t id;
    const char *why = NULL;
    d->failed = name;
    status_t st = cluster_create(&d->c, d->u[d->hn].id, kind, name, year, &id, &why);
    for (int i = 0; st == ST_OK && i < n; i++)
        st = cluster_add_unit(&d->c, id, d->u[m[i]].id, &why);
    if (st == ST_OK)
        st = cluster_set_leader(&d->c, id, d->u[m[leader]].id, &why);
    if (st != ST_OK)
        return fail(d, st, why);
    d->n_groups++;
    return tick(d);
}

/* Each year HN groups the district federations, five by five in table order
 * (inner districts first), into "cụm thi đua"; in 2025 the same clusters
 * hold the commune and ward unions that replaced them. The sector and
 * industrial-zone unions form a "khối". The leader rotates by lot. */
static int create_clusters(demo_t *d)
{
    rng_t r = rng_fork(d->seed, 11, 0);
    for (int y = 2020; y <= 2025; y++) {
        for (int g = 0; g < N_DISTRICTS / 5; g++) {
            int m[5 * 8], n = 0;
            for (int i = g * 5; i < g * 5 + 5; i++) {
                if (y < 2025)
                    m[n++] = d->dist[i];
                else
                    for (int j = 0; j < d->xa_n[i] && n < (int)N(m); j++)
                        m[n++] = d->xa_first[i] + j;
            }
            char name[64];
            if (snprintf(name, sizeof name, "Cụm thi đua số %d", g + 1) < 0 ||
                add_group(d, "cum", name, y, m, n, (int)rng_below(&r, (uint32_t)n)) != 0)
                return 1;
        }
        int m[3] = {d->gd, d->yt, d->kcn};
        if (add_group(d, "khoi", "Khối các công đoàn ngành và khu công nghiệp", y, m, 3, (int)rng_below(&r, 3)) != 0)
            return 1;
    }
    return 0;
}

/* ---- people ------------------------------------------------------------------------------ */

/* Allocates the people among the grassroots unions: at least 3 each, the rest
 * in proportion to their weights (largest remainders first, by index). */
static int allocate_people(demo_t *d, int64_t total)
{
    d->grass = xcalloc(d->nu, sizeof *d->grass);
    if (!d->grass)
        return -1;
    uint64_t wsum = 0;
    for (size_t k = 0; k < d->nu; k++)
        if (d->u[k].type >= T_MN) {
            d->grass[d->ngrass++] = (int)k;
            wsum += d->u[k].weight;
        }
    int64_t rest = total - 3 * (int64_t)d->ngrass;
    if (rest < 0)
        rest = 0;
    int64_t given = 0;
    for (size_t g = 0; g < d->ngrass; g++) {
        unit_rec_t *x = &d->u[d->grass[g]];
        x->people = 3 + (uint32_t)((uint64_t)rest * x->weight / wsum);
        given += x->people;
    }
    for (size_t g = 0; given < total && d->ngrass; g = (g + 1) % d->ngrass) {
        d->u[d->grass[g]].people++;
        given++;
    }
    return 0;
}

/* A unique CCCD for a person of GENDER born in YEAR, from province PROV. */
static void make_cccd(demo_t *d, size_t prov, char gender, int year, char *out, size_t n)
{
    unsigned cg = (year >= 2000 ? 2u : 0u) + (gender == 'F' ? 1u : 0u);
    unsigned yy = (unsigned)(year % 100);
    size_t bucket = (prov * 4 + cg) * 100 + yy;
    uint32_t k = d->cccd_next[bucket]++;
    uint32_t six = (uint32_t)(((uint64_t)k * 738373u + mix64(d->seed ^ (bucket + 1)) % 1000000u) % 1000000u);
    if (snprintf(out, n, "%s%u%02u%06" PRIu32, provinces[prov].s, cg % 10u, yy % 100u, six % 1000000u) < 0)
        out[0] = '\0';
}

static int pick_job(rng_t *r, const utype_info_t *ti, bool *direct, bool *manager)
{
    uint32_t total = 0;
    for (int i = 0; ti->jobs[i]; i++)
        total += ti->job_w[i];
    uint32_t x = rng_below(r, total);
    int i = 0;
    for (; ti->jobs[i + 1] && x >= ti->job_w[i]; i++)
        x -= ti->job_w[i];
    *direct = (ti->direct_mask >> i) & 1;
    *manager = (ti->manager_mask >> i) & 1;
    return i;
}

static const char *rating_of(rng_t *r, bool excellent)
{
    uint32_t x = rng_below(r, 1000);
    if (excellent)
        return x < 620 ? "HTXSNV" : x < 980 ? "HTTNV" : "HTNV";
    return x < 110 ? "HTXSNV" : x < 925 ? "HTTNV" : x < 985 ? "HTNV" : "KHTNV";
}

/* The rating document of unit K for year Y (calendar) or school year ending in Y. */
static void rating_doc(demo_t *d, int k, int y, bool school, char *out, size_t n)
{
    uint64_t h = mix64(d->seed ^ ((uint64_t)k << 20) ^ (uint64_t)y);
    unsigned no = 1 + (unsigned)(h % 240), day = 20 + (unsigned)((h >> 16) % 9);
    if (snprintf(out, n, "Quyết định số %u/QĐ-%s ngày %02u/%s/%04u", no, utypes[d->u[k].type].doc, day % 100u,
                 school ? "05" : "12", (unsigned)y % 10000u) < 0)
        out[0] = '\0';
}

/* A unit of the same kind of year as K (a school for a school) that exists on DAY. */
static int transfer_target(demo_t *d, rng_t *r, int k, int32_t day)
{
    bool school = utypes[d->u[k].type].school;
    for (int tries = 0; tries < 30; tries++) {
        int j = d->grass[rng_below(r, (uint32_t)d->ngrass)];
        const unit_rec_t *y = &d->u[j];
        if (j != k && utypes[y->type].school == school && y->from < day - 30 && (!y->to || y->to > day) &&
            (d->u[k].type != T_MN || y->type == T_MN))
            return j;
    }
    return -1;
}

typedef struct {
    int unit;        /* first unit */
    int32_t from;    /* its membership start */
    int moved_to;    /* -1 */
    int32_t moved;   /* transfer day */
    bool ended;      /* membership ended on 01/07/2025 */
} timeline_t;

/* Unit of the person on DAY, or -1. */
static int unit_on(const timeline_t *t, int32_t day, int32_t end)
{
    if (day < t->from || (t->ended && day >= end))
        return -1;
    return t->moved_to >= 0 && day >= t->moved ? t->moved_to : t->unit;
}

static int create_person(demo_t *d, rng_t *r, int k, uint32_t idx, char *sample_name, int *sample_year)
{
    const unit_rec_t *x = &d->u[k];
    const utype_info_t *ti = &utypes[x->type];
    char gender = rng_pm(r, x->female_pm) ? 'F' : 'M';
    int by = 1965 + (int)rng_below(r, 38);
    char name[128], birth[16], cccd[16], phone[16];
    make_name(r, gender, by, name, sizeof name);
    int32_t bday = rng_day(r, days_from_civil(by, 1, 1), days_from_civil(by, 12, 31));
    iso_t b = iso_of(bday);
    if (rng_pm(r, 100))
        b.s[4] = '\0'; /* the year alone */
    if (snprintf(birth, sizeof birth, "%s", b.s) < 0)
        birth[0] = '\0';
    bool has_cccd = rng_pm(r, 700);
    if (has_cccd) {
        uint32_t total = 0;
        for (size_t i = 0; i < N_PROVINCES; i++)
            total += provinces[i].w;
        uint32_t v = rng_below(r, total);
        size_t p = 0;
        for (; p + 1 < N_PROVINCES && v >= provinces[p].w; p++)
            v -= provinces[p].w;
        make_cccd(d, p, gender, by, cccd, sizeof cccd);
    }
    bool has_phone = rng_pm(r, 550);
    if (has_phone && snprintf(phone, sizeof phone, "0%s%07" PRIu32, PICK(r, phone_prefixes), rng_below(r, 10000000)) < 0)
        has_phone = false;
    /* Recruited at 20-35, joined the union when the union existed. */
    int32_t last = day_of("2025-05-31");
    int32_t recruit = rng_day(r, days_from_civil(by + 20, 1, 1), days_from_civil(by + 35, 12, 31));
    if (recruit > last)
        recruit = rng_day(r, days_from_civil(by + 20, 1, 1), last);
    int32_t from = recruit;
    if (from <= x->from)
        from = x->from + (int32_t)rng_below(r, 200);
    if (from > last)
        from = last;
    int32_t since = from + (rng_pm(r, 300) ? (int32_t)rng_below(r, 500) : 0);
    if (since > last)
        since = from;
    bool direct = false, manager = true;
    const char *position;
    if (idx == 0)
        position = ti->head;
    else if (idx == 1 && x->people >= 8)
        position = ti->deputy;
    else
        position = ti->jobs[pick_job(r, ti, &direct, &manager)];
    iso_t f = iso_of(from), s = iso_of(since), rec = iso_of(recruit);
    person_fields_t pf = {.full_name = name, .gender = gender == 'F' ? "F" : "M", .birth_date = birth,
                          .cccd = has_cccd ? cccd : NULL, .phone = has_phone ? phone : NULL, .recruited_on = rec.s};
    person_membership_in_t m = {.unit_id = x->id, .position = position, .from_date = f.s,
                                .direct_worker = direct, .manager = manager, .member_since = s.s};
    int64_t pid;
    const char *why = NULL;
    d->failed = "creating people";
    status_t st = person_create(&d->c, &pf, &m, true, &pid, &why);
    if (st != ST_OK)
        return fail(d, st, why);
    d->n_people++;
    if (!has_cccd && sample_name) {
        if (snprintf(sample_name, 128, "%s", name) < 0)
            sample_name[0] = '\0';
        *sample_year = by;
    }

    /* A few move to another union of the same kind. */
    timeline_t t = {.unit = k, .from = from, .moved_to = -1};
    int32_t end = day_of(D2025);
    if (from < day_of("2022-06-01") && rng_pm(r, 30)) {
        int32_t day = rng_day(r, from + 2 * 365, day_of("2024-12-31"));
        int j = day < end ? transfer_target(d, r, k, day) : -1;
        if (j >= 0) {
            bool dw = false, mg = false;
            const utype_info_t *tj = &utypes[d->u[j].type];
            iso_t td = iso_of(day);
            person_membership_in_t m2 = {.unit_id = d->u[j].id, .position = tj->jobs[pick_job(r, tj, &dw, &mg)],
                                         .from_date = td.s, .direct_worker = dw, .manager = mg, .member_since = s.s};
            st = person_add_membership(&d->c, pid, &m2, NULL, &why);
            if (st != ST_OK)
                return fail(d, st, why);
            t.moved_to = j;
            t.moved = day;
            d->n_pmoves++;
            if (tick(d) != 0)
                return 1;
        }
    }
    int last_unit = t.moved_to >= 0 ? t.moved_to : k;
    t.ended = d->u[last_unit].final_unit == -1;

    /* Ratings for 2020-2025 (school years 2019-2020 … 2024-2025). */
    bool excellent = rng_pm(r, 150), school = ti->school; /* a move keeps the kind of year */
    for (int y = 2020; y <= 2025; y++) {
        int32_t ref = school ? days_from_civil(y, 5, 31) : days_from_civil(y, 12, 31);
        int u = unit_on(&t, ref, end);
        if (u < 0)
            continue;
        char label[16], doc[96];
        int n = school ? snprintf(label, sizeof label, "%04u-%04u", (unsigned)(y - 1) % 10000u, (unsigned)y % 10000u)
                       : snprintf(label, sizeof label, "%04u", (unsigned)y % 10000u);
        if (n < 0)
            return fail(d, ST_INTERNAL, NULL);
        rating_doc(d, u, y, school, doc, sizeof doc);
        st = person_set_rating(&d->c, pid, label, rating_of(r, excellent), doc, d->u[u].id, &why);
        if (st != ST_OK)
            return fail(d, st, why);
        d->n_ratings++;
        if (tick(d) != 0)
            return 1;
    }
    if (t.ended) {
        st = person_end_membership(&d->c, pid, D2025, &why);
        if (st != ST_OK)
            return fail(d, st, why);
        d->n_ended++;
    }
    return tick(d);
}

/* The same person entered a second time by another union, without a CCCD:
 * the duplicates the merge screen is for. */
static int create_duplicate(demo_t *d, rng_t *r, const char *name, int year, int near)
{
    int j = transfer_target(d, r, near, day_of("2024-01-01"));
    if (j < 0)
        return 0;
    const unit_rec_t *x = &d->u[j];
    if (x->final_unit == -1)
        return 0; /* ended in 2025 */
    char birth[8];
    if (snprintf(birth, sizeof birth, "%04u", (unsigned)year % 10000u) < 0)
        return 0;
    int32_t from = rng_day(r, x->from + 30 > day_of("2015-01-01") ? x->from + 30 : day_of("2015-01-01"),
                           day_of("2025-05-31"));
    iso_t f = iso_of(from);
    bool dw = false, mg = false;
    const utype_info_t *ti = &utypes[x->type];
    person_fields_t pf = {.full_name = name, .birth_date = birth};
    person_membership_in_t m = {.unit_id = x->id, .position = ti->jobs[pick_job(r, ti, &dw, &mg)], .from_date = f.s,
                                .direct_worker = dw, .manager = mg};
    int64_t pid;
    const char *why = NULL;
    d->failed = "creating duplicate records";
    status_t st = person_create(&d->c, &pf, &m, true, &pid, &why);
    if (st != ST_OK)
        return fail(d, st, why);
    d->n_people++;
    d->n_dups++;
    return tick(d);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_count(const char *label, int64_t v, const char *after)
{
    buf_t b;
    buf_init(&b, 64);
    text_format_int(&b, v);
    printf("%s%s%s", label, buf_str(&b), after);
    buf_free(&b);
}

static int create_people(demo_t *d)
{
    int64_t dups = d->sc->people / 1000;
    if (allocate_people(d, d->sc->people - dups) != 0)
        return fail(d, ST_NOMEM, NULL);
    d->cccd_next = xcalloc(N_PROVINCES * 400, sizeof *d->cccd_next);
    char (*samples)[128] = xcalloc(d->ngrass, sizeof *samples);
    int *sample_year = xcalloc(d->ngrass, sizeof *sample_year);
    if (!d->cccd_next || !samples || !sample_year) {
        xfree(samples);
        xfree(sample_year);
        return fail(d, ST_NOMEM, NULL);
    }
    double t0 = now_s(), next_report = t0 + 30;
    int rc = 0;
    for (size_t g = 0; rc == 0 && g < d->ngrass; g++) {
        int k = d->grass[g];
        rng_t r = rng_fork(d->seed, 1000 + (uint64_t)k, 0);
        for (uint32_t i = 0; rc == 0 && i < d->u[k].people; i++)
            rc = create_person(d, &r, k, i, samples[g], &sample_year[g]);
        double now = now_s();
        if (now >= next_report) {
            double rate = (double)d->n_people / (now - t0);
            fprintf(stderr, "tdkt demo: %" PRId64 " of %" PRId64 " people (%.0f/s, about %.0f min left)\n",
                    d->n_people, d->sc->people, rate, (double)(d->sc->people - d->n_people) / rate / 60.0);
            next_report = now + 30;
        }
    }
    rng_t r = rng_fork(d->seed, 99, 0);
    size_t g = 0;
    for (size_t tries = 0; rc == 0 && d->n_dups < dups && tries < 4 * d->ngrass; tries++) {
        g = (g + 7919u) % d->ngrass;
        if (samples[g][0])
            rc = create_duplicate(d, &r, samples[g], sample_year[g], d->grass[g]);
    }
    xfree(samples);
    xfree(sample_year);
    return rc;
}

/* Writes the people in batches in bulk mode (person_bulk.h): each batch
 * feeds the full-text index its names in one statement, not person by
 * person (small demo: people 4 300 -> 4 700/s). A failure leaves the batch
 * open for run() to roll back. */
static int write_people(demo_t *d)
{
    if (batch_close(d, true) != 0)
        return 1;
    d->people = true;
    int rc = batch_open(d);
    if (rc == 0)
        rc = create_people(d);
    if (rc == 0)
        rc = batch_close(d, true);
    d->people = false;
    return rc == 0 ? batch_open(d) : rc;
}

/* Between two grassroots unions of the movements: commits the batch every
 * PAUSE_UNIONS of them (at medium scale ~13 000 writes), which the
 * movements do not count one by one. */
static status_t movements_pause(void *arg)
{
    demo_t *d = arg;
    if (++d->batch_writes < PAUSE_UNIONS)
        return ST_OK;
    return batch_close(d, true) == 0 && batch_open(d) == 0 ? ST_OK : ST_DB;
}

/* ---- entry ------------------------------------------------------------------------------ */

static void demo_free(demo_t *d)
{
    for (size_t k = 0; k < d->nu; k++) {
        xfree(d->u[k].name);
        xfree(d->u[k].short_name);
        xfree(d->u[k].address);
        xfree(d->u[k].decision);
    }
    for (size_t k = 0; k < d->nev; k++) {
        xfree(d->ev[k].name);
        xfree(d->ev[k].short_name);
    }
    xfree(d->u);
    xfree(d->ev);
    xfree(d->grass);
    xfree(d->cccd_next);
    strset_free(&d->names);
}

/* The top unit: TLD from tdkt init, or created here (founded 28/07/1929). It
 * must exist before 1955 for the city's history to hang under it. */
static int find_root(demo_t *d)
{
    unit_t top;
    status_t st = unit_find_code(&d->c, "TLD", &top);
    if (st != ST_OK) {
        unit_spec_t sp = {.code = "TLD", .name = "Tổng Liên đoàn Lao động Việt Nam", .kind = "TLD",
                          .valid_from = "1929-07-28"};
        const char *why = NULL;
        d->failed = "creating the top unit TLD";
        if ((st = unit_create_spec(&d->c, &sp, &top.id, &why)) != ST_OK)
            return fail(d, st, why);
        top.valid_from = "1929-07-28";
    }
    if (strcmp(top.valid_from, "1955-01-01") > 0) {
        date_t since = {0};
        date_parse_iso(top.valid_from, &since);
        fprintf(stderr,
                "tdkt: the top unit TLD exists only from %02d/%02d/%04d, but the demo city's history starts in 1955\n"
                "and hangs under it. Use a new database: tdkt init dates TLD 28/07/1929 (and tdkt demo creates it\n"
                "so when it is missing).\n",
                since.d, since.m, since.y);
        return 1;
    }
    d->root = add_unit(d, T_ROOT, -1, -1, day_of(top.valid_from), "TLD", xstrdup("Tổng Liên đoàn Lao động Việt Nam"));
    if (d->root < 0)
        return fail(d, ST_NOMEM, NULL);
    d->u[d->root].id = top.id;
    return 0;
}

/* Writes the whole city; D->t gets the times of its three phases. */
static int build(demo_t *d, const char *password)
{
    double t0 = now_s();
    if (find_root(d) != 0)
        return 1;
    d->r = rng_fork(d->seed, 1, 0);
    d->dec_next = 1801 + (uint32_t)(d->seed % 97);
    if (plan_units(d) != 0)
        return fail(d, ST_NOMEM, NULL);
    qsort(d->ev, d->nev, sizeof *d->ev, event_cmp);
    if (create_units(d) != 0)
        return 1;
    int32_t cut = day_of(D2025);
    bool accounts = false;
    for (size_t k = 0; k < d->nev; k++) {
        if (!accounts && d->ev[k].day >= cut) {
            if (create_accounts(d, password) != 0)
                return 1;
            accounts = true;
        }
        if (apply_event(d, &d->ev[k]) != 0)
            return 1;
    }
    if (!accounts && create_accounts(d, password) != 0)
        return 1;
    if (create_clusters(d) != 0)
        return 1;
    double t1 = now_s();
    if (!d->no_people && write_people(d) != 0)
        return 1;
    double t2 = now_s();
    if (demo_movements(&d->c, d->u[d->hn].id, d->seed, movements_pause, d, &d->life) != 0)
        return 1;
    d->t[0] = t0, d->t[1] = t1, d->t[2] = t2, d->t[3] = now_s();
    return 0;
}

static int run(demo_t *d, const char *password)
{
    if (batch_open(d) != 0)
        return 1;
    int rc = build(d, password);
    if (batch_close(d, rc == 0) != 0)
        return 1;
    if (rc != 0)
        return rc;
    const demo_life_t life = d->life;
    double t0 = d->t[0], t1 = d->t[1], t2 = d->t[2], t3 = d->t[3];

    printf("Demo city ready: Hà Nội, scale %s, seed %" PRIu64 ".\n", d->sc->name, d->seed);
    print_count("  units: ", (int64_t)d->nu - 1, "");
    print_count(" (", N_DISTRICTS, " district federations until 30/06/2025, ");
    print_count("", d->n_xa, " commune and ward unions from 01/07/2025, ");
    print_count("", d->n_grassroots, " grassroots unions; ");
    print_count("", d->n_renames, " renames, ");
    print_count("", d->n_transfers, " transfers (");
    print_count("", d->n_moves, " enterprises moving district), ");
    print_count("", d->n_dissolved, " dissolutions)\n");
    print_count("  people: ", d->n_people, "");
    print_count(" (", d->n_ratings, " yearly ratings 2020-2025, ");
    print_count("", d->n_pmoves, " moves between unions, ");
    print_count("", d->n_ended, " memberships ended on 01/07/2025, ");
    print_count("", d->n_dups, " duplicate records without CCCD to merge)\n");
    print_count("  accounts: ", d->n_accounts, "");
    printf(" — canbo.hanoi (officer, HN), lanhdao.hanoi (approver, HN), canbo.badinh … canbo.unghoa"
           " (officer of each district federation); password: %s\n",
           password);
    printf("  log in: tdkt serve, then sign in as canbo.hanoi (whole city) or canbo.badinh (one district).\n");
    print_count("  emulation clusters and blocks of HN: ", d->n_groups,
                " (2020-2024: 6 clusters of district federations; 2025: of commune and ward unions;"
                " a block of the sector unions each year)\n");
    print_count("  movements of HN 2020-2026: ", life.movements, "");
    print_count(" (", life.answers, " answers by the units below; ");
    print_count("", life.registrations, " registrations; ");
    print_count("", life.initiatives, " initiatives with ");
    print_count("", life.recognitions, " recognitions; ");
    print_count("", life.contests, " skill contests, ");
    print_count("", life.winners, " winners)\n");
    printf("  time: organisation %.1f s, people %.1f s (%.0f people/s), movements %.1f s.\n", t1 - t0, t2 - t1,
           t2 > t1 ? (double)d->n_people / (t2 - t1) : 0.0, t3 - t2);
    return 0;
}

int demo_city(const char *url, const char *scale, uint64_t seed, const char *password, bool no_people)
{
    const scale_t *sc = NULL;
    for (size_t i = 0; i < N(scales); i++)
        if (strcmp(scale, scales[i].name) == 0)
            sc = &scales[i];
    if (!sc) {
        fprintf(stderr, "tdkt demo: unknown scale %s (tiny, small, medium or large)\n", scale);
        return 2;
    }
    demo_t *d = xcalloc(1, sizeof *d);
    if (!d)
        return cli_fail(ST_NOMEM, NULL);
    d->seed = seed;
    d->sc = sc;
    d->no_people = no_people;
    d->root = d->hn = -1;
    if (cli_open(url, &d->c) != 0) {
        xfree(d);
        return 1;
    }
    int rc;
    unit_t hn;
    if (unit_find_code(&d->c, "HN", &hn) == ST_OK) {
        printf("Demo data already present: unit HN (%s) exists; nothing changed.\n", hn.name);
        rc = 0;
    } else {
        rc = run(d, password);
    }
    demo_free(d);
    cli_close(&d->c);
    xfree(d);
    return rc;
}
