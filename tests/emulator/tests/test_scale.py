"""The generator is fast and a large account is served to many clients at once."""
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import EMU_DIR, Emu


def test_generate_20000_fast():
    from emu import scenario
    scn = scenario.load(os.path.join(EMU_DIR, "scenarios", "demo.json"))
    t0 = time.monotonic()
    n = scenario.generate(scn, 20000)
    assert n >= 20000 and time.monotonic() - t0 < 5


@pytest.fixture(scope="module")
def large():
    t0 = time.monotonic()
    e = Emu("demo", "--scale", "20000")
    startup = time.monotonic() - t0
    yield e, startup
    e.stop()


def test_large_account_concurrently(large):
    e, startup = large
    assert startup < 15
    total = {}

    # boto3 client creation is not thread-safe; clients themselves are.
    clients = [e.client("ec2", ("us-east-1", "eu-west-1")[i % 2],
                        creds=("AKIAEMUDEMO000000001", "demoSecretKey/0000000000000000000000001"))
               for i in range(16)]

    def worker(i):
        c = clients[i]
        n = 0
        for p in c.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 1000}):
            n += sum(len(r["Instances"]) for r in p["Reservations"])
        total[i] = n
        return n

    t0 = time.monotonic()
    with ThreadPoolExecutor(16) as ex:
        list(ex.map(worker, range(16)))
    assert len(set(total[i] for i in range(0, 16, 2))) == 1
    assert total[0] + total[1] > 4000
    assert time.monotonic() - t0 < 60
