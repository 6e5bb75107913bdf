"""Handle ownership: context managers, close(), use after close, garbage collection."""
import gc
import subprocess
import sys

import pytest

import awsmap
from conftest import HERE, USER1


def test_with_closes_and_use_after_close_raises(clean_emu):
    with awsmap.StaticProvider(*USER1) as p:
        with awsmap.Client(p, endpoint_url=clean_emu.url, region="us-east-1") as c:
            pass
    assert p.closed and c.closed
    with pytest.raises(ValueError, match="closed"):
        c.call("sts:GetCallerIdentity")
    with pytest.raises(ValueError, match="closed"):
        p.get()
    c.cancel()  # harmless on a closed client
    c.close()


def test_client_keeps_its_provider_alive(clean_emu):
    p = awsmap.StaticProvider(*USER1)
    c = awsmap.Client(p, endpoint_url=clean_emu.url, region="us-east-1")
    p.close()
    del p
    gc.collect()
    assert c.call("sts:GetCallerIdentity")[0]["Account"] == "111111111111"
    c.close()


def test_nodes_of_a_closed_graph_refuse_to_read(client):
    g = awsmap.discover(client, regions=["us-east-1"], services="s3")
    node = next(iter(g))
    edge = g.edges[0]
    g.close()
    with pytest.raises(ValueError):
        node.arn
    with pytest.raises(ValueError):
        edge.kind
    with pytest.raises(ValueError):
        len(g)
    assert "closed" in repr(node) and "closed" in repr(g)


def test_garbage_collection_frees_handles(client):
    # Many objects dropped without close(): __del__ releases them (ASan/LSan
    # builds would flag a double free; this must simply not crash).
    for _ in range(50):
        g = awsmap.discover(client, regions=["us-east-1"], services="s3")
        nodes = list(g)
        del g
        assert nodes[0].graph is not None  # the nodes keep the graph object alive
        del nodes
    gc.collect()


def test_demo_cli(clean_emu, tmp_path):
    out = tmp_path / "graph.json"
    dot = tmp_path / "graph.dot"
    env = {"AWS_ACCESS_KEY_ID": USER1[0], "AWS_SECRET_ACCESS_KEY": USER1[1],
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null",
           "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    import os
    env.update({k: v for k, v in os.environ.items() if k in ("AWSMAP_LIBRARY", "LD_PRELOAD",
                                                               "ASAN_OPTIONS", "UBSAN_OPTIONS", "PYTHONDONTWRITEBYTECODE",
                                                               "PATH")})
    proc = subprocess.run([sys.executable, str(HERE.parent / "discover_demo.py"),
                           "--endpoint-url", clean_emu.url, "--region", "us-east-1",
                           "--region", "eu-west-1", "--json", str(out), "--dot", str(dot)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "resources" in proc.stderr
    with awsmap.Graph.load_json(out.read_text()) as g:
        assert g.types()["ec2:instance"] == 7
    assert dot.read_text().lstrip().startswith("digraph")
