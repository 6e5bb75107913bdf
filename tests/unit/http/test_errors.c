/* AWS error mapping, error-body parsing (XML and JSON), header lookup, curl results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "http/internal.h"

static void maps_codes_to_statuses(void **state) {
  static const struct {
    const char *code;
    long http;
    awsmap_status want;
  } cases[] = {
      {"AccessDenied", 403, AWSMAP_ERR_ACCESS_DENIED},
      {"AccessDeniedException", 400, AWSMAP_ERR_ACCESS_DENIED},
      {"UnauthorizedOperation", 403, AWSMAP_ERR_ACCESS_DENIED},
      {"AuthorizationError", 403, AWSMAP_ERR_ACCESS_DENIED},
      {"Forbidden", 403, AWSMAP_ERR_ACCESS_DENIED},
      {"ExpiredToken", 400, AWSMAP_ERR_CREDENTIALS_EXPIRED},
      {"ExpiredTokenException", 403, AWSMAP_ERR_CREDENTIALS_EXPIRED},
      {"RequestExpired", 400, AWSMAP_ERR_CREDENTIALS_EXPIRED},
      {"TokenRefreshRequired", 400, AWSMAP_ERR_CREDENTIALS_EXPIRED},
      {"InvalidClientTokenId", 403, AWSMAP_ERR_AUTH},
      {"SignatureDoesNotMatch", 403, AWSMAP_ERR_AUTH},
      {"AuthFailure", 401, AWSMAP_ERR_AUTH},
      {"InvalidAccessKeyId", 403, AWSMAP_ERR_AUTH},
      {"UnrecognizedClientException", 400, AWSMAP_ERR_AUTH},
      {"IncompleteSignature", 400, AWSMAP_ERR_AUTH},
      {"MissingAuthenticationToken", 403, AWSMAP_ERR_AUTH},
      {"Throttling", 400, AWSMAP_ERR_THROTTLED},
      {"RequestLimitExceeded", 503, AWSMAP_ERR_THROTTLED},
      {"SlowDown", 503, AWSMAP_ERR_THROTTLED},
      {"InternalError", 500, AWSMAP_ERR_SERVICE},
      {"InvalidVpcID.NotFound", 400, AWSMAP_ERR_SERVICE},
      {"accessdenied", 403, AWSMAP_ERR_SERVICE}, /* codes are case-sensitive */
      {NULL, 403, AWSMAP_ERR_ACCESS_DENIED},      /* HEAD: no body, the status decides */
      {"", 401, AWSMAP_ERR_AUTH},
      {NULL, 429, AWSMAP_ERR_THROTTLED},
      {NULL, 500, AWSMAP_ERR_SERVICE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(awsmap__aws_error_status(cases[i].code, cases[i].http), cases[i].want);
}

static void check_parse(awsmap__protocol proto, const char *body, const char *headers,
                        const char *code, const char *msg, const char *rid) {
  awsmap__buf c = AWSMAP__BUF_INIT, m = AWSMAP__BUF_INIT, r = AWSMAP__BUF_INIT;
  awsmap__buf h = AWSMAP__BUF_INIT;
  if (headers)
    assert_int_equal(awsmap__buf_puts(&h, headers), AWSMAP_OK);
  assert_int_equal(awsmap__aws_error_parse(proto, body, body ? strlen(body) : 0, &h, &c, &m, &r), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&c), code);
  assert_string_equal(awsmap__buf_cstr(&m), msg);
  assert_string_equal(awsmap__buf_cstr(&r), rid);
  awsmap__buf_dispose(&c);
  awsmap__buf_dispose(&m);
  awsmap__buf_dispose(&r);
  awsmap__buf_dispose(&h);
}

