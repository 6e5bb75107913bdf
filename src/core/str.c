/* Locale-independent string helpers. */
#include "core/core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

awsmap__str awsmap__str_of(const char *s) {
  return (awsmap__str){s ? s : "", s ? strlen(s) : 0};
}

bool awsmap__str_eq(awsmap__str a, const char *b) {
  size_t n = strlen(b);
  return a.len == n && memcmp(a.ptr, b, n) == 0;
}

char awsmap__tolower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

bool awsmap__is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool awsmap__str_eq_icase(awsmap__str a, const char *b) {
  size_t n = strlen(b);
  if (a.len != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (awsmap__tolower(a.ptr[i]) != awsmap__tolower(b[i]))
      return false;
  return true;
}

int awsmap__strcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = (unsigned char)awsmap__tolower(*a), cb = (unsigned char)awsmap__tolower(*b);
    if (ca != cb || !ca)
      return ca - cb;
  }
}

awsmap__str awsmap__str_trim(awsmap__str s) {
  while (s.len && awsmap__is_space(s.ptr[0])) {
    s.ptr++;
    s.len--;
  }
  while (s.len && awsmap__is_space(s.ptr[s.len - 1]))
    s.len--;
  return s;
}

bool awsmap__str_starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool awsmap__str_ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool awsmap__parse_long(const char *s, long min, long max, long *out) {
  if (!s || !*s || awsmap__is_space(*s))
    return false;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < min || v > max)
    return false;
  *out = v;
  return true;
}
