/* Streaming: the same events whatever the chunking, truncation refused at
 * every byte, tokens of any size across any number of chunks in linear time,
 * the byte cap, the nesting cap, and hostile DTD documents refused in pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "xml_events.h"

/* The events of doc fed in `chunk`-byte pieces (0: at once) under a byte cap (0: none). */
static awsmap_status parse(const char *doc, size_t len, size_t chunk, size_t cap,
                           awsmap__buf *log) {
  return xml_events_parse(&xml_events_sized, doc, len, chunk, cap, log);
}


/* Feeds the pieces [cuts[i], cuts[i+1]) of doc, then finishes. */
static awsmap_status parse_cuts(const char *doc, const size_t *cuts, size_t ncuts, size_t cap,
                                awsmap__buf *log) {
  awsmap__xml_parser *p = awsmap__xml_parser_new(&xml_events_sized, log, cap);
  assert_non_null(p);
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i + 1 < ncuts && st == AWSMAP_OK; i++)
    st = awsmap__xml_parser_feed(p, doc + cuts[i], cuts[i + 1] - cuts[i]);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(p);
  awsmap__xml_parser_free(p);
  return st;
}


/* An AWS-shaped response with every construct that can be split: references, CDATA,
 * multi-byte UTF-8, CR LF, comments, PIs, attributes, prefixes, a BOM. */