static void parses_error_bodies(void **state) {
  check_parse(AWSMAP__PROTO_EC2,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
              "<Message>You are not authorized &amp; stuff</Message></Error></Errors><RequestID>ec2-rid</RequestID></Response>",
              NULL, "UnauthorizedOperation", "You are not authorized & stuff", "ec2-rid");
  check_parse(AWSMAP__PROTO_QUERY,
              "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
              "<Code>AccessDenied</Code><Message>nope</Message></Error><RequestId>q-rid</RequestId></ErrorResponse>",
              NULL, "AccessDenied", "nope", "q-rid");
  check_parse(AWSMAP__PROTO_REST_XML,
              "<Error><Code>NoSuchBucket</Code><Message>gone</Message><BucketName>b</BucketName>"
              "<RequestId>s3-rid</RequestId><HostId>xyz</HostId></Error>",
              NULL, "NoSuchBucket", "gone", "s3-rid");
  /* nothing in the body: headers fill in */
  check_parse(AWSMAP__PROTO_REST_XML, NULL, "Date: x\r\nx-amz-request-id: HDR1\r\n", "", "", "HDR1");
  check_parse(AWSMAP__PROTO_QUERY, "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>",
              "x-amzn-RequestId: HDR2\r\n", "Throttling", "", "HDR2");
  /* garbage and truncation are not fatal */
  check_parse(AWSMAP__PROTO_EC2, "<html>502 Bad Gateway", NULL, "", "", "");
  check_parse(AWSMAP__PROTO_EC2, "not xml at all", "x-amzn-RequestId: r\r\n", "", "", "r");
  /* JSON (SSO portal) */
  check_parse(AWSMAP__PROTO_JSON, "{\"message\":\"Session token not found or invalid\",\"__type\":\"com.amazonaws.switchboard.portal#UnauthorizedException\"}",
              "x-amzn-RequestId: j1\r\n", "UnauthorizedException", "Session token not found or invalid", "j1");
  check_parse(AWSMAP__PROTO_JSON, "{\"Message\":\"slow down\"}", "x-amzn-ErrorType: TooManyRequestsException:http://internal.amazon.com/\r\n",
              "TooManyRequestsException", "slow down", "");
  check_parse(AWSMAP__PROTO_JSON, "{not json", NULL, "", "", "");
}

static void finds_headers(void **state) {
  const char *raw = "Content-Type: text/xml\r\nX-Amzn-RequestId:   abc  \r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nEmpty:\r\n";
  awsmap__buf v = AWSMAP__BUF_INIT;
  assert_true(awsmap__http_header_find(raw, strlen(raw), "x-amzn-requestid", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "abc");
  assert_true(awsmap__http_header_find(raw, strlen(raw), "DATE", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "Mon, 01 Jan 2024 00:00:00 GMT");
  assert_true(awsmap__http_header_find(raw, strlen(raw), "Empty", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "");
  assert_false(awsmap__http_header_find(raw, strlen(raw), "Content", &v)); /* whole names only */
  assert_false(awsmap__http_header_find(raw, strlen(raw), "Type", &v));
  assert_false(awsmap__http_header_find(NULL, 0, "Date", &v));
  awsmap__http_response resp = {0};
  assert_int_equal(awsmap__buf_puts(&resp.headers, raw), AWSMAP_OK);
  assert_true(awsmap__http_response_header(&resp, "content-type", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "text/xml");
  awsmap__http_response_dispose(&resp);
  awsmap__buf_dispose(&v);
}

static void maps_curl_results(void **state) {
  assert_int_equal(awsmap__http_curl_status(CURLE_OK), AWSMAP_OK);
  assert_int_equal(awsmap__http_curl_status(CURLE_OPERATION_TIMEDOUT), AWSMAP_ERR_TIMEOUT);
  assert_int_equal(awsmap__http_curl_status(CURLE_COULDNT_CONNECT), AWSMAP_ERR_NETWORK);
  assert_int_equal(awsmap__http_curl_status(CURLE_COULDNT_RESOLVE_HOST), AWSMAP_ERR_NETWORK);
  assert_int_equal(awsmap__http_curl_status(CURLE_RECV_ERROR), AWSMAP_ERR_NETWORK);
  assert_int_equal(awsmap__http_curl_status(CURLE_PARTIAL_FILE), AWSMAP_ERR_NETWORK);
  assert_int_equal(awsmap__http_curl_status(CURLE_GOT_NOTHING), AWSMAP_ERR_NETWORK);
  assert_int_equal(awsmap__http_curl_status(CURLE_PEER_FAILED_VERIFICATION), AWSMAP_ERR_TLS);
  assert_int_equal(awsmap__http_curl_status(CURLE_SSL_CONNECT_ERROR), AWSMAP_ERR_TLS);
  assert_int_equal(awsmap__http_curl_status(CURLE_UNSUPPORTED_PROTOCOL), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap__http_curl_status(CURLE_ABORTED_BY_CALLBACK), AWSMAP_ERR_CANCELLED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(maps_codes_to_statuses),
      cmocka_unit_test(parses_error_bodies),
      cmocka_unit_test(finds_headers),
      cmocka_unit_test(maps_curl_results),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
