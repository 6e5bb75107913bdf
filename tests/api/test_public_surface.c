/* Black-box checks of public functions the other suites reach only through
 * the examples or the Python binding: options initialisers, signed-header
 * and payload-hash choices, endpoint overrides and cancellation. Includes
 * only <awsmap/awsmap.h> and links the shared library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <awsmap/awsmap.h>
#include <stdlib.h>
#include <string.h>

#include "assert_status.h"
#include "emu.h"

#define T_20150830 1440938160

static void options_initialisers_check_the_version(void **state) {
  awsmap_client_options co;
  memset(&co, 0xab, sizeof co);
  assert_status(awsmap_client_options_init(&co, AWSMAP_CLIENT_OPTIONS_VERSION), AWSMAP_OK);
  assert_int_equal(co.version, AWSMAP_CLIENT_OPTIONS_VERSION);
  assert_null(co.region);
  assert_int_equal(co.max_in_flight, 0);
  assert_status(awsmap_client_options_init(&co, 99), AWSMAP_ERR_INVALID_ARG);
  assert_status(awsmap_client_options_init(NULL, AWSMAP_CLIENT_OPTIONS_VERSION),
                AWSMAP_ERR_INVALID_ARG);

  awsmap_imds_options io;
  memset(&io, 0xab, sizeof io);
  assert_status(awsmap_imds_options_init(&io, AWSMAP_IMDS_OPTIONS_VERSION), AWSMAP_OK);
  assert_null(io.endpoint_url);
  assert_int_equal(io.allow_v1, 0);
  assert_status(awsmap_imds_options_init(&io, 99), AWSMAP_ERR_INVALID_ARG);

  awsmap_web_identity_options wo;
  memset(&wo, 0xab, sizeof wo);
  assert_status(awsmap_web_identity_options_init(&wo, AWSMAP_WEB_IDENTITY_OPTIONS_VERSION),
                AWSMAP_OK);
  assert_int_equal(wo.version, AWSMAP_WEB_IDENTITY_OPTIONS_VERSION);
  assert_status(awsmap_web_identity_options_init(&wo, 99), AWSMAP_ERR_INVALID_ARG);
}

static awsmap_sigv4_result *sign(awsmap_sigv4_request *req) {
  awsmap_credentials *c = NULL;
  assert_status(awsmap_credentials_new(&c, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       NULL, 0),
                AWSMAP_OK);
  awsmap_sigv4_result *r = NULL;
  awsmap_status st = awsmap_sigv4_sign(&r, req, c, "us-east-1", "service", T_20150830, NULL);
  awsmap_credentials_release(c);
  return st == AWSMAP_OK ? r : NULL;
}

static void signed_headers_and_payload_hash_are_the_callers_choice(void **state) {
  awsmap_sigv4_request *req = NULL;
  assert_status(awsmap_sigv4_request_new(&req, "GET", "https://example.amazonaws.com/"),
                AWSMAP_OK);
  assert_status(awsmap_sigv4_request_add_header(req, "My-Header1", "value1"), AWSMAP_OK);
  assert_status(awsmap_sigv4_request_add_header(req, "My-Header2", "value2"), AWSMAP_OK);

  awsmap_sigv4_result *all = sign(req);
  assert_non_null(all);
  assert_string_equal(awsmap_sigv4_result_signed_headers(all), "host;my-header1;my-header2;x-amz-date");
  /* nothing set: the empty body's hash */
  assert_string_equal(awsmap_sigv4_result_payload_hash(all),
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert_string_equal(awsmap_sigv4_result_amz_date(all), "20150830T123600Z");

  const char *only[] = {"MY-HEADER2"};
  assert_status(awsmap_sigv4_request_set_signed_headers(req, only, 1), AWSMAP_OK);
  assert_status(awsmap_sigv4_request_set_payload_hash(req, "UNSIGNED-PAYLOAD"), AWSMAP_OK);
  awsmap_sigv4_result *some = sign(req);
  assert_non_null(some);
  /* a payload marker is announced in x-amz-content-sha256, which is signed too */
  assert_string_equal(awsmap_sigv4_result_signed_headers(some),
                      "host;my-header2;x-amz-content-sha256;x-amz-date");
  assert_string_equal(awsmap_sigv4_result_payload_hash(some), "UNSIGNED-PAYLOAD");
  assert_string_not_equal(awsmap_sigv4_result_signature(some), awsmap_sigv4_result_signature(all));
  assert_non_null(strstr(awsmap_sigv4_result_canonical_request(some), "\nUNSIGNED-PAYLOAD"));

  assert_status(awsmap_sigv4_request_set_payload_hash(req, "not a hash"), AWSMAP_ERR_INVALID_ARG);
  const char *absent[] = {"X-Not-In-Request"};
  assert_status(awsmap_sigv4_request_set_signed_headers(req, absent, 1), AWSMAP_OK);
  assert_null(sign(req)); /* a chosen header the request lacks */
  assert_status(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_INVALID_ARG);
  /* NULL goes back to signing every header */
  assert_status(awsmap_sigv4_request_set_signed_headers(req, NULL, 0), AWSMAP_OK);
  assert_status(awsmap_sigv4_request_set_payload_hash(req, NULL), AWSMAP_OK);
  awsmap_sigv4_result *again = sign(req);
  assert_string_equal(awsmap_sigv4_result_signature(again), awsmap_sigv4_result_signature(all));

  awsmap_sigv4_result_free(again);
  awsmap_sigv4_result_free(some);
  awsmap_sigv4_result_free(all);
  awsmap_sigv4_request_free(req);
}

