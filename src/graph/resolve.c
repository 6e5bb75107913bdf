/* Resolve: references -> edges (stubs for what is missing), status records
 * applied, default containment (account -> region -> ...), peering, then the
 * deterministic order (nodes by ARN, edges by (from, to, kind)) and the
 * indexes the accessors use. Everything is rebuilt on each call. */
#include "graph/graph.h"

#include <stdlib.h>
#include <string.h>

#define OP "graph:resolve"

awsmap_status awsmap__graph_edge_add(awsmap_graph *g, uint32_t from, uint32_t to,
                                     const char *kind, const awsmap__kv *attrs, size_t nattrs) {
  if (from == to)
    return AWSMAP_OK; /* e.g. a group that references itself: not an edge worth drawing */
  if (awsmap__graph_grow((void **)&g->edges, &g->capedges, g->nedges, sizeof *g->edges))
    return AWSMAP_ERR_NOMEM;
  awsmap__gedge *e = &g->edges[g->nedges];
  e->from = from;
  e->to = to;
  e->kind = kind;
  e->attrs = NULL;
  e->nattrs = 0;
  if (nattrs) {
    e->attrs = awsmap__graph_alloc(g, nattrs * sizeof *e->attrs);
    if (!e->attrs)
      return AWSMAP_ERR_NOMEM;
    for (size_t i = 0; i < nattrs; i++)
      if (attrs[i].value && *attrs[i].value)
        e->attrs[e->nattrs++] = attrs[i];
    awsmap__graph_sort_kv(e->attrs, e->nattrs);
  }
  g->nedges++;
  return AWSMAP_OK;
}

/* ---- references ------------------------------------------------------------------ */

static awsmap_status resolve_refs(awsmap_graph *g) {
  for (size_t i = 0; i < g->nrefs; i++) {
    const awsmap__gref *ref = &g->refs[i];
    const awsmap__grule *r = &awsmap__grules[ref->rule];
    const char *type = r->target_type;
    if (r->flags & AWSMAP__GRULE_BY_PREFIX)
      type = awsmap__gtype_by_prefix(ref->value);
    if (!type)
      continue; /* "local" routes, unknown gateway kinds */
    uint32_t t;
    awsmap_status st;
    if (r->flags & AWSMAP__GRULE_BY_ARN) {
      t = awsmap__graph_find_arn(g, ref->value);
      st = t != UINT32_MAX ? AWSMAP_OK : awsmap__graph_ensure_stub_arn(g, type, ref->value, &t);
    } else {
      t = awsmap__graph_find_key(g, type, ref->account, ref->region, ref->value);
      st = t != UINT32_MAX ? AWSMAP_OK
                           : awsmap__graph_ensure_stub(g, type, ref->account, ref->region,
                                                       ref->value, &t);
    }
    if (st != AWSMAP_OK)
      return st;
    awsmap__kv attr = {r->attr_key, r->attr_value ? r->attr_value : ref->attr};
    bool rev = r->flags & AWSMAP__GRULE_REVERSE;
    st = awsmap__graph_edge_add(g, rev ? t : ref->node, rev ? ref->node : t, r->kind, &attr,
                                r->attr_key && attr.value ? 1 : 0);
    if (st != AWSMAP_OK)
      return st;
  }
  return AWSMAP_OK;
}

/* ---- status records ----------------------------------------------------------------- */

static uint32_t find_or_stub(awsmap_graph *g, const char *type, const char *account,
                             const char *region, const char *id, awsmap_status *st) {
  uint32_t t = awsmap__graph_find_key(g, type, account, region, id);
  if (t == UINT32_MAX)
    *st = awsmap__graph_ensure_stub(g, type, account, region, id, &t);
  return t;
}

static uint32_t find_or_stub_arn(awsmap_graph *g, const char *type, const char *arn,
                                 awsmap_status *st) {
  uint32_t t = awsmap__graph_find_arn(g, arn);
  if (t == UINT32_MAX)
    *st = awsmap__graph_ensure_stub_arn(g, type, arn, &t);
  return t;
}

static bool is_ip(const char *s) {
  bool digit = false;
  for (; *s; s++) {
    if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F'))
      digit = true;
    else if (*s != '.' && *s != ':')
      return false;
  }
  return digit;
}

static const char *nz(const char *s) { return s && *s ? s : NULL; }

