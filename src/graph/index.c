/* The deterministic order and the indexes: nodes by ARN, edges by
 * (from, to, kind) with duplicates merged, incoming edges per node, nodes by
 * type, accounts and errors sorted. Shared by resolve and the JSON loader. */
#include "graph/graph.h"

#include <stdlib.h>
#include <string.h>

/* Sorting pairs rather than ids saves a dependent load per comparison. */
typedef struct arn_id {
  const char *arn;
  uint32_t id;
} arn_id;

static int node_cmp(const void *a, const void *b) {
  return strcmp(((const arn_id *)a)->arn, ((const arn_id *)b)->arn);
}

static int edge_cmp(const void *a, const void *b) {
  const awsmap__gedge *x = a, *y = b;
  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  if (x->to != y->to)
    return x->to < y->to ? -1 : 1;
  return strcmp(x->kind, y->kind);
}

typedef struct type_rank {
  const char *type;
  uint32_t k; /* index in first-seen order */
} type_rank;

static int type_rank_cmp(const void *a, const void *b) {
  return strcmp(((const type_rank *)a)->type, ((const type_rank *)b)->type);
}

/* Positions grouped by type name, each group in position order: a counting
 * sort. A node's type is found among the distinct ones through the last one
 * seen (positions are in ARN order, so types come in runs), then a map: a
 * loaded graph may hold any number of types. */
static awsmap_status index_types(awsmap_graph *g, size_t n) {
  size_t ntypes = 0, cap = 32;
  type_rank *types = awsmap__malloc(cap * sizeof *types);
  uint32_t *tix = awsmap__malloc((n + 1) * sizeof *tix);
  size_t *rank = NULL, *start = NULL;
  awsmap__map *seen = awsmap__map_new(64);
  awsmap_status st = AWSMAP_ERR_NOMEM;
  if (!types || !tix || !seen)
    goto out;
  const char *last = NULL;
  uint32_t last_k = 0;
  for (size_t p = 0; p < n; p++) {
    const char *t = awsmap__graph_at(g, p)->type;
    if (!last || (t != last && strcmp(t, last) != 0)) {
      void *found = awsmap__map_get(seen, t, strlen(t));
      if (found) {
        last_k = (uint32_t)((uintptr_t)found - 1);
      } else {
        if (ntypes == cap) {
          type_rank *more = awsmap__realloc(types, (cap *= 2) * sizeof *types);
          if (!more)
            goto out;
          types = more;
        }
        last_k = (uint32_t)ntypes;
        types[ntypes] = (type_rank){t, last_k};
        if (awsmap__map_put(seen, t, strlen(t), (void *)(uintptr_t)(++ntypes), NULL) != AWSMAP_OK)
          goto out;
      }
      last = t;
    }
    tix[p] = last_k;
  }
  /* Rank the distinct types by name, then place positions bucket by bucket. */
  rank = awsmap__malloc((ntypes + 1) * sizeof *rank);
  start = awsmap__calloc(ntypes + 1, sizeof *start);
  if (!rank || !start)
    goto out;
  if (ntypes)
    qsort(types, ntypes, sizeof *types, type_rank_cmp);
  for (size_t r = 0; r < ntypes; r++)
    rank[types[r].k] = r;
  for (size_t p = 0; p < n; p++)
    start[rank[tix[p]] + 1]++;
  for (size_t k = 0; k < ntypes; k++)
    start[k + 1] += start[k];
  for (size_t p = 0; p < n; p++)
    g->by_type[start[rank[tix[p]]]++] = (uint32_t)p;
  st = AWSMAP_OK;
out:
  awsmap__map_free(seen);
  awsmap__free(types);
  awsmap__free(tix);
  awsmap__free(rank);
  awsmap__free(start);
  return st;
}

/* Edges by (from, to, kind) in linear time: stable counting sorts by `to`
 * then by `from`, then the rare runs of equal (from, to) by kind. */
