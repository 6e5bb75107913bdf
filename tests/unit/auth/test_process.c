/* credential_process: command-line splitting, running without a shell,
 * timeouts, error reporting from stderr only, and the JSON contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "auth/auth.h"

#define BIN AWSMAP_TEST_DATA "/auth/bin/"

static void expect_split(const char *cmd, size_t n, const char *const *want) {
  char **argv = NULL;
  size_t argc = 0;
  assert_int_equal(awsmap__process_split(cmd, &argv, &argc), AWSMAP_OK);
  assert_int_equal(argc, n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(argv[i], want[i]);
  assert_null(argv[n]);
  awsmap__process_argv_free(argv);
}

static void splits_like_shlex(void **state) {
  expect_split("aws-vault export --format=json prod", 4,
               (const char *[]){"aws-vault", "export", "--format=json", "prod"});
  expect_split("  a \t b  ", 2, (const char *[]){"a", "b"});
  expect_split("'/opt/my tools/get creds' x", 2, (const char *[]){"/opt/my tools/get creds", "x"});
  expect_split("\"a b\" c\\ d", 2, (const char *[]){"a b", "c d"});
  expect_split("\"q\\\"uote\" \"back\\\\slash\" \"keep\\n\"", 3,
               (const char *[]){"q\"uote", "back\\slash", "keep\\n"});
  expect_split("'it'\\''s' ''", 2, (const char *[]){"it's", ""});
  expect_split("a'b'\"c\"d", 1, (const char *[]){"abcd"});
  /* no shell: metacharacters are plain text */
  expect_split("cmd ; rm -rf / && $(x) `y` | z > f #c", 13,
               (const char *[]){"cmd", ";", "rm", "-rf", "/", "&&", "$(x)", "`y`", "|", "z", ">", "f", "#c"});
}

static void split_errors(void **state) {
  char **argv = NULL;
  assert_int_equal(awsmap__process_split("a 'b", &argv, NULL), AWSMAP_ERR_PARSE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "single quote"));
  assert_int_equal(awsmap__process_split("a \"b", &argv, NULL), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__process_split("a \\", &argv, NULL), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__process_split("   ", &argv, NULL), AWSMAP_ERR_PARSE);
  assert_null(argv);
}

/* Every allocation failure gives NOMEM and frees what was split so far. */
static void split_survives_allocation_failures(void **state) {
  for (long n = 1; n < 40; n++) {
    char **argv = NULL;
    size_t argc = 0;
    awsmap__alloc_fail_after(n);
    awsmap_status st = awsmap__process_split("one 'two three' four five six seven eight nine ten",
                                             &argv, &argc);
    awsmap__alloc_fail_after(0);
    assert_true(st == AWSMAP_OK || st == AWSMAP_ERR_NOMEM);
    if (st == AWSMAP_OK)
      assert_int_equal(argc, 9);
    else
      assert_null(argv);
    awsmap__process_argv_free(argv);
  }
}

static awsmap_status fetch(const char *cmd, long timeout_ms, awsmap_credentials **c) {
  awsmap_credentials_provider *p = NULL;
  awsmap_status st = awsmap_credentials_provider_process_new(&p, cmd, timeout_ms);
  if (st == AWSMAP_OK)
    st = awsmap_credentials_provider_get(p, c);
  awsmap_credentials_provider_release(p);
  return st;
}

static void runs_and_parses(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(fetch(BIN "creds-ok 2030-05-01T10:00:00Z", 5000, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDPROCESS");
  assert_string_equal(awsmap_credentials_secret_access_key(c), "processSecretValue");
  assert_string_equal(awsmap_credentials_session_token(c), "processTokenValue");
  assert_int_equal(awsmap_credentials_expiration(c), 1903860000);
  assert_string_equal(awsmap_credentials_account_id(c), "123456789012");
  assert_string_equal(awsmap_credentials_source(c), "process");
  awsmap_credentials_release(c);
}

static void arguments_are_not_reparsed(void **state) {
  awsmap_credentials *c = NULL;
  unlink("/tmp/awsmap-process-injection");
  assert_int_equal(fetch(BIN "creds-args 'a b;touch /tmp/awsmap-process-injection' \"$(id)\"", 5000, &c),
                   AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c),
                      "a b;touch /tmp/awsmap-process-injection|$(id)|2");
  assert_int_equal(access("/tmp/awsmap-process-injection", F_OK), -1);
  awsmap_credentials_release(c);
}

static void failure_quotes_stderr_never_stdout(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(fetch(BIN "creds-fail", 5000, &c), AWSMAP_ERR_IO);
  const char *msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "exited with status 3"));
  assert_non_null(strstr(msg, "token expired, please log in again"));
  assert_null(strstr(msg, "leakedSecretOnStdout"));
  assert_string_equal(awsmap_error_provider(awsmap_error_last()), "process");
  assert_null(c);
}

