/* The AWS call engine against a scripted loopback server: signing, streaming, retries,
 * error mapping, clock skew, concurrency and cancellation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/internal.h"
#include "loopback.h"

#define EC2_OK "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>"
#define EC2_THROTTLE                                                                           \
  "<Response><Errors><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"   \
  "</Errors><RequestID>req-throttle</RequestID></Response>"
#define EC2_DENIED                                                                             \
  "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not "           \
  "authorized to perform this operation.</Message></Error></Errors><RequestID>req-denied"      \
  "</RequestID></Response>"
#define EC2_500                                                                                \
  "<Response><Errors><Error><Code>InternalError</Code><Message>oops</Message></Error>"         \
  "</Errors><RequestID>req-500</RequestID></Response>"

typedef struct result {
  awsmap__buf body;
  int done, resets;
  awsmap_status status;
  awsmap_error error;
  awsmap_credentials *creds;
  awsmap_status fail_data; /* on_data returns this when set */
} result;

static awsmap_status on_data(void *ctx, const char *data, size_t len) {
  result *r = ctx;
  if (r->fail_data != AWSMAP_OK)
    return awsmap__error_set(r->fail_data, "test", "parser refused");
  return awsmap__buf_put(&r->body, data, len);
}
static void on_reset(void *ctx) {
  result *r = ctx;
  r->resets++;
  awsmap__buf_clear(&r->body);
}
static void on_done(void *ctx, awsmap_status st, const awsmap_error *err) {
  result *r = ctx;
  r->done++;
  r->status = st;
  if (err)
    awsmap__error_copy(&r->error, err);
}
static awsmap_status get_creds(void *ctx, awsmap_credentials **out) {
  result *r = ctx;
  *out = awsmap_credentials_acquire(r->creds);
  return AWSMAP_OK;
}
static const awsmap__aws_handler HANDLER = {on_data, on_reset, on_done, get_creds};

static awsmap__http_engine *engine_for(lb_server *s, unsigned in_flight) {
  char url[64];
  lb_url(s, "", url, sizeof url);
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = url;
  cfg.max_in_flight = in_flight;
  cfg.max_attempts = 3;
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  e->retry_base_ms = 5; /* keep the tests quick; bounds are tested in test_retry */
  return e;
}

static void result_init(result *r) {
  memset(r, 0, sizeof *r);
  assert_int_equal(awsmap_credentials_new(&r->creds, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                          "SESSIONTOKEN123", 0), AWSMAP_OK);
}
static void result_dispose(result *r) {
  awsmap__buf_dispose(&r->body);
  awsmap_credentials_release(r->creds);
}

static const awsmap__aws_request VPCS = {
    "ec2", "us-east-1", "DescribeVpcs", "POST", "/", NULL, NULL,
    "Action=DescribeVpcs&Version=2016-11-15", 38, "application/x-www-form-urlencoded; charset=utf-8",
    NULL, 0, AWSMAP__PROTO_EC2, false, false};

static void run_one(lb_server *s, const lb_reply *script, size_t n, result *r, awsmap__http_engine **keep) {
  assert_int_equal(lb_start(s, script, n), 0);
  awsmap__http_engine *e = engine_for(s, 4);
  result_init(r);
  assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, r), AWSMAP_OK);
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  assert_int_equal(r->done, 1);
  if (keep)
    *keep = e;
  else
    awsmap__http_engine_free(e);
}

