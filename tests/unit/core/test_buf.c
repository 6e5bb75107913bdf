#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/core.h"

static void put_and_printf_grow_and_stay_terminated(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_string_equal(awsmap__buf_cstr(&b), "");
  for (int i = 0; i < 1000; i++)
    assert_int_equal(awsmap__buf_printf(&b, "%d,", i), AWSMAP_OK);
  assert_true(b.len > 3000);
  assert_int_equal(b.ptr[b.len], '\0');
  assert_memory_equal(b.ptr, "0,1,2,", 6);
  assert_string_equal(b.ptr + b.len - 4, "999,");
  awsmap__buf_truncate(&b, 2);
  assert_string_equal(awsmap__buf_cstr(&b), "0,");
  awsmap__buf_dispose(&b);
  assert_null(b.ptr);
}

static void long_printf_is_not_truncated(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  char big[1000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_int_equal(awsmap__buf_printf(&b, "<%s>", big), AWSMAP_OK);
  assert_int_equal(b.len, 1001);
  assert_int_equal(b.ptr[1000], '>');
  awsmap__buf_dispose(&b);
}

static void detach_hands_over_ownership(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  char *s = awsmap__buf_detach(&b);
  assert_string_equal(s, "");
  awsmap__free(s);
  assert_int_equal(awsmap__buf_puts(&b, "abc"), AWSMAP_OK);
  s = awsmap__buf_detach(&b);
  assert_string_equal(s, "abc");
  assert_null(b.ptr);
  awsmap__free(s);
}

static void public_buf_round_trip(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  awsmap_buf *pub = NULL;
  assert_int_equal(awsmap__buf_puts(&b, "hello"), AWSMAP_OK);
  assert_int_equal(awsmap__buf_to_public(&b, &pub), AWSMAP_OK);
  assert_null(b.ptr);
  assert_string_equal(awsmap_buf_data(pub), "hello");
  assert_int_equal(awsmap_buf_len(pub), 5);
  awsmap_buf_free(pub);
  awsmap_buf_free(NULL);
  assert_string_equal(awsmap_buf_data(NULL), "");
}

static void failed_growth_keeps_contents(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__buf_puts(&b, "keep"), AWSMAP_OK);
  awsmap__alloc_fail_after(1);
  char big[4096] = {0};
  assert_int_equal(awsmap__buf_put(&b, big, sizeof big), AWSMAP_ERR_NOMEM);
  awsmap__alloc_fail_after(0);
  assert_string_equal(awsmap__buf_cstr(&b), "keep");
  awsmap__buf_dispose_secret(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(put_and_printf_grow_and_stay_terminated),
      cmocka_unit_test(long_printf_is_not_truncated),
      cmocka_unit_test(detach_hands_over_ownership),
      cmocka_unit_test(public_buf_round_trip),
      cmocka_unit_test(failed_growth_keeps_contents),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
