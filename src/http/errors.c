/* Turning failures into statuses: curl results, AWS error codes, response headers. */
#include "http/internal.h"

#include <string.h>

awsmap_status awsmap__http_curl_status(CURLcode rc) {
  switch (rc) {
  case CURLE_OK: return AWSMAP_OK;
  case CURLE_OPERATION_TIMEDOUT: return AWSMAP_ERR_TIMEOUT;
  case CURLE_OUT_OF_MEMORY: return AWSMAP_ERR_NOMEM;
  case CURLE_ABORTED_BY_CALLBACK: return AWSMAP_ERR_CANCELLED;
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL: return AWSMAP_ERR_INVALID_ARG;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_USE_SSL_FAILED: return AWSMAP_ERR_TLS;
  default: return AWSMAP_ERR_NETWORK;
  }
}

/* interfaces.md: one table from AWS error codes to statuses. */
static const struct {
  const char *code;
  awsmap_status status;
} CODE_STATUS[] = {
    {"AccessDenied", AWSMAP_ERR_ACCESS_DENIED},
    {"AccessDeniedException", AWSMAP_ERR_ACCESS_DENIED},
    {"UnauthorizedOperation", AWSMAP_ERR_ACCESS_DENIED},
    {"AuthorizationError", AWSMAP_ERR_ACCESS_DENIED},
    {"Forbidden", AWSMAP_ERR_ACCESS_DENIED},
    {"ExpiredToken", AWSMAP_ERR_CREDENTIALS_EXPIRED},
    {"ExpiredTokenException", AWSMAP_ERR_CREDENTIALS_EXPIRED},
    {"RequestExpired", AWSMAP_ERR_CREDENTIALS_EXPIRED},
    {"TokenRefreshRequired", AWSMAP_ERR_CREDENTIALS_EXPIRED},
    {"InvalidClientTokenId", AWSMAP_ERR_AUTH},
    {"SignatureDoesNotMatch", AWSMAP_ERR_AUTH},
    {"AuthFailure", AWSMAP_ERR_AUTH},
    {"InvalidAccessKeyId", AWSMAP_ERR_AUTH},
    {"UnrecognizedClientException", AWSMAP_ERR_AUTH},
    {"IncompleteSignature", AWSMAP_ERR_AUTH},
    {"MissingAuthenticationToken", AWSMAP_ERR_AUTH},
};

awsmap_status awsmap__aws_error_status(const char *code, long http_status) {
  if (code && *code) {
    for (size_t i = 0; i < AWSMAP__ARRAY_LEN(CODE_STATUS); i++)
      if (strcmp(CODE_STATUS[i].code, code) == 0)
        return CODE_STATUS[i].status;
    if (awsmap__retry_is_throttle_code(code))
      return AWSMAP_ERR_THROTTLED;
    return AWSMAP_ERR_SERVICE;
  }
  /* No code in the body (HEAD requests, odd proxies): the status line decides. */
  if (http_status == 401)
    return AWSMAP_ERR_AUTH;
  if (http_status == 403)
    return AWSMAP_ERR_ACCESS_DENIED;
  if (http_status == 429)
    return AWSMAP_ERR_THROTTLED;
  return AWSMAP_ERR_SERVICE;
}

bool awsmap__http_header_find(const char *raw, size_t len, const char *name, awsmap__buf *out) {
  if (!raw || !name)
    return false;
  size_t name_len = strlen(name);
  const char *p = raw, *end = raw + len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = eol ? eol : end;
    const char *colon = memchr(p, ':', (size_t)(line_end - p));
    if (colon && (size_t)(colon - p) == name_len &&
        awsmap__str_eq_icase((awsmap__str){p, name_len}, name)) {
      awsmap__str v = awsmap__str_trim((awsmap__str){colon + 1, (size_t)(line_end - colon - 1)});
      if (out) {
        awsmap__buf_clear(out);
        if (awsmap__buf_put(out, v.ptr, v.len) != AWSMAP_OK)
          return false;
      }
      return true;
    }
    p = eol ? eol + 1 : end;
  }
  return false;
}

bool awsmap__http_response_header(const awsmap__http_response *resp, const char *name,
                                  awsmap__buf *out) {
  return resp && awsmap__http_header_find(resp->headers.ptr, resp->headers.len, name, out);
}

void awsmap__http_response_dispose(awsmap__http_response *resp) {
  if (!resp)
    return;
  /* credential endpoints answer with keys and tokens */
  awsmap__buf_dispose_secret(&resp->body);
  awsmap__buf_dispose_secret(&resp->headers);
  resp->status = 0;
}
