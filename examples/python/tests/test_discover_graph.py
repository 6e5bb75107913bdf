"""discover() on the emulator, and the Graph it returns."""
import pytest

import awsmap
from conftest import A1, NO_EC2

REGIONS = ["us-east-1", "eu-west-1"]


@pytest.fixture
def graph(client):
    with awsmap.discover(client, regions=REGIONS) as g:
        yield g


def test_discover_builds_a_graph(graph):
    assert not graph.partial and graph.errors == []
    assert graph.accounts == [A1]
    types = graph.types()
    assert types["ec2:instance"] == 7 and types["ec2:vpc"] >= 2 and types["s3:bucket"] == 4
    assert len(graph) == sum(types.values()) > 50
    assert len(graph.edges) > 100
    arns = [n.arn for n in graph]
    assert arns == sorted(arns)  # nodes in ARN order


def test_lookup_by_arn_and_node_attributes(graph):
    inst = graph.nodes_of_type("ec2:instance")[0]
    same = graph[inst.arn]
    assert same == inst and hash(same) == hash(inst)
    assert inst.arn in graph and graph.get(inst.arn) == inst
    assert inst.type == "ec2:instance" and inst.id.startswith("i-")
    assert inst.account == A1 and inst.region in REGIONS
    assert inst.availability_zone.startswith(inst.region)
    assert inst.properties["instance_type"] == inst.property("instance_type")
    assert inst.name == inst.tags.get("Name", inst.id)
    assert not inst.external
    with pytest.raises(KeyError):
        graph["arn:aws:ec2:us-east-1:111111111111:instance/i-doesnotexist"]
    assert graph.get("arn:nope") is None and "arn:nope" not in graph


def test_neighbours_by_kind_and_direction(graph):
    inst = graph.nodes_of_type("ec2:instance")[0]
    [parent] = inst.neighbours("in", kind="contains")
    assert parent.type == "ec2:subnet"
    assert inst in parent.neighbours("out", kind="contains")
    volumes = inst.neighbours("out", kind="attached")
    assert volumes and all(v.type == "ec2:volume" for v in volumes)
    for e in inst.edges("out"):
        assert e.source == inst
    for e in inst.edges("in"):
        assert e.target == inst
    assert len(inst.edges("both")) == len(inst.edges("out")) + len(inst.edges("in"))
    groups = inst.neighbours("out", kind="secured-by")
    assert groups and all(g.type == "ec2:security-group" for g in groups)
    with pytest.raises(ValueError):
        inst.edges("sideways")


def test_edges_have_kinds_and_attributes(graph):
    kinds = {e.kind for e in graph.edges}
    assert {"contains", "attached", "secured-by", "routes-to", "target"} <= kinds
    targets = [e for e in graph.edges if e.kind == "target" and e.attribute("health")]
    assert targets and targets[0].attributes["health"] == targets[0].attribute("health")


def test_json_round_trip_and_dot(graph):
    text = graph.to_json()
    assert text.startswith("{") and '"format":"awsmap-graph"' in text
    with awsmap.Graph.load_json(text) as again:
        assert len(again) == len(graph) and len(again.edges) == len(graph.edges)
        assert again.to_json() == text
        inst = graph.nodes_of_type("ec2:instance")[0]
        assert again[inst.arn].properties == inst.properties
    assert graph.to_dot().lstrip().startswith("digraph")


def test_load_json_rejects_garbage():
    with pytest.raises(awsmap.ParseError):
        awsmap.Graph.load_json('{"format":"something-else","version":1}')


def test_progress_is_reported(client):
    seen = []
    with awsmap.discover(client, regions=["us-east-1"], services="ec2,s3",
                         progress=seen.append) as g:
        assert "rds:db-instance" not in g.types()
    assert seen and all(isinstance(p, awsmap.Progress) for p in seen)
    done = [p.requests_done for p in seen]
    assert done == sorted(done) and done[-1] >= len(seen)
    assert seen[-1].resources > 0


def test_progress_returning_true_cancels(client):
    with pytest.raises(awsmap.CancelledError):
        awsmap.discover(client, regions=REGIONS, progress=lambda p: p.requests_done >= 2)


def test_progress_exception_cancels_and_is_reraised(client):
    def explode(p):
        raise KeyError("from progress")

    with pytest.raises(KeyError, match="from progress"):
        awsmap.discover(client, regions=REGIONS, progress=explode)


def test_partial_discovery_returns_graph_and_errors(clean_emu):
    with awsmap.StaticProvider(*NO_EC2) as p, \
            awsmap.Client(p, region="us-east-1", endpoint_url=clean_emu.url, max_attempts=1,
                          s3_force_path_style=True) as c, \
            awsmap.discover(c, regions=["us-east-1"]) as g:
        assert g.partial
        errs = g.errors
        assert errs and all(isinstance(e, awsmap.AccessDeniedError) for e in errs)
        assert {e.service for e in errs} == {"ec2"}
        assert all(e.operation and e.operation.startswith("ec2") for e in errs)
        assert all(e.region == "us-east-1" for e in errs)
        assert {e.account for e in errs} == {A1}
        assert g.nodes_of_type("s3:bucket")  # the rest was read
        assert '"errors":[' in g.to_json()


def test_partial_failures_name_account_and_service(clean_emu):
    with awsmap.StaticProvider(*NO_EC2) as p, \
            awsmap.Client(p, region="us-east-1", endpoint_url=clean_emu.url, max_attempts=1,
                          s3_force_path_style=True) as c, \
            awsmap.discover(c, regions=["us-east-1"]) as g:
        errs = g.errors
        assert errs
        assert [e.account for e in errs] == [A1] * len(errs)
        assert {e.service for e in errs} == {"ec2"}


def test_bad_service_list():
    with pytest.raises(awsmap.InvalidArgError, match="lambda"):
        awsmap.parse_services("ec2,lambda")
    assert awsmap.parse_services(["ec2", "s3"]) == awsmap.parse_services("ec2,s3")


def test_build_a_graph_by_hand(client):
    with awsmap.Graph() as g:
        g.add_from_call(client, "ec2:DescribeVpcs", A1, "us-east-1")
        g.add_from_call(client, "ec2:DescribeSubnets", A1, "us-east-1")
        g.resolve()
        [vpc] = g.nodes_of_type("ec2:vpc")
        subnets = vpc.neighbours("out", kind="contains")
        assert len(subnets) == 4 and all(s.type == "ec2:subnet" for s in subnets)
