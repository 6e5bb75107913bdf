/* The profile provider's resolution rules, on fixture files, for everything
 * that needs no network: static keys, precedence between the files,
 * credential_process, and the configuration errors (cycles, contradictory or
 * missing sources, bad values). STS / SSO paths run in tests/integration/auth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>

#include "assert_status.h"
#include "auth/auth.h"

#define DIR AWSMAP_TEST_DATA "/auth/resolve/"

static const char *const ENV[] = {"HOME=/nonexistent-home", "PATH=" AWSMAP_TEST_DATA "/auth/bin:/usr/bin:/bin",
                                  "AWS_CONFIG_FILE=" DIR "config",
                                  "AWS_SHARED_CREDENTIALS_FILE=" DIR "credentials", NULL};

static int setup(void **state) {
  awsmap__auth_env_override(ENV);
  return 0;
}
static int teardown(void **state) {
  awsmap__auth_env_override(NULL);
  return 0;
}


static awsmap_status get(const char *profile, awsmap_credentials **c) {
  awsmap_profile_options o = AWSMAP_PROFILE_OPTIONS_INIT;
  o.profile = profile;
  awsmap_credentials_provider *p = NULL;
  awsmap_status st = awsmap_credentials_provider_profile_new(&p, &o);
  assert_int_equal(st, AWSMAP_OK);
  st = awsmap_credentials_provider_get(p, c);
  awsmap_credentials_provider_release(p);
  return st;
}

static void expect_error(const char *profile, awsmap_status want, const char *text) {
  awsmap_credentials *c = NULL;
  assert_status(get(profile, &c), want);
  const char *msg = awsmap_error_message(awsmap_error_last());
  if (!strstr(msg, text))
    fail_msg("profile %s: message '%s' lacks '%s'", profile, msg, text);
  assert_null(c);
}

static void static_keys_and_file_precedence(void **state) {
  awsmap_credentials *c = NULL;
  assert_status(get("static", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDCONFIGSTATIC");
  assert_string_equal(awsmap_credentials_secret_access_key(c), "configStaticSecret");
  assert_null(awsmap_credentials_session_token(c));
  assert_string_equal(awsmap_credentials_source(c), "profile");
  awsmap_credentials_release(c);
  assert_status(get("overridden", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDFROMCREDENTIALS");
  assert_string_equal(awsmap_credentials_session_token(c), "credentialsToken");
  awsmap_credentials_release(c);
  /* [ignored] is not a profile in the config file, but is one in credentials */
  assert_status(get("ignored", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDNOWVISIBLE");
  awsmap_credentials_release(c);
  assert_status(get("keys-beat-process", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDKEYS");
  awsmap_credentials_release(c);
}

static void credential_process_profiles(void **state) {
  awsmap_credentials *c = NULL;
  assert_status(get("process", &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDPROCESS");
  assert_int_equal(awsmap_credentials_expiration(c), 1927857906);
  assert_string_equal(awsmap_credentials_source(c), "process");
  awsmap_credentials_release(c);
  expect_error("process-fails", AWSMAP_ERR_IO, "token expired, please log in again");
  assert_null(strstr(awsmap_error_message(awsmap_error_last()), "leakedSecretOnStdout"));
}

static void configuration_errors(void **state) {
  expect_error("cycle-a", AWSMAP_ERR_INVALID_ARG, "source_profile cycle: cycle-a -> cycle-b -> cycle-a");
  expect_error("self-loop", AWSMAP_ERR_INVALID_ARG, "source_profile cycle: self-loop -> self-loop");
  expect_error("both-sources", AWSMAP_ERR_INVALID_ARG, "both source_profile and credential_source");
  expect_error("no-source", AWSMAP_ERR_INVALID_ARG, "neither source_profile nor credential_source");
  expect_error("bad-credential-source", AWSMAP_ERR_INVALID_ARG, "not 'Laptop'");
  expect_error("missing-source", AWSMAP_ERR_NOT_FOUND, "source_profile nowhere does not exist");
  expect_error("bad-duration", AWSMAP_ERR_INVALID_ARG, "duration_seconds");
  expect_error("empty-source", AWSMAP_ERR_INVALID_ARG, "profile only-region has no credentials");
  expect_error("half-keys", AWSMAP_ERR_INVALID_ARG, "sets aws_access_key_id but not aws_secret_access_key");
  expect_error("sso-missing-session", AWSMAP_ERR_INVALID_ARG, "[sso-session ghost] does not exist");
  expect_error("sso-incomplete", AWSMAP_ERR_INVALID_ARG, "lacks sso_account_id");
  /* the region becomes the portal's host name: no other host gets the token */
  expect_error("sso-bad-region", AWSMAP_ERR_INVALID_ARG, "is not a region name");
  expect_error("nope", AWSMAP_ERR_NOT_FOUND, "profile nope is not in");
  /* a profile without credentials lets a chain move on */
  expect_error("only-region", AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "has no credentials");
}

static void profile_selection_and_missing_files(void **state) {
  awsmap_credentials *c = NULL;
  /* the default profile (region only) has no credentials: unavailable */
  expect_error(NULL, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "profile default has no credentials");
  /* AWS_PROFILE picks the profile */
  const char *env[] = {ENV[0], ENV[1], ENV[2], ENV[3], "AWS_PROFILE=static", NULL};
  awsmap__auth_env_override(env);
  assert_status(get(NULL, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDCONFIGSTATIC");
  awsmap_credentials_release(c);
  /* no files at all: the default profile is unavailable, a named one not found */
  const char *none[] = {"HOME=/nonexistent-home", NULL};
  awsmap__auth_env_override(none);
  expect_error(NULL, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "/nonexistent-home/.aws/config");
  expect_error("dev", AWSMAP_ERR_NOT_FOUND, "profile dev is not in");
  /* a malformed file is reported with its line */
  const char *bad[] = {"HOME=/nonexistent-home", "AWS_CONFIG_FILE=" AWSMAP_TEST_DATA "/auth/malformed/config", NULL};
  awsmap__auth_env_override(bad);
  expect_error("broken", AWSMAP_ERR_PARSE, "malformed/config line 3");
  /* options beat the environment; "~/" expands to HOME */
  const char *home[] = {"HOME=" AWSMAP_TEST_DATA "/auth", "AWS_CONFIG_FILE=/nonexistent", NULL};
  awsmap__auth_env_override(home);
  awsmap_profile_options o = AWSMAP_PROFILE_OPTIONS_INIT;
  o.profile = "dev";
  o.config_file = "~/basic/config";
  o.credentials_file = "~/basic/credentials";
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_profile_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDDEVCREDS");
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
  o.version = 7;
  assert_int_equal(awsmap_credentials_provider_profile_new(&p, &o), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_profile_options_init(&o, AWSMAP_PROFILE_OPTIONS_VERSION), AWSMAP_OK);
  assert_null(o.profile);
}

static void default_chain_reports_every_link(void **state) {
  const char *env[] = {"HOME=/nonexistent-home", "AWS_EC2_METADATA_DISABLED=true", NULL};
  awsmap__auth_env_override(env);
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_default_new(&p, NULL), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_provider_name(p), "default-chain");
  awsmap_credentials *c = NULL;
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  const char *msg = awsmap_error_message(awsmap_error_last());
  const char *parts[] = {"environment: AWS_ACCESS_KEY_ID", "web-identity: AWS_WEB_IDENTITY_TOKEN_FILE",
                         "profile: ", "container: AWS_CONTAINER_CREDENTIALS", "imds: AWS_EC2_METADATA_DISABLED"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(parts); i++)
    if (!strstr(msg, parts[i]))
      fail_msg("'%s' lacks '%s'", msg, parts[i]);
  /* environment keys win */
  const char *keys[] = {"HOME=/nonexistent-home", "AWS_EC2_METADATA_DISABLED=true", "AWS_ACCESS_KEY_ID=AKIDENV",
                        "AWS_SECRET_ACCESS_KEY=envSecret", NULL};
  awsmap__auth_env_override(keys);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_source(c), "environment");
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
  /* an explicit profile skips the environment keys */
  const char *both[] = {"AWS_EC2_METADATA_DISABLED=true", "AWS_ACCESS_KEY_ID=AKIDENV", "AWS_SECRET_ACCESS_KEY=envSecret",
                        ENV[0], ENV[1], ENV[2], ENV[3], NULL};
  awsmap__auth_env_override(both);
  awsmap_default_chain_options o;
  assert_int_equal(awsmap_default_chain_options_init(&o, AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION), AWSMAP_OK);
  o.profile = "static";
  assert_int_equal(awsmap_credentials_provider_default_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDCONFIGSTATIC");
  awsmap_credentials_release(c);
  /* a broken profile stops the chain instead of falling through */
  awsmap_credentials_provider_release(p);
  o.profile = "cycle-a";
  assert_int_equal(awsmap_credentials_provider_default_new(&p, &o), AWSMAP_OK);
  assert_status(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "profile: source_profile cycle"));
  awsmap_credentials_provider_release(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(static_keys_and_file_precedence, setup, teardown),
      cmocka_unit_test_setup_teardown(credential_process_profiles, setup, teardown),
      cmocka_unit_test_setup_teardown(configuration_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(profile_selection_and_missing_files, setup, teardown),
      cmocka_unit_test_setup_teardown(default_chain_reports_every_link, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