static const char rich[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
    "<!-- generated -->\r\n"
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\r\n"
    "  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>\r\n"
    "  <reservationSet>\r\n"
    "    <item><reservationId>r-0123</reservationId>\r\n"
    "      <instancesSet><item a='1' b=\"&quot;&#x3E;\">\r\n"
    "        <instanceId>i-0abc</instanceId><x:tag xmlns:x='urn:x'>caf\xC3\xA9 \xE2\x82\xAC "
    "\xF0\x9F\x98\x80</x:tag>\r\n"
    "        <keyName>a &amp; b &lt;c&gt; &#x1F600;&#233;&#65;</keyName>\r\n"
    "        <userData><![CDATA[#!/bin/sh\r\necho \"<hi> & ]] bye\"\r\n]]></userData>\r\n"
    "        <empty/><blank>  </blank><?pi x?><cr>1\r2\r\n3</cr>\r\n"
    "        <tagSet><item><key>Name</key><value>web]01</value></item></tagSet>\r\n"
    "      </item></instancesSet></item>\r\n"
    "  </reservationSet>\r\n"
    "  <nextToken>eyJ2IjoxfQ==</nextToken>\r\n"
    "</DescribeInstancesResponse>";

static void every_chunk_size_gives_the_same_events(void **state) {
  size_t len = sizeof rich - 1;
  awsmap__buf want = AWSMAP__BUF_INIT;
  assert_int_equal(parse(rich, len, len, 0, &want), AWSMAP_OK);
  assert_non_null(strstr(want.ptr, "-keyName@5=17:a & b <c> \xF0\x9F\x98\x80\xC3\xA9"
                                   "A\n"));
  assert_non_null(strstr(want.ptr, "-userData@5=31:#!/bin/sh\necho \"<hi> & ]] bye\"\n\n"));
  assert_non_null(strstr(want.ptr, "-cr@5=5:1\n2\n3\n"));
  for (size_t chunk = 1; chunk <= len; chunk++) {
    awsmap__buf got = AWSMAP__BUF_INIT;
    assert_int_equal(parse(rich, len, chunk, 0, &got), AWSMAP_OK);
    if (strcmp(got.ptr, want.ptr) != 0)
      fail_msg("chunk %zu:\n%s", chunk, got.ptr);
    awsmap__buf_dispose(&got);
  }
  awsmap__buf_dispose(&want);
}

/* Every way of cutting the document in three pieces: whatever a token is, each of its bytes
 * can be the first or the last of a feed. */
static void every_two_cuts_give_the_same_events(void **state) {
  size_t len = sizeof rich - 1;
  awsmap__buf want = AWSMAP__BUF_INIT;
  assert_int_equal(parse(rich, len, len, 0, &want), AWSMAP_OK);
  for (size_t i = 0; i <= len; i++)
    for (size_t j = i; j <= len; j += (j < i + 16 ? 1 : 61)) {
      size_t cuts[] = {0, i, j, len};
      awsmap__buf got = AWSMAP__BUF_INIT;
      assert_int_equal(parse_cuts(rich, cuts, 4, 0, &got), AWSMAP_OK);
      if (strcmp(got.ptr, want.ptr) != 0)
        fail_msg("cuts %zu, %zu:\n%s", i, j, got.ptr);
      awsmap__buf_dispose(&got);
    }
  awsmap__buf_dispose(&want);
}

/* A document cut anywhere is refused at finish, never accepted. */
static void truncation_at_every_byte_is_refused(void **state) {
  size_t len = 0;
  char *full = xml_read_file(AWSMAP_TEST_DATA "/services/ec2_DescribeNetworkInterfaces/full.xml",
                             &len);
  assert_non_null(full);
  while (len && strchr(" \t\r\n", full[len - 1]))
    len--; /* cuts in trailing white space would still be whole documents */
  const char *docs[] = {rich, full};
  size_t lens[] = {sizeof rich - 1, len};
  for (size_t d = 0; d < 2; d++) {
    for (size_t cut = 0; cut < lens[d]; cut++) {
      size_t cuts[] = {0, cut};
      awsmap__buf log = AWSMAP__BUF_INIT;
      awsmap_status st = parse_cuts(docs[d], cuts, 2, 0, &log);
      if (st != AWSMAP_ERR_PARSE)
        fail_msg("document %zu cut at %zu: %s", d, cut, awsmap_status_name(st));
      const char *msg = awsmap_error_message(awsmap_error_last());
      if (!strstr(msg, "truncated") && !strstr(msg, "empty"))
        fail_msg("document %zu cut at %zu: \"%s\"", d, cut, msg);
      awsmap__buf_dispose(&log);
    }
    if (d == 0) /* byte by byte too */
      for (size_t cut = 0; cut < lens[d]; cut++) {
        awsmap__buf log = AWSMAP__BUF_INIT;
        assert_int_equal(parse(docs[d], cut, 1, 0, &log), AWSMAP_ERR_PARSE);
        awsmap__buf_dispose(&log);
      }
    size_t cuts[] = {0, lens[d]};
    awsmap__buf log = AWSMAP__BUF_INIT;
    assert_int_equal(parse_cuts(docs[d], cuts, 2, 0, &log), AWSMAP_OK);
    awsmap__buf_dispose(&log);
  }
  awsmap__free(full);
}

/* Splits inside the small tokens that wait for their last bytes. */
static void split_tokens_and_line_ends(void **state) {
  static const struct {
    const char *doc, *events;
  } cases[] = {
      {"<a>x&amp;y</a>", "+a@0\n-a@0=3:x&y\n"},
      {"<a>&#x1F600;</a>", "+a@0\n-a@0=4:\xF0\x9F\x98\x80\n"},
      {"<a>\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9</a>",
       "+a@0\n-a@0=9:\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9\n"},
      {"<a><![CDATA[]]]]></a>", "+a@0\n-a@0=2:]]\n"},
      {"<a>]]]</a>", "+a@0\n-a@0=3:]]]\n"},
      {"<a>\r\n\r\r\n</a>", "+a@0\n-a@0=3:\n\n\n\n"},
      {"<a>\r</a>", "+a@0\n-a@0=1:\n\n"},
      {"\xEF\xBB\xBF<a/>", "+a@0\n-a@0=0:\n"},
      {"<a\r\nb='1'\r\n/>", "+a@0\n-a@0=0:\n"},
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cases); i++) {
    size_t len = strlen(cases[i].doc);
    for (size_t at = 0; at <= len; at++)
      for (size_t at2 = at; at2 <= len; at2++) {
        size_t cuts[] = {0, at, at2, len};
        awsmap__buf log = AWSMAP__BUF_INIT;
        awsmap_status st = parse_cuts(cases[i].doc, cuts, 4, 0, &log);
        if (st != AWSMAP_OK || strcmp(awsmap__buf_cstr(&log), cases[i].events) != 0)
          fail_msg("case %zu cut at %zu/%zu: %s\n%s", i, at, at2, awsmap_status_name(st),
                   awsmap__buf_cstr(&log));
        awsmap__buf_dispose(&log);
      }
  }
}

static void byte_order_marks(void **state) {
  static const char *const refused[] = {
      "\xEF\xBB\xBF\xEF\xBB\xBF<a/>", /* two */
      " \xEF\xBB\xBF<a/>",            /* not at the start */
      "<a>\xEF\xBB</a>",              /* a cut one */
      "\xEF\xBB<a/>",
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(refused); i++)
    for (size_t chunk = 1; chunk <= 4; chunk++) {
      awsmap__buf log = AWSMAP__BUF_INIT;
      assert_int_equal(parse(refused[i], strlen(refused[i]), chunk, 0, &log),
                       AWSMAP_ERR_PARSE);
      awsmap__buf_dispose(&log);
    }
  /* inside content a BOM is just U+FEFF */
  awsmap__buf log = AWSMAP__BUF_INIT;
  assert_int_equal(parse("<a>\xEF\xBB\xBF</a>", 10, 1, 0, &log), AWSMAP_OK);
  assert_string_equal(log.ptr, "+a@0\n-a@0=3:\xEF\xBB\xBF\n");
  awsmap__buf_dispose(&log);
}

