#!/usr/bin/python3
"""Start the loopback AWS emulator.

  /usr/bin/python3 tests/emulator/awsemu.py --scenario demo|full|FILE
      [--port 0] [--seed N] [--scale N] [--faults FILE] [--log FILE]

Prints exactly one line "AWSEMU_PORT=<port>" once listening on 127.0.0.1 and
exits cleanly on SIGTERM/SIGINT or POST /_emu/shutdown.
"""
import argparse
import json
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emu import scenario as scenario_mod  # noqa: E402
from emu.server import Emulator, Server  # noqa: E402
from emu.state import State  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="demo", help="demo, full or a scenario JSON path")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=None, help="seed for probabilistic faults")
    ap.add_argument("--scale", type=int, default=0, help="add ~N generated resources")
    ap.add_argument("--faults", help="JSON file with a list of fault rules")
    ap.add_argument("--log", help="append every call as a JSON line to this file")
    args = ap.parse_args(argv)

    try:
        scn = scenario_mod.load(args.scenario)
    except (OSError, ValueError) as e:
        print(f"awsemu: cannot load scenario {args.scenario!r}: {e}", file=sys.stderr)
        return 2
    if args.scale:
        scenario_mod.generate(scn, args.scale)
    emu = Emulator(State(scn), seed=args.seed, log_path=args.log)
    if args.faults:
        with open(args.faults) as f:
            emu.faults.set_rules(json.load(f))
    server = Server(emu, args.port)

    def stop(signum, frame):
        emu.stop_event.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # serve_forever runs in a worker so the main thread can take signals
    # and call shutdown() (which must not run on the serving thread).
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    print(f"AWSEMU_PORT={server.server_address[1]}", flush=True)
    while not emu.stop_event.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
