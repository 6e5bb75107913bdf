/* The XML tokenizer's events as text, for tests that compare runs: one line
 * per event. Shared by the xml unit tests and the differential fuzz target. */
#ifndef AWSMAP_TEST_XML_EVENTS_H
#define AWSMAP_TEST_XML_EVENTS_H

#include "xml/xml.h"

/* "+name@depth" and "-name@depth=text": easy to write expectations in. */
extern const awsmap__xml_handler xml_events_readable;
/* The same with the text's length: "-name@depth=len:text". */
extern const awsmap__xml_handler xml_events_sized;
/* "+depth len:name" and "-depth len:name len:text": unambiguous for any text,
 * the format oracle_libxml2.c writes too. */
extern const awsmap__xml_handler xml_events_exact;

/* Parses len bytes of doc with handler h (its ctx: the handlers above log into
 * an awsmap__buf), fed in `chunk`-byte pieces (0: all at once), under a byte
 * cap (0: none), then finishes. The first failure's status, or
 * AWSMAP_ERR_INTERNAL when an end event's text was not NUL-terminated. */
awsmap_status xml_events_parse(const awsmap__xml_handler *h, const char *doc, size_t len,
                               size_t chunk, size_t cap, void *ctx);

/* A whole file (NUL-terminated, free with awsmap__free), or NULL when it
 * cannot be read. */
char *xml_read_file(const char *path, size_t *len);

#endif
