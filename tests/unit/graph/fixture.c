#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>

size_t fixture_count(void) {
  test_record *recs;
  size_t n;
  if (test_records_read(FIXTURE, &recs, &n))
    return 0;
  test_records_free(recs, n);
  return n;
}

awsmap_graph *fixture_graph(const size_t *order) {
  test_record *recs;
  size_t n;
  awsmap_graph *g = NULL;
  if (test_records_read(FIXTURE, &recs, &n))
    return NULL;
  if (awsmap_graph_new(&g) != AWSMAP_OK || test_records_add(g, recs, n, order) ||
      awsmap_graph_resolve(g) != AWSMAP_OK) {
    awsmap_graph_free(g);
    g = NULL;
  }
  test_records_free(recs, n);
  return g;
}

char *fixture_dump(const awsmap_graph *g) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++) {
    awsmap__buf_printf(&b, "N %s | %s | %s | %s | %s | %s | %s | %s%s\n", awsmap_graph_node_arn(g, i),
                       awsmap_graph_node_type(g, i), awsmap_graph_node_id(g, i),
                       awsmap_graph_node_name(g, i), awsmap_graph_node_account(g, i),
                       awsmap_graph_node_region(g, i), awsmap_graph_node_availability_zone(g, i),
                       awsmap_graph_node_status(g, i),
                       awsmap_graph_node_external(g, i) ? " | external" : "");
    for (size_t k = 0; k < awsmap_graph_node_tag_count(g, i); k++) {
      const char *key, *v = awsmap_graph_node_tag_at(g, i, k, &key);
      awsmap__buf_printf(&b, "  tag %s=%s\n", key, v);
    }
    for (size_t k = 0; k < awsmap_graph_node_property_count(g, i); k++) {
      const char *key, *v = awsmap_graph_node_property_at(g, i, k, &key);
      awsmap__buf_printf(&b, "  prop %s=%s\n", key, v);
    }
  }
  for (size_t e = 0; e < awsmap_graph_edge_count(g); e++) {
    awsmap__buf_printf(&b, "E %s -> %s %s", awsmap_graph_node_arn(g, awsmap_graph_edge_from(g, e)),
                       awsmap_graph_node_arn(g, awsmap_graph_edge_to(g, e)),
                       awsmap_graph_edge_kind(g, e));
    for (size_t k = 0; k < awsmap_graph_edge_attribute_count(g, e); k++) {
      const char *key, *v = awsmap_graph_edge_attribute_at(g, e, k, &key);
      awsmap__buf_printf(&b, " %s=%s", key, v);
    }
    awsmap__buf_putc(&b, '\n');
  }
  return awsmap__buf_detach(&b);
}
