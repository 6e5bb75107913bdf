#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/core.h"

static char captured[8192];
static int lines;

static void capture(awsmap_log_level level, const char *subsystem, const char *message,
                    void *userdata) {
  (void)level;
  (void)userdata;
  strncat(captured, subsystem, sizeof captured - strlen(captured) - 1);
  strncat(captured, ": ", sizeof captured - strlen(captured) - 1);
  strncat(captured, message, sizeof captured - strlen(captured) - 1);
  strncat(captured, "\n", sizeof captured - strlen(captured) - 1);
  lines++;
}

static int reset(void **state) {
  captured[0] = '\0';
  lines = 0;
  awsmap_log_set(AWSMAP_LOG_OFF, NULL, NULL);
  return 0;
}

static void nothing_is_logged_by_default_or_above_level(void **state) {
  AWSMAP__ERROR("core", "no callback installed");
  assert_int_equal(lines, 0);
  awsmap_log_set(AWSMAP_LOG_WARN, capture, NULL);
  AWSMAP__INFO("core", "too verbose");
  AWSMAP__WARN("core", "kept %d", 1);
  assert_int_equal(lines, 1);
  assert_string_equal(captured, "core: kept 1\n");
  assert_string_equal(awsmap_log_level_str(AWSMAP_LOG_TRACE), "trace");
}

static char *redact(const char *in) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__redact(&b, in, strlen(in)), AWSMAP_OK);
  return awsmap__buf_detach(&b);
}

static void expect_redacted(const char *in, const char *secret, const char *kept) {
  char *out = redact(in);
  if (strstr(out, secret))
    fail_msg("secret survived in: %s", out);
  if (kept && !strstr(out, kept))
    fail_msg("expected '%s' to survive in: %s", kept, out);
  assert_non_null(strstr(out, "<redacted>"));
  awsmap__free(out);
}

static void every_secret_form_is_redacted(void **state) {
  expect_redacted("Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/"
                  "service/aws4_request, SignedHeaders=host, Signature=abcdef0123\nHost: x",
                  "abcdef0123", "Host: x");
  expect_redacted("X-Amz-Security-Token: FQoGZXIvYXdzEXAMPLETOKEN\r\n", "FQoGZXIvYXdz", NULL);
  expect_redacted("GET /?X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok%2F1&a=b", "deadbeef",
                  "a=b");
  expect_redacted("GET /?X-Amz-Security-Token=tok%2F1&a=b", "tok%2F1", "a=b");
  expect_redacted("{\"AccessKeyId\":\"AKID\",\"SecretAccessKey\":\"s3cr3t\",\"SessionToken\":"
                  "\"sess\"}", "s3cr3t", "AKID");
  expect_redacted("{\"SessionToken\" : \"sess-tok\"}", "sess-tok", NULL);
  expect_redacted("<SecretAccessKey>wJalrXUtnFEMI</SecretAccessKey><AccessKeyId>ASIA1",
                  "wJalrXUtnFEMI", "ASIA1");
  expect_redacted("<SessionToken>AQoDYXdz</SessionToken>", "AQoDYXdz", NULL);
  expect_redacted("aws_secret_access_key = wJalr/K7MDENG\n", "wJalr/K7MDENG", NULL);
  expect_redacted("{\"Code\":\"Success\",\"Token\":\"imds-token-value\"}", "imds-token-value",
                  NULL);
  expect_redacted("x-amz-sso_bearer_token: ssotoken123", "ssotoken123", NULL);
  expect_redacted("X-aws-ec2-metadata-token: AQAEA-imds", "AQAEA-imds", NULL);
  expect_redacted("{\"accessToken\": \"eyJhbGci\"}", "eyJhbGci", NULL);
  expect_redacted("WebIdentityToken=eyJraWQ&Action=AssumeRoleWithWebIdentity", "eyJraWQ",
                  "Action=AssumeRoleWithWebIdentity");
  /* forms found in review */
  expect_redacted("<SecretAccessKey xmlns=\"https://sts.amazonaws.com/doc/\">attrSecret</Secret"
                  "AccessKey>", "attrSecret", "xmlns=");
  expect_redacted("<SessionToken><![CDATA[cdataToken]]></SessionToken>", "cdataToken", NULL);
  expect_redacted("GET /?X-Amz-Security-Token%3DurlEncodedTok%26a%3Db", "urlEncodedTok", NULL);
  expect_redacted("{\\\"SecretAccessKey\\\":\\\"escapedSecret\\\"}", "escapedSecret", NULL);
  expect_redacted("{\"secret_access_key\":[\"arraySecret\"]}", "arraySecret", NULL);
  expect_redacted("Authorization header was: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig",
                  "eyJhbGciOiJSUzI1NiJ9", "Authorization header was");
}

static void harmless_text_is_untouched(void **state) {
  const char *in = "NextToken=abc&MaxResults=5 <nextToken>tok</nextToken> token bucket "
                   "Signature mismatch";
  char *out = redact(in);
  assert_string_equal(out, in);
  awsmap__free(out);
}

static void log_lines_are_redacted(void **state) {
  awsmap_log_set(AWSMAP_LOG_TRACE, capture, NULL);
  AWSMAP__TRACE("http", "> Authorization: AWS4-HMAC-SHA256 Signature=%s", "0123secret");
  assert_null(strstr(captured, "0123secret"));
  assert_non_null(strstr(captured, "http: > Authorization: <redacted>"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(nothing_is_logged_by_default_or_above_level, reset),
      cmocka_unit_test_setup(every_secret_form_is_redacted, reset),
      cmocka_unit_test_setup(harmless_text_is_untouched, reset),
      cmocka_unit_test_setup(log_lines_are_redacted, reset),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
