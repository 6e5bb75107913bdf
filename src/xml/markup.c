/* The rarer constructs: references, comments, processing instructions, CDATA,
 * the XML declaration and BOM, and what may surround the root element. */
#include "xml/tokenizer.h"

#include <string.h>

/* A reference at *sp ('&'): a character reference or one of the five predefined entities.
 * Its character is appended to out (NULL: only checked, as in attribute values). */
int awsmap__xml_reference(awsmap__xml_parser *p, const uchar **sp, const uchar *e,
                          awsmap__buf *out) {
  const uchar *s = *sp, *q = s + 1;
  char utf8[4];
  size_t n;
  if (q == e)
    return MORE;
  if (*q == '#') {
    bool hex = ++q < e && *q == 'x';
    q += hex;
    uint32_t v = 0;
    const uchar *digits = q;
    for (; q < e; q++) {
      int d = hex ? awsmap__hexval((char)*q) : (*q >= '0' && *q <= '9' ? *q - '0' : -1);
      if (d < 0)
        break;
      v = v * (hex ? 16 : 10) + (uint32_t)d;
      if (v > 0x10FFFF)
        v = 0x110000; /* stays out of range */
    }
    if (q == e)
      return MORE;
    if (q == digits || *q != ';')
      return awsmap__xml_fail_at(p, s, "malformed character reference");
    if (!awsmap__xml_is_char(v))
      return awsmap__xml_fail_at(p, s, "character reference &#%s%.*s; is not an XML character",
                                 hex ? "x" : "", (int)(q - digits), (const char *)digits);
    n = awsmap__xml_put_utf8(v, utf8);
  } else {
    int r = awsmap__xml_scan_name(p, &q, e, "entity name after '&'");
    if (r != DONE)
      return r;
    if (*q != ';')
      return awsmap__xml_fail_at(p, q, "';' expected after entity name");
    size_t len = (size_t)(q - s - 1);
    static const char *const names[] = {"lt", "gt", "amp", "apos", "quot"};
    static const char chars[] = "<>&'\"";
    n = 0;
    for (size_t i = 0; i < AWSMAP__ARRAY_LEN(names); i++)
      if (strlen(names[i]) == len && memcmp(names[i], s + 1, len) == 0) {
        utf8[0] = chars[i];
        n = 1;
      }
    if (!n)
      return awsmap__xml_fail_at(p, s,
                                 "undefined entity '&%.*s;' (only the five predefined ones exist)",
                                 (int)(len > 40 ? 40 : len), (const char *)s + 1);
  }
  *sp = q + 1;
  return out ? awsmap__xml_add_text_slow(p, utf8, n) : DONE;
}

/* ---- comments, PIs, CDATA ------------------------------------------------ */

/* Scans [s, e) for the end of a comment, PI or CDATA body: the first `stop` byte that
 * begins `end` (2 or 3 bytes). Checks every character on the way; with text set, copies
 * the body to the text buffer (CDATA), CR LF and lone CR read as LF. Returns where the
 * body ends in *body_end. For comments, "--" may only appear as part of "-->". */
static int body(awsmap__xml_parser *p, const uchar *s, const uchar *e, const char *end,
                const char *what, bool text, const uchar **body_end) {
  uchar stop = (uchar)end[0];
  size_t end_len = strlen(end);
  bool comment = stop == '-';
  uint32_t cp;
  /* a first pass finds the end, so nothing is copied for a body still cut */
  const uchar *q = s;
  for (;;) {
    while (q < e && (awsmap__xml_class[*q] & AWSMAP__XC_MISC))
      q++;
    if (q == e)
      return MORE;
    if (*q == stop) {
      if ((size_t)(e - q) < end_len)
        return MORE;
      if (memcmp(q, end, end_len) == 0)
        break;
      if (comment && q[1] == '-')
        return awsmap__xml_fail_at(p, q, "'--' inside a comment");
      q++;
    } else if (*q >= 0x80) {
      int n = awsmap__xml_decode(p, q, e, &cp);
      if (n <= 0)
        return n ? STOP : MORE;
      q += n;
    } else if (*q == '-' || *q == '?' || *q == ']') {
      q++;
    } else {
      return awsmap__xml_bad_byte(p, q, what);
    }
  }
  *body_end = q;
  if (!text)
    return DONE;
  /* copy, normalising line ends */
  const uchar *run = s;
  for (const uchar *c = s; c < q; c++) {
    if (*c != '\r')
      continue;
    if (awsmap__xml_add_text_slow(p, run, (size_t)(c - run)) != DONE ||
        awsmap__xml_add_text_slow(p, "\n", 1) != DONE)
      return STOP;
    if (c + 1 < q && c[1] == '\n')
      c++;
    run = c + 1;
  }
  return awsmap__xml_add_text_slow(p, run, (size_t)(q - run));
}