/* Large tokens split over many small feeds: linear time, right text. */
static void large_tokens_over_many_feeds(void **state) {
  const size_t big = 1u << 20;
  awsmap__buf doc = AWSMAP__BUF_INIT;
  awsmap__buf want = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__buf_puts(&doc, "<a><![CDATA["), AWSMAP_OK);
  for (size_t i = 0; i < big; i++)
    assert_int_equal(awsmap__buf_putc(&doc, (char)('a' + i % 26)), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&doc, "]]><!--"), AWSMAP_OK);
  for (size_t i = 0; i < big; i++)
    assert_int_equal(awsmap__buf_putc(&doc, 'c'), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&doc, "--><b x='"), AWSMAP_OK);
  for (size_t i = 0; i < big; i++)
    assert_int_equal(awsmap__buf_putc(&doc, 'v'), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&doc, "'/>&#x"), AWSMAP_OK);
  for (size_t i = 0; i < 1000; i++)
    assert_int_equal(awsmap__buf_putc(&doc, '0'), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&doc, "41;"), AWSMAP_OK);
  for (size_t i = 0; i < big; i++)
    assert_int_equal(awsmap__buf_putc(&doc, 't'), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&doc, "</a>"), AWSMAP_OK);
  static const size_t chunks[] = {1, 7, 4096, 1u << 22};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(chunks); i++) {
    awsmap__buf log = AWSMAP__BUF_INIT;
    int64_t t0 = awsmap__monotonic_ms();
    assert_int_equal(parse(doc.ptr, doc.len, chunks[i], 0, &log), AWSMAP_OK);
    int64_t ms = awsmap__monotonic_ms() - t0;
    /* 5 MB: well under a second unless a retry were quadratic (hours) */
    if (ms > 20000)
      fail_msg("chunk %zu took %lld ms", chunks[i], (long long)ms);
    if (i == 0)
      assert_int_equal(awsmap__buf_put(&want, log.ptr, log.len), AWSMAP_OK);
    else
      assert_string_equal(log.ptr, want.ptr);
    awsmap__buf_dispose(&log);
  }
  /* the CDATA text was a's before <b/>: the end of b cleared it */
  assert_int_equal(strlen(want.ptr), big + 33);
  assert_non_null(strstr(want.ptr, "+a@0\n+b@1\n-b@1=0:\n-a@0=1048577:Attt"));
  awsmap__buf_dispose(&want);
  awsmap__buf_dispose(&doc);
}

static char *nested(int depth, const char *leaf) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  for (int i = 0; i < depth; i++)
    assert_int_equal(awsmap__buf_puts(&b, "<x>"), AWSMAP_OK);
  assert_int_equal(awsmap__buf_puts(&b, leaf), AWSMAP_OK);
  for (int i = 0; i < depth; i++)
    assert_int_equal(awsmap__buf_puts(&b, "</x>"), AWSMAP_OK);
  return awsmap__buf_detach(&b);
}

/* 256 open elements are accepted, the 257th is refused; an empty element counts. */
static void nesting_cap_is_exact(void **state) {
  static const struct {
    int depth;
    const char *leaf;
    awsmap_status want;
  } cases[] = {
      {AWSMAP__XML_MAX_DEPTH, "v", AWSMAP_OK},
      {AWSMAP__XML_MAX_DEPTH - 1, "<y/>", AWSMAP_OK},
      {AWSMAP__XML_MAX_DEPTH - 1, "<y a='1'/>", AWSMAP_OK},
      {AWSMAP__XML_MAX_DEPTH + 1, "v", AWSMAP_ERR_PARSE},
      {AWSMAP__XML_MAX_DEPTH, "<y/>", AWSMAP_ERR_PARSE},
      {AWSMAP__XML_MAX_DEPTH, "<p:y/>", AWSMAP_ERR_PARSE},
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cases); i++) {
    char *doc = nested(cases[i].depth, cases[i].leaf);
    for (size_t chunk = 1; chunk <= 5; chunk += 4) {
      awsmap__buf log = AWSMAP__BUF_INIT;
      awsmap_status st = parse(doc, strlen(doc), chunk, 0, &log);
      if (st != cases[i].want)
        fail_msg("case %zu: %s", i, awsmap_status_name(st));
      if (st != AWSMAP_OK) {
        assert_non_null(
            strstr(awsmap_error_message(awsmap_error_last()), "nesting deeper than 256 levels"));
        assert_null(strstr(log.ptr, "@256\n"));
      } else {
        assert_non_null(strstr(log.ptr, "@255\n"));
      }
      awsmap__buf_dispose(&log);
    }
    awsmap__free(doc);
  }
}

