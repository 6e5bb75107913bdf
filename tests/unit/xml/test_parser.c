#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "xml/xml.h"
#include "xml_events.h"

/* Records every event as "+name@depth" / "-name@depth=text" lines. */
typedef struct trace {
  awsmap__buf log;
  int fail_on_end_of; /* depth whose end returns an error, or -1 */
} trace;

static awsmap_status t_start(void *c, int depth, const char *name, size_t len) {
  trace *t = c;
  return awsmap__buf_printf(&t->log, "+%.*s@%d\n", (int)len, name, depth);
}

static awsmap_status t_end(void *c, int depth, const char *name, size_t len, const char *text,
                           size_t text_len) {
  trace *t = c;
  if (depth == t->fail_on_end_of)
    return awsmap__error_set(AWSMAP_ERR_CANCELLED, "test", "stop");
  assert_int_equal(strlen(text), text_len);
  return awsmap__buf_printf(&t->log, "-%.*s@%d=%s\n", (int)len, name, depth,
                            text_len && !strchr(text, '\n') ? text : "");
}

static const awsmap__xml_handler handler = {t_start, t_end};

/* Parses doc in pieces of `chunk` bytes (0 = all at once). */
static awsmap_status parse(const char *doc, size_t chunk, trace *t, size_t cap) {
  return xml_events_parse(&handler, doc, strlen(doc), chunk, cap, t);
}

static const char *doc1 =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
    "  <requestId>r-1</requestId>\n"
    "  <vpcSet><item><vpcId>vpc-1</vpcId><x:tag xmlns:x=\"urn:x\">a &amp; b &lt;c&gt; &#x41;</x:tag>"
    "<cdata><![CDATA[<raw>]]></cdata><empty/></item></vpcSet>\n"
    "</DescribeVpcsResponse>";

static const char *doc1_events =
    "+DescribeVpcsResponse@0\n+requestId@1\n-requestId@1=r-1\n+vpcSet@1\n+item@2\n"
    "+vpcId@3\n-vpcId@3=vpc-1\n+tag@3\n-tag@3=a & b <c> A\n+cdata@3\n-cdata@3=<raw>\n"
    "+empty@3\n-empty@3=\n-item@2=\n-vpcSet@1=\n-DescribeVpcsResponse@0=\n";

static void events_are_local_names_with_decoded_text(void **state) {
  trace t = {AWSMAP__BUF_INIT, -1};
  assert_int_equal(parse(doc1, 0, &t, 0), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&t.log), doc1_events);
  awsmap__buf_dispose(&t.log);
}

/* Any split of the bytes gives the same events: the parser is fed as they arrive. */
static void chunking_does_not_change_events(void **state) {
  for (size_t chunk = 1; chunk < 40; chunk += 3) {
    trace t = {AWSMAP__BUF_INIT, -1};
    assert_int_equal(parse(doc1, chunk, &t, 0), AWSMAP_OK);
    assert_string_equal(awsmap__buf_cstr(&t.log), doc1_events);
    awsmap__buf_dispose(&t.log);
  }
}

static void malformed_reports_line_and_column(void **state) {
  trace t = {AWSMAP__BUF_INIT, -1};
  assert_int_equal(parse("<a>\n<b></c>\n</a>", 0, &t, 0), AWSMAP_ERR_PARSE);
  const char *msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "line 2"));
  assert_non_null(strstr(msg, "column"));
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_PARSE);
  awsmap__buf_dispose(&t.log);
}

static void truncated_document_is_a_parse_error(void **state) {
  const char *cut[] = {"<a><b>x</b>", "<a><b>x</b", "<a", "", "   ", "<?xml version=\"1.0\"?>",
                       "<a></a><b>", "not xml at all"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cut); i++) {
    trace t = {AWSMAP__BUF_INIT, -1};
    assert_int_equal(parse(cut[i], 1, &t, 0), AWSMAP_ERR_PARSE);
    assert_true(strlen(awsmap_error_message(awsmap_error_last())) > 0);
    awsmap__buf_dispose(&t.log);
  }
}

/* The classic exponential entity bomb: the declarations are inert, so the
 * reference is an undefined entity and nothing is expanded. */
static void billion_laughs_does_not_expand(void **state) {
  awsmap__buf doc = AWSMAP__BUF_INIT;
  awsmap__buf_puts(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
  for (int i = 1; i <= 9; i++) {
    awsmap__buf_printf(&doc, " <!ENTITY lol%d \"", i);
    for (int j = 0; j < 10; j++)
      awsmap__buf_printf(&doc, "&lol%s;", i == 1 ? "" : (char[]){(char)('0' + i - 1), 0});
    awsmap__buf_puts(&doc, "\">\n");
  }
  awsmap__buf_puts(&doc, "]>\n<lolz>&lol9;</lolz>");
  trace t = {AWSMAP__BUF_INIT, -1};
  awsmap_status st = parse(awsmap__buf_cstr(&doc), 0, &t, 0);
  assert_int_equal(st, AWSMAP_ERR_PARSE);
  assert_null(strstr(awsmap__buf_cstr(&t.log), "lollol"));
  assert_true(t.log.len < 100);
  awsmap__buf_dispose(&t.log);
  awsmap__buf_dispose(&doc);
}

static void external_entities_are_refused(void **state) {
  const char *docs[] = {
      "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
      "<!DOCTYPE a [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><a>&x;</a>",
      "<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a>&x;</a>",
      "<!DOCTYPE a SYSTEM \"http://127.0.0.1:1/x.dtd\"><a>&x;</a>",
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(docs); i++) {
    trace t = {AWSMAP__BUF_INIT, -1};
    assert_int_equal(parse(docs[i], 0, &t, 0), AWSMAP_ERR_PARSE);
    assert_null(strstr(awsmap__buf_cstr(&t.log), "root:"));
    awsmap__buf_dispose(&t.log);
  }
  /* any DTD is refused, even one that declares nothing harmful: none is ever read */
  trace t = {AWSMAP__BUF_INIT, -1};
  assert_int_equal(parse("<!DOCTYPE a [<!ENTITY x \"boom\">]><a>ok</a>", 0, &t, 0), AWSMAP_ERR_PARSE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "DOCTYPE"));
  assert_string_equal(awsmap__buf_cstr(&t.log), "");
  awsmap__buf_dispose(&t.log);
}

