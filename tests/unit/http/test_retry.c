/* Retry classification, backoff bounds and the retry token bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "http/internal.h"

typedef struct cls_case {
  awsmap_status transport;
  long http;
  const char *code;
  bool skewed;
  awsmap__retry_kind want;
} cls_case;

static const cls_case CASES[] = {
    {AWSMAP_OK, 200, NULL, false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 400, "Throttling", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "ThrottlingException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "ThrottledException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "RequestThrottledException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 429, "TooManyRequestsException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "ProvisionedThroughputExceededException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "TransactionInProgressException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 503, "RequestLimitExceeded", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "BandwidthLimitExceeded", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "LimitExceededException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "RequestThrottled", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 503, "SlowDown", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "PriorRequestNotComplete", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "EC2ThrottledException", false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 429, NULL, false, AWSMAP__RETRY_THROTTLE},
    {AWSMAP_OK, 400, "RequestTimeout", false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 408, "RequestTimeoutException", false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 500, "InternalError", false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 500, NULL, false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 502, NULL, false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 503, "ServiceUnavailable", false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 504, NULL, false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_OK, 501, "NotImplemented", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 403, "AccessDenied", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 403, "UnauthorizedOperation", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 400, "ExpiredToken", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 400, "InvalidParameterValue", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 404, "NoSuchBucket", false, AWSMAP__RETRY_NONE},
    /* clock skew: only when the server's Date confirms it */
    {AWSMAP_OK, 403, "RequestTimeTooSkewed", true, AWSMAP__RETRY_CLOCK_SKEW},
    {AWSMAP_OK, 400, "RequestExpired", true, AWSMAP__RETRY_CLOCK_SKEW},
    {AWSMAP_OK, 400, "InvalidSignatureException", true, AWSMAP__RETRY_CLOCK_SKEW},
    {AWSMAP_OK, 403, "SignatureDoesNotMatch", true, AWSMAP__RETRY_CLOCK_SKEW},
    {AWSMAP_OK, 403, "SignatureDoesNotMatch", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 400, "RequestExpired", false, AWSMAP__RETRY_NONE},
    {AWSMAP_OK, 403, "AccessDenied", true, AWSMAP__RETRY_NONE},
    /* transport failures */
    {AWSMAP_ERR_TIMEOUT, 0, NULL, false, AWSMAP__RETRY_TIMEOUT},
    {AWSMAP_ERR_NETWORK, 0, NULL, false, AWSMAP__RETRY_TRANSIENT},
    {AWSMAP_ERR_NETWORK, 200, NULL, false, AWSMAP__RETRY_TRANSIENT}, /* truncated 200 */
    {AWSMAP_ERR_TLS, 0, NULL, false, AWSMAP__RETRY_NONE},
    {AWSMAP_ERR_TOO_LARGE, 200, NULL, false, AWSMAP__RETRY_NONE},
    {AWSMAP_ERR_CANCELLED, 0, NULL, false, AWSMAP__RETRY_NONE},
};

static void classifies_table(void **state) {
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const cls_case *c = &CASES[i];
    print_message("case %zu: %ld %s\n", i, c->http, c->code ? c->code : "-");
    assert_int_equal(awsmap__retry_classify(c->transport, c->http, c->code, c->skewed), c->want);
  }
}

static void backoff_stays_within_full_jitter_bounds(void **state) {
  uint64_t rng = 42;
  for (unsigned attempt = 1; attempt <= 40; attempt++) {
    long ceiling = 100;
    for (unsigned i = 1; i < attempt && ceiling < 20000; i++)
      ceiling *= 2;
    if (ceiling > 20000)
      ceiling = 20000;
    long max_seen = 0, min_seen = ceiling;
    for (int i = 0; i < 2000; i++) {
      long d = awsmap__retry_backoff_ms(&rng, attempt, 100, 20000);
      assert_true(d >= 0);
      assert_true(d <= ceiling);
      if (d > max_seen)
        max_seen = d;
      if (d < min_seen)
        min_seen = d;
    }
    /* full jitter: the whole range is used, not just the top */
    assert_true(max_seen > ceiling * 9 / 10);
    assert_true(min_seen < ceiling / 10 + 1);
  }
  assert_int_equal(awsmap__retry_backoff_ms(&rng, 3, 0, 20000), 0);
}

static void backoff_differs_between_seeds(void **state) {
  uint64_t a = 1, b = 2;
  int same = 0;
  for (int i = 0; i < 50; i++)
    same += awsmap__retry_backoff_ms(&a, 5, 100, 20000) == awsmap__retry_backoff_ms(&b, 5, 100, 20000);
  assert_true(same < 5);
}

static void quota_drains_and_refills(void **state) {
  awsmap__retry_quota q;
  awsmap__retry_quota_init(&q, 500);
  unsigned cost = 0;
  assert_true(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_THROTTLE, &cost));
  assert_int_equal(cost, 5);
  assert_int_equal(q.tokens, 495);
  assert_true(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_TIMEOUT, &cost));
  assert_int_equal(cost, 10);
  assert_int_equal(q.tokens, 485);
  /* success after a retry gives its cost back; a first-try success gives 1 */
  awsmap__retry_quota_release(&q, 10);
  assert_int_equal(q.tokens, 495);
  awsmap__retry_quota_release(&q, 0);
  assert_int_equal(q.tokens, 496);
  for (int i = 0; i < 10; i++)
    awsmap__retry_quota_release(&q, 0);
  assert_int_equal(q.tokens, 500); /* capped */
  /* 100 retries empty it; the 101st is refused and takes nothing */
  for (int i = 0; i < 100; i++)
    assert_true(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_TRANSIENT, &cost));
  assert_int_equal(q.tokens, 0);
  assert_false(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_TRANSIENT, &cost));
  assert_int_equal(q.tokens, 0);
  for (int i = 0; i < 5; i++)
    awsmap__retry_quota_release(&q, 0);
  assert_false(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_TIMEOUT, &cost));
  assert_true(awsmap__retry_quota_acquire(&q, AWSMAP__RETRY_THROTTLE, &cost));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(classifies_table),
      cmocka_unit_test(backoff_stays_within_full_jitter_bounds),
      cmocka_unit_test(backoff_differs_between_seeds),
      cmocka_unit_test(quota_drains_and_refills),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
