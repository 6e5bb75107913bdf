/* Canonicalisation: the URI path, the query string and the headers, as the
 * SigV4 specification defines them, for both rule sets (normal: normalised
 * path, every path byte encoded again; S3: path kept as is, encoded once).
 * Every scanner here is bounded by an explicit length: no input, however
 * malformed, makes it read past the end (see tests/fuzz/sigv4_fuzz.c). */
#include "sigv4/sigv4.h"

#include <stdlib.h>
#include <string.h>

static const char HEX[] = "0123456789ABCDEF";

/* The offset of the first '%' not followed by two hex digits, or len. */
static size_t bad_escape_at(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '%')
      continue;
    if (len - i < 3 || awsmap__hexval(s[i + 1]) < 0 || awsmap__hexval(s[i + 2]) < 0)
      return i;
    i += 2;
  }
  return len;
}

/* How encode() treats an existing %XX escape (the caller has checked them). */
enum escapes {
  ESC_ENCODE, /* encode the '%' again: "%41" -> "%2541" (normal rules' paths) */
  ESC_KEEP,   /* pass it through as sent: "%41" -> "%41" (S3 paths) */
  ESC_DECODE  /* decode, then encode canonically: "%41" -> "A" (query strings) */
};

/* Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ (and '/' with
 * keep_slash). out must have room for 3*len more bytes. */
static void encode_into(awsmap__buf *out, const char *s, size_t len, enum escapes esc,
                        bool keep_slash) {
  char *p = out->ptr + out->len;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (esc == ESC_KEEP && c == '%') {
      memcpy(p, s + i, 3);
      p += 3;
      i += 2;
      continue;
    }
    if (esc == ESC_DECODE && c == '%') {
      c = (unsigned char)(awsmap__hexval(s[i + 1]) << 4 | awsmap__hexval(s[i + 2]));
      i += 2;
    }
    if (awsmap__is_unreserved(c) || (keep_slash && c == '/')) {
      *p++ = (char)c;
    } else {
      *p++ = '%';
      *p++ = HEX[c >> 4];
      *p++ = HEX[c & 15];
    }
  }
  out->len = (size_t)(p - out->ptr);
  *p = '\0';
}

static awsmap_status encode(awsmap__buf *out, const char *s, size_t len, enum escapes esc,
                            bool keep_slash) {
  if (len > (SIZE_MAX / 4) || awsmap__buf_reserve(out, 3 * len) != AWSMAP_OK)
    return awsmap__error_nomem("sigv4:canonicalize");
  encode_into(out, s, len, esc, keep_slash);
  return AWSMAP_OK;
}

/* ---- path --------------------------------------------------------------- */

/* True when removing empty and dot segments would change the path. */
static bool needs_normalizing(const char *s, size_t len) {
  size_t seg = 0; /* start of the current segment */
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '/')
      continue;
    size_t n = i - seg;
    if (seg > 0 || i > 0) { /* the part before the leading '/' is empty by design */
      if (seg > 0 && n == 0 && i < len)
        return true; /* "//" */
      if ((n == 1 && s[seg] == '.') || (n == 2 && s[seg] == '.' && s[seg + 1] == '.'))
        return true;
    }
    seg = i + 1;
  }
  return false;
}

/* RFC 3986 dot-segment removal plus AWS's dropping of empty segments:
 * the result starts with '/', and ends with '/' when the input did and
 * something is left. */
static awsmap_status normalize(awsmap__buf *out, const char *s, size_t len) {
  if (awsmap__buf_reserve(out, len + 1) != AWSMAP_OK)
    return awsmap__error_nomem("sigv4:canonicalize");
  size_t seg = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '/')
      continue;
    size_t n = i - seg;
    const char *p = s + seg;
    seg = i + 1;
    if (n == 0 || (n == 1 && p[0] == '.'))
      continue;
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (out->len > 0 && out->ptr[out->len - 1] != '/')
        out->len--;
      if (out->len > 0)
        out->len--; /* and the '/' before it */
      continue;
    }
    out->ptr[out->len++] = '/';
    memcpy(out->ptr + out->len, p, n);
    out->len += n;
  }
  if (out->len == 0)
    out->ptr[out->len++] = '/';
  else if (len > 0 && s[len - 1] == '/')
    out->ptr[out->len++] = '/';
  out->ptr[out->len] = '\0';
  return AWSMAP_OK;
}

