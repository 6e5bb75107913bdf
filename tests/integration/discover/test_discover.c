/* Discovery end to end, against the emulator's "full" scenario: two regions,
 * every resource type and relationship, tiny pages.
 *
 * The expected graph is built independently: tests/data/graph/full.records
 * holds the scenario's resources as records (written straight from the
 * scenario JSON, no HTTP and no XML), and the graph module resolves them.
 * Discovery must produce byte-identical JSON, so every node, property, tag
 * and edge is asserted, not just counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "emu.h"
#include "records_file.h"

#define ACCOUNT "111111111111"
#define KEY "AKIAEMUFULL000000001"
#define SECRET "fullSecretKey/000000000000000000000000001"

static struct emu emu;
static char *expected_json; /* the independently built graph */

static const char *const REGIONS[] = {"us-east-1", "eu-west-1"};

/* ---- helpers ---- */

static awsmap_client *make_client(const char *secret, unsigned page_size, long timeout_ms,
                                  unsigned attempts) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_static_new(&p, KEY, secret, NULL), AWSMAP_OK);
  awsmap_client_options o = AWSMAP_CLIENT_OPTIONS_INIT;
  o.endpoint_url = emu_url(&emu);
  o.region = "us-east-1";
  o.page_size = page_size;
  o.request_timeout_ms = timeout_ms;
  o.max_attempts = attempts;
  awsmap_client *c = NULL;
  assert_int_equal(awsmap_client_new(&c, p, &o), AWSMAP_OK);
  awsmap_credentials_provider_release(p);
  return c;
}

static awsmap_status discover(awsmap_client *c, awsmap_graph **g, awsmap_progress_fn progress) {
  awsmap_discover_options o = AWSMAP_DISCOVER_OPTIONS_INIT;
  o.regions = REGIONS;
  o.region_count = 2;
  o.progress = progress;
  return awsmap_discover(g, c, &o);
}

static char *to_json(const awsmap_graph *g) {
  awsmap_buf *b = NULL;
  assert_int_equal(awsmap_graph_to_json(g, &b), AWSMAP_OK);
  char *s = strdup(awsmap_buf_data(b));
  awsmap_buf_free(b);
  return s;
}

/* Byte equality, and on failure the first differing line plus both files. */
static void assert_same_json(const char *want, const char *got, const char *name) {
  if (strcmp(want, got) == 0)
    return;
  size_t line = 1, i = 0;
  while (want[i] && want[i] == got[i])
    line += want[i++] == '\n';
  char path[256];
  snprintf(path, sizeof path, "discover-%s.json", name);
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(got, f);
    fclose(f);
  }
  if ((f = fopen("discover-expected.json", "w"))) {
    fputs(want, f);
    fclose(f);
  }
  const char *w = want + i, *g = got + i;
  while (w > want && w[-1] != '\n')
    w--, g--;
  fail_msg("%s: graphs differ at line %zu (got written to %s, want to discover-expected.json)\n  want: %.200s\n  got:  %.200s",
           name, line, path, w, g);
}

static void reset_emulator(void) {
  assert_int_equal(emu_post(&emu, "/_emu/reset", "{}"), 0);
}

static cJSON *calls(void) {
  char *body = emu_get(&emu, "/_emu/calls");
  assert_non_null(body);
  cJSON *j = cJSON_Parse(body);
  free(body);
  assert_non_null(j);
  return j;
}

static size_t count_type_prefix(const awsmap_graph *g, const char *prefix) {
  size_t n = 0;
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++)
    n += strncmp(awsmap_graph_node_type(g, i), prefix, strlen(prefix)) == 0;
  return n;
}

/* A client acting as account 222222222222's AuditRole (External ID
 * required), assumed from the scenario's user. */
