#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "xml/xml.h"

static void extract_finds_first_values_at_paths(void **state) {
  const char *doc =
      "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
      " <AssumeRoleResult>\n"
      "  <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>"
      "<SecretAccessKey>s&amp;ecret</SecretAccessKey><Expiration>2030-01-01T00:00:00Z</Expiration>"
      "</Credentials>\n"
      "  <AssumedRoleUser><Arn>arn:aws:sts::123:assumed-role/r/s</Arn></AssumedRoleUser>\n"
      " </AssumeRoleResult>\n"
      " <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>\n"
      " <ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>\n"
      "</AssumeRoleResponse>";
  const char *paths[] = {"AssumeRoleResult/Credentials/AccessKeyId",
                         "AssumeRoleResult/Credentials/SecretAccessKey",
                         "AssumeRoleResult/Credentials/SessionToken",
                         "ResponseMetadata/RequestId", "Credentials/AccessKeyId",
                         "AssumeRoleResult/AssumedRoleUser/Arn"};
  awsmap__buf v[6] = {AWSMAP__BUF_INIT};
  awsmap__buf_puts(&v[2], "stale");
  assert_int_equal(awsmap__xml_extract(doc, strlen(doc), paths, 6, v), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&v[0]), "ASIAEXAMPLE");
  assert_string_equal(awsmap__buf_cstr(&v[1]), "s&ecret");
  assert_string_equal(awsmap__buf_cstr(&v[2]), ""); /* absent: left empty */
  assert_string_equal(awsmap__buf_cstr(&v[3]), "req-1");
  assert_string_equal(awsmap__buf_cstr(&v[4]), ""); /* paths start below the root */
  assert_string_equal(awsmap__buf_cstr(&v[5]), "arn:aws:sts::123:assumed-role/r/s");
  for (int i = 0; i < 6; i++)
    awsmap__buf_dispose_secret(&v[i]);
}

static void extract_rejects_broken_documents(void **state) {
  const char *paths[] = {"A"};
  awsmap__buf v = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__xml_extract("<r><A>1</A>", 11, paths, 1, &v), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__xml_extract("", 0, paths, 1, &v), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__xml_extract(NULL, 3, paths, 1, &v), AWSMAP_ERR_INVALID_ARG);
  awsmap__buf_dispose(&v);
}

typedef struct error_case {
  const char *doc, *code, *message, *request_id;
  awsmap_status status;
} error_case;

static void error_bodies_of_every_protocol(void **state) {
  const error_case cases[] = {
      /* EC2 */
      {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
       "<Code>UnauthorizedOperation</Code><Message>You are not authorized.</Message></Error>"
       "</Errors><RequestID>ec2-req</RequestID></Response>",
       "UnauthorizedOperation", "You are not authorized.", "ec2-req", AWSMAP_OK},
      /* query (RDS, ELB, ELBv2, STS) */
      {"<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n  <Error>\n"
       "    <Type>Sender</Type>\n    <Code>Throttling</Code>\n    <Message>Rate exceeded</Message>\n"
       "  </Error>\n  <RequestId>q-req</RequestId>\n</ErrorResponse>",
       "Throttling", "Rate exceeded", "q-req", AWSMAP_OK},
      /* S3 */
      {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
       "<Message>Access Denied</Message><RequestId>s3-req</RequestId><HostId>h==</HostId></Error>",
       "AccessDenied", "Access Denied", "s3-req", AWSMAP_OK},
      /* a Code outside <Error> is not the error code */
      {"<Response><Code>nope</Code><Errors><Error><Code>X</Code></Error></Errors></Response>", "X",
       "", "", AWSMAP_OK},
      /* truncated: what was read is kept */
      {"<ErrorResponse><Error><Code>InternalFailure</Code><Message>bo", "InternalFailure", "", "",
       AWSMAP_ERR_PARSE},
      {"<html><body>503 Service Unavailable</body></html>", "", "", "", AWSMAP_OK},
      {"", "", "", "", AWSMAP_ERR_PARSE},
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cases); i++) {
    awsmap__buf code = AWSMAP__BUF_INIT, msg = AWSMAP__BUF_INIT, rid = AWSMAP__BUF_INIT;
    awsmap__buf_puts(&code, "stale");
    const error_case *c = &cases[i];
    assert_int_equal(awsmap__xml_parse_error(c->doc, strlen(c->doc), &code, &msg, &rid),
                     c->status);
    assert_string_equal(awsmap__buf_cstr(&code), c->code);
    assert_string_equal(awsmap__buf_cstr(&msg), c->message);
    assert_string_equal(awsmap__buf_cstr(&rid), c->request_id);
    awsmap__buf_dispose(&code);
    awsmap__buf_dispose(&msg);
    awsmap__buf_dispose(&rid);
  }
  const char *d = "<Error><Code>C</Code></Error>";
  assert_int_equal(awsmap__xml_parse_error(d, strlen(d), NULL, NULL, NULL), AWSMAP_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(extract_finds_first_values_at_paths),
      cmocka_unit_test(extract_rejects_broken_documents),
      cmocka_unit_test(error_bodies_of_every_protocol),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