/* A processing instruction at *sp ("<?"). */
int awsmap__xml_pi(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp, *q = s + 2;
  int r = awsmap__xml_scan_name(p, &q, e, "processing instruction target");
  if (r != DONE)
    return r;
  size_t len = (size_t)(q - s - 2);
  const uchar *t = s + 2;
  if (len == 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'l')
    return awsmap__xml_fail_at(p, s, "%s",
                               memcmp(t, "xml", 3) == 0
                                   ? "XML declaration allowed only at the start of the document"
                                   : "reserved processing instruction target");
  if (e - q < 2)
    return MORE;
  if (!(q[0] == '?' && q[1] == '>')) {
    if (!(awsmap__xml_class[*q] & AWSMAP__XC_SPACE))
      return awsmap__xml_fail_at(p, q,
                                 "white space expected after the processing instruction target");
    if ((r = body(p, q, e, "?>", "a processing instruction", false, &q)) != DONE)
      return r;
  }
  *sp = q + 2;
  return DONE;
}

/* Compares the bytes at s with the literal `lit`: 1 when they match, 0 when they differ,
 * -1 when e cuts them while they still match. */
static int literal(const uchar *s, const uchar *e, const char *lit) {
  size_t n = strlen(lit), avail = (size_t)(e - s);
  if (avail < n)
    return memcmp(s, lit, avail) == 0 ? -1 : 0;
  return memcmp(s, lit, n) == 0;
}

/* Markup that starts with "<!": a comment, CDATA (in content) or a refused DOCTYPE. */
int awsmap__xml_bang(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp, *q;
  int m = literal(s, e, "<!--");
  if (m == 1) {
    int r = body(p, s + 4, e, "-->", "a comment", false, &q);
    if (r == DONE)
      *sp = q + 3;
    return r;
  }
  if (m < 0)
    return MORE;
  if (p->state == ST_CONTENT) {
    m = literal(s, e, "<![CDATA[");
    if (m == 1) {
      int r = body(p, s + 9, e, "]]>", "a CDATA section", true, &q);
      if (r == DONE)
        *sp = q + 3;
      return r;
    }
  } else {
    m = literal(s, e, "<!DOCTYPE");
    if (m == 1)
      return awsmap__xml_fail_at(p, s, "DOCTYPE refused: document type definitions are never read");
  }
  if (m < 0)
    return MORE;
  return awsmap__xml_fail_at(p, s, "unexpected markup '<!%.*s'", awsmap__xml_shown(s + 2, e),
                             (const char *)s + 2);
}

/* White space, comments and PIs around the root element; the root's start tag. */
int awsmap__xml_misc(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp;
  int r = DONE;
  while (r == DONE && p->state != ST_CONTENT) {
    s = awsmap__xml_skip_space(s, e);
    if (s == e)
      break;
    bool prolog = p->state == ST_PROLOG;
    if (*s != '<')
      r = awsmap__xml_fail_at(p, s, "%s",
                              prolog ? "start tag expected, '<' not found"
                                     : "extra content at the end of the document");
    else if (e - s < 2)
      r = MORE;
    else if (s[1] == '?')
      r = awsmap__xml_pi(p, &s, e);
    else if (s[1] == '!')
      r = awsmap__xml_bang(p, &s, e);
    else if (prolog && s[1] != '/')
      r = awsmap__xml_start_tag(p, &s, e);
    else
      r = awsmap__xml_fail_at(
          p, s, "%s", prolog ? "start tag expected" : "extra content at the end of the document");
  }
  *sp = s;
  return r;
}

/* The first bytes: an optional BOM, then an optional XML declaration. */
int awsmap__xml_begin(awsmap__xml_parser *p, const uchar **sp, const uchar *e) {
  const uchar *s = *sp;
  if (p->state == ST_BEGIN) {
    int m = literal(s, e, "\xEF\xBB\xBF");
    if (m < 0)
      return MORE;
    s += m ? 3 : 0;
    p->state = ST_DECL;
    *sp = s;
    if (s == e)
      return DONE;
  }
  int m = literal(s, e, "<?xml");
  if (m < 0 || (m == 1 && e - s < 6))
    return MORE;
  if (m == 1 && (awsmap__xml_class[s[5]] & AWSMAP__XC_SPACE)) {
    const uchar *q = s + 5;
    while ((q = memchr(q, '?', (size_t)(e - q))) != NULL && q + 1 < e && q[1] != '>')
      q++;
    if (!q || q + 1 >= e)
      return MORE;
    const uchar *at;
    char why[120];
    if (!awsmap__xml_decl_check(s + 5, q, &p->ascii_only, &at, why, sizeof why))
      return awsmap__xml_fail_at(p, at, "%s", why);
    s = q + 2;
  }
  p->state = ST_PROLOG;
  *sp = s;
  return DONE;
}