static void byte_cap_is_enforced(void **state) {
  trace t = {AWSMAP__BUF_INIT, -1};
  assert_int_equal(parse("<a>0123456789</a>", 4, &t, 16), AWSMAP_ERR_TOO_LARGE);
  awsmap__buf_dispose(&t.log);
  trace u = {AWSMAP__BUF_INIT, -1};
  assert_int_equal(parse("<a>0123456789</a>", 4, &u, 17), AWSMAP_OK);
  awsmap__buf_dispose(&u.log);
}

/* A handler's failure stops the parse, is returned, and sticks. */
static void callback_failure_stops_parse(void **state) {
  trace t = {AWSMAP__BUF_INIT, 2};
  awsmap__xml_parser *p = awsmap__xml_parser_new(&handler, &t, 0);
  const char *d = "<a><b><c>1</c><c>2</c></b></a>";
  assert_int_equal(awsmap__xml_parser_feed(p, d, strlen(d)), AWSMAP_ERR_CANCELLED);
  assert_null(strstr(awsmap__buf_cstr(&t.log), "+c@2\n-c"));
  assert_null(strstr(awsmap__buf_cstr(&t.log), "c@2=2"));
  assert_int_equal(awsmap__xml_parser_feed(p, "x", 1), AWSMAP_ERR_CANCELLED);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_ERR_CANCELLED);
  awsmap__xml_parser_free(p);
  awsmap__xml_parser_free(NULL);
  awsmap__buf_dispose(&t.log);
}

static void allocation_failures_are_clean(void **state) {
  for (long n = 1; n < 200; n++) {
    trace t = {AWSMAP__BUF_INIT, -1};
    awsmap__alloc_fail_after(n);
    awsmap__xml_parser *p = awsmap__xml_parser_new(&handler, &t, 0);
    awsmap_status st = p ? awsmap__xml_parser_feed(p, doc1, strlen(doc1)) : AWSMAP_ERR_NOMEM;
    if (st == AWSMAP_OK)
      st = awsmap__xml_parser_finish(p);
    awsmap__alloc_fail_after(0);
    assert_true(st == AWSMAP_OK || st == AWSMAP_ERR_NOMEM);
    awsmap__xml_parser_free(p);
    awsmap__buf_dispose(&t.log);
  }
}

/* depth levels of <x> around "v", built in a caller-freed buffer */
static char *nested(int depth) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  for (int i = 0; i < depth; i++)
    assert_int_equal(awsmap__buf_puts(&b, "<x>"), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&b, "v"), AWSMAP_OK);
  for (int i = 0; i < depth; i++)
    assert_int_equal(awsmap__buf_puts(&b, "</x>"), AWSMAP_OK);
  return awsmap__buf_detach(&b);
}

static void nesting_is_bounded(void **state) {
  static const int ok_depths[] = {1, 200, AWSMAP__XML_MAX_DEPTH};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(ok_depths); i++) {
    char *doc = nested(ok_depths[i]);
    trace t = {AWSMAP__BUF_INIT, -1};
    assert_int_equal(parse(doc, 0, &t, 0), AWSMAP_OK);
    awsmap__buf_dispose(&t.log);
    awsmap__free(doc);
  }
  static const int deep[] = {AWSMAP__XML_MAX_DEPTH + 1, 300, 5000};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(deep); i++) {
    char *doc = nested(deep[i]);
    for (size_t chunk = 0; chunk <= 7; chunk += 7) { /* whole and in small pieces */
      trace t = {AWSMAP__BUF_INIT, -1};
      assert_int_equal(parse(doc, chunk, &t, 0), AWSMAP_ERR_PARSE);
      const char *msg = awsmap_error_message(awsmap_error_last());
      if (!strstr(msg, "nesting deeper than 256"))
        fail_msg("depth %d: message \"%s\"", deep[i], msg);
      /* the handler never saw an element past the limit */
      assert_null(strstr(awsmap__buf_cstr(&t.log), "@256\n"));
      awsmap__buf_dispose(&t.log);
    }
    awsmap__free(doc);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(events_are_local_names_with_decoded_text),
      cmocka_unit_test(chunking_does_not_change_events),
      cmocka_unit_test(malformed_reports_line_and_column),
      cmocka_unit_test(truncated_document_is_a_parse_error),
      cmocka_unit_test(billion_laughs_does_not_expand),
      cmocka_unit_test(external_entities_are_refused),
      cmocka_unit_test(byte_cap_is_enforced),
      cmocka_unit_test(callback_failure_stops_parse),
      cmocka_unit_test(allocation_failures_are_clean),
      cmocka_unit_test(nesting_is_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
