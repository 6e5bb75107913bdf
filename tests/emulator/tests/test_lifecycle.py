"""Start-up options and clean shutdown."""
import json
import os
import signal
import subprocess

from conftest import EMU_DIR, Emu


def test_sigterm_and_options(tmp_path):
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps([{"kind": "throttle", "match": {"service": "sts"}, "count": 1}]))
    log = tmp_path / "calls.jsonl"
    e = Emu("demo", "--seed", "3", "--faults", str(faults), "--log", str(log))
    try:
        assert e.get("/_emu/faults")[0]["remaining"] == 1
        c = e.client("sts", creds=("AKIAEMUDEMO000000001", "demoSecretKey/0000000000000000000000001"),
                     retries=2)
        assert c.get_caller_identity()["Account"] == "111111111111"
        lines = [json.loads(x) for x in log.read_text().splitlines()]
        assert [x["error_code"] for x in lines] == ["Throttling", None]
        e.proc.send_signal(signal.SIGTERM)
        assert e.proc.wait(10) == 0
    finally:
        e.stop()


def test_bad_scenario_exits_nonzero():
    r = subprocess.run(["/usr/bin/python3", os.path.join(EMU_DIR, "awsemu.py"), "--scenario",
                        "/nonexistent.json"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and r.stdout == "" and "cannot load scenario" in r.stderr
