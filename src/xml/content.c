/* The hot path: elements and character data inside the root. Start and end
 * tags with plain ASCII names, and runs of text, are scanned 16 bytes at a
 * time (SSE2) and handled inline in one loop; anything else goes to the
 * general steps. Element names are kept in one growing buffer with offsets,
 * text in one reused buffer: nothing is allocated per element. */
#include "xml/tokenizer.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Where the local name starts in qualified name q: after the first ':' when a prefix and
 * an NCName start surround it (libxml2's reading, which consumers were written against);
 * otherwise the whole name is local. */
static uint32_t local_offset(const uchar *q, size_t len) {
  const uchar *colon = memchr(q, ':', len);
  if (!colon || colon == q || (size_t)(colon + 1 - q) == len)
    return 0;
  const uchar *l = colon + 1;
  uint32_t cp;
  bool start = *l < 0x80 ? *l != ':' && (awsmap__xml_class[*l] & AWSMAP__XC_NAME_START)
                         : awsmap__xml_utf8(l, q + len, &cp) > 0 && awsmap__xml_name_start_cp(cp);
  return start ? (uint32_t)(l - q) : 0;
}

/* The end of the run of ASCII NCName characters at q (letters, digits, - . _). */
HOT const uchar *skip_ncname(const uchar *q, const uchar *e) {
#if defined(__SSE2__)
  /* unsigned range checks as signed compares: x + (0x80 - lo) < -128 + n  <=>  x - lo < n */
  const __m128i a = _mm_set1_epi8((char)(0x80 - 'a')), letters = _mm_set1_epi8((char)(0x80 + 26)),
                zero = _mm_set1_epi8((char)(0x80 - '0')), digits = _mm_set1_epi8((char)(0x80 + 10)),
                low = _mm_set1_epi8(0x20), dash = _mm_set1_epi8('-'), dot = _mm_set1_epi8('.'),
                under = _mm_set1_epi8('_');
  while (e - q >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i ok =
        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, low), a), letters),
                                  _mm_cmplt_epi8(_mm_add_epi8(v, zero), digits)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_cmpeq_epi8(v, dot)),
                                  _mm_cmpeq_epi8(v, under)));
    unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0xFFFF;
    if (bad)
      return q + __builtin_ctz(bad);
    q += 16;
  }
#endif
  while (q < e && (awsmap__xml_class[*q] & AWSMAP__XC_NC))
    q++;
  return q;
}

/* Appends n bytes at s, of which `readable` can be read, to the text. The text is
 * NUL-terminated only when reported (emit_end); there is always room for the NUL. */
HOT int add_text(awsmap__xml_parser *p, const uchar *s, size_t n, size_t readable) {
  awsmap__buf *t = &p->text;
  if (n <= SLACK && readable >= SLACK && t->cap - t->len > SLACK) { /* the common case */
    memcpy(t->ptr + t->len, s, SLACK);
    t->len += n;
    return DONE;
  }
  return awsmap__xml_add_text_slow(p, s, n);
}

static void clear_text(awsmap__xml_parser *p) { p->text.len = 0; }

/* The first byte at or after s that plain character data cannot copy as is: < & ] and
 * anything below 0x20 or above 0x7F (tab and LF stop here too; the caller goes on). */
HOT const uchar *skip_plain(const uchar *s, const uchar *e) {
  if (s < e && *s == '<') /* markup right after markup: no text */
    return s;
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), rb = _mm_set1_epi8(']'),
                sp = _mm_set1_epi8(0x20);
  while (e - s >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, rb), _mm_cmplt_epi8(v, sp)));
    int bits = _mm_movemask_epi8(m);
    if (bits)
      return s + __builtin_ctz((unsigned)bits);
    s += 16;
  }
#endif
  while (s < e && (awsmap__xml_class[*s] & AWSMAP__XC_TEXT) && *s >= 0x20)
    s++;
  return s;
}

/* ---- elements ------------------------------------------------------------- */

/* Makes room for n more bytes and SLACK in the names buffer. The room is zeroed: the
 * 16-byte compares of same_name() read past a name's end and mask what they read. */
static int grow_names(awsmap__xml_parser *p, size_t n) {
  awsmap__buf *b = &p->names;
  size_t old = b->cap;
  if (n > UINT32_MAX - SLACK - b->len)
    return awsmap__xml_fail_at(p, p->base, "element names longer than 4 GB");
  if (awsmap__buf_reserve(b, n + SLACK) != AWSMAP_OK)
    return awsmap__xml_fail_status(p, awsmap__error_nomem("xml"));
  memset(b->ptr + old, 0, b->cap - old);
  return DONE;
}

/* Opens an element whose complete start tag named it [name, name + len) (readable bytes
 * there): records the name and reports the start. */
