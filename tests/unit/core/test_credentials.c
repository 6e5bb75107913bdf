#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/core.h"

static int64_t fixed_now(void) { return 1000; }

static void create_read_and_share(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKID", "SECRET", "TOKEN", 2000), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKID");
  assert_string_equal(awsmap_credentials_secret_access_key(c), "SECRET");
  assert_string_equal(awsmap_credentials_session_token(c), "TOKEN");
  assert_int_equal(awsmap_credentials_expiration(c), 2000);
  assert_string_equal(awsmap_credentials_source(c), "static");
  assert_null(awsmap_credentials_account_id(c));
  assert_ptr_equal(awsmap_credentials_acquire(c), c);
  awsmap_credentials_release(c);
  awsmap__clock_set(fixed_now);
  assert_false(awsmap__credentials_expiring(c, 500));
  assert_true(awsmap__credentials_expiring(c, 1000));
  awsmap__clock_set(NULL);
  awsmap_credentials_release(c);
  awsmap_credentials_release(NULL);
}

static void empty_token_means_none_and_provider_is_kept(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap__credentials_new(&c, "AKID", "S", "", 0, "profile", "123456789012"),
                   AWSMAP_OK);
  assert_null(awsmap_credentials_session_token(c));
  assert_string_equal(awsmap_credentials_source(c), "profile");
  assert_string_equal(awsmap_credentials_account_id(c), "123456789012");
  assert_false(awsmap__credentials_expiring(c, 1000000));
  awsmap_credentials_release(c);
}

static void missing_keys_are_rejected_with_a_message(void **state) {
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "", "S", NULL, 0), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_credentials_new(&c, "A", NULL, NULL, 0), AWSMAP_ERR_INVALID_ARG);
  assert_null(c);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "secret access key"));
}

static void allocation_failures_leak_nothing(void **state) {
  for (long n = 1; n <= 6; n++) {
    awsmap_credentials *c = NULL;
    awsmap__alloc_fail_after(n);
    awsmap_status st = awsmap__credentials_new(&c, "A", "S", "T", 0, "p", "1");
    awsmap__alloc_fail_after(0);
    assert_int_equal(st, AWSMAP_ERR_NOMEM);
    assert_null(c);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(create_read_and_share),
      cmocka_unit_test(empty_token_means_none_and_provider_is_kept),
      cmocka_unit_test(missing_keys_are_rejected_with_a_message),
      cmocka_unit_test(allocation_failures_leak_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