static awsmap_client *audit_role_client(void) {
  awsmap_credentials_provider *source = NULL, *role = NULL;
  assert_int_equal(awsmap_credentials_provider_static_new(&source, KEY, SECRET, NULL), AWSMAP_OK);
  awsmap_assume_role_options ar = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  ar.role_arn = "arn:aws:iam::222222222222:role/AuditRole";
  ar.external_id = "ext-7f3a9c";
  ar.endpoint_url = emu_url(&emu);
  ar.region = "us-east-1";
  assert_int_equal(awsmap_credentials_provider_assume_role_new(&role, source, &ar), AWSMAP_OK);
  awsmap_client_options o = AWSMAP_CLIENT_OPTIONS_INIT;
  o.endpoint_url = emu_url(&emu);
  o.region = "us-east-1";
  awsmap_client *c = NULL;
  assert_int_equal(awsmap_client_new(&c, role, &o), AWSMAP_OK);
  awsmap_credentials_provider_release(role); /* the client holds its own references */
  awsmap_credentials_provider_release(source);
  return c;
}

/* The graph is the expected one, byte for byte; frees it. */
static void expect_full_graph(awsmap_graph *g, const char *name) {
  char *got = to_json(g);
  assert_same_json(expected_json, got, name);
  free(got);
  awsmap_graph_free(g);
}

/* ---- setup: the emulator and the expected graph ---- */

static int setup(void **state) {
  if (emu_start(&emu, "full", NULL) != 0)
    return -1;
  test_record *recs = NULL;
  size_t n = 0;
  if (test_records_read(AWSMAP_TEST_DATA "/graph/full.records", &recs, &n) != 0)
    return -1;
  awsmap_graph *g = NULL;
  if (awsmap_graph_new(&g) != AWSMAP_OK)
    return -1;
  /* One account per discovery: keep that account's records. STS's record
   * names the account; discovery adds it through the graph's account API. */
  for (size_t i = 0; i < n; i++)
    if (strcmp(recs[i].account, ACCOUNT) == 0 &&
        strcmp(awsmap_record_type(recs[i].rec), "sts:caller-identity") != 0 &&
        awsmap__graph_add_record(g, recs[i].account, recs[i].region, recs[i].rec) != AWSMAP_OK)
      return -1;
  if (awsmap__graph_add_account(g, ACCOUNT, "us-east-1") != AWSMAP_OK ||
      awsmap_graph_resolve(g) != AWSMAP_OK)
    return -1;
  expected_json = to_json(g);
  awsmap_graph_free(g);
  test_records_free(recs, n);
  return 0;
}

static int teardown(void **state) {
  emu_stop(&emu);
  free(expected_json);
  return 0;
}

/* ---- tests ---- */

static void finds_every_node_and_edge_with_tiny_pages(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 1, 0, 0); /* 1: clamped to each API's minimum */
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  char *got = to_json(g);
  assert_same_json(expected_json, got, "tiny-pages");
  assert_string_equal(awsmap_graph_account_at(g, 0), ACCOUNT);
  assert_int_equal(awsmap_graph_error_count(g), 0);
  /* Tiny pages really paged: some call sent a token. */
  cJSON *log = calls(), *call;
  int paged = 0;
  cJSON_ArrayForEach(call, log) {
    cJSON *params = cJSON_GetObjectItem(call, "params");
    paged |= cJSON_GetObjectItem(params, "NextToken") || cJSON_GetObjectItem(params, "Marker");
  }
  assert_true(paged);
  cJSON_Delete(log);
  free(got);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void only_read_only_actions_are_called(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 0, 0, 0);
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  cJSON *log = calls(), *call;
  int n = 0;
  cJSON_ArrayForEach(call, log) {
    const char *action = cJSON_GetStringValue(cJSON_GetObjectItem(call, "action"));
    assert_non_null(action);
    if (strncmp(action, "Describe", 8) != 0 && strncmp(action, "List", 4) != 0 &&
        strncmp(action, "Get", 3) != 0)
      fail_msg("discovery called a non-read-only action: %s", action);
    n++;
  }
  assert_true(n > 20);
  cJSON_Delete(log);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