HOT int open_element(awsmap__xml_parser *p, const uchar *name, size_t len, uint32_t lo,
                               size_t readable) {
  int d = p->depth;
  size_t off = p->names.len;
  if (p->names.cap - off <= len + SLACK && grow_names(p, len) != DONE)
    return STOP;
  char *dst = p->names.ptr + off;
  if (len <= SLACK && readable >= SLACK)
    memcpy(dst, name, SLACK);
  else
    memcpy(dst, name, len);
  dst[len] = '\0';
  p->names.len = off + len + 1;
  p->name_off[d] = (uint32_t)off;
  p->name_len[d] = (uint32_t)len;
  p->local_off[d] = lo;
  clear_text(p);
  if (p->h.start) {
    awsmap_status st = p->h.start(p->ctx, d, dst + lo, len - lo);
    if (st != AWSMAP_OK)
      return awsmap__xml_fail_status(p, st);
  }
  p->depth = d + 1;
  p->state = ST_CONTENT;
  return DONE;
}

/* Closes the innermost element: reports its end with the text read since. */
HOT int emit_end(awsmap__xml_parser *p) {
  int d = --p->depth;
  if (p->h.end) {
    p->text.ptr[p->text.len] = '\0';
    const char *q = p->names.ptr + p->name_off[d];
    uint32_t lo = p->local_off[d];
    awsmap_status st = p->h.end(p->ctx, d, q + lo, p->name_len[d] - lo, p->text.ptr, p->text.len);
    if (st != AWSMAP_OK)
      return awsmap__xml_fail_status(p, st);
  }
  clear_text(p);
  p->names.len = p->name_off[d];
  if (d == 0)
    p->state = ST_EPILOG;
  return DONE;
}

/* An attribute value at *sp (the opening quote): checked, not kept. */
static int attr_value(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp;
  uchar quote = *s++;
  uint32_t cp;
  for (;;) {
    while (s < e && (awsmap__xml_class[*s] & AWSMAP__XC_ATTR))
      s++;
    if (s == e)
      return MORE;
    uchar c = *s;
    if (c == quote) {
      *sp = s + 1;
      return DONE;
    }
    if (c == '"' || c == '\'') {
      s++;
    } else if (c == '&') {
      int r = awsmap__xml_reference(p, &s, e, NULL);
      if (r != DONE)
        return r;
    } else if (c == '<') {
      return awsmap__xml_fail_at(p, s, "'<' in an attribute value");
    } else if (c >= 0x80) {
      int n = awsmap__xml_decode(p, s, e, &cp);
      if (n <= 0)
        return n ? STOP : MORE;
      s += n;
    } else {
      return awsmap__xml_bad_byte(p, s, "an attribute value");
    }
  }
}

/* A start tag at *sp ('<' then a name start). */
int awsmap__xml_start_tag(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp, *name = s + 1, *q = name;
  int r;
  uint32_t lo = 0;
  /* the fast path: an ASCII name without a prefix */
  if (awsmap__xml_class[*q] & AWSMAP__XC_NC_START)
    q = skip_ncname(q + 1, e);
  if (q == name || q == e || *q == ':' || *q >= 0x80) {
    q = name;
    if ((r = awsmap__xml_scan_name(p, &q, e, "element name")) != DONE)
      return r;
    lo = local_offset(name, (size_t)(q - name));
  }
  size_t name_len = (size_t)(q - name);
  bool empty;
  for (;;) {
    if (q == e)
      return MORE;
    uchar c = *q;
    if (c == '>') {
      q++;
      empty = false;
      break;
    }
    if (c == '/') {
      if (q + 1 == e)
        return MORE;
      if (q[1] != '>')
        return awsmap__xml_fail_at(p, q, "'>' expected after '/'");
      q += 2;
      empty = true;
      break;
    }
    if (!(awsmap__xml_class[c] & AWSMAP__XC_SPACE))
      return awsmap__xml_fail_at(p, q, "white space, '>' or '/>' expected in the tag of '%.*s'",
                                 (int)(name_len > 40 ? 40 : name_len), (const char *)name);
    q = awsmap__xml_skip_space(q, e);
    if (q == e)
      return MORE;
    if (*q == '>' || *q == '/')
      continue;
    /* an attribute: Name Eq quoted value, not reported */
    if ((r = awsmap__xml_scan_name(p, &q, e, "attribute name")) != DONE)
      return r;
    q = awsmap__xml_skip_space(q, e);
    if (q == e)
      return MORE;
    if (*q != '=')
      return awsmap__xml_fail_at(p, q, "'=' expected after an attribute name");
    q = awsmap__xml_skip_space(q + 1, e);
    if (q == e)
      return MORE;
    if (*q != '"' && *q != '\'')
      return awsmap__xml_fail_at(p, q, "quoted attribute value expected");
    if ((r = attr_value(p, &q, e)) != DONE)
      return r;
  }
  if (p->depth >= AWSMAP__XML_MAX_DEPTH)
    return awsmap__xml_fail_at(p, s, "nesting deeper than %d levels", AWSMAP__XML_MAX_DEPTH);
  if ((r = open_element(p, name, name_len, lo, (size_t)(e - name))) != DONE)
    return r;
  *sp = q;
  return empty ? emit_end(p) : DONE;
}

/* Whether the len bytes at q (avail of them readable) are the name `open` (which has
 * SLACK readable bytes past its start, see open_element). */
