"""ELBv2 (query protocol, 2015-12-01): ALB/NLB, listeners, target groups, health."""
from ..errors import AwsError
from .common import plist
from .elb import bad_marker, page_size


def _data(ctx):
    return ctx.account.data(ctx.region, "elbv2")


def _pick(items, key, wanted, code, msg):
    by = {i[key]: i for i in items}
    if any(w not in by for w in wanted):
        raise AwsError(code, msg)
    return [by[w] for w in wanted]


def _paged(ctx, items, out_key):
    page, nxt = ctx.page(items, page_size(ctx), ctx.params.get("Marker"), bad_marker)
    out = {out_key: page}
    if nxt:
        out["NextMarker"] = nxt
    return out


def describe_load_balancers(ctx):
    items = _data(ctx).get("LoadBalancers", [])
    arns = plist(ctx.params, "LoadBalancerArns.member")
    names = plist(ctx.params, "Names.member")
    if arns and names:
        raise AwsError("ValidationError", "Load balancer names and load balancer ARNs cannot be "
                       "specified at the same time")
    if arns:
        items = _pick(items, "LoadBalancerArn", arns, "LoadBalancerNotFound",
                      "One or more load balancers not found")
    if names:
        items = _pick(items, "LoadBalancerName", names, "LoadBalancerNotFound",
                      "One or more load balancers not found")
    return _paged(ctx, items, "LoadBalancers")


def describe_listeners(ctx):
    lb = ctx.params.get("LoadBalancerArn")
    arns = plist(ctx.params, "ListenerArns.member")
    if not lb and not arns:
        raise AwsError("ValidationError", "You must specify either listener ARNs or a load balancer ARN")
    items = _data(ctx).get("Listeners", [])
    if lb:
        if not any(x["LoadBalancerArn"] == lb for x in _data(ctx).get("LoadBalancers", [])):
            raise AwsError("LoadBalancerNotFound", "One or more load balancers not found")
        items = [x for x in items if x["LoadBalancerArn"] == lb]
    if arns:
        items = _pick(items, "ListenerArn", arns, "ListenerNotFound", "One or more listeners not found")
    return _paged(ctx, items, "Listeners")


def describe_target_groups(ctx):
    items = _data(ctx).get("TargetGroups", [])
    lb = ctx.params.get("LoadBalancerArn")
    arns = plist(ctx.params, "TargetGroupArns.member")
    names = plist(ctx.params, "Names.member")
    if lb:
        if not any(x["LoadBalancerArn"] == lb for x in _data(ctx).get("LoadBalancers", [])):
            raise AwsError("LoadBalancerNotFound", "One or more load balancers not found")
        items = [t for t in items if lb in t.get("LoadBalancerArns", [])]
    if arns:
        items = _pick(items, "TargetGroupArn", arns, "TargetGroupNotFound",
                      "One or more target groups not found")
    if names:
        items = _pick(items, "TargetGroupName", names, "TargetGroupNotFound",
                      "One or more target groups not found")
    return _paged(ctx, items, "TargetGroups")


def describe_target_health(ctx):
    arn = ctx.params.get("TargetGroupArn")
    if not arn:
        raise AwsError("ValidationError", "1 validation error detected: Value null at "
                       "'targetGroupArn' failed to satisfy constraint: Member must not be null")
    health = _data(ctx).get("TargetHealth", {})
    if arn not in health:
        raise AwsError("TargetGroupNotFound", f"Target groups '{arn}' not found")
    descs = health[arn]
    ids = [ctx.params[k] for k in sorted(ctx.params)
           if k.startswith("Targets.member.") and k.endswith(".Id")]
    if ids:
        descs = [d for d in descs if d["Target"]["Id"] in ids]
    return {"TargetHealthDescriptions": descs}


HANDLERS = {"DescribeLoadBalancers": describe_load_balancers,
            "DescribeListeners": describe_listeners,
            "DescribeTargetGroups": describe_target_groups,
            "DescribeTargetHealth": describe_target_health}
