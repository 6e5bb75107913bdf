#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define EXPECTED AWSMAP_TEST_DATA "/graph/fixture.expected"
#define A "111111111111"
#define B "222222222222"

static size_t node(const awsmap_graph *g, const char *arn) {
  size_t i = AWSMAP_GRAPH_NONE;
  if (awsmap_graph_find_node(g, arn, &i) != AWSMAP_OK)
    fail_msg("no node %s: %s", arn, awsmap_error_message(awsmap_error_last()));
  return i;
}

/* The outgoing neighbour of `from` by `kind` whose ARN is `to`: its edge index. */
static size_t edge_to(const awsmap_graph *g, const char *from, const char *kind, const char *to) {
  size_t f = node(g, from), t = node(g, to);
  for (size_t k = 0; k < awsmap_graph_node_edge_count(g, f, AWSMAP_GRAPH_OUT, kind); k++)
    if (awsmap_graph_node_neighbor(g, f, AWSMAP_GRAPH_OUT, kind, k) == t)
      return awsmap_graph_node_edge_at(g, f, AWSMAP_GRAPH_OUT, kind, k);
  fail_msg("no %s edge %s -> %s", kind, from, to);
  return AWSMAP_GRAPH_NONE;
}

/* Every node, property, tag, edge and attribute, against the reviewed golden
 * file (regenerate with AWSMAP_GRAPH_REGEN=1, then review the diff). */
static void every_node_and_edge_matches_the_golden_file(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  assert_non_null(g);
  char *dump = fixture_dump(g);
  if (getenv("AWSMAP_GRAPH_REGEN")) {
    FILE *f = fopen(EXPECTED, "w");
    fputs(dump, f);
    fclose(f);
  }
  char *want = test_read_file(EXPECTED, NULL);
  assert_non_null(want);
  assert_string_equal(dump, want);
  free(want);
  awsmap__free(dump);
  awsmap_graph_free(g);
}

static void arns_types_and_containment(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  /* account -> region -> VPC -> subnet -> instance / ENI / NAT / RDS; VPC -> LB */
  edge_to(g, "arn:aws:iam::" A ":root", "contains", "arn:aws:awsmap:us-east-1:" A ":region/us-east-1");
  edge_to(g, "arn:aws:awsmap:us-east-1:" A ":region/us-east-1", "contains", "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1");
  edge_to(g, "arn:aws:awsmap:us-east-1:" A ":region/us-east-1", "contains",
          "arn:aws:awsmap:us-east-1:" A ":availability-zone/us-east-1b");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "contains", "arn:aws:ec2:us-east-1:" A ":subnet/subnet-priv");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-priv", "contains", "arn:aws:ec2:us-east-1:" A ":instance/i-web1");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-priv", "contains", "arn:aws:ec2:us-east-1:" A ":network-interface/eni-web1");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-pub", "contains", "arn:aws:ec2:us-east-1:" A ":natgateway/nat-a1");
  /* RDS: in the subnet of its zone, from its subnet group */
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-priv", "contains", "arn:aws:rds:us-east-1:" A ":db:orders-db");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-pub", "contains", "arn:aws:rds:us-east-1:" A ":db:aurora-1");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "contains",
          "arn:aws:elasticloadbalancing:us-east-1:" A ":loadbalancer/legacy");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "contains",
          "arn:aws:elasticloadbalancing:us-east-1:" A ":loadbalancer/app/web-alb/50dc");
  /* bucket -> region from its location ("EU" is eu-west-1) */
  edge_to(g, "arn:aws:awsmap:eu-west-1:" A ":region/eu-west-1", "contains", "arn:aws:s3:::a-logs");
  edge_to(g, "arn:aws:awsmap:us-east-1:" A ":region/us-east-1", "contains", "arn:aws:s3:::a-assets");
  size_t logs = node(g, "arn:aws:s3:::a-logs");
  assert_string_equal(awsmap_graph_node_region(g, logs), "eu-west-1");

  size_t web1 = node(g, "arn:aws:ec2:us-east-1:" A ":instance/i-web1");
  assert_string_equal(awsmap_graph_node_type(g, web1), "ec2:instance");
  assert_string_equal(awsmap_graph_node_id(g, web1), "i-web1");
  assert_string_equal(awsmap_graph_node_name(g, web1), "web-1");
  assert_string_equal(awsmap_graph_node_availability_zone(g, web1), "us-east-1b");
  assert_string_equal(awsmap_graph_node_property(g, web1, "instance_type"), "m6i.large");
  assert_string_equal(awsmap_graph_node_property(g, web1, "system_status"), "impaired");
  assert_string_equal(awsmap_graph_node_tag(g, web1, "env"), "prod");
  assert_null(awsmap_graph_node_tag(g, web1, "missing"));
  /* The NAT gateway reports no zone: it takes its subnet's. */
  size_t nat = node(g, "arn:aws:ec2:us-east-1:" A ":natgateway/nat-a1");
  assert_string_equal(awsmap_graph_node_availability_zone(g, nat), "us-east-1a");
  /* Names: service name, then "PROTOCOL:PORT" for listeners, then the ID. */
  assert_string_equal(awsmap_graph_node_name(g, node(g, "arn:aws:ec2:us-east-1:" A ":security-group/sg-web")), "web-sg");
  assert_string_equal(awsmap_graph_node_name(g, node(g, "arn:aws:elasticloadbalancing:us-east-1:" A
                                                        ":listener/app/web-alb/50dc/l443")), "HTTPS:443");
  assert_string_equal(awsmap_graph_node_name(g, node(g, "arn:aws:ec2:eu-west-1:" A ":instance/i-eu1")), "i-eu1");
  /* ARNs the API returned are kept; the ones it did not are built. */
  node(g, "arn:aws:rds:us-east-1:" A ":cluster:aurora-prod");
  node(g, "arn:aws:rds:us-east-1:" A ":subgrp:db-subnets");
  awsmap_graph_free(g);
}

