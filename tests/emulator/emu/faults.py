"""Fault rules (set through POST /_emu/faults or --faults) and EC2 token buckets."""
import random
import threading
import time

KINDS = {"throttle", "http500", "http503", "latency", "reset", "truncate",
         "repeat_token", "access_denied", "clock_skew", "expired_token", "drop_element"}
# Kinds that replace the answer with an error (first one that fires wins).
ERROR_KINDS = ("throttle", "http500", "http503", "access_denied", "expired_token")


class FaultRule:
    def __init__(self, spec, index, global_seed):
        if not isinstance(spec, dict):
            raise ValueError("each fault rule must be an object")
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")
        m = spec.get("match") or {}
        self.service = m.get("service")
        self.action = m.get("action")
        self.region = m.get("region")
        self.access_key = m.get("access_key")
        self.probability = float(m.get("probability", spec.get("probability", 1.0)))
        count = spec.get("count")
        self.remaining = None if count is None else int(count)
        # latency in ms, clock_skew in seconds; "value" is the generic spelling.
        self.ms = float(spec.get("ms", spec.get("value", 0)) or 0)
        self.seconds = float(spec.get("seconds", spec.get("value", 0)) or 0)
        self.element = spec.get("element")  # drop_element: the XML element's name
        if self.kind == "drop_element" and not (isinstance(self.element, str) and
                                                self.element.isalnum()):
            raise ValueError("drop_element needs an alphanumeric \"element\"")
        seed = spec.get("seed")
        self.rng = random.Random(seed if seed is not None else (global_seed or 0) * 1000 + index)
        self.fired = 0
        self.spec = spec

    def matches(self, service, action, region, access_key):
        def ok(want, got):
            return want in (None, "*", "") or (
                got in want if isinstance(want, list) else want == got)
        return (ok(self.service, service) and ok(self.action, action)
                and ok(self.region, region) and ok(self.access_key, access_key))


class FaultEngine:
    def __init__(self, seed=None):
        self.seed = seed
        self.rules = []
        self.lock = threading.Lock()

    def set_rules(self, specs):
        rules = [FaultRule(s, i, self.seed) for i, s in enumerate(specs)]
        with self.lock:
            self.rules = rules

    def clear(self):
        with self.lock:
            self.rules = []

    def describe(self):
        with self.lock:
            return [dict(r.spec, fired=r.fired, remaining=r.remaining) for r in self.rules]

    def draw(self, service, action, region, access_key, eligible=None):
        """Rules that fire for this request (each consumes one of its count).

        `eligible(kind)` lets the caller skip kinds that cannot apply (e.g.
        repeat_token on a first page) without using up their count.
        """
        fired = []
        with self.lock:
            for r in self.rules:
                if r.remaining == 0 or not r.matches(service, action, region, access_key):
                    continue
                if eligible is not None and not eligible(r.kind):
                    continue
                if r.probability < 1.0 and r.rng.random() >= r.probability:
                    continue
                if r.remaining is not None:
                    r.remaining -= 1
                r.fired += 1
                fired.append(r)
        return fired


class TokenBuckets:
    """AWS's documented EC2 request-rate buckets (non-mutating actions):
    a bucket per (account, action, region) with capacity 100, refilled 20/s."""

    def __init__(self, capacity=100.0, refill=20.0):
        self.capacity = capacity
        self.refill = refill
        self.buckets = {}
        self.lock = threading.Lock()

    def take(self, key):
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.refill)
            if tokens < 1.0:
                self.buckets[key] = (tokens, now)
                return False
            self.buckets[key] = (tokens - 1.0, now)
            return True
