/* Reading one request out of a connection's buffer (see replay_request.h). */
#include "replay_request.h"

#include <string.h>

bool str_ieq(awsmap__str s, const char *lit) {
  return s.len == strlen(lit) && awsmap__str_eq_icase(s, lit);
}

/* Case-insensitive search for a token in a header value ("close"). */
static bool value_has(awsmap__str v, const char *token) {
  size_t n = strlen(token);
  for (size_t i = 0; i + n <= v.len; i++)
    if (awsmap__str_eq_icase((awsmap__str){v.ptr + i, n}, token))
      return true;
  return false;
}

/* "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ..." */
static void credential_scope(awsmap__str v, struct request *r) {
  static const char prefix[] = "AWS4-HMAC-SHA256 ";
  if (v.len < sizeof prefix - 1 || memcmp(v.ptr, prefix, sizeof prefix - 1) != 0)
    return;
  const char *end = v.ptr + v.len;
  const char *c = memmem(v.ptr, v.len, "Credential=", 11);
  if (!c)
    return;
  c += 11;
  awsmap__str part[5];
  for (int i = 0; i < 5; i++) {
    const char *stop = c;
    while (stop < end && *stop != '/' && *stop != ',' && *stop != ' ')
      stop++;
    part[i] = (awsmap__str){c, (size_t)(stop - c)};
    if (i < 4 && (stop == end || *stop != '/'))
      return;
    c = stop + 1;
  }
  r->region = part[2];
  r->service = part[3];
}

static bool parse_length(awsmap__str v, long *out) {
  if (v.len == 0 || v.len > 12)
    return false;
  long n = 0;
  for (size_t i = 0; i < v.len; i++) {
    if (v.ptr[i] < '0' || v.ptr[i] > '9')
      return false;
    n = n * 10 + (v.ptr[i] - '0');
  }
  *out = n;
  return true;
}

int parse_request(const char *buf, size_t len, size_t *scanned, struct request *r,
                         int *status, const char **why) {
  size_t from = *scanned > 3 ? *scanned - 3 : 0;
  const char *end = len > from ? memmem(buf + from, len - from, "\r\n\r\n", 4) : NULL;
  if (!end) {
    *scanned = len;
    if (len > MAX_HEAD) {
      *status = 431;
      *why = "request head larger than 64 KiB";
      return -1;
    }
    return 0;
  }
  memset(r, 0, sizeof *r);
  *status = 400;
  size_t head_len = (size_t)(end - buf) + 4;
  const char *line_end = memmem(buf, head_len, "\r\n", 2);
  const char *sp1 = memchr(buf, ' ', (size_t)(line_end - buf));
  const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(line_end - sp1 - 1)) : NULL;
  if (!sp1 || !sp2 || sp1 == buf || sp2 == sp1 + 1 || line_end - sp2 - 1 < 8 ||
      memcmp(sp2 + 1, "HTTP/1.", 7) != 0) {
    *why = "malformed request line (want METHOD TARGET HTTP/1.x)";
    return -1;
  }
  r->method = (awsmap__str){buf, (size_t)(sp1 - buf)};
  r->target = (awsmap__str){sp1 + 1, (size_t)(sp2 - sp1 - 1)};
  r->version = (awsmap__str){sp2 + 1, (size_t)(line_end - sp2 - 1)};
  r->close = awsmap__str_eq(r->version, "HTTP/1.0");
  r->headers = line_end + 2;
  r->headers_len = head_len - 2 - (size_t)(r->headers - buf);

  long length = 0;
  bool have_length = false;
  for (const char *h = r->headers; h < end + 2;) {
    const char *eol = memmem(h, (size_t)(end + 2 - h), "\r\n", 2);
    const char *colon = memchr(h, ':', (size_t)(eol - h));
    if (!colon || colon == h || *h == ' ' || *h == '\t') {
      *why = "malformed header line";
      return -1;
    }
    awsmap__str name = {h, (size_t)(colon - h)};
    awsmap__str value = awsmap__str_trim((awsmap__str){colon + 1, (size_t)(eol - colon - 1)});
    if (str_ieq(name, "content-length")) {
      long n;
      if (!parse_length(value, &n) || (have_length && n != length)) {
        *why = "bad or conflicting Content-Length";
        return -1;
      }
      if (n > MAX_BODY) {
        *status = 413;
        *why = "request body larger than 64 MiB";
        return -1;
      }
      length = n;
      have_length = true;
    } else if (str_ieq(name, "transfer-encoding")) {
      *status = 411;
      *why = "Transfer-Encoding request bodies are not supported: send Content-Length";
      return -1;
    } else if (str_ieq(name, "connection")) {
      if (value_has(value, "close"))
        r->close = true;
      else if (value_has(value, "keep-alive"))
        r->close = false;
    } else if (str_ieq(name, "authorization")) {
      credential_scope(value, r);
    }
    h = eol + 2;
  }
  if (len - head_len < (size_t)length)
    return 0; /* the head is parsed again when the body is in: rare and cheap */
  r->body = buf + head_len;
  r->body_len = (size_t)length;
  r->total = head_len + (size_t)length;
  return 1;
}