static struct emu emu;

static awsmap_client *emulated_client(const char *endpoint_url) {
  awsmap_credentials_provider *p = NULL;
  assert_status(awsmap_credentials_provider_static_new(
                    &p, "AKIAEMUFULL000000001", "fullSecretKey/000000000000000000000000001", NULL),
                AWSMAP_OK);
  awsmap_client_options o = AWSMAP_CLIENT_OPTIONS_INIT;
  o.endpoint_url = endpoint_url;
  o.region = "us-east-1";
  o.max_attempts = 1;
  o.connect_timeout_ms = 500;
  awsmap_client *c = NULL;
  assert_status(awsmap_client_new(&c, p, &o), AWSMAP_OK);
  awsmap_credentials_provider_release(p);
  return c;
}

static int count_record(const awsmap_record *rec, void *userdata) {
  ++*(int *)userdata;
  return 0;
}

static void a_per_service_endpoint_overrides_the_global_one(void **state) {
  /* Nothing listens on port 1: only EC2's own override reaches the emulator. */
  awsmap_client *c = emulated_client("http://127.0.0.1:1");
  int n = 0;
  assert_status(awsmap_client_call(c, "ec2:DescribeVpcs", NULL, NULL, count_record, &n),
                AWSMAP_ERR_NETWORK);
  assert_status(awsmap_client_set_endpoint(c, "ec2", emu_url(&emu)), AWSMAP_OK);
  assert_status(awsmap_client_call(c, "ec2:DescribeVpcs", NULL, NULL, count_record, &n),
                AWSMAP_OK);
  assert_true(n > 0);
  assert_status(awsmap_client_call(c, "rds:DescribeDBInstances", NULL, NULL, count_record, &n),
                AWSMAP_ERR_NETWORK);
  assert_status(awsmap_client_set_endpoint(c, "lambda", emu_url(&emu)), AWSMAP_ERR_INVALID_ARG);
  assert_status(awsmap_client_set_endpoint(c, NULL, emu_url(&emu)), AWSMAP_ERR_INVALID_ARG);
  awsmap_client_free(c);
}

struct cancel_ctx {
  awsmap_client *client;
  int seen;
};

static int cancel_on_first(const awsmap_record *rec, void *userdata) {
  struct cancel_ctx *x = userdata;
  if (x->seen++ == 0)
    awsmap_client_cancel(x->client); /* stops the call; the callback itself returns 0 */
  return 0;
}

static void cancel_stops_a_running_call_and_the_client_recovers(void **state) {
  awsmap_client *c = emulated_client(emu_url(&emu));
  /* 7 interfaces in 2 pages of 5: a cancel on the first record skips page 2 */
  const char *const params[] = {"MaxResults", "5", NULL};
  struct cancel_ctx x = {c, 0};
  assert_status(awsmap_client_call(c, "ec2:DescribeNetworkInterfaces", NULL, params,
                                   cancel_on_first, &x),
                AWSMAP_ERR_CANCELLED);
  int n = 0;
  assert_status(awsmap_client_call(c, "ec2:DescribeNetworkInterfaces", NULL, params, count_record,
                                   &n),
                AWSMAP_OK);
  assert_true(n > x.seen); /* the cancelled call stopped early; this one read all pages */
  awsmap_client_cancel(NULL);
  awsmap_client_free(c);
}

static int setup(void **state) { return emu_start(&emu, "full", NULL); }
static int teardown(void **state) {
  emu_stop(&emu);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(options_initialisers_check_the_version),
      cmocka_unit_test(signed_headers_and_payload_hash_are_the_callers_choice),
      cmocka_unit_test(a_per_service_endpoint_overrides_the_global_one),
      cmocka_unit_test(cancel_stops_a_running_call_and_the_client_recovers),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
