"""Classic ELB (query protocol, 2012-06-01): PageSize 1..400 (default 400) / Marker."""
from ..errors import AwsError
from .common import plist


def page_size(ctx):
    raw = ctx.params.get("PageSize")
    if raw is None:
        return 400
    try:
        n = int(raw)
    except ValueError:
        raise AwsError("ValidationError", f"Invalid value '{raw}' for parameter PageSize")
    if n < 1:
        raise AwsError("ValidationError", f"1 validation error detected: Value '{n}' at 'pageSize' "
                       "failed to satisfy constraint: Member must have value greater than or equal to 1")
    if n > 400:
        raise AwsError("ValidationError", f"1 validation error detected: Value '{n}' at 'pageSize' "
                       "failed to satisfy constraint: Member must have value less than or equal to 400")
    return n


def bad_marker():
    return AwsError("ValidationError", "Invalid Marker")


def describe_load_balancers(ctx):
    limit = page_size(ctx)
    items = ctx.account.data(ctx.region, "elb").get("LoadBalancerDescriptions", [])
    names = plist(ctx.params, "LoadBalancerNames.member")
    if names:
        by = {lb["LoadBalancerName"]: lb for lb in items}
        for n in names:
            if n not in by:
                raise AwsError("LoadBalancerNotFound", f"There is no ACTIVE Load Balancer named '{n}'")
        items = [by[n] for n in names]
    page, nxt = ctx.page(items, limit, ctx.params.get("Marker"), bad_marker)
    out = {"LoadBalancerDescriptions": page}
    if nxt:
        out["NextMarker"] = nxt
    return out


def describe_instance_health(ctx):
    name = ctx.params.get("LoadBalancerName")
    if not name:
        raise AwsError("ValidationError", "1 validation error detected: Value null at "
                       "'loadBalancerName' failed to satisfy constraint: Member must not be null")
    health = ctx.account.data(ctx.region, "elb").get("InstanceHealth", {})
    if name not in health:
        raise AwsError("LoadBalancerNotFound", f"There is no ACTIVE Load Balancer named '{name}'")
    states = health[name]
    want = plist(ctx.params, "Instances.member")
    want = [ctx.params[k] for k in sorted(ctx.params) if k.startswith("Instances.member.")
            and k.endswith(".InstanceId")] if not want else want
    if want:
        by = {s["InstanceId"]: s for s in states}
        for i in want:
            if i not in by:
                raise AwsError("InvalidInstance", f"Could not find EC2 instance {i}.")
        states = [by[i] for i in want]
    return {"InstanceStates": states}


HANDLERS = {"DescribeLoadBalancers": describe_load_balancers,
            "DescribeInstanceHealth": describe_instance_health}
