/* Graphviz export laid out the way architecture diagrams are read: nested
 * clusters account > region > VPC > zone > subnet; gateways, load
 * balancers and route tables inside their VPC but outside the zones;
 * regional services beside the VPCs; stubs in an "external" cluster.
 * Containment is nesting, never an edge; the details that would be
 * spaghetti (security groups, attached volumes and interfaces, listeners)
 * are folded into labels. Only reads the graph. */
#include "graph/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DONE_NODE = 1, DONE_CLUSTER = 2 };

typedef struct dot {
  const awsmap_graph *g;
  awsmap__buf *b;
  size_t n;
  uint32_t *parent;  /* container position (via "contains"), or NONE */
  uint32_t *vpc_of;  /* for IGW / endpoints: the VPC they attach to */
  uint8_t *shown;    /* drawn as a node */
  uint8_t *done;     /* already emitted: DONE_NODE, or DONE_CLUSTER for a VPC drawn as one */
  uint8_t *is_public;/* subnets routed to an internet gateway */
  awsmap_status st;
} dot;

#define NONE UINT32_MAX

static const awsmap__gnode *N(const dot *d, uint32_t pos) { return awsmap__graph_at(d->g, pos); }
static bool is(const dot *d, uint32_t pos, const char *type) {
  return strcmp(N(d, pos)->type, type) == 0;
}
static const char *prop(const dot *d, uint32_t pos, const char *key) {
  const awsmap__gnode *n = N(d, pos);
  return awsmap__graph_kv_get(n->props, n->nprops, key);
}

static void out(dot *d, const char *fmt, ...) AWSMAP__PRINTF(2, 3);
static void out(dot *d, const char *fmt, ...) {
  if (d->st != AWSMAP_OK)
    return;
  va_list ap;
  va_start(ap, fmt);
  d->st = awsmap__buf_vprintf(d->b, fmt, ap);
  va_end(ap);
}

/* Text inside an HTML-like label. */
static void html(dot *d, const char *s) {
  for (; s && *s && d->st == AWSMAP_OK; s++) {
    switch (*s) {
    case '&': d->st = awsmap__buf_puts(d->b, "&amp;"); break;
    case '<': d->st = awsmap__buf_puts(d->b, "&lt;"); break;
    case '>': d->st = awsmap__buf_puts(d->b, "&gt;"); break;
    case '"': d->st = awsmap__buf_puts(d->b, "&quot;"); break;
    case '\n': case '\r': d->st = awsmap__buf_putc(d->b, ' '); break;
    default: d->st = awsmap__buf_putc(d->b, *s); break;
    }
  }
}

/* Text inside a quoted DOT string. */
static void quoted(dot *d, const char *s) {
  for (; s && *s && d->st == AWSMAP_OK; s++) {
    if (*s == '"' || *s == '\\')
      d->st = awsmap__buf_putc(d->b, '\\');
    if (d->st == AWSMAP_OK)
      d->st = awsmap__buf_putc(d->b, *s == '\n' ? ' ' : *s);
  }
}

/* ---- edges of a node ----------------------------------------------------------------- */

#define FOR_OUT(d, pos, i) \
  for (uint32_t i = (d)->g->out_off[pos]; i < (d)->g->out_off[(pos) + 1]; i++)
#define FOR_IN(d, pos, j, i)                                                         \
  for (uint32_t j = (d)->g->in_off[pos], i = 0; j < (d)->g->in_off[(pos) + 1] &&      \
                                                ((i = (d)->g->in_edges[j]), 1); j++)

static const awsmap__gedge *E(const dot *d, uint32_t i) { return &d->g->edges[i]; }
static bool kind(const awsmap__gedge *e, const char *k) { return strcmp(e->kind, k) == 0; }

/* ---- styling ------------------------------------------------------------------------- */

typedef struct style {
  const char *type, *label, *fill, *line, *shape;
} style;

