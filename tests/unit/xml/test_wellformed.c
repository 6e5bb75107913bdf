/* Well-formedness: each class of malformed document is refused with
 * AWSMAP_ERR_PARSE and a message naming the line and column; the valid forms
 * of the same constructs are read with the events they should give. */
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
  return xml_events_parse(&xml_events_readable, doc, len, chunk, cap, log);
}


typedef struct bad {
  const char *doc;
  size_t len; /* 0: strlen(doc) */
  const char *says;
} bad;

static const bad malformed[] = {
    /* tags */
    {"<a><b></c></a>", 0, "end tag 'c' does not match start tag 'b'"},
    {"<p:a></q:a>", 0, "does not match"},
    {"<a></A>", 0, "does not match"},
    {"<a></ab>", 0, "does not match"},
    {"<ab></a>", 0, "does not match"},
    {"<a></a x>", 0, "'>' expected"},
    {"<a/ >", 0, "'>' expected after '/'"},
    {"< a/>", 0, "element name expected"},
    {"<1a/>", 0, "element name expected"},
    {"<a><-b/></a>", 0, "element name expected"},
    {"<a></a><b/>", 0, "extra content at the end of the document"},
    {"<a/>text", 0, "extra content"},
    {"<a/></a>", 0, "extra content"},
    {"text<a/>", 0, "start tag expected"},
    {"</a>", 0, "start tag expected"},
    /* attributes */
    {"<a b/>", 0, "'=' expected"},
    {"<a b=c/>", 0, "quoted attribute value expected"},
    {"<a b='<'/>", 0, "'<' in an attribute value"},
    {"<a b='1'c='2'/>", 0, "white space, '>' or '/>' expected"},
    {"<a b='1\"/>", 0, "truncated"},
    {"<a b='&x;'/>", 0, "undefined entity '&x;'"},
    {"<a b='&#0;'/>", 0, "not an XML character"},
    {"<a 1b='x'/>", 0, "attribute name expected"},
    {"<a b='\x01'/>", 0, "invalid character 0x01"},
    /* the XML declaration */
    {" <?xml version=\"1.0\"?><a/>", 0, "XML declaration allowed only at the start"},
    {"<a/><?xml version=\"1.0\"?>", 0, "XML declaration allowed only at the start"},
    {"<a><?xml version=\"1.0\"?></a>", 0, "XML declaration allowed only at the start"},
    {"<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>", 0, "allowed only at the start"},
    {"<?XML version=\"1.0\"?><a/>", 0, "reserved processing instruction target"},
    {"<?xml version=\"2.0\"?><a/>", 0, "unsupported XML version '2.0'"},
    {"<?xml version=1.0?><a/>", 0, "without a quoted version"},
    {"<?xml encoding=\"UTF-8\"?><a/>", 0, "without a quoted version"},
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 0,
     "encoding 'ISO-8859-1' is not supported (only UTF-8)"},
    {"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", 0, "encoding 'UTF-16' is not supported"},
    {"<?xml version=\"1.0\" encoding=\"UTF8\"?><a/>", 0, "is not supported"},
    {"<?xml version=\"1.0\" encoding=\"-x\"?><a/>", 0, "malformed encoding name"},
    {"<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", 0, "standalone must be"},
    {"<?xml version=\"1.0\" encoding=\"UTF-8\"standalone=\"yes\"?><a/>", 0,
     "malformed XML declaration"},
    {"<?xml version=\"1.0\" foo=\"bar\"?><a/>", 0, "malformed XML declaration"},
    {"<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>\xC3\xA9</a>", 0,
     "byte 0xC3 in a document declared US-ASCII"},
    /* comments and PIs */
    {"<a><!-- a -- b --></a>", 0, "'--' inside a comment"},
    {"<a><!-- x ---></a>", 0, "'--' inside a comment"},
    {"<a><!- x --></a>", 0, "unexpected markup"},
    {"<!-- \x01 --><a/>", 0, "invalid character 0x01 in a comment"},
    {"<?pi?x?><a/>", 0, "white space expected after the processing instruction target"},
    {"<? pi?><a/>", 0, "processing instruction target expected"},
    {"<a><?pi \x02?></a>", 0, "invalid character 0x02 in a processing instruction"},
    /* CDATA */
    {"<![CDATA[x]]><a/>", 0, "unexpected markup"},
    {"<a/><![CDATA[x]]>", 0, "unexpected markup"},
    {"<a><![CDATA[\x01]]></a>", 0, "invalid character 0x01 in a CDATA section"},
    {"<a><![cdata[x]]></a>", 0, "unexpected markup"},
    /* character data */
    {"<a>]]></a>", 0, "']]>' is not allowed in character data"},
    {"<a>x]]>y</a>", 0, "']]>' is not allowed"},
    {"<a>\x01</a>", 0, "invalid character 0x01 in character data"},
    {"<a>\x1F</a>", 0, "invalid character 0x1F"},
    {"<a>\0</a>", 8, "invalid character 0x00"},
    {"<a>\x0B</a>", 0, "invalid character 0x0B"},
    /* UTF-8 */
    {"<a>\xC3</a>", 0, "invalid UTF-8 byte 0xC3"},
    {"<a>\xC0\x80</a>", 0, "invalid UTF-8"},         /* overlong NUL */
    {"<a>\xE0\x80\xAF</a>", 0, "invalid UTF-8"},     /* overlong '/' */
    {"<a>\xED\xA0\x80</a>", 0, "invalid UTF-8"},     /* a surrogate */
    {"<a>\xF4\x90\x80\x80</a>", 0, "invalid UTF-8"}, /* past U+10FFFF */
    {"<a>\xFF</a>", 0, "invalid UTF-8 byte 0xFF"},
    {"<a>\x80</a>", 0, "invalid UTF-8 byte 0x80"},
    {"<a>\xEF\xBF\xBE</a>", 0, "U+FFFE is not allowed"},
    {"<a>\xEF\xBF\xBF</a>", 0, "U+FFFF is not allowed"},
    {"<\xC3\xA9\xC3></\xC3\xA9\xC3>", 0, "invalid UTF-8"},
    {"<a\xC2\xA0/>", 0, "white space, '>' or '/>' expected"}, /* U+00A0 is no name char */
    /* references */
    {"<a>&foo;</a>", 0, "undefined entity '&foo;'"},
    {"<a>&lt</a>", 0, "';' expected after entity name"},
    {"<a>& b</a>", 0, "entity name after '&' expected"},
    {"<a>&#;</a>", 0, "malformed character reference"},
    {"<a>&#x;</a>", 0, "malformed character reference"},
    {"<a>&#X41;</a>", 0, "malformed character reference"},
    {"<a>&#65</a>", 0, "malformed character reference"},
    {"<a>&#0;</a>", 0, "&#0; is not an XML character"},
    {"<a>&#x1;</a>", 0, "not an XML character"},
    {"<a>&#xD800;</a>", 0, "&#xD800; is not an XML character"},
    {"<a>&#xDFFF;</a>", 0, "not an XML character"},
    {"<a>&#xFFFE;</a>", 0, "not an XML character"},
    {"<a>&#x110000;</a>", 0, "not an XML character"},
    {"<a>&#99999999999999999999;</a>", 0, "not an XML character"},
    /* DTDs */
    {"<!DOCTYPE a><a/>", 0, "DOCTYPE refused"},
    {"<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"x.dtd\"><a/>", 0, "DOCTYPE refused"},
    {"<a><!DOCTYPE a></a>", 0, "unexpected markup"},
    {"<a/><!DOCTYPE a>", 0, "DOCTYPE refused"},
    /* truncated and empty */
    {"", 0, "document empty"},
    {"  \n ", 0, "document empty"},
    {"<?xml version=\"1.0\"?>", 0, "document empty"},
    {"<!-- only a comment -->", 0, "document empty"},
    {"<a>", 0, "document truncated"},
    {"<a><b/>", 0, "document truncated"},
    {"<a", 0, "document truncated"},
    {"<a/><!-- x", 0, "document truncated"},
    {"\xEF\xBB", 0, "document truncated"},
};

