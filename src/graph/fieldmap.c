/* Per-spec field tables: every record field a spec reads (ID, ARN, name,
 * status, zone, properties, the fields its rules follow), so ingest reads a
 * record in one pass with one probe per field instead of a scan of the
 * record per lookup and per rule. Built on first use, in the graph's arena. */
#include "graph/graph.h"

/* Cheap on purpose (it runs for every field of every record): names that
 * differ mostly differ in length or in their first, middle or last letter. */
uint32_t awsmap__gfields_hash(const char *name, size_t len) {
  if (!len)
    return 0;
  return (uint32_t)len * 2654435761u ^ (uint32_t)(unsigned char)name[0] * 40503u ^
         (uint32_t)(unsigned char)name[len / 2] * 9973u ^
         (uint32_t)(unsigned char)name[len - 1] * 131u;
}

/* A use of a name, collected before the table is laid out. */
typedef struct pending {
  const char *name;
  awsmap__guse use;
} pending;

typedef struct builder {
  pending *items; /* room for every name a spec and its rules can name */
  size_t n;
} builder;

static void add(builder *b, const char *name, uint8_t what, uint16_t index, uint8_t slot) {
  if (name)
    b->items[b->n++] = (pending){name, {what, slot, index}};
}

/* The first slot a rule gives a name wins, as in a linear slot search. */
static bool rule_has(const builder *b, uint16_t rule, const char *name) {
  for (size_t i = 0; i < b->n; i++)
    if (b->items[i].use.what == AWSMAP__GUSE_RULE && b->items[i].use.index == rule &&
        strcmp(b->items[i].name, name) == 0)
      return true;
  return false;
}

static void add_rule_field(builder *b, uint16_t rule, const char *name, uint8_t slot) {
  if (name && !rule_has(b, rule, name))
    add(b, name, AWSMAP__GUSE_RULE, rule, slot);
}

/* Slots as ingest.c numbers them: main, owner, region, attribute, zone. */
static void add_rule(builder *b, uint16_t pos, const awsmap__grule *r) {
  add_rule_field(b, pos, r->field, 0);
  add_rule_field(b, pos, r->owner_field, 1);
  add_rule_field(b, pos, r->region_field, 2);
  for (int i = 0; i < 3; i++)
    add_rule_field(b, pos, r->attr_fields[i], 3);
  add_rule_field(b, pos, r->match_zone_field, 4);
}

static awsmap__gfields *build(awsmap_graph *g, const awsmap__gspec *spec) {
  /* singles, properties, and per rule its main, owner, region, three attribute and zone fields */
  size_t room = AWSMAP__GUSE_SINGLES + AWSMAP__ARRAY_LEN(spec->props) + 7 * awsmap__grule_count;
  builder bld = {awsmap__malloc(room * sizeof *bld.items), 0}, *b = &bld;
  awsmap__gfields *f = awsmap__graph_alloc(g, sizeof *f);
  if (!b->items || !f) {
    awsmap__free(b->items);
    return NULL;
  }
  memset(f, 0, sizeof *f);
  add(b, spec->id_field, AWSMAP__GUSE_ID, 0, 0);
  add(b, spec->arn_field, AWSMAP__GUSE_ARN, 0, 0);
  add(b, spec->owner_field, AWSMAP__GUSE_OWNER, 0, 0);
  add(b, spec->region_field, AWSMAP__GUSE_REGION, 0, 0);
  add(b, spec->name_field, AWSMAP__GUSE_NAME, 0, 0);
  add(b, spec->status_field, AWSMAP__GUSE_STATUS, 0, 0);
  add(b, spec->zone_field, AWSMAP__GUSE_ZONE, 0, 0);
  if (spec->flags & AWSMAP__GSPEC_NAME_PROTO_PORT) {
    add(b, "Protocol", AWSMAP__GUSE_PROTO, 0, 0);
    add(b, "Port", AWSMAP__GUSE_PORT, 0, 0);
  }
  for (size_t p = 0; p < AWSMAP__ARRAY_LEN(spec->props) && spec->props[p].field; p++) {
    add(b, spec->props[p].field, AWSMAP__GUSE_PROP, (uint16_t)p, 0);
    if (!(f->prop_keys[p] = awsmap__graph_intern(g, spec->props[p].key)))
      goto fail;
  }
  size_t nrules = 0;
  for (size_t i = 0; i < awsmap__grule_count; i++)
    nrules += strcmp(awsmap__grules[i].record_type, spec->record_type) == 0;
  f->rules = nrules ? awsmap__graph_alloc(g, nrules * sizeof *f->rules) : NULL;
  if (nrules && !f->rules)
    goto fail;
  for (size_t i = 0; i < awsmap__grule_count; i++) {
    if (strcmp(awsmap__grules[i].record_type, spec->record_type) != 0)
      continue;
    add_rule(b, (uint16_t)f->nrules, &awsmap__grules[i]);
    f->rules[f->nrules++] = (uint16_t)i;
  }

  /* Distinct names, each with its uses in a run; a table at most 1/4 full. */
  uint32_t size = 8;
  while (size < 4 * b->n)
    size *= 2;
  f->mask = size - 1;
  f->names = awsmap__graph_alloc(g, size * sizeof *f->names);
  f->uses = awsmap__graph_alloc(g, (b->n + 1) * sizeof *f->uses);
  if (!f->names || !f->uses)
    goto fail;
  memset(f->names, 0, size * sizeof *f->names);
  uint32_t nuses = 0;
  for (size_t i = 0; i < b->n; i++) {
    const char *name = b->items[i].name;
    size_t len = strlen(name);
    if (awsmap__gfields_find(f, name, len))
      continue; /* its uses were gathered with its first appearance */
    uint32_t h = awsmap__gfields_hash(name, len), slot = h & f->mask;
    while (f->names[slot].name)
      slot = (slot + 1) & f->mask;
    awsmap__gname *e = &f->names[slot];
    *e = (awsmap__gname){name, (uint32_t)len, h, nuses, 0};
    for (size_t j = i; j < b->n; j++) {
      if (strcmp(b->items[j].name, name) == 0) {
        f->uses[nuses++] = b->items[j].use;
        e->nuses++;
      }
    }
  }
  awsmap__free(b->items);
  return f;
fail:
  awsmap__free(b->items);
  return NULL;
}

awsmap__gfields *awsmap__gfields_get(awsmap_graph *g, size_t spec) {
  if (!g->fields) {
    g->fields = awsmap__graph_alloc(g, awsmap__gspec_count * sizeof *g->fields);
    if (!g->fields)
      return NULL;
    memset(g->fields, 0, awsmap__gspec_count * sizeof *g->fields);
  }
  if (!g->fields[spec])
    g->fields[spec] = build(g, &awsmap__gspecs[spec]);
  return g->fields[spec];
}
