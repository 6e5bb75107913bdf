/* Redaction: every log line passes through here, so a secret cannot leak
 * through any level. The rule is keyed on names, not values: wherever a
 * secret-bearing name is followed by a value (header "Name: v", query or
 * INI "name=v", JSON "name":"v", XML <Name>v</Name>), the value is replaced. */
#include "core/core.h"

#include <string.h>

#define REDACTED "<redacted>"

/* Names whose values are secrets, compared case-insensitively against whole
 * identifiers (so "NextToken" does not match "token"). */
static const char *const SECRET_NAMES[] = {
    "authorization",       "x-amz-security-token",  "x-amz-signature",
    "signature",           "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token",
    "secretaccesskey",     "secret_access_key",     "aws_secret_access_key",
    "sessiontoken",        "session_token",         "aws_session_token",
    "token",               "accesstoken",           "webidentitytoken",
    "secretkey",           "secret_key",            "secret",
    "clientsecret",        "refreshtoken",          "aws_security_token",
    "securitytoken",       "password",
};

static bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

static bool is_secret_name(const char *p, size_t n) {
  awsmap__str s = {p, n};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(SECRET_NAMES); i++)
    if (awsmap__str_eq_icase(s, SECRET_NAMES[i]))
      return true;
  return false;
}

static bool starts(const char *t, size_t len, size_t i, const char *lit) {
  size_t n = strlen(lit);
  return len - i >= n && memcmp(t + i, lit, n) == 0;
}

/* An XML element's text: after <Name ...attributes>, up to the next '<',
 * or a whole <![CDATA[...]]> section. */
static bool xml_value(const char *t, size_t len, size_t i, size_t *vstart, size_t *vend) {
  while (i < len && t[i] != '>' && t[i] != '<')
    i++; /* attributes */
  if (i >= len || t[i] != '>')
    return false;
  i++;
  if (starts(t, len, i, "<![CDATA[")) {
    size_t e = i + 9;
    while (e < len && !starts(t, len, e, "]]>"))
      e++;
    *vstart = i + 9;
    *vend = e;
    return e > i + 9;
  }
  size_t e = i;
  while (e < len && t[e] != '<')
    e++;
  *vstart = i;
  *vend = e;
  return e > i;
}

/* Given the end of a secret name at text[i], finds where its value starts and
 * ends. Returns false when no value follows (the name was just mentioned). */
static bool locate_value(const char *t, size_t len, size_t i, bool whole_line, bool in_tag,
                         size_t *vstart, size_t *vend) {
  if (in_tag && i < len && (t[i] == '>' || t[i] == ' '))
    return xml_value(t, len, i, vstart, vend);
  if (i < len && t[i] == '\\')
    i++; /* an escaped quote: {\"Name\":\"value\"} */
  if (i < len && (t[i] == '"' || t[i] == '\''))
    i++; /* closing quote of a JSON key */
  while (i < len && (t[i] == ' ' || t[i] == '\t'))
    i++;
  if (i < len && (t[i] == ':' || t[i] == '='))
    i++;
  else if (starts(t, len, i, "%3D") || starts(t, len, i, "%3d") || starts(t, len, i, "%3A") ||
           starts(t, len, i, "%3a"))
    i += 3; /* a URL-encoded separator */
  else
    return false;
  while (i < len && (t[i] == ' ' || t[i] == '\t'))
    i++;
  if (i < len && t[i] == '\\')
    i++;
  char quote = 0;
  if (i < len && t[i] == '[') { /* a JSON array of secrets: all of it */
    size_t e = i;
    while (e < len && t[e] != ']' && t[e] != '\n')
      e++;
    *vstart = i + 1;
    *vend = e;
    return e > i + 1;
  }
  if (i < len && (t[i] == '"' || t[i] == '\''))
    quote = t[i++];
  size_t e = i;
  if (quote) {
    while (e < len && t[e] != quote && t[e] != '\n' && t[e] != '\\')
      e++;
  } else if (whole_line) {
    while (e < len && t[e] != '\n' && t[e] != '\r')
      e++;
  } else {
    while (e < len && !strchr("&,; \t\r\n<\"'}\\", t[e]))
      e++;
  }
  *vstart = i;
  *vend = e;
  return e > i;
}

awsmap_status awsmap__redact(awsmap__buf *out, const char *t, size_t len) {
  size_t copied = 0, i = 0;
  while (i < len) {
    if (!ident_char(t[i]) || (i > 0 && ident_char(t[i - 1]))) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < len && ident_char(t[i]))
      i++;
    if (awsmap__str_eq_icase((awsmap__str){t + start, i - start}, "bearer") && i < len &&
        t[i] == ' ') { /* "Bearer <token>" wherever it appears */
      size_t e = i + 1;
      while (e < len && !strchr(" \t\r\n\"',;", t[e]))
        e++;
      if (e > i + 1) {
        if (awsmap__buf_put(out, t + copied, i + 1 - copied) != AWSMAP_OK ||
            awsmap__buf_puts(out, REDACTED) != AWSMAP_OK)
          return AWSMAP_ERR_NOMEM;
        copied = i = e;
      }
      continue;
    }
    if (!is_secret_name(t + start, i - start))
      continue;
    /* An Authorization header's value has spaces; take the rest of the line. */
    bool whole_line = awsmap__str_eq_icase((awsmap__str){t + start, i - start}, "authorization");
    bool in_tag = start > 0 && t[start - 1] == '<';
    size_t vs, ve;
    if (!locate_value(t, len, i, whole_line, in_tag, &vs, &ve))
      continue;
    if (awsmap__buf_put(out, t + copied, vs - copied) != AWSMAP_OK ||
        awsmap__buf_puts(out, REDACTED) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
    copied = i = ve;
  }
  return awsmap__buf_put(out, t + copied, len - copied);
}
