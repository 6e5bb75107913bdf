#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/core.h"

static void fails_exactly_the_nth_allocation(void **state) {
  awsmap__alloc_fail_after(3);
  void *a = awsmap__malloc(8), *b = awsmap__malloc(8), *c = awsmap__malloc(8),
       *d = awsmap__malloc(8);
  assert_non_null(a);
  assert_non_null(b);
  assert_null(c);
  assert_non_null(d);
  awsmap__free(a);
  awsmap__free(b);
  awsmap__free(d);
  char *s = awsmap__strndup("abcdef", 3);
  assert_string_equal(s, "abc");
  awsmap__free_secret(s);
  awsmap__free_secret(NULL);
  assert_null(awsmap__strdup(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(fails_exactly_the_nth_allocation)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
