"""Every fault kind, the call log, and the EC2 token buckets."""
import threading
import time
import urllib.error

import pytest
from botocore.exceptions import ClientError, PaginationError

from conftest import A1


def rule(kind, service=None, action=None, region=None, **kw):
    r = {"kind": kind, "match": {k: v for k, v in
                                 (("service", service), ("action", action), ("region", region)) if v}}
    r.update(kw)
    return r


@pytest.mark.parametrize("kind,service,method,code", [
    ("throttle", "ec2", "describe_vpcs", "RequestLimitExceeded"),
    ("throttle", "rds", "describe_db_instances", "Throttling"),
    ("throttle", "elbv2", "describe_load_balancers", "Throttling"),
    ("throttle", "s3", "list_buckets", "SlowDown"),
    ("http500", "ec2", "describe_subnets", "InternalError"),
    ("http503", "sts", "get_caller_identity", "ServiceUnavailable"),
])
def test_retried_faults(emu, kind, service, method, code):
    emu.post("/_emu/faults", [rule(kind, service, count=2)])
    c = emu.client(service, retries=1)
    with pytest.raises(ClientError) as ei:
        getattr(c, method)()
    assert ei.value.response["Error"]["Code"] == code
    r = getattr(emu.client(service, retries=3), method)()   # 1 left: fails once, then retried
    assert r["ResponseMetadata"]["RetryAttempts"] == 1
    calls = emu.calls(service=service)
    assert [c["error_code"] for c in calls] == [code, code, None]


def test_latency_does_not_block_others(emu):
    # A slow call must not hold up another connection: the second call finishes
    # while the first is still sleeping. Asserted on order, not on seconds.
    emu.post("/_emu/faults", [rule("latency", "ec2", "DescribeVpcs", ms=3000)])
    out = {}
    fast_client, slow_client = emu.client("ec2"), emu.client("ec2")
    t = threading.Thread(target=lambda: out.setdefault("v", slow_client.describe_vpcs()))
    t.start()
    time.sleep(0.2)
    fast_client.describe_subnets()
    assert t.is_alive(), "the fast call waited for the slow one"
    t.join()
    assert out["v"]["Vpcs"]


def test_reset_and_truncate(emu):
    for kind in ("reset", "truncate"):
        emu.post("/_emu/reset")
        emu.post("/_emu/faults", [rule(kind, "ec2", "DescribeVpcs", count=1)])
        with pytest.raises(Exception) as ei:
            emu.client("ec2", retries=1).describe_vpcs()
        assert not isinstance(ei.value, ClientError)
        if kind == "reset":  # a dropped connection is still in the call log
            assert [c["error_code"] for c in emu.calls()] == ["ConnectionReset"]
        r = emu.client("ec2", retries=3).describe_vpcs()       # recovers afterwards
        assert r["Vpcs"]


def test_drop_element(emu):
    emu.post("/_emu/faults", [rule("drop_element", "ec2", "DescribeVpcs", count=1, element="vpcId")])
    vpcs = emu.client("ec2").describe_vpcs()["Vpcs"]
    assert vpcs and all("VpcId" not in v and v["CidrBlock"] for v in vpcs)
    assert all("VpcId" in v for v in emu.client("ec2").describe_vpcs()["Vpcs"])  # count=1
    with pytest.raises(urllib.error.HTTPError):  # a rule without a plain element name
        emu.post("/_emu/faults", [rule("drop_element", element="a>b")])


def test_repeat_token(emu):
    emu.post("/_emu/faults", [rule("repeat_token", "ec2", "DescribeNetworkInterfaces", count=1)])
    pages = emu.client("ec2").get_paginator("describe_network_interfaces").paginate(
        PaginationConfig={"PageSize": 5})
    with pytest.raises(PaginationError):
        for _ in pages:
            pass
    calls = emu.calls(action="DescribeNetworkInterfaces")
    # page 2 answered with the token it was sent; botocore stops before a 3rd call
    assert len(calls) == 2 and calls[1]["faults"] == ["repeat_token"]


def test_access_denied_by_region(emu):
    emu.post("/_emu/faults", [rule("access_denied", region="eu-west-1")])
    assert emu.client("ec2", "us-east-1").describe_vpcs()["Vpcs"]
    with pytest.raises(ClientError) as ei:
        emu.client("ec2", "eu-west-1").describe_vpcs()
    assert ei.value.response["Error"]["Code"] == "UnauthorizedOperation"
    with pytest.raises(ClientError) as ei:
        emu.client("rds", "eu-west-1").describe_db_instances()
    assert ei.value.response["Error"]["Code"] == "AccessDenied"


def test_clock_skew_and_expired_token(emu):
    emu.post("/_emu/faults", [rule("clock_skew", "sts", seconds=3600, count=1),
                              rule("expired_token", "rds", count=1)])
    with pytest.raises(ClientError) as ei:
        emu.client("sts").get_caller_identity()
    assert ei.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert "Signature expired" in ei.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as ei:
        emu.client("rds").describe_db_instances()
    assert ei.value.response["Error"]["Code"] == "ExpiredToken"


def test_probability_is_seeded(emu):
    def run():
        emu.post("/_emu/reset")
        emu.post("/_emu/faults", [rule("throttle", "sts", probability=0.5, seed=42)])
        c = emu.client("sts", retries=1)
        out = []
        for _ in range(30):
            try:
                c.get_caller_identity()
                out.append(0)
            except ClientError:
                out.append(1)
        return out
    a, b = run(), run()
    assert a == b and 5 < sum(a) < 25


def test_token_bucket(emu):
    emu.post("/_emu/config", {"ec2_token_bucket": True, "ec2_bucket_capacity": 5, "ec2_bucket_refill": 2})
    c = emu.client("ec2", retries=1)
    for _ in range(5):
        c.describe_vpcs()
    with pytest.raises(ClientError) as ei:
        c.describe_vpcs()
    assert ei.value.response["Error"]["Code"] == "RequestLimitExceeded"
    c.describe_subnets()                       # separate bucket per action
    time.sleep(0.6)
    c.describe_vpcs()                          # refilled
    emu.post("/_emu/config", {"ec2_token_bucket": False, "ec2_bucket_capacity": 100,
                              "ec2_bucket_refill": 20})


def test_call_log(emu):
    c = emu.client("ec2", "eu-west-1")
    list(c.get_paginator("describe_security_groups").paginate(PaginationConfig={"PageSize": 5}))
    emu.client("s3").list_buckets()
    calls = emu.get("/_emu/calls")
    assert {"seq", "service", "action", "region", "access_key", "params", "status",
            "error_code"} <= set(calls[0])
    assert [(x["service"], x["action"], x["region"]) for x in calls] == [
        ("ec2", "DescribeSecurityGroups", "eu-west-1"), ("s3", "ListBuckets", "us-east-1")]
    assert calls[0]["access_key"] == "AKIAEMUFULL000000001" and calls[0]["params"] == {"MaxResults": "5"}
    assert all(x["action"].startswith(("Describe", "List", "Get")) for x in calls)
    assert emu.get(f"/_emu/calls?since={calls[0]['seq']}") == calls[1:]
    _ = A1
