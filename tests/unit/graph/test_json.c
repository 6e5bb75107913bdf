#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char *to_json(const awsmap_graph *g) {
  awsmap_buf *b = NULL;
  assert_int_equal(awsmap_graph_to_json(g, &b), AWSMAP_OK);
  char *s = strdup(awsmap_buf_data(b));
  awsmap_buf_free(b);
  return s;
}

/* Records arrive in any order from concurrent requests: every order gives
 * the same bytes. */
static void any_record_order_gives_identical_bytes(void **state) {
  size_t n = fixture_count();
  assert_true(n > 50);
  awsmap_graph *g = fixture_graph(NULL);
  char *want = to_json(g);
  awsmap_graph_free(g);
  size_t *order = malloc(n * sizeof *order);
  unsigned seed = 12345;
  for (int round = 0; round < 12; round++) {
    for (size_t i = 0; i < n; i++)
      order[i] = round == 0 ? n - 1 - i : i; /* round 0: reversed */
    for (size_t i = n - 1; round > 0 && i > 0; i--) { /* Fisher-Yates, fixed seed */
      seed = seed * 1103515245u + 12345u;
      size_t j = (seed >> 8) % (i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    g = fixture_graph(order);
    assert_non_null(g);
    char *got = to_json(g);
    assert_string_equal(got, want);
    free(got);
    awsmap_graph_free(g);
  }
  free(order);
  free(want);
}

static void schema_header_and_shape(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  char *s = to_json(g);
  static const char head[] = "{\"format\":\"awsmap-graph\",\"version\":1,\n\"accounts\":[\n"
                             "{\"id\":\"111111111111\",\"arn\":\"arn:aws:iam::111111111111:root\"},\n";
  assert_true(strncmp(s, head, sizeof head - 1) == 0);
  assert_non_null(strstr(s, "{\"arn\":\"arn:aws:ec2:us-east-1:111111111111:instance/i-web1\","
                            "\"type\":\"ec2:instance\",\"id\":\"i-web1\",\"name\":\"web-1\","
                            "\"account\":\"111111111111\",\"region\":\"us-east-1\","
                            "\"availability_zone\":\"us-east-1b\",\"status\":\"running\","
                            "\"external\":false,\"tags\":{\"Name\":\"web-1\",\"env\":\"prod\"},"
                            "\"properties\":{\"instance_status\":\"ok\",\"instance_type\":\"m6i.large\","
                            "\"private_ip\":\"10.0.1.10\",\"system_status\":\"impaired\"}}"));
  assert_non_null(strstr(s, "{\"from\":\"arn:aws:ec2:us-east-1:111111111111:vpc/vpc-a1\","
                            "\"to\":\"arn:aws:ec2:us-east-1:222222222222:vpc/vpc-b1\",\"kind\":\"peering\","
                            "\"attributes\":{\"connection\":\"pcx-ab\",\"status\":\"active\"}}"));
  assert_non_null(strstr(s, "\n\"errors\":[]}\n"));
  free(s);
  awsmap_graph_free(g);
}

static void load_then_export_gives_the_same_bytes(void **state) {
  awsmap_graph *g = fixture_graph(NULL);
  awsmap__error_set(AWSMAP_ERR_THROTTLED, "rds:DescribeDBInstances", "quote \" and\nnewline");
  awsmap_error e;
  awsmap__error_copy(&e, awsmap__error_tls());
  assert_int_equal(awsmap__graph_add_error(g, "111111111111", "us-east-1", "rds", &e), AWSMAP_OK);
  assert_int_equal(awsmap__graph_resolve(g), AWSMAP_OK);
  char *first = to_json(g);
  awsmap_graph *h = NULL;
  assert_int_equal(awsmap_graph_load_json(&h, first, strlen(first)), AWSMAP_OK);
  char *second = to_json(h);
  assert_string_equal(first, second);
  /* The loaded graph answers like the original. */
  assert_int_equal(awsmap_graph_node_count(h), awsmap_graph_node_count(g));
  assert_int_equal(awsmap_graph_edge_count(h), awsmap_graph_edge_count(g));
  assert_int_equal(awsmap_graph_error_count(h), 1);
  assert_int_equal(awsmap_error_status(awsmap_graph_error_at(h, 0)), AWSMAP_ERR_THROTTLED);
  char *dg = fixture_dump(g), *dh = fixture_dump(h);
  assert_string_equal(dg, dh);
  /* Resolving a loaded graph changes nothing. */
  assert_int_equal(awsmap_graph_resolve(h), AWSMAP_OK);
  char *third = to_json(h);
  assert_string_equal(first, third);
  awsmap__free(dg);
  awsmap__free(dh);
  free(first);
  free(second);
  free(third);
  awsmap_graph_free(g);
  awsmap_graph_free(h);
}

static void expect_parse_error(const char *json, const char *fragment) {
  awsmap_graph *g = (awsmap_graph *)0x1;
  assert_int_equal(awsmap_graph_load_json(&g, json, strlen(json)), AWSMAP_ERR_PARSE);
  assert_null(g);
  const char *msg = awsmap_error_message(awsmap_error_last());
  if (!strstr(msg, fragment))
    fail_msg("message \"%s\" lacks \"%s\"", msg, fragment);
}

static void malformed_input_is_a_parse_error_that_says_where(void **state) {
  expect_parse_error("{\"format\":\"awsmap-graph\",", "malformed JSON at byte");
  expect_parse_error("", "malformed JSON");
  expect_parse_error("[1,2]", "not an object");
  expect_parse_error("{\"format\":\"other\",\"version\":1}", "\"format\"");
  expect_parse_error("{\"format\":\"awsmap-graph\"}", "\"version\"");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":2}", "version 2 is not supported");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":{}}", "\"nodes\" is not an array");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"type\":\"x\"}]}",
                     "nodes[0]: missing \"arn\"");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\"},{\"arn\":7}]}",
                     "nodes[1]: \"arn\" is not a string");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\"},{\"arn\":\"a\"}]}",
                     "nodes[1]: duplicate");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\",\"tags\":{\"k\":1}}]}",
                     "nodes[0]: \"tags\".\"k\" is not a string");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\"}],"
                     "\"edges\":[{\"from\":\"a\",\"to\":\"b\",\"kind\":\"contains\"}]}",
                     "edges[0]: \"to\" names no node: b");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"errors\":[{\"http_status\":\"x\"}]}",
                     "errors[0]: \"http_status\" is not a number");
  /* out-of-range or fractional statuses are refused before any cast (1e300 was UB) */
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"errors\":[{\"http_status\":1e300}]}",
                     "errors[0]: \"http_status\" is not an HTTP status");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"errors\":[{\"http_status\":-1e300}]}",
                     "errors[0]: \"http_status\" is not an HTTP status");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"errors\":[{\"http_status\":1000}]}",
                     "errors[0]: \"http_status\" is not an HTTP status");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"errors\":[{\"http_status\":404.5}]}",
                     "errors[0]: \"http_status\" is not an HTTP status");
  /* what the graph itself would never hold is refused, not silently changed */
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\\u0000b\"}]}",
                     "a NUL character (\\u0000) at byte 55");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\"}],"
                     "\"edges\":[{\"from\":\"a\",\"to\":\"a\",\"kind\":\"contains\"}]}",
                     "edges[0]: an edge from a node to itself: a");
  expect_parse_error("{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\"},{\"arn\":\"b\"}],"
                     "\"edges\":[{\"from\":\"a\",\"to\":\"b\",\"kind\":\"target\","
                     "\"attributes\":{\"health\":\"\"}}]}",
                     "edges[0]: \"attributes\".\"health\" is empty");
  awsmap_graph *g;
  /* a raw zero byte inside a string is refused too; one that ends the text is not content */
  static const char raw[] = "{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\0b\"}]}";
  assert_int_equal(awsmap_graph_load_json(&g, raw, sizeof raw - 1), AWSMAP_ERR_PARSE);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "a zero byte) at byte 55"));
  static const char ended[] = "{\"format\":\"awsmap-graph\",\"version\":1}";
  assert_int_equal(awsmap_graph_load_json(&g, ended, sizeof ended), AWSMAP_OK); /* NUL counted */
  awsmap_graph_free(g);
  /* an escaped backslash before "u0000" is text, and so are empty tag values */
  const char *fine = "{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[{\"arn\":\"a\\\\u0000\","
                     "\"tags\":{\"k\":\"\"}}]}";
  assert_int_equal(awsmap_graph_load_json(&g, fine, strlen(fine)), AWSMAP_OK);
  size_t n = AWSMAP_GRAPH_NONE;
  assert_int_equal(awsmap_graph_find_node(g, "a\\u0000", &n), AWSMAP_OK);
  awsmap_graph_free(g);
  assert_int_equal(awsmap_graph_load_json(NULL, "{}", 2), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_graph_load_json(&g, NULL, 3), AWSMAP_ERR_INVALID_ARG);
}

