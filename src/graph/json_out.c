/* JSON export, schema version 1 (documented in include/awsmap/graph.h).
 * Written by hand rather than through cJSON: the order of every key and
 * element is fixed, so the same graph always gives the same bytes, and a
 * large graph streams into one buffer without a document tree. */
#include "graph/graph.h"

#include <string.h>

awsmap_status awsmap__graph_json_string(awsmap__buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  awsmap_status st = awsmap__buf_putc(b, '"');
  const char *run = s;
  for (const char *p = s; st == AWSMAP_OK; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
      continue;
    st = awsmap__buf_put(b, run, (size_t)(p - run));
    if (st != AWSMAP_OK || !c)
      break;
    char esc[7] = {'\\', 0};
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    default:
      memcpy(esc + 1, "u00", 3);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      break;
    }
    st = awsmap__buf_puts(b, esc);
    run = p + 1;
  }
  return st == AWSMAP_OK ? awsmap__buf_putc(b, '"') : st;
}

static awsmap_status member(awsmap__buf *b, const char *key, const char *value, bool comma) {
  awsmap_status st = comma ? awsmap__buf_putc(b, ',') : AWSMAP_OK;
  if (st == AWSMAP_OK)
    st = awsmap__graph_json_string(b, key);
  if (st == AWSMAP_OK)
    st = awsmap__buf_putc(b, ':');
  if (st == AWSMAP_OK)
    st = awsmap__graph_json_string(b, value ? value : "");
  return st;
}

static awsmap_status object(awsmap__buf *b, const char *key, const awsmap__kv *kv, size_t n) {
  awsmap_status st = awsmap__buf_putc(b, ',');
  if (st == AWSMAP_OK)
    st = awsmap__graph_json_string(b, key);
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, ":{");
  for (size_t i = 0; i < n && st == AWSMAP_OK; i++)
    st = member(b, kv[i].key, kv[i].value, i > 0);
  return st == AWSMAP_OK ? awsmap__buf_putc(b, '}') : st;
}

static awsmap_status write_node(awsmap__buf *b, const awsmap__gnode *n) {
  awsmap_status st = awsmap__buf_putc(b, '{');
  if (st == AWSMAP_OK) st = member(b, "arn", n->arn, false);
  if (st == AWSMAP_OK) st = member(b, "type", n->type, true);
  if (st == AWSMAP_OK) st = member(b, "id", n->id, true);
  if (st == AWSMAP_OK) st = member(b, "name", n->name, true);
  if (st == AWSMAP_OK) st = member(b, "account", n->account, true);
  if (st == AWSMAP_OK) st = member(b, "region", n->region, true);
  if (st == AWSMAP_OK) st = member(b, "availability_zone", n->zone, true);
  if (st == AWSMAP_OK) st = member(b, "status", n->status, true);
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, n->external ? ",\"external\":true" : ",\"external\":false");
  if (st == AWSMAP_OK) st = object(b, "tags", n->tags, n->ntags);
  if (st == AWSMAP_OK) st = object(b, "properties", n->props, n->nprops);
  return st == AWSMAP_OK ? awsmap__buf_putc(b, '}') : st;
}

static awsmap_status write_error(awsmap__buf *b, const awsmap__gerror *e) {
  awsmap_status st = awsmap__buf_putc(b, '{');
  if (st == AWSMAP_OK) st = member(b, "account", e->account, false);
  if (st == AWSMAP_OK) st = member(b, "region", e->region, true);
  if (st == AWSMAP_OK) st = member(b, "service", e->service, true);
  if (st == AWSMAP_OK) st = member(b, "operation", e->error.operation, true);
  if (st == AWSMAP_OK) st = member(b, "status", awsmap_status_name(e->error.status), true);
  if (st == AWSMAP_OK) st = member(b, "code", e->error.aws_code, true);
  if (st == AWSMAP_OK) st = awsmap__buf_printf(b, ",\"http_status\":%d", e->error.http_status);
  if (st == AWSMAP_OK) st = member(b, "message", e->error.message, true);
  if (st == AWSMAP_OK) st = member(b, "request_id", e->error.request_id, true);
  return st == AWSMAP_OK ? awsmap__buf_putc(b, '}') : st;
}