static void signed_call_streams_body(void **state) {
  static const lb_reply script[] = {{200, "x-amzn-RequestId: r1\r\n", EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 1, &r, NULL);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&r.body), EC2_OK);
  assert_non_null(strstr(s.log, "POST / HTTP/1.1"));
  assert_non_null(strstr(s.log, "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
  assert_non_null(strstr(s.log, "/us-east-1/ec2/aws4_request"));
  assert_non_null(strstr(s.log, "X-Amz-Security-Token: SESSIONTOKEN123"));
  assert_non_null(strstr(s.log, "X-Amz-Date: "));
  assert_non_null(strstr(s.log, "Content-Type: application/x-www-form-urlencoded; charset=utf-8"));
  assert_null(strstr(s.log, "x-amz-content-sha256")); /* only S3 sends it */
  assert_int_equal(r.resets, 0);
  lb_stop(&s);
  result_dispose(&r);
}

static void throttled_twice_then_ok(void **state) {
  static const lb_reply script[] = {{400, NULL, EC2_THROTTLE, LB_NORMAL, 0},
                                    {400, NULL, EC2_THROTTLE, LB_NORMAL, 0},
                                    {200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 3, &r, NULL);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 3);
  assert_int_equal(r.resets, 2);
  assert_string_equal(awsmap__buf_cstr(&r.body), EC2_OK);
  lb_stop(&s);
  result_dispose(&r);
}

static void throttled_beyond_attempts_is_throttled(void **state) {
  static const lb_reply script[] = {{400, NULL, EC2_THROTTLE, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 1, &r, NULL);
  assert_int_equal(r.status, AWSMAP_ERR_THROTTLED);
  assert_int_equal(lb_requests(&s), 3);
  assert_string_equal(awsmap_error_aws_code(&r.error), "Throttling");
  assert_int_equal(awsmap_error_http_status(&r.error), 400);
  assert_string_equal(awsmap_error_request_id(&r.error), "req-throttle");
  /* the message says why retrying stopped */
  assert_non_null(strstr(awsmap_error_message(&r.error), "; gave up after attempt 3/3"));
  lb_stop(&s);
  result_dispose(&r);
}

static void server_error_then_ok(void **state) {
  static const lb_reply script[] = {{500, NULL, EC2_500, LB_NORMAL, 0}, {200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 2, &r, NULL);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 2);
  lb_stop(&s);
  result_dispose(&r);
}

static void truncated_body_is_retried_and_reset(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_TRUNCATE, 0}, {200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 2, &r, NULL);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_int_equal(r.resets, 1);
  assert_string_equal(awsmap__buf_cstr(&r.body), EC2_OK); /* not half + whole */
  lb_stop(&s);
  result_dispose(&r);
}

static void reset_connection_is_retried(void **state) {
  static const lb_reply script[] = {{200, NULL, NULL, LB_RESET, 0}, {200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 2, &r, NULL);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 2);
  lb_stop(&s);
  result_dispose(&r);
}

static void access_denied_is_final_and_detailed(void **state) {
  static const lb_reply script[] = {{403, NULL, EC2_DENIED, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 1, &r, NULL);
  assert_int_equal(r.status, AWSMAP_ERR_ACCESS_DENIED);
  assert_int_equal(lb_requests(&s), 1);
  assert_string_equal(awsmap_error_aws_code(&r.error), "UnauthorizedOperation");
  assert_string_equal(awsmap_error_request_id(&r.error), "req-denied");
  assert_string_equal(awsmap_error_operation(&r.error), "ec2:DescribeVpcs");
  assert_int_equal(awsmap_error_http_status(&r.error), 403);
  assert_string_equal(awsmap_error_message(&r.error),
                      "ec2 DescribeVpcs in us-east-1: HTTP 403 UnauthorizedOperation: You are not "
                      "authorized to perform this operation. (request id req-denied)");
  lb_stop(&s);
  result_dispose(&r);
}

static void request_id_from_header_when_body_has_none(void **state) {
  static const lb_reply script[] = {{403, "x-amzn-RequestId: hdr-id\r\n",
                                     "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>",
                                     LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 1, &r, NULL);
  assert_int_equal(r.status, AWSMAP_ERR_ACCESS_DENIED);
  assert_string_equal(awsmap_error_request_id(&r.error), "hdr-id");
  lb_stop(&s);
  result_dispose(&r);
}

static void clock_skew_is_corrected(void **state) {
  static char date_hdr[64];
  char date[30];
  awsmap__time_rfc1123(awsmap__now() + 3600, date);
  snprintf(date_hdr, sizeof date_hdr, "Date: %s\r\n", date);
  static lb_reply script[] = {
      {400, NULL, "<Response><Errors><Error><Code>RequestExpired</Code><Message>Request has expired.</Message></Error></Errors><RequestID>x</RequestID></Response>", LB_NORMAL, 0},
      {200, NULL, EC2_OK, LB_NORMAL, 0}};
  script[0].headers = date_hdr;
  lb_server s;
  result r;
  awsmap__http_engine *e;
  run_one(&s, script, 2, &r, &e);
  assert_int_equal(r.status, AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 2);
  assert_true(e->skew_s > 3590 && e->skew_s < 3610);
  /* the second request was signed an hour ahead */
  char amz[17], hour_ahead[12];
  awsmap__time_amz(awsmap__now() + 3600, amz);
  memcpy(hour_ahead, amz, 11); /* yyyymmddThh */
  hour_ahead[11] = '\0';
  const char *second = strstr(strstr(s.log, "X-Amz-Date: ") + 1, "X-Amz-Date: ");
  assert_non_null(second);
  assert_memory_equal(second + 12, hour_ahead, 11);
  awsmap__http_engine_free(e);
  lb_stop(&s);
  result_dispose(&r);
}

static void parser_error_aborts_without_retry(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine_for(&s, 4);
  result r;
  result_init(&r);
  r.fail_data = AWSMAP_ERR_PARSE;
  assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &r), AWSMAP_OK);
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  assert_int_equal(r.done, 1);
  assert_int_equal(r.status, AWSMAP_ERR_PARSE);
  assert_int_equal(lb_requests(&s), 1);
  awsmap__http_engine_free(e);
  lb_stop(&s);
  result_dispose(&r);
}

static void calls_run_concurrently_over_few_connections(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_NORMAL, 100}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine_for(&s, 8);
  enum { N = 32 };
  result r[N];
  for (int i = 0; i < N; i++) {
    result_init(&r[i]);
    assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &r[i]), AWSMAP_OK);
  }
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  int64_t ms = awsmap__monotonic_ms() - t0;
  for (int i = 0; i < N; i++) {
    assert_int_equal(r[i].done, 1);
    assert_int_equal(r[i].status, AWSMAP_OK);
    result_dispose(&r[i]);
  }
  /* serial would take N * 100 ms = 3.2 s; 8 at a time is ~400 ms */
  print_message("32 calls x 100 ms, 8 in flight: %lld ms, %d connections, peak %d concurrent\n",
                (long long)ms, lb_connections(&s), s.max_in_flight);
  assert_true(s.max_in_flight >= 4);
  assert_true(s.max_in_flight <= 8);
  assert_true(lb_connections(&s) <= 8);
  assert_true(ms < 2000);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

