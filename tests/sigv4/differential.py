#!/usr/bin/python3
"""Differential SigV4 test: libawsmap (through awsmap-sign) against botocore.

Generates --count seeded random requests that stress SigV4's corners, signs
each with awsmap-sign (one process, JSON lines) and with Debian's botocore,
and requires identical signatures (and, for the report, canonical requests).

Corners generated: spaces, unicode, reserved and already-encoded characters
in paths, keys and values; '//' and dot segments; repeated and empty query
keys and values; keys without '='; header whitespace (leading, trailing,
inner runs, tabs); repeated headers in mixed case; empty header values;
session tokens; S3 virtual-hosted and path-style URLs; empty, text and
binary bodies; precomputed payload hashes and UNSIGNED-PAYLOAD; explicit
and URL-derived Host with default and custom ports; presigned URLs with
expiries across 1..604800 s.

Excluded corners, where botocore departs from the SigV4 specification (the
conformance vectors, which libawsmap passes, win there):
  E1 query wire form: every query is put on the wire fully encoded
     (upper-case %XX for every byte outside A-Z a-z 0-9 - . _ ~), as
     botocore's own serializer does. botocore signs the wire text verbatim
     (raw UTF-8, raw reserved characters, '+', lower-case escapes stay as
     they are); SigV4 canonicalises it, as the get-vanilla-utf8-query
     vector shows.
  E2 empty query segments ("a&&b"): botocore signs them as an empty "="
     pair; libawsmap drops them. Never generated.
  E3 path normalisation cannot be switched off in botocore for non-S3
     services, so normalize stays on for them (the *-unnormalized vectors
     cover the other setting); S3 paths are never normalised by either.
  E4 S3 paths are given encoded (botocore's serializer form, sometimes with
     lower-case escapes): both sign escapes as sent, but botocore also signs
     raw spaces, UTF-8 and reserved characters in an S3 path unencoded,
     where libawsmap encodes them once, as the HTTP client has to.
  E5 non-S3 and S3 presigning in botocore rebuilds the query through a
     dict: repeated keys collapse and a body moves into the query. Query
     mode therefore gets unique keys and no body; it also avoids empty keys
     (parse_qs) and the form Content-Type botocore deletes.
  E6 a Date header makes botocore sign Date instead of X-Amz-Date: never
     generated. Nor are the headers either signer manages itself
     (Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256)
     or never signs (User-Agent, Expect, X-Amzn-Trace-Id, Transfer-Encoding).
  E7 header values are ASCII with spaces and tabs plus non-space non-ASCII
     letters: botocore's str.split() also folds Unicode spaces (U+00A0,
     U+3000) and C0 separators, which are not HTTP whitespace.
  E8 a URL with an empty path: botocore signs '' for S3; SigV4 says '/'.
     Every generated URL has a path.
  E9 a non-S3 precomputed payload hash: botocore has no way to take one
     without also signing an x-amz-content-sha256 header, so precomputed
     hashes are generated for S3 only.
"""
import argparse
import base64
import datetime
import hashlib
import json
import random
import re
import string
import subprocess
import sys
import types
from urllib.parse import quote

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

UNRESERVED = string.ascii_letters + string.digits + "-._~"
RESERVED = "!$&'()*+,;=:@[]/?#"
UNICODE = ["é", "ß", "ሴ", "日本", "😀", "Ω"]
ENCODED = ["%20", "%2F", "%41", "%25", "%e1%88%b4", "%E1%88%B4", "%3F", "%23", "%2B"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"]
SERVICES = ["ec2", "sts", "execute-api", "monitoring", "rds", "elasticloadbalancing"]
METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]
HEADER_NAMES = ["X-Custom", "x-custom", "My-Header1", "Content-Type", "x-amz-meta-Key",
                "X-Amz-Target", "Accept", "If-Match", "x-odd!#$%&'*+.^_`|~name", "Cache-Control"]


def text(rng, n, pools):
    out = []
    for _ in range(n):
        pool = rng.choice(pools)
        out.append(rng.choice(pool) if isinstance(pool, list) else rng.choice(pool))
    return "".join(out)


def raw_value(rng, max_len=8):
    """Decoded text for keys and values: any character at all."""
    return text(rng, rng.randint(0, max_len), [UNRESERVED, UNRESERVED, " ", RESERVED, UNICODE, "%"])


def enc(s):
    return quote(s, safe="-_.~")


def wire_path_normal(rng):
    """A non-S3 path as sent: raw spaces, unicode, reserved characters and
    already-encoded escapes, with '//' and dot segments (normalised by both)."""
    segs = []
    for _ in range(rng.randint(0, 5)):
        kind = rng.random()
        if kind < 0.15:
            segs.append(rng.choice(["", ".", ".."]))
        else:
            pools = [UNRESERVED, UNRESERVED, " ", "!$&'()*+,;=:@", UNICODE, ENCODED]
            segs.append(text(rng, rng.randint(1, 6), pools))
    path = "/" + "/".join(segs)
    if rng.random() < 0.2:
        path += "/"
    return path