static const style styles[] = {
    {"ec2:instance", "EC2 instance", "#FDEBD0", "#D35400", "box"},
    {"ec2:nat-gateway", "NAT gateway", "#D5F5E3", "#1E8449", "box"},
    {"ec2:internet-gateway", "internet gateway", "#D5F5E3", "#1E8449", "box"},
    {"ec2:vpc-endpoint", "VPC endpoint", "#D5F5E3", "#1E8449", "box"},
    {"ec2:route-table", "route table", "#F2F3F4", "#7F8C8D", "note"},
    {"ec2:network-interface", "network interface", "#F2F3F4", "#7F8C8D", "box"},
    {"ec2:volume", "EBS volume", "#FCF3CF", "#B7950B", "cylinder"},
    {"ec2:security-group", "security group", "#FDEDEC", "#C0392B", "box"},
    {"ec2:vpc", "VPC", "#E8F8F5", "#248814", "box"},
    {"ec2:subnet", "subnet", "#E8F8F5", "#248814", "box"},
    {"rds:db-instance", "RDS instance", "#D6EAF8", "#2471A3", "cylinder"},
    {"rds:db-cluster", "RDS cluster", "#D6EAF8", "#2471A3", "box3d"},
    {"elb:load-balancer", "classic load balancer", "#E8DAEF", "#7D3C98", "box"},
    {"elbv2:load-balancer", "load balancer", "#E8DAEF", "#7D3C98", "box"},
    {"elbv2:target-group", "target group", "#F4ECF7", "#7D3C98", "box"},
    {"s3:bucket", "S3 bucket", "#FADBD8", "#A93226", "folder"},
    {"ip", "IP target", "#FFFFFF", "#566573", "box"},
    {"lambda:function", "Lambda function", "#FDEBD0", "#D35400", "box"},
};

static const style *style_of(const char *type) {
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(styles); i++)
    if (strcmp(styles[i].type, type) == 0)
      return &styles[i];
  static const style other = {"", NULL, "#FFFFFF", "#566573", "box"};
  return &other;
}

/* Green for healthy states, red for broken ones, amber for the in-between. */
static const char *status_colour(const char *s) {
  static const char *const good[] = {"running", "available", "active", "healthy", "InService",
                                     "in-use", "attached", "Complete", "ok"};
  static const char *const bad_[] = {"stopped", "terminated", "unhealthy", "OutOfService",
                                     "failed", "deleted", "impaired", "unavailable", "rejected",
                                     "expired", "inaccessible-encryption-credentials"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(good); i++)
    if (strcmp(s, good[i]) == 0)
      return "#1E8449";
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(bad_); i++)
    if (strcmp(s, bad_[i]) == 0)
      return "#C0392B";
  return "#B9770E";
}

/* ---- what is drawn --------------------------------------------------------------------- */

static bool attached_somewhere(const dot *d, uint32_t pos) {
  FOR_OUT(d, pos, i)
  if (kind(E(d, i), "attached"))
    return true;
  return false;
}

static bool has_drawn_route(const dot *d, uint32_t pos);

static bool decide_shown(const dot *d, uint32_t pos) {
  const awsmap__gnode *n = N(d, pos);
  const char *t = n->type;
  if (n->external)
    return false; /* stubs: only when an edge needs them (below) */
  if (!strcmp(t, AWSMAP__T_ACCOUNT) || !strcmp(t, AWSMAP__T_REGION) || !strcmp(t, AWSMAP__T_ZONE) ||
      !strcmp(t, "ec2:vpc") || !strcmp(t, "ec2:subnet") || !strcmp(t, "ec2:security-group") ||
      !strcmp(t, "elbv2:listener") || !strcmp(t, "rds:db-subnet-group") ||
      !strcmp(t, "ec2:vpc-peering-connection"))
    return false;
  if (!strcmp(t, "ec2:network-interface")) { /* only loose, caller-managed interfaces */
    const char *it = prop(d, pos, "interface_type");
    return !attached_somewhere(d, pos) && (!it || !strcmp(it, "interface"));
  }
  if (!strcmp(t, "ec2:volume")) { /* attached volumes are in their instance's label */
    FOR_IN(d, pos, j, i)
    if (kind(E(d, i), "attached"))
      return false;
    return true;
  }
  if (!strcmp(t, "ec2:route-table"))
    return has_drawn_route(d, pos);
  return true;
}

static bool route_drawn(const dot *d, const awsmap__gedge *e) {
  return kind(e, "routes-to") && !is(d, e->to, "ec2:vpc-peering-connection");
}

static bool has_drawn_route(const dot *d, uint32_t pos) {
  FOR_OUT(d, pos, i)
  if (route_drawn(d, E(d, i)))
    return true;
  return false;
}

