#!/usr/bin/python3
"""Writes tests/data/services/<service>_<Action>/*.xml and the expected records.

The XML follows botocore's model of each response (wire names, list wrappers,
result wrappers, namespaces; scalars before nested members, as AWS sends them).
The expected records are NOT computed by our tables: each fixture is parsed by
botocore's own response parser and flattened with the naming rule (member
names joined by '.', lists repeated, tags as Tags.<key>), so the C decoder is
checked against botocore. Run: /usr/bin/python3 tests/data/services/gen_fixtures.py
Hand-written cases (any *.xml without a generator entry) are left alone.
"""
import json
import os
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../src/services/gen"))
from calls import CALLS  # noqa: E402
import gen_tables  # noqa: E402
from botocore import parsers  # noqa: E402
from botocore.model import ServiceModel  # noqa: E402

NS = {"ec2": "http://ec2.amazonaws.com/doc/2016-11-15/", "rds": "http://rds.amazonaws.com/doc/2014-10-31/",
      "elb": "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/",
      "elbv2": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
      "s3": "http://s3.amazonaws.com/doc/2006-03-01/", "sts": "https://sts.amazonaws.com/doc/2011-06-15/"}
ID_PREFIX = {"InstanceId": "i-0a1b2c3d4e5f6", "VpcId": "vpc-0f1e2d3c", "SubnetId": "subnet-0a1b2c",
             "GroupId": "sg-0123abcd", "VolumeId": "vol-0abc1234", "NetworkInterfaceId": "eni-0a1b2c3d",
             "ImageId": "ami-0abcdef1", "RouteTableId": "rtb-0a1b2c3d", "GatewayId": "igw-0a1b2c",
             "InternetGatewayId": "igw-0a1b2c", "NatGatewayId": "nat-0a1b2c3d",
             "VpcPeeringConnectionId": "pcx-0a1b2c", "VpcEndpointId": "vpce-0a1b2c", "OwnerId": "1234567890",
             "AllocationId": "eipalloc-0a1b", "ReservationId": "r-0a1b2c3d"}


class Gen:
    """Builds a sample value for a shape: every member, lists of two."""

    def __init__(self, m, keep):
        self.m, self.keep, self.n = m, keep, 0

    def value(self, shape, name, depth, path):
        s = self.m["shapes"][shape]
        t = s["type"]
        self.n += 1
        if t == "structure":
            out = {}
            for mn, mem in s["members"].items():
                p = path + [mn]
                if depth > 3 and not self.keep(p):
                    continue
                if self.m["shapes"][mem["shape"]]["type"] in ("structure", "list") and depth > 9:
                    continue
                out[mn] = self.value(mem["shape"], mn, depth + 1, p)
            return out
        if t == "list":
            return [self.value(s["member"]["shape"], name, depth + 1, path) for _ in range(2)]
        if t == "map":
            return {}
        if t == "boolean":
            return self.n % 2 == 0
        if t in ("integer", "long"):
            return self.n % 1000
        if t in ("double", "float"):
            return 1.5
        if t == "timestamp":
            return "2024-03-%02dT10:%02d:00.000Z" % (1 + self.n % 28, self.n % 60)
        if t == "blob":
            return "YmxvYg=="
        if "enum" in s:
            return s["enum"][self.n % len(s["enum"])]
        if name == "Key":
            return ["Name", "team", "cost-center", "env"][self.n % 4]
        if name == "Value":
            return "web & <api> %d" % self.n
        for suffix, prefix in ID_PREFIX.items():
            if name.endswith(suffix):
                return "%s%04d" % (prefix, self.n)
        if name.endswith("Arn"):
            return "arn:aws:service:eu-west-1:123456789012:thing/%s-%d" % (name, self.n)
        return "%s-%d" % (name.lower(), self.n)


def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return escape(str(v))


def ser(m, shape, value, name, out, prefix):
    """XML for value as the wire has it (inverse of botocore's parsers)."""
    s = m["shapes"][shape]
    if s["type"] == "structure":
        out.append(f"<{name}>")
        members = sorted(s["members"].items(), key=lambda kv: m["shapes"][kv[1]["shape"]]["type"] in ("structure", "list"))
        for mn, mem in members:
            if mn in value:
                ser(m, mem["shape"], value[mn], mem.get("locationName", mn), out, prefix)
        out.append(f"</{name}>")
    elif s["type"] == "list":
        item = s["member"]
        if s.get("flattened"):
            for v in value:
                ser(m, item["shape"], v, item.get("locationName", name), out, prefix)
        else:
            out.append(f"<{name}>")
            for v in value:
                ser(m, item["shape"], v, item.get("locationName", "member"), out, prefix)
            out.append(f"</{name}>")
    else:
        out.append(f"<{name}>{text(value)}</{name}>")


