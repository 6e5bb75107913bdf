/* awsmap__http_perform against a scripted loopback server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
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

/* The engines the credential providers use cap a response at 1 MiB: credential JSON/XML is a
 * few KiB, and an endpoint that streams more is misbehaving. */
static void credential_engine_caps_responses_at_1_mib(void **state) {
  size_t big = (size_t)2 * 1024 * 1024;
  char *body = malloc(big + 1);
  assert_non_null(body);
  memset(body, 'a', big);
  body[big] = '\0';
  lb_reply script[] = {{200, NULL, body, LB_NORMAL, 0}, {200, NULL, "{\"small\":1}", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 2), 0);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__auth_engine_new(&e, NULL, NULL, 1000, 5000, 1), AWSMAP_OK);
  char url[128];
  lb_url(&s, "/v2/credentials/x", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_TOO_LARGE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "1048576 bytes"));
  assert_true(resp.body.len <= (size_t)1024 * 1024);
  /* a normal-sized answer still goes through */
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&resp.body), "{\"small\":1}");
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
  free(body);
}

/* Response headers are collected too, so they are capped (64 KiB) like the body. */
static void response_headers_are_capped(void **state) {
  size_t n = 2000; /* 2000 lines of ~40 bytes: ~80 KiB */
  char *headers = malloc(n * 48 + 1);
  assert_non_null(headers);
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(headers + len, "X-Padding-%05zu: %024d\r\n", i, 0);
  lb_reply script[] = {{200, headers, "ok", LB_NORMAL, 0}, {200, "X-Small: 1\r\n", "ok", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 2), 0);
  awsmap__http_engine *e = engine(0);
  char url[128];
  lb_url(&s, "/h", url, sizeof url);
  awsmap__http_request req = {"GET", url, NULL, 0, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_ERR_TOO_LARGE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "headers"));
  assert_true(resp.headers.len <= (size_t)64 * 1024);
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  awsmap__buf v = AWSMAP__BUF_INIT;
  assert_true(awsmap__http_response_header(&resp, "X-Small", &v));
  awsmap__buf_dispose(&v);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
  free(headers);
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
      cmocka_unit_test(credential_engine_caps_responses_at_1_mib),
      cmocka_unit_test(response_headers_are_capped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