awsmap_status awsmap__sigv4_canonical_path(awsmap__buf *out, const char *path, size_t len,
                                           bool normalize_path, bool double_encode) {
  if (len == 0)
    return awsmap__buf_putc(out, '/') == AWSMAP_OK ? AWSMAP_OK
                                                   : awsmap__error_nomem("sigv4:canonicalize");
  if (path[0] != '/')
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:canonicalize",
                             "the request path must start with '/'");
  size_t bad = bad_escape_at(path, len);
  if (bad < len)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:canonicalize",
                             "bad percent-encoding in the request path at byte %zu", bad);
  /* single encoding keeps what the caller already encoded, as S3 and the
   * AWS SDKs do, and encodes only raw bytes that may not appear in a path */
  enum escapes esc = double_encode ? ESC_ENCODE : ESC_KEEP;
  if (!normalize_path || !needs_normalizing(path, len))
    return encode(out, path, len, esc, true);
  awsmap__buf norm = AWSMAP__BUF_INIT;
  awsmap_status st = normalize(&norm, path, len);
  if (st == AWSMAP_OK)
    st = encode(out, norm.ptr, norm.len, esc, true);
  awsmap__buf_dispose(&norm);
  return st;
}

/* ---- query -------------------------------------------------------------- */

static awsmap_status params_push(awsmap__sigv4_params *p, size_t key_off, size_t key_len,
                                 size_t value_off, size_t value_len) {
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    awsmap__sigv4_param *items = awsmap__realloc(p->items, cap * sizeof *items);
    if (!items)
      return awsmap__error_nomem("sigv4:canonicalize");
    p->items = items;
    p->cap = cap;
  }
  p->items[p->count++] = (awsmap__sigv4_param){key_off, key_len, value_off, value_len};
  return AWSMAP_OK;
}

static awsmap_status add(awsmap__sigv4_params *p, const char *key, size_t key_len,
                         const char *value, size_t value_len, enum escapes esc) {
  size_t key_off = p->text.len;
  awsmap_status st = encode(&p->text, key, key_len, esc, false);
  if (st != AWSMAP_OK)
    return st;
  size_t value_off = p->text.len;
  st = encode(&p->text, value, value_len, esc, false);
  if (st != AWSMAP_OK)
    return st;
  return params_push(p, key_off, value_off - key_off, value_off, p->text.len - value_off);
}

awsmap_status awsmap__sigv4_params_parse(awsmap__sigv4_params *p, const char *query, size_t len) {
  size_t bad = bad_escape_at(query, len);
  if (bad < len)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:canonicalize",
                             "bad percent-encoding in the query string at byte %zu", bad);
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && query[i] != '&')
      continue;
    const char *part = query + start;
    size_t n = i - start;
    start = i + 1;
    if (n == 0)
      continue;
    const char *eq = memchr(part, '=', n);
    size_t key_len = eq ? (size_t)(eq - part) : n;
    const char *value = eq ? eq + 1 : part + n;
    size_t value_len = eq ? n - key_len - 1 : 0;
    awsmap_status st = add(p, part, key_len, value, value_len, ESC_DECODE);
    if (st != AWSMAP_OK)
      return st;
  }
  return AWSMAP_OK;
}

awsmap_status awsmap__sigv4_params_add_raw(awsmap__sigv4_params *p, const char *key,
                                           size_t key_len, const char *value, size_t value_len) {
  return add(p, key, key_len, value, value_len, ESC_ENCODE);
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn) {
  int c = memcmp(a, b, an < bn ? an : bn);
  return c ? c : (an < bn ? -1 : an > bn);
}

static int param_cmp(const void *x, const void *y, void *ctx) {
  const awsmap__sigv4_param *a = x, *b = y;
  const char *t = ctx;
  int c = cmp_bytes(t + a->key_off, a->key_len, t + b->key_off, b->key_len);
  return c ? c : cmp_bytes(t + a->value_off, a->value_len, t + b->value_off, b->value_len);
}

