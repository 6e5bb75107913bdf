/* One small http engine per provider that calls a credential endpoint or STS:
 * providers are shared between threads and an engine is not, so each
 * provider keeps its own behind its lock. */
#include "auth/auth.h"

#define AWSMAP__AUTH_MAX_RESPONSE_BYTES ((size_t)1024 * 1024)

awsmap_status awsmap__auth_engine_new(awsmap__http_engine **out, const char *service,
                                      const char *endpoint_url, long connect_timeout_ms,
                                      long request_timeout_ms, unsigned max_attempts) {
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.connect_timeout_ms = connect_timeout_ms;
  cfg.request_timeout_ms = request_timeout_ms;
  cfg.max_attempts = max_attempts;
  cfg.max_in_flight = 1;
  /* credential JSON/XML is a few KiB: a bigger answer is refused, not buffered */
  cfg.max_response_bytes = AWSMAP__AUTH_MAX_RESPONSE_BYTES;
  awsmap__http_engine *e = NULL;
  awsmap_status st = awsmap__http_engine_new(&e, &cfg);
  if (st == AWSMAP_OK && service && endpoint_url && *endpoint_url)
    st = awsmap__http_engine_set_endpoint(e, service, endpoint_url);
  if (st != AWSMAP_OK) {
    awsmap__http_engine_free(e);
    return st;
  }
  *out = e;
  return AWSMAP_OK;
}
