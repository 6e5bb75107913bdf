/* One record in: a node (ID, ARN, name, status, zone, tags, properties)
 * and the references it makes, kept for resolve. Status records become
 * notes that every resolve applies. */
#include "graph/graph.h"

#include <string.h>

#define OP "graph:add_record"

/* ---- notes (status records) -------------------------------------------------- */

static const char *dup_or_null(awsmap_graph *g, const char *s, bool *nomem) {
  if (!s)
    return NULL;
  const char *p = awsmap__graph_strdup(g, s);
  if (!p)
    *nomem = true;
  return p;
}

static awsmap_status add_note(awsmap_graph *g, int kind, const char *account,
                              const char *region, const awsmap_record *rec) {
  const char *type = awsmap_record_type(rec);
  const char *f_subject, *f_target = NULL, *f_state, *f_reason = NULL, *f_port = NULL,
                         *f_zone = NULL, *f_extra = NULL;
  switch (kind) {
  case AWSMAP__NOTE_INSTANCE_STATUS:
    f_subject = "InstanceId", f_state = "InstanceState.Name", f_reason = "InstanceStatus.Status";
    f_extra = "SystemStatus.Status", f_zone = "AvailabilityZone";
    break;
  case AWSMAP__NOTE_ELB_HEALTH:
    f_subject = "LoadBalancerName", f_target = "InstanceId", f_state = "State";
    f_reason = "ReasonCode", f_extra = "Description";
    break;
  case AWSMAP__NOTE_TARGET_HEALTH:
    f_subject = "TargetGroupArn", f_target = "Target.Id", f_state = "TargetHealth.State";
    f_reason = "TargetHealth.Reason", f_port = "Target.Port", f_zone = "Target.AvailabilityZone";
    f_extra = "TargetHealth.Description";
    break;
  default:
    f_subject = "Bucket", f_state = "LocationConstraint";
    break;
  }
  const char *subject = awsmap_record_get(rec, f_subject);
  const char *target = f_target ? awsmap_record_get(rec, f_target) : NULL;
  if (!subject || !*subject || (f_target && (!target || !*target)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "%s record without %s", type,
                             !subject || !*subject ? f_subject : f_target);
  if (awsmap__graph_grow((void **)&g->notes, &g->capnotes, g->nnotes, sizeof *g->notes))
    return awsmap__error_nomem(OP);
  bool nomem = false;
  awsmap__gnote *n = &g->notes[g->nnotes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->account = awsmap__graph_intern(g, account);
  n->region = awsmap__graph_intern(g, region);
  n->subject = dup_or_null(g, subject, &nomem);
  n->target = dup_or_null(g, target, &nomem);
  n->state = dup_or_null(g, awsmap_record_get(rec, f_state), &nomem);
  n->reason = f_reason ? dup_or_null(g, awsmap_record_get(rec, f_reason), &nomem) : NULL;
  n->port = f_port ? dup_or_null(g, awsmap_record_get(rec, f_port), &nomem) : NULL;
  n->zone = f_zone ? dup_or_null(g, awsmap_record_get(rec, f_zone), &nomem) : NULL;
  n->extra = f_extra ? dup_or_null(g, awsmap_record_get(rec, f_extra), &nomem) : NULL;
  if (nomem || !n->account || !n->region)
    return awsmap__error_nomem(OP);
  g->nnotes++;
  g->dirty = true;
  return AWSMAP_OK;
}

static int note_kind(const char *type) {
  if (strcmp(type, "ec2:instance-status") == 0)
    return AWSMAP__NOTE_INSTANCE_STATUS;
  if (strcmp(type, "elb:instance-health") == 0)
    return AWSMAP__NOTE_ELB_HEALTH;
  if (strcmp(type, "elbv2:target-health") == 0)
    return AWSMAP__NOTE_TARGET_HEALTH;
  if (strcmp(type, "s3:bucket-location") == 0)
    return AWSMAP__NOTE_BUCKET_LOCATION;
  return 0;
}

/* ---- one pass over the record -------------------------------------------------- */

/* What the fields of one record say, read with the spec's field table. */
typedef struct scan {
  const char *single[AWSMAP__GUSE_SINGLES]; /* first occurrence; NULL when absent */
  bool seen[AWSMAP__ARRAY_LEN(((awsmap__gspec *)0)->props)];
  size_t nprops, nevents, ntags;
} scan;

static const char *nonempty(const char *v) { return v && *v ? v : NULL; }

/* The entry for field i of rec. Decoder-built records name their fields with
 * the decoder tables' static strings: those are looked up by address first,
 * which saves a strlen, a hash and a compare on most of a record's fields. */
static const awsmap__gname *find_field(awsmap__gfields *f, const awsmap_record *rec, size_t i,
                                       const char *name) {
  const char *fixed = awsmap__record_static_name(rec, i);
  if (!fixed)
    return awsmap__gfields_find(f, name, strlen(name));
  awsmap__grecent *r = &f->recent[((uintptr_t)fixed >> 3) % AWSMAP__ARRAY_LEN(f->recent)];
  if (r->name != fixed) {
    r->entry = awsmap__gfields_find(f, fixed, strlen(fixed));
    r->name = fixed;
  }
  return r->entry;
}

static awsmap_status read_fields(awsmap_graph *g, const awsmap__gspec *spec, awsmap__gfields *f,
                                 const awsmap_record *rec, scan *s) {
  memset(s, 0, sizeof *s);
  while (s->nprops < AWSMAP__ARRAY_LEN(spec->props) && spec->props[s->nprops].field)
    s->nprops++;
  for (size_t p = 0; p < s->nprops; p++)
    awsmap__buf_clear(&g->scratch[p]);
  size_t nfields = awsmap_record_field_count(rec);
  for (size_t i = 0; i < nfields; i++) {
    const char *name;
    const char *value = awsmap_record_field_at(rec, i, &name);
    /* Tags are never properties; a spec never reads them otherwise either,
     * but they are looked up like any field to keep that a table matter. */
    bool tag = name[0] == 'T' && strncmp(name, "Tags.", 5) == 0 && name[5];
    if (tag) {
      if (awsmap__graph_grow((void **)&g->tagbuf, &g->captags, s->ntags, sizeof *g->tagbuf))
        return AWSMAP_ERR_NOMEM;
      g->tagbuf[s->ntags++] = (awsmap__kv){name + 5, value};
    }
    const awsmap__gname *e = find_field(f, rec, i, name);
    if (!e)
      continue;
    for (uint32_t u = e->first_use; u < e->first_use + e->nuses; u++) {
      const awsmap__guse *use = &f->uses[u];
      if (use->what < AWSMAP__GUSE_SINGLES) {
        if (!s->single[use->what])
          s->single[use->what] = value;
      } else if (use->what == AWSMAP__GUSE_PROP) {
        if (tag)
          continue;
        awsmap__buf *b = &g->scratch[use->index];
        if ((s->seen[use->index] && awsmap__buf_putc(b, ',') != AWSMAP_OK) ||
            awsmap__buf_puts(b, value) != AWSMAP_OK)
          return AWSMAP_ERR_NOMEM;
        s->seen[use->index] = true;
      } else {
        if (awsmap__graph_grow((void **)&g->events, &g->capevents, s->nevents,
                               sizeof *g->events))
          return AWSMAP_ERR_NOMEM;
        g->events[s->nevents++] = (awsmap__gevent){use->index, use->slot, value};
      }
    }
  }
  return AWSMAP_OK;
}

/* ---- references --------------------------------------------------------------- */

/* The fields of one list element a rule reads, in slot order (the slots
 * fieldmap.c gives them). The attribute alternatives (a route's IPv4, IPv6
 * or prefix-list destination) share one slot: an element has one of them,
 * and the next one starts a new element. */
enum { S_MAIN, S_OWNER, S_REGION, S_ATTR, S_ZONE, S_COUNT };

typedef struct ref_ctx {
  awsmap_graph *g;
  uint32_t node;
  uint16_t rule;
  const char *account, *region, *zone;
  size_t emitted;
} ref_ctx;

static awsmap_status emit(ref_ctx *c, const char *const *slot) {
  const awsmap__grule *r = &awsmap__grules[c->rule];
  if (!slot[S_MAIN] || !*slot[S_MAIN])
    return AWSMAP_OK;
  if (r->match_zone_field && (!slot[S_ZONE] || strcmp(slot[S_ZONE], c->zone) != 0))
    return AWSMAP_OK;
  if ((r->flags & AWSMAP__GRULE_PARENT) && c->emitted)
    return AWSMAP_OK;
  awsmap_graph *g = c->g;
  if (awsmap__graph_grow((void **)&g->refs, &g->caprefs, g->nrefs, sizeof *g->refs))
    return AWSMAP_ERR_NOMEM;
  const char *attr = slot[S_ATTR];
  awsmap__gref *ref = &g->refs[g->nrefs];
  ref->node = c->node;
  ref->rule = c->rule;
  ref->value = awsmap__graph_strdup(g, slot[S_MAIN]);
  ref->account = slot[S_OWNER] && *slot[S_OWNER] ? awsmap__graph_intern(g, slot[S_OWNER])
                                                  : c->account;
  ref->region = slot[S_REGION] && *slot[S_REGION] ? awsmap__graph_intern(g, slot[S_REGION])
                                                   : c->region;
  ref->attr = attr ? awsmap__graph_strdup(g, attr) : NULL;
  if (!ref->value || !ref->account || !ref->region || (attr && !ref->attr))
    return AWSMAP_ERR_NOMEM;
  g->nrefs++;
  c->emitted++;
  return AWSMAP_OK;
}

/* The rule's fields in record order. Rules that read several fields of one
 * list element (a route's target and destination, a group pair's group and
 * owner) group fields by position: a slot seen twice starts a new element. */
static awsmap_status walk_rule(ref_ctx *c, uint16_t pos, const scan *s) {
  const char *slot[S_COUNT] = {0};
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < s->nevents && st == AWSMAP_OK; i++) {
    const awsmap__gevent *e = &c->g->events[i];
    if (e->rule != pos)
      continue;
    if (slot[e->slot]) {
      st = emit(c, slot);
      memset(slot, 0, sizeof slot);
    }
    slot[e->slot] = e->value;
  }
  if (st == AWSMAP_OK)
    st = emit(c, slot);
  return st;
}

static awsmap_status add_refs(awsmap_graph *g, uint32_t node, const awsmap__gfields *f,
                              const scan *s, const char *account, const char *region) {
  bool have_parent = false;
  for (size_t j = 0; j < f->nrules; j++) {
    const awsmap__grule *r = &awsmap__grules[f->rules[j]];
    if ((r->flags & AWSMAP__GRULE_PARENT) && have_parent)
      continue;
    ref_ctx c = {g, node, f->rules[j], account, region, g->nodes[node].zone, 0};
    awsmap_status st = walk_rule(&c, (uint16_t)j, s);
    if (st != AWSMAP_OK)
      return st;
    if ((r->flags & AWSMAP__GRULE_PARENT) && c.emitted)
      have_parent = true;
  }
  return AWSMAP_OK;
}

/* ---- the node ------------------------------------------------------------------ */

/* Two records for one ARN (a peering seen from both sides, a repeated page):
 * keep the union, and on conflict the smaller value, so the outcome does not
 * depend on arrival order. */
const char *awsmap__graph_pick(const char *old, const char *neu) {
  if (!old || !*old)
    return neu;
  if (!neu || !*neu)
    return old;
  return strcmp(old, neu) <= 0 ? old : neu;
}

static awsmap_status merge_kv(awsmap_graph *g, awsmap__kv **dst, uint32_t *ndst,
                              const awsmap__kv *add, uint32_t nadd) {
  awsmap__kv *out = awsmap__graph_alloc(g, (*ndst + nadd + 1) * sizeof *out);
  if (!out)
    return AWSMAP_ERR_NOMEM;
  uint32_t i = 0, j = 0, n = 0;
  while (i < *ndst || j < nadd) {
    int c = i == *ndst ? 1 : j == nadd ? -1 : strcmp((*dst)[i].key, add[j].key);
    if (c < 0)
      out[n++] = (*dst)[i++];
    else if (c > 0)
      out[n++] = add[j++];
    else {
      out[n] = (*dst)[i];
      out[n++].value = awsmap__graph_pick((*dst)[i++].value, add[j++].value);
    }
  }
  *dst = out;
  *ndst = n;
  return AWSMAP_OK;
}

static awsmap_status fill_node(awsmap_graph *g, uint32_t id, const awsmap__gspec *spec,
                               const awsmap__gfields *f, const scan *s, const char *rid,
                               const char *account, const char *region) {
  size_t ntags = s->ntags;
  awsmap__kv *tags = ntags ? awsmap__graph_alloc(g, ntags * sizeof *tags) : NULL;
  if (ntags && !tags)
    return AWSMAP_ERR_NOMEM;
  for (size_t t = 0; t < ntags; t++) {
    tags[t].key = awsmap__graph_intern(g, g->tagbuf[t].key);
    tags[t].value = awsmap__graph_strdup(g, g->tagbuf[t].value);
    if (!tags[t].key || !tags[t].value)
      return AWSMAP_ERR_NOMEM;
  }
  awsmap__graph_sort_kv(tags, ntags);
  /* A repeated tag key keeps its first value: dedupe after the stable sort. */
  size_t kept = 0;
  for (size_t i = 0; i < ntags; i++)
    if (!kept || strcmp(tags[kept - 1].key, tags[i].key) != 0)
      tags[kept++] = tags[i];
  ntags = kept;

  size_t np = 0;
  for (size_t p = 0; p < s->nprops; p++)
    np += s->seen[p];
  awsmap__kv *props = np ? awsmap__graph_alloc(g, np * sizeof *props) : NULL;
  if (np && !props)
    return AWSMAP_ERR_NOMEM;
  np = 0;
  for (size_t p = 0; p < s->nprops; p++) {
    if (!s->seen[p])
      continue;
    props[np].key = f->prop_keys[p];
    props[np].value = awsmap__graph_strndup(g, g->scratch[p].ptr, g->scratch[p].len);
    if (!props[np].value)
      return AWSMAP_ERR_NOMEM;
    np++;
  }
  awsmap__graph_sort_kv(props, np);

  /* Name: the Name tag, the service's name, "PROTOCOL:PORT" for listeners, the ID. */
  awsmap__buf tmp = AWSMAP__BUF_INIT;
  const char *name = awsmap__graph_kv_get(tags, ntags, "Name");
  if (!name || !*name)
    name = nonempty(s->single[AWSMAP__GUSE_NAME]);
  if (!name && (spec->flags & AWSMAP__GSPEC_NAME_PROTO_PORT)) {
    const char *proto = nonempty(s->single[AWSMAP__GUSE_PROTO]);
    const char *port = nonempty(s->single[AWSMAP__GUSE_PORT]);
    if (proto || port) {
      if (awsmap__buf_printf(&tmp, "%s:%s", proto ? proto : "", port ? port : "") != AWSMAP_OK)
        return AWSMAP_ERR_NOMEM;
      name = tmp.ptr;
    }
  }
  if (!name)
    name = rid;

  awsmap__gnode *n = &g->nodes[id];
  bool merge = n->spec >= 0 && !n->external;
  const char *v_id = awsmap__graph_strdup(g, rid);
  const char *v_name = awsmap__graph_strdup(g, name);
  const char *v_status = awsmap__graph_intern(g, nonempty(s->single[AWSMAP__GUSE_STATUS]));
  const char *v_zone = awsmap__graph_intern(g, nonempty(s->single[AWSMAP__GUSE_ZONE]));
  awsmap__buf_dispose(&tmp);
  if (!v_id || !v_name || !v_status || !v_zone)
    return AWSMAP_ERR_NOMEM;
  n->type = spec->node_type; /* static strings from the table */
  n->spec = (int16_t)(spec - awsmap__gspecs);
  n->account = account;
  n->region = (spec->flags & AWSMAP__GSPEC_NO_REGION) ? "" : region;
  n->external = 0;
  n->loaded = 0;
  if (merge) {
    n->id = awsmap__graph_pick(n->id, v_id);
    n->name = awsmap__graph_pick(n->name, v_name);
    n->status = awsmap__graph_pick(n->status, v_status);
    n->zone = awsmap__graph_pick(n->zone, v_zone);
    if (merge_kv(g, &n->props, &n->nprops, props, (uint32_t)np) != AWSMAP_OK ||
        merge_kv(g, &n->tags, &n->ntags, tags, (uint32_t)ntags) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
  } else {
    /* A stub becoming real keeps any property set by a status record. */
    awsmap__kv *old = n->props;
    uint32_t nold = n->nprops;
    n->id = v_id;
    n->name = v_name;
    n->status = *v_status ? v_status : n->status;
    n->zone = v_zone;
    n->props = props;
    n->nprops = (uint32_t)np;
    n->tags = tags;
    n->ntags = (uint32_t)ntags;
    if (nold && merge_kv(g, &n->props, &n->nprops, old, nold) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
  }
  return AWSMAP_OK;
}

/* Interning with a one-entry memory per use: records arrive in runs of one
 * account and region, so this is usually one short compare. */
static const char *intern_recent(awsmap_graph *g, const char *s, int which) {
  const char *last = g->recent[which];
  if (last && strcmp(last, s) == 0)
    return last;
  const char *p = awsmap__graph_intern(g, s);
  if (p && *p)
    g->recent[which] = p;
  return p;
}

static awsmap_status add_node(awsmap_graph *g, size_t spec_index, const char *account,
                              const char *region, const awsmap_record *rec) {
  const awsmap__gspec *spec = &awsmap__gspecs[spec_index];
  awsmap__gfields *f = awsmap__gfields_get(g, spec_index);
  scan s;
  if (!f || read_fields(g, spec, f, rec, &s) != AWSMAP_OK)
    return awsmap__error_nomem(OP);
  const char *rtype = spec->record_type;
  const char *arn_given = nonempty(s.single[AWSMAP__GUSE_ARN]);
  const char *rid = nonempty(s.single[AWSMAP__GUSE_ID]);
  awsmap__buf idbuf = AWSMAP__BUF_INIT, *arn = &g->arnbuf;
  awsmap__buf_clear(arn);
  awsmap_status st = AWSMAP_OK;
  if (!rid && (spec->flags & AWSMAP__GSPEC_ID_FROM_ARN) && arn_given) {
    awsmap__arn parsed;
    awsmap__str t, i;
    if (awsmap__arn_parse(arn_given, strlen(arn_given), &parsed) == AWSMAP_OK) {
      awsmap__arn_resource_split(parsed.resource, &t, &i);
      st = awsmap__buf_put(&idbuf, i.ptr, i.len);
    } else {
      st = awsmap__buf_puts(&idbuf, arn_given);
    }
    rid = idbuf.ptr;
  }
  if (st == AWSMAP_OK && (!rid || !*rid || (!arn_given && !spec->arn_format))) {
    awsmap__buf_dispose(&idbuf);
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "%s record without %s", rtype,
                             spec->id_field ? spec->id_field : spec->arn_field);
  }
  const char *owner = nonempty(s.single[AWSMAP__GUSE_OWNER]);
  const char *nregion = nonempty(s.single[AWSMAP__GUSE_REGION]);
  const char *acc = intern_recent(g, owner ? owner : account, 0);
  const char *reg = intern_recent(g, nregion ? nregion : region, 1);
  if (!acc || !reg)
    st = AWSMAP_ERR_NOMEM;
  if (st == AWSMAP_OK)
    st = arn_given ? awsmap__buf_puts(arn, arn_given)
                   : awsmap__arn_format(arn, spec->arn_format, reg, acc, rid);
  uint32_t id = 0;
  bool created;
  if (st == AWSMAP_OK)
    st = awsmap__graph_node_get(g, arn->ptr, &id, &created);
  if (st == AWSMAP_OK)
    st = fill_node(g, id, spec, f, &s, rid, acc, reg);
  if (st == AWSMAP_OK)
    st = awsmap__graph_node_index(g, id);
  if (st == AWSMAP_OK)
    st = add_refs(g, id, f, &s, acc, reg);
  awsmap__buf_dispose(&idbuf);
  if (st != AWSMAP_OK)
    return awsmap__error_nomem(OP);
  g->dirty = true;
  return AWSMAP_OK;
}

awsmap_status awsmap__graph_add_record(awsmap_graph *g, const char *account, const char *region,
                                       const awsmap_record *rec) {
  if (!g || !account || !*account || !region || !*region || !rec)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "graph, record, account and region are required");
  /* Records come in runs of one account: its node and listing exist after the first. */
  if (!g->last_account || strcmp(g->last_account, account) != 0) {
    uint32_t acc_node;
    if (awsmap__graph_note_account(g, account) != AWSMAP_OK ||
        awsmap__graph_ensure_account(g, account, region, &acc_node) != AWSMAP_OK ||
        !(g->last_account = awsmap__graph_intern(g, account)))
      return awsmap__error_nomem(OP);
  }
  g->dirty = true;
  const char *type = awsmap_record_type(rec);
  int note = note_kind(type);
  if (note)
    return add_note(g, note, account, region, rec);
  void *v = awsmap__map_get(g->spec_by_record, type, strlen(type));
  if (!v) {
    AWSMAP__TRACE("graph", "ignoring a %s record", type);
    return AWSMAP_OK;
  }
  return add_node(g, (uintptr_t)v - 1, account, region, rec);
}
