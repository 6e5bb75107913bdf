#!/usr/bin/python3
"""Regenerate demo.json and full.json:  /usr/bin/python3 scenarios/build_scenarios.py

The scenarios are checked in as JSON (the format is documented in
../README.md); this script is only how they were written, so relationships
stay consistent.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from emu.builder import Builder  # noqa: E402

A1, A2 = "111111111111", "222222222222"


def three_tier(b, acct, region, o2, prefix, classic=True, db=True):
    """Public/private subnets in two AZs, IGW, NAT, ALB (+classic ELB), app tier, RDS."""
    vpc = b.vpc(acct, region, f"10.{o2}.0.0/16", f"{prefix}-vpc")
    igw = b.igw(acct, vpc, f"{prefix}-igw")
    pub = [b.subnet(acct, vpc, region + z, f"10.{o2}.{i}.0/24", f"{prefix}-public-{z}", True)
           for i, z in enumerate("ab")]
    priv = [b.subnet(acct, vpc, region + z, f"10.{o2}.{10 + i}.0/24", f"{prefix}-private-{z}")
            for i, z in enumerate("ab")]
    nat = b.nat(acct, pub[0], f"{prefix}-nat", f"52.{o2}.10.10")
    b.route_table(acct, vpc, f"{prefix}-main", main=True)
    rt_pub = b.route_table(acct, vpc, f"{prefix}-public-rt", pub,
                           routes=[("0.0.0.0/0", igw["InternetGatewayId"])])
    rt_priv = b.route_table(acct, vpc, f"{prefix}-private-rt", priv,
                            routes=[("0.0.0.0/0", nat["NatGatewayId"])])
    sg_lb = b.sg(acct, vpc, f"{prefix}-alb-sg", "load balancer", [(443, "0.0.0.0/0"), (80, "0.0.0.0/0")])
    sg_app = b.sg(acct, vpc, f"{prefix}-app-sg", "application tier", [(8080, sg_lb)])
    sg_db = b.sg(acct, vpc, f"{prefix}-db-sg", "database tier", [(5432, sg_app)])
    b.allow(acct, sg_app, 22, "10.0.0.0/8")
    apps = [b.instance(acct, priv[i % 2], [sg_app], f"{prefix}-app-{i + 1}", "m6i.large",
                       profile="app-instance-role", volumes=2) for i in range(2)]
    bastion = b.instance(acct, pub[0], [sg_lb], f"{prefix}-bastion", "t3.micro",
                         public_ip=f"54.{o2}.1.20")
    alb = b.lb_v2(acct, f"{prefix}-alb", pub, [sg_lb])
    tg = b.target_group(acct, vpc, f"{prefix}-app-tg", 8080, apps, lbs=[alb])
    b.listener(acct, alb, 443, "HTTPS", tg)
    b.listener(acct, alb, 80, "HTTP", tg)
    elb = b.classic_elb(acct, f"{prefix}-legacy-elb", pub, [sg_lb], apps) if classic else None
    dbi = None
    if db:
        sng = b.db_subnet_group(acct, f"{prefix}-db-subnets", priv)
        dbi = b.db_instance(acct, f"{prefix}-db", sng, [sg_db])
    return dict(vpc=vpc, igw=igw, pub=pub, priv=priv, nat=nat, rt_pub=rt_pub, rt_priv=rt_priv,
                sg_lb=sg_lb, sg_app=sg_app, sg_db=sg_db, apps=apps, bastion=bastion, alb=alb,
                tg=tg, elb=elb, db=dbi)


def link(b, a1, t1, a2, t2, name):
    pcx = b.peering(a1, t1["vpc"], a2, t2["vpc"], name)
    t1["rt_priv"]["Routes"].append({"DestinationCidrBlock": t2["vpc"]["CidrBlock"],
                                    "VpcPeeringConnectionId": pcx["VpcPeeringConnectionId"],
                                    "Origin": "CreateRoute", "State": "active"})
    t2["rt_priv"]["Routes"].append({"DestinationCidrBlock": t1["vpc"]["CidrBlock"],
                                    "VpcPeeringConnectionId": pcx["VpcPeeringConnectionId"],
                                    "Origin": "CreateRoute", "State": "active"})
    return pcx


def demo():
    b = Builder(["us-east-1", "eu-west-1"])
    acct = b.account(A1, "demo-shop")
    b.user(acct, "mapper", "AKIAEMUDEMO000000001", "demoSecretKey/0000000000000000000000001")
    east = three_tier(b, acct, "us-east-1", 0, "shop-use1")
    west = three_tier(b, acct, "eu-west-1", 1, "shop-euw1", classic=False)
    link(b, acct, east, acct, west, "shop-use1-to-euw1")
    for name, region in (("shop-assets-use1", "us-east-1"), ("shop-logs-use1", "us-east-1"),
                         ("shop-backups-euw1", "eu-west-1")):
        b.bucket(acct, name, region)
    return b.scenario(credential_duration_seconds=None)


def full():
    b = Builder(["us-east-1", "eu-west-1"])
    a1 = b.account(A1, "prod")
    a2 = b.account(A2, "shared")
    b.user(a1, "mapper", "AKIAEMUFULL000000001", "fullSecretKey/000000000000000000000000001")
    b.user(a1, "no-ec2", "AKIAEMUFULL000000002", "fullSecretKey/000000000000000000000000002",
           policy={"deny_services": ["ec2"]})
    b.user(a2, "admin", "AKIAEMUFULL000000003", "fullSecretKey/000000000000000000000000003")
    b.role(a2, "AuditRole", [A1], external_id="ext-7f3a9c", max_session=7200)
    b.role(a2, "OpenRole", [A1], max_session=3600)
    b.role(a2, "EuOnlyRole", [A1], policy={"allow_regions": ["eu-west-1"]})
    b.role(a2, "WebRole", [], max_session=3600)
    b.role(a1, "app-instance-role", [A1])
    b.role(a1, "ReadOnly", [A1])
    e1 = three_tier(b, a1, "us-east-1", 0, "prod-use1")
    w1 = three_tier(b, a1, "eu-west-1", 1, "prod-euw1")
    s2 = three_tier(b, a2, "us-east-1", 2, "shared-use1", classic=False, db=False)
    link(b, a1, e1, a1, w1, "prod-use1-to-euw1")            # cross-region
    link(b, a1, e1, a2, s2, "prod-to-shared")                 # cross-account
    # VPC endpoints: S3 gateway (routes) and an interface endpoint (ENIs).
    b.vpc_endpoint(a1, e1["vpc"], "s3", route_tables=[e1["rt_priv"]])
    b.vpc_endpoint(a1, e1["vpc"], "secretsmanager", subnets=e1["priv"], groups=[e1["sg_app"]])
    b.vpc_endpoint(a2, s2["vpc"], "s3", route_tables=[s2["rt_priv"]])
    # An NLB with a TCP target group in the shared account.
    nlb = b.lb_v2(a2, "shared-nlb", s2["pub"], lb_type="network", scheme="internal")
    tg = b.target_group(a2, s2["vpc"], "shared-tcp", 5432, s2["apps"], protocol="TCP", lbs=[nlb])
    b.listener(a2, nlb, 5432, "TCP", tg)
    # Aurora cluster with two members in prod us-east-1.
    sng = b.db_subnet_group(a1, "prod-aurora-subnets", e1["priv"])
    cl = b.db_cluster(a1, "prod-aurora", sng, [e1["sg_db"]])
    for i, z in enumerate("ab"):
        b.db_instance(a1, f"prod-aurora-{i + 1}", sng, [e1["sg_db"]], engine="aurora-postgresql",
                      cluster=cl, az=f"us-east-1{z}")
    # A stopped instance so DescribeInstanceStatus filtering is visible.
    b.instance(a1, e1["priv"][1], [e1["sg_app"]], "prod-use1-batch", "c6i.xlarge",
               state=("stopped", 80))
    for name, region in (("prod-assets-use1", "us-east-1"), ("prod-logs-euw1", "eu-west-1"),
                         ("prod-data-use1", "us-east-1"), ("prod-archive-euw1", "eu-west-1")):
        b.bucket(a1, name, region)
    b.bucket(a2, "shared-artifacts-use1", "us-east-1")
    return b.scenario(
        disabled_regions=["ap-east-1"],
        web_identity=[{"token": "eyJhbGciOiJSUzI1NiJ9.emu-web-identity.sig",
                       "role_arn": f"arn:aws:iam::{A2}:role/WebRole",
                       "subject": "system:serviceaccount:prod:mapper",
                       "audience": "sts.amazonaws.com",
                       "provider": "arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EMU"},
                      {"token": "eyJhbGciOiJSUzI1NiJ9.emu-expired.sig",
                       "role_arn": f"arn:aws:iam::{A2}:role/WebRole", "expired": True}],
        imds={"account": A1, "role": "app-instance-role", "allow_v1": False,
              "instance_id": e1["apps"][0]["InstanceId"], "region": "us-east-1"},
        container_credentials=[
            {"path": "/v2/credentials/emu-task-1", "account": A1, "role": "ReadOnly"},
            {"path": "/container/credentials", "account": A1, "role": "ReadOnly",
             "auth_token": "emu-pod-identity-token"}],
        sso=[{"access_token": "emu-sso-access-token", "account_id": A2, "role_name": "OpenRole"},
             {"access_token": "emu-sso-expired-token", "account_id": A2, "role_name": "OpenRole",
              "expired": True}],
    )


if __name__ == "__main__":
    for name, fn in (("demo", demo), ("full", full)):
        scn = fn()
        scn = {k: v for k, v in scn.items() if v is not None}
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(scn, f, indent=1)
            f.write("\n")
        print(name, "written")
