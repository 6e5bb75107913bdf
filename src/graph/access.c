/* The public surface: building wrappers and read-only, index-based accessors. */
#include "graph/graph.h"

#include <string.h>

awsmap_status awsmap_graph_new(awsmap_graph **out) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:new", "out is NULL");
  *out = NULL;
  return awsmap__graph_new(out);
}

void awsmap_graph_free(awsmap_graph *graph) { awsmap__graph_free(graph); }

awsmap_status awsmap_graph_add_record(awsmap_graph *graph, const char *account,
                                      const char *region, const awsmap_record *record) {
  awsmap__error_clear();
  return awsmap__graph_add_record(graph, account, region, record);
}

awsmap_status awsmap_graph_resolve(awsmap_graph *graph) {
  awsmap__error_clear();
  return awsmap__graph_resolve(graph);
}

/* ---- nodes ---------------------------------------------------------------------- */

static const awsmap__gnode *node_at(const awsmap_graph *g, size_t pos) {
  return g && pos < g->indexed_nodes ? awsmap__graph_at(g, pos) : NULL;
}

size_t awsmap_graph_node_count(const awsmap_graph *graph) {
  return graph ? graph->indexed_nodes : 0;
}

awsmap_status awsmap_graph_find_node(const awsmap_graph *graph, const char *arn, size_t *index) {
  awsmap__error_clear();
  if (index)
    *index = AWSMAP_GRAPH_NONE;
  if (!graph || !arn || !index)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:find_node",
                             "graph, arn and index are required");
  uint32_t id = awsmap__graph_find_arn(graph, arn);
  if (id == UINT32_MAX || id >= graph->ranked_nodes || graph->rank[id] == UINT32_MAX)
    return awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "graph:find_node", "no node with ARN %s",
                             arn);
  *index = graph->rank[id];
  return AWSMAP_OK;
}

#define NODE_STRING(fn, member)                                            \
  const char *awsmap_graph_node_##fn(const awsmap_graph *graph, size_t node) { \
    const awsmap__gnode *n = node_at(graph, node);                        \
    return n ? n->member : NULL;                                          \
  }
NODE_STRING(arn, arn)
NODE_STRING(type, type)
NODE_STRING(id, id)
NODE_STRING(name, name)
NODE_STRING(account, account)
NODE_STRING(region, region)
NODE_STRING(availability_zone, zone)
NODE_STRING(status, status)

int awsmap_graph_node_external(const awsmap_graph *graph, size_t node) {
  const awsmap__gnode *n = node_at(graph, node);
  return n && n->external ? 1 : 0;
}

static const char *kv_at(const awsmap__kv *kv, size_t n, size_t index, const char **key) {
  if (index >= n) {
    if (key)
      *key = NULL;
    return NULL;
  }
  if (key)
    *key = kv[index].key;
  return kv[index].value;
}

size_t awsmap_graph_node_property_count(const awsmap_graph *graph, size_t node) {
  const awsmap__gnode *n = node_at(graph, node);
  return n ? n->nprops : 0;
}

const char *awsmap_graph_node_property_at(const awsmap_graph *graph, size_t node, size_t index,
                                          const char **key) {
  const awsmap__gnode *n = node_at(graph, node);
  return kv_at(n ? n->props : NULL, n ? n->nprops : 0, index, key);
}

const char *awsmap_graph_node_property(const awsmap_graph *graph, size_t node, const char *key) {
  const awsmap__gnode *n = node_at(graph, node);
  return n && key ? awsmap__graph_kv_get(n->props, n->nprops, key) : NULL;
}

size_t awsmap_graph_node_tag_count(const awsmap_graph *graph, size_t node) {
  const awsmap__gnode *n = node_at(graph, node);
  return n ? n->ntags : 0;
}

const char *awsmap_graph_node_tag_at(const awsmap_graph *graph, size_t node, size_t index,
                                     const char **key) {
  const awsmap__gnode *n = node_at(graph, node);
  return kv_at(n ? n->tags : NULL, n ? n->ntags : 0, index, key);
}

const char *awsmap_graph_node_tag(const awsmap_graph *graph, size_t node, const char *key) {
  const awsmap__gnode *n = node_at(graph, node);
  return n && key ? awsmap__graph_kv_get(n->tags, n->ntags, key) : NULL;
}

/* The run of by_type holding `type`: [lo, hi). */
static void type_range(const awsmap_graph *g, const char *type, size_t *lo, size_t *hi) {
  size_t n = g->indexed_nodes, a = 0, b = n;
  while (a < b) { /* first >= type */
    size_t mid = a + (b - a) / 2;
    if (strcmp(awsmap__graph_at(g, g->by_type[mid])->type, type) < 0)
      a = mid + 1;
    else
      b = mid;
  }
  *lo = a;
  b = n;
  while (a < b) { /* first > type */
    size_t mid = a + (b - a) / 2;
    if (strcmp(awsmap__graph_at(g, g->by_type[mid])->type, type) <= 0)
      a = mid + 1;
    else
      b = mid;
  }
  *hi = a;
}

size_t awsmap_graph_type_count(const awsmap_graph *graph, const char *type) {
  if (!graph || !type || !graph->indexed_nodes)
    return 0;
  size_t lo, hi;
  type_range(graph, type, &lo, &hi);
  return hi - lo;
}

