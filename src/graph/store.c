/* The graph object: a bump arena for every string and small array (freed in
 * one go), interning of the strings that repeat (types, accounts, regions,
 * keys), nodes with their lookup maps, accounts and recorded errors. */
#include "graph/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct awsmap__garena_block {
  awsmap__garena_block *next;
  size_t used, cap;
  bool pages; /* from awsmap__pages_alloc */
  _Alignas(max_align_t) char data[];
};

/* Small graphs grow by 64 KiB blocks; past 256 KiB, by 2 MiB blocks of huge
 * pages (see awsmap__pages_alloc). */
#define ARENA_BLOCK (64 * 1024)
#define ARENA_BIG_BLOCK ((size_t)2 << 20)
#define ARENA_BIG_AFTER ((size_t)256 << 10)

/* A block for `size` bytes, or (regular) the next block of the schedule. */
static awsmap__garena_block *block_new(awsmap_graph *g, size_t size, bool regular) {
  bool big = regular && g->arena_bytes >= ARENA_BIG_AFTER;
  size_t total = big ? ARENA_BIG_BLOCK : sizeof(awsmap__garena_block) + size;
  awsmap__garena_block *b = big ? awsmap__pages_alloc(total) : awsmap__malloc(total);
  if (!b)
    return NULL;
  b->used = 0;
  b->cap = total - sizeof *b;
  b->pages = big;
  g->arena_bytes += total;
  return b;
}

void *awsmap__graph_alloc(awsmap_graph *g, size_t size) {
  size = (size + 15) & ~(size_t)15;
  awsmap__garena_block *b = g->arena;
  if (!b || b->cap - b->used < size) {
    bool one_off = size > ARENA_BLOCK / 4;
    awsmap__garena_block *nb = block_new(g, one_off ? size : ARENA_BLOCK, !one_off);
    if (!nb)
      return NULL;
    if (b && one_off) { /* a big one-off: keep filling the current block */
      nb->next = b->next;
      b->next = nb;
      nb->used = size;
      return nb->data;
    }
    nb->next = b;
    g->arena = b = nb;
  }
  void *p = b->data + b->used;
  b->used += size;
  return p;
}

