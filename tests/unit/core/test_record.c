#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

static void fields_keep_order_and_repeats(void **state) {
  awsmap_record *r = awsmap__record_new("ec2:instance");
  assert_int_equal(awsmap__record_add(r, "InstanceId", "i-1", 3), AWSMAP_OK);
  assert_int_equal(awsmap__record_add(r, "SecurityGroups.GroupId", "sg-a", 4), AWSMAP_OK);
  assert_int_equal(awsmap__record_add(r, "SecurityGroups.GroupId", "sg-b", 4), AWSMAP_OK);
  char key[] = "Tags.Name";
  assert_int_equal(awsmap__record_add_copy_name(r, key, strlen(key), "web", 3), AWSMAP_OK);
  memset(key, 'x', strlen(key)); /* the record must not keep the caller's buffer */
  assert_string_equal(awsmap_record_type(r), "ec2:instance");
  assert_string_equal(awsmap_record_get(r, "InstanceId"), "i-1");
  assert_int_equal(awsmap_record_count(r, "SecurityGroups.GroupId"), 2);
  assert_string_equal(awsmap_record_get_nth(r, "SecurityGroups.GroupId", 1), "sg-b");
  assert_null(awsmap_record_get_nth(r, "SecurityGroups.GroupId", 2));
  assert_string_equal(awsmap_record_get(r, "Tags.Name"), "web");
  assert_null(awsmap_record_get(r, "VpcId"));
  assert_int_equal(awsmap_record_field_count(r), 4);
  const char *name;
  assert_string_equal(awsmap_record_field_at(r, 3, &name), "web");
  assert_string_equal(name, "Tags.Name");
  assert_null(awsmap_record_field_at(r, 4, &name));
  assert_null(name);
  assert_true(awsmap__record_bytes(r) > 0);
  awsmap__record_free(r);
  awsmap__record_free(NULL);
  assert_string_equal(awsmap_record_type(NULL), "");
  assert_null(awsmap_record_get(NULL, "x"));
}

/* Values may contain anything but NUL and are kept byte for byte, across
 * arena growth (which moves the storage). */
static void many_values_survive_arena_growth(void **state) {
  awsmap_record *r = awsmap__record_new("t");
  char v[64];
  for (int i = 0; i < 5000; i++) {
    int n = snprintf(v, sizeof v, "value %d with spaces & <xml>", i);
    assert_int_equal(awsmap__record_add(r, "K", v, (size_t)n), AWSMAP_OK);
  }
  assert_string_equal(awsmap_record_get_nth(r, "K", 4321), "value 4321 with spaces & <xml>");
  awsmap__record_free(r);
}

static void nomem_leaves_the_record_consistent(void **state) {
  awsmap_record *r = awsmap__record_new("t");
  assert_int_equal(awsmap__record_add(r, "A", "1", 1), AWSMAP_OK);
  for (long n = 1; n <= 3; n++) {
    awsmap__alloc_fail_after(n);
    awsmap_status st = awsmap__record_add_copy_name(r, "Big", 3, "x", 1);
    awsmap__alloc_fail_after(0);
    if (st == AWSMAP_OK)
      break;
    assert_int_equal(st, AWSMAP_ERR_NOMEM);
    assert_int_equal(awsmap_record_field_count(r), 1);
  }
  assert_string_equal(awsmap_record_get(r, "A"), "1");
  awsmap__record_free(r);
}

static void public_builder_round_trips(void **state) {
  awsmap_record *r = NULL;
  assert_int_equal(awsmap_record_new(&r, "ec2:vpc"), AWSMAP_OK);
  assert_int_equal(awsmap_record_add(r, "VpcId", "vpc-1"), AWSMAP_OK);
  assert_int_equal(awsmap_record_add(r, "Tags.Name", "main"), AWSMAP_OK);
  assert_string_equal(awsmap_record_type(r), "ec2:vpc");
  assert_string_equal(awsmap_record_get(r, "Tags.Name"), "main");
  assert_int_equal(awsmap_record_add(r, NULL, "x"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_record_new(NULL, "t"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_record_field_count(r), 2);
  awsmap_record_free(r);
  awsmap_record_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fields_keep_order_and_repeats),
      cmocka_unit_test(many_values_survive_arena_growth),
      cmocka_unit_test(nomem_leaves_the_record_consistent),
      cmocka_unit_test(public_builder_round_trips),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