size_t awsmap_graph_type_node_at(const awsmap_graph *graph, const char *type, size_t index) {
  if (!graph || !type || !graph->indexed_nodes)
    return AWSMAP_GRAPH_NONE;
  size_t lo, hi;
  type_range(graph, type, &lo, &hi);
  return index < hi - lo ? graph->by_type[lo + index] : AWSMAP_GRAPH_NONE;
}

/* ---- edges ---------------------------------------------------------------------- */

static const awsmap__gedge *edge_at(const awsmap_graph *g, size_t e) {
  return g && g->indexed_nodes && e < g->nedges && !g->dirty ? &g->edges[e] : NULL;
}

size_t awsmap_graph_edge_count(const awsmap_graph *graph) {
  return graph && graph->indexed_nodes && !graph->dirty ? graph->nedges : 0;
}

size_t awsmap_graph_edge_from(const awsmap_graph *graph, size_t edge) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return e ? e->from : AWSMAP_GRAPH_NONE;
}

size_t awsmap_graph_edge_to(const awsmap_graph *graph, size_t edge) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return e ? e->to : AWSMAP_GRAPH_NONE;
}

const char *awsmap_graph_edge_kind(const awsmap_graph *graph, size_t edge) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return e ? e->kind : NULL;
}

size_t awsmap_graph_edge_attribute_count(const awsmap_graph *graph, size_t edge) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return e ? e->nattrs : 0;
}

const char *awsmap_graph_edge_attribute_at(const awsmap_graph *graph, size_t edge, size_t index,
                                           const char **key) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return kv_at(e ? e->attrs : NULL, e ? e->nattrs : 0, index, key);
}

const char *awsmap_graph_edge_attribute(const awsmap_graph *graph, size_t edge, const char *key) {
  const awsmap__gedge *e = edge_at(graph, edge);
  return e && key ? awsmap__graph_kv_get(e->attrs, e->nattrs, key) : NULL;
}

/* Walks a node's edges in the documented order; returns the edge index of
 * the index-th match, or counts them all when index is SIZE_MAX. */
static size_t walk_edges(const awsmap_graph *g, size_t node, awsmap_graph_direction dir,
                         const char *kind, size_t index, size_t *count) {
  *count = 0;
  if (!g || node >= g->indexed_nodes || g->dirty)
    return AWSMAP_GRAPH_NONE;
  if (dir & AWSMAP_GRAPH_OUT) {
    for (uint32_t i = g->out_off[node]; i < g->out_off[node + 1]; i++) {
      if (kind && strcmp(g->edges[i].kind, kind) != 0)
        continue;
      if ((*count)++ == index)
        return i;
    }
  }
  if (dir & AWSMAP_GRAPH_IN) {
    for (uint32_t j = g->in_off[node]; j < g->in_off[node + 1]; j++) {
      uint32_t i = g->in_edges[j];
      if (kind && strcmp(g->edges[i].kind, kind) != 0)
        continue;
      if ((*count)++ == index)
        return i;
    }
  }
  return AWSMAP_GRAPH_NONE;
}

size_t awsmap_graph_node_edge_count(const awsmap_graph *graph, size_t node,
                                    awsmap_graph_direction direction, const char *kind) {
  size_t count;
  walk_edges(graph, node, direction, kind, AWSMAP_GRAPH_NONE, &count);
  return count;
}

size_t awsmap_graph_node_edge_at(const awsmap_graph *graph, size_t node,
                                 awsmap_graph_direction direction, const char *kind,
                                 size_t index) {
  size_t count;
  if (index == AWSMAP_GRAPH_NONE)
    return AWSMAP_GRAPH_NONE;
  return walk_edges(graph, node, direction, kind, index, &count);
}

size_t awsmap_graph_node_neighbor(const awsmap_graph *graph, size_t node,
                                  awsmap_graph_direction direction, const char *kind,
                                  size_t index) {
  size_t e = awsmap_graph_node_edge_at(graph, node, direction, kind, index);
  if (e == AWSMAP_GRAPH_NONE)
    return AWSMAP_GRAPH_NONE;
  return graph->edges[e].from == node ? graph->edges[e].to : graph->edges[e].from;
}

/* ---- accounts and errors ----------------------------------------------------------- */

size_t awsmap_graph_account_count(const awsmap_graph *graph) {
  return graph ? graph->naccounts : 0;
}

const char *awsmap_graph_account_at(const awsmap_graph *graph, size_t index) {
  return graph && index < graph->naccounts ? graph->accounts[index] : NULL;
}

size_t awsmap_graph_error_count(const awsmap_graph *graph) { return graph ? graph->nerrors : 0; }

const awsmap_error *awsmap_graph_error_at(const awsmap_graph *graph, size_t index) {
  return graph && index < graph->nerrors ? &graph->errors[index].error : NULL;
}

const char *awsmap_graph_error_service(const awsmap_graph *graph, size_t index) {
  return graph && index < graph->nerrors ? graph->errors[index].service : NULL;
}

const char *awsmap_graph_error_region(const awsmap_graph *graph, size_t index) {
  return graph && index < graph->nerrors ? graph->errors[index].region : NULL;
}

const char *awsmap_graph_error_account(const awsmap_graph *graph, size_t index) {
  return graph && index < graph->nerrors ? graph->errors[index].account : NULL;
}