def s3_key(rng):
    segs = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.15:
            segs.append(rng.choice(["", ".", ".."]))
        else:
            segs.append(text(rng, rng.randint(1, 8), [UNRESERVED, " ", RESERVED.replace("/", ""),
                                                      UNICODE, "%", "+"]))
    return "/".join(segs)


def header_value(rng):
    def ws():
        return text(rng, rng.randint(0, 3), [" \t"])
    words = [text(rng, rng.randint(1, 6), [string.ascii_letters + string.digits + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
                                            ["é", "ሴ", "日"]]) for _ in range(rng.randint(0, 4))]
    out = ws()
    for i, w in enumerate(words):
        out += w + (ws() + rng.choice([" ", "  ", "\t", " \t "]) if i + 1 < len(words) else "")
    return out + ws()


def make_case(rng, i):
    s3 = rng.random() < 0.35
    mode = "query" if rng.random() < 0.3 else "header"
    region = rng.choice(REGIONS)
    scheme = "https" if rng.random() < 0.85 else "http"
    port = rng.choice(["", "", "", ":443" if scheme == "https" else ":80", ":8443"])
    if s3:
        service = "s3"
        bucket = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(3, 12)))
        if rng.random() < 0.2:
            bucket += ".dotted"
        key = s3_key(rng)
        if rng.random() < 0.5:  # virtual-hosted
            host = f"{bucket}.s3.{region}.amazonaws.com"
            path = "/" + quote(key, safe="/~")
        else:
            host = f"s3.{region}.amazonaws.com"
            path = "/" + bucket + "/" + quote(key, safe="/~")
        if rng.random() < 0.2:  # lower-case escapes: both keep them as sent
            path = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), path)
    else:
        service = rng.choice(SERVICES)
        host = f"{service}.{region}.amazonaws.com"
        path = wire_path_normal(rng)
    if rng.random() < 0.1:
        host = host.upper() if not port else host  # Host derivation lower-cases it

    params = []
    for _ in range(rng.randint(0, 5)):
        k = raw_value(rng)
        if mode == "query" and not k:
            k = "k"  # E5: no empty keys in query mode
        if params and rng.random() < 0.3 and mode == "header":
            k = rng.choice(params)[0]  # repeated key
        v = raw_value(rng) if rng.random() < 0.8 else ""
        if mode == "query" and any(p[0] == k for p in params):
            continue  # E5: unique keys
        params.append((k, v, rng.random() < 0.15))  # third: no '='
    # a key without "=" only when it is not empty (E2: "a&&b")
    query = "&".join(enc(k) if noeq and k and not v else f"{enc(k)}={enc(v)}" for k, v, noeq in params)

    url = f"{scheme}://{host}{port}{path}" + (f"?{query}" if query or rng.random() < 0.05 else "")
    headers = []
    if rng.random() < 0.6:
        hostval = host.lower() + (port if port not in (":443", ":80") else "")
        headers.append((rng.choice(["Host", "host", "HOST"]), hostval))
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(HEADER_NAMES)
        if headers and rng.random() < 0.25:
            prev = rng.choice(headers)[0]
            if prev.lower() != "host":
                name = rng.choice([prev, prev.lower(), prev.upper()])  # repeated header
        headers.append((name, header_value(rng)))
    if mode == "query":  # E5
        headers = [(n, v) for n, v in headers
                   if not (n.lower() == "content-type" and v == "application/x-www-form-urlencoded; charset=utf-8")]

    body = b""
    if mode == "header":
        r = rng.random()
        if r < 0.3:
            body = "".join(rng.choice(UNRESERVED + " =&") for _ in range(rng.randint(1, 40))).encode()
        elif r < 0.5:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
        elif r < 0.55:
            body = ("ሴ" * rng.randint(1, 5)).encode()

    token = None
    if rng.random() < 0.4:
        token = "".join(rng.choice(string.ascii_letters + string.digits + "/+=") for _ in range(rng.randint(16, 120)))
    when = rng.randint(946684800, 2114380800)  # 2000 .. 2037
    case = {
        "id": i,
        "method": rng.choice(METHODS),
        "url": url,
        "headers": headers,
        "service": service,
        "region": region,
        "access_key": "AKIA" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
        "secret_key": "".join(rng.choice(string.ascii_letters + string.digits + "/+") for _ in range(40)),
        "session_token": token,
        "time": when,
        "mode": mode,
        "s3": s3,
        "body": body,
    }
    if mode == "query":
        case["expires"] = rng.choice([1, 60, 900, 3600, 86400, 604800, rng.randint(1, 604800)])
    if s3 and mode == "header":
        r = rng.random()
        if r < 0.15:
            case["unsigned_payload"] = True
        elif r < 0.35:
            case["precomputed"] = True  # awsmap gets the hash, botocore the body
    elif not s3 and mode == "header" and rng.random() < 0.1:
        case["unsigned_payload"] = True
    return case


