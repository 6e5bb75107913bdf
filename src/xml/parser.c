/* The streaming tokenizer behind xml.h: a hand-written parser for the XML
 * that AWS APIs speak, fed in arbitrary chunks. This file: the interface,
 * the carrying of cut tokens from feed to feed, positions and errors; the
 * steps themselves are in content.c and markup.c (see tokenizer.h).
 *
 * Each feed is scanned in place. A token (tag, reference, comment, ...) is
 * acted on only once it is complete; one cut by the end of a chunk is kept in
 * `pend` and parsed again with the following bytes. A small token completes
 * with a few more bytes; a large one is retried only each time the bytes kept
 * have doubled, so a token split over many chunks still costs linear time.
 * Character data is copied in bulk into the text buffer as it is scanned, so
 * only its last few bytes (a cut UTF-8 sequence, a CR, a ']') ever wait.
 * Line and column are counted lazily over the bytes consumed (memchr), not
 * per byte in the hot loops. */
#include "xml/tokenizer.h"

#include <stdio.h>
#include <string.h>

/* ---- positions and errors ------------------------------------------------ */

/* Advances the line count over [s, e), which starts at absolute offset abs. A line ends at
 * LF, CR LF or a lone CR. */
static void count_lines(position *p, const uchar *s, const uchar *e, size_t abs) {
  if (s == e)
    return;
  if (p->cr_at_end && *s != '\n') {
    p->line++;
    p->line_start = abs;
  }
  const uchar *last = NULL;
  for (const uchar *q = s; (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++) {
    p->line++;
    last = q;
  }
  for (const uchar *q = s; (q = memchr(q, '\r', (size_t)(e - q))) != NULL; q++) {
    if (q + 1 < e && q[1] != '\n') {
      p->line++;
      if (!last || q > last)
        last = q;
    }
  }
  if (last)
    p->line_start = abs + (size_t)(last + 1 - s);
  p->cr_at_end = e[-1] == '\r';
}

/* Records a parse error at `at` (within the bytes being parsed). */
int awsmap__xml_fail_at(awsmap__xml_parser *p, const uchar *at, const char *fmt, ...) {
  char what[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  position q = p->pos; /* a copy: the committed position stays at base */
  count_lines(&q, p->base, at, p->abs);
  if (q.cr_at_end) { /* a lone CR just before the fault (which is never a LF) */
    q.line++;
    q.line_start = p->abs + (size_t)(at - p->base);
  }
  size_t col = p->abs + (size_t)(at - p->base) - q.line_start + 1;
  p->status = AWSMAP_ERR_PARSE;
  awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "XML parse error at line %zu, column %zu: %s", q.line,
                    col, what);
  return STOP;
}

int awsmap__xml_fail_status(awsmap__xml_parser *p, awsmap_status st) {
  p->status = st;
  return STOP;
}

/* Up to 40 bytes of a name or token for messages, stopping at the first byte that cannot
 * be part of a name. */
int awsmap__xml_shown(const uchar *s, const uchar *e) {
  int n = 0;
  while (s + n < e && n < 40 && (s[n] >= 0x80 || (awsmap__xml_class[s[n]] & AWSMAP__XC_NAME)))
    n++;
  return n;
}

/* Decodes a non-ASCII character at s, with the document's rules. Returns its length,
 * 0 when e cuts it (MORE), or -1 after recording the error. */
int awsmap__xml_decode(awsmap__xml_parser *p, const uchar *s, const uchar *e, uint32_t *cp) {
  if (p->ascii_only) {
    awsmap__xml_fail_at(p, s, "byte 0x%02X in a document declared US-ASCII", *s);
    return -1;
  }
  int n = awsmap__xml_utf8(s, e, cp);
  if (n >= 0)
    return n;
  if (n == -2)
    awsmap__xml_fail_at(p, s, "character U+%04X is not allowed in XML", (unsigned)*cp);
  else
    awsmap__xml_fail_at(p, s, "invalid UTF-8 byte 0x%02X", *s);
  return -1;
}

/* Rejects a byte that is neither allowed ASCII nor the start of UTF-8. */
int awsmap__xml_bad_byte(awsmap__xml_parser *p, const uchar *s, const char *where) {
  return awsmap__xml_fail_at(p, s, "invalid character 0x%02X in %s", *s, where);
}

/* ---- names ------------------------------------------------------------- */

/* Scans the Name at *sp, leaving *sp at its end. MORE when e cuts it, STOP (error recorded
 * with `what`) when no Name starts there. */
int awsmap__xml_scan_name(awsmap__xml_parser *p, const uchar **sp, const uchar *e,
                          const char *what) {
  const uchar *s = *sp;
  uint32_t cp;
  if (s == e)
    return MORE;
  if (awsmap__xml_class[*s] & AWSMAP__XC_NAME_START) {
    s++;
  } else if (*s >= 0x80) {
    int n = awsmap__xml_decode(p, s, e, &cp);
    if (n <= 0)
      return n ? STOP : MORE;
    if (!awsmap__xml_name_start_cp(cp))
      return awsmap__xml_fail_at(p, s, "%s expected", what);
    s += n;
  } else {
    return awsmap__xml_fail_at(p, s, "%s expected", what);
  }
  for (;;) {
    while (s < e && (awsmap__xml_class[*s] & AWSMAP__XC_NAME))
      s++;
    if (s == e)
      return MORE;
    if (*s < 0x80)
      break;
    int n = awsmap__xml_decode(p, s, e, &cp);
    if (n <= 0)
      return n ? STOP : MORE;
    if (!awsmap__xml_name_cp(cp))
      break;
    s += n;
  }
  *sp = s;
  return DONE;
}

/* ---- text ----------------------------------------------------------------- */

int awsmap__xml_add_text_slow(awsmap__xml_parser *p, const void *s, size_t n) {
  awsmap__buf *t = &p->text;
  if (t->cap - t->len > n + SLACK) {
    memcpy(t->ptr + t->len, s, n);
    t->len += n;
    return DONE;
  }
  /* growth wipes the old allocation: text may be a secret */
  if (awsmap__buf_put_secret(t, s, n) != AWSMAP_OK || awsmap__buf_reserve(t, SLACK) != AWSMAP_OK)
    return awsmap__xml_fail_status(p, awsmap__error_nomem("xml"));
  return DONE;
}

/* Parses as much of [buf, buf + len) as forms complete tokens; returns the bytes consumed.
 * Stops early on an error (p->status set). */
static size_t run(awsmap__xml_parser *p, const uchar *buf, size_t len) {
  const uchar *s = buf, *e = buf + len;
  p->base = buf;
  int r = DONE;
  while (s < e && r == DONE) {
    switch (p->state) {
    case ST_CONTENT:
      r = awsmap__xml_content(p, &s, e);
      break;
    case ST_PROLOG:
    case ST_EPILOG:
      r = awsmap__xml_misc(p, &s, e);
      break;
    default:
      r = awsmap__xml_begin(p, &s, e);
      break;
    }
  }
  size_t used = (size_t)(s - buf);
  if (p->status == AWSMAP_OK) {
    count_lines(&p->pos, buf, s, p->abs);
    p->abs += used;
  }
  return used;
}

/* ---- the interface ------------------------------------------------------- */

awsmap__xml_parser *awsmap__xml_parser_new(const awsmap__xml_handler *h, void *ctx,
                                           size_t max_bytes) {
  awsmap__xml_parser *p = awsmap__calloc(1, sizeof *p);
  if (!p)
    return NULL;
  if (h)
    p->h = *h;
  p->ctx = ctx;
  p->max_bytes = max_bytes;
  p->state = ST_BEGIN;
  p->pos.line = 1;
  /* both buffers always exist, with SLACK bytes of room */
  if (awsmap__buf_reserve(&p->text, 8 * SLACK) != AWSMAP_OK ||
      awsmap__buf_reserve(&p->names, 8 * SLACK) != AWSMAP_OK) {
    awsmap__xml_parser_free(p);
    return NULL;
  }
  p->text.ptr[0] = '\0';
  memset(p->names.ptr, 0, p->names.cap);
  return p;
}

static awsmap_status keep(awsmap__xml_parser *p, const char *data, size_t len) {
  if (awsmap__buf_put_secret(&p->pend, data, len) != AWSMAP_OK) {
    p->status = AWSMAP_ERR_NOMEM;
    return awsmap__error_nomem("xml");
  }
  return AWSMAP_OK;
}

/* Brings the kept token and the next bytes of data together until the token completes;
 * leaves *data and *len at the first byte not yet parsed. */
static awsmap_status resume(awsmap__xml_parser *p, const char **data, size_t *len) {
  while (*len && p->pend.len) {
    size_t old = p->pend.len;
    size_t take = p->pend_large ? *len : (*len < SMALL_RETRY ? *len : SMALL_RETRY);
    if (keep(p, *data, take) != AWSMAP_OK)
      return p->status;
    *data += take;
    *len -= take;
    if (p->pend_large && p->pend.len < 2 * p->pend_tried)
      continue; /* retried when twice as many bytes are kept: linear overall */
    p->pend_tried = p->pend.len;
    size_t used = run(p, (const uchar *)p->pend.ptr, p->pend.len);
    if (p->status != AWSMAP_OK)
      return p->status;
    if (used >= old) { /* the kept token is done; what follows is in data again */
      size_t back = p->pend.len - used;
      *data -= back;
      *len += back;
      p->pend.len = 0;
      p->pend_large = false;
    } else {
      memmove(p->pend.ptr, p->pend.ptr + used, p->pend.len - used);
      p->pend.len -= used;
      p->pend_large = true;
      p->pend_tried = p->pend.len;
    }
  }
  return AWSMAP_OK;
}

awsmap_status awsmap__xml_parser_feed(awsmap__xml_parser *p, const char *data, size_t len) {
  if (!p)
    return AWSMAP_ERR_INVALID_ARG;
  if (p->status != AWSMAP_OK)
    return p->status;
  if (p->finished)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "xml", "feed after finish");
  if (p->max_bytes && (len > p->max_bytes || p->fed > p->max_bytes - len)) {
    p->status = AWSMAP_ERR_TOO_LARGE;
    return awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "xml",
                             "XML document larger than the %zu-byte limit", p->max_bytes);
  }
  if (!data && len)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "xml", "feed: NULL data");
  p->fed += len;
  if (resume(p, &data, &len) != AWSMAP_OK || !len)
    return p->status;
  size_t used = run(p, (const uchar *)data, len);
  if (p->status != AWSMAP_OK)
    return p->status;
  if (used < len) {
    p->pend_large = false;
    return keep(p, data + used, len - used);
  }
  return AWSMAP_OK;
}

awsmap_status awsmap__xml_parser_finish(awsmap__xml_parser *p) {
  if (!p)
    return AWSMAP_ERR_INVALID_ARG;
  if (p->status != AWSMAP_OK || p->finished)
    return p->status;
  p->finished = true;
  size_t used = 0;
  if (p->pend.len) { /* a large token may be complete but not yet retried */
    used = run(p, (const uchar *)p->pend.ptr, p->pend.len);
    if (p->status != AWSMAP_OK)
      return p->status;
  }
  if (used < p->pend.len || p->state != ST_EPILOG) {
    bool empty = p->state < ST_CONTENT && used == p->pend.len;
    static const uchar none;
    p->base = p->pend.len ? (const uchar *)p->pend.ptr + used : &none;
    awsmap__xml_fail_at(p, p->base, "%s",
                        empty ? "document empty (no root element)" : "document truncated");
  }
  return p->status;
}

void awsmap__xml_parser_free(awsmap__xml_parser *p) {
  if (!p)
    return;
  awsmap__buf_dispose_secret(&p->text);
  awsmap__buf_dispose_secret(&p->pend);
  awsmap__buf_dispose(&p->names);
  awsmap__free(p);
}
