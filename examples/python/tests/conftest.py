"""Fixtures for the binding's tests: the package on sys.path, a clean AWS
environment, and one emulator ("full" scenario) for the whole session.

AWSMAP_LIBRARY names the library under test (CTest sets it to the build's);
AWSMAP_REPO the source tree (else it is found relative to this file).
"""
import json
import os
import pathlib
import re
import select
import subprocess
import sys
import time
import urllib.request

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = pathlib.Path(os.environ.get("AWSMAP_REPO") or HERE.parents[2])
sys.path.insert(0, str(HERE.parent))  # examples/python: the `awsmap` package

# Nothing from the developer's own AWS setup may leak into the tests, and the
# IMDS link of the default chain must not wait for 169.254.169.254.
for _k in [k for k in os.environ if k.startswith("AWS_")]:
    del os.environ[_k]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

A1, A2 = "111111111111", "222222222222"
USER1 = ("AKIAEMUFULL000000001", "fullSecretKey/000000000000000000000000001")
NO_EC2 = ("AKIAEMUFULL000000002", "fullSecretKey/000000000000000000000000002")
AUDIT_ROLE = f"arn:aws:iam::{A2}:role/AuditRole"
AUDIT_EXTERNAL_ID = "ext-7f3a9c"


class Emulator:
    """tests/emulator/awsemu.py on a free port, stopped at the end of the session."""

    def __init__(self, scenario="full"):
        script = REPO / "tests" / "emulator" / "awsemu.py"
        self.proc = subprocess.Popen(["/usr/bin/python3", str(script), "--scenario", scenario,
                                      "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.proc.poll() is None:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                break
        m = re.fullmatch(r"AWSEMU_PORT=(\d+)", line.strip())
        if not m:
            self.proc.kill()
            raise RuntimeError(f"emulator did not start: {line!r} {self.proc.stderr.read()}")
        self.url = f"http://127.0.0.1:{m.group(1)}"

    def post(self, path, obj=None):
        data = json.dumps(obj).encode() if obj is not None else b""
        req = urllib.request.Request(self.url + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"null")

    def calls(self, **match):
        with urllib.request.urlopen(self.url + "/_emu/calls", timeout=10) as r:
            return [c for c in json.loads(r.read()) if all(c.get(k) == v for k, v in match.items())]

    def stop(self):
        try:
            self.post("/_emu/shutdown")
            self.proc.wait(10)
        except Exception:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="session")
def emu():
    e = Emulator()
    yield e
    e.stop()


@pytest.fixture
def clean_emu(emu):
    """The emulator with no faults, an empty call log and default settings."""
    emu.post("/_emu/reset")
    emu.post("/_emu/config", {"latency_ms": 0, "ec2_token_bucket": False})
    yield emu
    emu.post("/_emu/reset")
    emu.post("/_emu/config", {"latency_ms": 0})


@pytest.fixture
def user1():
    import awsmap
    with awsmap.StaticProvider(*USER1) as p:
        yield p


@pytest.fixture
def client(clean_emu, user1):
    import awsmap
    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url,
                       s3_force_path_style=True, max_attempts=1) as c:
        yield c


@pytest.fixture(scope="session")
def shared_testdata():
    root = os.environ.get("AWSMAP_SHARED_TESTDATA")
    path = pathlib.Path(root) if root else REPO.parent / "shared" / "testdata"
    if not path.is_dir():
        pytest.skip(f"shared test vectors not found at {path} (set AWSMAP_SHARED_TESTDATA)")
    return path
