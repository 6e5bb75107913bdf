/*
 * graph: ARN-keyed nodes, typed edges, the table-driven resolver, and the
 * JSON/DOT exporters. Knows records and core only (nothing of HTTP).
 *
 * Internal API for discovery: create a graph, feed it records with their
 * (account, region) context one at a time, record partial failures, then
 * resolve. Resolve is idempotent (it rebuilds every edge from what was
 * added), so it can run after each batch or once at the end.
 *
 *   arn.c       partitions, ARN parsing and formatting
 *   store.c     the graph object: arena, interning, nodes, accounts, errors
 *   rules.c     the tables: node specs (ID/ARN/name/status/properties) and edge rules
 *   ingest.c    one record -> node + pending references / status notes
 *   resolve.c   references -> edges, stubs, containment, sorting, indexes
 *   access.c    the public read-only accessors
 *   json_out.c  JSON export;  json_in.c  JSON load;  dot.c  Graphviz export
 */
#ifndef AWSMAP_GRAPH_INTERNAL_H
#define AWSMAP_GRAPH_INTERNAL_H

#include "core/core.h"
#include "awsmap/graph.h"

#include <string.h>

/* ---- arn ------------------------------------------------------------------ */

/* Views into the parsed text. resource is everything after the fifth ':'. */
typedef struct awsmap__arn {
  awsmap__str partition, service, region, account, resource;
} awsmap__arn;

/* "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, "aws-iso(-b)" for us-iso(b)-*,
 * else "aws" (also for NULL or ""). Static string. */
const char *awsmap__arn_partition(const char *region);
/* Splits "arn:partition:service:region:account:resource". Partition, service
 * and resource must be non-empty; region and account may be empty (S3, IAM).
 * AWSMAP_ERR_PARSE otherwise (no error message set: it is a predicate). */
awsmap_status awsmap__arn_parse(const char *s, size_t len, awsmap__arn *out);
/* "instance/i-1" -> ("instance", "i-1"); "db:mydb" -> ("db", "mydb");
 * "bucket" -> ("", "bucket"). The first '/' or ':' splits. */
void awsmap__arn_resource_split(awsmap__str resource, awsmap__str *type, awsmap__str *id);
/* Expands {p} partition (from region), {r} region, {a} account, {i} id. */
awsmap_status awsmap__arn_format(awsmap__buf *out, const char *fmt, const char *region,
                                 const char *account, const char *id);

/* ---- tables (rules.c) ------------------------------------------------------ */

typedef struct awsmap__gprop {
  const char *field; /* record field (repeats are joined with ",") */
  const char *key;   /* property name */
} awsmap__gprop;

enum {
  AWSMAP__GSPEC_GLOBAL = 1,     /* looked up by ID alone (S3 buckets, accounts) */
  AWSMAP__GSPEC_ID_FROM_ARN = 2,/* ID is the ARN's resource after its type (ELBv2) */
  AWSMAP__GSPEC_NAME_PROTO_PORT = 4, /* name "PROTOCOL:PORT" (listeners) */
  AWSMAP__GSPEC_NO_CONTAINER = 8,    /* no default region container (accounts, listeners) */
  AWSMAP__GSPEC_NO_REGION = 16       /* the node has no region (accounts) */
};

typedef struct awsmap__gspec {
  const char *record_type; /* NULL: only for stubs and synthetic nodes */
  const char *node_type;
  const char *id_field;
  const char *arn_field;    /* ARN the API returns, or NULL */
  const char *arn_format;   /* see awsmap__arn_format */
  const char *name_field;   /* the service's own name, after the Name tag */
  const char *status_field;
  const char *owner_field;  /* account that owns it, else the context account */
  const char *region_field; /* region it lives in, else the context region */
  const char *zone_field;
  unsigned flags;
  awsmap__gprop props[18];
} awsmap__gspec;

enum {
  AWSMAP__GRULE_REVERSE = 1, /* edge goes target -> record's node */
  AWSMAP__GRULE_PARENT = 2,  /* containment: the first parent rule with a value wins */
  AWSMAP__GRULE_BY_ARN = 4,  /* the field holds an ARN */
  AWSMAP__GRULE_BY_PREFIX = 8/* target type from the ID prefix (route targets) */
};

typedef struct awsmap__grule {
  const char *record_type;
  const char *field;
  const char *target_type; /* NULL with BY_PREFIX */
  const char *kind;
  unsigned flags;
  /* Fields of the same list element as `field` (NULL when unused). */
  const char *owner_field, *region_field;
  const char *attr_key;          /* attribute set on the edge ... */
  const char *attr_value;        /* ... to a constant, or */
  const char *attr_fields[3];    /* ... to the first of these present in the element */
  const char *match_zone_field;  /* element must be in the node's zone */
} awsmap__grule;

