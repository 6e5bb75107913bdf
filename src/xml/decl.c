/* The XML declaration, checked against production [23] of XML 1.0:
 *   '<?xml' S 'version' Eq Quoted(digit '.' digit*)
 *           (S 'encoding' Eq Quoted([A-Za-z] [A-Za-z0-9._-]*))?
 *           (S 'standalone' Eq Quoted('yes' | 'no'))? S? '?>'
 * Only version 1.x is accepted, and only UTF-8 or its subset US-ASCII:
 * the tokenizer reads nothing else. */
#include "xml/lex.h"

#include <stdio.h>
#include <string.h>

typedef struct cursor {
  const unsigned char *p, *e;
} cursor;

static bool skip_space(cursor *c) {
  const unsigned char *start = c->p;
  while (c->p < c->e && (awsmap__xml_class[*c->p] & AWSMAP__XC_SPACE))
    c->p++;
  return c->p > start;
}

static bool keyword(cursor *c, const char *kw) {
  size_t n = strlen(kw);
  if ((size_t)(c->e - c->p) < n || memcmp(c->p, kw, n) != 0)
    return false;
  c->p += n;
  return true;
}

/* Eq, then a quoted value: [*v, *v + *len). */
static bool quoted(cursor *c, const unsigned char **v, size_t *len) {
  skip_space(c);
  if (c->p == c->e || *c->p != '=')
    return false;
  c->p++;
  skip_space(c);
  if (c->p == c->e || (*c->p != '"' && *c->p != '\''))
    return false;
  unsigned char q = *c->p++;
  const unsigned char *end = memchr(c->p, q, (size_t)(c->e - c->p));
  if (!end)
    return false;
  *v = c->p;
  *len = (size_t)(end - c->p);
  c->p = end + 1;
  return true;
}

static bool is_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }
static bool is_alpha(unsigned char ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }

static bool same_icase(const unsigned char *v, size_t len, const char *want) {
  if (strlen(want) != len)
    return false;
  for (size_t i = 0; i < len; i++)
    if ((is_alpha(v[i]) ? (v[i] | 0x20) : v[i]) != (unsigned char)want[i])
      return false;
  return true;
}

static bool fault(const unsigned char *where, const unsigned char **at, char *why, size_t why_len,
                  const char *what) {
  *at = where;
  snprintf(why, why_len, "%s", what);
  return false;
}

bool awsmap__xml_decl_check(const unsigned char *s, const unsigned char *e, bool *ascii_only,
                            const unsigned char **at, char *why, size_t why_len) {
  cursor c = {s, e};
  const unsigned char *v;
  size_t len;
  *ascii_only = false;
  skip_space(&c);
  const unsigned char *item = c.p;
  if (!keyword(&c, "version") || !quoted(&c, &v, &len))
    return fault(item, at, why, why_len, "XML declaration without a quoted version");
  bool num = len >= 2 && is_digit(v[0]) && v[1] == '.';
  for (size_t i = 2; num && i < len; i++)
    num = is_digit(v[i]);
  if (!num || v[0] != '1') {
    *at = v;
    snprintf(why, why_len, "unsupported XML version '%.*s'", (int)(len > 32 ? 32 : len),
             (const char *)v);
    return false;
  }
  bool space = skip_space(&c);
  item = c.p;
  if (space && keyword(&c, "encoding")) {
    if (!quoted(&c, &v, &len))
      return fault(item, at, why, why_len, "malformed encoding in the XML declaration");
    bool name = len > 0 && is_alpha(v[0]);
    for (size_t i = 1; name && i < len; i++)
      name = is_alpha(v[i]) || is_digit(v[i]) || v[i] == '.' || v[i] == '_' || v[i] == '-';
    if (!name)
      return fault(v, at, why, why_len, "malformed encoding name in the XML declaration");
    *ascii_only = same_icase(v, len, "us-ascii");
    if (!*ascii_only && !same_icase(v, len, "utf-8")) {
      *at = v;
      snprintf(why, why_len, "encoding '%.*s' is not supported (only UTF-8)",
               (int)(len > 40 ? 40 : len), (const char *)v);
      return false;
    }
    space = skip_space(&c);
    item = c.p;
  }
  if (space && keyword(&c, "standalone")) {
    if (!quoted(&c, &v, &len) ||
        !((len == 3 && memcmp(v, "yes", 3) == 0) || (len == 2 && memcmp(v, "no", 2) == 0)))
      return fault(item, at, why, why_len, "standalone must be 'yes' or 'no'");
    skip_space(&c);
  }
  if (c.p != c.e)
    return fault(c.p, at, why, why_len, "malformed XML declaration");
  return true;
}
