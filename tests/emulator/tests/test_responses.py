"""Every emulated call, parsed by botocore's own parsers against the Debian
service models, must equal the scenario exactly."""
import botocore.parsers
import botocore.session
import pytest

from conftest import A1, A2, USER2, norm, region_data

MODELS = botocore.session.get_session()

EC2_OPS = [
    ("describe_vpcs", "Vpcs"), ("describe_subnets", "Subnets"),
    ("describe_internet_gateways", "InternetGateways"), ("describe_nat_gateways", "NatGateways"),
    ("describe_route_tables", "RouteTables"), ("describe_security_groups", "SecurityGroups"),
    ("describe_volumes", "Volumes"), ("describe_network_interfaces", "NetworkInterfaces"),
    ("describe_vpc_peering_connections", "VpcPeeringConnections"),
    ("describe_vpc_endpoints", "VpcEndpoints"),
]


def raw_reparse(client, method, **kw):
    """Call, capture the raw HTTP body, and parse it again explicitly with
    botocore.parsers.create_parser(protocol) against the model's output shape."""
    captured = {}

    def grab(http_response, parsed, model, **_):
        captured["resp"] = http_response
        captured["model"] = model

    ev = f"after-call.{client.meta.service_model.service_name}"
    client.meta.events.register(ev, grab)
    try:
        via_client = getattr(client, method)(**kw)
    finally:
        client.meta.events.unregister(ev, grab)
    model = captured["model"]
    sm = MODELS.get_service_model(client.meta.service_model.service_name)
    assert sm.protocol == client.meta.service_model.protocol
    parser = botocore.parsers.create_parser(sm.protocol)
    r = captured["resp"]
    parsed = parser.parse({"body": r.content, "headers": r.headers, "status_code": r.status_code},
                          model.output_shape)
    assert r.status_code == 200
    via_client.pop("ResponseMetadata", None)
    parsed.pop("ResponseMetadata", None)
    return parsed, r


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
@pytest.mark.parametrize("method,key", EC2_OPS)
def test_ec2_collections(emu, scenario, region, method, key):
    parsed, r = raw_reparse(emu.client("ec2", region), method)
    assert b'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"' in r.content
    assert norm(parsed[key]) == norm(region_data(scenario, A1, region, "ec2").get(key, []))


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_ec2_instances_and_status(emu, scenario, region):
    parsed, _ = raw_reparse(emu.client("ec2", region), "describe_instances")
    got = [i for r in parsed["Reservations"] for i in r["Instances"]]
    want = region_data(scenario, A1, region, "ec2")["Instances"]
    assert norm(got) == norm(want)
    assert all(r["OwnerId"] == A1 for r in parsed["Reservations"])
    st, _ = raw_reparse(emu.client("ec2", region), "describe_instance_status")
    running = [i["InstanceId"] for i in want if i["State"]["Name"] == "running"]
    assert [s["InstanceId"] for s in st["InstanceStatuses"]] == running
    st_all, _ = raw_reparse(emu.client("ec2", region), "describe_instance_status",
                            IncludeAllInstances=True)
    assert len(st_all["InstanceStatuses"]) == len(want)


def test_ec2_regions_and_azs(emu, scenario):
    parsed, _ = raw_reparse(emu.client("ec2"), "describe_regions")
    assert [r["RegionName"] for r in parsed["Regions"]] == scenario["regions"]
    parsed, _ = raw_reparse(emu.client("ec2"), "describe_regions", AllRegions=True)
    assert "ap-east-1" in [r["RegionName"] for r in parsed["Regions"]]
    parsed, _ = raw_reparse(emu.client("ec2", "eu-west-1"), "describe_availability_zones")
    assert [z["ZoneName"] for z in parsed["AvailabilityZones"]] == ["eu-west-1a", "eu-west-1b"]


def test_ec2_ids_and_filters(emu, scenario):
    ec2 = emu.client("ec2")
    vpcs = region_data(scenario, A1, "us-east-1", "ec2")["Vpcs"]
    subs = region_data(scenario, A1, "us-east-1", "ec2")["Subnets"]
    got = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpcs[0]["VpcId"]]},
                                        {"Name": "tag:tier", "Values": ["public"]}])["Subnets"]
    assert norm(got) == norm([s for s in subs if s["MapPublicIpOnLaunch"]])
    got = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["stopped"]}])
    assert len([i for r in got["Reservations"] for i in r["Instances"]]) == 1
    with pytest.raises(ec2.exceptions.ClientError) as ei:
        ec2.describe_vpcs(VpcIds=["vpc-0000000000000dead"])
    assert ei.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"
    with pytest.raises(ec2.exceptions.ClientError) as ei:
        ec2.describe_vpcs(Filters=[{"Name": "no-such-filter", "Values": ["x"]}])
    assert ei.value.response["Error"]["Code"] == "InvalidParameterValue"


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
@pytest.mark.parametrize("method,key", [("describe_db_instances", "DBInstances"),
                                        ("describe_db_clusters", "DBClusters"),
                                        ("describe_db_subnet_groups", "DBSubnetGroups")])