extern const awsmap__gspec awsmap__gspecs[];
extern const size_t awsmap__gspec_count;
extern const awsmap__grule awsmap__grules[];
extern const size_t awsmap__grule_count;

const awsmap__gspec *awsmap__gspec_by_node_type(const char *type);
/* Node type for an EC2 ID by its prefix ("igw-" -> ec2:internet-gateway), or
 * NULL for "local" and unknown prefixes. */
const char *awsmap__gtype_by_prefix(const char *id);

/* Well-known types and kinds, shared by resolve and the exporters. */
#define AWSMAP__T_ACCOUNT "aws:account"
#define AWSMAP__T_REGION "ec2:region"
#define AWSMAP__T_ZONE "ec2:availability-zone"
#define AWSMAP__T_IP "ip"
#define AWSMAP__K_CONTAINS "contains"

/* ---- the graph object ----------------------------------------------------- */

typedef struct awsmap__kv {
  const char *key, *value;
} awsmap__kv;

typedef struct awsmap__gnode {
  const char *arn, *type, *id, *name, *account, *region, *zone, *status;
  awsmap__kv *props, *tags;
  uint32_t nprops, ntags;
  uint8_t external; /* stub: referenced, never described */
  uint8_t loaded;   /* came from JSON: no default containment */
  int16_t spec;     /* index into awsmap__gspecs, -1 when none */
  uint8_t derived;  /* made by resolve from a status record (a registered IP) */
  uint8_t hidden;   /* left out of this resolve's graph (resolve.c: hide_stale) */
} awsmap__gnode;

typedef struct awsmap__gedge {
  uint32_t from, to; /* node ids while resolving, sorted positions afterwards */
  const char *kind;  /* interned */
  awsmap__kv *attrs;
  uint32_t nattrs;
} awsmap__gedge;

/* A reference found in a record, resolved to an edge by awsmap__graph_resolve. */
typedef struct awsmap__gref {
  uint32_t node;
  uint16_t rule;
  const char *value, *account, *region, *attr;
} awsmap__gref;

enum {
  AWSMAP__NOTE_INSTANCE_STATUS = 1,
  AWSMAP__NOTE_ELB_HEALTH,
  AWSMAP__NOTE_TARGET_HEALTH,
  AWSMAP__NOTE_BUCKET_LOCATION
};
/* A status record, applied by every resolve. */
typedef struct awsmap__gnote {
  int kind;
  const char *account, *region;
  const char *subject;  /* instance ID, LB name, target group ARN, bucket */
  const char *target;   /* instance ID / IP / ARN of a target */
  const char *state, *reason, *port, *zone, *extra;
} awsmap__gnote;

typedef struct awsmap__gerror {
  const char *account, *region, *service;
  awsmap_error error;
} awsmap__gerror;

typedef struct awsmap__garena_block awsmap__garena_block;

/* lookup.c: node ids by ARN or by key, the keys being the nodes' own strings. */
typedef struct awsmap__glookup {
  uint64_t *slots; /* hash << 32 | (id + 1); 0 is empty */
  size_t cap, count;
} awsmap__glookup;

typedef struct awsmap__gkey {
  const char *type, *account, *region, *id;
} awsmap__gkey;

/* ---- fieldmap.c: which record fields ingest reads, per spec --------------- */

/* Fields read once (the first occurrence counts, as awsmap_record_get). */
enum {
  AWSMAP__GUSE_ID, AWSMAP__GUSE_ARN, AWSMAP__GUSE_OWNER, AWSMAP__GUSE_REGION,
  AWSMAP__GUSE_NAME, AWSMAP__GUSE_STATUS, AWSMAP__GUSE_ZONE,
  AWSMAP__GUSE_PROTO, AWSMAP__GUSE_PORT, /* NAME_PROTO_PORT specs only */
  AWSMAP__GUSE_SINGLES,
  AWSMAP__GUSE_PROP = AWSMAP__GUSE_SINGLES, /* index: the property */
  AWSMAP__GUSE_RULE                         /* index: position in the spec's rules; slot */
};

typedef struct awsmap__guse {
  uint8_t what, slot;
  uint16_t index;
} awsmap__guse;

typedef struct awsmap__gname {
  const char *name; /* NULL: empty slot */
  uint32_t len, hash;
  uint32_t first_use, nuses;
} awsmap__gname;

/* A field name seen before, by address (static names only: see ingest.c). */
typedef struct awsmap__grecent {
  const char *name;           /* NULL: empty */
  const awsmap__gname *entry; /* NULL: the spec does not read this field */
} awsmap__grecent;

