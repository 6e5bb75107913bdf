/* libxml2 as a reference parser for tests (see oracle_libxml2.h). */
#include "oracle_libxml2.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <string.h>

typedef struct oracle {
  xmlParserCtxtPtr ctxt;
  const awsmap__xml_handler *h;
  void *ctx;
  int depth;
  bool started, doctype;
  awsmap_status status;
  awsmap__buf text;
} oracle;

static void stop(oracle *o, awsmap_status st) {
  if (o->status == AWSMAP_OK)
    o->status = st;
  xmlStopParser(o->ctxt);
}

static void on_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes) {
  oracle *o = ud;
  if (o->status != AWSMAP_OK)
    return;
  o->started = true;
  if (o->depth >= AWSMAP__XML_MAX_DEPTH) {
    stop(o, AWSMAP_ERR_PARSE);
    return;
  }
  awsmap__buf_clear(&o->text);
  if (o->h->start) {
    awsmap_status st =
        o->h->start(o->ctx, o->depth, (const char *)localname, strlen((const char *)localname));
    if (st != AWSMAP_OK) {
      stop(o, st);
      return;
    }
  }
  o->depth++;
}

static void on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
  oracle *o = ud;
  if (o->status != AWSMAP_OK)
    return;
  o->depth--;
  if (o->h->end) {
    awsmap_status st =
        o->h->end(o->ctx, o->depth, (const char *)localname, strlen((const char *)localname),
                  awsmap__buf_cstr(&o->text), o->text.len);
    if (st != AWSMAP_OK) {
      stop(o, st);
      return;
    }
  }
  awsmap__buf_clear(&o->text);
}

static void on_text(void *ud, const xmlChar *ch, int len) {
  oracle *o = ud;
  if (o->status == AWSMAP_OK && awsmap__buf_put(&o->text, ch, (size_t)len) != AWSMAP_OK)
    stop(o, AWSMAP_ERR_NOMEM);
}

static xmlEntityPtr on_get_entity(void *ud, const xmlChar *name) {
  return xmlGetPredefinedEntity(name);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {}

static void on_reference(void *ud, const xmlChar *name) { stop(ud, AWSMAP_ERR_PARSE); }

static void on_error(void *ud, xmlErrorPtr err) {}

/* Only noted: nothing of the DTD is kept or loaded (externalSubset stays NULL). */
static void on_internal_subset(void *ud, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id) {
  ((oracle *)ud)->doctype = true;
}

awsmap_status oracle_libxml2_parse(const char *doc, size_t len, size_t chunk,
                                   const awsmap__xml_handler *h, void *ctx, bool *doctype) {
  oracle o = {.h = h, .ctx = ctx};
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
  sax.internalSubset = on_internal_subset;
  o.ctxt = xmlCreatePushParserCtxt(&sax, &o, NULL, 0, NULL);
  if (!o.ctxt)
    return AWSMAP_ERR_NOMEM;
  xmlCtxtUseOptions(o.ctxt, XML_PARSE_NONET);
  if (!chunk)
    chunk = len ? len : 1;
  for (size_t off = 0; off < len && o.status == AWSMAP_OK && o.ctxt->wellFormed; off += chunk)
    xmlParseChunk(o.ctxt, doc + off, (int)(len - off < chunk ? len - off : chunk), 0);
  if (o.status == AWSMAP_OK && o.ctxt->wellFormed)
    xmlParseChunk(o.ctxt, NULL, 0, 1);
  awsmap_status st = o.status;
  if (st == AWSMAP_OK && (!o.ctxt->wellFormed || !o.started || o.depth != 0))
    st = AWSMAP_ERR_PARSE;
  if (doctype)
    *doctype = o.doctype;
  if (o.ctxt->myDoc)
    xmlFreeDoc(o.ctxt->myDoc);
  xmlFreeParserCtxt(o.ctxt);
  awsmap__buf_dispose(&o.text);
  return st;
}

/* ---- known differences (see oracle_libxml2.h) -------------------------- */

static bool icase_eq(const char *a, size_t n, const char *b) {
  if (strlen(b) != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (awsmap__tolower(a[i]) != b[i])
      return false;
  return true;
}

bool oracle_refused_by_design(const char *doc, size_t len) {
  size_t at = len >= 3 && memcmp(doc, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  if (len - at < 6 || memcmp(doc + at, "<?xml", 5) != 0 || !strchr(" \t\r\n", doc[at + 5]))
    return false; /* no XML declaration: "<?xml-..." is a processing instruction */
  const char *end = memmem(doc + at, len - at, "?>", 2);
  const char *enc = end ? memmem(doc + at, (size_t)(end - doc - at), "encoding", 8) : NULL;
  if (!enc)
    return false;
  const char *q = enc + 8;
  while (q < end && (*q == ' ' || *q == '=' || *q == '\t' || *q == '\n' || *q == '\r'))
    q++;
  if (q >= end || (*q != '"' && *q != '\''))
    return false;
  const char *v = q + 1, *close = memchr(v, *q, (size_t)(end - v));
  if (!close)
    return false;
  size_t n = (size_t)(close - v);
  bool glued = close + 1 < end && !strchr(" \t\r\n", close[1]);
  if (icase_eq(v, n, "us-ascii"))
    for (const char *c = end; c < doc + len; c++)
      if ((unsigned char)*c >= 0x80)
        return true;
  return glued || (!icase_eq(v, n, "utf-8") && !icase_eq(v, n, "us-ascii"));
}

bool oracle_cr_in_cdata(const char *doc, size_t len) {
  const char *end = doc + len, *s = doc;
  while ((s = memmem(s, (size_t)(end - s), "<![CDATA[", 9)) != NULL) {
    const char *close = memmem(s, (size_t)(end - s), "]]>", 3);
    if (memchr(s, '\r', (size_t)((close ? close : end) - s)))
      return true;
    if (!close)
      break;
    s = close;
  }
  return false;
}