/* ---- labels ---------------------------------------------------------------------------- */

static void folded_details(dot *d, uint32_t pos) {
  /* Attached volumes: count and size; security groups: names. */
  size_t vols = 0;
  long gib = 0;
  bool sg = false;
  FOR_OUT(d, pos, i) {
    const awsmap__gedge *e = E(d, i);
    if (kind(e, "attached") && is(d, e->to, "ec2:volume")) {
      long size;
      const char *s = prop(d, e->to, "size_gib");
      vols++;
      if (s && awsmap__parse_long(s, 0, 1L << 40, &size))
        gib += size;
    }
  }
  if (vols)
    out(d, "<br/><font point-size=\"8\">%zu volume%s, %ld GiB</font>", vols, vols > 1 ? "s" : "",
        gib);
  FOR_OUT(d, pos, i) {
    const awsmap__gedge *e = E(d, i);
    if (!kind(e, "secured-by"))
      continue;
    out(d, "%s", sg ? ", " : "<br/><font point-size=\"8\" color=\"#C0392B\">sg: ");
    html(d, N(d, e->to)->name);
    sg = true;
  }
  if (sg)
    out(d, "</font>");
}

static void node_label(dot *d, uint32_t pos) {
  const awsmap__gnode *n = N(d, pos);
  const style *s = style_of(n->type);
  out(d, "<<b>");
  html(d, n->name);
  out(d, "</b><br/><font point-size=\"8\">");
  html(d, s->label ? s->label : n->type);
  static const char *const detail_keys[] = {"instance_type", "db_class", "lb_type",
                                            "endpoint_type", "volume_type", "connectivity",
                                            "engine", "port"};
  for (size_t k = 0; k < AWSMAP__ARRAY_LEN(detail_keys); k++) {
    const char *v = prop(d, pos, detail_keys[k]);
    if (v && *v) {
      out(d, " · ");
      html(d, v);
    }
  }
  const char *ip = prop(d, pos, "private_ip");
  if (ip) {
    out(d, "<br/>");
    html(d, ip);
  }
  out(d, "</font>");
  if (*n->status) {
    out(d, "<br/><font point-size=\"8\" color=\"%s\">", status_colour(n->status));
    html(d, n->status);
    out(d, "</font>");
  }
  if (n->external)
    out(d, "<br/><font point-size=\"8\">not described (external)</font>");
  folded_details(d, pos);
  out(d, ">");
}

static void emit_node(dot *d, uint32_t pos, const char *indent) {
  if (d->done[pos])
    return;
  d->done[pos] = DONE_NODE;
  const awsmap__gnode *n = N(d, pos);
  const style *s = style_of(n->type);
  out(d, "%sn%u [shape=%s, fillcolor=\"%s\", color=\"%s\"%s, tooltip=\"", indent, pos, s->shape,
      n->external ? "#FFFFFF" : s->fill, s->line,
      n->external ? ", style=\"dashed,filled\"" : "");
  quoted(d, n->arn);
  out(d, "\", label=");
  node_label(d, pos);
  out(d, "];\n");
}

/* ---- clusters -------------------------------------------------------------------------- */

static void cluster_open(dot *d, const char *indent, const char *prefix, uint32_t pos,
                         const char *title, const char *sub, const char *fill, const char *line,
                         const char *style_) {
  out(d, "%ssubgraph cluster_%s%u {\n%s  label=<<b>", indent, prefix, pos, indent);
  html(d, title);
  out(d, "</b>");
  if (sub && *sub) {
    out(d, "<br/><font point-size=\"9\">");
    html(d, sub);
    out(d, "</font>");
  }
  out(d, ">; style=\"%s\"; fillcolor=\"%s\"; color=\"%s\"; tooltip=\"", style_, fill, line);
  quoted(d, N(d, pos)->arn);
  out(d, "\";\n");
}

/* Nodes whose container is `pos`, in ARN order; also gateways attached to a VPC. */
static void emit_children(dot *d, uint32_t pos, const char *indent) {
  FOR_OUT(d, pos, i) {
    const awsmap__gedge *e = E(d, i);
    if (kind(e, AWSMAP__K_CONTAINS) && d->shown[e->to] && d->vpc_of[e->to] == NONE)
      emit_node(d, e->to, indent);
  }
  if (is(d, pos, "ec2:vpc")) {
    FOR_IN(d, pos, j, i) {
      const awsmap__gedge *e = E(d, i);
      if (kind(e, "attached") && d->shown[e->from] && d->vpc_of[e->from] == pos)
        emit_node(d, e->from, indent);
    }
  }
}

