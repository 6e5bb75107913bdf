/* Differential fuzz target: the XML tokenizer against libxml2 (the test-only
 * oracle of tests/unit/xml). The first byte picks the chunk size the tokenizer
 * is fed with; the rest is the document. On any input the two must agree on
 * acceptance and, when they accept, on every event and its text, except where
 * they differ by design (oracle_libxml2.h). A disagreement aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_libxml2.h"
#include "xml_events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void disagree(const char *what, const char *doc, size_t len, const awsmap__buf *a,
                     const awsmap__buf *b) {
  fprintf(stderr, "xml_diff: %s\ndocument (%zu bytes): ", what, len);
  fwrite(doc, 1, len, stderr);
  fprintf(stderr, "\n--- ours\n%s--- other\n%s", awsmap__buf_cstr(a), awsmap__buf_cstr(b));
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  size_t chunk = 1 + data[0] % 32 * (data[0] & 0x80 ? 61 : 1);
  const char *doc = (const char *)data + 1;
  size_t len = size - 1;
  awsmap__buf a = AWSMAP__BUF_INIT, b = AWSMAP__BUF_INIT, c = AWSMAP__BUF_INIT;
  awsmap_status sa = xml_events_parse(&xml_events_exact, doc, len, len ? len : 1, 0, &a);
  awsmap_status sc = xml_events_parse(&xml_events_exact, doc, len, chunk, 0, &c);
  if (sa != sc || (sa == AWSMAP_OK && strcmp(awsmap__buf_cstr(&a), awsmap__buf_cstr(&c)) != 0))
    disagree("whole and chunked differ", doc, len, &a, &c);
  bool doctype;
  awsmap_status sb = oracle_libxml2_parse(doc, len, 0, &xml_events_exact, &b, &doctype);
  if (doctype || oracle_refused_by_design(doc, len)) {
    if (sa == AWSMAP_OK)
      disagree("accepted a document refused by design", doc, len, &a, &b);
  } else {
    if ((sa == AWSMAP_OK) != (sb == AWSMAP_OK))
      disagree(sa == AWSMAP_OK ? "only ours accepts" : "only libxml2 accepts", doc, len, &a, &b);
    if (sa == AWSMAP_OK && !oracle_cr_in_cdata(doc, len) &&
        (a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0))
      disagree("events differ", doc, len, &a, &b);
  }
  awsmap__buf_dispose(&a);
  awsmap__buf_dispose(&b);
  awsmap__buf_dispose(&c);
  return 0;
}
