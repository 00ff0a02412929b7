/* Vietnamese text with ICU (DESIGN.md §3.11). Every string that enters the
 * program passes through text_normalize(). Thread-safe after text_init(). */
#ifndef TDKT_LIB_TEXT_H
#define TDKT_LIB_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/status.h"

/* Opens the shared ICU objects (NFC normaliser, "vi" collator). Call once at
 * start-up; 0 on success, -1 if ICU data is missing. */
int text_init(void);
void text_shutdown(void);

/* True when S[0..LEN) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool text_valid_utf8(const char *s, size_t len);

/* Number of characters (code points) in the valid UTF-8 string S; NULL = 0.
 * Length limits shown to users as "ký tự" count these, not bytes. */
size_t text_chars(const char *s);

/* Normalises untrusted input: refuses invalid UTF-8 and NUL bytes (ST_INVALID);
 * converts to NFC; fixes lookalike letters (Ð U+00D0 -> Đ U+0110,
 * ð U+00F0 -> đ U+0111); turns other C0 controls except \n and \t into spaces;
 * \r\n -> \n; trims leading and trailing white space. *OUT is in A. */
status_t text_normalize(arena_t *a, const char *in, size_t len, char **out);

/* Search fold of normalised text: strips tone and vowel marks, đ -> d, lowercase,
 * runs of white space -> one space. "Nguyễn Văn Đức" -> "nguyen van duc".
 * Returns NULL on OOM. */
char *text_fold(arena_t *a, const char *s);

/* The next word of folded text at or after P (NULL is fine): a run of
 * [a-z0-9]; anything else only separates words. NULL when none is left;
 * *LEN gets its length. The words of names and of search queries alike. */
const char *text_next_word(const char *p, size_t *len);

/* Joins the two words of a pair in text_word_pairs (a token character of
 * the SQLite search index, 0022_search_pairs.sqlite.sql). */
#define TEXT_PAIR_SEP "_"

/* The adjacent word pairs of folded text FOLD (text_word_pairs of
 * text_fold output), for the search index: each pair is the two words
 * joined by TEXT_PAIR_SEP, pairs are separated by one space. "nguyen van
 * duc" -> "nguyen_van van_duc"; "" when FOLD has fewer than two words. NULL
 * on OOM. */
char *text_word_pairs(arena_t *a, const char *fold);

/* Vietnamese collation ("vi": a ă â b c d đ e ê …, tones after letters).
 * Returns <0, 0, >0. */
int text_collate(const char *a, const char *b);

/* Writes the "vi" sort key of S (binary, memcmp-comparable) into A as a hex
 * string so it can be stored in a TEXT column and ordered with plain byte
 * comparison. NULL on OOM. */
char *text_sort_key(arena_t *a, const char *s);

/* 3625 -> "3.625"; -1250000 -> "-1.250.000". */
void text_format_int(buf_t *b, int64_t v);
/* 1250000 -> "1.250.000 đ". */
void text_format_money(buf_t *b, int64_t vnd);

#endif