/* indent + extra spaces, bounded by the buffer. */
static void indent_more(char *dst, size_t cap, const char *indent, size_t extra) {
  size_t n = strlen(indent);
  if (n + extra >= cap)
    n = cap - extra - 1;
  memcpy(dst, indent, n);
  memset(dst + n, ' ', extra);
  dst[n + extra] = '\0';
}

static void emit_subnet(dot *d, uint32_t sn, const char *indent) {
  const awsmap__gnode *n = N(d, sn);
  char sub[160];
  const char *cidr = prop(d, sn, "cidr");
  snprintf(sub, sizeof sub, "%s · %s", cidr ? cidr : n->id, d->is_public[sn] ? "public" : "private");
  cluster_open(d, indent, "s", sn, n->name, sub, d->is_public[sn] ? "#EAF7E6" : "#E8F1FA",
               d->is_public[sn] ? "#7AA116" : "#147EBA", "filled,rounded");
  /* An invisible point keeps an empty subnet's cluster on the page. */
  out(d, "%s  p%u [shape=point, style=invis, width=0.01];\n", indent, sn);
  char deeper[64];
  indent_more(deeper, sizeof deeper, indent, 2);
  emit_children(d, sn, deeper);
  out(d, "%s}\n", indent);
}

static int cmp_zone(const void *a, const void *b, const dot *d) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  int c = strcmp(N(d, x)->zone, N(d, y)->zone);
  return c ? c : (x < y ? -1 : x > y);
}

static void emit_vpc(dot *d, uint32_t vpc, const char *indent) {
  const awsmap__gnode *n = N(d, vpc);
  const char *cidr = prop(d, vpc, "cidr");
  char sub[200];
  snprintf(sub, sizeof sub, "VPC %s%s%s", n->id, cidr ? " · " : "", cidr ? cidr : "");
  cluster_open(d, indent, "v", vpc, n->name, sub, "#FFFFFF", "#248814", "rounded,bold");
  d->done[vpc] = DONE_CLUSTER; /* edges to the VPC now go to its anchor */
  out(d, "%s  a%u [shape=point, style=invis, width=0.01];\n", indent, vpc);
  char deeper[64], deepest[64];
  indent_more(deeper, sizeof deeper, indent, 2);
  indent_more(deepest, sizeof deepest, indent, 4);

  /* Subnets grouped by zone: a cluster per zone (sorted), subnets in ARN order. */
  size_t count = 0;
  FOR_OUT(d, vpc, i)
  count += kind(E(d, i), AWSMAP__K_CONTAINS) && is(d, E(d, i)->to, "ec2:subnet");
  uint32_t *subnets = awsmap__malloc((count + 1) * sizeof *subnets);
  if (!subnets) {
    d->st = AWSMAP_ERR_NOMEM;
    return;
  }
  size_t k = 0;
  FOR_OUT(d, vpc, i)
  if (kind(E(d, i), AWSMAP__K_CONTAINS) && is(d, E(d, i)->to, "ec2:subnet"))
    subnets[k++] = E(d, i)->to;
  for (size_t a = 1; a < k; a++) /* insertion sort by (zone, position): few subnets per VPC */
    for (size_t b = a; b > 0 && cmp_zone(&subnets[b - 1], &subnets[b], d) > 0; b--) {
      uint32_t t = subnets[b];
      subnets[b] = subnets[b - 1];
      subnets[b - 1] = t;
    }
  for (size_t a = 0; a < k;) {
    const char *zone = N(d, subnets[a])->zone;
    size_t b = a;
    while (b < k && strcmp(N(d, subnets[b])->zone, zone) == 0)
      b++;
    if (*zone) {
      out(d, "%ssubgraph cluster_z%u_%u {\n%s  label=<<font point-size=\"9\">", deeper, vpc,
          subnets[a], deeper);
      html(d, zone);
      out(d, "</font>>; style=\"dashed,rounded\"; color=\"#5D6D7E\"; fillcolor=\"#FFFFFF\";\n");
    }
    for (size_t s = a; s < b; s++)
      emit_subnet(d, subnets[s], *zone ? deepest : deeper);
    if (*zone)
      out(d, "%s}\n", deeper);
    a = b;
  }
  awsmap__free(subnets);
  /* Gateways, load balancers, target groups, route tables: the VPC's edge. */
  emit_children(d, vpc, deeper);
  out(d, "%s}\n", indent);
}