/* Calls of one action in the emulator's log. */
static int count_calls(const char *action) {
  cJSON *log = calls(), *call;
  int n = 0;
  cJSON_ArrayForEach(call, log) {
    n += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(call, "action")), action) == 0;
  }
  cJSON_Delete(log);
  return n;
}

/* ListBuckets names each bucket's region (S3 since 2024): no GetBucketLocation
 * per bucket. An endpoint that does not (older S3, S3-compatible stores) gets
 * one per bucket, and the graph is the same either way. */
static void bucket_regions_come_from_list_buckets_when_named(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 0, 0, 0);
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  char *got = to_json(g);
  assert_same_json(expected_json, got, "bucket-region");
  assert_int_equal(count_calls("ListBuckets"), 1);
  assert_int_equal(count_calls("GetBucketLocation"), 0);
  free(got);
  awsmap_graph_free(g);

  reset_emulator();
  assert_int_equal(emu_post(&emu, "/_emu/config", "{\"s3_bucket_region\": false}"), 0);
  g = NULL;
  awsmap_status st = discover(c, &g, NULL);
  assert_int_equal(emu_post(&emu, "/_emu/config", "{\"s3_bucket_region\": true}"), 0);
  assert_int_equal(st, AWSMAP_OK);
  got = to_json(g);
  assert_same_json(expected_json, got, "bucket-location");
  assert_int_equal(count_calls("GetBucketLocation"), (int)count_type_prefix(g, "s3:bucket"));
  assert_true(count_type_prefix(g, "s3:bucket") > 0);
  free(got);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void transient_faults_change_nothing(void **state) {
  reset_emulator();
  /* Seeded, so every run injects the same faults. */
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"probability\":0.15},\"kind\":\"throttle\",\"seed\":11},"
                            "{\"match\":{\"probability\":0.08},\"kind\":\"http503\",\"seed\":12},"
                            "{\"match\":{\"probability\":0.05},\"kind\":\"truncate\",\"seed\":13},"
                            "{\"match\":{\"probability\":0.05},\"kind\":\"reset\",\"seed\":14}]"),
                   0);
  awsmap_client *c = make_client(SECRET, 1, 0, 10);
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  char *got = to_json(g);
  assert_same_json(expected_json, got, "faults");
  /* The faults did fire (otherwise this test proves nothing). */
  cJSON *log = calls(), *call;
  int failed = 0;
  cJSON_ArrayForEach(call, log) failed += cJSON_IsString(cJSON_GetObjectItem(call, "error_code"));
  assert_true(failed >= 3);
  cJSON_Delete(log);
  free(got);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

/* A discovery with these fault rules injected (JSON), which must end
 * partial; *c gets the client, for the caller to free with the graph. */
static awsmap_graph *partial_discovery(const char *faults, long timeout_ms, unsigned attempts,
                                       awsmap_client **c) {
  reset_emulator();
  assert_int_equal(emu_post(&emu, "/_emu/faults", faults), 0);
  *c = make_client(SECRET, 0, timeout_ms, attempts);
  awsmap_graph *g = NULL;
  assert_int_equal(discover(*c, &g, NULL), AWSMAP_ERR_PARTIAL);
  assert_non_null(g);
  return g;
}