def test_rds(emu, scenario, region, method, key):
    parsed, r = raw_reparse(emu.client("rds", region), method)
    assert b'xmlns="http://rds.amazonaws.com/doc/2014-10-31/"' in r.content
    assert norm(parsed[key]) == norm(region_data(scenario, A1, region, "rds").get(key, []))


def test_rds_not_found(emu):
    rds = emu.client("rds")
    with pytest.raises(rds.exceptions.DBInstanceNotFoundFault):
        rds.describe_db_instances(DBInstanceIdentifier="nope")


def test_elb_classic(emu, scenario):
    data = region_data(scenario, A1, "us-east-1", "elb")
    elb = emu.client("elb")
    parsed, _ = raw_reparse(elb, "describe_load_balancers")
    assert norm(parsed["LoadBalancerDescriptions"]) == norm(data["LoadBalancerDescriptions"])
    for name, states in data["InstanceHealth"].items():
        parsed, _ = raw_reparse(elb, "describe_instance_health", LoadBalancerName=name)
        assert parsed["InstanceStates"] == states
        one = elb.describe_instance_health(LoadBalancerName=name,
                                           Instances=[{"InstanceId": states[1]["InstanceId"]}])
        assert one["InstanceStates"] == [states[1]]
    with pytest.raises(elb.exceptions.AccessPointNotFoundException):
        elb.describe_load_balancers(LoadBalancerNames=["missing"])


@pytest.mark.parametrize("account,creds", [(A1, None), (A2, USER2)])
def test_elbv2(emu, scenario, account, creds):
    data = region_data(scenario, account, "us-east-1", "elbv2")
    v2 = emu.client("elbv2", creds=creds) if creds else emu.client("elbv2")
    parsed, r = raw_reparse(v2, "describe_load_balancers")
    assert b"elasticloadbalancing.amazonaws.com/doc/2015-12-01/" in r.content
    assert norm(parsed["LoadBalancers"]) == norm(data["LoadBalancers"])
    listeners = []
    for lb in data["LoadBalancers"]:
        parsed, _ = raw_reparse(v2, "describe_listeners", LoadBalancerArn=lb["LoadBalancerArn"])
        listeners += parsed["Listeners"]
    assert norm(listeners) == norm(data["Listeners"])
    parsed, _ = raw_reparse(v2, "describe_target_groups")
    assert norm(parsed["TargetGroups"]) == norm(data["TargetGroups"])
    for arn, descs in data["TargetHealth"].items():
        parsed, _ = raw_reparse(v2, "describe_target_health", TargetGroupArn=arn)
        assert parsed["TargetHealthDescriptions"] == descs


def test_s3(emu, scenario):
    s3 = emu.client("s3")
    parsed, r = raw_reparse(s3, "list_buckets")
    assert b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' in r.content
    want = sorted(next(a for a in scenario["accounts"] if a["id"] == A1)["buckets"],
                  key=lambda b: b["Name"])
    assert [b["Name"] for b in parsed["Buckets"]] == [b["Name"] for b in want]
    assert norm([{k: v for k, v in b.items() if k in ("Name", "CreationDate")} for b in parsed["Buckets"]]) \
        == norm([{k: v for k, v in b.items() if k in ("Name", "CreationDate")} for b in want])
    for b in want:
        loc = s3.get_bucket_location(Bucket=b["Name"])["LocationConstraint"]
        assert (loc or "us-east-1") == b["BucketRegion"]
    with pytest.raises(s3.exceptions.ClientError) as ei:
        s3.get_bucket_location(Bucket="no-such-bucket-anywhere")
    assert ei.value.response["Error"]["Code"] == "NoSuchBucket"


def test_sts_identity(emu):
    parsed, r = raw_reparse(emu.client("sts"), "get_caller_identity")
    assert b'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"' in r.content
    assert parsed["Account"] == A1
    assert parsed["Arn"] == f"arn:aws:iam::{A1}:user/mapper"
