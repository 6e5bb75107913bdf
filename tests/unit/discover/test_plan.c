/* The discovery plan is read-only, and the minimal IAM policy that
 * awsmap_readonly_policy_json() hands to account owners names exactly the
 * actions the plan calls: no action missing (a skipped service), none extra
 * (more access than needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "discover/plan.h"

/* An operation as IAM names it: elb/elbv2 share elasticloadbalancing, and
 * S3's ListBuckets is authorised as ListAllMyBuckets. */
static void iam_action(const char *operation, char *out, size_t cap) {
  const char *colon = strchr(operation, ':');
  size_t svc = (size_t)(colon - operation);
  const char *action = colon + 1;
  const char *prefix = strncmp(operation, "elb", 3) == 0 ? "elasticloadbalancing" : NULL;
  if (strcmp(operation, "s3:ListBuckets") == 0)
    action = "ListAllMyBuckets";
  if (prefix)
    snprintf(out, cap, "%s:%s", prefix, action);
  else
    snprintf(out, cap, "%.*s:%s", (int)svc, operation, action);
}

static bool read_only(const char *operation) {
  const char *a = strchr(operation, ':') + 1;
  return strncmp(a, "Describe", 8) == 0 || strncmp(a, "List", 4) == 0 ||
         strncmp(a, "Get", 3) == 0;
}

static void policy_matches_the_plan_exactly(void **state) {
  /* Everything discovery can call: the steps, the follow-ups, and the two
   * calls it makes itself. */
  const char *ops[64];
  size_t n = 0;
  for (size_t i = 0; i < awsmap__plan_step_count; i++)
    ops[n++] = awsmap__plan_steps[i].operation;
  for (size_t i = 0; i < awsmap__plan_follow_count; i++)
    ops[n++] = awsmap__plan_follows[i].operation;
  ops[n++] = "ec2:DescribeRegions";
  ops[n++] = "sts:GetCallerIdentity";

  awsmap_buf *json = NULL;
  assert_int_equal(awsmap_readonly_policy_json(&json), AWSMAP_OK);
  cJSON *doc = cJSON_Parse(awsmap_buf_data(json));
  assert_non_null(doc);
  cJSON *actions = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "Statement"), 0),
                                       "Action");
  assert_true(cJSON_IsArray(actions));

  char want[128];
  for (size_t i = 0; i < n; i++) {
    if (!read_only(ops[i]))
      fail_msg("the plan calls %s, which is not a read-only action", ops[i]);
    iam_action(ops[i], want, sizeof want);
    bool found = false;
    cJSON *a;
    cJSON_ArrayForEach(a, actions) found |= strcmp(cJSON_GetStringValue(a), want) == 0;
    if (!found)
      fail_msg("the plan calls %s but the minimal policy lacks %s", ops[i], want);
  }
  cJSON *a;
  cJSON_ArrayForEach(a, actions) {
    bool used = false;
    for (size_t i = 0; i < n && !used; i++) {
      iam_action(ops[i], want, sizeof want);
      used = strcmp(cJSON_GetStringValue(a), want) == 0;
    }
    if (!used)
      fail_msg("the minimal policy grants %s, which discovery never calls",
               cJSON_GetStringValue(a));
  }
  cJSON_Delete(doc);
  awsmap_buf_free(json);
}

static void every_planned_operation_has_a_decoder_service(void **state) {
  for (size_t i = 0; i < awsmap__plan_step_count; i++)
    assert_int_not_equal(awsmap__plan_service_of(awsmap__plan_steps[i].operation), 0);
  for (size_t i = 0; i < awsmap__plan_follow_count; i++)
    assert_int_not_equal(awsmap__plan_service_of(awsmap__plan_follows[i].operation), 0);
  assert_int_equal(awsmap__plan_service_of("lambda:ListFunctions"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(policy_matches_the_plan_exactly),
      cmocka_unit_test(every_planned_operation_has_a_decoder_service),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
