#include "xml_events.h"

#include <stdbool.h>
#include <stdio.h>

static awsmap_status readable_start(void *c, int depth, const char *name, size_t len) {
  return awsmap__buf_printf(c, "+%.*s@%d\n", (int)len, name, depth);
}

static awsmap_status text_end(awsmap__buf *b, int depth, const char *name, size_t len,
                              const char *text, size_t text_len, bool sized) {
  if (text[text_len] != '\0')
    return AWSMAP_ERR_INTERNAL;
  awsmap_status st = sized ? awsmap__buf_printf(b, "-%.*s@%d=%zu:", (int)len, name, depth, text_len)
                           : awsmap__buf_printf(b, "-%.*s@%d=", (int)len, name, depth);
  if (st != AWSMAP_OK || awsmap__buf_put(b, text, text_len) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  return awsmap__buf_putc(b, '\n');
}

static awsmap_status readable_end(void *c, int depth, const char *name, size_t len,
                                  const char *text, size_t text_len) {
  return text_end(c, depth, name, len, text, text_len, false);
}

static awsmap_status sized_end(void *c, int depth, const char *name, size_t len, const char *text,
                               size_t text_len) {
  return text_end(c, depth, name, len, text, text_len, true);
}

static awsmap_status exact_start(void *c, int depth, const char *name, size_t len) {
  return awsmap__buf_printf(c, "+%d %zu:%.*s\n", depth, len, (int)len, name);
}

static awsmap_status exact_end(void *c, int depth, const char *name, size_t len, const char *text,
                               size_t text_len) {
  awsmap__buf *b = c;
  if (text[text_len] != '\0')
    return AWSMAP_ERR_INTERNAL;
  if (awsmap__buf_printf(b, "-%d %zu:%.*s %zu:", depth, len, (int)len, name, text_len) !=
          AWSMAP_OK ||
      awsmap__buf_put(b, text, text_len) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  return awsmap__buf_putc(b, '\n');
}

const awsmap__xml_handler xml_events_readable = {readable_start, readable_end};
const awsmap__xml_handler xml_events_sized = {readable_start, sized_end};
const awsmap__xml_handler xml_events_exact = {exact_start, exact_end};

awsmap_status xml_events_parse(const awsmap__xml_handler *h, const char *doc, size_t len,
                               size_t chunk, size_t cap, void *ctx) {
  awsmap__xml_parser *p = awsmap__xml_parser_new(h, ctx, cap);
  if (!p)
    return AWSMAP_ERR_NOMEM;
  if (!chunk)
    chunk = len ? len : 1;
  awsmap_status st = AWSMAP_OK;
  for (size_t off = 0; off < len && st == AWSMAP_OK; off += chunk)
    st = awsmap__xml_parser_feed(p, doc + off, len - off < chunk ? len - off : chunk);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(p);
  awsmap__xml_parser_free(p);
  return st;
}

char *xml_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  awsmap__buf b = AWSMAP__BUF_INIT;
  char chunk[4096];
  size_t n;
  bool ok = true;
  while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ok = awsmap__buf_put(&b, chunk, n) == AWSMAP_OK;
  ok = ok && !ferror(f) && awsmap__buf_reserve(&b, 1) == AWSMAP_OK;
  fclose(f);
  if (!ok) {
    awsmap__buf_dispose(&b);
    return NULL;
  }
  if (len)
    *len = b.len;
  return awsmap__buf_detach(&b);
}
