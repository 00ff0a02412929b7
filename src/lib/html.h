/* HTML output escaped by context (DESIGN.md §3.9). Every value that did not
 * come from a literal in our own source goes through html_text, html_attr or
 * html_url. html_raw is for trusted markup literals only and is the single,
 * greppable way to emit unescaped text. All write into a buf_t (sticky errors). */
#ifndef TDKT_LIB_HTML_H
#define TDKT_LIB_HTML_H
#include <stdint.h>
#include "lib/buf.h"

void html_raw(buf_t *b, const char *markup);     /* trusted literal markup */
void html_text(buf_t *b, const char *s);         /* element content; NULL = "" */
void html_attr(buf_t *b, const char *s);         /* inside a quoted attribute */
void html_url(buf_t *b, const char *s);          /* one URL component, percent-encoded */
void html_int(buf_t *b, int64_t v);              /* plain decimal, no grouping */

#endif
