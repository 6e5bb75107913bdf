#!/usr/bin/python3
"""Generates src/services/tables_<service>.c from calls.py and botocore's models.

Run: /usr/bin/python3 src/services/gen/gen_tables.py   (rewrites the tables)
     /usr/bin/python3 src/services/gen/gen_tables.py --check   (fails if stale)
Every wire name, list wrapper, result wrapper, pagination parameter and limit
comes from the model on disk, so the tables cannot drift from botocore.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from calls import CALLS  # noqa: E402

BOTO = "/usr/lib/python3/dist-packages/botocore/data"
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SERVICES = {  # prefix: (model dir, version, signing/endpoint name, protocol enum)
    "ec2": ("ec2", "2016-11-15", "ec2", "AWSMAP__PROTO_EC2"),
    "rds": ("rds", "2014-10-31", "rds", "AWSMAP__PROTO_QUERY"),
    "elb": ("elb", "2012-06-01", "elasticloadbalancing", "AWSMAP__PROTO_QUERY"),
    "elbv2": ("elbv2", "2015-12-01", "elasticloadbalancing", "AWSMAP__PROTO_QUERY"),
    "s3": ("s3", "2006-03-01", "s3", "AWSMAP__PROTO_REST_XML"),
    "sts": ("sts", "2011-06-15", "sts", "AWSMAP__PROTO_QUERY"),
}
_models = {}


def model(prefix):
    if prefix not in _models:
        d, v = SERVICES[prefix][:2]
        m = json.load(open(f"{BOTO}/{d}/{v}/service-2.json"))
        try:
            p = json.load(open(f"{BOTO}/{d}/{v}/paginators-1.json"))["pagination"]
        except FileNotFoundError:
            p = {}
        _models[prefix] = (m, p)
    return _models[prefix]


def wire_member(m, struct, name):
    mem = m["shapes"][struct]["members"].get(name)
    if mem is None:
        raise SystemExit(f"{struct} has no member {name}")
    return mem.get("locationName", name), mem["shape"]


def list_item(m, list_shape, wire):
    """Wire path to one item of a list member, and the item's shape."""
    s = m["shapes"][list_shape]
    item = s["member"]
    if s.get("flattened"):
        return wire if "locationName" not in item else item["locationName"], item["shape"]
    return wire + "/" + item.get("locationName", "member"), item["shape"]


def walk(m, shape, path):
    """Follows member names from shape; returns (wire segments, final shape)."""
    wire = []
    for name in [p for p in path.split(".") if p]:
        if m["shapes"][shape]["type"] == "list":
            w, shape = list_item(m, shape, wire.pop())
            wire.append(w)
        w, shape = wire_member(m, shape, name)
        wire.append(w)
    if m["shapes"][shape]["type"] == "list":
        w, shape = list_item(m, shape, wire.pop() if wire else "")
        wire.append(w)
    return "/".join(wire), shape


SCALARS = {"string", "integer", "long", "boolean", "timestamp", "double", "float", "blob"}


def is_scalar(m, shape):
    s = m["shapes"][shape]
    return s["type"] in SCALARS or (s["type"] == "list" and m["shapes"][s["member"]["shape"]]["type"] in SCALARS)


def cstr(s):
    return "NULL" if s is None else json.dumps(s)