def document(c, m, out_shape, value, extra_inside_record=None):
    prefix, action = c["op"].split(":")
    op = m["operations"][action]
    body = []
    shape = m["shapes"][out_shape]
    # AWS sends the context first (S3's Owner before Buckets)
    first = {o.split(".")[0] for o in c.get("outer", [])}
    members = sorted(shape["members"].items(), key=lambda kv: (
        kv[0] not in first, m["shapes"][kv[1]["shape"]]["type"] in ("structure", "list")))
    for mn, mem in members:
        if mn in value:
            ser(m, mem["shape"], value[mn], mem.get("locationName", mn), body, prefix)
    inner = "".join(body)
    if extra_inside_record:
        inner = extra_inside_record(inner)
    ns = NS[prefix]
    if prefix == "ec2":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{ns}">'
                f"<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>{inner}</{action}Response>")
    if prefix == "s3":
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="{ns}">{inner}</ListAllMyBucketsResult>'
    w = op["output"]["resultWrapper"]
    return (f'<{action}Response xmlns="{ns}">\n  <{w}>{inner}</{w}>\n'
            f"  <ResponseMetadata><RequestId>c6f1c5b4-EXAMPLE</RequestId></ResponseMetadata>\n</{action}Response>\n")


def members_of(sm, path):
    shape = sm
    for p in path.split("."):
        if p:
            shape = shape.members[p]
            while shape.type_name == "list":
                shape = shape.member
    return shape


def collect(value, path):
    """Values at a member path, lists flattened."""
    vals = [value]
    for p in [x for x in path.split(".") if x]:
        nxt = []
        for v in vals:
            if isinstance(v, list):
                v = [x for x in v]
            for x in (v if isinstance(v, list) else [v]):
                if isinstance(x, dict) and p in x:
                    y = x[p]
                    nxt.extend(y if isinstance(y, list) else [y])
        vals = nxt
    flat = []
    for v in vals:
        flat.extend(v if isinstance(v, list) else [v])
    return flat


def wire_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def expected(c, m, parsed):
    prefix, action = c["op"].split(":")
    op = m["operations"][action]
    rec_shape = gen_tables.walk(m, op["output"]["shape"], c["record"])[1]
    fields = []
    if c.get("top"):
        for name, mem in m["shapes"][rec_shape]["members"].items():
            if name != c.get("tags") and gen_tables.is_scalar(m, mem["shape"]):
                fields.append(name)
    fields += c.get("fields", [])
    records = []
    parents = [parsed]
    segs = [s for s in c["record"].split(".") if s]
    groups = []  # (outer context, record dict)
    def descend(obj, segs, ctx):
        if not segs:
            groups.append((ctx, obj))
            return
        seq = obj.get(segs[0], [])
        for x in (seq if isinstance(seq, list) else [seq]):
            descend(x, segs[1:], ctx + [obj])
    descend(parsed, segs, [])
    for ctx, rec in groups:
        f = {}
        for name in fields:
            vals = [wire_text(v) for v in collect(rec, name) if wire_text(v) != ""]
            if vals:
                f[name] = vals
        if c.get("tags"):
            for t in rec.get(c["tags"], []):
                f.setdefault("Tags." + t["Key"], []).append(t.get("Value", ""))
        for o in c.get("outer", []):
            vals = [wire_text(v) for v in collect(parsed, o)]
            name = o.split(".")[-1] if prefix == "ec2" else o
            # the value of the enclosing group: for EC2 the reservation in ctx
            if prefix == "ec2" and len(ctx) >= 2:
                vals = [wire_text(ctx[-1][o.split(".")[-1]])] if o.split(".")[-1] in ctx[-1] else []
            if vals and vals[0] != "":
                f[name] = vals[:1]
        records.append({"type": c["type"], "fields": f})
    return records


def write(d, name, xml, exp):
    open(os.path.join(d, name + ".xml"), "w").write(xml)
    json.dump(exp, open(os.path.join(d, name + ".json"), "w"), indent=1, sort_keys=True)


