"""Fixtures: a session-wide emulator on the `full` scenario, plus helpers."""
import datetime
import json
import os
import re
import select
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
EMU_DIR = os.path.dirname(HERE)
sys.path.insert(0, EMU_DIR)

A1, A2 = "111111111111", "222222222222"
USER1 = ("AKIAEMUFULL000000001", "fullSecretKey/000000000000000000000000001")
NO_EC2 = ("AKIAEMUFULL000000002", "fullSecretKey/000000000000000000000000002")
USER2 = ("AKIAEMUFULL000000003", "fullSecretKey/000000000000000000000000003")


class Emu:
    def __init__(self, scenario="full", *args):
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(EMU_DIR, "awsemu.py"), "--scenario", scenario, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if r:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.match(r"AWSEMU_PORT=(\d+)$", line.strip())
        if not m:
            self.proc.kill()
            raise RuntimeError("emulator did not start: " + line + self.proc.stderr.read())
        self.port = int(m.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    # control API
    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return json.loads(r.read())

    def post(self, path, obj=None):
        req = urllib.request.Request(self.url + path, data=json.dumps(obj).encode() if obj is not None else b"",
                                     method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def calls(self, **match):
        return [c for c in self.get("/_emu/calls") if all(c.get(k) == v for k, v in match.items())]

    def client(self, service, region="us-east-1", creds=USER1, token=None, retries=1, **cfg):
        config = Config(s3={"addressing_style": "path"},
                        retries={"total_max_attempts": retries, "mode": "standard"}, **cfg)
        return boto3.client(service, endpoint_url=self.url, region_name=region,
                            aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
                            aws_session_token=token, config=config)

    def stop(self):
        try:
            self.post("/_emu/shutdown")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(5)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="session")
def emu():
    e = Emu("full")
    yield e
    e.stop()


@pytest.fixture(autouse=True)
def _clean(request):
    # Every test starts with no faults, an empty call log and default config.
    if "emu" in request.fixturenames:
        e = request.getfixturevalue("emu")
        e.post("/_emu/reset")
        e.post("/_emu/config", {"ec2_token_bucket": False, "latency_ms": 0,
                                "credential_duration_seconds": None})
    yield


@pytest.fixture(scope="session")
def scenario():
    from emu import scenario as s
    return s.load(os.path.join(EMU_DIR, "scenarios", "full.json"))


_TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def norm(x):
    """Comparable form: drop private keys, unify timestamps."""
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items() if not k.startswith("_")}
    if isinstance(x, list):
        return [norm(v) for v in x]
    if isinstance(x, datetime.datetime):
        return x.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(x, str) and _TS.match(x):
        return x[:19]
    return x


def region_data(scn, account, region, service):
    acct = next(a for a in scn["accounts"] if a["id"] == account)
    return acct["regions"].get(region, {}).get(service, {})