static void emit_region(dot *d, uint32_t region) {
  /* Regions with nothing but zones (DescribeRegions lists them all) are left out. */
  bool any = false;
  FOR_OUT(d, region, i) {
    const awsmap__gedge *e = E(d, i);
    if (kind(e, AWSMAP__K_CONTAINS) && !is(d, e->to, AWSMAP__T_ZONE))
      any = true;
  }
  if (!any)
    return;
  const awsmap__gnode *n = N(d, region);
  cluster_open(d, "    ", "r", region, n->id, "region", "#F8F9F9", "#2E86C1", "filled,rounded,dashed");
  FOR_OUT(d, region, i) {
    const awsmap__gedge *e = E(d, i);
    if (kind(e, AWSMAP__K_CONTAINS) && is(d, e->to, "ec2:vpc"))
      emit_vpc(d, e->to, "      ");
  }
  emit_children(d, region, "      "); /* regional services: S3, RDS clusters, volumes, ... */
  out(d, "    }\n");
}

/* ---- edges ------------------------------------------------------------------------------- */

/* Where an edge to/from a node is drawn: the node, or the anchor of a VPC
 * drawn as a cluster (a VPC that was not read is a plain stub node). */
static void endpoint(dot *d, uint32_t pos, char *name, size_t cap, char *cluster, size_t ccap) {
  cluster[0] = '\0';
  if (d->done[pos] == DONE_CLUSTER) {
    snprintf(name, cap, "a%u", pos);
    snprintf(cluster, ccap, "cluster_v%u", pos);
  } else {
    snprintf(name, cap, "n%u", pos);
  }
}

static void edge(dot *d, uint32_t from, uint32_t to, const char *label, const char *colour,
                 const char *extra) {
  char a[24], b[24], ca[32], cb[32];
  endpoint(d, from, a, sizeof a, ca, sizeof ca);
  endpoint(d, to, b, sizeof b, cb, sizeof cb);
  out(d, "  %s -> %s [color=\"%s\", fontcolor=\"%s\"", a, b, colour, colour);
  if (*ca)
    out(d, ", ltail=%s", ca);
  if (*cb)
    out(d, ", lhead=%s", cb);
  if (label && *label) {
    out(d, ", label=\"");
    quoted(d, label);
    out(d, "\"");
  }
  out(d, "%s];\n", extra ? extra : "");
}

/* Marks the stubs an edge will need (they are drawn in the external cluster). */
static bool need(dot *d, uint32_t pos) {
  if (d->shown[pos] || (is(d, pos, "ec2:vpc") && !N(d, pos)->external))
    return true;
  if (N(d, pos)->external) {
    d->shown[pos] = 1;
    return true;
  }
  return false;
}

static void lb_to_target_groups(dot *d, uint32_t lb, bool emit);

static void for_drawn_edges(dot *d, bool emit) {
  const awsmap_graph *g = d->g;
  for (uint32_t p = 0; p < d->n; p++)
    if (is(d, p, "elbv2:load-balancer"))
      lb_to_target_groups(d, p, emit);
  for (uint32_t i = 0; i < g->nedges; i++) {
    const awsmap__gedge *e = &g->edges[i];
    if (route_drawn(d, e)) {
      if (!need(d, e->from) || !need(d, e->to))
        continue;
      const char *dest = awsmap__graph_kv_get(e->attrs, e->nattrs, "destination");
      if (emit)
        edge(d, e->from, e->to, dest, "#7F8C8D", ", style=dashed");
    } else if (kind(e, "target")) {
      if (!need(d, e->from) || !need(d, e->to))
        continue;
      const char *health = awsmap__graph_kv_get(e->attrs, e->nattrs, "health");
      const char *port = awsmap__graph_kv_get(e->attrs, e->nattrs, "port");
      char label[96];
      snprintf(label, sizeof label, "%s%s%s", port ? port : "", port && health ? " " : "",
               health ? health : "");
      if (emit)
        edge(d, e->from, e->to, label, health ? status_colour(health) : "#7D3C98", NULL);
    } else if (kind(e, "member-of")) {
      if (need(d, e->from) && need(d, e->to) && emit)
        edge(d, e->from, e->to, "member", "#2471A3", ", style=dotted");
    } else if (kind(e, "peering")) {
      if (!need(d, e->from) || !need(d, e->to))
        continue;
      char label[160];
      const char *status = awsmap__graph_kv_get(e->attrs, e->nattrs, "status");
      const char *conn = awsmap__graph_kv_get(e->attrs, e->nattrs, "connection");
      snprintf(label, sizeof label, "peering %s%s%s%s", conn ? conn : "", status ? " (" : "",
               status ? status : "", status ? ")" : "");
      if (emit)
        edge(d, e->from, e->to, label, "#248814",
             ", dir=both, style=bold, penwidth=2, constraint=false");
    }
  }
}

