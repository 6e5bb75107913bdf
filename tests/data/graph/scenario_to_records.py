#!/usr/bin/python3
"""Turns the emulator's scenario (tests/emulator/scenarios/full.json) into a
records file (see tests/unit/graph/records_file.h) shaped the way the service
decoders deliver records: botocore member names joined with '.', list
wrappers dropped, tags as Tags.<key>. Used for the sample diagram.

usage: scenario_to_records.py full.json > full.records"""
import json
import sys

def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    elif isinstance(value, list):
        if prefix.split(".")[-1] in ("Tags", "TagSet", "TagList"):
            for t in value:
                out.append((f"Tags.{t['Key']}", t.get("Value", "")))
            return
        for v in value:
            flatten(prefix, v, out)
    elif isinstance(value, bool):
        out.append((prefix, "true" if value else "false"))
    elif value is not None:
        out.append((prefix, str(value)))

def emit(rtype, account, region, obj, extra=()):
    fields = list(extra)
    flatten("", obj, fields)
    print(f"@{rtype} {account} {region}")
    for k, v in fields:
        print(f"{k}={v}")

EC2 = {"Vpcs": "ec2:vpc", "InternetGateways": "ec2:internet-gateway", "Subnets": "ec2:subnet",
       "NetworkInterfaces": "ec2:network-interface", "NatGateways": "ec2:nat-gateway",
       "RouteTables": "ec2:route-table", "SecurityGroups": "ec2:security-group",
       "Volumes": "ec2:volume", "Instances": "ec2:instance",
       "VpcPeeringConnections": "ec2:vpc-peering-connection", "VpcEndpoints": "ec2:vpc-endpoint"}

def main():
    scenario = json.load(open(sys.argv[1]))
    for acct in scenario["accounts"]:
        a = acct["id"]
        emit("sts:caller-identity", a, "us-east-1", {"Account": a, "Arn": f"arn:aws:iam::{a}:user/mapper"})
        for b in acct.get("buckets", []):
            emit("s3:bucket", a, "us-east-1", {"Name": b["Name"], "CreationDate": b["CreationDate"]})
            loc = b.get("BucketRegion", "us-east-1")
            emit("s3:bucket-location", a, "us-east-1", {"Bucket": b["Name"],
                 "LocationConstraint": "" if loc == "us-east-1" else loc})
        for region, services in acct.get("regions", {}).items():
            ec2 = services.get("ec2", {})
            for key, rtype in EC2.items():
                for obj in ec2.get(key, []):
                    extra = [("OwnerId", a)] if key == "Instances" else []
                    emit(rtype, a, region, obj, extra)
                    if key == "Instances":
                        # AWS reports status checks for running instances only;
                        # the rest are "not-applicable".
                        check = "ok" if obj["State"]["Name"] == "running" else "not-applicable"
                        emit("ec2:instance-status", a, region, {
                            "InstanceId": obj["InstanceId"],
                            "AvailabilityZone": obj["Placement"]["AvailabilityZone"],
                            "InstanceState": obj["State"],
                            "InstanceStatus": {"Status": check}, "SystemStatus": {"Status": check}})
            # The zones the scenario's subnets live in, as DescribeAvailabilityZones
            # reports them (the scenario declares no others).
            zones = {s["AvailabilityZone"]: s.get("AvailabilityZoneId")
                     for s in ec2.get("Subnets", [])}
            for name, zone_id in sorted(zones.items()):
                emit("ec2:availability-zone", a, region, {
                    "ZoneName": name, "ZoneId": zone_id, "State": "available",
                    "RegionName": region, "ZoneType": "availability-zone"})
            v2 = services.get("elbv2", {})
            for obj in v2.get("LoadBalancers", []):
                emit("elbv2:load-balancer", a, region, obj)
            for obj in v2.get("Listeners", []):
                emit("elbv2:listener", a, region, obj)
            for obj in v2.get("TargetGroups", []):
                emit("elbv2:target-group", a, region, obj)
            for tg, targets in v2.get("TargetHealth", {}).items():
                for t in targets:
                    emit("elbv2:target-health", a, region, t, [("TargetGroupArn", tg)])
            elb = services.get("elb", {})
            for obj in elb.get("LoadBalancerDescriptions", []):
                emit("elb:load-balancer", a, region, obj)
            for lb, states in elb.get("InstanceHealth", {}).items():
                for s in states:
                    emit("elb:instance-health", a, region, s, [("LoadBalancerName", lb)])
            rds = services.get("rds", {})
            for key, rtype in (("DBSubnetGroups", "rds:db-subnet-group"),
                               ("DBInstances", "rds:db-instance"), ("DBClusters", "rds:db-cluster")):
                for obj in rds.get(key, []):
                    emit(rtype, a, region, obj)

main()