HOT bool same_name(const uchar *q, size_t avail, const char *open, size_t len) {
#if defined(__SSE2__)
  if (len <= 32 && avail >= 32) {
    const __m128i *a = (const __m128i *)(const void *)q, *b = (const __m128i *)(const void *)open;
    uint64_t eq =
        (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(a), _mm_loadu_si128(b))) |
        (uint64_t)(uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128(a + 1), _mm_loadu_si128(b + 1)))
            << 16;
    uint64_t want = ((uint64_t)1 << len) - 1;
    return (eq & want) == want;
  }
#endif
  return memcmp(q, open, len) == 0;
}

/* An end tag at *sp ("</"): it must name the innermost open element. */
static int end_tag(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp, *q = s + 2;
  int d = p->depth - 1;
  const char *open = p->names.ptr + p->name_off[d];
  size_t len = p->name_len[d], avail = (size_t)(e - q);
  if (avail > len && same_name(q, avail, open, len)) {
    q += len;
    if (*q == '>') { /* the common case */
      *sp = q + 1;
      return emit_end(p);
    }
    if (*q < 0x80 && !(awsmap__xml_class[*q] & AWSMAP__XC_NAME)) { /* the name ends here */
      q = awsmap__xml_skip_space(q, e);
      if (q == e)
        return MORE;
      if (*q != '>')
        return awsmap__xml_fail_at(p, q, "'>' expected to close the end tag of '%.*s'",
                                   (int)(len > 40 ? 40 : len), open);
      *sp = q + 1;
      return emit_end(p);
    }
  } else if (avail <= len && memcmp(q, open, avail) == 0) {
    return MORE; /* may still match */
  }
  return awsmap__xml_fail_at(p, s, "end tag '%.*s' does not match start tag '%.*s'",
                             awsmap__xml_shown(s + 2, e), (const char *)s + 2,
                             (int)(len > 40 ? 40 : len), open);
}

/* ---- the states ---------------------------------------------------------- */

/* Character data and markup inside the root element. */
int awsmap__xml_content(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp, *run = s;
  int r = DONE;
  uint32_t cp;
  for (;;) {
    s = skip_plain(s, e);
    if (s == e)
      break;
    uchar c = *s;
    if (c == '<' || c == '&') {
      if (s > run && add_text(p, run, (size_t)(s - run), (size_t)(e - run)) != DONE)
        return STOP;
      if (c == '&') {
        r = awsmap__xml_reference(p, &s, e, &p->text);
      } else if (e - s < 2) {
        r = MORE;
      } else if (s[1] == '/') {
        /* the fast path: "</name>" closing the innermost element */
        const uchar *q = s + 2;
        int d = p->depth - 1;
        size_t len = p->name_len[d];
        if ((size_t)(e - q) > len &&
            same_name(q, (size_t)(e - q), p->names.ptr + p->name_off[d], len) && q[len] == '>') {
          s = run = q + len + 1;
          if ((r = emit_end(p)) != DONE || d == 0)
            break;
          continue;
        }
        r = end_tag(p, &s, e);
      } else if (awsmap__xml_class[s[1]] & AWSMAP__XC_NC_START) {
        /* the fast path: "<name>" with an ASCII name, no prefix, no attributes */
        const uchar *q = skip_ncname(s + 2, e);
        if (q < e && *q == '>' && p->depth < AWSMAP__XML_MAX_DEPTH) {
          if ((r = open_element(p, s + 1, (size_t)(q - s - 1), 0, (size_t)(e - s - 1))) != DONE)
            break;
          s = run = q + 1;
          continue;
        }
        r = awsmap__xml_start_tag(p, &s, e);
      } else if (s[1] == '!') {
        r = awsmap__xml_bang(p, &s, e);
      } else if (s[1] == '?') {
        r = awsmap__xml_pi(p, &s, e);
      } else {
        r = awsmap__xml_start_tag(p, &s, e);
      }
      run = s;
      if (r != DONE || p->state != ST_CONTENT)
        break;
    } else if (c == '\n' || c == '\t') {
      s++;
    } else if (c == '\r') {
      if (s + 1 == e) {
        r = MORE; /* a LF may follow */
        break;
      }
      if (awsmap__xml_add_text_slow(p, run, (size_t)(s - run)) != DONE ||
          awsmap__xml_add_text_slow(p, "\n", 1) != DONE)
        return STOP;
      s += s[1] == '\n' ? 2 : 1;
      run = s;
    } else if (c == ']') {
      if (e - s < 3 && (s + 1 == e || s[1] == ']')) {
        r = MORE; /* may be "]]>" */
        break;
      }
      if (s[1] == ']' && s[2] == '>') {
        r = awsmap__xml_fail_at(p, s, "']]>' is not allowed in character data");
        break;
      }
      s++;
    } else if (c >= 0x80) {
      int n = awsmap__xml_decode(p, s, e, &cp);
      if (n <= 0) {
        r = n ? STOP : MORE;
        break;
      }
      s += n;
    } else {
      r = awsmap__xml_bad_byte(p, s, "character data");
      break;
    }
  }
  if (r != STOP && s > run && add_text(p, run, (size_t)(s - run), (size_t)(e - run)) != DONE)
    r = STOP;
  *sp = s;
  return r;
}