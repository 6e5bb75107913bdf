/* Nothing secret reaches the log callback, even at TRACE: a full signed request with a
 * session token (obtained through IMDSv2) against the emulator, with a retry and an error,
 * while every line is captured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "http/http.h"

static struct emu emu;
static pthread_mutex_t lines_lock = PTHREAD_MUTEX_INITIALIZER;
static awsmap__buf lines = AWSMAP__BUF_INIT; /* every captured line, '\n'-separated */
static int line_count;

static void capture(awsmap_log_level level, const char *sub, const char *msg, void *ud) {
  pthread_mutex_lock(&lines_lock);
  (void)awsmap__buf_printf(&lines, "[%s] %s\n", sub, msg);
  line_count++;
  pthread_mutex_unlock(&lines_lock);
}

static char *json_field(const char *doc, const char *name) {
  cJSON *j = cJSON_Parse(doc);
  assert_non_null(j);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
  assert_true(cJSON_IsString(v));
  char *out = awsmap__strdup(v->valuestring);
  cJSON_Delete(j);
  return out;
}

/* IMDSv2: token, then the role's session credentials. */
static awsmap_credentials *imds_credentials(awsmap__http_engine *e, char **imds_token) {
  char url[256];
  awsmap__http_response resp = {0};
  snprintf(url, sizeof url, "%s/latest/api/token", emu_url(&emu));
  awsmap__header ttl[] = {{"X-aws-ec2-metadata-token-ttl-seconds", "300"}};
  awsmap__http_request put = {"PUT", url, ttl, 1, NULL, 0, 0, 0};
  assert_int_equal(awsmap__http_perform(e, &put, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  *imds_token = awsmap__strdup(resp.body.ptr);
  awsmap__header tok[] = {{"X-aws-ec2-metadata-token", *imds_token}};
  snprintf(url, sizeof url, "%s/latest/meta-data/iam/security-credentials/app-instance-role",
           emu_url(&emu));
  awsmap__http_request get = {"GET", url, tok, 1, NULL, 0, 0, 0};
  assert_int_equal(awsmap__http_perform(e, &get, &resp), AWSMAP_OK);
  assert_int_equal(resp.status, 200);
  char *akid = json_field(resp.body.ptr, "AccessKeyId");
  char *secret = json_field(resp.body.ptr, "SecretAccessKey");
  char *token = json_field(resp.body.ptr, "Token");
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, akid, secret, token, 0), AWSMAP_OK);
  awsmap__free(akid);
  awsmap__free_secret(secret);
  awsmap__free_secret(token);
  awsmap__http_response_dispose(&resp);
  return c;
}

static bool contains_signature_value(const char *text) {
  for (const char *p = text; (p = strstr(p, "Signature=")); p += 10) {
    char c = p[10];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
      return true;
  }
  return false;
}

static void secrets_never_reach_the_log(void **state) {
  assert_int_equal(emu_start(&emu, "full", NULL), 0);
  awsmap_log_set(AWSMAP_LOG_TRACE, capture, NULL);

  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = emu_url(&emu);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  char *imds_token = NULL;
  awsmap_credentials *creds = imds_credentials(e, &imds_token);

  /* one throttled attempt (a logged retry), then success; then an error (a logged failure) */
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeVpcs\"},\"kind\":\"throttle\",\"count\":1},"
                            "{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeSubnets\"},\"kind\":\"access_denied\"}]"),
                   0);
  awsmap__aws_request vpcs = {"ec2", "us-east-1", "DescribeVpcs", "POST", "/", NULL, NULL,
                              "Action=DescribeVpcs&Version=2016-11-15", 38,
                              "application/x-www-form-urlencoded; charset=utf-8", NULL, 0,
                              AWSMAP__PROTO_EC2, false, false};
  awsmap__buf body = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__aws_perform(e, &vpcs, creds, &body), AWSMAP_OK);
  assert_non_null(strstr(body.ptr, "<vpcId>"));
  awsmap__aws_request subnets = vpcs;
  subnets.operation = "DescribeSubnets";
  subnets.body = "Action=DescribeSubnets&Version=2016-11-15";
  subnets.body_len = strlen(subnets.body);
  assert_int_equal(awsmap__aws_perform(e, &subnets, creds, &body), AWSMAP_ERR_ACCESS_DENIED);
  awsmap_log_set(AWSMAP_LOG_OFF, NULL, NULL);

  const char *log = awsmap__buf_cstr(&lines);
  print_message("%d log lines captured\n", line_count);
  if (getenv("HTTP_TEST_LOG"))
    fputs(log, stderr);
  /* the requests were logged, at every level of detail */
  assert_non_null(strstr(log, "ec2:DescribeVpcs POST 127.0.0.1"));
  assert_non_null(strstr(log, "-> HTTP 200"));
  assert_non_null(strstr(log, "retry ec2:DescribeVpcs attempt 2/3"));
  assert_non_null(strstr(log, "> Authorization: "));
  assert_non_null(strstr(log, "> X-Amz-Security-Token: "));
  assert_non_null(strstr(log, "> X-aws-ec2-metadata-token: "));
  assert_non_null(strstr(log, "UnauthorizedOperation"));
  /* and nothing secret was */
  assert_null(strstr(log, awsmap_credentials_secret_access_key(creds)));
  assert_null(strstr(log, awsmap_credentials_session_token(creds)));
  assert_null(strstr(log, imds_token));
  assert_false(contains_signature_value(log));

  awsmap__buf_dispose(&body);
  awsmap__free_secret(imds_token);
  awsmap_credentials_release(creds);
  awsmap__http_engine_free(e);
  emu_stop(&emu);
  awsmap__buf_dispose_secret(&lines);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(secrets_never_reach_the_log)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