static awsmap_status sort_edges(awsmap_graph *g) {
  size_t n = g->nnodes, m = g->nedges;
  uint32_t *count = awsmap__calloc(n + 2, sizeof *count);
  awsmap__gedge *tmp = NULL; /* as big as the edges: huge pages when they are */
  size_t captmp = 0;
  if (!count || awsmap__graph_reserve((void **)&tmp, &captmp, m + 1, sizeof *tmp)) {
    awsmap__free(count);
    awsmap__graph_array_free(tmp, captmp, sizeof *tmp);
    return AWSMAP_ERR_NOMEM;
  }
  for (int pass = 0; pass < 2; pass++) {
    awsmap__gedge *src = pass ? tmp : g->edges, *dst = pass ? g->edges : tmp;
    memset(count, 0, (n + 2) * sizeof *count);
    for (size_t i = 0; i < m; i++)
      count[(pass ? src[i].from : src[i].to) + 1]++;
    for (size_t i = 0; i < n; i++)
      count[i + 1] += count[i];
    for (size_t i = 0; i < m; i++)
      dst[count[pass ? src[i].from : src[i].to]++] = src[i];
  }
  awsmap__free(count);
  awsmap__graph_array_free(tmp, captmp, sizeof *tmp);
  for (size_t i = 1; i < m; i++) { /* insertion sort: only equal (from, to) pairs move */
    awsmap__gedge x = g->edges[i];
    size_t j = i;
    while (j > 0 && edge_cmp(&g->edges[j - 1], &x) > 0) {
      g->edges[j] = g->edges[j - 1];
      j--;
    }
    g->edges[j] = x;
  }
  return AWSMAP_OK;
}

static int str_cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int error_cmp(const void *a, const void *b) {
  const awsmap__gerror *x = a, *y = b;
  int c = strcmp(x->account, y->account);
  if (!c)
    c = strcmp(x->region, y->region);
  if (!c)
    c = strcmp(x->service, y->service);
  if (!c)
    c = strcmp(x->error.operation, y->error.operation);
  if (!c)
    c = strcmp(x->error.message, y->error.message);
  if (!c)
    c = strcmp(x->error.aws_code, y->error.aws_code);
  if (!c) /* the rest too, so that no two errors tie and their order is defined */
    c = (x->error.status > y->error.status) - (x->error.status < y->error.status);
  if (!c)
    c = (x->error.http_status > y->error.http_status) - (x->error.http_status < y->error.http_status);
  if (!c)
    c = strcmp(x->error.request_id, y->error.request_id);
  if (!c)
    c = strcmp(x->error.provider, y->error.provider);
  return c;
}

/* Joins two comma-separated value sets: sorted, without repeats. */
static const char *union_values(awsmap_graph *g, const char *a, const char *b) {
  if (strcmp(a, b) == 0)
    return a;
  awsmap__buf all = AWSMAP__BUF_INIT;
  if (awsmap__buf_printf(&all, "%s,%s", a, b) != AWSMAP_OK)
    return NULL;
  size_t n = 1;
  for (size_t i = 0; i < all.len; i++)
    n += all.ptr[i] == ',';
  char **parts = awsmap__malloc(n * sizeof *parts);
  const char *out = NULL;
  if (parts) {
    size_t k = 0;
    for (char *tok = all.ptr, *comma;; tok = comma + 1) {
      comma = strchr(tok, ',');
      if (comma)
        *comma = '\0';
      parts[k++] = tok;
      if (!comma)
        break;
    }
    qsort(parts, k, sizeof *parts, str_cmp);
    awsmap__buf joined = AWSMAP__BUF_INIT;
    bool ok = true;
    for (size_t i = 0; i < k && ok; i++) {
      if (i && strcmp(parts[i], parts[i - 1]) == 0)
        continue;
      if (joined.len)
        ok = awsmap__buf_putc(&joined, ',') == AWSMAP_OK;
      ok = ok && awsmap__buf_puts(&joined, parts[i]) == AWSMAP_OK;
    }
    if (ok)
      out = awsmap__graph_strndup(g, awsmap__buf_cstr(&joined), joined.len);
    awsmap__buf_dispose(&joined);
    awsmap__free(parts);
  }
  awsmap__buf_dispose(&all);
  return out;
}

static awsmap_status merge_attrs(awsmap_graph *g, awsmap__gedge *dst, const awsmap__gedge *src) {
  if (!src->nattrs)
    return AWSMAP_OK;
  awsmap__kv *out = awsmap__graph_alloc(g, (dst->nattrs + src->nattrs) * sizeof *out);
  if (!out)
    return AWSMAP_ERR_NOMEM;
  uint32_t i = 0, j = 0, n = 0;
  while (i < dst->nattrs || j < src->nattrs) {
    int c = i == dst->nattrs   ? 1
            : j == src->nattrs ? -1
                               : strcmp(dst->attrs[i].key, src->attrs[j].key);
    if (c < 0) {
      out[n++] = dst->attrs[i++];
    } else if (c > 0) {
      out[n++] = src->attrs[j++];
    } else {
      out[n].key = dst->attrs[i].key;
      out[n].value = union_values(g, dst->attrs[i++].value, src->attrs[j++].value);
      if (!out[n++].value)
        return AWSMAP_ERR_NOMEM;
    }
  }
  dst->attrs = out;
  dst->nattrs = n;
  return AWSMAP_OK;
}