static void malformed_documents_are_refused_with_a_position(void **state) {
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(malformed); i++) {
    const bad *c = &malformed[i];
    size_t len = c->len ? c->len : strlen(c->doc);
    for (size_t chunk = 0; chunk <= 3; chunk += 3) { /* at once, and in pieces */
      awsmap__buf log = AWSMAP__BUF_INIT;
      awsmap_status st = parse(c->doc, len, chunk, 0, &log);
      const char *msg = awsmap_error_message(awsmap_error_last());
      if (st != AWSMAP_ERR_PARSE || !strstr(msg, c->says) ||
          !strstr(msg, "XML parse error at line ") || !strstr(msg, ", column "))
        fail_msg("case %zu (\"%s\", chunk %zu): %s \"%s\", expected \"%s\"", i, c->doc, chunk,
                 awsmap_status_name(st), msg, c->says);
      awsmap__buf_dispose(&log);
    }
  }
}

/* The message points at the fault, counting LF, CR LF and lone CR as line ends. */
static void positions_are_exact(void **state) {
  static const struct {
    const char *doc, *msg;
  } cases[] = {
      {"<a>\n  <b>\n   &bogus;</b></a>",
       "XML parse error at line 3, column 4: undefined entity '&bogus;' (only the five "
       "predefined ones exist)"},
      {"<a>\r\n\r\n<b></c></a>", "XML parse error at line 3, column 4: end tag 'c' does not match "
                                 "start tag 'b'"},
      {"<a>\r\r<b></c></a>", "XML parse error at line 3, column 4:"},
      {"<a>\n<b/>\n<c x='1'y='2'/></a>", "XML parse error at line 3, column 9:"},
      {"<a/>\n\n  x", "XML parse error at line 3, column 3: extra content"},
      {"<a/>\r\rx", "XML parse error at line 3, column 1: extra content"},
      {"<a/>\r\n\r\nx", "XML parse error at line 3, column 1: extra content"},
      {"<a>\xC3\xA9\xC3\xA9\x01</a>", "XML parse error at line 1, column 8:"},
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cases); i++)
    for (size_t chunk = 0; chunk <= 5; chunk++) {
      awsmap__buf log = AWSMAP__BUF_INIT;
      assert_int_equal(parse(cases[i].doc, strlen(cases[i].doc), chunk, 0, &log), AWSMAP_ERR_PARSE);
      const char *msg = awsmap_error_message(awsmap_error_last());
      if (strncmp(msg, cases[i].msg, strlen(cases[i].msg)) != 0)
        fail_msg("case %zu, chunk %zu: \"%s\"", i, chunk, msg);
      awsmap__buf_dispose(&log);
    }
}