def gen_call(c):
    prefix, action = c["op"].split(":")
    m, pag = model(prefix)
    svc_dir, version, signing, proto = SERVICES[prefix]
    op = m["operations"][action]
    out_shape = op["output"]["shape"]
    wrapper = op["output"].get("resultWrapper")
    root_prefix = wrapper + "/" if wrapper else ""
    rec_wire, rec_shape = walk(m, out_shape, c["record"])
    record_path = (root_prefix + rec_wire).strip("/")
    if c["record"] == "" and not wrapper and prefix == "s3":
        record_path = ""  # GetBucketLocation: the root element is the value
    fields, seen = [], set()
    tags = c.get("tags")
    if c.get("s3_region"):
        fields.append(("", "LocationConstraint"))
    elif c.get("top"):
        for name, mem in m["shapes"][rec_shape]["members"].items():
            if name != tags and is_scalar(m, mem["shape"]):
                w, _ = walk(m, rec_shape, name)
                fields.append((w, name))
    for f in c.get("fields", []):
        w, s = walk(m, rec_shape, f)
        if not is_scalar(m, s):
            raise SystemExit(f"{c['op']}: {f} is not a scalar")
        fields.append((w, f))
    fields += [tuple(f) for f in c.get("unmodelled", [])]
    for w, n in fields:
        if (w, n) in seen:
            raise SystemExit(f"{c['op']}: duplicate field {n}")
        seen.add((w, n))
    outer = []
    for f in c.get("outer", []):
        w, s = walk(m, out_shape, f)
        outer.append(((root_prefix + w).strip("/"), f.split(".")[-1] if prefix == "ec2" else f))
    tag_path = tag_key = tag_value = None
    if tags:
        tag_path, tag_shape = walk(m, rec_shape, tags)
        tag_key, _ = wire_member(m, tag_shape, "Key")
        tag_value, _ = wire_member(m, tag_shape, "Value")
    token_path = token_param = limit_param = None
    lo = hi = 0
    p = c.get("paging") or pag.get(action)
    if p and "token_out" in p:
        token_path, token_param, limit_param = p["token_out"], p["token_in"], p["limit"]
        lo, hi = c["limits"]
    elif p:
        in_shape = op["input"]["shape"]
        out_member = p["output_token"]
        token_path = root_prefix + wire_member(m, out_shape, out_member)[0]

        def param(name):
            mem = m["shapes"][in_shape]["members"][name]
            if prefix == "ec2":
                q = mem.get("queryName") or mem.get("locationName")
                return (q[0].upper() + q[1:]) if q else name
            return mem.get("locationName", name)

        token_param = param(p["input_token"])
        limit_param = param(p["limit_key"]) if "limit_key" in p else None
        if limit_param:
            lim = m["shapes"][m["shapes"][in_shape]["members"][p["limit_key"]]["shape"]]
            lo, hi = lim.get("min"), lim.get("max")
            if lo is None or hi is None:
                if "limits" not in c:
                    raise SystemExit(f"{c['op']}: the model gives no limits; add limits=")
                lo, hi = c["limits"]
    method = op["http"]["method"] if prefix == "s3" else "POST"
    ident = action[0].lower() + "".join(ch if ch.islower() or ch.isdigit() else "_" + ch.lower() for ch in action[1:])
    ident = f"{prefix}_{ident}"
    lines = []
    lines.append(f"static const awsmap__field_spec {ident}_fields[] = {{")
    for w, n in fields:
        lines.append(f"    {{{cstr(w)}, {cstr(n)}}},")
    lines.append("};")
    if outer:
        lines.append(f"static const awsmap__field_spec {ident}_outer[] = {{")
        for w, n in outer:
            lines.append(f"    {{{cstr(w)}, {cstr(n)}}},")
        lines.append("};")
    spec = [
        f".operation = {cstr(c['op'])}", f".service = {cstr(signing)}", f".action = {cstr(action)}",
        f".version = {cstr(version)}", f".protocol = {proto}", f".method = {cstr(method)}",
        f".record_type = {cstr(c['type'])}", f".record_path = {cstr(record_path)}",
        f".fields = {ident}_fields", f".field_count = AWSMAP__ARRAY_LEN({ident}_fields)",
    ]
    if outer:
        spec += [f".outer = {ident}_outer", f".outer_count = AWSMAP__ARRAY_LEN({ident}_outer)"]
    if tag_path:
        spec += [f".tags_path = {cstr(tag_path)}", f".tag_key = {cstr(tag_key)}",
                 f".tag_value = {cstr(tag_value)}"]
    if token_path:
        spec += [f".token_path = {cstr(token_path)}", f".token_param = {cstr(token_param)}"]
    if limit_param:
        spec += [f".limit_param = {cstr(limit_param)}", f".limit_min = {lo}", f".limit_max = {hi}"]
    if c.get("ids"):
        spec.append(f".ids_param = {cstr(c['ids'])}")
    if c.get("parent"):
        spec.append(f".parent_param = {cstr(c['parent'])}")
    if prefix == "s3":
        spec.append('.fixed_region = "us-east-1"')
    if c.get("s3_region"):
        spec.append(".s3_region = true")
    return prefix, ident, "\n".join(lines), spec


def main():
    per = {}
    for c in CALLS:
        prefix, ident, tables, spec = gen_call(c)
        per.setdefault(prefix, []).append((ident, tables, spec))
    stale = []
    for prefix, calls in per.items():
        out = [f"/* GENERATED by src/services/gen/gen_tables.py from calls.py and botocore's\n"
               f" * {SERVICES[prefix][0]} {SERVICES[prefix][1]} model. Do not edit: change calls.py and rerun. */",
               '#include "services/internal.h"', ""]
        for ident, tables, spec in calls:
            out.append(tables)
            out.append("")
        out.append(f"const awsmap__call_spec awsmap__{prefix}_calls[] = {{")
        for ident, tables, spec in calls:
            out.append("    {" + ",\n     ".join(spec) + "},")
        out.append("};")
        out.append(f"const size_t awsmap__{prefix}_call_count = AWSMAP__ARRAY_LEN(awsmap__{prefix}_calls);")
        text = "\n".join(out) + "\n"
        path = os.path.join(OUT, f"tables_{prefix}.c")
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            stale.append(path)
            if "--check" not in sys.argv:
                open(path, "w").write(text)
    if "--check" in sys.argv and stale:
        raise SystemExit("stale: " + ", ".join(stale))


if __name__ == "__main__":
    main()
