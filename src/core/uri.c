/* RFC 3986 percent-encoding with AWS's unreserved set. */
#include "core/core.h"

static const char HEX[] = "0123456789ABCDEF";

bool awsmap__is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

awsmap_status awsmap__uri_encode(awsmap__buf *out, const char *s, size_t len, bool keep_slash) {
  /* Worst case triples the input; reserve once to keep the loop branch-light. */
  if (len > (SIZE_MAX - 1) / 3 || awsmap__buf_reserve(out, len * 3) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  char *p = out->ptr + out->len;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
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
  return AWSMAP_OK;
}

int awsmap__hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

awsmap_status awsmap__uri_decode(awsmap__buf *out, const char *s, size_t len) {
  if (awsmap__buf_reserve(out, len) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  char *p = out->ptr + out->len;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '%') {
      *p++ = s[i];
      continue;
    }
    if (len - i < 3) { /* a '%' needs two hex digits after it */
      out->ptr[out->len] = '\0'; /* leave the buffer as it was */
      return AWSMAP_ERR_PARSE;
    }
    int h = awsmap__hexval(s[i + 1]), l = awsmap__hexval(s[i + 2]);
    if (h < 0 || l < 0) {
      out->ptr[out->len] = '\0'; /* leave the buffer as it was */
      return AWSMAP_ERR_PARSE;
    }
    *p++ = (char)(h << 4 | l);
    i += 2;
  }
  out->len = (size_t)(p - out->ptr);
  *p = '\0';
  return AWSMAP_OK;
}