typedef struct good {
  const char *doc, *events;
} good;

static const good valid[] = {
    {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>x</a>", "+a@0\n-a@0=x\n"},
    {"<?xml version='1.1' encoding='us-ascii' standalone='no' ?>\n<a/>", "+a@0\n-a@0=\n"},
    {"<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", "+a@0\n-a@0=\n"},
    {"<?xml  version = \"1.0\"  standalone = \"yes\"?><a/>", "+a@0\n-a@0=\n"},
    {"<?xml-stylesheet href='x'?><a/>", "+a@0\n-a@0=\n"},
    /* comments and PIs do not split or clear the text */
    {"<a>x<!-- c -->y<?p q?>z<!---->w</a>", "+a@0\n-a@0=xyzw\n"},
    {"<!-- before --><?pi?>\n<a/>\n<!-- after --> <?pi x?>\n", "+a@0\n-a@0=\n"},
    /* the text is the element's own, since the last start or end */
    {"<a>1<b>2</b>3<c/>4</a>", "+a@0\n+b@1\n-b@1=2\n+c@1\n-c@1=\n-a@0=4\n"},
    /* references */
    {"<a>&lt;&gt;&amp;&apos;&quot;</a>", "+a@0\n-a@0=<>&'\"\n"},
    {"<a>&#65;&#x42;&#0067;&#xe9;&#x20AC;&#x1F600;&#x10FFFF;</a>",
     "+a@0\n-a@0=ABC\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\n"},
    {"<a>&#13;&#10;&#9;</a>", "+a@0\n-a@0=\r\n\t\n"},
    /* CDATA is text, markup in it is not */
    {"<a><![CDATA[<b>&amp;]]]]><![CDATA[]]>x</a>", "+a@0\n-a@0=<b>&amp;]]x\n"},
    /* line ends read as LF; character references keep CR */
    {"<a>1\r\n2\r3\n4\r\n\r\n</a>", "+a@0\n-a@0=1\n2\n3\n4\n\n\n"},
    {"<a><![CDATA[1\r\n2\r3]]></a>", "+a@0\n-a@0=1\n2\n3\n"},
    /* white space is kept */
    {"<a>  \t x \n</a>", "+a@0\n-a@0=  \t x \n\n"},
    /* attributes: checked, not reported */
    {"<a b='>' c=\"'\" d='&amp;&#x41;' e\n=\n'\xC3\xA9' f=\"\"/>", "+a@0\n-a@0=\n"},
    {"<a\tb='1'\r\nc='2'\n/>", "+a@0\n-a@0=\n"},
    /* names: local names, prefixes stripped; end tags compared in full */
    {"<p:a xmlns:p='u'><q:b>x</q:b></p:a >", "+a@0\n+b@1\n-b@1=x\n-a@0=\n"},
    {"<\xC3\xA9l\xC3\xA9ment>v</\xC3\xA9l\xC3\xA9ment>",
     "+\xC3\xA9l\xC3\xA9ment@0\n-\xC3\xA9l\xC3\xA9ment@0=v\n"},
    {"<a.b-c_d1/>", "+a.b-c_d1@0\n-a.b-c_d1@0=\n"},
    {"<_:x/>", "+x@0\n-x@0=\n"},
    /* characters: ']' and ']]' without '>', U+0085, U+FFFD, DEL */
    {"<a>] ]] a]b \xC2\x85\xEF\xBF\xBD\x7F</a>", "+a@0\n-a@0=] ]] a]b \xC2\x85\xEF\xBF\xBD\x7F\n"},
    {"<a>1 > 0</a>", "+a@0\n-a@0=1 > 0\n"},
};

static void valid_documents_give_their_events(void **state) {
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(valid); i++) {
    size_t len = strlen(valid[i].doc);
    for (size_t chunk = 0; chunk <= len; chunk++) {
      awsmap__buf log = AWSMAP__BUF_INIT;
      awsmap_status st = parse(valid[i].doc, len, chunk, 0, &log);
      if (st != AWSMAP_OK || strcmp(awsmap__buf_cstr(&log), valid[i].events) != 0)
        fail_msg("case %zu chunk %zu: %s %s\ngot:\n%s", i, chunk, awsmap_status_name(st),
                 st ? awsmap_error_message(awsmap_error_last()) : "", awsmap__buf_cstr(&log));
      awsmap__buf_dispose(&log);
    }
  }
}