/* Status records that change nodes: run before references, so a stub made
 * here is found by them and a real record replaces it. */
static awsmap_status apply_node_notes(awsmap_graph *g) {
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < g->nnotes && st == AWSMAP_OK; i++) {
    const awsmap__gnote *n = &g->notes[i];
    if (n->kind == AWSMAP__NOTE_INSTANCE_STATUS) {
      uint32_t t = find_or_stub(g, "ec2:instance", n->account, n->region, n->subject, &st);
      if (st != AWSMAP_OK)
        break;
      if (nz(n->state))
        g->nodes[t].status = n->state;
      if (nz(n->reason))
        st = awsmap__graph_node_set_prop(g, t, "instance_status", n->reason);
      if (st == AWSMAP_OK && nz(n->extra))
        st = awsmap__graph_node_set_prop(g, t, "system_status", n->extra);
      if (st == AWSMAP_OK && !*g->nodes[t].zone && nz(n->zone))
        g->nodes[t].zone = n->zone;
    } else if (n->kind == AWSMAP__NOTE_BUCKET_LOCATION) {
      uint32_t t = find_or_stub(g, "s3:bucket", n->account, n->region, n->subject, &st);
      if (st != AWSMAP_OK)
        break;
      /* GetBucketLocation: "" (or null) is us-east-1, "EU" the old name of eu-west-1. */
      const char *loc = n->state;
      if (!nz(loc))
        loc = strcmp(awsmap__arn_partition(n->region), "aws") == 0 ? "us-east-1" : n->region;
      else if (strcmp(loc, "EU") == 0)
        loc = "eu-west-1";
      const char *r = awsmap__graph_intern(g, loc);
      if (!r)
        return AWSMAP_ERR_NOMEM;
      g->nodes[t].region = r;
      if (!*g->nodes[t].account)
        g->nodes[t].account = n->account;
    }
  }
  return st;
}

static awsmap_status target_health(awsmap_graph *g, const awsmap__gnote *n) {
  awsmap_status st = AWSMAP_OK;
  uint32_t tg = find_or_stub_arn(g, "elbv2:target-group", n->subject, &st);
  if (st != AWSMAP_OK)
    return st;
  const awsmap__gnode *tgn = &g->nodes[tg];
  const char *account = *tgn->account ? tgn->account : n->account;
  const char *region = *tgn->region ? tgn->region : n->region;
  const char *vpc = awsmap__graph_kv_get(tgn->props, tgn->nprops, "vpc_id");
  uint32_t t;
  if (awsmap__str_starts_with(n->target, "arn:")) {
    const char *type = strstr(n->target, ":lambda:") ? "lambda:function" : "elbv2:load-balancer";
    t = find_or_stub_arn(g, type, n->target, &st);
  } else if (is_ip(n->target)) {
    awsmap__buf id = AWSMAP__BUF_INIT;
    st = vpc ? awsmap__buf_printf(&id, "%s/%s", vpc, n->target) : awsmap__buf_puts(&id, n->target);
    if (st == AWSMAP_OK)
      st = awsmap__graph_ensure_stub(g, AWSMAP__T_IP, account, region, id.ptr, &t);
    awsmap__buf_dispose(&id);
    if (st != AWSMAP_OK)
      return st;
    /* A registered IP is a real target, not a stub: it lives in the group's VPC. */
    awsmap__gnode *ip = &g->nodes[t];
    const char *addr = awsmap__graph_strdup(g, n->target);
    if (!addr)
      return AWSMAP_ERR_NOMEM;
    ip->id = ip->name = addr;
    ip->external = 0;
    ip->derived = 1;
    ip->hidden = 0; /* made again by this resolve */
    /* one IP in several groups: the same result whichever answer came first */
    ip->status = awsmap__graph_pick(ip->status, nz(n->state) ? n->state : "");
    if (nz(n->zone) && strcmp(n->zone, "all") != 0)
      ip->zone = awsmap__graph_pick(ip->zone, n->zone);
    uint32_t v = vpc ? awsmap__graph_find_key(g, "ec2:vpc", account, region, vpc) : UINT32_MAX;
    if (v != UINT32_MAX)
      st = awsmap__graph_edge_add(g, v, t, AWSMAP__K_CONTAINS, NULL, 0);
  } else {
    t = find_or_stub(g, "ec2:instance", account, region, n->target, &st);
  }
  if (st != AWSMAP_OK)
    return st;
  awsmap__kv attrs[] = {{"health", n->state}, {"port", n->port}, {"reason", n->reason}};
  return awsmap__graph_edge_add(g, tg, t, "target", attrs, AWSMAP__ARRAY_LEN(attrs));
}

