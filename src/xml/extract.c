/* Whole-document helpers on top of the streaming parser: pull a few values
 * out of a small response, and read AWS error bodies. */
#include "xml/xml.h"

#include <string.h>

/* A cap for helper documents: credential and error bodies are a few KB. */
#define SMALL_DOC_MAX ((size_t)16 << 20)

typedef struct extract_ctx {
  const char *const *paths;
  size_t n;
  awsmap__buf *values;
  bool *found;
  awsmap__buf path;      /* current path below the root, '/'-joined */
  size_t lens[256];      /* path length before each open element */
} extract_ctx;

static awsmap_status extract_start(void *c, int depth, const char *name, size_t len) {
  extract_ctx *x = c;
  if (depth == 0 || depth >= (int)AWSMAP__ARRAY_LEN(x->lens))
    return AWSMAP_OK;
  x->lens[depth] = x->path.len;
  if ((x->path.len && awsmap__buf_putc(&x->path, '/') != AWSMAP_OK) ||
      awsmap__buf_put(&x->path, name, len) != AWSMAP_OK)
    return awsmap__error_nomem("xml");
  return AWSMAP_OK;
}

static awsmap_status extract_end(void *c, int depth, const char *name, size_t len,
                                 const char *text, size_t text_len) {
  extract_ctx *x = c;
  if (depth == 0 || depth >= (int)AWSMAP__ARRAY_LEN(x->lens))
    return AWSMAP_OK;
  for (size_t i = 0; i < x->n; i++) {
    if (!x->found[i] && strcmp(x->paths[i], awsmap__buf_cstr(&x->path)) == 0) {
      x->found[i] = true;
      if (awsmap__buf_put(&x->values[i], text, text_len) != AWSMAP_OK)
        return awsmap__error_nomem("xml");
    }
  }
  awsmap__buf_truncate(&x->path, x->lens[depth]);
  return AWSMAP_OK;
}

/* Parses a whole in-memory document through handler h. */
static awsmap_status parse_all(const char *doc, size_t len, const awsmap__xml_handler *h,
                               void *ctx) {
  awsmap__xml_parser *p = awsmap__xml_parser_new(h, ctx, SMALL_DOC_MAX);
  if (!p)
    return awsmap__error_nomem("xml");
  awsmap_status st = awsmap__xml_parser_feed(p, doc, len);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(p);
  awsmap__xml_parser_free(p);
  return st;
}

awsmap_status awsmap__xml_extract(const char *doc, size_t len, const char *const *paths, size_t n,
                                  awsmap__buf *values) {
  if ((!doc && len) || (n && (!paths || !values)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "xml", "xml_extract: NULL argument");
  for (size_t i = 0; i < n; i++)
    awsmap__buf_clear(&values[i]);
  extract_ctx x = {.paths = paths, .n = n, .values = values};
  x.found = awsmap__calloc(n ? n : 1, sizeof *x.found);
  if (!x.found)
    return awsmap__error_nomem("xml");
  awsmap__xml_handler h = {extract_start, extract_end};
  awsmap_status st = parse_all(doc ? doc : "", len, &h, &x);
  awsmap__free(x.found);
  awsmap__buf_dispose(&x.path);
  return st;
}

/* ---- error bodies -------------------------------------------------------- */

typedef struct error_ctx {
  awsmap__buf *code, *message, *request_id;
  uint64_t in_error; /* bit d: the open element at depth d is <Error> */
} error_ctx;

static awsmap_status error_start(void *c, int depth, const char *name, size_t len) {
  error_ctx *e = c;
  if (depth < 64) {
    uint64_t bit = (uint64_t)1 << depth;
    bool is_error = len == 5 && memcmp(name, "Error", 5) == 0;
    e->in_error = is_error ? (e->in_error | bit) : (e->in_error & ~bit);
  }
  return AWSMAP_OK;
}

static awsmap_status keep_first(awsmap__buf *dst, const char *text, size_t len) {
  if (!dst || dst->len)
    return AWSMAP_OK;
  return awsmap__buf_put(dst, text, len) == AWSMAP_OK ? AWSMAP_OK : awsmap__error_nomem("xml");
}

static bool named(const char *name, size_t len, const char *want) {
  return strlen(want) == len && memcmp(name, want, len) == 0;
}

static awsmap_status error_end(void *c, int depth, const char *name, size_t len,
                               const char *text, size_t text_len) {
  error_ctx *e = c;
  bool under_error = depth >= 1 && depth <= 64 && (e->in_error >> (depth - 1)) & 1;
  if (named(name, len, "RequestId") || named(name, len, "RequestID"))
    return keep_first(e->request_id, text, text_len);
  if (under_error && named(name, len, "Code"))
    return keep_first(e->code, text, text_len);
  if (under_error && named(name, len, "Message"))
    return keep_first(e->message, text, text_len);
  return AWSMAP_OK;
}

awsmap_status awsmap__xml_parse_error(const char *doc, size_t len, awsmap__buf *code,
                                      awsmap__buf *message, awsmap__buf *request_id) {
  if (code)
    awsmap__buf_clear(code);
  if (message)
    awsmap__buf_clear(message);
  if (request_id)
    awsmap__buf_clear(request_id);
  if (!doc && len)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "xml", "xml_parse_error: NULL document");
  error_ctx e = {code, message, request_id, 0};
  awsmap__xml_handler h = {error_start, error_end};
  return parse_all(doc ? doc : "", len, &h, &e);
}