/* After a failure every call returns the same status; feed after finish is a misuse. */
static void errors_are_sticky(void **state) {
  awsmap__buf log = AWSMAP__BUF_INIT;
  awsmap__xml_parser *p = awsmap__xml_parser_new(&xml_events_readable, &log, 0);
  assert_int_equal(awsmap__xml_parser_feed(p, "<a></b>", 7), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__xml_parser_feed(p, "</a>", 4), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_ERR_PARSE);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_ERR_PARSE);
  awsmap__xml_parser_free(p);

  p = awsmap__xml_parser_new(&xml_events_readable, &log, 0);
  assert_int_equal(awsmap__xml_parser_feed(p, "<a/>", 4), AWSMAP_OK);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_OK);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_OK);
  assert_int_equal(awsmap__xml_parser_feed(p, " ", 1), AWSMAP_ERR_INTERNAL);
  awsmap__xml_parser_free(p);

  assert_int_equal(awsmap__xml_parser_feed(NULL, "x", 1), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap__xml_parser_finish(NULL), AWSMAP_ERR_INVALID_ARG);
  p = awsmap__xml_parser_new(NULL, NULL, 0); /* no handler at all */
  assert_int_equal(awsmap__xml_parser_feed(p, "<a><b/>x</a>", 12), AWSMAP_OK);
  assert_int_equal(awsmap__xml_parser_finish(p), AWSMAP_OK);
  awsmap__xml_parser_free(p);
  awsmap__buf_dispose(&log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(malformed_documents_are_refused_with_a_position),
      cmocka_unit_test(positions_are_exact),
      cmocka_unit_test(valid_documents_give_their_events),
      cmocka_unit_test(errors_are_sticky),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
