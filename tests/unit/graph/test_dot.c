#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char *to_dot(const awsmap_graph *g) {
  awsmap_buf *b = NULL;
  assert_int_equal(awsmap_graph_to_dot(g, &b), AWSMAP_OK);
  char *s = strdup(awsmap_buf_data(b));
  awsmap_buf_free(b);
  return s;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p++)
    n++;
  return n;
}

/* The DOT id of a node ("n<index>") or of a cluster ("cluster_<prefix><index>"). */
static void id_of(const awsmap_graph *g, const char *prefix, const char *arn, char *out, size_t cap) {
  size_t i;
  assert_int_equal(awsmap_graph_find_node(g, arn, &i), AWSMAP_OK);
  snprintf(out, cap, "%s%zu", prefix, i);
}

/* Returns the text of `cluster` (from its opening to its closing brace). */
static char *cluster_text(const char *dot, const char *cluster) {
  char open[96];
  snprintf(open, sizeof open, "subgraph %s {", cluster);
  const char *start = strstr(dot, open);
  if (!start)
    fail_msg("no %s", cluster);
  int depth = 0;
  for (const char *p = start; *p; p++) {
    if (*p == '{')
      depth++;
    else if (*p == '}' && --depth == 0)
      return strndup(start, (size_t)(p - start + 1));
  }
  fail_msg("unterminated %s", cluster);
  return NULL;
}

static void clusters_nest_account_region_vpc_zone_subnet(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  char *dot = to_dot(g);
  char acct[64], region[64], vpc[64], subnet[64], inst[64], igw[64], alb[64], bucket[64];
  id_of(g, "cluster_a", "arn:aws:iam::111111111111:root", acct, sizeof acct);
  id_of(g, "cluster_r", "arn:aws:awsmap:us-east-1:111111111111:region/us-east-1", region, sizeof region);
  id_of(g, "cluster_v", "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-a1", vpc, sizeof vpc);
  id_of(g, "cluster_s", "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-priv", subnet, sizeof subnet);
  id_of(g, "n", "arn:aws:ec2:us-east-1:111111111111:instance/i-web1", inst, sizeof inst);
  id_of(g, "n", "arn:aws:ec2:us-east-1:111111111111:internet-gateway/igw-a1", igw, sizeof igw);
  id_of(g, "n", "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web-alb/50dc",
        alb, sizeof alb);
  id_of(g, "n", "arn:aws:s3:::a-assets", bucket, sizeof bucket);
  char *a = cluster_text(dot, acct), *r = cluster_text(a, region), *v = cluster_text(r, vpc);
  char *s = cluster_text(v, subnet);
  char decl[80];
  snprintf(decl, sizeof decl, "%s [", inst);
  assert_non_null(strstr(s, decl));                 /* instance inside its subnet */
  assert_non_null(strstr(v, "subgraph cluster_z")); /* subnets inside a zone cluster */
  assert_non_null(strstr(v, "us-east-1b"));
  snprintf(decl, sizeof decl, "%s [", igw);
  assert_non_null(strstr(v, decl));                 /* gateway in its VPC ... */
  assert_null(strstr(s, decl));                     /* ... not in a subnet */
  snprintf(decl, sizeof decl, "%s [", alb);
  assert_non_null(strstr(v, decl));
  snprintf(decl, sizeof decl, "%s [", bucket);
  assert_non_null(strstr(r, decl));                 /* S3: in the region ... */
  assert_null(strstr(v, decl));                     /* ... outside the VPC */
  /* Labels: name, type and status. */
  assert_non_null(strstr(s, "<b>web-1</b>"));
  assert_non_null(strstr(s, "EC2 instance · m6i.large"));
  assert_non_null(strstr(s, ">running</font>"));
  /* Containment is nesting, never an edge; stubs go to the external cluster. */
  assert_null(strstr(dot, "contains"));
  assert_non_null(strstr(dot, "subgraph cluster_external"));
  assert_non_null(strstr(dot, "tgw-shared"));
  /* Peering across accounts is an edge between VPC clusters. */
  assert_non_null(strstr(dot, "peering pcx-ab (active)"));
  assert_int_equal(count(dot, "lhead=cluster_v"), 2);
  /* One edge per load balancer and target group, labelled with the listeners. */
  assert_non_null(strstr(dot, "label=\"HTTPS:443, HTTP:80\"") ? strstr(dot, "HTTPS:443, HTTP:80")
                                                               : strstr(dot, "HTTP:80, HTTPS:443"));
  free(s);
  free(v);
  free(r);
  free(a);
  free(dot);
  awsmap_graph_free(g);
}

static void same_graph_same_dot(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  size_t n = fixture_count();
  size_t *order = malloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++)
    order[i] = n - 1 - i;
  awsmap_graph *h = fixture_graph(order);
  char *a = to_dot(g), *b = to_dot(h);
  assert_string_equal(a, b);
  free(a);
  free(b);
  free(order);
  awsmap_graph_free(g);
  awsmap_graph_free(h);
}

/* Writes the fixture and the emulator's full scenario as DOT for the render test. */
static void write_samples(void **state) {
  static const char *const inputs[][2] = {{FIXTURE, "fixture.dot"},
                                          {AWSMAP_TEST_DATA "/graph/full.records", "sample.dot"}};
  for (size_t k = 0; k < 2; k++) {
    test_record *recs;
    size_t n;
    assert_int_equal(test_records_read(inputs[k][0], &recs, &n), 0);
    awsmap_graph *g;
    assert_int_equal(awsmap_graph_new(&g), AWSMAP_OK);
    assert_int_equal(test_records_add(g, recs, n, NULL), 0);
    assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
    char *dot = to_dot(g);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GRAPH_OUT_DIR, inputs[k][1]);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(dot, f);
    fclose(f);
    free(dot);
    awsmap_graph_free(g);
    test_records_free(recs, n);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(clusters_nest_account_region_vpc_zone_subnet),
      cmocka_unit_test(same_graph_same_dot),
      cmocka_unit_test(write_samples),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
