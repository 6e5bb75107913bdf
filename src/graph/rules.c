/* The resolver's data: how each record type becomes a node (ID, ARN, name,
 * status, properties) and which of its fields reference other nodes. The
 * table in include/awsmap/graph.h documents the same rules for users; keep
 * them in step. */
#include "graph/graph.h"

#include <string.h>

#define EC2(res) "arn:{p}:ec2:{r}:{a}:" res "/{i}"

const awsmap__gspec awsmap__gspecs[] = {
    {"sts:caller-identity", AWSMAP__T_ACCOUNT, "Account", NULL, "arn:{p}:iam::{i}:root", NULL,
     NULL, "Account", NULL, NULL, AWSMAP__GSPEC_GLOBAL | AWSMAP__GSPEC_NO_REGION |
     AWSMAP__GSPEC_NO_CONTAINER, {{"Arn", "caller_arn"}}},
    {"ec2:region", AWSMAP__T_REGION, "RegionName", NULL, "arn:{p}:awsmap:{r}:{a}:region/{i}",
     NULL, "OptInStatus", NULL, "RegionName", NULL, 0, {{"Endpoint", "endpoint"}}},
    {"ec2:availability-zone", AWSMAP__T_ZONE, "ZoneName", NULL,
     "arn:{p}:awsmap:{r}:{a}:availability-zone/{i}", NULL, "State", NULL, "RegionName",
     "ZoneName", 0, {{"ZoneId", "zone_id"}, {"ZoneType", "zone_type"}}},
    {"ec2:vpc", "ec2:vpc", "VpcId", NULL, EC2("vpc"), NULL, "State", "OwnerId", NULL, NULL, 0,
     {{"CidrBlock", "cidr"},
      {"CidrBlockAssociationSet.CidrBlock", "cidrs"},
      {"IsDefault", "is_default"},
      {"InstanceTenancy", "tenancy"}}},
    {"ec2:subnet", "ec2:subnet", "SubnetId", "SubnetArn", EC2("subnet"), NULL, "State",
     "OwnerId", NULL, "AvailabilityZone", 0,
     {{"CidrBlock", "cidr"},
      {"AvailabilityZoneId", "zone_id"},
      {"MapPublicIpOnLaunch", "public_ip_on_launch"},
      {"AvailableIpAddressCount", "available_ips"}}},
    {"ec2:instance", "ec2:instance", "InstanceId", NULL, EC2("instance"), NULL, "State.Name",
     "OwnerId", NULL, "Placement.AvailabilityZone", 0,
     {{"InstanceType", "instance_type"},
      {"ImageId", "image_id"},
      {"Platform", "platform"},
      {"Architecture", "architecture"},
      {"Placement.Tenancy", "tenancy"},
      {"InstanceLifecycle", "lifecycle"},
      {"LaunchTime", "launch_time"},
      {"PrivateIpAddress", "private_ip"},
      {"PublicIpAddress", "public_ip"}}},
    {"ec2:volume", "ec2:volume", "VolumeId", NULL, EC2("volume"), NULL, "State", NULL, NULL,
     "AvailabilityZone", 0,
     {{"Size", "size_gib"},
      {"VolumeType", "volume_type"},
      {"Iops", "iops"},
      {"Throughput", "throughput"},
      {"Encrypted", "encrypted"}}},
    {"ec2:network-interface", "ec2:network-interface", "NetworkInterfaceId", NULL,
     EC2("network-interface"), NULL, "Status", "OwnerId", NULL, "AvailabilityZone", 0,
     {{"InterfaceType", "interface_type"},
      {"PrivateIpAddress", "private_ip"},
      {"Association.PublicIp", "public_ip"},
      {"Description", "description"}}},
    {"ec2:security-group", "ec2:security-group", "GroupId", NULL, EC2("security-group"),
     "GroupName", NULL, "OwnerId", NULL, NULL, 0,
     {{"GroupName", "group_name"}, {"Description", "description"}}},
    {"ec2:internet-gateway", "ec2:internet-gateway", "InternetGatewayId", NULL,
     EC2("internet-gateway"), NULL, "Attachments.State", "OwnerId", NULL, NULL, 0, {{0}}},
    {"ec2:nat-gateway", "ec2:nat-gateway", "NatGatewayId", NULL, EC2("natgateway"), NULL,
     "State", NULL, NULL, NULL, 0,
     {{"ConnectivityType", "connectivity"},
      {"NatGatewayAddresses.PublicIp", "public_ip"},
      {"NatGatewayAddresses.PrivateIp", "private_ip"}}},
    {"ec2:route-table", "ec2:route-table", "RouteTableId", NULL, EC2("route-table"), NULL, NULL,
     "OwnerId", NULL, NULL, 0, {{"Associations.Main", "main"}}},
    /* Described from both sides: the requester's account and region own it. */
    {"ec2:vpc-peering-connection", "ec2:vpc-peering-connection", "VpcPeeringConnectionId",
     NULL, EC2("vpc-peering-connection"), NULL, "Status.Code", "RequesterVpcInfo.OwnerId",
     "RequesterVpcInfo.Region", NULL, 0,
     {{"RequesterVpcInfo.VpcId", "requester_vpc"},
      {"RequesterVpcInfo.OwnerId", "requester_owner"},
      {"RequesterVpcInfo.Region", "requester_region"},
      {"RequesterVpcInfo.CidrBlock", "requester_cidr"},
      {"AccepterVpcInfo.VpcId", "accepter_vpc"},
      {"AccepterVpcInfo.OwnerId", "accepter_owner"},
      {"AccepterVpcInfo.Region", "accepter_region"},
      {"AccepterVpcInfo.CidrBlock", "accepter_cidr"}}},
    {"ec2:vpc-endpoint", "ec2:vpc-endpoint", "VpcEndpointId", NULL, EC2("vpc-endpoint"), NULL,
     "State", "OwnerId", NULL, NULL, 0,
     {{"VpcEndpointType", "endpoint_type"}, {"ServiceName", "service_name"}}},
    {"rds:db-instance", "rds:db-instance", "DBInstanceIdentifier", "DBInstanceArn",
     "arn:{p}:rds:{r}:{a}:db:{i}", "DBInstanceIdentifier", "DBInstanceStatus", NULL, NULL,
     "AvailabilityZone", 0,
     {{"DBInstanceClass", "db_class"},
      {"Engine", "engine"},
      {"EngineVersion", "engine_version"},
      {"AllocatedStorage", "storage_gib"},
      {"StorageType", "storage_type"},
      {"Iops", "iops"},
      {"MultiAZ", "multi_az"},
      {"Endpoint.Address", "endpoint"},
      {"Endpoint.Port", "port"},
      {"PubliclyAccessible", "publicly_accessible"},
      {"StorageEncrypted", "encrypted"},
      {"LicenseModel", "license_model"}}},
    {"rds:db-cluster", "rds:db-cluster", "DBClusterIdentifier", "DBClusterArn",
     "arn:{p}:rds:{r}:{a}:cluster:{i}", "DBClusterIdentifier", "Status", NULL, NULL, NULL, 0,
     {{"Engine", "engine"},
      {"EngineVersion", "engine_version"},
      {"EngineMode", "engine_mode"},
      {"Endpoint", "endpoint"},
      {"ReaderEndpoint", "reader_endpoint"},
      {"Port", "port"},
      {"MultiAZ", "multi_az"},
      {"AllocatedStorage", "storage_gib"},
      {"StorageType", "storage_type"}}},
    {"rds:db-subnet-group", "rds:db-subnet-group", "DBSubnetGroupName", "DBSubnetGroupArn",
     "arn:{p}:rds:{r}:{a}:subgrp:{i}", "DBSubnetGroupName", "SubnetGroupStatus", NULL, NULL,
     NULL, 0, {{"DBSubnetGroupDescription", "description"}}},
    {"elb:load-balancer", "elb:load-balancer", "LoadBalancerName", NULL,
     "arn:{p}:elasticloadbalancing:{r}:{a}:loadbalancer/{i}", "LoadBalancerName", NULL, NULL,
     NULL, NULL, 0,
     {{"Scheme", "scheme"},
      {"DNSName", "dns_name"},
      {"ListenerDescriptions.Listener.LoadBalancerPort", "listener_ports"},
      {"AvailabilityZones", "zones"}}},
    {"elbv2:load-balancer", "elbv2:load-balancer", NULL, "LoadBalancerArn", NULL,
     "LoadBalancerName", "State.Code", NULL, NULL, NULL, AWSMAP__GSPEC_ID_FROM_ARN,
     {{"Type", "lb_type"},
      {"Scheme", "scheme"},
      {"DNSName", "dns_name"},
      {"IpAddressType", "ip_address_type"}}},
    {"elbv2:listener", "elbv2:listener", NULL, "ListenerArn", NULL, NULL, NULL, NULL, NULL,
     NULL, AWSMAP__GSPEC_ID_FROM_ARN | AWSMAP__GSPEC_NAME_PROTO_PORT | AWSMAP__GSPEC_NO_CONTAINER,
     {{"Protocol", "protocol"}, {"Port", "port"}, {"SslPolicy", "ssl_policy"}}},
    {"elbv2:target-group", "elbv2:target-group", NULL, "TargetGroupArn", NULL,
     "TargetGroupName", NULL, NULL, NULL, NULL, AWSMAP__GSPEC_ID_FROM_ARN,
     {{"Protocol", "protocol"},
      {"Port", "port"},
      {"TargetType", "target_type"},
      {"HealthCheckPath", "health_check_path"},
      {"VpcId", "vpc_id"}}},
    {"s3:bucket", "s3:bucket", "Name", NULL, "arn:{p}:s3:::{i}", "Name", NULL, NULL,
     "BucketRegion", NULL, AWSMAP__GSPEC_GLOBAL, {{"CreationDate", "creation_date"}}},
    /* Types that only appear as stubs or synthetic nodes. */
    {NULL, AWSMAP__T_IP, NULL, NULL, "arn:{p}:awsmap:{r}:{a}:ip/{i}", NULL, NULL, NULL, NULL,
     NULL, 0, {{0}}},
    {NULL, "ec2:vpn-gateway", NULL, NULL, EC2("vpn-gateway"), NULL, NULL, NULL, NULL, NULL, 0,
     {{0}}},
    {NULL, "ec2:transit-gateway", NULL, NULL, EC2("transit-gateway"), NULL, NULL, NULL, NULL,
     NULL, 0, {{0}}},
    {NULL, "ec2:egress-only-internet-gateway", NULL, NULL, EC2("egress-only-internet-gateway"),
     NULL, NULL, NULL, NULL, NULL, 0, {{0}}},
    {NULL, "lambda:function", NULL, NULL, "arn:{p}:lambda:{r}:{a}:function:{i}", NULL, NULL,
     NULL, NULL, NULL, 0, {{0}}},
};
const size_t awsmap__gspec_count = AWSMAP__ARRAY_LEN(awsmap__gspecs);

