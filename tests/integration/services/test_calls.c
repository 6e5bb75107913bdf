/* Every call against the emulator's "full" scenario with the smallest page
 * sizes, first fault-free, then with transient faults injected (throttling,
 * 500/503, resets, truncated bodies): the records must be identical. A server
 * that repeats a token must stop the chain with AWSMAP_ERR_SERVICE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "services/internal.h"

static struct emu emu;
static awsmap_client *client;

/* Records serialised one per line: type, then name=value fields. */
static int collect(const awsmap_record *r, void *ud) {
  awsmap__buf *b = ud;
  awsmap__buf_puts(b, awsmap_record_type(r));
  for (size_t i = 0; i < awsmap_record_field_count(r); i++) {
    const char *name, *v = awsmap_record_field_at(r, i, &name);
    awsmap__buf_printf(b, " %s=%s", name, v);
  }
  awsmap__buf_putc(b, '\n');
  return 0;
}

static awsmap_status call(const char *op, const char *region, const char *const *params,
                          awsmap__buf *out) {
  return awsmap_client_call(client, op, region, params, collect, out);
}

/* First value of `field` on each line of `recs` (serialised above). */
static size_t values(const awsmap__buf *recs, const char *field, char out[][256], size_t max) {
  char key[128];
  snprintf(key, sizeof key, " %s=", field);
  size_t n = 0;
  for (const char *p = awsmap__buf_cstr(recs); (p = strstr(p, key)) && n < max; n++) {
    p += strlen(key);
    size_t len = strcspn(p, " \n");
    snprintf(out[n], 256, "%.*s", (int)len, p);
  }
  return n;
}

/* Runs every operation in both regions; dependent calls get their parents. */
static void run_all(awsmap__buf *all) {
  const char *regions[] = {"us-east-1", "eu-west-1"};
  for (size_t r = 0; r < 2; r++) {
    for (size_t i = 0; i < awsmap_operation_count(); i++) {
      const char *op = awsmap_operation_name(i);
      const awsmap__call_spec *s = awsmap__call_find(op);
      if (s->parent_param || (s->fixed_region && r) || !strcmp(op, "elbv2:DescribeListeners"))
        continue;
      awsmap__buf recs = AWSMAP__BUF_INIT;
      awsmap_status st = call(op, regions[r], NULL, &recs);
      if (st != AWSMAP_OK)
        fail_msg("%s in %s: %s", op, regions[r], awsmap_error_message(awsmap_error_last()));
      awsmap__buf_printf(all, "## %s %s\n%s", op, regions[r], awsmap__buf_cstr(&recs));
      /* children of what was just listed */
      const char *child = NULL, *field = NULL, *param = NULL;
      if (!strcmp(op, "elb:DescribeLoadBalancers"))
        child = "elb:DescribeInstanceHealth", field = param = "LoadBalancerName";
      else if (!strcmp(op, "elbv2:DescribeLoadBalancers"))
        child = "elbv2:DescribeListeners", field = param = "LoadBalancerArn";
      else if (!strcmp(op, "elbv2:DescribeTargetGroups"))
        child = "elbv2:DescribeTargetHealth", field = param = "TargetGroupArn";
      else if (!strcmp(op, "s3:ListBuckets"))
        child = "s3:GetBucketLocation", field = "Name", param = "Bucket";
      static char ids[64][256];
      size_t n = child ? values(&recs, field, ids, 64) : 0;
      for (size_t k = 0; k < n; k++) {
        const char *params[] = {param, ids[k], NULL};
        awsmap__buf sub = AWSMAP__BUF_INIT;
        st = call(child, regions[r], params, &sub);
        if (st != AWSMAP_OK)
          fail_msg("%s %s: %s", child, ids[k], awsmap_error_message(awsmap_error_last()));
        awsmap__buf_printf(all, "## %s %s %s\n%s", child, regions[r], ids[k], awsmap__buf_cstr(&sub));
        awsmap__buf_dispose(&sub);
      }
      awsmap__buf_dispose(&recs);
    }
  }
}

static int setup(void **state) {
  if (emu_start(&emu, "full", NULL) != 0)
    return -1;
  awsmap_credentials_provider *p;
  if (awsmap_credentials_provider_static_new(&p, "AKIAEMUFULL000000001",
                                             "fullSecretKey/000000000000000000000000001", NULL))
    return -1;
  awsmap_client_options o = AWSMAP_CLIENT_OPTIONS_INIT;
  o.endpoint_url = emu_url(&emu);
  o.page_size = 1; /* clamped up to each API's minimum: many pages */
  o.s3_force_path_style = 1;
  o.max_attempts = 10;
  awsmap_status st = awsmap_client_new(&client, p, &o);
  awsmap_credentials_provider_release(p);
  return st == AWSMAP_OK ? 0 : -1;
}

static int teardown(void **state) {
  awsmap_client_free(client);
  emu_stop(&emu);
  return 0;
}

