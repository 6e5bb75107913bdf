/* Allocation wrappers: one place to hook failure injection for tests. */
#include "core/core.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown;

void awsmap__alloc_fail_after(long n) { atomic_store(&fail_countdown, n); }

/* True when the armed countdown reaches this allocation. */
static bool should_fail(void) {
  long n = atomic_load(&fail_countdown);
  while (n > 0) {
    if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1))
      return n == 1;
  }
  return false;
}

void *awsmap__malloc(size_t size) { return should_fail() ? NULL : malloc(size ? size : 1); }

void *awsmap__calloc(size_t n, size_t size) {
  return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *awsmap__realloc(void *ptr, size_t size) {
  return should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void awsmap__free(void *ptr) { free(ptr); }

char *awsmap__strndup(const char *s, size_t n) {
  char *copy = awsmap__malloc(n + 1);
  if (copy) {
    memcpy(copy, s, n);
    copy[n] = '\0';
  }
  return copy;
}

char *awsmap__strdup(const char *s) { return s ? awsmap__strndup(s, strlen(s)) : NULL; }

void awsmap__free_secret(char *s) {
  if (s) {
    awsmap__secure_zero(s, strlen(s));
    free(s);
  }
}
