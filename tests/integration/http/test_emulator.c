/* The transport against the local AWS emulator: real SigV4 verification, real AWS error
 * shapes, injected faults (throttle, 500, truncate, reset, access denied, clock skew),
 * concurrency, cancellation, and the plain IMDSv2 exchange. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "http/internal.h"

#define KEY_ID "AKIAEMUFULL000000001"
#define SECRET "fullSecretKey/000000000000000000000000001"
#define DENIED_KEY_ID "AKIAEMUFULL000000002"

static struct emu emu;
static awsmap_credentials *creds;

static const awsmap__aws_request VPCS = {
    "ec2", "us-east-1", "DescribeVpcs", "POST", "/", NULL, NULL,
    "Action=DescribeVpcs&Version=2016-11-15", 38,
    "application/x-www-form-urlencoded; charset=utf-8", NULL, 0, AWSMAP__PROTO_EC2, false, false};

static int setup(void **state) {
  if (emu_start(&emu, "full", NULL) != 0)
    return -1;
  return awsmap_credentials_new(&creds, KEY_ID, SECRET, NULL, 0) == AWSMAP_OK ? 0 : -1;
}

static int teardown(void **state) {
  awsmap_credentials_release(creds);
  emu_stop(&emu);
  return 0;
}

/* Every test starts from a clean call log and no faults. */
static int reset(void **state) {
  return emu_post(&emu, "/_emu/reset", NULL) == 0 &&
                 emu_post(&emu, "/_emu/config", "{\"latency_ms\": 0}") == 0
             ? 0
             : -1;
}

static awsmap__http_engine *engine(unsigned in_flight) {
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = emu_url(&emu);
  cfg.max_in_flight = in_flight;
  cfg.max_attempts = 3;
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  e->retry_base_ms = 10; /* bounds are unit-tested; here only the behaviour matters */
  return e;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

static void faults(const char *json) { assert_int_equal(emu_post(&emu, "/_emu/faults", json), 0); }

static char *calls(void) {
  char *c = emu_get(&emu, "/_emu/calls");
  assert_non_null(c);
  return c;
}

static void vpcs_ok(awsmap__http_engine *e, awsmap__buf *body) {
  awsmap__buf_clear(body);
  assert_int_equal(awsmap__aws_perform(e, &VPCS, creds, body), AWSMAP_OK);
  assert_non_null(strstr(awsmap__buf_cstr(body), "<vpcId>vpc-"));
}

static void signed_describe_vpcs_passes_signature_check(void **state) {
  awsmap__http_engine *e = engine(4);
  awsmap__buf body = AWSMAP__BUF_INIT;
  vpcs_ok(e, &body);
  char *c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), 1);
  assert_int_equal(count(c, "\"status\": 200"), 1);
  free(c);
  awsmap__buf_dispose(&body);
  awsmap__http_engine_free(e);
}

static void throttled_twice_then_identical_result(void **state) {
  awsmap__http_engine *e = engine(4);
  awsmap__buf clean = AWSMAP__BUF_INIT, body = AWSMAP__BUF_INIT;
  vpcs_ok(e, &clean);
  assert_int_equal(emu_post(&emu, "/_emu/reset", NULL), 0);
  faults("[{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeVpcs\"},\"kind\":\"throttle\",\"count\":2}]");
  vpcs_ok(e, &body);
  /* same VPCs, same size (only the request id differs) */
  assert_int_equal(count(body.ptr, "<vpcId>"), count(clean.ptr, "<vpcId>"));
  assert_int_equal(body.len, clean.len);
  char *c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), 3);
  assert_int_equal(count(c, "\"error_code\": \"RequestLimitExceeded\"") +
                       count(c, "\"error_code\": \"Throttling\""), 2);
  free(c);
  awsmap__buf_dispose(&clean);
  awsmap__buf_dispose(&body);
  awsmap__http_engine_free(e);
}

