/* The table-driven decoder. A call's table is compiled once into a trie of
 * element names; while the SAX parser runs, the decoder keeps one trie node
 * per open element, so each start tag is one hash probe among the current
 * node's children, unknown subtrees are skipped by counting depth, and the
 * only copying is of leaf text into the record being built. */
#include "services/internal.h"

#include <string.h>

enum kind { K_NONE, K_RECORD, K_FIELD, K_OUTER, K_TOKEN, K_TAG_ITEM, K_TAG_KEY, K_TAG_VALUE };

#define MAX_DEPTH 256 /* the XML parser's nesting limit, AWSMAP__XML_MAX_DEPTH */

typedef struct node {
  const char *name;
  uint32_t name_len, hash;
  uint8_t kind;
  bool clears_outer;   /* starting this element begins a new outer group */
  const char *field;   /* FIELD/OUTER name; RECORD: the record's own-text field or NULL */
  int32_t outer_index;
  int32_t first_child, next_sibling, nchildren;
  uint32_t table_off, table_mask; /* child hash table in t->tables */
} node;

struct awsmap__decoder_table {
  const awsmap__call_spec *spec;
  node *nodes;
  size_t count, cap;
  int32_t *tables;
  size_t tables_len;
};

/* Cheap on purpose: it runs for every start tag, and sibling element names
 * differ in length or in their first, middle or last letter; the rare
 * collision just probes one slot further. */
static uint32_t hash_name(const char *s, size_t len) {
  if (!len)
    return 0;
  return (uint32_t)len * 2654435761u ^ (uint32_t)(unsigned char)s[0] * 40503u ^
         (uint32_t)(unsigned char)s[len / 2] * 9973u ^ (uint32_t)(unsigned char)s[len - 1] * 131u;
}

static int32_t add_node(awsmap__decoder_table *t, const char *name, size_t len) {
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    node *n = awsmap__realloc(t->nodes, cap * sizeof *n);
    if (!n)
      return -1;
    t->nodes = n;
    t->cap = cap;
  }
  node *n = &t->nodes[t->count];
  memset(n, 0, sizeof *n);
  n->name = name;
  n->name_len = (uint32_t)len;
  n->hash = hash_name(name, len);
  n->first_child = n->next_sibling = n->outer_index = -1;
  return (int32_t)t->count++;
}

static int32_t find_child_linear(const awsmap__decoder_table *t, int32_t parent, const char *name,
                                 size_t len) {
  for (int32_t c = t->nodes[parent].first_child; c >= 0; c = t->nodes[c].next_sibling)
    if (t->nodes[c].name_len == len && memcmp(t->nodes[c].name, name, len) == 0)
      return c;
  return -1;
}

/* Walks/creates the '/'-separated path below `from`; returns the last node
 * (from itself for ""), -1 when out of memory. Names point into the static
 * table strings, so nothing is copied. */
static int32_t insert(awsmap__decoder_table *t, int32_t from, const char *path) {
  int32_t at = from;
  const char *p = path;
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    int32_t c = find_child_linear(t, at, p, len);
    if (c < 0) {
      c = add_node(t, p, len);
      if (c < 0)
        return -1;
      t->nodes[c].next_sibling = t->nodes[at].first_child;
      t->nodes[at].first_child = c;
      t->nodes[at].nchildren++;
    }
    at = c;
    p += len + (slash ? 1 : 0);
  }
  return at;
}

/* Marks a node; two different roles for one element is a table bug. */
static awsmap_status mark(awsmap__decoder_table *t, int32_t n, enum kind k, const char *field) {
  if (n < 0)
    return AWSMAP_ERR_NOMEM;
  node *nd = &t->nodes[n];
  if (nd->kind != K_NONE && (nd->kind != k || nd->field != field))
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, t->spec->operation,
                             "decoder table: element '%.*s' has two roles", (int)nd->name_len,
                             nd->name);
  nd->kind = (uint8_t)k;
  nd->field = field;
  return AWSMAP_OK;
}