def to_awsmap_line(case):
    """The JSON line for awsmap-sign. Headers go in as a raw JSON object
    with repeated names, which Python's dict cannot hold, so it is built
    by hand."""
    hdrs = ",".join(json.dumps(n) + ":" + json.dumps(v) for n, v in case["headers"])
    obj = {k: case[k] for k in ("id", "method", "url", "service", "region", "access_key",
                                 "secret_key", "mode", "s3")}
    obj["time"] = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if case["session_token"]:
        obj["session_token"] = case["session_token"]
    if "expires" in case:
        obj["expires"] = case["expires"]
    if case.get("unsigned_payload"):
        obj["unsigned_payload"] = True
    if case.get("precomputed"):
        obj["payload_hash"] = hashlib.sha256(case["body"]).hexdigest()
    elif case["body"]:
        obj["body_b64"] = base64.b64encode(case["body"]).decode()
    text_ = json.dumps(obj, ensure_ascii=False)
    return text_[:-1] + ',"headers":{' + hdrs + "}}"


class FixedClock(datetime.datetime):
    now_value = None

    @classmethod
    def utcnow(cls):
        return cls.now_value


def botocore_sign(case):
    creds = Credentials(case["access_key"], case["secret_key"], case["session_token"])
    req = AWSRequest(method=case["method"], url=case["url"], data=case["body"])
    for n, v in case["headers"]:
        req.headers[n] = v  # HTTPHeaders appends: repeated names are kept
    if case["s3"] and case.get("unsigned_payload"):
        req.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
    elif case.get("unsigned_payload"):
        req.context["payload_signing_enabled"] = False
    if case["mode"] == "query":
        cls = S3SigV4QueryAuth if case["s3"] else SigV4QueryAuth
        signer = cls(creds, case["service"], case["region"], expires=case["expires"])
    else:
        signer = (S3SigV4Auth if case["s3"] else SigV4Auth)(creds, case["service"], case["region"])
    seen = {}
    original = signer.string_to_sign

    def capture(request, canonical_request):
        seen["creq"] = canonical_request
        return original(request, canonical_request)

    signer.string_to_sign = capture
    FixedClock.now_value = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc).replace(tzinfo=None)
    signer.add_auth(req)
    if case["mode"] == "query":
        sig = req.url.rsplit("X-Amz-Signature=", 1)[1]
    else:
        sig = req.headers["Authorization"].rsplit("Signature=", 1)[1]
    return sig, seen.get("creq", "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--signer", required=True, help="path to awsmap-sign")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=5, help="mismatches to print in full")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    cases = [make_case(rng, i) for i in range(args.count)]
    feed = "\n".join(to_awsmap_line(c) for c in cases) + "\n"
    proc = subprocess.run([args.signer], input=feed.encode("utf-8"), capture_output=True, timeout=120)
    if proc.returncode != 0:
        print(f"awsmap-sign exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        return 1
    replies = [json.loads(l) for l in proc.stdout.decode("utf-8").splitlines()]
    if len(replies) != len(cases):
        print(f"awsmap-sign answered {len(replies)} lines for {len(cases)} requests")
        return 1

    botocore.auth.datetime.datetime = FixedClock  # botocore reads utcnow() from here
    passed = failed = 0
    stats = {"query": 0, "header": 0, "s3": 0, "token": 0, "dup_headers": 0, "repeated_keys": 0}
    for case, reply in zip(cases, replies):
        stats[case["mode"]] += 1
        stats["s3"] += case["s3"]
        stats["token"] += bool(case["session_token"])
        names = [n.lower() for n, _ in case["headers"]]
        stats["dup_headers"] += len(names) != len(set(names))
        q = case["url"].split("?", 1)[1] if "?" in case["url"] else ""
        keys = [p.split("=", 1)[0] for p in q.split("&") if p]
        stats["repeated_keys"] += len(keys) != len(set(keys))
        want_sig, want_creq = botocore_sign(case)
        if reply.get("id") != case["id"]:
            ok = False
        else:
            ok = reply.get("signature") == want_sig
        if ok:
            passed += 1
            continue
        failed += 1
        if failed <= args.show:
            print(f"--- case {case['id']} differs")
            print("request :", to_awsmap_line(case))
            print("awsmap  :", json.dumps(reply, ensure_ascii=False))
            print("botocore canonical request:\n" + want_creq)
            print("awsmap canonical request:\n" + str(reply.get("canonical_request")))
    print("coverage: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
    print(f"differential sigv4 seed={args.seed}: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
