"""Pagination with tiny pages (every item exactly once) and the limit errors."""
import pytest
from botocore.exceptions import ClientError

import sign
from conftest import USER1, Emu

GEN_KEY = ("AKIAEMUFULL000000001", "fullSecretKey/000000000000000000000000001")


@pytest.fixture(scope="module")
def big():
    # full scenario + ~3000 generated resources in account 111111111111
    e = Emu("full", "--scale", "3000")
    yield e
    e.stop()


def _from_scenario(e, service, region, key):
    """Ground truth: one unpaginated call (verified against the scenario elsewhere)."""
    c = e.client(service, region)
    op = {"ec2": {"Vpcs": "describe_vpcs", "Subnets": "describe_subnets", "SecurityGroups": "describe_security_groups",
                  "NetworkInterfaces": "describe_network_interfaces", "Volumes": "describe_volumes",
                  "RouteTables": "describe_route_tables", "InternetGateways": "describe_internet_gateways",
                  "InstanceStatuses": "describe_instance_status"}}[service][key]
    return getattr(c, op)()[key]


EC2_PAGED = [("describe_vpcs", "Vpcs", "VpcId", 5), ("describe_subnets", "Subnets", "SubnetId", 5),
             ("describe_security_groups", "SecurityGroups", "GroupId", 5),
             ("describe_network_interfaces", "NetworkInterfaces", "NetworkInterfaceId", 37),
             ("describe_volumes", "Volumes", "VolumeId", 41),
             ("describe_route_tables", "RouteTables", "RouteTableId", 5),
             ("describe_internet_gateways", "InternetGateways", "InternetGatewayId", 5),
             ("describe_instance_status", "InstanceStatuses", "InstanceId", 23)]