/* An urgent call (a next page, an answer that starts other calls) starts
 * before calls queued earlier; urgent ones keep their own order. */
static void urgent_calls_start_before_queued_ones(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine_for(&s, 1);
  /* told apart by their query string, which the server's log shows */
  static const char *const names[] = {"call=A", "call=B", "call=U1", "call=C", "call=U2"};
  result r[5];
  for (int i = 0; i < 5; i++) {
    awsmap__aws_request req = VPCS;
    req.query = names[i];
    req.urgent = names[i][5] == 'U';
    result_init(&r[i]);
    assert_int_equal(awsmap__aws_submit(e, &req, &HANDLER, &r[i]), AWSMAP_OK);
  }
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  static const char *const order[] = {"?call=U1 ", "?call=U2 ", "?call=A ", "?call=B ", "?call=C "};
  const char *at = s.log;
  for (int i = 0; i < 5; i++) {
    const char *next = strstr(at, order[i]);
    if (!next)
      fail_msg("%s was not sent after the calls before it in %s", order[i], s.log);
    at = next;
  }
  for (int i = 0; i < 5; i++) {
    assert_int_equal(r[i].status, AWSMAP_OK);
    result_dispose(&r[i]);
  }
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void *cancel_later(void *p) {
  struct timespec ts = {0, 150 * 1000000L};
  nanosleep(&ts, NULL);
  awsmap__http_engine_cancel(p);
  return NULL;
}

static void cancel_stops_running_and_pending(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_NORMAL, 3000}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine_for(&s, 2);
  enum { N = 6 };
  result r[N];
  for (int i = 0; i < N; i++) {
    result_init(&r[i]);
    assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &r[i]), AWSMAP_OK);
  }
  pthread_t th;
  pthread_create(&th, NULL, cancel_later, e);
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_ERR_CANCELLED);
  assert_true(awsmap__monotonic_ms() - t0 < 1500);
  pthread_join(th, NULL);
  for (int i = 0; i < N; i++) {
    assert_int_equal(r[i].done, 1);
    assert_int_equal(r[i].status, AWSMAP_ERR_CANCELLED);
    result_dispose(&r[i]);
  }
  result late;
  result_init(&late);
  assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &late), AWSMAP_ERR_CANCELLED);
  assert_int_equal(late.done, 0);
  result_dispose(&late);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void backoff_does_not_block_other_calls(void **state) {
  /* request 1 is throttled and waits ~400 ms; request 2 must finish meanwhile */
  static const lb_reply script[] = {{400, NULL, EC2_THROTTLE, LB_NORMAL, 0},
                                    {200, NULL, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 2), 0);
  awsmap__http_engine *e = engine_for(&s, 1);
  e->retry_base_ms = 40; /* a throttle backs off on ten times that */
  e->rng = 12345;        /* fixed: a known non-trivial delay */
  uint64_t probe = e->rng;
  long delay = awsmap__retry_backoff_ms(&probe, 1, 40 * AWSMAP__RETRY_THROTTLE_FACTOR, 20000);
  result a, b;
  result_init(&a);
  result_init(&b);
  assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &a), AWSMAP_OK);
  assert_int_equal(awsmap__aws_submit(e, &VPCS, &HANDLER, &b), AWSMAP_OK);
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_engine_run(e), AWSMAP_OK);
  int64_t ms = awsmap__monotonic_ms() - t0;
  assert_int_equal(a.status, AWSMAP_OK);
  assert_int_equal(b.status, AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 3);
  /* the second call ran during the first's backoff: request order was a, b, a-retry */
  assert_true(ms >= delay);
  assert_true(ms < delay + 1000);
  awsmap__http_engine_free(e);
  lb_stop(&s);
  result_dispose(&a);
  result_dispose(&b);
}

