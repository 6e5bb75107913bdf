"""Client.call: records, tiny pages, parameters, callbacks that stop or raise, cancel."""
import threading
import time

import pytest

import awsmap
from conftest import A1, USER1


def test_operations_list():
    ops = awsmap.operations()
    assert "ec2:DescribeInstances" in ops and "sts:GetCallerIdentity" in ops
    assert len(ops) == len(set(ops))


def test_caller_identity(client):
    [rec] = client.call("sts:GetCallerIdentity")
    assert isinstance(rec, awsmap.Record) and isinstance(rec, dict)
    assert rec.type == "sts:caller-identity"
    assert rec["Account"] == A1
    assert rec["Arn"].endswith(":user/mapper")


def test_tiny_pages_are_followed_to_the_end(clean_emu, user1):
    # page_size 1 is clamped to each API's range: EC2 MaxResults 5, ELBv2 PageSize 1.
    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url, page_size=1) as c:
        enis = c.call("ec2:DescribeNetworkInterfaces")
        [lb] = c.call("elbv2:DescribeLoadBalancers", region="eu-west-1")
        listeners = c.call("elbv2:DescribeListeners", region="eu-west-1",
                           LoadBalancerArn=lb["LoadBalancerArn"])
    assert len(enis) == 7 and len({r["NetworkInterfaceId"] for r in enis}) == 7
    pages = clean_emu.calls(service="ec2", action="DescribeNetworkInterfaces")
    assert [p["params"].get("MaxResults") for p in pages] == ["5", "5"]
    assert len(listeners) == 2 and all(r.type == "elbv2:listener" for r in listeners)
    assert all(r["LoadBalancerArn"] == lb["LoadBalancerArn"] for r in listeners)
    pages = clean_emu.calls(service="elbv2", action="DescribeListeners")
    assert len(pages) == 2 and all(p["params"].get("PageSize") == "1" for p in pages)


def test_s3_one_bucket_per_page(clean_emu, user1):
    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url, page_size=1,
                       s3_force_path_style=True) as c:
        buckets = c.call("s3:ListBuckets")
    assert sorted(b["Name"] for b in buckets) == \
        ["prod-archive-euw1", "prod-assets-use1", "prod-data-use1", "prod-logs-euw1"]
    assert len(clean_emu.calls(service="s3", action="ListBuckets")) == 4


def test_repeated_fields_and_list_parameters(client):
    instances = client.call("ec2:DescribeInstances")
    ids = [r["InstanceId"] for r in instances]
    assert len(ids) == 4
    with_groups = [r for r in instances if r.getall("SecurityGroups.GroupId")]
    assert with_groups
    r = with_groups[0]
    assert r["SecurityGroups.GroupId"] == r.getall("SecurityGroups.GroupId")[0]
    assert [n for n, _ in r.fields].count("SecurityGroups.GroupId") == \
        len(r.getall("SecurityGroups.GroupId"))
    picked = client.call("ec2:DescribeInstances", InstanceId=ids[:2])
    assert sorted(x["InstanceId"] for x in picked) == sorted(ids[:2])
    one = client.call("ec2:DescribeInstances", params={"InstanceId.1": ids[3]})
    assert [x["InstanceId"] for x in one] == [ids[3]]


def test_call_each_streams_and_stop_iteration_stops_quietly(clean_emu, user1):
    seen = []

    def first_two(rec):
        seen.append(rec["NetworkInterfaceId"])
        if len(seen) == 2:
            raise StopIteration

    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url, page_size=5) as c:
        assert c.call_each("ec2:DescribeNetworkInterfaces", first_two) == 2
    assert len(seen) == 2
    assert len(clean_emu.calls(service="ec2", action="DescribeNetworkInterfaces")) == 1


def test_callback_exception_is_reraised_not_swallowed(client):
    class Boom(Exception):
        pass

    def explode(rec):
        raise Boom(rec.type)

    with pytest.raises(Boom, match="ec2:vpc"):
        client.call_each("ec2:DescribeVpcs", explode)
    # The client is still usable afterwards.
    assert client.call("ec2:DescribeVpcs")


def test_access_denied_from_a_service(clean_emu):
    from conftest import NO_EC2
    with awsmap.StaticProvider(*NO_EC2) as p, \
            awsmap.Client(p, region="us-east-1", endpoint_url=clean_emu.url, max_attempts=1) as c:
        with pytest.raises(awsmap.AccessDeniedError) as ei:
            c.call("ec2:DescribeVpcs")
    assert ei.value.aws_code == "UnauthorizedOperation"
    assert ei.value.operation.startswith("ec2")


def test_cancel_from_another_thread(clean_emu, user1):
    clean_emu.post("/_emu/config", {"latency_ms": 400})
    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url, page_size=5) as c:
        timer = threading.Timer(0.2, c.cancel)  # the GIL is released during the C call
        timer.start()
        start = time.monotonic()
        with pytest.raises(awsmap.CancelledError):
            c.call("ec2:DescribeNetworkInterfaces")
        timer.join()
        assert time.monotonic() - start < 5
        clean_emu.post("/_emu/config", {"latency_ms": 0})
        assert len(c.call("ec2:DescribeVpcs")) == 1  # cancellation ended with the call


def test_network_error_names_the_endpoint(user1):
    with awsmap.Client(user1, region="us-east-1", endpoint_url="http://127.0.0.1:9",
                       max_attempts=1, connect_timeout_ms=1000) as c:
        with pytest.raises(awsmap.NetworkError) as ei:
            c.call("sts:GetCallerIdentity")
    assert isinstance(ei.value, ConnectionError)
    assert USER1[1] not in str(ei.value)


def test_set_endpoint_rejects_unknown_service(client):
    with pytest.raises(awsmap.InvalidArgError):
        client.set_endpoint("lambda", "http://127.0.0.1:1")