static void rds_access_denied_gives_a_partial_graph(void **state) {
  awsmap_client *c;
  awsmap_graph *g = partial_discovery(
      /* STS answers last, so the failures arrive before the account is known. */
      "[{\"match\":{\"service\":\"rds\"},\"kind\":\"access_denied\"},"
      "{\"match\":{\"service\":\"sts\"},\"kind\":\"latency\",\"ms\":500}]",
      0, 0, &c);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "6 recorded failure(s)"));
  /* One failure per RDS call per region, each naming the cause. */
  assert_int_equal(awsmap_graph_error_count(g), 3 * 2);
  for (size_t i = 0; i < awsmap_graph_error_count(g); i++) {
    const awsmap_error *e = awsmap_graph_error_at(g, i);
    assert_int_equal(awsmap_error_status(e), AWSMAP_ERR_ACCESS_DENIED);
    assert_string_equal(awsmap_error_aws_code(e), "AccessDenied");
    assert_int_equal(awsmap_error_http_status(e), 403);
    assert_non_null(awsmap_error_request_id(e));
    assert_string_equal(awsmap_graph_error_service(g, i), "rds");
    assert_string_equal(awsmap_graph_error_account(g, i), ACCOUNT); /* even if STS was slower */
    assert_non_null(strstr(awsmap_error_operation(e), "rds"));
  }
  /* Nothing else was lost: every EC2 node of the full graph is there. */
  awsmap_graph *want = NULL;
  assert_int_equal(awsmap_graph_load_json(&want, expected_json, strlen(expected_json)),
                   AWSMAP_OK);
  assert_int_equal(count_type_prefix(g, "ec2:"), count_type_prefix(want, "ec2:"));
  assert_int_equal(count_type_prefix(g, "elbv2:"), count_type_prefix(want, "elbv2:"));
  assert_int_equal(count_type_prefix(g, "s3:"), count_type_prefix(want, "s3:"));
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++)
    if (strncmp(awsmap_graph_node_type(g, i), "rds:", 4) == 0)
      assert_true(awsmap_graph_node_external(g, i)); /* only stubs named by others */
  awsmap_graph_free(want);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

/* A follow-up about one resource that fails names that resource: one error
 * per target group, each with its ARN. */
static void a_failed_follow_up_names_its_resource(void **state) {
  awsmap_client *c;
  awsmap_graph *g = partial_discovery("[{\"match\":{\"action\":\"DescribeTargetHealth\","
                                      "\"region\":\"us-east-1\"},\"kind\":\"access_denied\"}]",
                                      0, 0, &c);
  size_t groups = 0;
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++)
    groups += strcmp(awsmap_graph_node_type(g, i), "elbv2:target-group") == 0 &&
              strcmp(awsmap_graph_node_region(g, i), "us-east-1") == 0 &&
              !awsmap_graph_node_external(g, i);
  assert_true(groups > 0);
  assert_int_equal(awsmap_graph_error_count(g), groups);
  for (size_t i = 0; i < groups; i++) {
    const char *msg = awsmap_error_message(awsmap_graph_error_at(g, i));
    const char *arn = strstr(msg, "(TargetGroupArn arn:aws:elasticloadbalancing:us-east-1:");
    if (!arn)
      fail_msg("error %zu does not name its target group: %s", i, msg);
    size_t node = AWSMAP_GRAPH_NONE;
    char want[256];
    snprintf(want, sizeof want, "%.*s", (int)strcspn(arn + 16, ")"), arn + 16);
    assert_int_equal(awsmap_graph_find_node(g, want, &node), AWSMAP_OK);
    if (i) /* sorted, and no two alike */
      assert_true(strcmp(awsmap_error_message(awsmap_graph_error_at(g, i - 1)), msg) < 0);
  }
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

/* An answer that lacks a resource's ID loses that record only: the call is
 * recorded as failed (how many records, and why), and everything else stays,
 * whether the account was known when the records came or they were held
 * until STS answered. */
