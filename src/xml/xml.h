/*
 * xml: a streaming XML tokenizer of our own (parser.c), written for the XML
 * subset AWS APIs speak and fed in arbitrary chunks. Internal.
 *
 * It checks well-formedness (XML 1.0: matching end tags, one root, attribute
 * syntax, comments, PIs, CDATA, character and UTF-8 validity, the XML
 * declaration) and reports elements only: attribute values are checked, not
 * reported. Only UTF-8 (or US-ASCII) input is read; a BOM is skipped; CR LF
 * and lone CR in character data read as LF. A DOCTYPE is refused, so nothing
 * can ever be declared, loaded or expanded (no XXE, no billion laughs, by
 * construction): references are the five predefined entities and character
 * references, anything else is a parse error. No network code at all. A byte
 * cap bounds each document. Element names are local names (namespace prefix
 * stripped). Parse errors name the line and column (in bytes).
 */
#ifndef AWSMAP_XML_H
#define AWSMAP_XML_H

#include "core/core.h"

typedef struct awsmap__xml_parser awsmap__xml_parser;

/* Deepest element nesting accepted (the root is level 1). AWS responses nest
 * fewer than 20 levels; a deeper document is refused with AWSMAP_ERR_PARSE
 * instead of costing memory per level. */
#define AWSMAP__XML_MAX_DEPTH 256

typedef struct awsmap__xml_handler {
  /* root has depth 0; a non-OK return stops the parse and is returned by feed/finish */
  awsmap_status (*start)(void *ctx, int depth, const char *name, size_t name_len);
  /* text is the element's own character data (entities like &amp; decoded),
   * meaningful for leaves; NUL-terminated, borrowed for the call */
  awsmap_status (*end)(void *ctx, int depth, const char *name, size_t name_len, const char *text,
                       size_t text_len);
} awsmap__xml_handler;

/* max_bytes = 0 means no cap. Returns NULL when out of memory. Either callback may be NULL. */
awsmap__xml_parser *awsmap__xml_parser_new(const awsmap__xml_handler *h, void *ctx,
                                           size_t max_bytes);
/* AWSMAP_ERR_PARSE (with line/column) on malformed input, AWSMAP_ERR_TOO_LARGE past the cap,
 * or whatever a callback returned. After a failure every further call returns the same status. */
awsmap_status awsmap__xml_parser_feed(awsmap__xml_parser *p, const char *data, size_t len);
/* AWSMAP_ERR_PARSE on truncated/malformed documents. */
awsmap_status awsmap__xml_parser_finish(awsmap__xml_parser *p);
/* Accepts NULL. Zeroes the text buffer (leaves may have held secrets). */
void awsmap__xml_parser_free(awsmap__xml_parser *p);

/* Small documents: the text of the first element at each '/'-separated path below the root,
 * e.g. "AssumeRoleResult/Credentials/AccessKeyId". values[i] receives it (left empty when
 * absent); values must be n initialised buffers. */
awsmap_status awsmap__xml_extract(const char *doc, size_t len, const char *const *paths, size_t n,
                                  awsmap__buf *values);

/* AWS error bodies of every XML protocol (EC2 <Response><Errors><Error>, query
 * <ErrorResponse><Error>, S3 <Error>): Code, Message and RequestId/RequestID (any of them may
 * be left empty). Fields found before a syntax error are kept; the status is then
 * AWSMAP_ERR_PARSE. Any out-parameter may be NULL. */
awsmap_status awsmap__xml_parse_error(const char *doc, size_t len, awsmap__buf *code,
                                      awsmap__buf *message, awsmap__buf *request_id);

#endif /* AWSMAP_XML_H */