/* Load balancer -> target group, once per pair, labelled with every
 * listener that forwards there ("HTTP:80, HTTPS:443"); listeners themselves
 * are not drawn. */
static void lb_to_target_groups(dot *d, uint32_t lb, bool emit) {
  FOR_OUT(d, lb, i) {
    const awsmap__gedge *l = E(d, i);
    if (!kind(l, "listener"))
      continue;
    FOR_OUT(d, l->to, k) {
      const awsmap__gedge *f = E(d, k);
      if (!kind(f, "forwards-to"))
        continue;
      /* Only the first listener (in ARN order) reaching this group draws the edge. */
      bool first = true;
      FOR_OUT(d, lb, i2) {
        if (i2 >= i)
          break;
        if (!kind(E(d, i2), "listener"))
          continue;
        FOR_OUT(d, E(d, i2)->to, k2)
        if (kind(E(d, k2), "forwards-to") && E(d, k2)->to == f->to)
          first = false;
      }
      if (!first || !need(d, lb) || !need(d, f->to) || !emit)
        continue;
      awsmap__buf label = AWSMAP__BUF_INIT;
      FOR_OUT(d, lb, i3) {
        if (!kind(E(d, i3), "listener"))
          continue;
        FOR_OUT(d, E(d, i3)->to, k3)
        if (kind(E(d, k3), "forwards-to") && E(d, k3)->to == f->to &&
            (d->st = awsmap__buf_printf(&label, "%s%s", label.len ? ", " : "",
                                        N(d, E(d, i3)->to)->name)) != AWSMAP_OK)
          break;
      }
      edge(d, lb, f->to, awsmap__buf_cstr(&label), "#7D3C98", ", style=bold");
      awsmap__buf_dispose(&label);
    }
  }
}

/* ---- placement --------------------------------------------------------------------------- */

static awsmap_status prepare(dot *d) {
  size_t n = d->n;
  d->parent = awsmap__malloc((n + 1) * sizeof *d->parent);
  d->vpc_of = awsmap__malloc((n + 1) * sizeof *d->vpc_of);
  d->shown = awsmap__calloc(n + 1, 1);
  d->done = awsmap__calloc(n + 1, 1);
  d->is_public = awsmap__calloc(n + 1, 1);
  if (!d->parent || !d->vpc_of || !d->shown || !d->done || !d->is_public)
    return AWSMAP_ERR_NOMEM;
  for (uint32_t p = 0; p < n; p++) {
    d->parent[p] = d->vpc_of[p] = NONE;
    FOR_IN(d, p, j, i)
    if (kind(E(d, i), AWSMAP__K_CONTAINS) && d->parent[p] == NONE)
      d->parent[p] = E(d, i)->from;
    /* Internet gateways and endpoints: drawn inside the VPC they attach to. */
    if (is(d, p, "ec2:internet-gateway") || is(d, p, "ec2:vpc-endpoint")) {
      FOR_OUT(d, p, i)
      if (kind(E(d, i), "attached") && is(d, E(d, i)->to, "ec2:vpc") && !N(d, E(d, i)->to)->external)
        d->vpc_of[p] = E(d, i)->to;
    }
  }
  /* Public subnets: their route table (explicit, else the VPC's main one)
   * routes to an internet gateway. */
  for (uint32_t p = 0; p < n; p++) {
    if (!is(d, p, "ec2:route-table"))
      continue;
    bool to_igw = false;
    FOR_OUT(d, p, i)
    if (kind(E(d, i), "routes-to") && is(d, E(d, i)->to, "ec2:internet-gateway"))
      to_igw = true;
    if (!to_igw)
      continue;
    FOR_OUT(d, p, i)
    if (kind(E(d, i), "associated") && is(d, E(d, i)->to, "ec2:subnet"))
      d->is_public[E(d, i)->to] = 1;
    const char *main_ = prop(d, p, "main");
    if (main_ && strstr(main_, "true") && d->parent[p] != NONE) {
      uint32_t vpc = d->parent[p];
      FOR_OUT(d, vpc, i) {
        uint32_t s = E(d, i)->to;
        if (!kind(E(d, i), AWSMAP__K_CONTAINS) || !is(d, s, "ec2:subnet"))
          continue;
        bool explicit_rt = false;
        FOR_IN(d, s, j2, k)
        if (kind(E(d, k), "associated") && is(d, E(d, k)->from, "ec2:route-table"))
          explicit_rt = true;
        if (!explicit_rt)
          d->is_public[s] = 1;
      }
    }
  }
  for (uint32_t p = 0; p < n; p++)
    d->shown[p] = decide_shown(d, p);
  for_drawn_edges(d, false); /* marks the stubs that edges need */
  return AWSMAP_OK;
}

