/* The streaming parser: libxml2's SAX2 push API with a hand-built handler.
 * Only element and text events are wired; DTD events are left NULL or made
 * inert, so nothing is ever loaded, declared or expanded. */
#include "xml/xml.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <string.h>

struct awsmap__xml_parser {
  xmlParserCtxtPtr ctxt;
  awsmap__xml_handler h;
  void *ctx;
  size_t max_bytes, fed;
  int depth;
  uint32_t name_len[AWSMAP__XML_MAX_DEPTH]; /* per open element: its name's length, for the end tag */
  bool started, finished;
  awsmap_status status; /* sticky: the first failure */
  awsmap__buf text;     /* character data of the element being read */
  /* first libxml2 error, reported with its position */
  int err_line, err_col;
  char err_msg[160];
};

/* Records the first failure and stops libxml2 from emitting further events. */
static void fail(awsmap__xml_parser *p, awsmap_status st) {
  if (p->status == AWSMAP_OK)
    p->status = st;
  xmlStopParser(p->ctxt);
}

static void on_start(void *ud, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
  awsmap__xml_parser *p = ud;
  if (p->status != AWSMAP_OK)
    return;
  p->started = true;
  if (p->depth >= AWSMAP__XML_MAX_DEPTH) {
    /* libxml2 keeps state per open element; stop before a deep document costs memory */
    awsmap__error_set(AWSMAP_ERR_PARSE, "xml",
                      "XML parse error at line %d: nesting deeper than %d levels",
                      xmlSAX2GetLineNumber(p->ctxt), AWSMAP__XML_MAX_DEPTH);
    fail(p, AWSMAP_ERR_PARSE);
    return;
  }
  awsmap__buf_clear(&p->text);
  const char *name = (const char *)localname;
  size_t len = strlen(name);
  if ((size_t)p->depth < AWSMAP__ARRAY_LEN(p->name_len))
    p->name_len[p->depth] = (uint32_t)len;
  if (p->h.start) {
    awsmap_status st = p->h.start(p->ctx, p->depth, name, len);
    if (st != AWSMAP_OK) {
      fail(p, st);
      return;
    }
  }
  p->depth++;
}

static void on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
  awsmap__xml_parser *p = ud;
  if (p->status != AWSMAP_OK)
    return;
  p->depth--;
  if (p->h.end) {
    const char *name = (const char *)localname;
    /* the end tag names the element its start did (libxml2 checks), so the
     * length measured then still holds */
    size_t len = (size_t)p->depth < AWSMAP__ARRAY_LEN(p->name_len) ? p->name_len[p->depth]
                                                                    : strlen(name);
    awsmap_status st = p->h.end(p->ctx, p->depth, name, len, awsmap__buf_cstr(&p->text),
                                p->text.len);
    if (st != AWSMAP_OK) {
      fail(p, st);
      return;
    }
  }
  awsmap__buf_clear(&p->text);
}

static void on_text(void *ud, const xmlChar *ch, int len) {
  awsmap__xml_parser *p = ud;
  if (p->status != AWSMAP_OK)
    return;
  awsmap__buf *t = &p->text;
  if (t->len + (size_t)len < t->cap) { /* the common case: no growth, no checks */
    memcpy(t->ptr + t->len, ch, (size_t)len);
    t->len += (size_t)len;
    t->ptr[t->len] = '\0';
  } else if (awsmap__buf_put(t, ch, (size_t)len) != AWSMAP_OK) {
    fail(p, awsmap__error_nomem("xml"));
  }
}

/* Only the predefined entities exist: declarations are never stored. */
static xmlEntityPtr on_get_entity(void *ud, const xmlChar *name) {
  return xmlGetPredefinedEntity(name);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {
  /* inert on purpose: see the file comment */
}

/* libxml2 calls this for a reference it only warns about (a document with an
 * external subset or parameter entities); refuse it like any other. */
static void on_reference(void *ud, const xmlChar *name) {
  awsmap__xml_parser *p = ud;
  if (p->status != AWSMAP_OK)
    return;
  awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "XML parse error at line %d: entity '&%s;' refused",
                    xmlSAX2GetLineNumber(p->ctxt), (const char *)name);
  fail(p, AWSMAP_ERR_PARSE);
}

