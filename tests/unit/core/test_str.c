#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/core.h"

static void trim_and_compare(void **state) {
  awsmap__str s = awsmap__str_trim(awsmap__str_of("  \t a b \r\n"));
  assert_int_equal(s.len, 3);
  assert_true(awsmap__str_eq(s, "a b"));
  assert_true(awsmap__str_eq_icase(AWSMAP__STR("X-Amz-Date"), "x-amz-date"));
  assert_false(awsmap__str_eq_icase(AWSMAP__STR("X-Amz-Date"), "x-amz-dat"));
  assert_int_equal(awsmap__str_trim(awsmap__str_of("   ")).len, 0);
  assert_int_equal(awsmap__str_of(NULL).len, 0);
}

static void prefixes_and_case(void **state) {
  assert_true(awsmap__str_starts_with("arn:aws:ec2", "arn:"));
  assert_false(awsmap__str_starts_with("ar", "arn:"));
  assert_true(awsmap__str_ends_with("file.json", ".json"));
  assert_false(awsmap__str_ends_with("json", ".json"));
  assert_int_equal(awsmap__strcasecmp("HoSt", "host"), 0);
  assert_true(awsmap__strcasecmp("a", "B") < 0);
}

static void parse_long_rejects_junk(void **state) {
  long v = 0;
  assert_true(awsmap__parse_long("3600", 0, 604800, &v));
  assert_int_equal(v, 3600);
  assert_false(awsmap__parse_long("36x", 0, 604800, &v));
  assert_false(awsmap__parse_long("", 0, 10, &v));
  assert_false(awsmap__parse_long(" 1", 0, 10, &v));
  assert_false(awsmap__parse_long("604801", 0, 604800, &v));
  assert_false(awsmap__parse_long("99999999999999999999999", 0, 10, &v));
  assert_false(awsmap__parse_long(NULL, 0, 10, &v));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(trim_and_compare),
      cmocka_unit_test(prefixes_and_case),
      cmocka_unit_test(parse_long_rejects_junk),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
