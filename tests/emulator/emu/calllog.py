"""Thread-safe record of every API call, served by GET /_emu/calls."""
import json
import threading
import time

# Request parameters worth recording: the paging knobs of every protocol.
PAGE_PARAMS = ("MaxResults", "NextToken", "Marker", "PageSize", "MaxRecords",
               "max-buckets", "continuation-token")


class CallLog:
    def __init__(self, log_path=None):
        self.lock = threading.Lock()
        self.calls = []
        self.seq = 0
        self.log_file = open(log_path, "a", buffering=1) if log_path else None

    def record(self, **entry):
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            entry["time"] = round(time.time(), 3)
            self.calls.append(entry)
            if self.log_file:
                self.log_file.write(json.dumps(entry) + "\n")

    def list(self, since=0):
        with self.lock:
            return [c for c in self.calls if c["seq"] > since]

    def clear(self):
        with self.lock:
            self.calls = []
