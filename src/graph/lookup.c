/* Finding nodes by ARN and by key: (type, account, region, ID); EC2
 * resources without the account, global types by (type, ID).
 *
 * Each table is open addressing over node ids, eight bytes a slot (a 32-bit
 * hash and the id): the keys are the nodes' own strings, compared in place,
 * so no key is copied or allocated. A string-keyed map cost ~150 bytes and
 * two allocations per node and table, most of the graph's page faults. */
#include "graph/graph.h"

#include <string.h>

#define EMPTY 0u

static uint64_t slot_make(uint32_t hash, uint32_t id) {
  return (uint64_t)hash << 32 | (uint64_t)(id + 1);
}
static uint32_t slot_id(uint64_t s) { return (uint32_t)s - 1; }
static uint32_t slot_hash(uint64_t s) { return (uint32_t)(s >> 32); }

void awsmap__glookup_free(awsmap__glookup *t) {
  awsmap__free(t->slots);
  t->slots = NULL;
  t->cap = t->count = 0;
}

/* Global types are keyed by ID alone: buckets and accounts, and peering
 * connections, whose IDs are unique across AWS and which route tables and
 * both sides' describe calls name from either account and region. Checked by
 * name: this runs for every reference, and a table scan would dominate resolve. */
bool awsmap__graph_global_type(const char *type) {
  return (type[0] == 's' && strcmp(type, "s3:bucket") == 0) ||
         (type[0] == 'a' && strcmp(type, AWSMAP__T_ACCOUNT) == 0) ||
         (type[0] == 'e' && strcmp(type, "ec2:vpc-peering-connection") == 0);
}

/* EC2 resource IDs (vpc-..., subnet-..., i-...) are unique across accounts,
 * and a VPC shared through RAM is listed, subnets and all, under its owner:
 * an instance of another account in it must find the owner's subnet. So
 * these are keyed by region and ID; zones and regions are named per account. */
static bool keyed_without_account(const char *type) {
  return type[0] == 'e' && strncmp(type, "ec2:", 4) == 0 &&
         strcmp(type + 4, "availability-zone") != 0 && strcmp(type + 4, "region") != 0;
}

static uint32_t hash_str(const char *s) { return (uint32_t)awsmap__hash(s, strlen(s)); }

static uint32_t hash_key(const awsmap__gkey *k) {
  uint32_t h = hash_str(k->id) ^ hash_str(k->type) * 0x9e3779b1u;
  if (awsmap__graph_global_type(k->type))
    return h;
  h ^= hash_str(k->region) * 0xc2b2ae3du;
  if (!keyed_without_account(k->type))
    h ^= hash_str(k->account) * 0x85ebca77u;
  return h;
}

static bool same_key(const awsmap__gnode *n, const awsmap__gkey *k) {
  if (strcmp(n->id, k->id) != 0 || strcmp(n->type, k->type) != 0)
    return false;
  if (awsmap__graph_global_type(k->type))
    return true;
  return strcmp(n->region, k->region) == 0 &&
         (keyed_without_account(k->type) || strcmp(n->account, k->account) == 0);
}

/* The slot holding a matching node, or the empty slot where it would go. */
static size_t probe_arn(const awsmap_graph *g, const awsmap__glookup *t, const char *arn,
                        uint32_t h) {
  size_t mask = t->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t s = t->slots[i];
    if (s == EMPTY || (slot_hash(s) == h && strcmp(g->nodes[slot_id(s)].arn, arn) == 0))
      return i;
  }
}

static size_t probe_key(const awsmap_graph *g, const awsmap__glookup *t, const awsmap__gkey *k,
                        uint32_t h) {
  size_t mask = t->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t s = t->slots[i];
    if (s == EMPTY || (slot_hash(s) == h && same_key(&g->nodes[slot_id(s)], k)))
      return i;
  }
}

/* Keeps the load under 3/4; rehashes from the stored hashes alone. */
static awsmap_status reserve_one(awsmap__glookup *t) {
  if (t->cap && (t->count + 1) * 4 <= t->cap * 3)
    return AWSMAP_OK;
  size_t cap = t->cap ? t->cap * 2 : 1024;
  uint64_t *slots = awsmap__calloc(cap, sizeof *slots);
  if (!slots)
    return AWSMAP_ERR_NOMEM;
  for (size_t i = 0; i < t->cap; i++) {
    uint64_t s = t->slots[i];
    if (s == EMPTY)
      continue;
    size_t j = slot_hash(s) & (cap - 1);
    while (slots[j] != EMPTY)
      j = (j + 1) & (cap - 1);
    slots[j] = s;
  }
  awsmap__free(t->slots);
  t->slots = slots;
  t->cap = cap;
  return AWSMAP_OK;
}

/* The node id in slot i, or UINT32_MAX when it is empty. */
static uint32_t found(const awsmap__glookup *t, size_t i) {
  return t->slots[i] == EMPTY ? UINT32_MAX : slot_id(t->slots[i]);
}

/* Puts id in slot i (empty, or holding the same key). */
static void place(awsmap__glookup *t, size_t i, uint32_t h, uint32_t id) {
  t->count += t->slots[i] == EMPTY;
  t->slots[i] = slot_make(h, id);
}

uint32_t awsmap__graph_find_arn(const awsmap_graph *g, const char *arn) {
  const awsmap__glookup *t = &g->by_arn;
  if (!t->count)
    return UINT32_MAX;
  return found(t, probe_arn(g, t, arn, hash_str(arn)));
}

awsmap_status awsmap__graph_lookup_add_arn(awsmap_graph *g, uint32_t id) {
  awsmap__glookup *t = &g->by_arn;
  if (reserve_one(t) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  const char *arn = g->nodes[id].arn;
  uint32_t h = hash_str(arn);
  place(t, probe_arn(g, t, arn, h), h, id);
  return AWSMAP_OK;
}

uint32_t awsmap__graph_find_key(const awsmap_graph *g, const char *type, const char *account,
                                const char *region, const char *id) {
  const awsmap__glookup *t = &g->by_key;
  if (!t->count)
    return UINT32_MAX;
  awsmap__gkey k = {type, account, region, id};
  return found(t, probe_key(g, t, &k, hash_key(&k)));
}

awsmap_status awsmap__graph_node_index(awsmap_graph *g, uint32_t id) {
  awsmap__glookup *t = &g->by_key;
  if (reserve_one(t) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  const awsmap__gnode *n = &g->nodes[id];
  awsmap__gkey k = {n->type, n->account, n->region, n->id};
  uint32_t h = hash_key(&k);
  place(t, probe_key(g, t, &k, h), h, id);
  return AWSMAP_OK;
}
