/* The thread-local detailed error and the status tables. */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

static _Thread_local awsmap_error last_error;

awsmap_error *awsmap__error_tls(void) { return &last_error; }

void awsmap__error_clear(void) {
  awsmap_error *e = &last_error;
  e->status = AWSMAP_OK;
  e->http_status = 0;
  e->message[0] = e->operation[0] = e->aws_code[0] = e->request_id[0] = e->provider[0] = '\0';
}

static void copy_field(char *dst, size_t cap, const char *src) {
  if (!src) {
    dst[0] = '\0';
    return;
  }
  size_t n = strlen(src);
  if (n >= cap) /* cut where a character begins: exports must stay valid UTF-8 */
    n = awsmap__utf8_cut(src, cap - 1);
  memmove(dst, src, n);
  dst[n] = '\0';
}

size_t awsmap__utf8_cut(const char *s, size_t max) {
  size_t n = strnlen(s, max + 1);
  if (n <= max)
    return n;
  /* s[max] is the first byte left out: back over at most three continuation
   * bytes to where its character starts (not UTF-8: cut at max) */
  for (size_t back = 0; back < 4 && back <= max; back++)
    if (((unsigned char)s[max - back] & 0xC0) != 0x80)
      return max - back;
  return max;
}

/* Marks a message cut to fit with "...", over whole characters only: a
 * multi-byte character is never split (exports must stay valid UTF-8). */
static void mark_truncated(char *msg, size_t cap) {
  memcpy(msg + awsmap__utf8_cut(msg, cap - 4), "...", 4);
}

AWSMAP__PRINTF(2, 0)
static void set_message(awsmap_error *e, const char *fmt, va_list ap) {
  int n = vsnprintf(e->message, sizeof e->message, fmt, ap);
  if (n >= (int)sizeof e->message) /* mark truncation instead of hiding it */
    mark_truncated(e->message, sizeof e->message);
}

static void log_error(const awsmap_error *e) {
  AWSMAP__DEBUG("error", "%s%s%s (%s)", e->operation[0] ? e->operation : "",
                e->operation[0] ? ": " : "", e->message, awsmap_status_name(e->status));
}

/* The one path every setter takes. */
AWSMAP__PRINTF(6, 0)
static awsmap_status vset(awsmap_status status, const char *operation, const char *aws_code,
                          int http_status, const char *request_id, const char *fmt, va_list ap) {
  awsmap_error *e = &last_error;
  awsmap__error_clear();
  e->status = status;
  e->http_status = http_status;
  copy_field(e->operation, sizeof e->operation, operation);
  copy_field(e->aws_code, sizeof e->aws_code, aws_code);
  copy_field(e->request_id, sizeof e->request_id, request_id);
  set_message(e, fmt, ap);
  log_error(e);
  return status;
}

awsmap_status awsmap__error_set(awsmap_status status, const char *operation, const char *fmt,
                                ...) {
  va_list ap;
  va_start(ap, fmt);
  vset(status, operation, NULL, 0, NULL, fmt, ap);
  va_end(ap);
  return status;
}

awsmap_status awsmap__error_set_aws(awsmap_status status, const char *operation,
                                    const char *aws_code, int http_status,
                                    const char *request_id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vset(status, operation, aws_code, http_status, request_id, fmt, ap);
  va_end(ap);
  return status;
}

void awsmap__error_set_provider(const char *provider) {
  copy_field(last_error.provider, sizeof last_error.provider, provider);
}