static void relationships(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  const char *ec2 = "arn:aws:ec2:us-east-1:" A ":";
  char a[200], b[200];
#define ARN2(x, y) (snprintf(a, sizeof a, "%s%s", ec2, x), snprintf(b, sizeof b, "%s%s", ec2, y))
  /* a RAM-shared subnet is its owner's, and another account's instance sits in it */
  edge_to(g, "arn:aws:ec2:us-east-1:333333333333:subnet/subnet-shared", "contains",
          "arn:aws:ec2:us-east-1:" A ":instance/i-tenant");
  size_t stub = AWSMAP_GRAPH_NONE;
  assert_int_equal(awsmap_graph_find_node(g, "arn:aws:ec2:us-east-1:" A ":subnet/subnet-shared", &stub),
                   AWSMAP_ERR_NOT_FOUND);
  ARN2("instance/i-web1", "volume/vol-data1"); edge_to(g, a, "attached", b);
  ARN2("network-interface/eni-web1", "instance/i-web1"); edge_to(g, a, "attached", b);
  ARN2("network-interface/eni-nat", "natgateway/nat-a1"); edge_to(g, a, "attached", b);
  ARN2("internet-gateway/igw-a1", "vpc/vpc-a1"); edge_to(g, a, "attached", b);
  ARN2("vpc-endpoint/vpce-s3", "vpc/vpc-a1"); edge_to(g, a, "attached", b);
  ARN2("vpc-endpoint/vpce-s3", "route-table/rtb-pub"); edge_to(g, a, "associated", b);
  ARN2("vpc-endpoint/vpce-sm", "subnet/subnet-priv"); edge_to(g, a, "associated", b);
  ARN2("instance/i-web1", "security-group/sg-web"); edge_to(g, a, "secured-by", b);
  ARN2("route-table/rtb-pub", "subnet/subnet-pub"); edge_to(g, a, "associated", b);
  /* Routes carry their destinations; two routes to one gateway merge. */
  ARN2("route-table/rtb-pub", "internet-gateway/igw-a1");
  assert_string_equal(awsmap_graph_edge_attribute(g, edge_to(g, a, "routes-to", b), "destination"),
                      "0.0.0.0/0,::/0");
  ARN2("route-table/rtb-pub", "vpc-endpoint/vpce-s3");
  assert_string_equal(awsmap_graph_edge_attribute(g, edge_to(g, a, "routes-to", b), "destination"), "pl-s3");
  ARN2("route-table/rtb-priv", "natgateway/nat-a1");
  assert_string_equal(awsmap_graph_edge_attribute(g, edge_to(g, a, "routes-to", b), "destination"), "0.0.0.0/0");
  ARN2("route-table/rtb-pub", "vpc-peering-connection/pcx-ab"); edge_to(g, a, "routes-to", b);
  /* Security group rules, across accounts; unknown owners become stubs. */
  ARN2("security-group/sg-web", "security-group/sg-lb");
  assert_string_equal(awsmap_graph_edge_attribute(g, edge_to(g, a, "references", b), "direction"), "ingress");
  ARN2("security-group/sg-lb", "security-group/sg-web");
  assert_string_equal(awsmap_graph_edge_attribute(g, edge_to(g, a, "references", b), "direction"), "egress");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":security-group/sg-web", "references",
          "arn:aws:ec2:us-east-1:" B ":security-group/sg-b1");
  edge_to(g, "arn:aws:ec2:us-east-1:" B ":security-group/sg-b1", "references",
          "arn:aws:ec2:us-east-1:" A ":security-group/sg-web");
  size_t ext = node(g, "arn:aws:ec2:us-east-1:333333333333:security-group/sg-ext");
  assert_int_equal(awsmap_graph_node_external(g, ext), 1);
  assert_int_equal(awsmap_graph_node_external(g, node(g, "arn:aws:ec2:us-east-1:" B ":security-group/sg-b1")), 0);
  /* Peering across accounts and across regions; one node per connection
   * although both sides described it. */
  size_t e = edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "peering", "arn:aws:ec2:us-east-1:" B ":vpc/vpc-b1");
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "connection"), "pcx-ab");
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "status"), "active");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "peering", "arn:aws:ec2:eu-west-1:" A ":vpc/vpc-a2");
  assert_int_equal(awsmap_graph_type_count(g, "ec2:vpc-peering-connection"), 3);
  /* ... and to a VPC that was not read: a stub in its owner's account and region */
  size_t far = node(g, "arn:aws:ec2:us-west-2:444444444444:vpc/vpc-far");
  assert_int_equal(awsmap_graph_node_external(g, far), 1);
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "peering",
          "arn:aws:ec2:us-west-2:444444444444:vpc/vpc-far");
  /* Load balancing: classic ELB -> instances with health; ALB -> listener -> TG -> targets. */
  const char *elb = "arn:aws:elasticloadbalancing:us-east-1:" A ":";