static void times_out(void **state) {
  awsmap_credentials *c = NULL;
  int64_t t0 = awsmap__monotonic_ms();
  assert_int_equal(fetch(BIN "creds-slow", 300, &c), AWSMAP_ERR_TIMEOUT);
  assert_true(awsmap__monotonic_ms() - t0 < 3000);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "300 ms"));
}

/* A process that is gone, or a zombie nobody reaped yet, is no longer running. */
static bool running(pid_t pid) {
  char path[64], stat[256] = {0};
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  size_t n = fread(stat, 1, sizeof stat - 1, f);
  fclose(f);
  const char *state_char = n ? strrchr(stat, ')') : NULL;
  return state_char && state_char[2] != 'Z';
}

static void timeout_kills_what_the_helper_started(void **state) {
  char pidfile[] = "/tmp/awsmap-test-pid-XXXXXX", cmd[256];
  int fd = mkstemp(pidfile);
  assert_true(fd >= 0);
  close(fd);
  snprintf(cmd, sizeof cmd, BIN "creds-hang-children %s", pidfile);
  awsmap_credentials *c = NULL;
  assert_int_equal(fetch(cmd, 500, &c), AWSMAP_ERR_TIMEOUT);
  FILE *f = fopen(pidfile, "r");
  assert_non_null(f);
  int child = 0;
  assert_int_equal(fscanf(f, "%d", &child), 1);
  fclose(f);
  unlink(pidfile);
  for (int i = 0; i < 100 && running((pid_t)child); i++) /* SIGKILL is asynchronous */
    usleep(10000);
  assert_false(running((pid_t)child));
}

static void secrets_echoed_on_stderr_are_redacted(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(fetch(BIN "creds-echo-secret", 5000, &c), AWSMAP_ERR_IO);
  const char *msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "bad response"));
  assert_null(strstr(msg, "echoedSecretOnStderr"));
}

static void missing_command_and_bad_output(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(fetch("awsmap-no-such-command-xyz", 5000, &c), AWSMAP_ERR_IO);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "not found"));
  assert_int_equal(fetch(BIN "creds-bad-version", 5000, &c), AWSMAP_ERR_PARSE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "Version"));
  assert_null(strstr(awsmap_error_message(awsmap_error_last()), "versionTwoSecret"));
  /* PATH lookup without a shell: echo prints what is not JSON */
  assert_int_equal(fetch("echo not json", 5000, &c), AWSMAP_ERR_PARSE);
}

static void parse_contract(void **state) {
  awsmap_credentials *c = NULL;
  const char *ok = "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}";
  assert_int_equal(awsmap__process_parse_output(&c, ok, strlen(ok), "process"), AWSMAP_OK);
  assert_null(awsmap_credentials_session_token(c));
  assert_int_equal(awsmap_credentials_expiration(c), 0);
  awsmap_credentials_release(c);
  const char *bad[] = {
      "[]", "{\"Version\":1}", "{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}",
      "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"\"}",
      "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Expiration\":\"soon\"}",
      "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"", ""};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(bad); i++)
    assert_int_equal(awsmap__process_parse_output(&c, bad[i], strlen(bad[i]), "process"), AWSMAP_ERR_PARSE);
}

static void constructor_rejects_bad_input(void **state) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_process_new(&p, "", 0), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_credentials_provider_process_new(&p, "x", -1), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_credentials_provider_process_new(&p, "x 'y", 0), AWSMAP_ERR_PARSE);
  assert_null(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(splits_like_shlex),
      cmocka_unit_test(split_errors),
      cmocka_unit_test(split_survives_allocation_failures),
      cmocka_unit_test(runs_and_parses),
      cmocka_unit_test(arguments_are_not_reparsed),
      cmocka_unit_test(failure_quotes_stderr_never_stdout),
      cmocka_unit_test(times_out),
      cmocka_unit_test(timeout_kills_what_the_helper_started),
      cmocka_unit_test(secrets_echoed_on_stderr_are_redacted),
      cmocka_unit_test(missing_command_and_bad_output),
      cmocka_unit_test(parse_contract),
      cmocka_unit_test(constructor_rejects_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
