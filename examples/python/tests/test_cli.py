"""awsmap-discover, the C example CLI, against the same emulator: output
files are checked before discovering and written whole, --format is honoured,
and --profile brings its region. AWSMAP_CLI names the binary (CTest sets it)."""
import json
import os
import pathlib
import subprocess

import pytest

from conftest import USER1

CLI = os.environ.get("AWSMAP_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="AWSMAP_CLI is not set")


def run(emu, *args, env=None):
    e = dict(os.environ, AWS_ACCESS_KEY_ID=USER1[0], AWS_SECRET_ACCESS_KEY=USER1[1],
             AWS_REGION="us-east-1")
    e.update(env or {})
    return subprocess.run([CLI, "--endpoint-url", emu.url, "-q", *args], env=e,
                          capture_output=True, text=True, timeout=120)


def test_an_unwritable_output_is_refused_before_discovering(clean_emu, tmp_path):
    r = run(clean_emu, "--json", str(tmp_path / "no" / "such" / "dir.json"))
    assert r.returncode == 2 and "cannot write" in r.stderr
    assert clean_emu.calls() == []  # not one request was made


def test_files_are_written_whole_and_format_is_honoured(clean_emu, tmp_path):
    out = tmp_path / "g.json"
    out.write_text("old")
    r = run(clean_emu, "--json", str(out), "--format", "dot")
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["format"] == "awsmap-graph"
    assert not (tmp_path / "g.json.tmp").exists()
    assert r.stdout.startswith("digraph")  # an explicit --format still reaches stdout


def test_profile_brings_its_region(clean_emu, tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile eu]\nregion = eu-west-1\n")
    creds = tmp_path / "credentials"
    creds.write_text(f"[eu]\naws_access_key_id = {USER1[0]}\n"
                     f"aws_secret_access_key = {USER1[1]}\n")
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(creds),
           "AWS_REGION": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    r = run(clean_emu, "--profile", "eu", "--services", "ec2", env=env)
    assert r.returncode in (0, 3), r.stderr
    regions = {c["region"] for c in clean_emu.calls() if c["service"] == "ec2"}
    assert regions == {"eu-west-1"}


def test_all_regions_are_listed_from_the_region_given(clean_emu):
    r = run(clean_emu, "--all-regions", "--region", "eu-west-1", "--services", "ec2")
    assert r.returncode in (0, 3), r.stderr
    listing = [c["region"] for c in clean_emu.calls(action="DescribeRegions")]
    assert listing == ["eu-west-1"]


@pytest.mark.parametrize("args,say", [
    (["--region", ""], "is not a region name"),
    (["--region", "bad region"], "'bad region' is not a region name"),
    (["--profile", ""], "--profile is empty"),
    (["--region", "eu-west-1", "--region", "us-east-1", "--all-regions"], "one --region at most"),
])
def test_bad_arguments_are_usage_errors(clean_emu, args, say):
    r = run(clean_emu, *args)
    assert r.returncode == 2 and say in r.stderr, r.stderr
    assert clean_emu.calls() == []