/* One spec's lookup table: a record is read in one pass, one probe per field. */
typedef struct awsmap__gfields {
  awsmap__gname *names;
  uint32_t mask;
  awsmap__guse *uses;
  uint16_t *rules; /* indices into awsmap__grules, in table order */
  size_t nrules;
  const char *prop_keys[18]; /* interned property names */
  awsmap__grecent recent[64]; /* by the name's address: no strlen, hash or compare */
} awsmap__gfields;

/* A field a rule reads, seen while scanning a record (field order). */
typedef struct awsmap__gevent {
  uint16_t rule; /* position in the spec's rules */
  uint8_t slot;
  const char *value;
} awsmap__gevent;

uint32_t awsmap__gfields_hash(const char *name, size_t len);
/* The table for spec index `spec`, built on first use (in the graph's arena). */
awsmap__gfields *awsmap__gfields_get(awsmap_graph *g, size_t spec);
/* The entry for a field name, or NULL. */
static inline const awsmap__gname *awsmap__gfields_find(const awsmap__gfields *f,
                                                        const char *name, size_t len) {
  uint32_t h = awsmap__gfields_hash(name, len);
  for (uint32_t i = h & f->mask;; i = (i + 1) & f->mask) {
    const awsmap__gname *e = &f->names[i];
    if (!e->name)
      return NULL;
    if (e->hash == h && e->len == len && memcmp(e->name, name, len) == 0)
      return e;
  }
}

struct awsmap_graph {
  awsmap__garena_block *arena;
  size_t arena_bytes;    /* all blocks, for the block size */
  awsmap__map *intern;   /* string -> arena copy */
  awsmap__glookup by_arn; /* ARN -> node id */
  awsmap__glookup by_key; /* (type, account, region, id) -> node id; EC2 types without the
                           * account, global types by id alone (lookup.c) */
  awsmap__map *spec_by_record; /* record type -> spec index + 1 */

  awsmap__gnode *nodes;  /* in creation order (ids) */
  size_t nnodes, capnodes;
  awsmap__gref *refs;
  size_t nrefs, caprefs;
  awsmap__gnote *notes;
  size_t nnotes, capnotes;
  awsmap__gedge *base;   /* edges loaded from JSON, kept by every resolve */
  size_t nbase, capbase;
  awsmap__gerror *errors;
  size_t nerrors, caperrors;
  const char **accounts; /* interned, sorted by resolve */
  size_t naccounts, capaccounts;

  /* Built by resolve. */
  awsmap__gedge *edges;  /* sorted by (from, to, kind) positions */
  size_t nedges, capedges;
  uint32_t *order;       /* position -> node id (ARN order) */
  uint32_t *rank;        /* node id -> position */
  uint32_t *out_off;     /* nnodes + 1 offsets into edges */
  uint32_t *in_off;      /* nnodes + 1 offsets into in_edges */
  uint32_t *in_edges;    /* edge indices sorted by (to, from, kind) */
  uint32_t *by_type;     /* positions sorted by (type, position) */
  size_t indexed_nodes;  /* nodes listed by the indexes (hidden ones are not) */
  size_t ranked_nodes;   /* nnodes when the indexes were built: rank[] covers these */
  awsmap__buf scratch[20]; /* reused by ingest for joined property values */
  awsmap__gfields **fields;  /* per spec, built on first use */
  awsmap__gevent *events;    /* reused by ingest: rule fields of one record */
  size_t capevents;
  awsmap__kv *tagbuf;        /* reused by ingest: tags of one record */
  size_t captags;
  const char *last_account;  /* its account node exists and is listed */
  const char *recent[2];     /* last interned context account and region */
  awsmap__buf arnbuf;        /* reused by ingest: the ARN being built */
  bool dirty;            /* records added since the last resolve */
};

/* store.c */
void *awsmap__graph_alloc(awsmap_graph *g, size_t size);
const char *awsmap__graph_strndup(awsmap_graph *g, const char *s, size_t len);
const char *awsmap__graph_strdup(awsmap_graph *g, const char *s); /* NULL -> "" */
const char *awsmap__graph_intern(awsmap_graph *g, const char *s);  /* NULL -> "" */
/* Grows an array of elements of `size` bytes so one more fits (n used of *cap). */
awsmap_status awsmap__graph_grow(void **arr, size_t *cap, size_t n, size_t size);
/* Grows it to at least want elements (contents kept). */
awsmap_status awsmap__graph_reserve(void **arr, size_t *cap, size_t want, size_t size);
/* Frees an array grown by the two above. */
void awsmap__graph_array_free(void *arr, size_t cap, size_t size);
/* Node id by ARN or by key; UINT32_MAX when absent. */
uint32_t awsmap__graph_find_arn(const awsmap_graph *g, const char *arn);
uint32_t awsmap__graph_find_key(const awsmap_graph *g, const char *type, const char *account,
                                const char *region, const char *id);