static void a_record_without_its_id_is_skipped_and_recorded(void **state) {
  for (int slow_sts = 0; slow_sts < 2; slow_sts++) {
    char faults[512];
    snprintf(faults, sizeof faults,
             "[{\"match\":{\"service\":\"ec2\",\"action\":\"DescribeVpcs\","
             "\"region\":\"eu-west-1\"},\"kind\":\"drop_element\",\"element\":\"vpcId\"}%s]",
             slow_sts ? ",{\"match\":{\"service\":\"sts\"},\"kind\":\"latency\",\"ms\":500}"
                      : "");
    awsmap_client *c;
    awsmap_graph *g = partial_discovery(faults, 0, 0, &c);
    assert_int_equal(awsmap_graph_error_count(g), 1);
    const awsmap_error *e = awsmap_graph_error_at(g, 0);
    assert_int_equal(awsmap_error_status(e), AWSMAP_ERR_PARSE);
    assert_string_equal(awsmap_error_operation(e), "ec2:DescribeVpcs");
    assert_string_equal(awsmap_graph_error_service(g, 0), "ec2");
    assert_string_equal(awsmap_graph_error_region(g, 0), "eu-west-1");
    assert_string_equal(awsmap_graph_error_account(g, 0), ACCOUNT);
    const char *msg = awsmap_error_message(e);
    assert_non_null(strstr(msg, "ec2:vpc record without VpcId"));
    assert_non_null(strstr(msg, "record(s) of its answers skipped"));
    /* The VPCs of eu-west-1 are stubs named by their subnets; us-east-1's and
     * every other resource are as in the full graph. */
    awsmap_graph *want = NULL;
    assert_int_equal(awsmap_graph_load_json(&want, expected_json, strlen(expected_json)),
                     AWSMAP_OK);
    size_t n = AWSMAP_GRAPH_NONE;
    for (size_t i = 0; i < awsmap_graph_node_count(want); i++) {
      const char *arn = awsmap_graph_node_arn(want, i);
      assert_int_equal(awsmap_graph_find_node(g, arn, &n), AWSMAP_OK);
      bool lost = strcmp(awsmap_graph_node_type(want, i), "ec2:vpc") == 0 &&
                  strcmp(awsmap_graph_node_region(want, i), "eu-west-1") == 0;
      assert_int_equal(awsmap_graph_node_external(g, n),
                       lost || awsmap_graph_node_external(want, i));
    }
    assert_int_equal(count_type_prefix(g, "ec2:instance"), count_type_prefix(want, "ec2:instance"));
    awsmap_graph_free(want);
    awsmap_graph_free(g);
    awsmap_client_free(c);
  }
}

/* Running out of memory anywhere ends the discovery with AWSMAP_ERR_NOMEM
 * and no graph; it is never recorded as one call's failure in a graph that
 * claims to be complete but for it. One allocation fails per run, at points
 * spread over a whole discovery. */
static void running_out_of_memory_is_not_a_partial_result(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 0, 0, 0);
  size_t nomem = 0;
  for (long k = 0; k < 24; k++) {
    awsmap_graph *g = NULL;
    awsmap__alloc_fail_after(1 + k * k * 97);
    awsmap_status st = discover(c, &g, NULL);
    awsmap__alloc_fail_after(0);
    if (st == AWSMAP_ERR_NOMEM) {
      assert_null(g);
      assert_string_equal(awsmap_error_message(awsmap_error_last()), "out of memory");
      nomem++;
      continue;
    }
    if (st != AWSMAP_OK && st != AWSMAP_ERR_PARTIAL)
      fail_msg("allocation %ld: %s: %s", 1 + k * k * 97, awsmap_status_name(st),
               awsmap_error_message(awsmap_error_last()));
    for (size_t i = 0; i < awsmap_graph_error_count(g); i++)
      assert_int_not_equal(awsmap_error_status(awsmap_graph_error_at(g, i)), AWSMAP_ERR_NOMEM);
    awsmap_graph_free(g);
  }
  assert_true(nomem > 0); /* the failures did land in the discovery */
  awsmap_client_free(c);
}

/* A discovery refused after its first call was queued (an empty region
 * name) leaves nothing behind: the client's next discovery runs clean. */
static void a_refused_discovery_leaves_the_client_clean(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 0, 0, 0);
  static const char *const bad[] = {"us-east-1", ""};
  awsmap_discover_options o = AWSMAP_DISCOVER_OPTIONS_INIT;
  o.regions = bad;
  o.region_count = 2;
  awsmap_graph *g = NULL;
  assert_int_equal(awsmap_discover(&g, c, &o), AWSMAP_ERR_INVALID_ARG);
  assert_null(g);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "region 1 is empty"));
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  expect_full_graph(g, "after-refused");
  awsmap_client_free(c);
}

/* A server clock 20 minutes away: every call in flight was signed with the
 * wrong time, not only the first to answer; all are retried with the
 * corrected clock and the graph is complete. */