static void retried_fault(const char *kind) {
  awsmap__http_engine *e = engine(4);
  awsmap__buf body = AWSMAP__BUF_INIT;
  char rule[256];
  snprintf(rule, sizeof rule,
           "[{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeVpcs\"},\"kind\":\"%s\",\"count\":1}]", kind);
  faults(rule);
  vpcs_ok(e, &body);
  char *f = emu_get(&emu, "/_emu/faults");
  assert_non_null(f);
  assert_non_null(strstr(f, "\"fired\": 1"));
  free(f);
  char *c = calls();
  /* both attempts are logged (a reset one with status 0) */
  assert_int_equal(count(c, "\"DescribeVpcs\""), 2);
  if (strcmp(kind, "reset") == 0)
    assert_int_equal(count(c, "\"ConnectionReset\""), 1);
  /* a truncated answer is logged as the 200 it started as */
  assert_int_equal(count(c, "\"status\": 200"), strcmp(kind, "truncate") == 0 ? 2 : 1);
  free(c);
  awsmap__buf_dispose(&body);
  awsmap__http_engine_free(e);
}

static void http500_is_retried(void **state) { retried_fault("http500"); }
static void truncated_body_is_retried(void **state) { retried_fault("truncate"); }
static void reset_connection_is_retried(void **state) { retried_fault("reset"); }

static void access_denied_is_reported_in_full(void **state) {
  awsmap__http_engine *e = engine(4);
  awsmap__buf body = AWSMAP__BUF_INIT;
  faults("[{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeVpcs\"},\"kind\":\"access_denied\"}]");
  assert_int_equal(awsmap__aws_perform(e, &VPCS, creds, &body), AWSMAP_ERR_ACCESS_DENIED);
  const awsmap_error *err = awsmap_error_last();
  assert_int_equal(awsmap_error_status(err), AWSMAP_ERR_ACCESS_DENIED);
  assert_non_null(awsmap_error_aws_code(err));
  assert_string_equal(awsmap_error_aws_code(err), "UnauthorizedOperation");
  assert_int_equal(awsmap_error_http_status(err), 403);
  assert_non_null(awsmap_error_request_id(err));
  assert_true(strlen(awsmap_error_request_id(err)) > 8);
  assert_string_equal(awsmap_error_operation(err), "ec2:DescribeVpcs");
  assert_non_null(strstr(awsmap_error_message(err), "ec2 DescribeVpcs in us-east-1: HTTP 403 UnauthorizedOperation"));
  char *c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), 1); /* not retried */
  free(c);
  awsmap__buf_dispose(&body);
  awsmap__http_engine_free(e);
}

static void clock_skew_is_corrected(void **state) {
  awsmap__http_engine *e = engine(4);
  awsmap__buf body = AWSMAP__BUF_INIT;
  faults("[{\"match\":{\"service\":\"ec2\"},\"kind\":\"clock_skew\",\"seconds\":3600}]");
  vpcs_ok(e, &body);
  assert_true(e->skew_s > 3590 && e->skew_s < 3610);
  char *c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), 2);
  assert_int_equal(count(c, "\"error_code\": \"RequestExpired\""), 1);
  free(c);
  /* later calls are signed with the corrected clock from the start */
  vpcs_ok(e, &body);
  c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), 3);
  free(c);
  awsmap__buf_dispose(&body);
  awsmap__http_engine_free(e);
}

typedef struct result {
  int done;
  awsmap_status status;
} result;
static awsmap_status drop(void *ctx, const char *d, size_t n) { return AWSMAP_OK; }
static void done(void *ctx, awsmap_status st, const awsmap_error *err) {
  result *r = ctx;
  r->done++;
  r->status = st;
}
static awsmap_status get_creds(void *ctx, awsmap_credentials **out) {
  *out = awsmap_credentials_acquire(creds);
  return AWSMAP_OK;
}
static const awsmap__aws_handler HANDLER = {drop, NULL, done, get_creds};

static void many_calls_run_concurrently(void **state) {
  enum { N = 200, IN_FLIGHT = 16, LATENCY = 50 };
  assert_int_equal(emu_post(&emu, "/_emu/config", "{\"latency_ms\": 50}"), 0);
  awsmap__http_engine *e = engine(IN_FLIGHT);
  static result r[N];
  memset(r, 0, sizeof r);
  for (int i = 0; i < N; i++)
    assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &r[i]), AWSMAP_OK);
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  int64_t ms = awsmap__monotonic_ms() - t0;
  for (int i = 0; i < N; i++) {
    assert_int_equal(r[i].done, 1);
    assert_int_equal(r[i].status, AWSMAP_OK);
  }
  print_message("%d DescribeVpcs, %d in flight, %d ms injected latency: %lld ms "
                "(serial would be >= %d ms, ideal %d ms)\n",
                N, IN_FLIGHT, LATENCY, (long long)ms, N * LATENCY, N / IN_FLIGHT * LATENCY);
  /* generous: a quarter of the serial time still proves overlap */
  assert_true(ms < N * LATENCY / 4);
  char *c = calls();
  assert_int_equal(count(c, "\"DescribeVpcs\""), N);
  free(c);
  awsmap__http_engine_free(e);
}