static void unknown_members_are_ignored(void **state) {
  const char *json =
      "{\"format\":\"awsmap-graph\",\"version\":1,\"generator\":{\"name\":\"future\"},"
      "\"accounts\":[{\"id\":\"1\",\"alias\":\"x\"}],"
      "\"nodes\":[{\"arn\":\"arn:aws:ec2:r:1:vpc/v\",\"type\":\"ec2:vpc\",\"colour\":[1,2],"
      "\"properties\":{\"cidr\":\"10.0.0.0/16\"}},{\"arn\":\"arn:aws:ec2:r:1:subnet/s\",\"type\":\"ec2:subnet\"}],"
      "\"edges\":[{\"from\":\"arn:aws:ec2:r:1:vpc/v\",\"to\":\"arn:aws:ec2:r:1:subnet/s\",\"kind\":\"contains\","
      "\"weight\":3}],\"errors\":[],\"stats\":{}}";
  awsmap_graph *g;
  assert_int_equal(awsmap_graph_load_json(&g, json, strlen(json)), AWSMAP_OK);
  assert_int_equal(awsmap_graph_node_count(g), 2);
  assert_int_equal(awsmap_graph_edge_count(g), 1);
  size_t v;
  assert_int_equal(awsmap_graph_find_node(g, "arn:aws:ec2:r:1:vpc/v", &v), AWSMAP_OK);
  assert_string_equal(awsmap_graph_node_property(g, v, "cidr"), "10.0.0.0/16");
  assert_string_equal(awsmap_graph_node_name(g, v), ""); /* absent members read as "" */
  assert_string_equal(awsmap_graph_edge_kind(g, 0), "contains");
  assert_int_equal(awsmap_graph_account_count(g), 1);
  awsmap_graph_free(g);
}

