#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "services/internal.h"

static const char *const required[] = {
    "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances",
    "ec2:DescribeVolumes", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeInternetGateways",
    "ec2:DescribeNatGateways", "ec2:DescribeRouteTables", "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeVpcEndpoints", "ec2:DescribeInstanceStatus", "rds:DescribeDBInstances",
    "rds:DescribeDBClusters", "rds:DescribeDBSubnetGroups", "elb:DescribeLoadBalancers",
    "elb:DescribeInstanceHealth", "elbv2:DescribeLoadBalancers", "elbv2:DescribeListeners",
    "elbv2:DescribeTargetGroups", "elbv2:DescribeTargetHealth", "s3:ListBuckets",
    "s3:GetBucketLocation", "sts:GetCallerIdentity"};

static void every_required_call_is_registered_and_compiles(void **state) {
  assert_int_equal(awsmap_operation_count(), AWSMAP__ARRAY_LEN(required));
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(required); i++) {
    const awsmap__call_spec *s = awsmap__call_find(required[i]);
    assert_non_null(s);
    assert_string_equal(s->operation, required[i]);
    const awsmap__decoder_table *t1, *t2;
    assert_int_equal(awsmap__call_table(s, &t1), AWSMAP_OK);
    assert_int_equal(awsmap__call_table(s, &t2), AWSMAP_OK);
    assert_ptr_equal(t1, t2); /* compiled once */
    awsmap__decoder_table *fresh;
    assert_int_equal(awsmap__decoder_table_new(&fresh, s), AWSMAP_OK);
    awsmap__decoder_table_free(fresh);
  }
  assert_null(awsmap_operation_name(awsmap_operation_count()));
  assert_null(awsmap__call_find("ec2:RunInstances"));
  assert_null(awsmap__call_find(NULL));
}

/* Names follow the record naming rules of the interface. */
static void field_names_follow_the_rules(void **state) {
  const awsmap__call_spec *s = awsmap__call_find("ec2:DescribeInstances");
  const char *want[] = {"InstanceId", "InstanceType", "State.Name", "SubnetId", "VpcId",
                        "Placement.AvailabilityZone", "PrivateIpAddress", "PublicIpAddress",
                        "LaunchTime", "SecurityGroups.GroupId", "NetworkInterfaces.NetworkInterfaceId",
                        "BlockDeviceMappings.Ebs.VolumeId"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(want); i++) {
    bool found = false;
    for (size_t f = 0; f < s->field_count; f++)
      found |= strcmp(s->fields[f].name, want[i]) == 0;
    if (!found)
      fail_msg("ec2:instance lacks %s", want[i]);
  }
  assert_string_equal(s->record_path, "reservationSet/item/instancesSet/item");
  assert_string_equal(s->tags_path, "tagSet/item");
  assert_int_equal(s->limit_min, 5);
  assert_int_equal(s->limit_max, 1000);
  const awsmap__call_spec *rds = awsmap__call_find("rds:DescribeDBInstances");
  assert_string_equal(rds->record_path, "DescribeDBInstancesResult/DBInstances/DBInstance");
  assert_string_equal(rds->token_path, "DescribeDBInstancesResult/Marker");
  assert_string_equal(rds->limit_param, "MaxRecords");
  assert_int_equal(rds->limit_min, 20);
  assert_int_equal(rds->limit_max, 100);
  const awsmap__call_spec *elb = awsmap__call_find("elb:DescribeLoadBalancers");
  assert_string_equal(elb->token_path, "DescribeLoadBalancersResult/NextMarker");
  assert_string_equal(elb->token_param, "Marker");
  assert_int_equal(elb->limit_max, 400);
  assert_int_equal(awsmap__call_find("ec2:DescribeRouteTables")->limit_max, 100);
  assert_int_equal(awsmap__call_find("ec2:DescribeVolumes")->limit_max, 500);
  assert_null(awsmap__call_find("ec2:DescribeRegions")->token_path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_required_call_is_registered_and_compiles),
      cmocka_unit_test(field_names_follow_the_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