void awsmap__graph_free_indexes(awsmap_graph *g) {
  awsmap__free(g->order);
  awsmap__free(g->rank);
  awsmap__free(g->out_off);
  awsmap__free(g->in_off);
  awsmap__free(g->in_edges);
  awsmap__free(g->by_type);
  g->order = g->rank = NULL;
  g->out_off = g->in_off = NULL;
  g->in_edges = NULL;
  g->by_type = NULL;
}

awsmap_status awsmap__graph_finish(awsmap_graph *g) {
  size_t n = g->nnodes;
  awsmap__graph_free_indexes(g);
  g->order = awsmap__malloc((n + 1) * sizeof *g->order);
  g->rank = awsmap__malloc((n + 1) * sizeof *g->rank);
  g->out_off = awsmap__calloc(n + 2, sizeof *g->out_off);
  g->in_off = awsmap__calloc(n + 2, sizeof *g->in_off);
  g->by_type = awsmap__malloc((n + 1) * sizeof *g->by_type);
  g->in_edges = awsmap__malloc((g->nedges + 1) * sizeof *g->in_edges);
  g->indexed_nodes = 0;
  if (!g->order || !g->rank || !g->out_off || !g->in_off || !g->by_type || !g->in_edges)
    return AWSMAP_ERR_NOMEM;

  arn_id *pairs = awsmap__malloc((n + 1) * sizeof *pairs);
  if (!pairs)
    return AWSMAP_ERR_NOMEM;
  for (size_t i = 0; i < g->nedges; i++) /* a node with an edge is listed, always */
    g->nodes[g->edges[i].from].hidden = g->nodes[g->edges[i].to].hidden = 0;
  size_t listed = 0; /* hidden nodes (resolve.c: hide_stale) get no position */
  for (size_t i = 0; i < n; i++) {
    g->rank[i] = UINT32_MAX;
    if (!g->nodes[i].hidden)
      pairs[listed++] = (arn_id){g->nodes[i].arn, (uint32_t)i};
  }
  qsort(pairs, listed, sizeof *pairs, node_cmp);
  for (size_t i = 0; i < listed; i++) {
    g->order[i] = pairs[i].id;
    g->rank[pairs[i].id] = (uint32_t)i;
  }
  awsmap__free(pairs);

  for (size_t i = 0; i < g->nedges; i++) {
    g->edges[i].from = g->rank[g->edges[i].from];
    g->edges[i].to = g->rank[g->edges[i].to];
  }
  if (sort_edges(g) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  size_t kept = 0;
  for (size_t i = 0; i < g->nedges; i++) {
    if (kept && edge_cmp(&g->edges[kept - 1], &g->edges[i]) == 0) {
      if (merge_attrs(g, &g->edges[kept - 1], &g->edges[i]) != AWSMAP_OK)
        return AWSMAP_ERR_NOMEM;
      continue;
    }
    g->edges[kept++] = g->edges[i];
  }
  g->nedges = kept;

  /* Out-edges are runs of the sorted list; in-edges a counting sort by `to`
   * (stable, so each run stays in (from, kind) order). */
  for (size_t i = 0; i < g->nedges; i++) {
    g->out_off[g->edges[i].from + 1]++;
    g->in_off[g->edges[i].to + 1]++;
  }
  for (size_t i = 0; i < n; i++) {
    g->out_off[i + 1] += g->out_off[i];
    g->in_off[i + 1] += g->in_off[i];
  }
  uint32_t *fill = awsmap__malloc((n + 1) * sizeof *fill);
  if (!fill)
    return AWSMAP_ERR_NOMEM;
  memcpy(fill, g->in_off, (n + 1) * sizeof *fill);
  for (size_t i = 0; i < g->nedges; i++)
    g->in_edges[fill[g->edges[i].to]++] = (uint32_t)i;
  awsmap__free(fill);

  if (index_types(g, listed) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;

  if (g->naccounts) /* qsort's array may not be NULL, even when empty */
    qsort(g->accounts, g->naccounts, sizeof *g->accounts, str_cmp);
  if (g->nerrors)
    qsort(g->errors, g->nerrors, sizeof *g->errors, error_cmp);
  g->indexed_nodes = listed;
  g->ranked_nodes = n;
  g->dirty = false;
  return AWSMAP_OK;
}