static void emit_all(dot *d) {
  out(d, "digraph awsmap {\n"
         "  graph [rankdir=LR, compound=true, newrank=true, fontname=\"Helvetica\", fontsize=12,\n"
         "         nodesep=0.25, ranksep=0.7, pad=0.3, labeljust=l, style=rounded];\n"
         "  node [fontname=\"Helvetica\", fontsize=10, style=\"rounded,filled\", margin=\"0.12,0.04\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.7];\n");
  const awsmap_graph *g = d->g;
  for (uint32_t p = 0; p < d->n; p++) {
    if (!is(d, p, AWSMAP__T_ACCOUNT) || N(d, p)->external)
      continue;
    cluster_open(d, "  ", "a", p, N(d, p)->id, "AWS account", "#FFFFFF", "#232F3E", "bold,rounded");
    FOR_OUT(d, p, i) {
      const awsmap__gedge *e = E(d, i);
      if (kind(e, AWSMAP__K_CONTAINS) && is(d, e->to, AWSMAP__T_REGION))
        emit_region(d, e->to);
    }
    out(d, "  }\n");
  }
  /* Whatever is drawn but has no drawn container: stubs, and anything else. */
  bool open = false;
  for (uint32_t p = 0; p < d->n; p++) {
    if (!d->shown[p] || d->done[p])
      continue;
    if (!open) {
      out(d, "  subgraph cluster_external {\n    label=<<b>external / not described</b>>; "
             "style=\"dashed,rounded\"; color=\"#909497\";\n");
      open = true;
    }
    emit_node(d, p, "    ");
  }
  if (open)
    out(d, "  }\n");
  (void)g;
  for_drawn_edges(d, true);
  out(d, "}\n");
}

awsmap_status awsmap_graph_to_dot(const awsmap_graph *graph, awsmap_buf **out_buf) {
  awsmap__error_clear();
  if (out_buf)
    *out_buf = NULL;
  if (!graph || !out_buf)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:to_dot", "graph and out are required");
  if (graph->dirty)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "graph:to_dot",
                             "records were added since the last awsmap_graph_resolve()");
  awsmap__buf b = AWSMAP__BUF_INIT;
  dot d = {graph, &b, graph->indexed_nodes, NULL, NULL, NULL, NULL, NULL, AWSMAP_OK};
  d.st = prepare(&d);
  if (d.st == AWSMAP_OK)
    emit_all(&d);
  if (d.st == AWSMAP_OK)
    d.st = awsmap__buf_to_public(&b, out_buf);
  awsmap__free(d.parent);
  awsmap__free(d.vpc_of);
  awsmap__free(d.shown);
  awsmap__free(d.done);
  awsmap__free(d.is_public);
  awsmap__buf_dispose(&b);
  if (d.st != AWSMAP_OK)
    return awsmap__error_nomem("graph:to_dot");
  return AWSMAP_OK;
}
