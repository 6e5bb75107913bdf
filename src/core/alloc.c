/* Allocation wrappers: one place to hook failure injection for tests. */
#include "core/core.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

static atomic_long fail_countdown;
static atomic_size_t pages_bytes; /* awsmap__pages_alloc blocks not yet freed */

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

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#define HUGE_PAGE ((size_t)2 << 20)

void *awsmap__pages_alloc(size_t size) {
  if (should_fail())
    return NULL;
  /* Over-allocate by one huge page to align, then give the ends back. */
  size_t len = size + HUGE_PAGE;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  if (a > p)
    munmap(p, (size_t)(a - p));
  if (p + len > a + size)
    munmap(a + size, (size_t)(p + len - (a + size)));
  (void)madvise(a, size, MADV_HUGEPAGE); /* a hint: refused, it is ordinary memory */
  atomic_fetch_add(&pages_bytes, size);
  return a;
}

void awsmap__pages_free(void *ptr, size_t size) {
  if (!ptr)
    return;
  munmap(ptr, size);
  atomic_fetch_sub(&pages_bytes, size);
}
#else
void *awsmap__pages_alloc(size_t size) {
  void *p = awsmap__calloc(1, size);
  if (p)
    atomic_fetch_add(&pages_bytes, size);
  return p;
}

void awsmap__pages_free(void *ptr, size_t size) {
  if (!ptr)
    return;
  free(ptr);
  atomic_fetch_sub(&pages_bytes, size);
}
#endif

size_t awsmap__pages_in_use(void) { return atomic_load(&pages_bytes); }

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
