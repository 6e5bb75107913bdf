#!/usr/bin/python3
"""botocore's own parser on the page bench_services_decode wrote:
    bench_services_decode 20 1 --write /tmp/page.xml
    /usr/bin/python3 tests/bench/services/botocore_decode.py /tmp/page.xml
Prints MB/s and instances, for comparison with the C decoder on the same bytes."""
import sys
import time

import botocore.parsers
import botocore.session


def main(path, rounds=1):
    body = open(path, "rb").read()
    model = botocore.session.get_session().get_service_model("ec2")
    shape = model.operation_model("DescribeInstances").output_shape
    parser = botocore.parsers.create_parser("ec2")
    best = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = parser.parse({"body": body, "headers": {}, "status_code": 200}, shape)
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    instances = sum(len(r["Instances"]) for r in out["Reservations"])
    print(f"botocore {botocore.__version__}: {len(body) / 1e6:.1f} MB, {instances} instances, "
          f"{best:.2f} s = {len(body) / 1e6 / best:.1f} MB/s (best of {rounds})")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