const char *awsmap__graph_strndup(awsmap_graph *g, const char *s, size_t len) {
  char *p = awsmap__graph_alloc(g, len + 1);
  if (!p)
    return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

const char *awsmap__graph_strdup(awsmap_graph *g, const char *s) {
  return awsmap__graph_strndup(g, s ? s : "", s ? strlen(s) : 0);
}

const char *awsmap__graph_intern(awsmap_graph *g, const char *s) {
  if (!s || !*s)
    return "";
  size_t len = strlen(s);
  const char *p = awsmap__map_get(g->intern, s, len);
  if (p)
    return p;
  p = awsmap__graph_strndup(g, s, len);
  if (!p || awsmap__map_put(g->intern, s, len, (void *)p, NULL) != AWSMAP_OK)
    return NULL;
  return p;
}

/* Arrays of 256 KiB and more live in huge-page blocks, like the arena (the
 * nodes, references and edges of a large account); smaller ones in malloc.
 * Which one an array uses follows from its capacity alone. */
#define ARRAY_PAGES_AFTER ((size_t)256 << 10)

static size_t pages_round(size_t bytes) {
  return (bytes + ARENA_BIG_BLOCK - 1) & ~(ARENA_BIG_BLOCK - 1);
}

void awsmap__graph_array_free(void *arr, size_t cap, size_t size) {
  if (cap * size >= ARRAY_PAGES_AFTER)
    awsmap__pages_free(arr, pages_round(cap * size));
  else
    awsmap__free(arr);
}

awsmap_status awsmap__graph_reserve(void **arr, size_t *cap, size_t want, size_t size) {
  if (want <= *cap)
    return AWSMAP_OK;
  if (want * size < ARRAY_PAGES_AFTER) {
    void *p = awsmap__realloc(*arr, want * size);
    if (!p)
      return AWSMAP_ERR_NOMEM;
    *arr = p;
    *cap = want;
    return AWSMAP_OK;
  }
  size_t bytes = pages_round(want * size);
  void *p = awsmap__pages_alloc(bytes);
  if (!p)
    return AWSMAP_ERR_NOMEM;
  if (*cap)
    memcpy(p, *arr, *cap * size);
  awsmap__graph_array_free(*arr, *cap, size);
  *arr = p;
  *cap = bytes / size;
  return AWSMAP_OK;
}

awsmap_status awsmap__graph_grow(void **arr, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return AWSMAP_OK;
  return awsmap__graph_reserve(arr, cap, *cap ? *cap * 2 : 64, size);
}

awsmap_status awsmap__graph_node_get(awsmap_graph *g, const char *arn, uint32_t *id,
                                     bool *created) {
  uint32_t found = awsmap__graph_find_arn(g, arn);
  if (found != UINT32_MAX) {
    *id = found;
    *created = false;
    return AWSMAP_OK;
  }
  if (g->nnodes >= UINT32_MAX - 1 ||
      awsmap__graph_grow((void **)&g->nodes, &g->capnodes, g->nnodes, sizeof *g->nodes))
    return AWSMAP_ERR_NOMEM;
  awsmap__gnode *n = &g->nodes[g->nnodes];
  memset(n, 0, sizeof *n);
  n->arn = awsmap__graph_strdup(g, arn);
  if (!n->arn)
    return AWSMAP_ERR_NOMEM;
  n->type = n->id = n->name = n->account = n->region = n->zone = n->status = "";
  n->spec = -1;
  if (awsmap__graph_lookup_add_arn(g, (uint32_t)g->nnodes) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  *id = (uint32_t)g->nnodes++;
  *created = true;
  g->dirty = true;
  return AWSMAP_OK;
}

static int kv_cmp(const void *a, const void *b) {
  return strcmp(((const awsmap__kv *)a)->key, ((const awsmap__kv *)b)->key);
}

void awsmap__graph_sort_kv(awsmap__kv *kv, size_t n) {
  /* Insertion sort: arrays are short, and it keeps equal keys in order. */
  for (size_t i = 1; i < n; i++) {
    awsmap__kv x = kv[i];
    size_t j = i;
    while (j > 0 && kv_cmp(&kv[j - 1], &x) > 0) {
      kv[j] = kv[j - 1];
      j--;
    }
    kv[j] = x;
  }
}

const char *awsmap__graph_kv_get(const awsmap__kv *kv, size_t n, const char *key) {
  /* Sorted by key: binary search. */
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(kv[mid].key, key);
    if (c == 0)
      return kv[mid].value;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

awsmap_status awsmap__graph_node_set_prop(awsmap_graph *g, uint32_t id, const char *key,
                                          const char *value) {
  awsmap__gnode *n = &g->nodes[id];
  const char *v = awsmap__graph_strdup(g, value);
  const char *k = awsmap__graph_intern(g, key);
  if (!v || !k)
    return AWSMAP_ERR_NOMEM;
  for (uint32_t i = 0; i < n->nprops; i++) {
    if (strcmp(n->props[i].key, key) == 0) {
      n->props[i].value = v;
      return AWSMAP_OK;
    }
  }
  awsmap__kv *props = awsmap__graph_alloc(g, (n->nprops + 1) * sizeof *props);
  if (!props)
    return AWSMAP_ERR_NOMEM;
  if (n->nprops)
    memcpy(props, n->props, n->nprops * sizeof *props);
  props[n->nprops] = (awsmap__kv){k, v};
  n->props = props;
  n->nprops++;
  awsmap__graph_sort_kv(n->props, n->nprops);
  return AWSMAP_OK;
}

/* A synthetic or stub node of a known type, looked up by key first. */
static awsmap_status ensure(awsmap_graph *g, const char *type, const char *account,
                            const char *region, const char *id, const char *arn_override,
                            bool external, uint32_t *out) {
  uint32_t found = awsmap__graph_find_key(g, type, account, region, id);
  if (found != UINT32_MAX) {
    *out = found;
    return AWSMAP_OK;
  }
  const awsmap__gspec *spec = awsmap__gspec_by_node_type(type);
  awsmap__buf arn = AWSMAP__BUF_INIT;
  awsmap_status st = AWSMAP_OK;
  if (arn_override)
    st = awsmap__buf_puts(&arn, arn_override);
  else if (spec && spec->arn_format)
    st = awsmap__arn_format(&arn, spec->arn_format, region, account, id);
  else /* unknown type: still a stable, unique, parseable name */
    st = awsmap__buf_printf(&arn, "arn:%s:awsmap:%s:%s:%s/%s", awsmap__arn_partition(region),
                            region, account, type, id);
  bool created = false;
  if (st == AWSMAP_OK)
    st = awsmap__graph_node_get(g, awsmap__buf_cstr(&arn), out, &created);
  awsmap__buf_dispose(&arn);
  if (st != AWSMAP_OK)
    return st;
  awsmap__gnode *n = &g->nodes[*out];
  if (created) {
    n->type = awsmap__graph_intern(g, type);
    n->account = awsmap__graph_intern(g, account);
    n->region = awsmap__graph_intern(g, region);
    n->id = awsmap__graph_strdup(g, id);
    n->name = n->id;
    n->external = external;
    n->spec = spec ? (int16_t)(spec - awsmap__gspecs) : -1;
    if (!n->type || !n->account || !n->region || !n->id)
      return AWSMAP_ERR_NOMEM;
    if (strcmp(type, AWSMAP__T_ZONE) == 0)
      n->zone = n->id;
  }
  return awsmap__graph_node_index(g, *out);
}

static awsmap_status add_account_id(awsmap_graph *g, const char *account) {
  for (size_t i = 0; i < g->naccounts; i++)
    if (strcmp(g->accounts[i], account) == 0)
      return AWSMAP_OK;
  if (awsmap__graph_grow((void **)&g->accounts, &g->capaccounts, g->naccounts,
                         sizeof *g->accounts))
    return AWSMAP_ERR_NOMEM;
  const char *a = awsmap__graph_intern(g, account);
  if (!a)
    return AWSMAP_ERR_NOMEM;
  g->accounts[g->naccounts++] = a;
  return AWSMAP_OK;
}

awsmap_status awsmap__graph_ensure_account(awsmap_graph *g, const char *account,
                                           const char *region, uint32_t *id) {
  awsmap__buf arn = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__buf_printf(&arn, "arn:%s:iam::%s:root",
                                        awsmap__arn_partition(region), account);
  if (st == AWSMAP_OK)
    st = ensure(g, AWSMAP__T_ACCOUNT, "", "", account, awsmap__buf_cstr(&arn), false, id);
  awsmap__buf_dispose(&arn);
  if (st == AWSMAP_OK && !*g->nodes[*id].account) {
    g->nodes[*id].account = g->nodes[*id].id;
    g->nodes[*id].external = 0;
  }
  return st;
}

awsmap_status awsmap__graph_ensure_region(awsmap_graph *g, const char *account,
                                          const char *region, uint32_t *id) {
  return ensure(g, AWSMAP__T_REGION, account, region, region, NULL, false, id);
}

awsmap_status awsmap__graph_ensure_zone(awsmap_graph *g, const char *account, const char *region,
                                        const char *zone, uint32_t *id) {
  return ensure(g, AWSMAP__T_ZONE, account, region, zone, NULL, false, id);
}

awsmap_status awsmap__graph_ensure_stub(awsmap_graph *g, const char *type, const char *account,
                                        const char *region, const char *id, uint32_t *out) {
  return ensure(g, type, account, region, id, NULL, true, out);
}

awsmap_status awsmap__graph_ensure_stub_arn(awsmap_graph *g, const char *type, const char *arn,
                                            uint32_t *out) {
  uint32_t found = awsmap__graph_find_arn(g, arn);
  if (found != UINT32_MAX) {
    *out = found;
    return AWSMAP_OK;
  }
  awsmap__arn parsed;
  awsmap__str rtype, rid;
  char *region = NULL, *account = NULL, *id = NULL;
  if (awsmap__arn_parse(arn, strlen(arn), &parsed) == AWSMAP_OK) {
    region = awsmap__strndup(parsed.region.ptr, parsed.region.len);
    account = awsmap__strndup(parsed.account.ptr, parsed.account.len);
    awsmap__arn_resource_split(parsed.resource, &rtype, &rid);
    id = awsmap__strndup(rid.ptr, rid.len);
  } else {
    region = awsmap__strdup("");
    account = awsmap__strdup("");
    id = awsmap__strdup(arn);
  }
  awsmap_status st = AWSMAP_ERR_NOMEM;
  if (region && account && id)
    st = ensure(g, type, account, region, id, arn, true, out);
  awsmap__free(region);
  awsmap__free(account);
  awsmap__free(id);
  return st;
}

/* ---- lifecycle -------------------------------------------------------------- */

awsmap_status awsmap__graph_new(awsmap_graph **out) {
  awsmap_graph *g = awsmap__calloc(1, sizeof *g);
  if (!g)
    return awsmap__error_nomem("graph:new");
  g->intern = awsmap__map_new(256);
  g->spec_by_record = awsmap__map_new(64);
  if (!g->intern || !g->spec_by_record) {
    awsmap__graph_free(g);
    return awsmap__error_nomem("graph:new");
  }
  for (size_t i = 0; i < awsmap__gspec_count; i++) {
    const char *rt = awsmap__gspecs[i].record_type;
    if (rt && awsmap__map_put(g->spec_by_record, rt, strlen(rt), (void *)(uintptr_t)(i + 1),
                              NULL) != AWSMAP_OK) {
      awsmap__graph_free(g);
      return awsmap__error_nomem("graph:new");
    }
  }
  *out = g;
  return AWSMAP_OK;
}

void awsmap__graph_free(awsmap_graph *g) {
  if (!g)
    return;
  for (awsmap__garena_block *b = g->arena, *next; b; b = next) {
    next = b->next;
    if (b->pages)
      awsmap__pages_free(b, ARENA_BIG_BLOCK);
    else
      awsmap__free(b);
  }
  awsmap__map_free(g->intern);
  awsmap__glookup_free(&g->by_arn);
  awsmap__glookup_free(&g->by_key);
  awsmap__map_free(g->spec_by_record);
  awsmap__graph_array_free(g->nodes, g->capnodes, sizeof *g->nodes);
  awsmap__graph_array_free(g->refs, g->caprefs, sizeof *g->refs);
  awsmap__graph_array_free(g->notes, g->capnotes, sizeof *g->notes);
  awsmap__graph_array_free(g->base, g->capbase, sizeof *g->base);
  awsmap__graph_array_free(g->errors, g->caperrors, sizeof *g->errors);
  awsmap__graph_array_free(g->accounts, g->capaccounts, sizeof *g->accounts);
  awsmap__graph_array_free(g->edges, g->capedges, sizeof *g->edges);
  awsmap__graph_free_indexes(g);
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(g->scratch); i++)
    awsmap__buf_dispose(&g->scratch[i]);
  awsmap__graph_array_free(g->events, g->capevents, sizeof *g->events);
  awsmap__buf_dispose(&g->arnbuf);
  awsmap__graph_array_free(g->tagbuf, g->captags, sizeof *g->tagbuf);
  awsmap__free(g);
}

awsmap_status awsmap__graph_add_account(awsmap_graph *g, const char *account,
                                        const char *region) {
  if (!g || !account || !*account)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:add_account",
                             "graph and a non-empty account ID are required");
  uint32_t id;
  if (add_account_id(g, account) != AWSMAP_OK ||
      awsmap__graph_ensure_account(g, account, region, &id) != AWSMAP_OK)
    return awsmap__error_nomem("graph:add_account");
  g->dirty = true;
  return AWSMAP_OK;
}

awsmap_status awsmap__graph_add_error(awsmap_graph *g, const char *account, const char *region,
                                      const char *service, const awsmap_error *err) {
  if (!g || !err)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:add_error",
                             "graph and error are required");
  if (awsmap__graph_grow((void **)&g->errors, &g->caperrors, g->nerrors, sizeof *g->errors))
    return awsmap__error_nomem("graph:add_error");
  awsmap__gerror *e = &g->errors[g->nerrors];
  e->account = awsmap__graph_intern(g, account);
  e->region = awsmap__graph_intern(g, region);
  e->service = awsmap__graph_intern(g, service);
  if (!e->account || !e->region || !e->service)
    return awsmap__error_nomem("graph:add_error");
  awsmap__error_copy(&e->error, err);
  g->nerrors++;
  g->dirty = true;
  return AWSMAP_OK;
}

awsmap_status awsmap__graph_note_account(awsmap_graph *g, const char *account) {
  return add_account_id(g, account);
}
