/* assert_status(expr, want): like assert_int_equal on an awsmap_status, but a
 * failure names both statuses and the library's error message. Include after
 * <cmocka.h>. */
#ifndef AWSMAP_TEST_ASSERT_STATUS_H
#define AWSMAP_TEST_ASSERT_STATUS_H

#include <awsmap/status.h>

#define assert_status(expr, want)                                                          \
  do {                                                                                     \
    awsmap_status got_ = (expr);                                                           \
    if (got_ != (want))                                                                    \
      fail_msg("%s: got %s (%s), want %s", #expr, awsmap_status_name(got_),                \
               awsmap_error_message(awsmap_error_last()), awsmap_status_name(want));       \
  } while (0)

#endif
