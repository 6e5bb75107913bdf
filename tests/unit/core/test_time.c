#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/core.h"

#define T_20150830 1440938160 /* 2015-08-30T12:36:00Z */

static void formats(void **state) {
  char amz[17], iso[21], rfc[30];
  awsmap__time_amz(T_20150830, amz);
  awsmap__time_iso8601(T_20150830, iso);
  awsmap__time_rfc1123(T_20150830, rfc);
  assert_string_equal(amz, "20150830T123600Z");
  assert_string_equal(iso, "2015-08-30T12:36:00Z");
  assert_string_equal(rfc, "Sun, 30 Aug 2015 12:36:00 GMT");
}

/* The hand-rolled formatter agrees with the parser (and so with timegm)
 * across leap years, century rules and the epoch. */
static void formats_round_trip_across_calendar_corners(void **state) {
  const int64_t times[] = {0, 59, 951782400 /* 2000-02-29 */, 4107542399 /* 2100-02-28T23:59:59 */,
                           1709164800 /* 2024-02-29 */, 253402300799 /* 9999-12-31T23:59:59 */,
                           T_20150830};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(times); i++) {
    char amz[17], iso[21];
    int64_t back = -1;
    awsmap__time_amz(times[i], amz);
    awsmap__time_iso8601(times[i], iso);
    assert_int_equal(awsmap__time_parse_iso8601(amz, &back), AWSMAP_OK);
    assert_int_equal(back, times[i]);
    assert_int_equal(awsmap__time_parse_iso8601(iso, &back), AWSMAP_OK);
    assert_int_equal(back, times[i]);
  }
  char iso[21];
  awsmap__time_iso8601(951782400, iso);
  assert_string_equal(iso, "2000-02-29T00:00:00Z");
}

static void parses_aws_forms(void **state) {
  int64_t t = 0;
  assert_int_equal(awsmap__time_parse_iso8601("2015-08-30T12:36:00Z", &t), AWSMAP_OK);
  assert_int_equal(t, T_20150830);
  assert_int_equal(awsmap__time_parse_iso8601("2015-08-30T12:36:00.123Z", &t), AWSMAP_OK);
  assert_int_equal(t, T_20150830);
  assert_int_equal(awsmap__time_parse_iso8601("20150830T123600Z", &t), AWSMAP_OK);
  assert_int_equal(t, T_20150830);
  assert_int_equal(awsmap__time_parse_iso8601("2015-08-30T14:36:00+02:00", &t), AWSMAP_OK);
  assert_int_equal(t, T_20150830);
  assert_int_equal(awsmap__time_parse_rfc1123("Sun, 30 Aug 2015 12:36:00 GMT", &t), AWSMAP_OK);
  assert_int_equal(t, T_20150830);
}

static void rejects_malformed(void **state) {
  int64_t t = 0;
  const char *bad[] = {"",  "2015-08-30",           "2015-08-30T12:36:00",
                       "2015-13-30T12:36:00Z",      "2015-08-30T25:36:00Z",
                       "2015-08-30T12:36:00Zjunk", "2015-08-30T12:36:00.Z", "x"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(bad); i++)
    assert_int_equal(awsmap__time_parse_iso8601(bad[i], &t), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__time_parse_iso8601(NULL, &t), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__time_parse_rfc1123("30 Aug 2015", &t), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__time_parse_rfc1123("Sun, 30 Foo 2015 12:36:00 GMT", &t),
                   AWSMAP_ERR_PARSE);
}

static int64_t fixed_clock(void) { return 42; }

static void clock_seam(void **state) {
  awsmap__clock_set(fixed_clock);
  assert_int_equal(awsmap__now(), 42);
  awsmap__clock_set(NULL);
  assert_true(awsmap__now() > T_20150830);
  int64_t a = awsmap__monotonic_ms(), b = awsmap__monotonic_ms();
  assert_true(b >= a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(formats),
      cmocka_unit_test(formats_round_trip_across_calendar_corners),
      cmocka_unit_test(parses_aws_forms),
      cmocka_unit_test(rejects_malformed),
      cmocka_unit_test(clock_seam),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