void awsmap__error_prefix(const char *fmt, ...) {
  awsmap_error *e = &last_error;
  char prefix[256], old[sizeof e->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  memcpy(old, e->message, sizeof old);
  int n = snprintf(e->message, sizeof e->message, "%s%s", prefix, old);
  if (n >= (int)sizeof e->message)
    mark_truncated(e->message, sizeof e->message);
}

void awsmap__error_append(awsmap_error *e, const char *fmt, ...) {
  size_t len = strlen(e->message);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(e->message + len, sizeof e->message - len, fmt, ap);
  va_end(ap);
  if (n < 0 || len + (size_t)n >= sizeof e->message)
    mark_truncated(e->message, sizeof e->message);
}

void awsmap__error_copy(awsmap_error *dst, const awsmap_error *src) { *dst = *src; }

awsmap_status awsmap__error_nomem(const char *operation) {
  return awsmap__error_set(AWSMAP_ERR_NOMEM, operation, "out of memory");
}

/* ---- public ---- */

const awsmap_error *awsmap_error_last(void) { return &last_error; }

awsmap_status awsmap_error_status(const awsmap_error *e) { return e ? e->status : AWSMAP_OK; }

const char *awsmap_error_message(const awsmap_error *e) { return e ? e->message : ""; }

static const char *opt(const char *s) { return s[0] ? s : NULL; }

const char *awsmap_error_operation(const awsmap_error *e) { return e ? opt(e->operation) : NULL; }
const char *awsmap_error_aws_code(const awsmap_error *e) { return e ? opt(e->aws_code) : NULL; }
const char *awsmap_error_request_id(const awsmap_error *e) { return e ? opt(e->request_id) : NULL; }
const char *awsmap_error_provider(const awsmap_error *e) { return e ? opt(e->provider) : NULL; }
int awsmap_error_http_status(const awsmap_error *e) { return e ? e->http_status : 0; }

/* One table drives both the text and the name, so they cannot drift apart. */
static const struct {
  const char *name;
  const char *text;
} STATUS_TABLE[] = {
    [AWSMAP_OK] = {"AWSMAP_OK", "success"},
    [AWSMAP_ERR_INVALID_ARG] = {"AWSMAP_ERR_INVALID_ARG", "invalid argument"},
    [AWSMAP_ERR_NOMEM] = {"AWSMAP_ERR_NOMEM", "out of memory"},
    [AWSMAP_ERR_IO] = {"AWSMAP_ERR_IO", "I/O error"},
    [AWSMAP_ERR_NETWORK] = {"AWSMAP_ERR_NETWORK", "network error"},
    [AWSMAP_ERR_TLS] = {"AWSMAP_ERR_TLS", "TLS error"},
    [AWSMAP_ERR_TIMEOUT] = {"AWSMAP_ERR_TIMEOUT", "timed out"},
    [AWSMAP_ERR_PARSE] = {"AWSMAP_ERR_PARSE", "parse error"},
    [AWSMAP_ERR_CREDENTIALS_UNAVAILABLE] = {"AWSMAP_ERR_CREDENTIALS_UNAVAILABLE",
                                            "credentials unavailable"},
    [AWSMAP_ERR_CREDENTIALS_EXPIRED] = {"AWSMAP_ERR_CREDENTIALS_EXPIRED", "credentials expired"},
    [AWSMAP_ERR_ACCESS_DENIED] = {"AWSMAP_ERR_ACCESS_DENIED", "access denied"},
    [AWSMAP_ERR_THROTTLED] = {"AWSMAP_ERR_THROTTLED", "throttled"},
    [AWSMAP_ERR_SERVICE] = {"AWSMAP_ERR_SERVICE", "AWS service error"},
    [AWSMAP_ERR_NOT_FOUND] = {"AWSMAP_ERR_NOT_FOUND", "not found"},
    [AWSMAP_ERR_CANCELLED] = {"AWSMAP_ERR_CANCELLED", "cancelled"},
    [AWSMAP_ERR_PARTIAL] = {"AWSMAP_ERR_PARTIAL", "partially completed"},
    [AWSMAP_ERR_TOO_LARGE] = {"AWSMAP_ERR_TOO_LARGE", "too large"},
    [AWSMAP_ERR_UNSUPPORTED] = {"AWSMAP_ERR_UNSUPPORTED", "unsupported"},
    [AWSMAP_ERR_AUTH] = {"AWSMAP_ERR_AUTH", "authentication failed"},
    [AWSMAP_ERR_INTERNAL] = {"AWSMAP_ERR_INTERNAL", "internal error"},
};

const char *awsmap_status_str(awsmap_status s) {
  if ((unsigned)s < AWSMAP__ARRAY_LEN(STATUS_TABLE) && STATUS_TABLE[s].text)
    return STATUS_TABLE[s].text;
  return "unknown status";
}

const char *awsmap_status_name(awsmap_status s) {
  if ((unsigned)s < AWSMAP__ARRAY_LEN(STATUS_TABLE) && STATUS_TABLE[s].name)
    return STATUS_TABLE[s].name;
  return "AWSMAP_ERR_UNKNOWN";
}