/* "[\n  a,\n  b\n]" : one element per line, so two exports diff line by line. */
#define SEP(i) ((i) ? ",\n" : "\n")

static awsmap_status write_all(const awsmap_graph *g, awsmap__buf *b) {
  awsmap_status st = awsmap__buf_puts(b, "{\"format\":\"awsmap-graph\",\"version\":1,\n\"accounts\":[");
  for (size_t i = 0; i < g->naccounts && st == AWSMAP_OK; i++) {
    uint32_t id = awsmap__graph_find_key(g, AWSMAP__T_ACCOUNT, "", "", g->accounts[i]);
    st = awsmap__buf_puts(b, SEP(i));
    if (st == AWSMAP_OK) st = awsmap__buf_putc(b, '{');
    if (st == AWSMAP_OK) st = member(b, "id", g->accounts[i], false);
    if (st == AWSMAP_OK) st = member(b, "arn", id != UINT32_MAX ? g->nodes[id].arn : "", true);
    if (st == AWSMAP_OK) st = awsmap__buf_putc(b, '}');
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, g->naccounts ? "\n],\n\"nodes\":[" : "],\n\"nodes\":[");
  for (size_t i = 0; i < g->indexed_nodes && st == AWSMAP_OK; i++) {
    st = awsmap__buf_puts(b, SEP(i));
    if (st == AWSMAP_OK)
      st = write_node(b, awsmap__graph_at(g, i));
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, g->indexed_nodes ? "\n],\n\"edges\":[" : "],\n\"edges\":[");
  for (size_t i = 0; i < g->nedges && st == AWSMAP_OK; i++) {
    const awsmap__gedge *e = &g->edges[i];
    st = awsmap__buf_puts(b, SEP(i));
    if (st == AWSMAP_OK) st = awsmap__buf_putc(b, '{');
    if (st == AWSMAP_OK) st = member(b, "from", awsmap__graph_at(g, e->from)->arn, false);
    if (st == AWSMAP_OK) st = member(b, "to", awsmap__graph_at(g, e->to)->arn, true);
    if (st == AWSMAP_OK) st = member(b, "kind", e->kind, true);
    if (st == AWSMAP_OK) st = object(b, "attributes", e->attrs, e->nattrs);
    if (st == AWSMAP_OK) st = awsmap__buf_putc(b, '}');
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, g->nedges ? "\n],\n\"errors\":[" : "],\n\"errors\":[");
  for (size_t i = 0; i < g->nerrors && st == AWSMAP_OK; i++) {
    st = awsmap__buf_puts(b, SEP(i));
    if (st == AWSMAP_OK)
      st = write_error(b, &g->errors[i]);
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(b, g->nerrors ? "\n]}\n" : "]}\n");
  return st;
}

awsmap_status awsmap_graph_to_json(const awsmap_graph *graph, awsmap_buf **out) {
  awsmap__error_clear();
  if (out)
    *out = NULL;
  if (!graph || !out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:to_json", "graph and out are required");
  if (graph->dirty)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:to_json",
                             "records were added since the last awsmap_graph_resolve()");
  awsmap__buf b = AWSMAP__BUF_INIT;
  if (awsmap__buf_reserve(&b, 256 + graph->indexed_nodes * 512) != AWSMAP_OK ||
      write_all(graph, &b) != AWSMAP_OK || awsmap__buf_to_public(&b, out) != AWSMAP_OK) {
    awsmap__buf_dispose(&b);
    return awsmap__error_nomem("graph:to_json");
  }
  return AWSMAP_OK;
}
