/* STS through the emulator: AssumeRole with and without the right External
 * ID, AssumeRoleWithWebIdentity, faults (throttling, 500s, slowness, expired
 * tokens). The emulator checks every signed request's signature itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assert_status.h"
#include "auth/auth.h"
#include "emu.h"

#define MAPPER_KEY "AKIAEMUFULL000000001"
#define MAPPER_SECRET "fullSecretKey/000000000000000000000000001"
#define AUDIT_ROLE "arn:aws:iam::222222222222:role/AuditRole"
#define WEB_ROLE "arn:aws:iam::222222222222:role/WebRole"

static struct emu emu;

static char tmpdir[64];

static int start(void **state) {
  if (emu_start(&emu, "full", NULL) != 0)
    return -1;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/awsmap-auth-XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int stop(void **state) {
  emu_stop(&emu);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static int reset(void **state) {
  awsmap__error_clear();
  return emu_post(&emu, "/_emu/reset", NULL);
}

static awsmap_credentials_provider *mapper(void) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_static_new(&p, MAPPER_KEY, MAPPER_SECRET, NULL), AWSMAP_OK);
  return p;
}

static awsmap_status assume(const char *role, const char *external_id, long timeout_ms,
                            awsmap_credentials **out) {
  awsmap_credentials_provider *src = mapper(), *p = NULL;
  awsmap_assume_role_options o;
  assert_int_equal(awsmap_assume_role_options_init(&o, AWSMAP_ASSUME_ROLE_OPTIONS_VERSION), AWSMAP_OK);
  o.role_arn = role;
  o.external_id = external_id;
  o.endpoint_url = emu_url(&emu);
  o.region = "us-east-1";
  o.timeout_ms = timeout_ms;
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&p, src, &o), AWSMAP_OK);
  awsmap_credentials_provider_release(src);
  awsmap_status st = awsmap_credentials_provider_get(p, out);
  awsmap_credentials_provider_release(p);
  return st;
}

/* Every STS call the emulator saw, as JSON. */
static char *calls(void) {
  char *c = emu_get(&emu, "/_emu/calls");
  assert_non_null(c);
  return c;
}

static void assume_role_with_external_id(void **state) {
  awsmap_credentials *c = NULL;
  assert_status(assume(AUDIT_ROLE, "ext-7f3a9c", 0, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "assume-role");
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  assert_non_null(awsmap_credentials_session_token(c));
  assert_true(awsmap_credentials_expiration(c) > awsmap__now() + 3000);
  assert_string_not_equal(awsmap_credentials_access_key_id(c), MAPPER_KEY);
  awsmap_credentials_release(c);
  char *log = calls();
  assert_non_null(strstr(log, "\"AssumeRole\""));
  assert_null(strstr(log, "SignatureDoesNotMatch"));
  assert_null(strstr(log, "\"status\": 403"));
  free(log);
}

static void wrong_or_missing_external_id_reads_as_such(void **state) {
  awsmap_credentials *c = NULL;
  assert_status(assume(AUDIT_ROLE, "ext-wrong", 0, &c), AWSMAP_ERR_ACCESS_DENIED);
  const awsmap_error *e = awsmap_error_last();
  assert_non_null(strstr(awsmap_error_message(e), "External ID does not match"));
  assert_non_null(strstr(awsmap_error_message(e), AUDIT_ROLE));
  assert_string_equal(awsmap_error_aws_code(e), "AccessDenied");
  assert_int_equal(awsmap_error_http_status(e), 403);
  assert_string_equal(awsmap_error_provider(e), "assume-role");
  assert_status(assume(AUDIT_ROLE, NULL, 0, &c), AWSMAP_ERR_ACCESS_DENIED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "requires an External ID"));
  /* a role that does not trust us at all */
  assert_status(assume("arn:aws:iam::222222222222:role/WebRole", NULL, 0, &c), AWSMAP_ERR_ACCESS_DENIED);
  assert_null(c);
}

static void throttling_is_retried(void **state) {
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"sts\",\"action\":\"AssumeRole\"},"
                            "\"kind\":\"throttle\",\"count\":2}]"),
                   0);
  awsmap_credentials *c = NULL;
  assert_status(assume(AUDIT_ROLE, "ext-7f3a9c", 0, &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"sts\"},\"kind\":\"http500\",\"count\":20}]"),
                   0);
  assert_status(assume(AUDIT_ROLE, "ext-7f3a9c", 0, &c), AWSMAP_ERR_SERVICE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "500"));
}

