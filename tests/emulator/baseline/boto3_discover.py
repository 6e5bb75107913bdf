#!/usr/bin/python3
"""The baseline for tests/bench/discover: discovery written the way a boto3 user
would write it -- paginators, one call after another, on one thread.

It makes the same calls as libawsmap's discovery plan (src/discover/plan.c):
per region every EC2/VPC, RDS, ELB and ELBv2 describe call, then the follow-ups
(ELB DescribeInstanceHealth per classic load balancer, ELBv2 DescribeListeners
per load balancer and DescribeTargetHealth per target group); once per account
STS GetCallerIdentity, S3 ListBuckets and GetBucketLocation per bucket. Pages
are as large as each API allows, like libawsmap's default, so both send the
same requests and their counts can be compared.

Prints one JSON object on stdout:
  {"resources": N, "instances": N, "requests": N, "seconds": S, "cpu_seconds": S,
   "scopes": {"<region>": {"requests", "resources", "seconds"}, "global": {...}}}
A "scope" is a region or "global" (STS + S3), so a caller that ran a subset of
the regions can extrapolate to the rest.

Usage: boto3_discover.py --endpoint-url URL --access-key AK --secret-key SK
                         --regions us-east-1,eu-west-1 [--no-global]
"""
import argparse
import json
import sys
import time

import boto3
from botocore.config import Config

# Largest page each API accepts (what libawsmap sends by default).
EC2_CALLS = [  # (method, result key, page size or None when the call has no paginator)
    ("describe_availability_zones", "AvailabilityZones", None),
    ("describe_vpcs", "Vpcs", 1000),
    ("describe_subnets", "Subnets", 1000),
    ("describe_internet_gateways", "InternetGateways", 1000),
    ("describe_nat_gateways", "NatGateways", 1000),
    ("describe_route_tables", "RouteTables", 100),
    ("describe_vpc_peering_connections", "VpcPeeringConnections", 1000),
    ("describe_vpc_endpoints", "VpcEndpoints", 1000),
    ("describe_security_groups", "SecurityGroups", 1000),
    ("describe_instances", "Reservations", 1000),
    ("describe_volumes", "Volumes", 500),
    ("describe_network_interfaces", "NetworkInterfaces", 1000),
    ("describe_instance_status", "InstanceStatuses", 1000),
]
RDS_CALLS = [
    ("describe_db_instances", "DBInstances"),
    ("describe_db_clusters", "DBClusters"),
    ("describe_db_subnet_groups", "DBSubnetGroups"),
]


class Counter:
    """Counts requests sent (every attempt) through botocore's event hooks."""

    def __init__(self):
        self.requests = 0

    def hook(self, **_kwargs):
        self.requests += 1


def paginate(client, method, key, page_size):
    """Every item of every page of one call."""
    if page_size is None:
        return list(getattr(client, method)()[key])
    items = []
    for page in client.get_paginator(method).paginate(PaginationConfig={"PageSize": page_size}):
        items.extend(page.get(key, []))
    return items


def discover_region(session, region, endpoint, config):
    found = {}
    ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint, config=config)
    for method, key, size in EC2_CALLS:
        items = paginate(ec2, method, key, size)
        if key == "Reservations":
            found["Instances"] = [i for r in items for i in r["Instances"]]
        else:
            found[key] = items

    rds = session.client("rds", region_name=region, endpoint_url=endpoint, config=config)
    for method, key in RDS_CALLS:
        found[key] = paginate(rds, method, key, 100)

    elb = session.client("elb", region_name=region, endpoint_url=endpoint, config=config)
    classic = paginate(elb, "describe_load_balancers", "LoadBalancerDescriptions", 400)
    found["LoadBalancerDescriptions"] = classic
    found["InstanceStates"] = []
    for lb in classic:
        health = elb.describe_instance_health(LoadBalancerName=lb["LoadBalancerName"])
        found["InstanceStates"].extend(health["InstanceStates"])

    elbv2 = session.client("elbv2", region_name=region, endpoint_url=endpoint, config=config)
    lbs = paginate(elbv2, "describe_load_balancers", "LoadBalancers", 400)
    found["LoadBalancers"] = lbs
    found["Listeners"] = []
    for lb in lbs:
        pages = elbv2.get_paginator("describe_listeners").paginate(
            LoadBalancerArn=lb["LoadBalancerArn"], PaginationConfig={"PageSize": 400})
        for page in pages:
            found["Listeners"].extend(page["Listeners"])
    groups = paginate(elbv2, "describe_target_groups", "TargetGroups", 400)
    found["TargetGroups"] = groups
    found["TargetHealthDescriptions"] = []
    for tg in groups:
        health = elbv2.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])
        found["TargetHealthDescriptions"].extend(health["TargetHealthDescriptions"])
    return found


def discover_global(session, home_region, endpoint, config):
    sts = session.client("sts", region_name=home_region, endpoint_url=endpoint, config=config)
    identity = sts.get_caller_identity()
    s3 = session.client("s3", region_name=home_region, endpoint_url=endpoint, config=config)
    buckets = s3.list_buckets()["Buckets"]
    locations = [s3.get_bucket_location(Bucket=b["Name"]).get("LocationConstraint") for b in buckets]
    return {"Account": identity["Account"], "Buckets": buckets, "Locations": locations}


def count_resources(found):
    """Records as libawsmap counts them: one per item of every list."""
    return sum(len(v) for v in found.values() if isinstance(v, list))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint-url", required=True)
    ap.add_argument("--access-key", required=True)
    ap.add_argument("--secret-key", required=True)
    ap.add_argument("--regions", required=True, help="comma-separated")
    ap.add_argument("--home-region", default="us-east-1", help="for STS and S3")
    ap.add_argument("--no-global", action="store_true", help="skip STS and S3")
    args = ap.parse_args()

    session = boto3.session.Session(aws_access_key_id=args.access_key,
                                    aws_secret_access_key=args.secret_key)
    counter = Counter()
    session.events.register("before-send", counter.hook)
    config = Config(s3={"addressing_style": "path"}, retries={"mode": "standard"})

    scopes = {}
    totals = {"resources": 0, "instances": 0}
    t0, cpu0 = time.monotonic(), time.process_time()

    def run(scope, fn):
        r0, s0 = counter.requests, time.monotonic()
        found = fn()
        n = count_resources(found)
        scopes[scope] = {"requests": counter.requests - r0, "resources": n,
                         "seconds": round(time.monotonic() - s0, 3)}
        totals["resources"] += n
        totals["instances"] += len(found.get("Instances", []))

    if not args.no_global:
        run("global", lambda: discover_global(session, args.home_region, args.endpoint_url, config))
    for region in [r for r in args.regions.split(",") if r]:
        run(region, lambda: discover_region(session, region, args.endpoint_url, config))

    json.dump({"resources": totals["resources"], "instances": totals["instances"],
               "requests": counter.requests, "seconds": round(time.monotonic() - t0, 3),
               "cpu_seconds": round(time.process_time() - cpu0, 3), "scopes": scopes},
              sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
