/* Growable NUL-terminated byte buffer, internal and public (awsmap_buf). */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

awsmap_status awsmap__buf_reserve(awsmap__buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1)
    return AWSMAP_ERR_NOMEM;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return AWSMAP_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = awsmap__realloc(b->ptr, cap);
  if (!p)
    return AWSMAP_ERR_NOMEM;
  b->ptr = p;
  b->cap = cap;
  return AWSMAP_OK;
}

awsmap_status awsmap__buf_put(awsmap__buf *b, const void *data, size_t len) {
  if ((b->cap <= b->len || b->cap - b->len <= len) && awsmap__buf_reserve(b, len) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  if (len)
    memcpy(b->ptr + b->len, data, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return AWSMAP_OK;
}

awsmap_status awsmap__buf_puts(awsmap__buf *b, const char *s) {
  return awsmap__buf_put(b, s, strlen(s));
}

awsmap_status awsmap__buf_putc(awsmap__buf *b, char c) {
  if (b->cap > b->len + 1) { /* room for c and the NUL: the common case */
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return AWSMAP_OK;
  }
  return awsmap__buf_put(b, &c, 1);
}

awsmap_status awsmap__buf_vprintf(awsmap__buf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, copy);
  va_end(copy);
  if (n < 0)
    return AWSMAP_ERR_INVALID_ARG;
  if ((size_t)n < sizeof small)
    return awsmap__buf_put(b, small, (size_t)n);
  if (awsmap__buf_reserve(b, (size_t)n) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return AWSMAP_OK;
}

awsmap_status awsmap__buf_printf(awsmap__buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  awsmap_status st = awsmap__buf_vprintf(b, fmt, ap);
  va_end(ap);
  return st;
}

void awsmap__buf_clear(awsmap__buf *b) { awsmap__buf_truncate(b, 0); }

void awsmap__buf_truncate(awsmap__buf *b, size_t len) {
  if (len < b->len) {
    b->len = len;
    b->ptr[len] = '\0';
  }
}

const char *awsmap__buf_cstr(const awsmap__buf *b) { return b->ptr ? b->ptr : ""; }

char *awsmap__buf_detach(awsmap__buf *b) {
  char *p = b->ptr ? b->ptr : awsmap__strdup("");
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void awsmap__buf_dispose(awsmap__buf *b) {
  if (!b)
    return;
  awsmap__free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

void awsmap__buf_dispose_secret(awsmap__buf *b) {
  if (b && b->ptr)
    awsmap__secure_zero(b->ptr, b->cap);
  awsmap__buf_dispose(b);
}

awsmap_status awsmap__buf_to_public(awsmap__buf *b, awsmap_buf **out) {
  awsmap_buf *pub = awsmap__malloc(sizeof *pub);
  if (!pub)
    return AWSMAP_ERR_NOMEM;
  if (!b->ptr && awsmap__buf_reserve(b, 0) != AWSMAP_OK) {
    awsmap__free(pub);
    return AWSMAP_ERR_NOMEM;
  }
  *pub = *b;
  b->ptr = NULL;
  b->len = b->cap = 0;
  *out = pub;
  return AWSMAP_OK;
}

/* ---- public accessors ---- */

const char *awsmap_buf_data(const awsmap_buf *buf) { return buf ? awsmap__buf_cstr(buf) : ""; }

size_t awsmap_buf_len(const awsmap_buf *buf) { return buf ? buf->len : 0; }

void awsmap_buf_free(awsmap_buf *buf) {
  if (!buf)
    return;
  awsmap__buf_dispose_secret(buf);
  awsmap__free(buf);
}