@pytest.mark.parametrize("op,key,idk,size", EC2_PAGED)
def test_ec2_tiny_pages(big, op, key, idk, size):
    c = big.client("ec2")
    full = getattr(c, op)()[key]
    assert len(full) > 3 * size
    big.post("/_emu/reset")
    seen = []
    for page in c.get_paginator(op).paginate(PaginationConfig={"PageSize": size}):
        assert len(page[key]) <= size
        seen += [x[idk] for x in page[key]]
    assert seen == [x[idk] for x in full]            # every item exactly once, in order
    calls = big.calls(action="".join(w.title() for w in op.split("_")))
    assert len(calls) == -(-len(full) // size)
    assert all(c["params"]["MaxResults"] == str(size) for c in calls)


def test_ec2_instances_pages(big):
    c = big.client("ec2", "eu-west-1")
    ids = [i["InstanceId"] for r in c.describe_instances()["Reservations"] for i in r["Instances"]]
    seen = [i["InstanceId"] for p in c.get_paginator("describe_instances").paginate(
        PaginationConfig={"PageSize": 50}) for r in p["Reservations"] for i in r["Instances"]]
    assert seen == ids and len(set(ids)) == len(ids) > 100


@pytest.mark.parametrize("service,op,key,idk,size", [
    ("rds", "describe_db_instances", "DBInstances", "DBInstanceIdentifier", 20),
    ("rds", "describe_db_subnet_groups", "DBSubnetGroups", "DBSubnetGroupName", 20),
    ("elbv2", "describe_load_balancers", "LoadBalancers", "LoadBalancerArn", 1),
    ("elbv2", "describe_target_groups", "TargetGroups", "TargetGroupArn", 3),
])
def test_query_tiny_pages(big, service, op, key, idk, size):
    c = big.client(service)
    full = [x for p in c.get_paginator(op).paginate() for x in p[key]]
    seen = [x[idk] for p in c.get_paginator(op).paginate(PaginationConfig={"PageSize": size})
            for x in p[key]]
    assert seen == [x[idk] for x in full] and len(full) > size


def test_rds_default_page_is_100(big):
    big.post("/_emu/reset")
    r = big.client("rds").describe_db_instances()
    n = len(r["DBInstances"])
    assert big.calls(action="DescribeDBInstances")[0]["params"] == {}
    assert (n == 100) == ("Marker" in r)


def test_classic_elb_pages(emu):
    c = emu.client("elb")
    seen = [lb["LoadBalancerName"] for p in c.get_paginator("describe_load_balancers").paginate(
        PaginationConfig={"PageSize": 1}) for lb in p["LoadBalancerDescriptions"]]
    assert seen == ["prod-use1-legacy-elb"]


def test_s3_max_buckets(big):
    st, body = sign.send(big.url, "s3", "us-east-1", USER1, params={"max-buckets": "7"})
    assert st == 200 and body.count(b"<Bucket>") == 7 and b"<ContinuationToken>" in body
    names, token = [], None
    while True:
        params = {"max-buckets": "10"}
        if token:
            params["continuation-token"] = token
        st, body = sign.send(big.url, "s3", "us-east-1", USER1, params=params)
        assert st == 200
        import re
        names += re.findall(rb"<Name>([^<]+)</Name>", body)
        m = re.search(rb"<ContinuationToken>([^<]+)</ContinuationToken>", body)
        if not m:
            break
        token = m.group(1).decode()
    all_names = [b["Name"] for b in big.client("s3").list_buckets()["Buckets"]]
    assert [n.decode() for n in names] == all_names and len(all_names) > 20
    for bad in ("0", "10001"):
        st, body = sign.send(big.url, "s3", "us-east-1", USER1, params={"max-buckets": bad})
        assert st == 400 and b"<Code>InvalidArgument</Code>" in body
    st, body = sign.send(big.url, "s3", "us-east-1", USER1, params={"continuation-token": "bogus"})
    assert st == 400 and b"<Code>InvalidArgument</Code>" in body


def _err(fn, **kw):
    with pytest.raises(ClientError) as ei:
        fn(**kw)
    return ei.value.response["Error"]


def test_limits_and_errors(emu):
    ec2 = emu.client("ec2", parameter_validation=False)
    for kw in ({"MaxResults": 4}, {"MaxResults": 1001}):
        e = _err(ec2.describe_instances, **kw)
        assert e["Code"] == "InvalidParameterValue" and "between 5 and 1000" in e["Message"]
    e = _err(ec2.describe_instances, MaxResults=10, InstanceIds=["i-1"])
    assert e["Code"] == "InvalidParameterCombination"
    assert _err(ec2.describe_route_tables, MaxResults=101)["Code"] == "InvalidParameterValue"
    assert _err(ec2.describe_vpcs, MaxResults=4)["Code"] == "InvalidParameterValue"
    assert len(ec2.describe_volumes(MaxResults=900)["Volumes"]) > 0      # clamped to 500
    e = _err(ec2.describe_vpcs, NextToken="not-a-token")
    assert e["Code"] == "InvalidPaginationToken"
    rds = emu.client("rds", parameter_validation=False)
    for n in (19, 101):
        e = _err(rds.describe_db_instances, MaxRecords=n)
        assert e["Code"] == "InvalidParameterValue" and "between 20 and 100" in e["Message"]
    assert _err(rds.describe_db_clusters, Marker="zzz")["Code"] == "InvalidParameterValue"
    elb = emu.client("elb", parameter_validation=False)
    for n in (0, 401):
        e = _err(elb.describe_load_balancers, PageSize=n)
        assert e["Code"] == "ValidationError" and "pageSize" in e["Message"]
    v2 = emu.client("elbv2", parameter_validation=False)
    assert _err(v2.describe_target_groups, PageSize=401)["Code"] == "ValidationError"
    assert _err(v2.describe_load_balancers, Marker="nope")["Code"] == "ValidationError"
    assert _err(v2.describe_listeners)["Code"] == "ValidationError"
    # a token from one operation is unknown to another
    tok = ec2.describe_vpcs(MaxResults=5)
    ec2_sub = emu.client("ec2", "eu-west-1")
    if tok.get("NextToken"):
        assert _err(ec2_sub.describe_vpcs, NextToken=tok["NextToken"])["Code"] == "InvalidPaginationToken"