static void byte_cap_is_exact_and_sticky(void **state) {
  const char *doc = "<a>0123456789</a>"; /* 17 bytes */
  for (size_t chunk = 1; chunk <= 17; chunk++) {
    awsmap__buf log = AWSMAP__BUF_INIT;
    assert_int_equal(parse(doc, 17, chunk, 17, &log), AWSMAP_OK);
    assert_int_equal(parse(doc, 17, chunk, 16, &log), AWSMAP_ERR_TOO_LARGE);
    assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "16-byte limit"));
    awsmap__buf_dispose(&log);
  }
  awsmap__buf log = AWSMAP__BUF_INIT;
  awsmap__xml_parser *p = awsmap__xml_parser_new(&xml_events_sized, &log, 4);
  assert_int_equal(awsmap__xml_parser_feed(p, "<a>", 3), AWSMAP_OK);
  assert_int_equal(awsmap__xml_parser_feed(p, "x</a>", 5), AWSMAP_ERR_TOO_LARGE);
  assert_int_equal(awsmap__xml_parser_feed(p, "", 0), AWSMAP_ERR_TOO_LARGE);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_ERR_TOO_LARGE);
  awsmap__xml_parser_free(p);
  assert_string_equal(log.ptr, "+a@0\n");
  awsmap__buf_dispose(&log);
}

/* Entity bombs and external entities: refused at the DOCTYPE, before any element. */
static void hostile_dtds_are_refused_in_any_split(void **state) {
  awsmap__buf bomb = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__buf_puts(&bomb, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                                           " <!ENTITY lol \"lol\">\n"),
                   AWSMAP_OK);
  for (int i = 1; i <= 9; i++) {
    assert_int_equal(awsmap__buf_printf(&bomb, " <!ENTITY lol%d \"", i), AWSMAP_OK);
    for (int j = 0; j < 10; j++)
      assert_int_equal(awsmap__buf_printf(&bomb, "&lol%.0d;", i - 1), AWSMAP_OK);
    assert_int_equal(awsmap__buf_puts(&bomb, "\">\n"), AWSMAP_OK);
  }
  assert_int_equal(awsmap__buf_puts(&bomb, "]>\n<lolz>&lol9;</lolz>"), AWSMAP_OK);
  const char *docs[] = {
      bomb.ptr,
      "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
      "<!DOCTYPE a [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x\"> %p;]><a/>",
      "<!DOCTYPE a SYSTEM \"http://127.0.0.1:1/x.dtd\"><a>&x;</a>",
      "<!DOCTYPE a PUBLIC \"-//x//y\" \"x.dtd\"><a/>",
      "\xEF\xBB\xBF<!-- c --><!DOCTYPE a><a/>",
      "<a>&x;</a>", /* nothing is declared, ever */
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(docs); i++)
    for (size_t chunk = 1; chunk <= strlen(docs[i]); chunk += (chunk < 12 ? 1 : 29)) {
      awsmap__buf log = AWSMAP__BUF_INIT;
      assert_int_equal(parse(docs[i], strlen(docs[i]), chunk, 0, &log), AWSMAP_ERR_PARSE);
      const char *msg = awsmap_error_message(awsmap_error_last());
      assert_true(strstr(msg, "DOCTYPE refused") || strstr(msg, "undefined entity '&x;'"));
      assert_null(strstr(awsmap__buf_cstr(&log), "lol"));
      assert_null(strstr(awsmap__buf_cstr(&log), "root:"));
      awsmap__buf_dispose(&log);
    }
  awsmap__buf_dispose(&bomb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_chunk_size_gives_the_same_events),
      cmocka_unit_test(every_two_cuts_give_the_same_events),
      cmocka_unit_test(truncation_at_every_byte_is_refused),
      cmocka_unit_test(split_tokens_and_line_ends),
      cmocka_unit_test(byte_order_marks),
      cmocka_unit_test(large_tokens_over_many_feeds),
      cmocka_unit_test(nesting_cap_is_exact),
      cmocka_unit_test(byte_cap_is_exact_and_sticky),
      cmocka_unit_test(hostile_dtds_are_refused_in_any_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