#define ELB2(x, y) (snprintf(a, sizeof a, "%s%s", elb, x), snprintf(b, sizeof b, "%s%s", ec2, y))
  ELB2("loadbalancer/legacy", "instance/i-web2");
  e = edge_to(g, a, "target", b);
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "health"), "OutOfService");
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "reason"), "Instance");
  edge_to(g, "arn:aws:elasticloadbalancing:us-east-1:" A ":loadbalancer/app/web-alb/50dc", "listener",
          "arn:aws:elasticloadbalancing:us-east-1:" A ":listener/app/web-alb/50dc/l80");
  edge_to(g, "arn:aws:elasticloadbalancing:us-east-1:" A ":listener/app/web-alb/50dc/l80", "forwards-to",
          "arn:aws:elasticloadbalancing:us-east-1:" A ":targetgroup/ip-tg/88aa");
  ELB2("targetgroup/web-tg/73e2", "instance/i-web1");
  e = edge_to(g, a, "target", b);
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "health"), "healthy");
  assert_string_equal(awsmap_graph_edge_attribute(g, e, "port"), "8080");
  /* An IP target is an "ip" node in the group's VPC. */
  size_t ip = node(g, "arn:aws:awsmap:us-east-1:" A ":ip/vpc-a1/10.0.1.50");
  assert_string_equal(awsmap_graph_node_type(g, ip), "ip");
  assert_string_equal(awsmap_graph_node_id(g, ip), "10.0.1.50");
  assert_string_equal(awsmap_graph_node_status(g, ip), "healthy");
  edge_to(g, "arn:aws:ec2:us-east-1:" A ":vpc/vpc-a1", "contains", "arn:aws:awsmap:us-east-1:" A ":ip/vpc-a1/10.0.1.50");
  /* RDS */
  edge_to(g, "arn:aws:rds:us-east-1:" A ":db:orders-db", "uses", "arn:aws:rds:us-east-1:" A ":subgrp:db-subnets");
  edge_to(g, "arn:aws:rds:us-east-1:" A ":subgrp:db-subnets", "includes", "arn:aws:ec2:us-east-1:" A ":subnet/subnet-pub");
  edge_to(g, "arn:aws:rds:us-east-1:" A ":db:aurora-1", "member-of", "arn:aws:rds:us-east-1:" A ":cluster:aurora-prod");
  /* Status records change statuses, they do not add nodes of their own;
   * one about an unknown instance leaves a stub instead of vanishing. */
  size_t gone = node(g, "arn:aws:ec2:us-east-1:" A ":instance/i-gone");
  assert_int_equal(awsmap_graph_node_external(g, gone), 1);
  assert_string_equal(awsmap_graph_node_status(g, gone), "terminated");
  assert_int_equal(awsmap_graph_type_count(g, "ec2:instance-status"), 0);
  assert_int_equal(awsmap_graph_type_count(g, "iam:role"), 0); /* unknown types are ignored */
  /* Nodes by type come in ARN order. */
  assert_int_equal(awsmap_graph_type_count(g, "ec2:instance"), 6);
  for (size_t k = 1; k < 6; k++)
    assert_true(awsmap_graph_type_node_at(g, "ec2:instance", k - 1) <
                awsmap_graph_type_node_at(g, "ec2:instance", k));
  assert_int_equal(awsmap_graph_type_node_at(g, "ec2:instance", 6), AWSMAP_GRAPH_NONE);
  /* In and out: the SG is reached by instances, ENIs, endpoints. */
  size_t sg = node(g, "arn:aws:ec2:us-east-1:" A ":security-group/sg-web");
  assert_int_equal(awsmap_graph_node_edge_count(g, sg, AWSMAP_GRAPH_IN, "secured-by"), 4);
  assert_int_equal(awsmap_graph_node_edge_count(g, sg, AWSMAP_GRAPH_BOTH, NULL),
                   awsmap_graph_node_edge_count(g, sg, AWSMAP_GRAPH_IN, NULL) +
                       awsmap_graph_node_edge_count(g, sg, AWSMAP_GRAPH_OUT, NULL));
  assert_int_equal(awsmap_graph_node_edge_at(g, sg, AWSMAP_GRAPH_IN, "secured-by", 4), AWSMAP_GRAPH_NONE);
  /* Accounts */
  assert_int_equal(awsmap_graph_account_count(g), 2);
  assert_string_equal(awsmap_graph_account_at(g, 0), A);
  assert_string_equal(awsmap_graph_account_at(g, 1), B);
  awsmap_graph_free(g);
}

