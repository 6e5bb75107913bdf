"""A large generated account is complete, and served to many clients at once.

Speed is reported (pytest -s shows it), never asserted: timings belong in
benchmarks, and a loaded CI machine must not turn them into failures."""
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import EMU_DIR, Emu


def test_generate_20000():
    from emu import scenario
    scn = scenario.load(os.path.join(EMU_DIR, "scenarios", "demo.json"))
    t0 = time.monotonic()
    n = scenario.generate(scn, 20000)
    print(f"generated {n} resources in {time.monotonic() - t0:.2f} s")
    assert n >= 20000


@pytest.fixture(scope="module")
def large():
    e = Emu("demo", "--scale", "20000")
    yield e
    e.stop()


def test_large_account_concurrently(large):
    e = large
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
    print(f"16 concurrent full DescribeInstances scans in {time.monotonic() - t0:.2f} s")
    # Every client of a region saw the same, complete set.
    assert len(set(total[i] for i in range(0, 16, 2))) == 1
    assert len(set(total[i] for i in range(1, 16, 2))) == 1
    assert total[0] + total[1] > 4000
