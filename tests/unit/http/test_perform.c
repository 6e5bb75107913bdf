/* awsmap__http_perform against a scripted loopback server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "http/http.h"
#include "loopback.h"

static awsmap__http_engine *engine(size_t max_bytes) {
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.max_response_bytes = max_bytes;
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  return e;
}

static void get_returns_status_body_and_headers(void **state) {
  static const lb_reply script[] = {
      {200, "X-Amz-Request-Id: abc123\r\nContent-Type: text/plain\r\n", "i-0123456789", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/latest/meta-data/instance-id", url, sizeof url);
  awsmap__header hdr[] = {{"X-Test", "yes"}};
  awsmap__http_request req = {"GET", url, hdr, 1, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  assert_string_equal(awsmap__buf_cstr(&resp.body), "i-0123456789");
  awsmap__buf v = AWSMAP__BUF_INIT;
  assert_true(awsmap__http_response_header(&resp, "x-amz-request-id", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "abc123");
  assert_true(awsmap__http_response_header(&resp, "CONTENT-TYPE", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "text/plain");
  assert_false(awsmap__http_response_header(&resp, "X-Missing", &v));
  assert_non_null(strstr(s.log, "GET /latest/meta-data/instance-id HTTP/1.1"));
  assert_non_null(strstr(s.log, "User-Agent: libawsmap/" AWSMAP_VERSION_STRING));
  assert_non_null(strstr(s.log, "X-Test: yes"));
  awsmap__buf_dispose(&v);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void put_sends_method_and_no_invented_headers(void **state) {
  static const lb_reply script[] = {{200, NULL, "TOKEN", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/latest/api/token", url, sizeof url);
  awsmap__header hdr[] = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  awsmap__http_request req = {"PUT", url, hdr, 1, NULL, 0, 1000, 2000};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  assert_non_null(strstr(s.log, "PUT /latest/api/token HTTP/1.1"));
  assert_non_null(strstr(s.log, "X-aws-ec2-metadata-token-ttl-seconds: 21600"));
  assert_null(strstr(s.log, "Content-Type"));
  assert_null(strstr(s.log, "Expect"));
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void non_2xx_is_still_ok(void **state) {
  static const lb_reply script[] = {{404, NULL, "not here", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/x", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 404);
  assert_string_equal(awsmap__buf_cstr(&resp.body), "not here");
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void response_cap_gives_too_large(void **state) {
  static const lb_reply script[] = {{200, NULL, "0123456789abcdefghijklmnopqrstuvwxyz", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(10);
  char url[128];
  lb_url(&s, "/big", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_TOO_LARGE);
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_TOO_LARGE);
  assert_true(resp.body.len <= 10);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void slow_server_times_out(void **state) {
  static const lb_reply script[] = {{200, NULL, "late", LB_NORMAL, 1500}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/slow", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 200};
  awsmap__http_response resp = {0};
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_TIMEOUT);
  assert_true(awsmap__monotonic_ms() - t0 < 1400);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void refused_and_reset_are_network_errors(void **state) {
  static const lb_reply script[] = {{200, NULL, NULL, LB_RESET, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/reset", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_NETWORK);
  assert_int_equal(resp.status, 0);
  lb_stop(&s);
  /* the port is closed now */
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_NETWORK);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
}

static void truncated_body_is_a_network_error(void **state) {
  static const lb_reply script[] = {{200, NULL, "0123456789abcdefghij", LB_TRUNCATE, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/cut", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_NETWORK);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void bad_requests_are_rejected(void **state) {
  awsmap__http_engine *e = engine(0);
  awsmap__http_response resp = {0};
  awsmap__http_request ftp = {"GET", "ftp://127.0.0.1/x", NULL, 0, NULL, 0, 0, 0};
  assert_int_equal(awsmap__http_perform(e, &ftp, &resp), AWSMAP_ERR_INVALID_ARG);
  awsmap__header evil[] = {{"X-A", "b\r\nInjected: 1"}};
  awsmap__http_request inj = {"GET", "http://127.0.0.1:1/", evil, 1, NULL, 0, 0, 0};
  assert_int_equal(awsmap__http_perform(e, &inj, &resp), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap__http_perform(NULL, &ftp, &resp), AWSMAP_ERR_INVALID_ARG);
  awsmap__http_engine_free(e);
}

static void connections_are_reused(void **state) {
  static const lb_reply script[] = {{200, NULL, "ok", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/again", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  for (int i = 0; i < 5; i++) {
    assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
    assert_int_equal(resp.status, 200);
  }
  assert_int_equal(lb_requests(&s), 5);
  assert_int_equal(lb_connections(&s), 1);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void cancelled_engine_refuses(void **state) {
  awsmap__http_engine *e = engine(0);
  awsmap__http_engine_cancel(e);
  awsmap__http_request req = {"GET", "http://127.0.0.1:1/", NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_CANCELLED);
  awsmap__http_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(get_returns_status_body_and_headers),
      cmocka_unit_test(put_sends_method_and_no_invented_headers),
      cmocka_unit_test(non_2xx_is_still_ok),
      cmocka_unit_test(response_cap_gives_too_large),
      cmocka_unit_test(slow_server_times_out),
      cmocka_unit_test(refused_and_reset_are_network_errors),
      cmocka_unit_test(truncated_body_is_a_network_error),
      cmocka_unit_test(bad_requests_are_rejected),
      cmocka_unit_test(connections_are_reused),
      cmocka_unit_test(cancelled_engine_refuses),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