static void on_error(void *ud, xmlErrorPtr err) {
  awsmap__xml_parser *p = ud;
  if (!err || err->level < XML_ERR_ERROR || p->err_msg[0])
    return;
  const char *msg = err->message ? err->message : "malformed document";
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    n--;
  if (n >= sizeof p->err_msg)
    n = sizeof p->err_msg - 1;
  memcpy(p->err_msg, msg, n);
  p->err_msg[n] = '\0';
  p->err_line = err->line;
  p->err_col = err->int2;
}

awsmap__xml_parser *awsmap__xml_parser_new(const awsmap__xml_handler *h, void *ctx,
                                           size_t max_bytes) {
  if (awsmap__global_ensure() != AWSMAP_OK)
    return NULL;
  awsmap__xml_parser *p = awsmap__calloc(1, sizeof *p);
  if (!p)
    return NULL;
  if (h)
    p->h = *h;
  p->ctx = ctx;
  p->max_bytes = max_bytes;

  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_text;
  sax.cdataBlock = on_text;
  sax.getEntity = on_get_entity;
  sax.entityDecl = on_entity_decl;
  sax.reference = on_reference;
  sax.serror = on_error;
  /* internalSubset/externalSubset/resolveEntity stay NULL: no DTD is read or fetched */
  p->ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, NULL);
  if (!p->ctxt) {
    awsmap__free(p);
    return NULL;
  }
  xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET);
  return p;
}

/* Turns libxml2's verdict on the bytes so far into a status. */
static awsmap_status check(awsmap__xml_parser *p) {
  if (p->status != AWSMAP_OK)
    return p->status;
  if (p->ctxt->wellFormed)
    return AWSMAP_OK;
  p->status = AWSMAP_ERR_PARSE;
  if (p->err_msg[0])
    return awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "XML parse error at line %d, column %d: %s",
                             p->err_line, p->err_col, p->err_msg);
  return awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "XML parse error at line %d",
                           xmlSAX2GetLineNumber(p->ctxt));
}

awsmap_status awsmap__xml_parser_feed(awsmap__xml_parser *p, const char *data, size_t len) {
  if (!p)
    return AWSMAP_ERR_INVALID_ARG;
  if (p->status != AWSMAP_OK)
    return p->status;
  if (p->finished)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "xml", "feed after finish");
  if (p->max_bytes && (len > p->max_bytes || p->fed > p->max_bytes - len)) {
    p->status = AWSMAP_ERR_TOO_LARGE;
    return awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "xml",
                             "XML document larger than the %zu-byte limit", p->max_bytes);
  }
  p->fed += len;
  while (len > 0) {
    int piece = len > (1u << 30) ? (1 << 30) : (int)len;
    xmlParseChunk(p->ctxt, data, piece, 0);
    awsmap_status st = check(p);
    if (st != AWSMAP_OK)
      return st;
    data += piece;
    len -= (size_t)piece;
  }
  return AWSMAP_OK;
}

awsmap_status awsmap__xml_parser_finish(awsmap__xml_parser *p) {
  if (!p)
    return AWSMAP_ERR_INVALID_ARG;
  if (p->status != AWSMAP_OK || p->finished)
    return p->status;
  p->finished = true;
  xmlParseChunk(p->ctxt, NULL, 0, 1);
  awsmap_status st = check(p);
  if (st != AWSMAP_OK)
    return st;
  if (!p->started || p->depth != 0) {
    p->status = AWSMAP_ERR_PARSE;
    return awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "XML document %s",
                             p->started ? "truncated" : "empty");
  }
  return AWSMAP_OK;
}

void awsmap__xml_parser_free(awsmap__xml_parser *p) {
  if (!p)
    return;
  if (p->ctxt) {
    /* libxml2 builds a stub document to hold external entity declarations
     * "for expat compatibility" even in SAX mode; it is never consulted
     * (on_get_entity ignores it) but must be freed */
    if (p->ctxt->myDoc)
      xmlFreeDoc(p->ctxt->myDoc);
    xmlFreeParserCtxt(p->ctxt);
  }
  awsmap__buf_dispose_secret(&p->text);
  awsmap__free(p);
}