static awsmap_status build_child_tables(awsmap__decoder_table *t) {
  size_t need = 0;
  for (size_t i = 0; i < t->count; i++) {
    uint32_t size = 4;
    while (size < 2u * (uint32_t)t->nodes[i].nchildren)
      size *= 2;
    t->nodes[i].table_off = (uint32_t)need;
    t->nodes[i].table_mask = size - 1;
    need += t->nodes[i].nchildren ? size : 0;
  }
  t->tables = awsmap__malloc((need ? need : 1) * sizeof *t->tables);
  if (!t->tables)
    return AWSMAP_ERR_NOMEM;
  t->tables_len = need;
  for (size_t i = 0; i < need; i++)
    t->tables[i] = -1;
  for (size_t i = 0; i < t->count; i++) {
    node *n = &t->nodes[i];
    for (int32_t c = n->first_child; c >= 0; c = t->nodes[c].next_sibling) {
      uint32_t slot = t->nodes[c].hash & n->table_mask;
      while (t->tables[n->table_off + slot] >= 0)
        slot = (slot + 1) & n->table_mask;
      t->tables[n->table_off + slot] = c;
    }
  }
  return AWSMAP_OK;
}

static awsmap_status compile(awsmap__decoder_table *t) {
  const awsmap__call_spec *s = t->spec;
  if (add_node(t, "", 0) != 0) /* the document root: its name is not checked */
    return AWSMAP_ERR_NOMEM;
  int32_t rec = insert(t, 0, s->record_path);
  awsmap_status st = mark(t, rec, K_RECORD, NULL);
  for (size_t i = 0; st == AWSMAP_OK && i < s->field_count; i++) {
    if (!s->fields[i].wire[0]) { /* the record element's own text */
      t->nodes[rec].field = s->fields[i].name;
      continue;
    }
    st = mark(t, insert(t, rec, s->fields[i].wire), K_FIELD, s->fields[i].name);
  }
  for (size_t i = 0; st == AWSMAP_OK && i < s->outer_count; i++) {
    int32_t n = insert(t, 0, s->outer[i].wire);
    st = mark(t, n, K_OUTER, s->outer[i].name);
    if (st == AWSMAP_OK) {
      t->nodes[n].outer_index = (int32_t)i;
      /* the outer value's parent element starts a new group (a reservation) */
      const char *slash = strrchr(s->outer[i].wire, '/');
      if (slash) {
        awsmap__buf parent = AWSMAP__BUF_INIT;
        if (awsmap__buf_put(&parent, s->outer[i].wire, (size_t)(slash - s->outer[i].wire)))
          return AWSMAP_ERR_NOMEM;
        /* the path exists already: insert only walks it */
        size_t before = t->count;
        int32_t p = insert(t, 0, awsmap__buf_cstr(&parent));
        awsmap__buf_dispose(&parent);
        if (p < 0 || t->count != before)
          return p < 0 ? AWSMAP_ERR_NOMEM : AWSMAP_ERR_INTERNAL;
        t->nodes[p].clears_outer = true;
      }
    }
  }
  if (st == AWSMAP_OK && s->tags_path) {
    int32_t item = insert(t, rec, s->tags_path);
    st = mark(t, item, K_TAG_ITEM, NULL);
    if (st == AWSMAP_OK)
      st = mark(t, insert(t, item, s->tag_key), K_TAG_KEY, NULL);
    if (st == AWSMAP_OK)
      st = mark(t, insert(t, item, s->tag_value), K_TAG_VALUE, NULL);
  }
  if (st == AWSMAP_OK && s->token_path)
    st = mark(t, insert(t, 0, s->token_path), K_TOKEN, NULL);
  return st == AWSMAP_OK ? build_child_tables(t) : st;
}

awsmap_status awsmap__decoder_table_new(awsmap__decoder_table **out, const awsmap__call_spec *spec) {
  awsmap__decoder_table *t = awsmap__calloc(1, sizeof *t);
  if (!t)
    return awsmap__error_nomem("decoder");
  t->spec = spec;
  awsmap_status st = compile(t);
  if (st != AWSMAP_OK) {
    awsmap__decoder_table_free(t);
    return st == AWSMAP_ERR_NOMEM ? awsmap__error_nomem("decoder") : st;
  }
  *out = t;
  return AWSMAP_OK;
}

void awsmap__decoder_table_free(awsmap__decoder_table *t) {
  if (!t)
    return;
  awsmap__free(t->nodes);
  awsmap__free(t->tables);
  awsmap__free(t);
}

