/* Graph benchmark: N resources of mixed types with realistic references
 * (VPC blocks of subnets, gateways, route tables, security groups that
 * reference each other, instances with volumes and interfaces, load
 * balancers with listeners, target groups and target health, RDS), fed in
 * as records; reports add, resolve and JSON export times and heap per
 * resource. usage: bench_graph [resources] */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graph/graph.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* malloc's figures plus the huge-page arena blocks the graph maps itself. */
static size_t heap(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd + awsmap__pages_in_use();
}

static awsmap_graph *g;
static size_t resources, notes;
static const char *acct, *region;

static void add(awsmap_record *r, int counts) {
  if (awsmap__graph_add_record(g, acct, region, r) != AWSMAP_OK) {
    fprintf(stderr, "add failed: %s\n", awsmap_error_message(awsmap_error_last()));
    exit(1);
  }
  awsmap__record_free(r);
  if (counts)
    resources++;
  else
    notes++;
}

static void f(awsmap_record *r, const char *name, const char *fmt, ...) AWSMAP__PRINTF(3, 4);
static void f(awsmap_record *r, const char *name, const char *fmt, ...) {
  char v[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(v, sizeof v, fmt, ap);
  va_end(ap);
  awsmap__record_add(r, name, v, (size_t)n);
}

/* One VPC block: 80 resources + 20 target-health status records. */
static void block(unsigned b) {
  awsmap_record *r;
  char vpc[32], sn[4][32], sg[4][32], elbv2[160], tg[160];
  snprintf(vpc, sizeof vpc, "vpc-%08x", b);
  r = awsmap__record_new("ec2:vpc");
  f(r, "VpcId", "%s", vpc); f(r, "CidrBlock", "10.%u.0.0/16", b % 256); f(r, "State", "available");
  f(r, "Tags.Name", "vpc-%u", b);
  add(r, 1);
  for (int s = 0; s < 4; s++) {
    snprintf(sn[s], sizeof sn[s], "subnet-%08x%x", b, s);
    r = awsmap__record_new("ec2:subnet");
    f(r, "SubnetId", "%s", sn[s]); f(r, "VpcId", "%s", vpc); f(r, "CidrBlock", "10.%u.%d.0/24", b % 256, s);
    f(r, "AvailabilityZone", "%s%c", region, 'a' + s % 2); f(r, "State", "available");
    f(r, "Tags.Name", "subnet-%u-%d", b, s);
    add(r, 1);
  }
  r = awsmap__record_new("ec2:internet-gateway");
  f(r, "InternetGatewayId", "igw-%08x", b); f(r, "Attachments.VpcId", "%s", vpc);
  f(r, "Attachments.State", "available");
  add(r, 1);
  r = awsmap__record_new("ec2:nat-gateway");
  f(r, "NatGatewayId", "nat-%08x", b); f(r, "SubnetId", "%s", sn[0]); f(r, "VpcId", "%s", vpc);
  f(r, "State", "available");
  add(r, 1);
  for (int t = 0; t < 2; t++) {
    r = awsmap__record_new("ec2:route-table");
    f(r, "RouteTableId", "rtb-%08x%d", b, t); f(r, "VpcId", "%s", vpc);
    f(r, "Associations.SubnetId", "%s", sn[t * 2]); f(r, "Associations.SubnetId", "%s", sn[t * 2 + 1]);
    f(r, "Routes.DestinationCidrBlock", "10.%u.0.0/16", b % 256); f(r, "Routes.GatewayId", "local");
    f(r, "Routes.DestinationCidrBlock", "0.0.0.0/0");
    if (t == 0)
      f(r, "Routes.GatewayId", "igw-%08x", b);
    else
      f(r, "Routes.NatGatewayId", "nat-%08x", b);
    add(r, 1);
  }
  for (int s = 0; s < 4; s++) {
    snprintf(sg[s], sizeof sg[s], "sg-%08x%x", b, s);
    r = awsmap__record_new("ec2:security-group");
    f(r, "GroupId", "%s", sg[s]); f(r, "GroupName", "sg-%u-%d", b, s); f(r, "VpcId", "%s", vpc);
    if (s > 0) {
      f(r, "IpPermissions.UserIdGroupPairs.GroupId", "%s", sg[s - 1]);
      f(r, "IpPermissions.UserIdGroupPairs.UserId", "%s", acct);
    }
    add(r, 1);
  }
  snprintf(elbv2, sizeof elbv2, "arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/lb%u/%08x", region,
           acct, b, b);
  snprintf(tg, sizeof tg, "arn:aws:elasticloadbalancing:%s:%s:targetgroup/tg%u/%08x", region, acct, b, b);
  for (int i = 0; i < 20; i++) {
    r = awsmap__record_new("ec2:instance");
    f(r, "InstanceId", "i-%08x%02d", b, i); f(r, "InstanceType", "m6i.large"); f(r, "State.Name", "running");
    f(r, "SubnetId", "%s", sn[2 + i % 2]); f(r, "VpcId", "%s", vpc);
    f(r, "Placement.AvailabilityZone", "%s%c", region, 'a' + i % 2);
    f(r, "PrivateIpAddress", "10.%u.%d.%d", b % 256, 2 + i % 2, 10 + i);
    f(r, "SecurityGroups.GroupId", "%s", sg[1]);
    f(r, "NetworkInterfaces.NetworkInterfaceId", "eni-%08x%02d", b, i);
    f(r, "BlockDeviceMappings.Ebs.VolumeId", "vol-%08x%02d", b, i);
    f(r, "Tags.Name", "app-%u-%d", b, i); f(r, "Tags.env", "prod");
    add(r, 1);
    r = awsmap__record_new("ec2:volume");
    f(r, "VolumeId", "vol-%08x%02d", b, i); f(r, "Size", "100"); f(r, "VolumeType", "gp3");
    f(r, "AvailabilityZone", "%s%c", region, 'a' + i % 2); f(r, "State", "in-use");
    f(r, "Attachments.InstanceId", "i-%08x%02d", b, i);
    add(r, 1);
    r = awsmap__record_new("ec2:network-interface");
    f(r, "NetworkInterfaceId", "eni-%08x%02d", b, i); f(r, "SubnetId", "%s", sn[2 + i % 2]);
    f(r, "VpcId", "%s", vpc); f(r, "Status", "in-use"); f(r, "Attachment.InstanceId", "i-%08x%02d", b, i);
    f(r, "Groups.GroupId", "%s", sg[1]);
    add(r, 1);
    r = awsmap__record_new("elbv2:target-health");
    f(r, "TargetGroupArn", "%s", tg); f(r, "Target.Id", "i-%08x%02d", b, i); f(r, "Target.Port", "8080");
    f(r, "TargetHealth.State", "%s", i % 7 ? "healthy" : "unhealthy");
    add(r, 0);
  }
  r = awsmap__record_new("elbv2:load-balancer");
  f(r, "LoadBalancerArn", "%s", elbv2); f(r, "LoadBalancerName", "lb%u", b); f(r, "VpcId", "%s", vpc);
  f(r, "Type", "application"); f(r, "State.Code", "active"); f(r, "SecurityGroups", "%s", sg[0]);
  add(r, 1);
  r = awsmap__record_new("elbv2:listener");
  f(r, "ListenerArn", "arn:aws:elasticloadbalancing:%s:%s:listener/app/lb%u/%08x/l443", region, acct, b, b);
  f(r, "LoadBalancerArn", "%s", elbv2); f(r, "Port", "443"); f(r, "Protocol", "HTTPS");
  f(r, "DefaultActions.TargetGroupArn", "%s", tg);
  add(r, 1);
  r = awsmap__record_new("elbv2:target-group");
  f(r, "TargetGroupArn", "%s", tg); f(r, "TargetGroupName", "tg%u", b); f(r, "VpcId", "%s", vpc);
  f(r, "TargetType", "instance");
  add(r, 1);
  r = awsmap__record_new("rds:db-subnet-group");
  f(r, "DBSubnetGroupName", "dbsn-%u", b); f(r, "VpcId", "%s", vpc);
  f(r, "Subnets.SubnetIdentifier", "%s", sn[2]); f(r, "Subnets.SubnetAvailabilityZone.Name", "%sa", region);
  f(r, "Subnets.SubnetIdentifier", "%s", sn[3]); f(r, "Subnets.SubnetAvailabilityZone.Name", "%sb", region);
  add(r, 1);
  for (int d = 0; d < 2; d++) {
    r = awsmap__record_new("rds:db-instance");
    f(r, "DBInstanceIdentifier", "db-%u-%d", b, d); f(r, "DBInstanceClass", "db.r6g.large");
    f(r, "Engine", "postgres"); f(r, "DBInstanceStatus", "available"); f(r, "AllocatedStorage", "100");
    f(r, "AvailabilityZone", "%s%c", region, 'a' + d);
    f(r, "DBSubnetGroup.DBSubnetGroupName", "dbsn-%u", b); f(r, "DBSubnetGroup.VpcId", "%s", vpc);
    f(r, "DBSubnetGroup.Subnets.SubnetIdentifier", "%s", sn[2]);
    f(r, "DBSubnetGroup.Subnets.SubnetAvailabilityZone.Name", "%sa", region);
    f(r, "DBSubnetGroup.Subnets.SubnetIdentifier", "%s", sn[3]);
    f(r, "DBSubnetGroup.Subnets.SubnetAvailabilityZone.Name", "%sb", region);
    f(r, "VpcSecurityGroups.VpcSecurityGroupId", "%s", sg[3]);
    add(r, 1);
  }
  r = awsmap__record_new("elb:load-balancer");
  f(r, "LoadBalancerName", "classic-%u", b); f(r, "VPCId", "%s", vpc); f(r, "SecurityGroups", "%s", sg[0]);
  f(r, "Instances.InstanceId", "i-%08x00", b); f(r, "Instances.InstanceId", "i-%08x01", b);
  add(r, 1);
}

int main(int argc, char **argv) {
  size_t target = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200000;
  static const char *const accts[] = {"111111111111", "222222222222"};
  static const char *const regions[] = {"us-east-1", "eu-west-1"};
  size_t before = heap();
  if (awsmap__graph_new(&g) != AWSMAP_OK)
    return 1;
  double t0 = now();
  for (unsigned b = 0; resources < target; b++) {
    acct = accts[b % 2];
    region = regions[(b / 2) % 2];
    block(b);
  }
  double t1 = now();
  if (awsmap__graph_resolve(g) != AWSMAP_OK)
    return 1;
  double t2 = now();
  size_t after = heap();
  awsmap_buf *json = NULL;
  if (awsmap_graph_to_json(g, &json) != AWSMAP_OK)
    return 1;
  double t3 = now();
  awsmap_buf *dot = NULL;
  if (awsmap_graph_to_dot(g, &dot) != AWSMAP_OK)
    return 1;
  double t4 = now();
  printf("graph bench: %zu resource records + %zu status records -> %zu nodes, %zu edges\n", resources,
         notes, awsmap_graph_node_count(g), awsmap_graph_edge_count(g));
  printf("  add records  %8.1f ms\n", (t1 - t0) * 1e3);
  printf("  resolve      %8.1f ms\n", (t2 - t1) * 1e3);
  printf("  to_json      %8.1f ms  (%zu bytes)\n", (t3 - t2) * 1e3, awsmap_buf_len(json));
  printf("  to_dot       %8.1f ms  (%zu bytes)\n", (t4 - t3) * 1e3, awsmap_buf_len(dot));
  printf("  graph heap   %8.1f MiB = %zu bytes per resource (after resolve, excluding exports)\n",
         (double)(after - before) / (1 << 20), (after - before) / (resources ? resources : 1));
  awsmap_buf_free(json);
  awsmap_buf_free(dot);
  awsmap__graph_free(g);
  return 0;
}
