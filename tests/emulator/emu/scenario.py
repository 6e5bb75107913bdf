"""Scenario loading, normalisation and the large-account generator."""
import json
import os
import time

from .builder import Builder

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = os.path.join(HERE, "scenarios")


def load(name_or_path):
    """`demo`/`full` name the shipped scenarios; anything else is a path."""
    path = name_or_path
    if not os.path.exists(path):
        cand = os.path.join(SCENARIOS, name_or_path + ".json")
        if os.path.exists(cand):
            path = cand
    with open(path) as f:
        scn = json.load(f)
    normalize(scn)
    gen = scn.get("generate")
    if gen:
        generate(scn, int(gen.get("resources", 0)), gen.get("regions"), gen.get("account"))
    return scn


def _tags(obj):
    # Convenience: {"Tags": {"Name": "x"}} -> [{"Key": "Name", "Value": "x"}].
    for k in ("Tags", "TagSet", "TagList"):
        if isinstance(obj.get(k), dict):
            obj[k] = [{"Key": a, "Value": b} for a, b in obj[k].items()]


def normalize(scn):
    for acct in scn.get("accounts", []):
        for region, services in acct.get("regions", {}).items():
            for svc, colls in services.items():
                for name, items in colls.items():
                    if isinstance(items, list):
                        for it in items:
                            if isinstance(it, dict):
                                _tags(it)


def generate(scn, resources, regions=None, account_id=None):
    """Add about `resources` resources to one account, spread over regions.

    The unit of generation is one VPC with its network, instances, a load
    balancer and a database (~45 resources), so relationships stay realistic.
    """
    t0 = time.monotonic()
    regions = regions or scn.get("regions") or ["us-east-1", "eu-west-1"]
    accounts = scn.setdefault("accounts", [])
    if account_id is None:
        account_id = accounts[0]["id"] if accounts else "111111111111"
    target = next((a for a in accounts if a["id"] == account_id), None)
    if target is None:
        target = {"id": account_id, "name": "generated", "users": [
            {"name": "bench", "access_key_id": "AKIAGENERATED0000001",
             "secret_access_key": "generated/secret/key/0000000000000000000"}], "roles": [],
            "buckets": [], "regions": {}}
        accounts.append(target)
    for r in regions:
        if r not in scn.setdefault("regions", []):
            scn["regions"].append(r)
    b = Builder(regions)
    b.n = 0x9000000  # ids distinct from hand-written scenario ids
    acct = b.account(account_id, "generated")
    count = 0
    k = 0
    while count < resources:
        region = regions[k % len(regions)]
        o2 = (k // len(regions)) % 250
        vpc = b.vpc(acct, region, f"10.{o2}.0.0/16", f"gen-vpc-{k}")
        igw = b.igw(acct, vpc, f"gen-igw-{k}")
        pub = b.subnet(acct, vpc, region + "a", f"10.{o2}.0.0/20", f"gen-pub-{k}", True)
        priv = b.subnet(acct, vpc, region + "b", f"10.{o2}.16.0/20", f"gen-priv-{k}")
        b.route_table(acct, vpc, f"gen-rt-{k}", [pub, priv], main=True,
                      routes=[("0.0.0.0/0", igw["InternetGatewayId"])])
        web = b.sg(acct, vpc, f"gen-web-{k}", "web", [(443, "0.0.0.0/0")])
        app = b.sg(acct, vpc, f"gen-app-{k}", "app", [(8080, web)])
        insts = [b.instance(acct, priv if j % 2 else pub, [app], f"gen-{k}-{j}") for j in range(10)]
        lb = b.lb_v2(acct, f"gen-alb-{k}", [pub, priv], [web])
        tg = b.target_group(acct, vpc, f"gen-tg-{k}", 8080, insts[:4], lbs=[lb])
        b.listener(acct, lb, 443, "HTTPS", tg)
        sng = b.db_subnet_group(acct, f"gen-dbsng-{k}", [pub, priv])
        b.db_instance(acct, f"gen-db-{k}", sng, [app])
        if k % 4 == 0:
            b.bucket(acct, f"gen-bucket-{account_id}-{k}", region)
        count += 46 + (1 if k % 4 == 0 else 0)
        k += 1
    gen = b.scenario()["accounts"][0]
    for region, services in gen["regions"].items():
        dst = target.setdefault("regions", {}).setdefault(region, {})
        for svc, colls in services.items():
            d = dst.setdefault(svc, {})
            for name, items in colls.items():
                if isinstance(items, dict):
                    d.setdefault(name, {}).update(items)
                else:
                    d.setdefault(name, []).extend(items)
    target.setdefault("buckets", []).extend(gen["buckets"])
    scn["_generated"] = {"resources": count, "seconds": round(time.monotonic() - t0, 3)}
    return count
