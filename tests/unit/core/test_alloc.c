#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

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

/* Huge-page blocks: zeroed, 2 MiB-aligned on Linux, accounted, and subject
 * to failure injection like every other allocation. */
static void page_blocks_are_zeroed_aligned_and_counted(void **state) {
  size_t size = (size_t)4 << 20, before = awsmap__pages_in_use();
  unsigned char *p = awsmap__pages_alloc(size);
  assert_non_null(p);
  assert_int_equal(awsmap__pages_in_use(), before + size);
#ifdef __linux__
  assert_int_equal((uintptr_t)p % ((uintptr_t)2 << 20), 0);
#endif
  assert_int_equal(p[0] | p[size / 2] | p[size - 1], 0);
  memset(p, 0xab, size); /* all of it is ours */
  awsmap__pages_free(p, size);
  assert_int_equal(awsmap__pages_in_use(), before);
  awsmap__pages_free(NULL, size);

  awsmap__alloc_fail_after(1);
  assert_null(awsmap__pages_alloc(size));
  assert_int_equal(awsmap__pages_in_use(), before);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(fails_exactly_the_nth_allocation),
                                     cmocka_unit_test(page_blocks_are_zeroed_aligned_and_counted)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