/* Status records that annotate edges: after references, so the edge exists. */
static awsmap_status apply_edge_notes(awsmap_graph *g) {
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < g->nnotes && st == AWSMAP_OK; i++) {
    const awsmap__gnote *n = &g->notes[i];
    if (n->kind == AWSMAP__NOTE_ELB_HEALTH) {
      uint32_t lb = find_or_stub(g, "elb:load-balancer", n->account, n->region, n->subject, &st);
      uint32_t t = st == AWSMAP_OK
                       ? find_or_stub(g, "ec2:instance", n->account, n->region, n->target, &st)
                       : 0;
      const char *reason = nz(n->reason) && strcmp(n->reason, "N/A") != 0 ? n->reason : NULL;
      awsmap__kv attrs[] = {{"health", n->state}, {"reason", reason}};
      if (st == AWSMAP_OK)
        st = awsmap__graph_edge_add(g, lb, t, "target", attrs, AWSMAP__ARRAY_LEN(attrs));
    } else if (n->kind == AWSMAP__NOTE_TARGET_HEALTH) {
      st = target_health(g, n);
    }
  }
  return st;
}

/* ---- containment defaults, zones, peering ---------------------------------------------- */

/* What an earlier resolve made and this one would not have is left out, so
 * that resolving after every batch gives the graph one resolve gives: a
 * stub displaced from its key by the real node (another account's ARN: a
 * RAM-shared subnet described after the resolve that stubbed it) and has no
 * edge, and a derived node (an IP target) no status record made again.
 * Runs once references and status records have their edges. */
static awsmap_status hide_stale(awsmap_graph *g) {
  uint8_t *linked = awsmap__calloc(g->nnodes + 1, 1);
  if (!linked)
    return AWSMAP_ERR_NOMEM;
  for (size_t i = 0; i < g->nedges; i++)
    linked[g->edges[i].from] = linked[g->edges[i].to] = 1;
  for (size_t i = 0; i < g->nnodes; i++) {
    awsmap__gnode *n = &g->nodes[i];
    if (n->external && !linked[i] &&
        awsmap__graph_find_key(g, n->type, n->account, n->region, n->id) != i)
      n->hidden = 1;
    else if (linked[i])
      n->hidden = 0; /* whatever has an edge is listed */
  }
  awsmap__free(linked);
  return AWSMAP_OK;
}

static awsmap_status containment(awsmap_graph *g) {
  const char *contains = AWSMAP__K_CONTAINS;
  /* Zones flow from a subnet to what it contains (NAT gateways report none). */
  for (size_t i = 0; i < g->nedges; i++) {
    const awsmap__gedge *e = &g->edges[i];
    if ((e->kind == contains || strcmp(e->kind, contains) == 0) && !*g->nodes[e->to].zone &&
        strcmp(g->nodes[e->from].type, "ec2:subnet") == 0)
      g->nodes[e->to].zone = g->nodes[e->from].zone;
  }
  uint8_t *has_parent = awsmap__calloc(g->nnodes + 1, 1);
  if (!has_parent)
    return AWSMAP_ERR_NOMEM;
  size_t known = g->nnodes;
  for (size_t i = 0; i < g->nedges; i++)
    if ((g->edges[i].kind == contains || strcmp(g->edges[i].kind, contains) == 0) &&
        g->edges[i].to < known)
      has_parent[g->edges[i].to] = 1;
  awsmap_status st = AWSMAP_OK;
  const char *last_zone = NULL, *last_region = NULL, *last_account = NULL;
  /* Nodes created in the loop (regions, zones, accounts) are visited too. */
  for (size_t i = 0; i < g->nnodes && st == AWSMAP_OK; i++) {
    const awsmap__gnode *n = &g->nodes[i];
    if (n->external || n->loaded || n->hidden)
      continue;
    const awsmap__gspec *spec = n->spec >= 0 ? &awsmap__gspecs[n->spec] : NULL;
    uint32_t parent = UINT32_MAX;
    const char *account = n->account, *region = n->region, *zone = n->zone;
    bool is_zone = strcmp(n->type, AWSMAP__T_ZONE) == 0;
    /* Every zone in use is a node. Neighbours share their zone: the same
     * strings as the last time need no second lookup. */
    if (*zone && !is_zone && *region && *account &&
        (zone != last_zone || region != last_region || account != last_account)) {
      uint32_t z;
      st = awsmap__graph_ensure_zone(g, account, region, zone, &z);
      if (st != AWSMAP_OK)
        break;
      last_zone = zone, last_region = region, last_account = account;
      n = &g->nodes[i]; /* a new zone node may have moved the array */
    }
    if (i < known && has_parent[i])
      continue;
    if (strcmp(n->type, AWSMAP__T_ACCOUNT) == 0 || !*account) {
      /* top level */
    } else if (strcmp(n->type, AWSMAP__T_REGION) == 0) {
      st = awsmap__graph_ensure_account(g, account, region, &parent);
    } else if (*region && !(spec && (spec->flags & AWSMAP__GSPEC_NO_CONTAINER))) {
      st = awsmap__graph_ensure_region(g, account, region, &parent);
    }
    if (st == AWSMAP_OK && parent != UINT32_MAX)
      st = awsmap__graph_edge_add(g, parent, (uint32_t)i, contains, NULL, 0);
  }
  awsmap__free(has_parent);
  return st;
}