static void resolve_is_idempotent_and_incremental(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  char *first = fixture_dump(g);
  assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  char *second = fixture_dump(g);
  assert_string_equal(first, second);
  /* A record that fills in a stub: the stub becomes a real node. */
  awsmap_record *r = awsmap__record_new("ec2:instance");
  awsmap__record_add(r, "InstanceId", "i-gone", 6);
  awsmap__record_add(r, "State.Name", "terminated", 10);
  assert_int_equal(awsmap_graph_add_record(g, A, "us-east-1", r), AWSMAP_OK);
  awsmap__record_free(r);
  awsmap_buf *json = NULL;
  assert_int_equal(awsmap_graph_to_json(g, &json), AWSMAP_ERR_INVALID_ARG); /* not resolved yet */
  assert_null(json);
  assert_int_equal(awsmap_graph_edge_count(g), 0);
  assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  size_t gone = node(g, "arn:aws:ec2:us-east-1:" A ":instance/i-gone");
  assert_int_equal(awsmap_graph_node_external(g, gone), 0);
  awsmap__free(first);
  awsmap__free(second);
  awsmap_graph_free(g);
}

/* Resolving after every record, the records in reverse order (references
 * before what they name: stubs first), gives the graph a single resolve
 * gives, byte for byte. */
static void resolving_after_every_record_changes_nothing(void **state) {
  awsmap_graph *once = fixture_graph(NULL);
  char *want = fixture_dump(once);
  test_record *recs = NULL;
  size_t n = 0;
  assert_int_equal(test_records_read(FIXTURE, &recs, &n), 0);
  awsmap_graph *g = NULL;
  assert_int_equal(awsmap_graph_new(&g), AWSMAP_OK);
  for (size_t i = n; i-- > 0;) {
    assert_int_equal(test_records_add(g, &recs[i], 1, NULL), 0);
    assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  }
  char *got = fixture_dump(g);
  assert_string_equal(got, want);
  awsmap__free(got);
  awsmap__free(want);
  test_records_free(recs, n);
  awsmap_graph_free(g);
  awsmap_graph_free(once);
}

static void bad_input_is_refused_with_a_reason(void **state) {
  awsmap_graph *g;
  assert_int_equal(awsmap_graph_new(&g), AWSMAP_OK);
  awsmap_record *r = awsmap__record_new("ec2:instance");
  awsmap__record_add(r, "InstanceType", "t3.micro", 8);
  assert_int_equal(awsmap_graph_add_record(g, A, "us-east-1", r), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "InstanceId"));
  assert_int_equal(awsmap_graph_add_record(g, "", "us-east-1", r), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_graph_add_record(g, A, NULL, r), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_graph_add_record(NULL, A, "us-east-1", r), AWSMAP_ERR_INVALID_ARG);
  awsmap__record_free(r);
  r = awsmap__record_new("elb:instance-health");
  awsmap__record_add(r, "LoadBalancerName", "x", 1);
  assert_int_equal(awsmap_graph_add_record(g, A, "us-east-1", r), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "InstanceId"));
  awsmap__record_free(r);
  size_t i;
  assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  assert_int_equal(awsmap_graph_find_node(g, "arn:nope", &i), AWSMAP_ERR_NOT_FOUND);
  assert_int_equal(i, AWSMAP_GRAPH_NONE);
  assert_null(awsmap_graph_node_arn(g, 12345));
  assert_int_equal(awsmap_graph_edge_from(g, 12345), AWSMAP_GRAPH_NONE);
  assert_int_equal(awsmap_graph_new(NULL), AWSMAP_ERR_INVALID_ARG);
  awsmap_graph_free(g);
  awsmap_graph_free(NULL);
}

