/* IMDS, container, SSO and profile-driven AssumeRole through the emulator
 * (scenario "full"), with faults, and a check that no secret reaches the log
 * at any level. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assert_status.h"
#include "auth/auth.h"
#include "emu.h"


static struct emu emu;
static char home[64];
static awsmap__buf logged;
static char env_buf[8][512];
static const char *env[10];

static void on_log(awsmap_log_level level, const char *subsystem, const char *message, void *userdata) {
  (void)awsmap__buf_printf(&logged, "%s %s\n", subsystem, message);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Sets the fake environment: HOME plus the given NAME=value pairs. */
static void set_env(const char *const *vars) {
  size_t n = 0;
  snprintf(env_buf[n], sizeof env_buf[n], "HOME=%s", home);
  env[n] = env_buf[n];
  n++;
  for (; vars && *vars && n < 8; vars++, n++) {
    snprintf(env_buf[n], sizeof env_buf[n], "%s", *vars);
    env[n] = env_buf[n];
  }
  env[n] = NULL;
  awsmap__auth_env_override(env);
}

static int start(void **state) {
  if (emu_start(&emu, "full", NULL) != 0)
    return -1;
  snprintf(home, sizeof home, "/tmp/awsmap-auth-home-XXXXXX");
  if (!mkdtemp(home))
    return -1;
  char path[256];
  snprintf(path, sizeof path, "%s/.aws", home);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/.aws/sso", home);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/.aws/sso/cache", home);
  mkdir(path, 0700);
  awsmap_log_set(AWSMAP_LOG_TRACE, on_log, NULL);
  return 0;
}

static int stop(void **state) {
  awsmap_log_set(AWSMAP_LOG_OFF, NULL, NULL);
  awsmap__auth_env_override(NULL);
  awsmap__container_set_relative_base(NULL);
  emu_stop(&emu);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", home);
  awsmap__buf_dispose(&logged);
  return system(cmd) == 0 ? 0 : -1;
}

static int reset(void **state) {
  set_env(NULL);
  return emu_post(&emu, "/_emu/reset", NULL);
}

/* Every secret handed out so far must be absent from the log. */
static void assert_not_logged(const awsmap_credentials *c) {
  const char *log = awsmap__buf_cstr(&logged);
  if (strstr(log, awsmap_credentials_secret_access_key(c)))
    fail_msg("a secret access key reached the log");
  if (awsmap_credentials_session_token(c) && strstr(log, awsmap_credentials_session_token(c)))
    fail_msg("a session token reached the log");
}

static void imds(void **state) {
  awsmap_imds_options o = AWSMAP_IMDS_OPTIONS_INIT;
  o.endpoint_url = emu_url(&emu);
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_imds_new(&p, &o), AWSMAP_OK);
  awsmap_credentials *c = NULL;
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "imds");
  assert_non_null(awsmap_credentials_session_token(c));
  assert_true(awsmap_credentials_expiration(c) > awsmap__now());
  assert_not_logged(c);
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
  /* the environment switch */
  const char *off[] = {"AWS_EC2_METADATA_DISABLED=TRUE", NULL};
  set_env(off);
  assert_int_equal(awsmap_credentials_provider_imds_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  awsmap_credentials_provider_release(p);
  /* the endpoint from the environment; nothing listening is "unavailable", quickly */
  const char *dead[] = {"AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9", NULL};
  set_env(dead);
  assert_int_equal(awsmap_credentials_provider_imds_new(&p, NULL), AWSMAP_OK);
  int64_t t0 = awsmap__monotonic_ms();
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  assert_true(awsmap__monotonic_ms() - t0 < 2500);
  awsmap_credentials_provider_release(p);
}

static void container(void **state) {
  awsmap__container_set_relative_base(emu_url(&emu));
  const char *rel[] = {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/emu-task-1", NULL};
  set_env(rel);
  awsmap_credentials_provider *p = NULL;
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_provider_container_new(&p), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "container");
  assert_not_logged(c);
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);

  /* EKS Pod Identity style: full URI on loopback with a token file */
  char token_file[128], full[160];
  snprintf(token_file, sizeof token_file, "%s/pod-token", home);
  write_file(token_file, "emu-pod-identity-token\n");
  snprintf(full, sizeof full, "AWS_CONTAINER_CREDENTIALS_FULL_URI=%s/container/credentials", emu_url(&emu));
  char tf[192];
  snprintf(tf, sizeof tf, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=%s", token_file);
  const char *pod[] = {full, tf, NULL};
  set_env(pod);
  assert_int_equal(awsmap_credentials_provider_container_new(&p), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
  /* wrong token */
  const char *wrong[] = {full, "AWS_CONTAINER_AUTHORIZATION_TOKEN=not-the-token", NULL};
  set_env(wrong);
  assert_int_equal(awsmap_credentials_provider_container_new(&p), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_ACCESS_DENIED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "HTTP 401"));
  awsmap_credentials_provider_release(p);
  /* full URIs elsewhere than loopback / ECS / EKS must be https */
  const char *remote[] = {"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.169.254/creds", NULL};
  set_env(remote);
  assert_int_equal(awsmap_credentials_provider_container_new(&p), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_INVALID_ARG);
  const char *userinfo[] = {"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1@evil.example/x", NULL};
  set_env(userinfo);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_INVALID_ARG);
  awsmap_credentials_provider_release(p);
}

static void write_sso_cache(const char *key, const char *token, const char *expires) {
  awsmap__buf path = AWSMAP__BUF_INIT, json = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__sso_cache_path(&path, key), AWSMAP_OK);
  assert_int_equal(awsmap__buf_printf(&json, "{\"accessToken\": \"%s\", \"expiresAt\": \"%s\", "
                                             "\"region\": \"us-east-1\", \"startUrl\": \"https://emu.awsapps.com/start\"}",
                                      token, expires),
                   AWSMAP_OK);
  write_file(awsmap__buf_cstr(&path), awsmap__buf_cstr(&json));
  awsmap__buf_dispose(&path);
  awsmap__buf_dispose(&json);
}

