/* The socket watch set, with each backend: epoll (Linux) and the poll() list
 * every platform has. A ready socket comes back with curl's event bits and
 * its urgency, the wake pipe is told apart, a removed socket is not reported
 * (epoll keeps it dormant until it is watched again, closed or turns ready),
 * and a closed descriptor's reused number is watched afresh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <unistd.h>

#include "http/internal.h"

static void init(awsmap__watchset *w, bool use_poll) {
  awsmap__watch_init(w);
  if (use_poll && w->epfd >= 0) { /* force the portable backend */
    close(w->epfd);
    w->epfd = -1;
  }
}

static void exercise(bool use_poll) {
  int data[2], other[2], wake[2];
  assert_int_equal(pipe(data), 0);
  assert_int_equal(pipe(other), 0);
  assert_int_equal(pipe(wake), 0);
  awsmap__watchset w;
  init(&w, use_poll);
  assert_int_equal(awsmap__watch_update(&w, data[0], CURL_POLL_IN, true), 0);
  assert_int_equal(awsmap__watch_update(&w, other[0], CURL_POLL_IN, false), 0);

  bool woken = true;
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 0, &woken), 0); /* nothing ready */
  assert_false(woken);

  assert_int_equal(write(data[1], "x", 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 1);
  assert_false(woken);
  assert_int_equal(w.ready[0].fd, data[0]);
  assert_true(w.ready[0].events & CURL_CSELECT_IN);
  assert_true(w.ready[0].urgent);

  /* removed while still readable (an idle connection the peer closed): not
   * reported again; then the wake pipe alone */
  assert_int_equal(awsmap__watch_update(&w, data[0], CURL_POLL_REMOVE, false), 0);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 0, &woken), 0);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 0, &woken), 0);
  assert_int_equal(write(wake[1], "w", 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 0);
  assert_true(woken);
  char c;
  assert_int_equal(read(wake[0], &c, 1), 1);

  assert_int_equal(write(other[1], "y", 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 1);
  assert_int_equal(w.ready[0].fd, other[0]);
  assert_false(w.ready[0].urgent);

  /* watched again (a pooled connection reused), now not urgent */
  assert_int_equal(awsmap__watch_update(&w, data[0], CURL_POLL_IN, false), 0);
  assert_int_equal(awsmap__watch_update(&w, other[0], CURL_POLL_REMOVE, false), 0);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 1);
  assert_int_equal(w.ready[0].fd, data[0]);
  assert_false(w.ready[0].urgent);

  /* dormant and quiet, then watched again: the same registration serves */
  assert_int_equal(read(other[0], &c, 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 1); /* data[0] still has "x" */
  assert_int_equal(w.ready[0].fd, data[0]);
  assert_int_equal(awsmap__watch_update(&w, other[0], CURL_POLL_IN, true), 0);
  assert_int_equal(write(other[1], "v", 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 2);
  assert_true(w.ready[0].fd == other[0] ? w.ready[0].urgent : w.ready[1].urgent);

  /* a descriptor closed while dormant and its number reused: watched afresh */
  assert_int_equal(read(other[0], &c, 1), 1);
  assert_int_equal(awsmap__watch_update(&w, data[0], CURL_POLL_REMOVE, false), 0);
  int old = data[0];
  close(data[0]);
  close(data[1]);
  assert_int_equal(pipe(data), 0);
  assert_int_equal(data[0], old); /* the lowest free number */
  assert_int_equal(awsmap__watch_update(&w, data[0], CURL_POLL_IN, true), 0);
  assert_int_equal(write(data[1], "z", 1), 1);
  assert_int_equal(awsmap__watch_wait(&w, wake[0], 1000, &woken), 1);
  assert_int_equal(w.ready[0].fd, data[0]);
  assert_true(w.ready[0].urgent);

  awsmap__watch_release(&w);
  for (int i = 0; i < 2; i++) {
    close(data[i]);
    close(other[i]);
    close(wake[i]);
  }
}

static void epoll_backend(void **state) { exercise(false); }
static void poll_backend(void **state) { exercise(true); }

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(epoll_backend),
                                     cmocka_unit_test(poll_backend)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