static void faults_do_not_change_results(void **state) {
  awsmap__buf clean = AWSMAP__BUF_INIT, faulty = AWSMAP__BUF_INIT;
  emu_post(&emu, "/_emu/reset", NULL);
  run_all(&clean);
  /* sanity: real data, and paging really happened */
  assert_non_null(strstr(clean.ptr, "ec2:instance InstanceId=i-"));
  assert_non_null(strstr(clean.ptr, "sts:caller-identity"));
  assert_non_null(strstr(clean.ptr, "s3:bucket-location"));
  char *calls = emu_get(&emu, "/_emu/calls");
  assert_non_null(calls);
  assert_non_null(strstr(calls, "\"NextToken\""));
  assert_non_null(strstr(calls, "\"Marker\""));
  free(calls);

  assert_int_equal(emu_post(&emu, "/_emu/reset", NULL), 0);
  assert_int_equal(emu_post(&emu, "/_emu/faults",
                            "[{\"match\":{\"probability\":0.15},\"kind\":\"http503\",\"seed\":1},"
                            "{\"match\":{\"probability\":0.1},\"kind\":\"throttle\",\"seed\":2},"
                            "{\"match\":{\"probability\":0.1},\"kind\":\"truncate\",\"seed\":3},"
                            "{\"match\":{\"probability\":0.05},\"kind\":\"reset\",\"seed\":4},"
                            "{\"match\":{\"probability\":0.1},\"kind\":\"http500\",\"seed\":5}]"),
                   0);
  run_all(&faulty);
  calls = emu_get(&emu, "/_emu/calls");
  assert_non_null(strstr(calls, "truncate")); /* the faults did fire */
  free(calls);
  assert_string_equal(faulty.ptr, clean.ptr);
  emu_post(&emu, "/_emu/reset", NULL);
  awsmap__buf_dispose(&clean);
  awsmap__buf_dispose(&faulty);
}

static void repeated_token_is_detected(void **state) {
  emu_post(&emu, "/_emu/reset", NULL);
  assert_int_equal(emu_post(&emu, "/_emu/faults", "[{\"match\":{},\"kind\":\"repeat_token\"}]"), 0);
  /* every call that reaches a second page is answered with the same token again */
  const char *ops[] = {"ec2:DescribeInstances", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                       "ec2:DescribeNetworkInterfaces", "ec2:DescribeVolumes", "ec2:DescribeRouteTables"};
  int detected = 0;
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(ops); i++) {
    awsmap__buf recs = AWSMAP__BUF_INIT;
    awsmap_status st = call(ops[i], "us-east-1", NULL, &recs);
    assert_true(st == AWSMAP_OK || st == AWSMAP_ERR_SERVICE);
    if (st == AWSMAP_ERR_SERVICE) {
      assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "repeated"));
      detected++;
    }
    awsmap__buf_dispose(&recs);
  }
  assert_true(detected > 0);
  emu_post(&emu, "/_emu/reset", NULL);
}

static int stop_at_two(const awsmap_record *r, void *ud) { return ++*(int *)ud == 2; }

static void callback_can_cancel(void **state) {
  int n = 0;
  assert_int_equal(awsmap_client_call(client, "ec2:DescribeInstances", "us-east-1", NULL, stop_at_two, &n),
                   AWSMAP_ERR_CANCELLED);
  assert_int_equal(n, 2);
  /* the client still works afterwards */
  awsmap__buf recs = AWSMAP__BUF_INIT;
  assert_int_equal(call("sts:GetCallerIdentity", NULL, NULL, &recs), AWSMAP_OK);
  assert_non_null(strstr(recs.ptr, "Account=111111111111"));
  awsmap__buf_dispose(&recs);
  assert_int_equal(call("ec2:RunInstances", NULL, NULL, &recs), AWSMAP_ERR_UNSUPPORTED);
  const char *odd[] = {"TargetGroupArn", NULL};
  assert_int_equal(call("elbv2:DescribeTargetHealth", NULL, odd, &recs), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(call("elbv2:DescribeTargetHealth", NULL, NULL, &recs), AWSMAP_ERR_INVALID_ARG);
  /* a second Action (a write) can never be smuggled into a read-only call */
  const char *action[] = {"Action", "TerminateInstances", NULL};
  const char *version[] = {"version", "2010-01-01", NULL}, *empty[] = {"", "x", NULL};
  emu_post(&emu, "/_emu/reset", NULL);
  assert_int_equal(call("ec2:DescribeInstances", NULL, action, &recs), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "'Action' is not allowed"));
  assert_int_equal(call("rds:DescribeDBInstances", NULL, version, &recs), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(call("ec2:DescribeVpcs", NULL, empty, &recs), AWSMAP_ERR_INVALID_ARG);
  char *log = emu_get(&emu, "/_emu/calls");
  assert_string_equal(log, "[]"); /* refused before anything was sent */
  free(log);
  awsmap__buf_dispose(&recs);
}

/* Account-wide S3 calls go to the home region of the partition the caller
 * asked for: China's and GovCloud's S3 do not answer for us-east-1. */
static void account_wide_calls_stay_in_their_partition(void **state) {
  static const char *const cases[][2] = {{"eu-west-1", "us-east-1"},
                                         {"cn-northwest-1", "cn-north-1"},
                                         {"us-gov-east-1", "us-gov-west-1"},
                                         {NULL, "us-east-1"}};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(cases); i++) {
    emu_post(&emu, "/_emu/reset", NULL);
    awsmap__buf recs = AWSMAP__BUF_INIT;
    (void)call("s3:ListBuckets", cases[i][0], NULL, &recs); /* the emulator may refuse the region */
    awsmap__buf_dispose(&recs);
    char *log = emu_get(&emu, "/_emu/calls");
    assert_non_null(log);
    char want[64];
    snprintf(want, sizeof want, "\"region\": \"%s\"", cases[i][1]);
    if (!strstr(log, want))
      fail_msg("s3:ListBuckets asked for %s: want %s in the call log, got %.300s",
               cases[i][0] ? cases[i][0] : "(none)", want, log);
    free(log);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(faults_do_not_change_results),
      cmocka_unit_test(repeated_token_is_detected),
      cmocka_unit_test(callback_can_cancel),
      cmocka_unit_test(account_wide_calls_stay_in_their_partition),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