#define R AWSMAP__GRULE_REVERSE
#define P (AWSMAP__GRULE_PARENT | AWSMAP__GRULE_REVERSE)
#define A AWSMAP__GRULE_BY_ARN
#define X AWSMAP__GRULE_BY_PREFIX
#define C AWSMAP__K_CONTAINS
#define ROUTE(field)                                                                         \
  {"ec2:route-table", field, NULL, "routes-to", X, NULL, NULL, "destination", NULL,            \
   {"Routes.DestinationCidrBlock", "Routes.DestinationIpv6CidrBlock",                         \
    "Routes.DestinationPrefixListId"}, NULL}

const awsmap__grule awsmap__grules[] = {
    /* containment: parent -> child; for each type the first rule with a value wins,
     * and a node none of them places goes into its region */
    {"ec2:subnet", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:instance", "SubnetId", "ec2:subnet", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:instance", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:network-interface", "SubnetId", "ec2:subnet", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:network-interface", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:nat-gateway", "SubnetId", "ec2:subnet", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:nat-gateway", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:security-group", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:route-table", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"rds:db-instance", "DBSubnetGroup.Subnets.SubnetIdentifier", "ec2:subnet", C, P, NULL, NULL,
     NULL, NULL, {0}, "DBSubnetGroup.Subnets.SubnetAvailabilityZone.Name"},
    {"rds:db-instance", "DBSubnetGroup.VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"rds:db-subnet-group", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"elb:load-balancer", "VPCId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"elbv2:load-balancer", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},
    {"elbv2:target-group", "VpcId", "ec2:vpc", C, P, NULL, NULL, NULL, NULL, {0}, NULL},

    /* attachment */
    {"ec2:instance", "BlockDeviceMappings.Ebs.VolumeId", "ec2:volume", "attached", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"ec2:volume", "Attachments.InstanceId", "ec2:instance", "attached", R, NULL, NULL, NULL,
     NULL, {0}, NULL},
    {"ec2:network-interface", "Attachment.InstanceId", "ec2:instance", "attached", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"ec2:instance", "NetworkInterfaces.NetworkInterfaceId", "ec2:network-interface", "attached",
     R, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:nat-gateway", "NatGatewayAddresses.NetworkInterfaceId", "ec2:network-interface",
     "attached", R, NULL, NULL, NULL, NULL, {0}, NULL},
    {"ec2:internet-gateway", "Attachments.VpcId", "ec2:vpc", "attached", 0, NULL, NULL, NULL,
     NULL, {0}, NULL},
    {"ec2:vpc-endpoint", "VpcId", "ec2:vpc", "attached", 0, NULL, NULL, NULL, NULL, {0}, NULL},

    /* security groups */
    {"ec2:instance", "SecurityGroups.GroupId", "ec2:security-group", "secured-by", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"ec2:network-interface", "Groups.GroupId", "ec2:security-group", "secured-by", 0, NULL,
     NULL, NULL, NULL, {0}, NULL},
    {"ec2:vpc-endpoint", "Groups.GroupId", "ec2:security-group", "secured-by", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"rds:db-instance", "VpcSecurityGroups.VpcSecurityGroupId", "ec2:security-group",
     "secured-by", 0, NULL, NULL, NULL, NULL, {0}, NULL},
    {"rds:db-cluster", "VpcSecurityGroups.VpcSecurityGroupId", "ec2:security-group",
     "secured-by", 0, NULL, NULL, NULL, NULL, {0}, NULL},
    {"elb:load-balancer", "SecurityGroups", "ec2:security-group", "secured-by", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"elbv2:load-balancer", "SecurityGroups", "ec2:security-group", "secured-by", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"ec2:security-group", "IpPermissions.UserIdGroupPairs.GroupId", "ec2:security-group",
     "references", 0, "IpPermissions.UserIdGroupPairs.UserId", NULL, "direction", "ingress",
     {0}, NULL},
    {"ec2:security-group", "IpPermissionsEgress.UserIdGroupPairs.GroupId", "ec2:security-group",
     "references", 0, "IpPermissionsEgress.UserIdGroupPairs.UserId", NULL, "direction", "egress",
     {0}, NULL},

    /* routing */
    {"ec2:route-table", "Associations.SubnetId", "ec2:subnet", "associated", 0, NULL, NULL, NULL,
     NULL, {0}, NULL},
    ROUTE("Routes.GatewayId"),
    ROUTE("Routes.NatGatewayId"),
    ROUTE("Routes.VpcPeeringConnectionId"),
    ROUTE("Routes.InstanceId"),
    ROUTE("Routes.NetworkInterfaceId"),
    ROUTE("Routes.TransitGatewayId"),
    ROUTE("Routes.EgressOnlyInternetGatewayId"),
    {"ec2:vpc-endpoint", "RouteTableIds", "ec2:route-table", "associated", 0, NULL, NULL, NULL,
     NULL, {0}, NULL},
    {"ec2:vpc-endpoint", "SubnetIds", "ec2:subnet", "associated", 0, NULL, NULL, NULL, NULL, {0},
     NULL},
    {"ec2:vpc-peering-connection", "RequesterVpcInfo.VpcId", "ec2:vpc", "connects", 0,
     "RequesterVpcInfo.OwnerId", "RequesterVpcInfo.Region", "role", "requester", {0}, NULL},
    {"ec2:vpc-peering-connection", "AccepterVpcInfo.VpcId", "ec2:vpc", "connects", 0,
     "AccepterVpcInfo.OwnerId", "AccepterVpcInfo.Region", "role", "accepter", {0}, NULL},

    /* load balancing */
    {"elb:load-balancer", "Instances.InstanceId", "ec2:instance", "target", 0, NULL, NULL, NULL,
     NULL, {0}, NULL},
    {"elbv2:listener", "LoadBalancerArn", "elbv2:load-balancer", "listener", R | A, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"elbv2:listener", "DefaultActions.TargetGroupArn", "elbv2:target-group", "forwards-to", A,
     NULL, NULL, NULL, NULL, {0}, NULL},
    {"elbv2:listener", "DefaultActions.ForwardConfig.TargetGroups.TargetGroupArn",
     "elbv2:target-group", "forwards-to", A, NULL, NULL, NULL, NULL, {0}, NULL},

    /* databases */
    {"rds:db-instance", "DBSubnetGroup.DBSubnetGroupName", "rds:db-subnet-group", "uses", 0, NULL,
     NULL, NULL, NULL, {0}, NULL},
    {"rds:db-cluster", "DBSubnetGroup", "rds:db-subnet-group", "uses", 0, NULL, NULL, NULL, NULL,
     {0}, NULL},
    {"rds:db-subnet-group", "Subnets.SubnetIdentifier", "ec2:subnet", "includes", 0, NULL, NULL,
     NULL, NULL, {0}, NULL},
    {"rds:db-instance", "DBClusterIdentifier", "rds:db-cluster", "member-of", 0, NULL, NULL, NULL,
     NULL, {0}, NULL},
    {"rds:db-cluster", "DBClusterMembers.DBInstanceIdentifier", "rds:db-instance", "member-of", R,
     NULL, NULL, NULL, NULL, {0}, NULL},
};
const size_t awsmap__grule_count = AWSMAP__ARRAY_LEN(awsmap__grules);

const awsmap__gspec *awsmap__gspec_by_node_type(const char *type) {
  for (size_t i = 0; i < awsmap__gspec_count; i++)
    if (strcmp(awsmap__gspecs[i].node_type, type) == 0)
      return &awsmap__gspecs[i];
  return NULL;
}

const char *awsmap__gtype_by_prefix(const char *id) {
  static const struct {
    const char *prefix, *type;
  } prefixes[] = {
      {"igw-", "ec2:internet-gateway"},  {"vpce-", "ec2:vpc-endpoint"},
      {"nat-", "ec2:nat-gateway"},       {"pcx-", "ec2:vpc-peering-connection"},
      {"i-", "ec2:instance"},            {"eni-", "ec2:network-interface"},
      {"tgw-", "ec2:transit-gateway"},   {"vgw-", "ec2:vpn-gateway"},
      {"eigw-", "ec2:egress-only-internet-gateway"},
  };
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(prefixes); i++)
    if (awsmap__str_starts_with(id, prefixes[i].prefix))
      return prefixes[i].type;
  return NULL;
}
