#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "graph/graph.h"

static bool str_is(awsmap__str s, const char *want) {
  return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void partitions_follow_the_region(void **state) {
  assert_string_equal(awsmap__arn_partition("us-east-1"), "aws");
  assert_string_equal(awsmap__arn_partition("eu-west-1"), "aws");
  assert_string_equal(awsmap__arn_partition("cn-north-1"), "aws-cn");
  assert_string_equal(awsmap__arn_partition("cn-northwest-1"), "aws-cn");
  assert_string_equal(awsmap__arn_partition("us-gov-west-1"), "aws-us-gov");
  assert_string_equal(awsmap__arn_partition("us-iso-east-1"), "aws-iso");
  assert_string_equal(awsmap__arn_partition("us-isob-east-1"), "aws-iso-b");
  assert_string_equal(awsmap__arn_partition(""), "aws");
  assert_string_equal(awsmap__arn_partition(NULL), "aws");
  assert_string_equal(awsmap__arn_partition("can-1"), "aws"); /* prefix is "cn-", not "c" */
}

static void parses_every_arn_shape(void **state) {
  awsmap__arn a;
  const char *s = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc";
  assert_int_equal(awsmap__arn_parse(s, strlen(s), &a), AWSMAP_OK);
  assert_true(str_is(a.partition, "aws"));
  assert_true(str_is(a.service, "ec2"));
  assert_true(str_is(a.region, "eu-west-1"));
  assert_true(str_is(a.account, "111122223333"));
  assert_true(str_is(a.resource, "instance/i-0abc"));
  awsmap__str t, id;
  awsmap__arn_resource_split(a.resource, &t, &id);
  assert_true(str_is(t, "instance") && str_is(id, "i-0abc"));

  s = "arn:aws-cn:rds:cn-north-1:111122223333:db:orders:extra"; /* colons in the resource */
  assert_int_equal(awsmap__arn_parse(s, strlen(s), &a), AWSMAP_OK);
  assert_true(str_is(a.resource, "db:orders:extra"));
  awsmap__arn_resource_split(a.resource, &t, &id);
  assert_true(str_is(t, "db") && str_is(id, "orders:extra"));

  s = "arn:aws:s3:::my-bucket"; /* no region, no account */
  assert_int_equal(awsmap__arn_parse(s, strlen(s), &a), AWSMAP_OK);
  assert_int_equal(a.region.len, 0);
  assert_int_equal(a.account.len, 0);
  awsmap__arn_resource_split(a.resource, &t, &id);
  assert_true(str_is(t, "") && str_is(id, "my-bucket"));

  s = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc";
  assert_int_equal(awsmap__arn_parse(s, strlen(s), &a), AWSMAP_OK);
  awsmap__arn_resource_split(a.resource, &t, &id);
  assert_true(str_is(t, "loadbalancer") && str_is(id, "app/web/50dc"));
  /* Length is honoured: the same text cut short is not an ARN. */
  assert_int_equal(awsmap__arn_parse(s, 20, &a), AWSMAP_ERR_PARSE);
}

static void rejects_what_is_not_an_arn(void **state) {
  static const char *const bad[] = {"",      "arn",         "arn:",          "arn:aws:ec2:r:a",
                                    "ARN:aws:ec2:r:a:x", "arn::ec2:r:a:x", "arn:aws::r:a:x",
                                    "arn:aws:ec2:r:a:", "urn:aws:ec2:r:a:x"};
  awsmap__arn a;
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_int_equal(awsmap__arn_parse(bad[i], strlen(bad[i]), &a), AWSMAP_ERR_PARSE);
    assert_int_equal(a.resource.len, 0);
  }
  assert_int_equal(awsmap__arn_parse(NULL, 0, &a), AWSMAP_ERR_PARSE);
  const char nul[] = "arn:aws:ec2:r:a:x\0y";
  assert_int_equal(awsmap__arn_parse(nul, sizeof nul - 1, &a), AWSMAP_ERR_PARSE);
}

static void formats_arns_with_the_right_partition(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__arn_format(&b, "arn:{p}:ec2:{r}:{a}:vpc/{i}", "cn-north-1", "1", "vpc-1"),
                   AWSMAP_OK);
  assert_string_equal(b.ptr, "arn:aws-cn:ec2:cn-north-1:1:vpc/vpc-1");
  awsmap__buf_clear(&b);
  assert_int_equal(awsmap__arn_format(&b, "arn:{p}:rds:{r}:{a}:db:{i}", "us-gov-west-1", "2", "db1"),
                   AWSMAP_OK);
  assert_string_equal(b.ptr, "arn:aws-us-gov:rds:us-gov-west-1:2:db:db1");
  awsmap__buf_clear(&b);
  assert_int_equal(awsmap__arn_format(&b, "arn:{p}:s3:::{i}{x}", "eu-west-1", "3", "bkt"), AWSMAP_OK);
  assert_string_equal(b.ptr, "arn:aws:s3:::bkt{x}"); /* unknown placeholders stay */
  awsmap__buf_dispose(&b);
}

/* The partition reaches the graph: a China-region record gets an aws-cn ARN. */
static void records_in_china_get_aws_cn_arns(void **state) {
  awsmap_graph *g;
  assert_int_equal(awsmap__graph_new(&g), AWSMAP_OK);
  awsmap_record *r = awsmap__record_new("ec2:vpc");
  awsmap__record_add(r, "VpcId", "vpc-cn", 6);
  assert_int_equal(awsmap__graph_add_record(g, "123456789012", "cn-north-1", r), AWSMAP_OK);
  awsmap__record_free(r);
  assert_int_equal(awsmap__graph_resolve(g), AWSMAP_OK);
  size_t i;
  assert_int_equal(awsmap_graph_find_node(g, "arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-cn", &i),
                   AWSMAP_OK);
  assert_int_equal(awsmap_graph_find_node(g, "arn:aws-cn:iam::123456789012:root", &i), AWSMAP_OK);
  assert_string_equal(awsmap_graph_node_type(g, i), "aws:account");
  assert_int_equal(
      awsmap_graph_find_node(g, "arn:aws-cn:awsmap:cn-north-1:123456789012:region/cn-north-1", &i),
      AWSMAP_OK);
  awsmap__graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(partitions_follow_the_region),
      cmocka_unit_test(parses_every_arn_shape),
      cmocka_unit_test(rejects_what_is_not_an_arn),
      cmocka_unit_test(formats_arns_with_the_right_partition),
      cmocka_unit_test(records_in_china_get_aws_cn_arns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