def main():
    for c in CALLS:
        prefix, action = c["op"].split(":")
        m, _ = gen_tables.model(prefix)
        sm = ServiceModel(m, service_name=prefix)
        om = sm.operation_model(action)
        d = os.path.join(HERE, f"{prefix}_{action}")
        os.makedirs(d, exist_ok=True)
        proto = m["metadata"]["protocol"]
        parser = parsers.PROTOCOL_PARSERS[proto](timestamp_parser=lambda s: s)
        out_shape = m["operations"][action]["output"]["shape"]
        wanted = set()
        for f in c.get("fields", []) + c.get("outer", []) + [c["record"]]:
            parts = [p for p in (c["record"].split(".") + f.split(".")) if p]
            for i in range(len(parts) + 1):
                wanted.add(tuple(parts[:i]))
        rec_segs = tuple(s for s in c["record"].split(".") if s)

        def keep(p):
            p = tuple(p)
            if p in wanted or p[-1] in (c.get("tags") or "", "Key", "Value"):
                return True
            # every member of the record and one level below it: realistic, not exhaustive
            return p[:len(rec_segs)] == rec_segs and len(p) <= len(rec_segs) + 2
        if c.get("s3_region"):
            for case, val, exp in (("us_east_1", "", "us-east-1"), ("eu", "EU", "eu-west-1"),
                                   ("eu_west_2", "eu-west-2", "eu-west-2")):
                body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="{NS["s3"]}">'
                        f"{val}</LocationConstraint>")
                write(d, case, body, {"params": {"Bucket": "my-bucket"}, "records": [
                    {"type": c["type"], "fields": {"LocationConstraint": [exp], "Bucket": ["my-bucket"]}}]})
            write(d, "truncated", body[:-5], {"error": "AWSMAP_ERR_PARSE"})
            continue
        g = Gen(m, keep)
        value = g.value(out_shape, "", 0, [])
        segs = [s for s in c["record"].split(".") if s]
        token_member = None
        if c.get("paging"):
            token_member = c["paging"]["token_out"]
            value[token_member] = "eyJ2IjoxLCJwIjoyfQ=="
        else:
            pag = gen_tables.model(prefix)[1].get(action)
            if pag:
                token_member = pag["output_token"]
                value[token_member] = "AAEAAeyJ2IjoxfQ+/=="
        for cases in ("full", "empty", "minimal", "unknown"):
            v = json.loads(json.dumps(value))
            def records_list(obj, segs):
                for s in segs[:-1]:
                    obj = obj[s][0]
                return obj, segs[-1]
            if cases == "empty":
                if not segs:
                    continue
                v[segs[0]] = []
                v.pop(token_member, None)
            if cases == "minimal":
                if segs:
                    v[segs[0]] = v[segs[0]][:1]
                    o, last = records_list(v, segs)
                    rec = o[last][0]
                    o[last] = [{k: rec[k] for k in list(rec)[:2]}]
                else:
                    v = {k: v[k] for k in list(v)[:1]}
                v.pop(token_member, None)
            extra = None
            if cases == "unknown":
                item = {"ec2": "item", "s3": "Bucket"}.get(prefix)
                def extra(inner):
                    # a future element inside every record and one at the top
                    marker = "<futureField><nested><deep>x</deep></nested><more/></futureField>"
                    # (inside structure items only: AWS never sends mixed content)
                    for tag in ("item", "member", "Bucket"):
                        inner = inner.replace(f"<{tag}><", f"<{tag}>{marker}<", 3)
                    return marker + inner
            xml = document(c, m, out_shape, v, extra)
            if prefix == "sts":
                parsed = parser.parse({"body": xml.encode(), "headers": {}, "status_code": 200}, om.output_shape)
            else:
                parsed = parser.parse({"body": xml.encode(), "headers": {}, "status_code": 200}, om.output_shape)
            exp = {"records": expected(c, m, parsed)}
            tok = parsed.get(token_member) if token_member else None
            exp["token"] = tok or ""
            if c.get("parent"):
                exp["params"] = {c["parent"]: "parent-" + c["parent"]}
                for r in exp["records"]:
                    r["fields"][c["parent"]] = ["parent-" + c["parent"]]
            write(d, cases, xml, exp)
            if cases == "full":
                cut = len(xml) * 2 // 3
                write(d, "truncated", xml[:cut], {"error": "AWSMAP_ERR_PARSE"})
                bad = xml.replace("</", "</x", 1) if "</" in xml else xml + "<"
                write(d, "malformed", bad, {"error": "AWSMAP_ERR_PARSE"})


if __name__ == "__main__":
    main()
