"""Helpers shared by the query-protocol services: list params and filters."""
import fnmatch
import re

from ..errors import AwsError

_IDX = re.compile(r"^(.*)\.(\d+)$")


def plist(params, prefix):
    """Values of `prefix.1`, `prefix.2`, ... in numeric order."""
    out = []
    plen = len(prefix) + 1
    for k, v in params.items():
        if k.startswith(prefix + ".") and k[plen:].isdigit():
            out.append((int(k[plen:]), v))
    return [v for _, v in sorted(out)]


def filters(params, prefix="Filter"):
    """[(name, [values])] from Filter.N.Name / Filter.N.Value.M (EC2) or
    Filters.Filter.N.Name / .Values.Value.M (RDS)."""
    rds = prefix.startswith("Filters")
    names = {}
    for k, v in params.items():
        if k.startswith(prefix + ".") and k.endswith(".Name"):
            n = k[len(prefix) + 1:-5]
            if n.isdigit():
                names[int(n)] = v
    out = []
    for n in sorted(names):
        base = f"{prefix}.{n}.Values.Value" if rds else f"{prefix}.{n}.Value"
        out.append((names[n], plist(params, base)))
    return out


def _pascal(part):
    return "".join(w[:1].upper() + w[1:] for w in part.split("-"))


def _walk(obj, keys):
    """Values reached from obj by keys, descending through lists."""
    vals = [obj]
    for k in keys:
        nxt = []
        for v in vals:
            if isinstance(v, list):
                v_items = v
            else:
                v_items = [v]
            for item in v_items:
                if not isinstance(item, dict):
                    continue
                for cand in (k, k + "s", k.replace("Id", "ID")):
                    if cand in item:
                        nxt.append(item[cand])
                        break
        vals = nxt
    flat = []
    for v in vals:
        if isinstance(v, list):
            flat.extend(v)
        elif isinstance(v, dict):
            flat.extend(x for x in (v.get("Name"), v.get("Code"), v.get("State")) if x is not None)
        else:
            flat.append(v)
    return flat


ALIASES = {
    "instance-state-name": ["State", "Name"],
    "instance-state-code": ["State", "Code"],
    "availability-zone": ["AvailabilityZone"],
    "group-id": ["GroupId"],
    "group-name": ["GroupName"],
    "status-code": ["Status", "Code"],
}


def matches_filters(item, flist, valid_keys, fallbacks=None):
    for name, values in flist:
        if name.startswith("tag:"):
            key = name[4:]
            tags = item.get("Tags") or item.get("TagSet") or item.get("TagList") or []
            got = [t["Value"] for t in tags if t.get("Key") == key]
        elif name == "tag-key":
            tags = item.get("Tags") or item.get("TagSet") or item.get("TagList") or []
            got = [t["Key"] for t in tags]
        else:
            path = ALIASES.get(name) or [_pascal(p) for p in name.split(".")]
            if valid_keys is not None and not any(
                    c in valid_keys for c in (path[0], path[0] + "s", path[0].replace("Id", "ID"))) \
                    and name not in (fallbacks or {}):
                raise AwsError("InvalidParameterValue", f"The filter '{name}' is invalid")
            got = _walk(item, path)
            if not got and fallbacks and name in fallbacks:
                got = _walk(item, fallbacks[name])
        got = [str(g).lower() if isinstance(g, bool) else str(g) for g in got]
        if not any(fnmatch.fnmatchcase(g, v) for g in got for v in values):
            return False
    return True
