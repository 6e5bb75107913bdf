#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/core.h"

static void check_encode(const char *in, bool keep_slash, const char *want) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__uri_encode(&b, in, strlen(in), keep_slash), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&b), want);
  awsmap__buf_dispose(&b);
}

static void encodes_everything_but_unreserved(void **state) {
  check_encode("-._~09AZaz", false, "-._~09AZaz");
  check_encode("a b+c=d&e/f", false, "a%20b%2Bc%3Dd%26e%2Ff");
  check_encode("/a b/c", true, "/a%20b/c");
  check_encode("\xe1\x88\xb4", false, "%E1%88%B4");
  check_encode("%2F", false, "%252F");
  check_encode("$*'()!", false, "%24%2A%27%28%29%21");
  check_encode("", false, "");
}

static void decode_round_trips_and_rejects_bad_escapes(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__uri_decode(&b, "a%20b%2fc+", 10), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&b), "a b/c+");
  awsmap__buf_clear(&b);
  assert_int_equal(awsmap__uri_decode(&b, "ok%2", 4), AWSMAP_ERR_PARSE);
  assert_string_equal(awsmap__buf_cstr(&b), "");
  assert_int_equal(awsmap__uri_decode(&b, "%zz", 3), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__uri_decode(&b, "%", 1), AWSMAP_ERR_PARSE);
  awsmap__buf_dispose(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(encodes_everything_but_unreserved),
      cmocka_unit_test(decode_round_trips_and_rejects_bad_escapes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
