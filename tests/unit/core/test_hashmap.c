#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

static void put_get_replace_remove(void **state) {
  awsmap__map *m = awsmap__map_new(0);
  assert_non_null(m);
  int a = 1, b = 2;
  void *old = &a;
  assert_int_equal(awsmap__map_put(m, "k", 1, &a, &old), AWSMAP_OK);
  assert_null(old);
  assert_ptr_equal(awsmap__map_get(m, "k", 1), &a);
  assert_int_equal(awsmap__map_put(m, "k", 1, &b, &old), AWSMAP_OK);
  assert_ptr_equal(old, &a);
  assert_int_equal(awsmap__map_count(m), 1);
  assert_null(awsmap__map_get(m, "K", 1));
  void *removed = NULL;
  assert_true(awsmap__map_remove(m, "k", 1, &removed));
  assert_ptr_equal(removed, &b);
  assert_false(awsmap__map_remove(m, "k", 1, NULL));
  assert_int_equal(awsmap__map_count(m), 0);
  awsmap__map_free(m);
  awsmap__map_free(NULL);
}

/* Many keys, interleaved removals: every survivor is still found, which
 * exercises growth and the backward-shift deletion across probe runs. */
static void many_keys_survive_growth_and_removal(void **state) {
  enum { N = 20000 };
  static int values[N];
  awsmap__map *m = awsmap__map_new(4);
  char key[32];
  for (int i = 0; i < N; i++) {
    int n = snprintf(key, sizeof key, "arn:aws:ec2:i-%08d", i);
    values[i] = i;
    assert_int_equal(awsmap__map_put(m, key, (size_t)n, &values[i], NULL), AWSMAP_OK);
  }
  for (int i = 0; i < N; i += 3) {
    int n = snprintf(key, sizeof key, "arn:aws:ec2:i-%08d", i);
    assert_true(awsmap__map_remove(m, key, (size_t)n, NULL));
  }
  for (int i = 0; i < N; i++) {
    int n = snprintf(key, sizeof key, "arn:aws:ec2:i-%08d", i);
    int *v = awsmap__map_get(m, key, (size_t)n);
    if (i % 3 == 0)
      assert_null(v);
    else
      assert_int_equal(*v, i);
  }
  size_t cursor = 0, seen = 0;
  const char *k;
  void *v;
  while (awsmap__map_next(m, &cursor, &k, &v)) {
    assert_int_equal(strncmp(k, "arn:aws:ec2:i-", 14), 0);
    seen++;
  }
  assert_int_equal(seen, awsmap__map_count(m));
  assert_int_equal(seen, N - (N + 2) / 3);
  awsmap__map_free(m);
}

static void put_reports_nomem(void **state) {
  awsmap__map *m = awsmap__map_new(0);
  awsmap__alloc_fail_after(1);
  int x = 0;
  assert_int_equal(awsmap__map_put(m, "key", 3, &x, NULL), AWSMAP_ERR_NOMEM);
  awsmap__alloc_fail_after(0);
  assert_null(awsmap__map_get(m, "key", 3));
  assert_int_equal(awsmap__map_count(m), 0);
  awsmap__map_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(put_get_replace_remove),
      cmocka_unit_test(many_keys_survive_growth_and_removal),
      cmocka_unit_test(put_reports_nomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
