/* The discovery plan as data: adding a resource type is a new row here (and a
 * decoder table in services/), not new control flow. Every operation listed
 * is read-only; README.md's minimal IAM policy is derived from this table. */
#include "discover/plan.h"

#include <string.h>

#define REGIONAL(service, operation) {service, operation, false, NULL, NULL}
#define GLOBAL(service, operation) {service, operation, true, NULL, NULL}

const awsmap__plan_step awsmap__plan_steps[] = {
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeAvailabilityZones"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeVpcs"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeSubnets"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeInternetGateways"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeNatGateways"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeRouteTables"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeVpcPeeringConnections"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeVpcEndpoints"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeSecurityGroups"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeInstances"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeVolumes"),
    REGIONAL(AWSMAP_SERVICE_EC2, "ec2:DescribeNetworkInterfaces"),
    /* Stopped instances too: their status belongs on the diagram. */
    {AWSMAP_SERVICE_EC2, "ec2:DescribeInstanceStatus", false, "IncludeAllInstances", "true"},
    REGIONAL(AWSMAP_SERVICE_RDS, "rds:DescribeDBInstances"),
    REGIONAL(AWSMAP_SERVICE_RDS, "rds:DescribeDBClusters"),
    REGIONAL(AWSMAP_SERVICE_RDS, "rds:DescribeDBSubnetGroups"),
    REGIONAL(AWSMAP_SERVICE_ELB, "elb:DescribeLoadBalancers"),
    REGIONAL(AWSMAP_SERVICE_ELBV2, "elbv2:DescribeLoadBalancers"),
    REGIONAL(AWSMAP_SERVICE_ELBV2, "elbv2:DescribeTargetGroups"),
    GLOBAL(AWSMAP_SERVICE_S3, "s3:ListBuckets"),
};
const size_t awsmap__plan_step_count = AWSMAP__ARRAY_LEN(awsmap__plan_steps);

const awsmap__plan_follow awsmap__plan_follows[] = {
    {"elb:load-balancer", "LoadBalancerName", "elb:DescribeInstanceHealth", "LoadBalancerName", NULL},
    {"elbv2:load-balancer", "LoadBalancerArn", "elbv2:DescribeListeners", "LoadBalancerArn", NULL},
    {"elbv2:target-group", "TargetGroupArn", "elbv2:DescribeTargetHealth", "TargetGroupArn", NULL},
    /* S3 names each bucket's region in ListBuckets since 2024; older answers
     * (and S3-compatible stores) need a GetBucketLocation per bucket. */
    {"s3:bucket", "Name", "s3:GetBucketLocation", "Bucket", "BucketRegion"},
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