static void a_skewed_clock_is_corrected_for_every_call(void **state) {
  for (int sign = -1; sign <= 1; sign += 2) {
    reset_emulator();
    char faults[128];
    snprintf(faults, sizeof faults, "[{\"match\":{},\"kind\":\"clock_skew\",\"seconds\":%d}]",
             sign * 1200);
    assert_int_equal(emu_post(&emu, "/_emu/faults", faults), 0);
    awsmap_client *c = make_client(SECRET, 0, 0, 0);
    awsmap_graph *g = NULL;
    awsmap_status st = discover(c, &g, NULL);
    if (st != AWSMAP_OK)
      fail_msg("skew %+d s: %s: %s", sign * 1200, awsmap_status_name(st),
               awsmap_error_message(awsmap_error_last()));
    expect_full_graph(g, "skewed");
    awsmap_client_free(c);
  }
}

static void a_region_timing_out_is_recorded(void **state) {
  awsmap_client *c;
  awsmap_graph *g = partial_discovery(
      "[{\"match\":{\"region\":\"eu-west-1\"},\"kind\":\"latency\",\"ms\":3000}]", 400, 1, &c);
  assert_true(awsmap_graph_error_count(g) > 0);
  for (size_t i = 0; i < awsmap_graph_error_count(g); i++) {
    assert_string_equal(awsmap_graph_error_region(g, i), "eu-west-1");
    assert_int_equal(awsmap_error_status(awsmap_graph_error_at(g, i)), AWSMAP_ERR_TIMEOUT);
  }
  /* us-east-1 is whole. */
  size_t use1 = 0;
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++)
    use1 += strcmp(awsmap_graph_node_region(g, i), "us-east-1") == 0 &&
            strcmp(awsmap_graph_node_type(g, i), "ec2:instance") == 0;
  assert_true(use1 > 0);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void bad_credentials_fail_before_anything(void **state) {
  reset_emulator();
  awsmap_client *c = make_client("wrongSecret", 0, 0, 0);
  awsmap_graph *g = (awsmap_graph *)&g; /* must be reset to NULL */
  assert_int_equal(discover(c, &g, NULL), AWSMAP_ERR_AUTH);
  assert_null(g);
  const awsmap_error *e = awsmap_error_last();
  assert_string_equal(awsmap_error_aws_code(e), "SignatureDoesNotMatch");
  assert_non_null(strstr(awsmap_error_message(e), "sts"));
  awsmap_client_free(c);
}

static int pages_seen;
static int cancel_after_three(size_t done, size_t queued, size_t resources, const char *region,
                              const char *service, void *userdata) {
  return ++pages_seen >= 3;
}

static void *cancel_soon(void *client) {
  usleep(300 * 1000);
  awsmap_client_cancel(client);
  return NULL;
}

/* A cancel reaches a credentials fetch in progress (an AssumeRole that takes
 * 20 s, made before the first call can be signed): the discovery ends
 * promptly, not when STS answers. */
static void cancel_reaches_a_credentials_fetch(void **state) {
  reset_emulator();
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"service\":\"sts\",\"action\":\"AssumeRole\"},"
                            "\"kind\":\"latency\",\"ms\":20000}]"),
                   0);
  awsmap_client *c = audit_role_client();
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, cancel_soon, c), 0);
  int64_t t0 = awsmap__monotonic_ms();
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_ERR_CANCELLED);
  int64_t ms = awsmap__monotonic_ms() - t0;
  pthread_join(t, NULL);
  assert_null(g);
  if (ms > 5000)
    fail_msg("the discovery ended %lld ms after it started, not soon after the cancel",
             (long long)ms);
  awsmap_client_free(c);
  reset_emulator(); /* the emulator's STS thread is still asleep: leave it no fault */
}