/* Element names are short: compared in place with (possibly overlapping)
 * 8- or 4-byte loads, which beats a call to memcmp on this path (every start
 * tag). */
static bool same_name(const char *a, const char *b, size_t len) {
  if (len >= 8) {
    for (size_t i = 0; i + 8 < len; i += 8)
      if (awsmap__load64(a + i) != awsmap__load64(b + i))
        return false;
    return awsmap__load64(a + len - 8) == awsmap__load64(b + len - 8);
  }
  if (len >= 4)
    return awsmap__load32(a) == awsmap__load32(b) &&
           awsmap__load32(a + len - 4) == awsmap__load32(b + len - 4);
  while (len--)
    if (*a++ != *b++)
      return false;
  return true;
}

static int32_t child(const awsmap__decoder_table *t, int32_t parent, const char *name, size_t len) {
  const node *p = &t->nodes[parent];
  if (!p->nchildren)
    return -1;
  uint32_t h = hash_name(name, len);
  for (uint32_t slot = h & p->table_mask;; slot = (slot + 1) & p->table_mask) {
    int32_t c = t->tables[p->table_off + slot];
    if (c < 0)
      return -1;
    const node *n = &t->nodes[c];
    if (n->hash == h && n->name_len == len && same_name(n->name, name, len))
      return c;
  }
}

/* ---- the running decoder ---------------------------------------------- */

#define MAX_EXTRA 4

struct awsmap__decoder {
  const awsmap__decoder_table *t;
  awsmap__emit_fn emit;
  void *ctx;
  int32_t stack[MAX_DEPTH];
  int skip; /* depth inside an element the table does not know */
  awsmap_record *rec;
  awsmap__buf tag_key, tag_value, name, token;
  awsmap__buf *outer;
  const char *extra_name[MAX_EXTRA];
  char *extra_value[MAX_EXTRA];
  size_t extra_count, emitted;
};

awsmap__decoder *awsmap__decoder_new(const awsmap__decoder_table *t, awsmap__emit_fn emit,
                                     void *ctx) {
  awsmap__decoder *d = awsmap__calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->t = t;
  d->emit = emit;
  d->ctx = ctx;
  if (t->spec->outer_count) {
    d->outer = awsmap__calloc(t->spec->outer_count, sizeof *d->outer);
    if (!d->outer) {
      awsmap__free(d);
      return NULL;
    }
  }
  return d;
}

void awsmap__decoder_reset(awsmap__decoder *d) {
  awsmap__record_free(d->rec);
  d->rec = NULL;
  d->skip = 0;
  d->emitted = 0;
  awsmap__buf_clear(&d->token);
  for (size_t i = 0; i < d->t->spec->outer_count; i++)
    awsmap__buf_clear(&d->outer[i]);
}

void awsmap__decoder_free(awsmap__decoder *d) {
  if (!d)
    return;
  awsmap__record_free(d->rec);
  awsmap__buf_dispose(&d->tag_key);
  awsmap__buf_dispose(&d->tag_value);
  awsmap__buf_dispose(&d->name);
  awsmap__buf_dispose(&d->token);
  for (size_t i = 0; d->outer && i < d->t->spec->outer_count; i++)
    awsmap__buf_dispose(&d->outer[i]);
  awsmap__free(d->outer);
  for (size_t i = 0; i < d->extra_count; i++)
    awsmap__free(d->extra_value[i]);
  awsmap__free(d);
}

awsmap_status awsmap__decoder_add_extra(awsmap__decoder *d, const char *name, const char *value) {
  if (d->extra_count == MAX_EXTRA)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "decoder", "too many extra fields");
  char *v = awsmap__strdup(value);
  if (!v)
    return awsmap__error_nomem("decoder");
  d->extra_name[d->extra_count] = name;
  d->extra_value[d->extra_count++] = v;
  return AWSMAP_OK;
}

const char *awsmap__decoder_token(const awsmap__decoder *d) { return awsmap__buf_cstr(&d->token); }
size_t awsmap__decoder_records(const awsmap__decoder *d) { return d->emitted; }

static awsmap_status nomem(void) { return awsmap__error_nomem("decoder"); }