void awsmap__sigv4_params_sort(awsmap__sigv4_params *p) {
  if (p->count > 1)
    qsort_r(p->items, p->count, sizeof *p->items, param_cmp, p->text.ptr);
}

awsmap_status awsmap__sigv4_params_join(const awsmap__sigv4_params *p, awsmap__buf *out) {
  if (awsmap__buf_reserve(out, p->text.len + 2 * p->count) != AWSMAP_OK)
    return awsmap__error_nomem("sigv4:canonicalize");
  for (size_t i = 0; i < p->count; i++) {
    const awsmap__sigv4_param *it = &p->items[i];
    if (i)
      out->ptr[out->len++] = '&';
    memcpy(out->ptr + out->len, p->text.ptr + it->key_off, it->key_len);
    out->len += it->key_len;
    out->ptr[out->len++] = '=';
    memcpy(out->ptr + out->len, p->text.ptr + it->value_off, it->value_len);
    out->len += it->value_len;
  }
  if (out->ptr)
    out->ptr[out->len] = '\0';
  return AWSMAP_OK;
}

void awsmap__sigv4_params_dispose(awsmap__sigv4_params *p) {
  awsmap__buf_dispose_secret(&p->text); /* may hold a session token */
  awsmap__free(p->items);
  p->items = NULL;
  p->count = p->cap = 0;
}

/* ---- headers ------------------------------------------------------------ */

/* RFC 9110 token characters. */
static bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

bool awsmap__sigv4_valid_header_name(const char *name, size_t len) {
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!is_tchar((unsigned char)name[i]))
      return false;
  return true;
}

static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool awsmap__sigv4_valid_header_value(const char *value, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)value[i];
    if (c >= 0x20 && c != 0x7f)
      continue; /* printable (and UTF-8 bytes): the common case first */
    if (c == '\r' || c == '\n') {
      /* obs-fold only: a line break must be followed by SP or HT */
      size_t j = i;
      while (j < len && (value[j] == '\r' || value[j] == '\n'))
        j++;
      if (j == len || (value[j] != ' ' && value[j] != '\t'))
        return false;
      i = j;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return false;
  }
  return true;
}

static int lower_cmp(const char *a, size_t an, const char *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  for (size_t i = 0; i < n; i++) {
    unsigned char x = (unsigned char)awsmap__tolower(a[i]);
    unsigned char y = (unsigned char)awsmap__tolower(b[i]);
    if (x != y)
      return x < y ? -1 : 1;
  }
  return an < bn ? -1 : an > bn;
}

static int hdr_cmp(const void *x, const void *y) {
  const awsmap__sigv4_hdr *a = x, *b = y;
  int c = lower_cmp(a->name, a->name_len, b->name, b->name_len);
  if (c)
    return c;
  return a->order < b->order ? -1 : a->order > b->order;
}

void awsmap__sigv4_sort_headers(awsmap__sigv4_hdr *hdrs, size_t count) {
  if (count > 1)
    qsort(hdrs, count, sizeof *hdrs, hdr_cmp);
}

awsmap_status awsmap__sigv4_append_folded(awsmap__buf *out, const char *value, size_t len) {
  if (awsmap__buf_reserve(out, len) != AWSMAP_OK)
    return awsmap__error_nomem("sigv4:canonicalize");
  /* Most values (tokens, dates, hosts) hold no whitespace: one block copy.
   * memchr scans a word at a time; the byte loop below is the general case. */
  if (!memchr(value, ' ', len) && !memchr(value, '\t', len) && !memchr(value, '\r', len) &&
      !memchr(value, '\n', len)) {
    memcpy(out->ptr + out->len, value, len);
    out->len += len;
    out->ptr[out->len] = '\0';
    return AWSMAP_OK;
  }
  char *p = out->ptr + out->len;
  bool pending_space = false, any = false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)value[i];
    if (is_ws(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space)
      *p++ = ' ';
    pending_space = false;
    any = true;
    *p++ = (char)c;
  }
  out->len = (size_t)(p - out->ptr);
  *p = '\0';
  return AWSMAP_OK;
}