static void *cancel_later(void *p) {
  struct timespec ts = {0, 200 * 1000000L};
  nanosleep(&ts, NULL);
  awsmap__http_engine_cancel(p);
  return NULL;
}

static void cancellation_is_prompt(void **state) {
  enum { N = 20 };
  assert_int_equal(emu_post(&emu, "/_emu/config", "{\"latency_ms\": 3000}"), 0);
  awsmap__http_engine *e = engine(4);
  result r[N];
  memset(r, 0, sizeof r);
  for (int i = 0; i < N; i++)
    assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &r[i]), AWSMAP_OK);
  pthread_t th;
  pthread_create(&th, NULL, cancel_later, e);
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_ERR_CANCELLED);
  int64_t ms = awsmap__monotonic_ms() - t0;
  pthread_join(th, NULL);
  for (int i = 0; i < N; i++) {
    assert_int_equal(r[i].done, 1);
    assert_int_equal(r[i].status, AWSMAP_ERR_CANCELLED);
  }
  assert_true(ms < 1500);
  awsmap__http_engine_free(e);
}

static void imds_token_then_credentials(void **state) {
  awsmap__http_engine *e = engine(4);
  char url[256];
  awsmap__http_response resp = {0};
  /* IMDSv2: no token, no answer */
  snprintf(url, sizeof url, "%s/latest/meta-data/iam/security-credentials/", emu_url(&emu));
  awsmap__http_request get_roles = {"GET", url, NULL, 0, NULL, 0, 1000, 2000};
  assert_int_equal(awsmap__http_perform(e, &get_roles, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 401);
  char tok_url[256];
  snprintf(tok_url, sizeof tok_url, "%s/latest/api/token", emu_url(&emu));
  awsmap__header ttl[] = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  awsmap__http_request put = {"PUT", tok_url, ttl, 1, NULL, 0, 1000, 2000};
  assert_int_equal(awsmap__http_perform(e, &put, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  assert_true(resp.body.len > 0);
  char *token = awsmap__strdup(resp.body.ptr);
  awsmap__header with_token[] = {{"X-aws-ec2-metadata-token", token}};
  get_roles.headers = with_token;
  get_roles.header_count = 1;
  assert_int_equal(awsmap__http_perform(e, &get_roles, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  assert_string_equal(awsmap__buf_cstr(&resp.body), "app-instance-role");
  snprintf(url, sizeof url, "%s/latest/meta-data/iam/security-credentials/app-instance-role",
           emu_url(&emu));
  awsmap__http_request get_creds_req = {"GET", url, with_token, 1, NULL, 0, 1000, 2000};
  assert_int_equal(awsmap__http_perform(e, &get_creds_req, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  assert_non_null(strstr(resp.body.ptr, "\"AccessKeyId\""));
  assert_non_null(strstr(resp.body.ptr, "\"Token\""));
  awsmap__free_secret(token);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(signed_describe_vpcs_passes_signature_check, reset),
      cmocka_unit_test_setup(throttled_twice_then_identical_result, reset),
      cmocka_unit_test_setup(http500_is_retried, reset),
      cmocka_unit_test_setup(truncated_body_is_retried, reset),
      cmocka_unit_test_setup(reset_connection_is_retried, reset),
      cmocka_unit_test_setup(access_denied_is_reported_in_full, reset),
      cmocka_unit_test_setup(clock_skew_is_corrected, reset),
      cmocka_unit_test_setup(many_calls_run_concurrently, reset),
      cmocka_unit_test_setup(cancellation_is_prompt, reset),
      cmocka_unit_test_setup(imds_token_then_credentials, reset),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