static awsmap_status peering(awsmap_graph *g) {
  size_t n = g->nnodes;
  uint32_t *side = awsmap__malloc(2 * (n + 1) * sizeof *side);
  if (!side)
    return AWSMAP_ERR_NOMEM;
  memset(side, 0xff, 2 * (n + 1) * sizeof *side);
  for (size_t i = 0; i < g->nedges; i++) {
    const awsmap__gedge *e = &g->edges[i];
    if (strcmp(e->kind, "connects") != 0 || e->from >= n)
      continue;
    const char *role = awsmap__graph_kv_get(e->attrs, e->nattrs, "role");
    if (role)
      side[2 * e->from + (strcmp(role, "requester") == 0 ? 0 : 1)] = e->to;
  }
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < n && st == AWSMAP_OK; i++) {
    if (side[2 * i] == UINT32_MAX || side[2 * i + 1] == UINT32_MAX)
      continue;
    const awsmap__gnode *pcx = &g->nodes[i];
    if (pcx->loaded)
      continue; /* a loaded graph has its peering edges already */
    awsmap__kv attrs[] = {{"connection", pcx->id}, {"status", pcx->status}};
    st = awsmap__graph_edge_add(g, side[2 * i], side[2 * i + 1], "peering", attrs, 2);
  }
  awsmap__free(side);
  return st;
}

awsmap_status awsmap__graph_resolve(awsmap_graph *g) {
  if (!g)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "graph is NULL");
  g->nedges = 0;
  /* One allocation up front: references, status records, containment and
   * peering rarely need more, and growing by copies dominated resolve time. */
  size_t want = g->nbase + g->nrefs + 2 * g->nnotes + 2 * g->nnodes + 64;
  if (awsmap__graph_reserve((void **)&g->edges, &g->capedges, want, sizeof *g->edges))
    return awsmap__error_nomem(OP);
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < g->nnodes; i++) /* derived nodes stay only if made again */
    g->nodes[i].hidden = g->nodes[i].derived;
  for (size_t i = 0; i < g->nbase && st == AWSMAP_OK; i++)
    st = awsmap__graph_edge_add(g, g->base[i].from, g->base[i].to, g->base[i].kind,
                                g->base[i].attrs, g->base[i].nattrs);
  if (st == AWSMAP_OK)
    st = apply_node_notes(g);
  if (st == AWSMAP_OK)
    st = resolve_refs(g);
  if (st == AWSMAP_OK)
    st = apply_edge_notes(g);
  if (st == AWSMAP_OK)
    st = hide_stale(g);
  if (st == AWSMAP_OK)
    st = containment(g);
  if (st == AWSMAP_OK)
    st = peering(g);
  if (st == AWSMAP_OK)
    st = awsmap__graph_finish(g);
  if (st == AWSMAP_ERR_NOMEM)
    return awsmap__error_nomem(OP);
  return st; /* any other failure has set its own message */
}
