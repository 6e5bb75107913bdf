/* The discovery plan as data: adding a resource type is a new row here (and a
 * decoder table in services/), not new control flow. Every operation listed
 * is read-only; README.md's minimal IAM policy is derived from this table. */
#include "discover/plan.h"

#include <string.h>

const awsmap__plan_step awsmap__plan_steps[] = {
    {AWSMAP_SERVICE_EC2, "ec2:DescribeAvailabilityZones", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeVpcs", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeSubnets", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeInternetGateways", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeNatGateways", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeRouteTables", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeVpcPeeringConnections", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeVpcEndpoints", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeSecurityGroups", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeInstances", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeVolumes", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeNetworkInterfaces", false},
    {AWSMAP_SERVICE_EC2, "ec2:DescribeInstanceStatus", false},
    {AWSMAP_SERVICE_RDS, "rds:DescribeDBInstances", false},
    {AWSMAP_SERVICE_RDS, "rds:DescribeDBClusters", false},
    {AWSMAP_SERVICE_RDS, "rds:DescribeDBSubnetGroups", false},
    {AWSMAP_SERVICE_ELB, "elb:DescribeLoadBalancers", false},
    {AWSMAP_SERVICE_ELBV2, "elbv2:DescribeLoadBalancers", false},
    {AWSMAP_SERVICE_ELBV2, "elbv2:DescribeTargetGroups", false},
    {AWSMAP_SERVICE_S3, "s3:ListBuckets", true},
};
const size_t awsmap__plan_step_count = AWSMAP__ARRAY_LEN(awsmap__plan_steps);

const awsmap__plan_follow awsmap__plan_follows[] = {
    {"elb:load-balancer", "LoadBalancerName", "elb:DescribeInstanceHealth", "LoadBalancerName"},
    {"elbv2:load-balancer", "LoadBalancerArn", "elbv2:DescribeListeners", "LoadBalancerArn"},
    {"elbv2:target-group", "TargetGroupArn", "elbv2:DescribeTargetHealth", "TargetGroupArn"},
    {"s3:bucket", "Name", "s3:GetBucketLocation", "Bucket"},
};
const size_t awsmap__plan_follow_count = AWSMAP__ARRAY_LEN(awsmap__plan_follows);

unsigned int awsmap__plan_service_of(const char *operation) {
  static const struct {
    const char *prefix;
    unsigned int bit;
  } PREFIXES[] = {{"ec2:", AWSMAP_SERVICE_EC2},     {"rds:", AWSMAP_SERVICE_RDS},
                  {"elb:", AWSMAP_SERVICE_ELB},     {"elbv2:", AWSMAP_SERVICE_ELBV2},
                  {"s3:", AWSMAP_SERVICE_S3}};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(PREFIXES); i++)
    if (awsmap__str_starts_with(operation, PREFIXES[i].prefix))
      return PREFIXES[i].bit;
  return 0;
}