static void aws_perform_sync(void **state) {
  static const lb_reply script[] = {{200, NULL, EC2_OK, LB_NORMAL, 0},
                                    {403, NULL, EC2_DENIED, LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 2), 0);
  awsmap__http_engine *e = engine_for(&s, 4);
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKID", "SECRET", NULL, 0), AWSMAP_OK);
  awsmap__buf body = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__aws_perform(e, &VPCS, c, &body), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&body), EC2_OK);
  awsmap__buf_clear(&body);
  assert_int_equal(awsmap__aws_perform(e, &VPCS, c, &body), AWSMAP_ERR_ACCESS_DENIED);
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_ACCESS_DENIED);
  assert_string_equal(awsmap_error_aws_code(awsmap_error_last()), "UnauthorizedOperation");
  assert_int_equal(body.len, 0);
  assert_null(strstr(s.log, "X-Amz-Security-Token"));
  awsmap__buf_dispose(&body);
  awsmap_credentials_release(c);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

/* A call that cannot be queued for want of memory fails cleanly (status and
 * message), and a queued one still hears on_done when the engine goes. */
static void submit_survives_allocation_failures(void **state) {
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = "http://127.0.0.1:9"; /* never contacted: the engine never runs */
  for (long n = 1; n < 60; n++) {
    awsmap__http_engine *e = NULL;
    assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
    result r;
    result_init(&r);
    awsmap__alloc_fail_after(n);
    awsmap_status st = awsmap__aws_submit(e, &VPCS, &HANDLER, &r);
    awsmap__alloc_fail_after(0);
    if (st != AWSMAP_OK) {
      assert_int_equal(st, AWSMAP_ERR_NOMEM);
      assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_NOMEM);
    }
    awsmap__http_engine_free(e);
    assert_int_equal(r.done, st == AWSMAP_OK ? 1 : 0);
    awsmap_credentials_release(r.creds);
  }
}

