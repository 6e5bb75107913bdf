/* Reading Code / Message / RequestId out of an AWS error response. */
#include "http/internal.h"
#include "xml/xml.h"

#include <cjson/cJSON.h>
#include <string.h>

/* "com.amazon#ResourceNotFoundException:http://..." -> "ResourceNotFoundException" */
static awsmap_status put_error_type(awsmap__buf *out, const char *s, size_t n) {
  const char *hash = memchr(s, '#', n);
  if (hash) {
    n -= (size_t)(hash + 1 - s);
    s = hash + 1;
  }
  const char *colon = memchr(s, ':', n);
  if (colon)
    n = (size_t)(colon - s);
  awsmap__buf_clear(out);
  return awsmap__buf_put(out, s, n);
}

static const char *json_string(const cJSON *obj, const char *a, const char *b) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, a);
  if (!cJSON_IsString(v) && b)
    v = cJSON_GetObjectItemCaseSensitive(obj, b);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* JSON protocols (the SSO portal): {"__type": "...", "message": "..."}. */
static awsmap_status parse_json(const char *body, size_t len, awsmap__buf *code,
                                awsmap__buf *message) {
  cJSON *doc = cJSON_ParseWithLength(body, len);
  if (!doc)
    return AWSMAP_OK; /* a body we cannot read leaves the fields empty */
  awsmap_status st = AWSMAP_OK;
  const char *type = json_string(doc, "__type", "code");
  if (!type)
    type = json_string(doc, "Code", NULL);
  const char *msg = json_string(doc, "message", "Message");
  if (type)
    st = put_error_type(code, type, strlen(type));
  if (st == AWSMAP_OK && msg) {
    awsmap__buf_clear(message);
    st = awsmap__buf_puts(message, msg);
  }
  cJSON_Delete(doc);
  return st;
}

awsmap_status awsmap__aws_error_parse(awsmap__protocol proto, const char *body, size_t len,
                                      const awsmap__buf *raw_headers, awsmap__buf *code,
                                      awsmap__buf *message, awsmap__buf *request_id) {
  awsmap__buf_clear(code);
  awsmap__buf_clear(message);
  awsmap__buf_clear(request_id);
  awsmap_status st = AWSMAP_OK;
  if (body && len) {
    if (proto == AWSMAP__PROTO_JSON) {
      st = parse_json(body, len, code, message);
    } else {
      awsmap_error saved;
      awsmap__error_copy(&saved, awsmap__error_tls());
      /* whatever was read before a syntax error is kept; the error itself is not ours to report */
      if (awsmap__xml_parse_error(body, len, code, message, request_id) == AWSMAP_ERR_NOMEM)
        st = AWSMAP_ERR_NOMEM;
      awsmap__error_copy(awsmap__error_tls(), &saved);
    }
  }
  const char *hs = raw_headers ? raw_headers->ptr : NULL;
  size_t hl = raw_headers ? raw_headers->len : 0;
  if (st == AWSMAP_OK && code->len == 0) {
    awsmap__buf t = AWSMAP__BUF_INIT;
    if (awsmap__http_header_find(hs, hl, "x-amzn-ErrorType", &t) && t.len)
      st = put_error_type(code, t.ptr, t.len);
    awsmap__buf_dispose(&t);
  }
  if (st == AWSMAP_OK && request_id->len == 0 &&
      !awsmap__http_header_find(hs, hl, "x-amzn-RequestId", request_id))
    (void)awsmap__http_header_find(hs, hl, "x-amz-request-id", request_id);
  return st;
}