static void partial_failures_are_recorded(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  awsmap__error_set_aws(AWSMAP_ERR_ACCESS_DENIED, "ec2:DescribeInstances", "UnauthorizedOperation",
                        403, "req-1", "ec2 DescribeInstances in eu-west-1: HTTP 403");
  awsmap_error e;
  awsmap__error_copy(&e, awsmap__error_tls());
  assert_int_equal(awsmap__graph_add_error(g, B, "eu-west-1", "ec2", &e), AWSMAP_OK);
  assert_int_equal(awsmap__graph_resolve(g), AWSMAP_OK);
  assert_int_equal(awsmap_graph_error_count(g), 1);
  const awsmap_error *got = awsmap_graph_error_at(g, 0);
  assert_int_equal(awsmap_error_status(got), AWSMAP_ERR_ACCESS_DENIED);
  assert_string_equal(awsmap_error_aws_code(got), "UnauthorizedOperation");
  assert_string_equal(awsmap_error_operation(got), "ec2:DescribeInstances");
  assert_int_equal(awsmap_error_http_status(got), 403);
  assert_string_equal(awsmap_graph_error_service(g, 0), "ec2");
  assert_string_equal(awsmap_graph_error_region(g, 0), "eu-west-1");
  assert_string_equal(awsmap_graph_error_account(g, 0), B);
  assert_null(awsmap_graph_error_at(g, 1));
  awsmap_graph_free(g);
}

/* A graph past the arena's first megabyte lives in huge-page blocks: every
 * node stays reachable by ARN and by its containment, and freeing the graph
 * gives all of them back. */
static void a_large_graph_spans_page_blocks(void **state) {
  enum { N = 20000 };
  size_t before = awsmap__pages_in_use();
  awsmap_graph *g = NULL;
  assert_int_equal(awsmap_graph_new(&g), AWSMAP_OK);
  char id[32], subnet[32], name[48];
  for (int i = 0; i < N; i++) {
    awsmap_record *r = NULL;
    snprintf(id, sizeof id, "i-%08x", i);
    snprintf(subnet, sizeof subnet, "subnet-%04x", i % 100);
    snprintf(name, sizeof name, "web-%d", i);
    assert_int_equal(awsmap_record_new(&r, "ec2:instance"), AWSMAP_OK);
    assert_int_equal(awsmap_record_add(r, "InstanceId", id), AWSMAP_OK);
    assert_int_equal(awsmap_record_add(r, "SubnetId", subnet), AWSMAP_OK);
    assert_int_equal(awsmap_record_add(r, "Tags.Name", name), AWSMAP_OK);
    assert_int_equal(awsmap_graph_add_record(g, A, "eu-west-1", r), AWSMAP_OK);
    awsmap_record_free(r);
  }
  assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  assert_true(awsmap__pages_in_use() > before);
  for (int i = 0; i < N; i += 997) {
    char arn[96];
    snprintf(arn, sizeof arn, "arn:aws:ec2:eu-west-1:" A ":instance/i-%08x", i);
    snprintf(name, sizeof name, "web-%d", i);
    snprintf(subnet, sizeof subnet, "subnet-%04x", i % 100);
    size_t n = node(g, arn);
    assert_string_equal(awsmap_graph_node_name(g, n), name);
    char subnet_arn[96];
    snprintf(subnet_arn, sizeof subnet_arn, "arn:aws:ec2:eu-west-1:" A ":subnet/%s", subnet);
    edge_to(g, subnet_arn, "contains", arn);
  }
  awsmap_graph_free(g);
  assert_int_equal(awsmap__pages_in_use(), before);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_node_and_edge_matches_the_golden_file),
      cmocka_unit_test(arns_types_and_containment),
      cmocka_unit_test(relationships),
      cmocka_unit_test(resolve_is_idempotent_and_incremental),
      cmocka_unit_test(resolving_after_every_record_changes_nothing),
      cmocka_unit_test(bad_input_is_refused_with_a_reason),
      cmocka_unit_test(partial_failures_are_recorded),
      cmocka_unit_test(a_large_graph_spans_page_blocks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
