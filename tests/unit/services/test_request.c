#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "services/internal.h"

static const char *build(const char *op, const char *const *params, unsigned page, const char *token,
                         awsmap__buf *b) {
  assert_int_equal(awsmap__request_build(awsmap__call_find(op), params, page, token, b), AWSMAP_OK);
  return awsmap__buf_cstr(b);
}

static void query_bodies(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_string_equal(build("ec2:DescribeInstances", NULL, 0, NULL, &b),
                      "Action=DescribeInstances&Version=2016-11-15&MaxResults=1000");
  assert_string_equal(build("ec2:DescribeInstances", NULL, 2, "a+b/c=", &b),
                      "Action=DescribeInstances&Version=2016-11-15&MaxResults=5&NextToken=a%2Bb%2Fc%3D");
  /* EC2 refuses MaxResults together with explicit IDs */
  const char *ids[] = {"InstanceId.1", "i-1", "InstanceId.2", "i-2", NULL};
  assert_string_equal(build("ec2:DescribeInstances", ids, 0, NULL, &b),
                      "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2");
  const char *filt[] = {"Filter.1.Name", "tag:Name", "Filter.1.Value.1", "web server", NULL};
  assert_string_equal(build("ec2:DescribeVpcs", filt, 50, NULL, &b),
                      "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&"
                      "Filter.1.Value.1=web%20server&MaxResults=50");
  assert_string_equal(build("ec2:DescribeRegions", NULL, 7, NULL, &b),
                      "Action=DescribeRegions&Version=2016-11-15");
  assert_string_equal(build("rds:DescribeDBInstances", NULL, 1, "m1", &b),
                      "Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=20&Marker=m1");
  assert_string_equal(build("elb:DescribeLoadBalancers", NULL, 9999, NULL, &b),
                      "Action=DescribeLoadBalancers&Version=2012-06-01&PageSize=400");
  assert_string_equal(build("elbv2:DescribeTargetGroups", NULL, 3, "n", &b),
                      "Action=DescribeTargetGroups&Version=2015-12-01&PageSize=3&Marker=n");
  const char *tg[] = {"TargetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/b", NULL};
  assert_string_equal(build("elbv2:DescribeTargetHealth", tg, 3, NULL, &b),
                      "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Aaws%3A"
                      "elasticloadbalancing%3Aeu-west-1%3A1%3Atargetgroup%2Fa%2Fb");
  assert_string_equal(build("sts:GetCallerIdentity", NULL, 3, NULL, &b),
                      "Action=GetCallerIdentity&Version=2011-06-15");
  /* a caller's own page size wins */
  const char *mr[] = {"MaxRecords", "30", NULL};
  assert_string_equal(build("rds:DescribeDBClusters", mr, 0, NULL, &b),
                      "Action=DescribeDBClusters&Version=2014-10-31&MaxRecords=30");
  awsmap__buf_dispose(&b);
}

static void s3_queries(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_string_equal(build("s3:ListBuckets", NULL, 0, NULL, &b), "max-buckets=10000");
  assert_string_equal(build("s3:ListBuckets", NULL, 2, "tok/1", &b),
                      "max-buckets=2&continuation-token=tok%2F1");
  const char *bucket[] = {"Bucket", "my-bucket", NULL};
  assert_string_equal(build("s3:GetBucketLocation", bucket, 0, NULL, &b), "location");
  awsmap__buf_dispose(&b);
}

static void clamping(void **state) {
  const awsmap__call_spec *ec2 = awsmap__call_find("ec2:DescribeInstances");
  assert_int_equal(awsmap__page_size_clamp(ec2, 0), 1000);
  assert_int_equal(awsmap__page_size_clamp(ec2, 1), 5);
  assert_int_equal(awsmap__page_size_clamp(ec2, 77), 77);
  assert_int_equal(awsmap__page_size_clamp(ec2, 5000), 1000);
  assert_int_equal(awsmap__page_size_clamp(awsmap__call_find("rds:DescribeDBSubnetGroups"), 1), 20);
  assert_int_equal(awsmap__page_size_clamp(awsmap__call_find("ec2:DescribeRegions"), 10), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(query_bodies),
      cmocka_unit_test(s3_queries),
      cmocka_unit_test(clamping),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
