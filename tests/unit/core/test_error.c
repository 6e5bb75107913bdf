#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "core/core.h"

static void set_and_read_back_every_field(void **state) {
  awsmap_status st = awsmap__error_set_aws(AWSMAP_ERR_ACCESS_DENIED, "ec2:DescribeInstances",
                                           "UnauthorizedOperation", 403, "req-123",
                                           "you may not %s", "look");
  assert_int_equal(st, AWSMAP_ERR_ACCESS_DENIED);
  awsmap__error_set_provider("assume-role");
  const awsmap_error *e = awsmap_error_last();
  assert_int_equal(awsmap_error_status(e), AWSMAP_ERR_ACCESS_DENIED);
  assert_string_equal(awsmap_error_message(e), "you may not look");
  assert_string_equal(awsmap_error_operation(e), "ec2:DescribeInstances");
  assert_string_equal(awsmap_error_aws_code(e), "UnauthorizedOperation");
  assert_string_equal(awsmap_error_request_id(e), "req-123");
  assert_string_equal(awsmap_error_provider(e), "assume-role");
  assert_int_equal(awsmap_error_http_status(e), 403);
  awsmap__error_prefix("profile %s: ", "prod");
  assert_string_equal(awsmap_error_message(e), "profile prod: you may not look");
}

static void clear_leaves_nothing_stale(void **state) {
  awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "bad");
  awsmap__error_clear();
  const awsmap_error *e = awsmap_error_last();
  assert_int_equal(awsmap_error_status(e), AWSMAP_OK);
  assert_string_equal(awsmap_error_message(e), "");
  assert_null(awsmap_error_operation(e));
  assert_null(awsmap_error_aws_code(e));
  assert_null(awsmap_error_request_id(e));
  assert_null(awsmap_error_provider(e));
  assert_int_equal(awsmap_error_http_status(e), 0);
  assert_int_equal(awsmap_error_status(NULL), AWSMAP_OK);
  assert_string_equal(awsmap_error_message(NULL), "");
}

static void long_messages_are_marked_truncated(void **state) {
  char big[2000];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  awsmap__error_set(AWSMAP_ERR_IO, "x", "%s", big);
  const char *m = awsmap_error_message(awsmap_error_last());
  assert_true(strlen(m) < sizeof big);
  assert_string_equal(m + strlen(m) - 3, "...");
}

static void *other_thread(void *arg) {
  (void)arg;
  /* A fresh thread starts clean, and its errors do not leak to others. */
  int clean = awsmap_error_status(awsmap_error_last()) == AWSMAP_OK;
  awsmap__error_set(AWSMAP_ERR_TIMEOUT, "t", "thread");
  return (void *)(intptr_t)clean;
}

static void errors_are_per_thread(void **state) {
  awsmap__error_set(AWSMAP_ERR_NOMEM, "main", "main thread");
  pthread_t t;
  void *clean;
  pthread_create(&t, NULL, other_thread, NULL);
  pthread_join(t, &clean);
  assert_true((intptr_t)clean);
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_NOMEM);
  assert_string_equal(awsmap_error_message(awsmap_error_last()), "main thread");
}

static void status_names_and_text_cover_every_code(void **state) {
  for (int s = AWSMAP_OK; s <= AWSMAP_ERR_INTERNAL; s++) {
    assert_string_not_equal(awsmap_status_str((awsmap_status)s), "unknown status");
    assert_true(strncmp(awsmap_status_name((awsmap_status)s), "AWSMAP_", 7) == 0);
  }
  assert_string_equal(awsmap_status_name(AWSMAP_ERR_THROTTLED), "AWSMAP_ERR_THROTTLED");
  assert_string_equal(awsmap_status_str((awsmap_status)9999), "unknown status");
  assert_string_equal(awsmap_status_name((awsmap_status)-1), "AWSMAP_ERR_UNKNOWN");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(set_and_read_back_every_field),
      cmocka_unit_test(clear_leaves_nothing_stale),
      cmocka_unit_test(long_messages_are_marked_truncated),
      cmocka_unit_test(errors_are_per_thread),
      cmocka_unit_test(status_names_and_text_cover_every_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