/* Registers node id under its ARN (the node's arn must be set and stay put). */
awsmap_status awsmap__graph_lookup_add_arn(awsmap_graph *g, uint32_t id);
void awsmap__glookup_free(awsmap__glookup *t);
/* Types keyed by ID alone (S3 buckets, accounts, peering connections). */
bool awsmap__graph_global_type(const char *type);
/* Creates a node with this ARN (fields empty, spec -1) or returns the one
 * that exists; *created says which. */
awsmap_status awsmap__graph_node_get(awsmap_graph *g, const char *arn, uint32_t *id,
                                     bool *created);
/* Registers a node under its key (lookup.c). */
awsmap_status awsmap__graph_node_index(awsmap_graph *g, uint32_t id);
/* Sets (replaces) or adds one property. */
awsmap_status awsmap__graph_node_set_prop(awsmap_graph *g, uint32_t id, const char *key,
                                          const char *value);
/* Sorts a key/value array by key (stable for equal keys). */
void awsmap__graph_sort_kv(awsmap__kv *kv, size_t n);
const char *awsmap__graph_kv_get(const awsmap__kv *kv, size_t n, const char *key);
/* The account (and its aws:account node); region gives the partition. */
awsmap_status awsmap__graph_ensure_account(awsmap_graph *g, const char *account,
                                           const char *region, uint32_t *id);
awsmap_status awsmap__graph_ensure_region(awsmap_graph *g, const char *account,
                                          const char *region, uint32_t *id);
awsmap_status awsmap__graph_ensure_zone(awsmap_graph *g, const char *account,
                                        const char *region, const char *zone, uint32_t *id);
/* Lists an account in "accounts" (no node). */
awsmap_status awsmap__graph_note_account(awsmap_graph *g, const char *account);
/* Of two values for one field, the one a merge keeps whatever the order the
 * records came in: a non-empty one, else the smaller string. */
const char *awsmap__graph_pick(const char *old, const char *neu);
/* A stub for a referenced resource of a known type. */
awsmap_status awsmap__graph_ensure_stub(awsmap_graph *g, const char *type, const char *account,
                                        const char *region, const char *id, uint32_t *out);
awsmap_status awsmap__graph_ensure_stub_arn(awsmap_graph *g, const char *type,
                                            const char *arn, uint32_t *out);

/* ---- the internal API for discovery ----------------------------------------- */

awsmap_status awsmap__graph_new(awsmap_graph **out);
void awsmap__graph_free(awsmap_graph *g);
/* Adds an account (its aws:account node and an entry in "accounts"). region
 * (may be NULL) chooses the partition of the account's ARN. */
awsmap_status awsmap__graph_add_account(awsmap_graph *g, const char *account,
                                        const char *region);
/* One record read in (account, region). Copies what it needs. One thread at a time. */
awsmap_status awsmap__graph_add_record(awsmap_graph *g, const char *account, const char *region,
                                       const awsmap_record *rec);
/* A partial failure: which account/region/service, and the error (copied). */
awsmap_status awsmap__graph_add_error(awsmap_graph *g, const char *account, const char *region,
                                      const char *service, const awsmap_error *err);
/* Builds edges, stubs, containment and the sorted indexes. Idempotent. */
awsmap_status awsmap__graph_resolve(awsmap_graph *g);

/* Sorts nodes/edges/accounts/errors and builds the indexes from g->edges as
 * they stand (node ids); used by resolve and by the JSON loader. */
awsmap_status awsmap__graph_finish(awsmap_graph *g);
/* Frees what finish builds (sorted order, ranks, adjacency, by-type index). */
void awsmap__graph_free_indexes(awsmap_graph *g);

/* Adds an edge between node ids to g->edges (duplicates are merged later). */
awsmap_status awsmap__graph_edge_add(awsmap_graph *g, uint32_t from, uint32_t to,
                                     const char *kind, const awsmap__kv *attrs, size_t nattrs);

/* ---- export helpers ---------------------------------------------------------- */

/* Appends s as a JSON string literal (quotes included). */
awsmap_status awsmap__graph_json_string(awsmap__buf *b, const char *s);
/* The node at sorted position pos. */
static inline const awsmap__gnode *awsmap__graph_at(const awsmap_graph *g, size_t pos) {
  return &g->nodes[g->order[pos]];
}

#endif /* AWSMAP_GRAPH_INTERNAL_H */
