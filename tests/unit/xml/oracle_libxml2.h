/* The parser libawsmap used before its own tokenizer: libxml2's SAX2 push
 * API wired exactly as src/xml/parser.c once did (NONET, no entity
 * substitution, DTD events inert). TEST-ONLY: the differential test and
 * fuzz target compare the tokenizer against it. */
#ifndef AWSMAP_TEST_ORACLE_LIBXML2_H
#define AWSMAP_TEST_ORACLE_LIBXML2_H

#include "xml/xml.h"

/* Parses the whole document, feeding it in `chunk`-byte pieces (0 = at once),
 * and calls h like awsmap__xml_parser does. Returns AWSMAP_OK when libxml2
 * found the document well-formed and every callback succeeded. *doctype (may
 * be NULL) tells whether libxml2 met a DOCTYPE declaration, which it reads
 * (inertly) and the tokenizer refuses. */
awsmap_status oracle_libxml2_parse(const char *doc, size_t len, size_t chunk,
                                   const awsmap__xml_handler *h, void *ctx, bool *doctype);

/* Where the two parsers differ by design, so that only our refusal is checked
 * (besides a DOCTYPE, which oracle_libxml2_parse reports): an XML declaration naming
 * an encoding other than UTF-8 or US-ASCII; one with no white space after the
 * encoding (XML 1.0 [23] requires it, libxml2 2.9 skips the check for UTF-8);
 * a document declared US-ASCII that holds other bytes (libxml2 2.9 stops
 * decoding at the first one and may then accept the document). */
bool oracle_refused_by_design(const char *doc, size_t len);

/* libxml2 2.9 passes CR bytes inside CDATA sections through, while XML 1.0
 * (2.11) and the tokenizer read CR LF and lone CR as LF everywhere: for such
 * documents only acceptance can be compared, not the text. */
bool oracle_cr_in_cdata(const char *doc, size_t len);

#endif