static void slow_sts_times_out(void **state) {
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"sts\"},\"kind\":\"latency\",\"ms\":3000,\"count\":5}]"),
                   0);
  awsmap_credentials *c = NULL;
  int64_t t0 = awsmap__monotonic_ms();
  awsmap_status st = assume(AUDIT_ROLE, "ext-7f3a9c", 300, &c);
  assert_int_equal(st, AWSMAP_ERR_TIMEOUT);
  assert_true(awsmap__monotonic_ms() - t0 < 2900 * 3);
}

static void expired_source_token(void **state) {
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"sts\"},\"kind\":\"expired_token\",\"count\":1}]"),
                   0);
  awsmap_credentials *c = NULL;
  assert_status(assume(AUDIT_ROLE, "ext-7f3a9c", 0, &c), AWSMAP_ERR_CREDENTIALS_EXPIRED);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void web_identity(void **state) {
  char token[128];
  snprintf(token, sizeof token, "%s/token", tmpdir);
  write_file(token, "eyJhbGciOiJSUzI1NiJ9.emu-web-identity.sig\n");
  const char *env[] = {"AWS_WEB_IDENTITY_TOKEN_FILE=", "AWS_ROLE_ARN=" WEB_ROLE, NULL, NULL};
  char file_var[160];
  snprintf(file_var, sizeof file_var, "AWS_WEB_IDENTITY_TOKEN_FILE=%s", token);
  env[0] = file_var;
  env[2] = "AWS_ROLE_SESSION_NAME=pod-mapper";
  awsmap__auth_env_override(env);
  awsmap_web_identity_options o = AWSMAP_WEB_IDENTITY_OPTIONS_INIT;
  o.endpoint_url = emu_url(&emu);
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_web_identity_new(&p, &o), AWSMAP_OK);
  awsmap_credentials *c = NULL;
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "web-identity");
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);

  /* an expired OIDC token */
  write_file(token, "eyJhbGciOiJSUzI1NiJ9.emu-expired.sig");
  assert_int_equal(awsmap_credentials_provider_web_identity_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_EXPIRED);
  awsmap_credentials_provider_release(p);

  /* not configured: unavailable, so a chain moves on */
  const char *none[] = {NULL};
  awsmap__auth_env_override(none);
  assert_int_equal(awsmap_credentials_provider_web_identity_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  awsmap_credentials_provider_release(p);
  awsmap__auth_env_override(NULL);
}

static void chained_assume_role(void **state) {
  /* mapper -> ReadOnly in 111111111111 is not what AuditRole trusts by ARN,
   * but the account is trusted, so role chaining works like the CLI's. */
  awsmap_credentials_provider *src = mapper(), *first = NULL, *second = NULL;
  awsmap_assume_role_options o = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  o.role_arn = "arn:aws:iam::111111111111:role/ReadOnly";
  o.endpoint_url = emu_url(&emu);
  o.role_session_name = "first-hop";
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&first, src, &o), AWSMAP_OK);
  o.role_arn = AUDIT_ROLE;
  o.external_id = "ext-7f3a9c";
  o.role_session_name = NULL;
  const char *policies[] = {"arn:aws:iam::aws:policy/ReadOnlyAccess", NULL};
  o.policy_arns = policies;
  o.duration_seconds = 900;
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&second, first, &o), AWSMAP_OK);
  awsmap_credentials *c = NULL;
  assert_status(awsmap_credentials_provider_get(second, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  assert_true(awsmap_credentials_expiration(c) <= awsmap__now() + 901);
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(second);
  awsmap_credentials_provider_release(first);
  awsmap_credentials_provider_release(src);
}

static void bad_options_are_rejected(void **state) {
  awsmap_credentials_provider *src = mapper(), *p = NULL;
  awsmap_assume_role_options o = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&p, src, &o), AWSMAP_ERR_INVALID_ARG);
  o.role_arn = "arn:aws:iam::22222222222:role/X";
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&p, src, &o), AWSMAP_ERR_INVALID_ARG);
  o.role_arn = AUDIT_ROLE;
  o.duration_seconds = 60;
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&p, src, &o), AWSMAP_ERR_INVALID_ARG);
  o.duration_seconds = 0;
  o.version = 99;
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&p, src, &o), AWSMAP_ERR_INVALID_ARG);
  assert_null(p);
  awsmap_credentials_provider_release(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(assume_role_with_external_id, reset),
      cmocka_unit_test_setup(wrong_or_missing_external_id_reads_as_such, reset),
      cmocka_unit_test_setup(throttling_is_retried, reset),
      cmocka_unit_test_setup(slow_sts_times_out, reset),
      cmocka_unit_test_setup(expired_source_token, reset),
      cmocka_unit_test_setup(web_identity, reset),
      cmocka_unit_test_setup(chained_assume_role, reset),
      cmocka_unit_test_setup(bad_options_are_rejected, reset),
  };
  return cmocka_run_group_tests(tests, start, stop);
}
