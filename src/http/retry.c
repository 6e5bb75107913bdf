/* The SDKs' "standard" retry mode: which failures are worth another attempt, how long to
 * wait (full-jitter exponential backoff), and a token bucket that stops retry storms. */
#include "http/internal.h"

#include <string.h>

static const char *const THROTTLE_CODES[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

static const char *const TRANSIENT_CODES[] = {
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    "InternalError",  "InternalFailure",         "ServiceUnavailable",
};

/* Codes a wrong clock produces. SignatureDoesNotMatch is one only when the server's Date
 * says our clock is off; the caller decides that. */
static const char *const SKEW_CODES[] = {
    "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException",
    "RequestInTheFuture",   "SignatureDoesNotMatch", "AuthFailure",
};

static bool in_list(const char *code, const char *const *list, size_t n) {
  if (!code || !*code)
    return false;
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], code) == 0)
      return true;
  return false;
}

bool awsmap__retry_is_throttle_code(const char *code) {
  return in_list(code, THROTTLE_CODES, AWSMAP__ARRAY_LEN(THROTTLE_CODES));
}

bool awsmap__retry_is_transient_code(const char *code) {
  return in_list(code, TRANSIENT_CODES, AWSMAP__ARRAY_LEN(TRANSIENT_CODES));
}

bool awsmap__retry_is_skew_code(const char *code) {
  return in_list(code, SKEW_CODES, AWSMAP__ARRAY_LEN(SKEW_CODES));
}

awsmap__retry_kind awsmap__retry_classify(awsmap_status transport, long http_status,
                                          const char *aws_code, bool skewed) {
  switch (transport) {
  case AWSMAP_OK: break;
  case AWSMAP_ERR_TIMEOUT: return AWSMAP__RETRY_TIMEOUT;
  case AWSMAP_ERR_NETWORK: /* refused, reset, nothing received, body shorter than announced */
  case AWSMAP_ERR_PARSE: return AWSMAP__RETRY_TRANSIENT;
  default: return AWSMAP__RETRY_NONE; /* TLS, too large, cancelled, out of memory */
  }
  if (http_status >= 200 && http_status < 300)
    return AWSMAP__RETRY_NONE;
  if (skewed && awsmap__retry_is_skew_code(aws_code))
    return AWSMAP__RETRY_CLOCK_SKEW;
  if (awsmap__retry_is_throttle_code(aws_code) || http_status == 429)
    return AWSMAP__RETRY_THROTTLE;
  if (awsmap__retry_is_transient_code(aws_code) || http_status == 500 || http_status == 502 ||
      http_status == 503 || http_status == 504)
    return AWSMAP__RETRY_TRANSIENT;
  return AWSMAP__RETRY_NONE;
}

const char *awsmap__retry_kind_str(awsmap__retry_kind k) {
  switch (k) {
  case AWSMAP__RETRY_THROTTLE: return "throttled";
  case AWSMAP__RETRY_TRANSIENT: return "transient error";
  case AWSMAP__RETRY_TIMEOUT: return "timeout";
  case AWSMAP__RETRY_CLOCK_SKEW: return "clock skew";
  case AWSMAP__RETRY_NONE: break;
  }
  return "not retryable";
}

/* xorshift64*: fast, good enough to spread retries; seeded from the OS per engine. */
uint64_t awsmap__rng_next(uint64_t *state) {
  uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1Dull;
}

long awsmap__retry_backoff_ms(uint64_t *rng, unsigned attempt, long base_ms, long cap_ms) {
  if (attempt < 1)
    attempt = 1;
  if (base_ms <= 0 || cap_ms <= 0)
    return 0;
  long ceiling = cap_ms;
  if (attempt - 1 < 30 && base_ms <= cap_ms >> (attempt - 1))
    ceiling = base_ms << (attempt - 1);
  return (long)(awsmap__rng_next(rng) % ((uint64_t)ceiling + 1));
}

void awsmap__retry_quota_init(awsmap__retry_quota *q, unsigned max) {
  q->tokens = q->max = max;
}

bool awsmap__retry_quota_acquire(awsmap__retry_quota *q, awsmap__retry_kind kind, unsigned *cost) {
  unsigned c = kind == AWSMAP__RETRY_TIMEOUT ? AWSMAP__RETRY_TIMEOUT_COST : AWSMAP__RETRY_COST;
  if (q->tokens < c)
    return false;
  q->tokens -= c;
  if (cost)
    *cost = c;
  return true;
}

void awsmap__retry_quota_release(awsmap__retry_quota *q, unsigned retry_cost) {
  unsigned refund = retry_cost ? retry_cost : AWSMAP__RETRY_SUCCESS_REFUND;
  q->tokens = q->tokens + refund > q->max ? q->max : q->tokens + refund;
}
