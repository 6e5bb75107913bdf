#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "core/core.h"

static void set_and_read_back_every_field(void **state) {
  awsmap_status st = awsmap__error_set_aws(AWSMAP_ERR_ACCESS_DENIED, "ec2:DescribeInstances",
                                           "UnauthorizedOperation", 403, "req-123",
                                           "you may not %s", "look");
  assert_int_equal(st, AWSMAP_ERR_ACCESS_DENIED);
  awsmap__error_set_provider("assume-role");
  const awsmap_error *e = awsmap_error_last();
  assert_int_equal(awsmap_error_status(e), AWSMAP_ERR_ACCESS_DENIED);
  assert_string_equal(awsmap_error_message(e), "you may not look");
  assert_string_equal(awsmap_error_operation(e), "ec2:DescribeInstances");
  assert_string_equal(awsmap_error_aws_code(e), "UnauthorizedOperation");
  assert_string_equal(awsmap_error_request_id(e), "req-123");
  assert_string_equal(awsmap_error_provider(e), "assume-role");
  assert_int_equal(awsmap_error_http_status(e), 403);
  awsmap__error_prefix("profile %s: ", "prod");
  assert_string_equal(awsmap_error_message(e), "profile prod: you may not look");
}

static void clear_leaves_nothing_stale(void **state) {
  awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "bad");
  awsmap__error_clear();
  const awsmap_error *e = awsmap_error_last();
  assert_int_equal(awsmap_error_status(e), AWSMAP_OK);
  assert_string_equal(awsmap_error_message(e), "");
  assert_null(awsmap_error_operation(e));
  assert_null(awsmap_error_aws_code(e));
  assert_null(awsmap_error_request_id(e));
  assert_null(awsmap_error_provider(e));
  assert_int_equal(awsmap_error_http_status(e), 0);
  assert_int_equal(awsmap_error_status(NULL), AWSMAP_OK);
  assert_string_equal(awsmap_error_message(NULL), "");
}

static void long_messages_are_marked_truncated(void **state) {
  char big[2000];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  awsmap__error_set(AWSMAP_ERR_IO, "x", "%s", big);
  const char *m = awsmap_error_message(awsmap_error_last());
  assert_true(strlen(m) < sizeof big);
  assert_string_equal(m + strlen(m) - 3, "...");
}

/* Whether s is well-formed UTF-8 (no cut sequences; overlongs not checked). */
static bool utf8_whole(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
            : (*p & 0xF8) == 0xF0 ? 4 : 0;
    if (!len)
      return false;
    for (int i = 1; i < len; i++)
      if ((p[i] & 0xC0) != 0x80)
        return false;
    p += len;
  }
  return true;
}

/* A cut never splits a multi-byte character, in the message (set or
 * prefixed) or in the other fields, whatever the cut falls on. */
static void truncation_keeps_whole_characters(void **state) {
  static const char *const chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  for (size_t c = 0; c < 3; c++) {
    for (size_t lead = 0; lead < 4; lead++) { /* shifts where the cut falls */
      char big[1200] = "";
      memset(big, 'a', lead);
      big[lead] = '\0';
      while (strlen(big) + strlen(chars[c]) < sizeof big)
        strcat(big, chars[c]);
      awsmap__error_set_aws(AWSMAP_ERR_SERVICE, big, big, 500, big, "%s", big);
      const awsmap_error *e = awsmap_error_last();
      assert_true(utf8_whole(awsmap_error_message(e)));
      assert_string_equal(awsmap_error_message(e) + strlen(awsmap_error_message(e)) - 3, "...");
      assert_true(utf8_whole(awsmap_error_operation(e)));
      assert_true(utf8_whole(awsmap_error_aws_code(e)));
      assert_true(utf8_whole(awsmap_error_request_id(e)));
      const char *tail = big + 600; /* from a character's start: near the cap after a prefix */
      while (((unsigned char)*tail & 0xC0) == 0x80)
        tail++;
      awsmap__error_set(AWSMAP_ERR_IO, "x", "%s", tail);
      awsmap__error_prefix("%.*s: ", (int)(lead + 1), "bbbb");
      assert_true(utf8_whole(awsmap_error_message(awsmap_error_last())));
    }
  }
}

/* Cuts at character starts; bytes that are not UTF-8 cut where asked. */
static void utf8_cut_and_append(void **state) {
  assert_int_equal(awsmap__utf8_cut("abc", 5), 3);
  assert_int_equal(awsmap__utf8_cut("abc", 2), 2);
  assert_int_equal(awsmap__utf8_cut("a\xc3\xa9z", 2), 1);          /* before the é */
  assert_int_equal(awsmap__utf8_cut("a\xc3\xa9z", 3), 3);          /* after it */
  assert_int_equal(awsmap__utf8_cut("\xf0\x9f\x98\x80!", 3), 0); /* within the emoji */
  assert_int_equal(awsmap__utf8_cut("\x80\x80\x80\x80\x80\x80", 5), 5); /* not UTF-8 */
  awsmap_error e = {0};
  awsmap__error_append(&e, "%s", "start");
  awsmap__error_append(&e, " (%s %d)", "x", 7);
  assert_string_equal(awsmap_error_message(&e), "start (x 7)");
  char big[600];
  memset(big, 'a', sizeof big - 3);
  memcpy(big + sizeof big - 3, "\xc3\xa9", 3);
  for (int i = 0; i < 3; i++)
    awsmap__error_append(&e, "%s", big + 200);
  assert_string_equal(awsmap_error_message(&e) + strlen(awsmap_error_message(&e)) - 3, "...");
  assert_true(utf8_whole(awsmap_error_message(&e)));
}

static void *other_thread(void *arg) {
  (void)arg;
  /* A fresh thread starts clean, and its errors do not leak to others. */
  int clean = awsmap_error_status(awsmap_error_last()) == AWSMAP_OK;
  awsmap__error_set(AWSMAP_ERR_TIMEOUT, "t", "thread");
  return (void *)(intptr_t)clean;
}

static void errors_are_per_thread(void **state) {
  awsmap__error_set(AWSMAP_ERR_NOMEM, "main", "main thread");
  pthread_t t;
  void *clean;
  pthread_create(&t, NULL, other_thread, NULL);
  pthread_join(t, &clean);
  assert_true((intptr_t)clean);
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_NOMEM);
  assert_string_equal(awsmap_error_message(awsmap_error_last()), "main thread");
}

static void status_names_and_text_cover_every_code(void **state) {
  for (int s = AWSMAP_OK; s <= AWSMAP_ERR_INTERNAL; s++) {
    assert_string_not_equal(awsmap_status_str((awsmap_status)s), "unknown status");
    assert_true(strncmp(awsmap_status_name((awsmap_status)s), "AWSMAP_", 7) == 0);
  }
  assert_string_equal(awsmap_status_name(AWSMAP_ERR_THROTTLED), "AWSMAP_ERR_THROTTLED");
  assert_string_equal(awsmap_status_str((awsmap_status)9999), "unknown status");
  assert_string_equal(awsmap_status_name((awsmap_status)-1), "AWSMAP_ERR_UNKNOWN");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(set_and_read_back_every_field),
      cmocka_unit_test(clear_leaves_nothing_stale),
      cmocka_unit_test(long_messages_are_marked_truncated),
      cmocka_unit_test(truncation_keeps_whole_characters),
      cmocka_unit_test(utf8_cut_and_append),
      cmocka_unit_test(errors_are_per_thread),
      cmocka_unit_test(status_names_and_text_cover_every_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