static void s3_path_style_on_override(void **state) {
  static const lb_reply script[] = {{200, NULL, "<ListBucketResult/>", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine_for(&s, 4);
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKID", "SECRET", NULL, 0), AWSMAP_OK);
  awsmap__aws_request req = {"s3", "eu-west-1", "ListObjectsV2", "GET", "/", "list-type=2",
                             "my-bucket", NULL, 0, NULL, NULL, 0, AWSMAP__PROTO_REST_XML, false, false};
  awsmap__buf body = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__aws_perform(e, &req, c, &body), AWSMAP_OK);
  assert_non_null(strstr(s.log, "GET /my-bucket?list-type=2 HTTP/1.1"));
  assert_non_null(strstr(s.log, "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb924"));
  awsmap__buf_dispose(&body);
  awsmap_credentials_release(c);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void print_log(awsmap_log_level level, const char *sub, const char *msg, void *ud) {
  fprintf(stderr, "%6lld [%s] %s\n", (long long)(awsmap__monotonic_ms() % 1000000), sub, msg);
}

/* Collected response headers are capped (64 KiB): a flood of them fails the call, not memory. */
static void header_flood_is_too_large(void **state) {
  size_t n = 2000;
  char *headers = malloc(n * 48 + 1);
  assert_non_null(headers);
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(headers + len, "X-Padding-%05zu: %024d\r\n", i, 0);
  lb_reply script[] = {{200, headers, EC2_OK, LB_NORMAL, 0}};
  lb_server s;
  result r;
  run_one(&s, script, 1, &r, NULL);
  assert_int_equal(r.status, AWSMAP_ERR_TOO_LARGE);
  assert_non_null(strstr(r.error.message, "headers"));
  assert_int_equal(lb_requests(&s), 1); /* not retried */
  lb_stop(&s);
  result_dispose(&r);
  free(headers);
}

int main(void) {
  if (getenv("HTTP_TEST_LOG")) /* for debugging: the engine's own account of each request */
    awsmap_log_set(AWSMAP_LOG_TRACE, print_log, NULL);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(signed_call_streams_body),
      cmocka_unit_test(throttled_twice_then_ok),
      cmocka_unit_test(throttled_beyond_attempts_is_throttled),
      cmocka_unit_test(server_error_then_ok),
      cmocka_unit_test(truncated_body_is_retried_and_reset),
      cmocka_unit_test(reset_connection_is_retried),
      cmocka_unit_test(access_denied_is_final_and_detailed),
      cmocka_unit_test(request_id_from_header_when_body_has_none),
      cmocka_unit_test(clock_skew_is_corrected),
      cmocka_unit_test(parser_error_aborts_without_retry),
      cmocka_unit_test(calls_run_concurrently_over_few_connections),
      cmocka_unit_test(urgent_calls_start_before_queued_ones),
      cmocka_unit_test(cancel_stops_running_and_pending),
      cmocka_unit_test(backoff_does_not_block_other_calls),
      cmocka_unit_test(aws_perform_sync),
      cmocka_unit_test(submit_survives_allocation_failures),
      cmocka_unit_test(s3_path_style_on_override),
      cmocka_unit_test(header_flood_is_too_large),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