static awsmap_status on_start(void *ctx, int depth, const char *name, size_t len) {
  awsmap__decoder *d = ctx;
  if (d->skip) {
    d->skip++;
    return AWSMAP_OK;
  }
  int32_t n = 0;
  if (depth > 0) {
    n = depth < MAX_DEPTH ? child(d->t, d->stack[depth - 1], name, len) : -1;
    if (n < 0) {
      d->skip = 1;
      return AWSMAP_OK;
    }
  }
  d->stack[depth] = n;
  const node *nd = &d->t->nodes[n];
  if (nd->clears_outer)
    for (size_t i = 0; i < d->t->spec->outer_count; i++)
      awsmap__buf_clear(&d->outer[i]);
  if (nd->kind == K_RECORD) {
    awsmap__record_free(d->rec);
    d->rec = awsmap__record_new(d->t->spec->record_type);
    if (!d->rec)
      return nomem();
  } else if (nd->kind == K_TAG_ITEM) {
    awsmap__buf_clear(&d->tag_key);
    awsmap__buf_clear(&d->tag_value);
  }
  return AWSMAP_OK;
}

static awsmap_status set(awsmap__buf *b, const char *text, size_t len) {
  awsmap__buf_clear(b);
  return awsmap__buf_put(b, text, len) == AWSMAP_OK ? AWSMAP_OK : nomem();
}

/* S3 reports us-east-1 as no constraint and eu-west-1 by its legacy name. */
static const char *s3_region(const char *text, size_t len) {
  if (len == 0)
    return "us-east-1";
  if (len == 2 && memcmp(text, "EU", 2) == 0)
    return "eu-west-1";
  return NULL;
}

static awsmap_status finish_record(awsmap__decoder *d, const node *nd, const char *text,
                                   size_t len) {
  awsmap_record *r = d->rec;
  const awsmap__call_spec *s = d->t->spec;
  if (nd->field) {
    const char *v = s->s3_region ? s3_region(text, len) : NULL;
    if (v ? awsmap__record_add(r, nd->field, v, strlen(v))
          : (len ? awsmap__record_add(r, nd->field, text, len) : AWSMAP_OK))
      return nomem();
  }
  for (size_t i = 0; i < s->outer_count; i++)
    if (d->outer[i].len &&
        awsmap__record_add(r, s->outer[i].name, d->outer[i].ptr, d->outer[i].len) != AWSMAP_OK)
      return nomem();
  for (size_t i = 0; i < d->extra_count; i++)
    if (awsmap__record_add(r, d->extra_name[i], d->extra_value[i], strlen(d->extra_value[i])) !=
        AWSMAP_OK)
      return nomem();
  d->rec = NULL;
  d->emitted++;
  return d->emit(d->ctx, r);
}

static awsmap_status on_end(void *ctx, int depth, const char *name, size_t len, const char *text,
                            size_t text_len) {
  awsmap__decoder *d = ctx;
  if (d->skip) {
    d->skip--;
    return AWSMAP_OK;
  }
  const node *nd = &d->t->nodes[d->stack[depth]];
  switch (nd->kind) {
  case K_FIELD:
    if (d->rec && text_len && awsmap__record_add(d->rec, nd->field, text, text_len) != AWSMAP_OK)
      return nomem();
    return AWSMAP_OK;
  case K_RECORD:
    return d->rec ? finish_record(d, nd, text, text_len) : AWSMAP_OK;
  case K_OUTER:
    return set(&d->outer[nd->outer_index], text, text_len);
  case K_TOKEN:
    return set(&d->token, text, text_len);
  case K_TAG_KEY:
    return set(&d->tag_key, text, text_len);
  case K_TAG_VALUE:
    return set(&d->tag_value, text, text_len);
  case K_TAG_ITEM:
    if (!d->rec || !d->tag_key.len)
      return AWSMAP_OK;
    awsmap__buf_clear(&d->name);
    if (awsmap__buf_put(&d->name, "Tags.", 5) || awsmap__buf_put(&d->name, d->tag_key.ptr, d->tag_key.len) ||
        awsmap__record_add_copy_name(d->rec, d->name.ptr, d->name.len,
                                     awsmap__buf_cstr(&d->tag_value), d->tag_value.len))
      return nomem();
    return AWSMAP_OK;
  default:
    return AWSMAP_OK;
  }
}

static const awsmap__xml_handler decoder_handler = {on_start, on_end};
const awsmap__xml_handler *awsmap__decoder_handler(void) { return &decoder_handler; }