static awsmap_status profile_get(const char *profile, awsmap_credentials **c) {
  awsmap_profile_options o = AWSMAP_PROFILE_OPTIONS_INIT;
  o.profile = profile;
  o.endpoint_url = emu_url(&emu);
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_profile_new(&p, &o), AWSMAP_OK);
  awsmap_status st = awsmap_credentials_provider_get(p, c);
  awsmap_credentials_provider_release(p);
  return st;
}

static void write_profiles(void) {
  char path[128];
  snprintf(path, sizeof path, "%s/.aws/config", home);
  write_file(path,
             "[profile corp]\nsso_session = emu\nsso_account_id = 222222222222\nsso_role_name = OpenRole\n"
             "[sso-session emu]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = us-east-1\n"
             "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\n"
             "sso_account_id = 222222222222\nsso_role_name = OpenRole\n"
             "[profile audit]\nrole_arn = arn:aws:iam::222222222222:role/AuditRole\nsource_profile = mapper\n"
             "external_id = ext-7f3a9c\nrole_session_name = audit-session\nduration_seconds = 3600\n"
             "[profile audit-wrong-id]\nrole_arn = arn:aws:iam::222222222222:role/AuditRole\n"
             "source_profile = mapper\nexternal_id = nope\n"
             "[profile hop]\nrole_arn = arn:aws:iam::222222222222:role/AuditRole\nsource_profile = readonly\n"
             "external_id = ext-7f3a9c\n"
             "[profile readonly]\nrole_arn = arn:aws:iam::111111111111:role/ReadOnly\nsource_profile = mapper\n"
             "[profile from-env]\nrole_arn = arn:aws:iam::222222222222:role/OpenRole\ncredential_source = Environment\n");
  snprintf(path, sizeof path, "%s/.aws/credentials", home);
  write_file(path, "[mapper]\naws_access_key_id = AKIAEMUFULL000000001\n"
                   "aws_secret_access_key = fullSecretKey/000000000000000000000000001\n");
}

static void sso(void **state) {
  write_profiles();
  write_sso_cache("emu", "emu-sso-access-token", "2099-01-01T00:00:00Z");
  awsmap_credentials *c = NULL;
  assert_status(profile_get("corp", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "sso");
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  assert_not_logged(c);
  assert_null(strstr(awsmap__buf_cstr(&logged), "emu-sso-access-token"));
  awsmap_credentials_release(c);
  /* legacy profiles key the cache by start URL; here with the old "UTC" suffix */
  write_sso_cache("https://legacy.awsapps.com/start", "emu-sso-access-token", "2099-01-01T00:00:00UTC");
  assert_status(profile_get("legacy", &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  /* a token the portal no longer accepts, an expired one, a missing one */
  write_sso_cache("emu", "emu-sso-expired-token", "2099-01-01T00:00:00Z");
  assert_status(profile_get("corp", &c), AWSMAP_ERR_CREDENTIALS_EXPIRED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "run `aws sso login"));
  write_sso_cache("emu", "emu-sso-access-token", "2020-01-01T00:00:00Z");
  assert_status(profile_get("corp", &c), AWSMAP_ERR_CREDENTIALS_EXPIRED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "has expired"));
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "aws sso login --sso-session emu"));
  awsmap__buf path = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__sso_cache_path(&path, "emu"), AWSMAP_OK);
  unlink(awsmap__buf_cstr(&path));
  awsmap__buf_dispose(&path);
  assert_status(profile_get("corp", &c), AWSMAP_ERR_CREDENTIALS_EXPIRED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "no cached SSO token"));
}

static void profile_assume_role(void **state) {
  write_profiles();
  awsmap_credentials *c = NULL;
  assert_status(profile_get("audit", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "assume-role");
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  assert_not_logged(c);
  awsmap_credentials_release(c);
  assert_status(profile_get("hop", &c), AWSMAP_OK); /* mapper -> ReadOnly -> AuditRole */
  assert_string_equal(awsmap_credentials_account_id(c), "222222222222");
  awsmap_credentials_release(c);
  assert_status(profile_get("audit-wrong-id", &c), AWSMAP_ERR_ACCESS_DENIED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "External ID does not match"));
  const char *keys[] = {"AWS_ACCESS_KEY_ID=AKIAEMUFULL000000001",
                        "AWS_SECRET_ACCESS_KEY=fullSecretKey/000000000000000000000000001", NULL};
  set_env(keys);
  assert_status(profile_get("from-env", &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  /* the calls the emulator saw all passed its signature check */
  char *calls = emu_get(&emu, "/_emu/calls");
  assert_non_null(calls);
  assert_non_null(strstr(calls, "\"AssumeRole\""));
  assert_null(strstr(calls, "SignatureDoesNotMatch"));
  assert_null(strstr(calls, "IncompleteSignature"));
  free(calls);
  /* the log did record the work (so the checks above are not vacuous) ... */
  assert_non_null(strstr(awsmap__buf_cstr(&logged), "assumed arn:aws:iam::222222222222:role/AuditRole"));
  /* ... and the long-term secret never reached it either */
  assert_null(strstr(awsmap__buf_cstr(&logged), "fullSecretKey/000000000000000000000000001"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(imds, reset),
      cmocka_unit_test_setup(container, reset),
      cmocka_unit_test_setup(sso, reset),
      cmocka_unit_test_setup(profile_assume_role, reset),
  };
  return cmocka_run_group_tests(tests, start, stop);
}