static void escapes_survive_the_round_trip(void **state) {
  awsmap_graph *g;
  assert_int_equal(awsmap_graph_new(&g), AWSMAP_OK);
  awsmap_record *r = awsmap__record_new("s3:bucket");
  awsmap__record_add(r, "Name", "b", 1);
  const char tricky[] = "q\"b\\s/\x01\t\n\x7f é";
  awsmap__record_add_copy_name(r, "Tags.k\"", 7, tricky, sizeof tricky - 1);
  assert_int_equal(awsmap_graph_add_record(g, "1", "us-east-1", r), AWSMAP_OK);
  awsmap__record_free(r);
  assert_int_equal(awsmap_graph_resolve(g), AWSMAP_OK);
  char *first = to_json(g);
  assert_non_null(strstr(first, "\"k\\\"\":\"q\\\"b\\\\s/\\u0001\\t\\n\\u007f é\""));
  awsmap_graph *h;
  assert_int_equal(awsmap_graph_load_json(&h, first, strlen(first)), AWSMAP_OK);
  size_t i;
  assert_int_equal(awsmap_graph_find_node(h, "arn:aws:s3:::b", &i), AWSMAP_OK);
  assert_string_equal(awsmap_graph_node_tag(h, i, "k\""), tricky);
  char *second = to_json(h);
  assert_string_equal(first, second);
  free(first);
  free(second);
  awsmap_graph_free(g);
  awsmap_graph_free(h);
}

/* A loaded graph may hold any number of node types (past 65,535 too), and
 * nodes by type still come grouped, in ARN order. */
static void many_types_load(void **state) {
  enum { TYPES = 70000 };
  awsmap__buf j = AWSMAP__BUF_INIT;
  awsmap__buf_puts(&j, "{\"format\":\"awsmap-graph\",\"version\":1,\"nodes\":[");
  for (int i = 0; i < TYPES; i++)
    awsmap__buf_printf(&j, "%s{\"arn\":\"arn:aws:x:us-east-1:111111111111:r/%05d\","
                           "\"type\":\"x:t%05d\",\"id\":\"%05d\"}", i ? "," : "", i,
                       TYPES - 1 - i, i);
  awsmap__buf_puts(&j, "],\"edges\":[]}");
  awsmap_graph *g = NULL;
  if (awsmap_graph_load_json(&g, j.ptr, j.len) != AWSMAP_OK)
    fail_msg("%s", awsmap_error_message(awsmap_error_last()));
  assert_int_equal(awsmap_graph_node_count(g), TYPES);
  assert_int_equal(awsmap_graph_type_count(g, "x:t00000"), 1);
  size_t n = awsmap_graph_type_node_at(g, "x:t00000", 0);
  assert_string_equal(awsmap_graph_node_arn(g, n), "arn:aws:x:us-east-1:111111111111:r/69999");
  assert_string_equal(awsmap_graph_node_type(g, awsmap_graph_type_node_at(g, "x:t69999", 0)),
                      "x:t69999");
  awsmap_graph_free(g);
  awsmap__buf_dispose(&j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(any_record_order_gives_identical_bytes),
      cmocka_unit_test(schema_header_and_shape),
      cmocka_unit_test(load_then_export_gives_the_same_bytes),
      cmocka_unit_test(malformed_input_is_a_parse_error_that_says_where),
      cmocka_unit_test(unknown_members_are_ignored),
      cmocka_unit_test(escapes_survive_the_round_trip),
      cmocka_unit_test(many_types_load),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