static void progress_can_cancel(void **state) {
  reset_emulator();
  pages_seen = 0;
  awsmap_client *c = make_client(SECRET, 1, 0, 0);
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, cancel_after_three), AWSMAP_ERR_CANCELLED);
  assert_null(g);
  /* The client is usable again afterwards. */
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void assumed_role_with_external_id_maps_the_other_account(void **state) {
  reset_emulator();
  awsmap_client *c = audit_role_client();
  awsmap_graph *g = NULL;
  assert_int_equal(discover(c, &g, NULL), AWSMAP_OK);
  assert_int_equal(awsmap_graph_account_count(g), 1);
  assert_string_equal(awsmap_graph_account_at(g, 0), "222222222222");
  size_t ours = 0;
  for (size_t i = 0; i < awsmap_graph_node_count(g); i++)
    ours += !awsmap_graph_node_external(g, i) &&
            strcmp(awsmap_graph_node_account(g, i), "222222222222") == 0;
  assert_true(ours > 10);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void all_regions_reads_the_enabled_regions(void **state) {
  reset_emulator();
  awsmap_client *c = make_client(SECRET, 0, 0, 0);
  awsmap_discover_options o = AWSMAP_DISCOVER_OPTIONS_INIT;
  o.all_regions = 1;
  awsmap_graph *g = NULL;
  assert_int_equal(awsmap_discover(&g, c, &o), AWSMAP_OK);
  char *got = to_json(g);
  assert_same_json(expected_json, got, "all-regions");
  cJSON *log = calls(), *call;
  int listed = 0;
  cJSON_ArrayForEach(call, log) listed += strcmp(
      cJSON_GetStringValue(cJSON_GetObjectItem(call, "action")), "DescribeRegions") == 0;
  assert_int_equal(listed, 1);
  cJSON_Delete(log);
  free(got);
  awsmap_graph_free(g);
  awsmap_client_free(c);
}

static void options_and_service_lists_are_checked(void **state) {
  awsmap_discover_options o;
  assert_int_equal(awsmap_discover_options_init(&o, 99), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_discover_options_init(&o, AWSMAP_DISCOVER_OPTIONS_VERSION), AWSMAP_OK);
  assert_int_equal(o.services, 0);
  unsigned int bits = 0;
  assert_int_equal(awsmap_service_parse("ec2, RDS,s3", &bits), AWSMAP_OK);
  assert_int_equal(bits, AWSMAP_SERVICE_EC2 | AWSMAP_SERVICE_RDS | AWSMAP_SERVICE_S3);
  assert_int_equal(awsmap_service_parse("all", &bits), AWSMAP_OK);
  assert_int_equal(bits, AWSMAP_SERVICE_ALL);
  assert_int_equal(awsmap_service_parse("ec2,lambda", &bits), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "lambda"));
  assert_int_equal(awsmap_service_parse(",", &bits), AWSMAP_ERR_INVALID_ARG);
  awsmap_graph *g = NULL;
  assert_int_equal(awsmap_discover(&g, NULL, NULL), AWSMAP_ERR_INVALID_ARG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(options_and_service_lists_are_checked),
      cmocka_unit_test(finds_every_node_and_edge_with_tiny_pages),
      cmocka_unit_test(only_read_only_actions_are_called),
      cmocka_unit_test(bucket_regions_come_from_list_buckets_when_named),
      cmocka_unit_test(transient_faults_change_nothing),
      cmocka_unit_test(rds_access_denied_gives_a_partial_graph),
      cmocka_unit_test(a_record_without_its_id_is_skipped_and_recorded),
      cmocka_unit_test(a_failed_follow_up_names_its_resource),
      cmocka_unit_test(running_out_of_memory_is_not_a_partial_result),
      cmocka_unit_test(a_refused_discovery_leaves_the_client_clean),
      cmocka_unit_test(a_skewed_clock_is_corrected_for_every_call),
      cmocka_unit_test(a_region_timing_out_is_recorded),
      cmocka_unit_test(bad_credentials_fail_before_anything),
      cmocka_unit_test(progress_can_cancel),
      cmocka_unit_test(cancel_reaches_a_credentials_fetch),
      cmocka_unit_test(assumed_role_with_external_id_maps_the_other_account),
      cmocka_unit_test(all_regions_reads_the_enabled_regions),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
