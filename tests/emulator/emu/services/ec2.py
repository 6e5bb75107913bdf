"""EC2 (ec2 query protocol, 2016-11-15): the Describe* calls libawsmap uses."""
from ..errors import AwsError
from ..xmlout import operation
from .common import filters, matches_filters, plist

# op -> (collection, id param, id key, (min, max, clamp), not-found (code, message))
# Limits are the documented ones; "clamp" means larger values are silently capped.
OPS = {
    "DescribeInstances": ("Instances", "InstanceId", "InstanceId", (5, 1000, False),
                          ("InvalidInstanceID.NotFound", "The instance ID '{}' does not exist")),
    "DescribeVolumes": ("Volumes", "VolumeId", "VolumeId", (5, 500, True),
                        ("InvalidVolume.NotFound", "The volume '{}' does not exist.")),
    "DescribeNetworkInterfaces": ("NetworkInterfaces", "NetworkInterfaceId", "NetworkInterfaceId",
                                  (5, 1000, False),
                                  ("InvalidNetworkInterfaceID.NotFound",
                                   "The networkInterface ID '{}' does not exist")),
    "DescribeSecurityGroups": ("SecurityGroups", "GroupId", "GroupId", (5, 1000, False),
                               ("InvalidGroup.NotFound", "The security group '{}' does not exist")),
    "DescribeVpcs": ("Vpcs", "VpcId", "VpcId", (5, 1000, False),
                     ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist")),
    "DescribeSubnets": ("Subnets", "SubnetId", "SubnetId", (5, 1000, False),
                        ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist")),
    "DescribeInternetGateways": ("InternetGateways", "InternetGatewayId", "InternetGatewayId",
                                 (5, 1000, False),
                                 ("InvalidInternetGatewayID.NotFound",
                                  "The internetGateway ID '{}' does not exist")),
    "DescribeNatGateways": ("NatGateways", "NatGatewayId", "NatGatewayId", (5, 1000, False),
                            ("NatGatewayNotFound", "The Nat Gateway {} was not found")),
    "DescribeRouteTables": ("RouteTables", "RouteTableId", "RouteTableId", (5, 100, False),
                            ("InvalidRouteTableID.NotFound", "The routeTable ID '{}' does not exist")),
    "DescribeVpcPeeringConnections": ("VpcPeeringConnections", "VpcPeeringConnectionId",
                                      "VpcPeeringConnectionId", (5, 1000, False),
                                      ("InvalidVpcPeeringConnectionID.NotFound",
                                       "The vpcPeeringConnection ID '{}' does not exist")),
    "DescribeVpcEndpoints": ("VpcEndpoints", "VpcEndpointId", "VpcEndpointId", (1, 1000, True),
                             ("InvalidVpcEndpointId.NotFound",
                              "The Vpc Endpoint Id '{}' does not exist")),
    "DescribeInstanceStatus": ("InstanceStatuses", "InstanceId", "InstanceId", (5, 1000, False),
                               ("InvalidInstanceID.NotFound", "The instance ID '{}' does not exist")),
}
# Ops whose MaxResults cannot be combined with an explicit id list.
NO_COMBINE = {"DescribeInstances": "instancesSet", "DescribeVolumes": "volumeIds",
              "DescribeNetworkInterfaces": "NetworkInterfaceIds",
              "DescribeSecurityGroups": "GroupIds", "DescribeInstanceStatus": "instancesSet"}
FALLBACKS = {"availability-zone": ["Placement", "AvailabilityZone"],
             "group-id": ["SecurityGroups", "GroupId"],
             "attachment.instance-id": ["Attachments", "InstanceId"]}

def _item_keys(op, coll):
    out = operation("ec2", op).output_shape
    if op == "DescribeInstances":
        return set(out.members["Reservations"].member.members["Instances"].member.members)
    return set(out.members[coll].member.members)


def _bad_token():
    return AwsError("InvalidPaginationToken",
                    "The specified pagination token is not valid or is expired.")


def _max_results(ctx, op, lim, ids):
    raw = ctx.params.get("MaxResults")
    if raw is None:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise AwsError("InvalidParameterValue",
                       f"Invalid value '{raw}' for parameter MaxResults")
    lo, hi, clamp = lim
    if ids and op in NO_COMBINE:
        raise AwsError("InvalidParameterCombination",
                       f"The parameter {NO_COMBINE[op]} cannot be used with the parameter maxResults")
    if n < lo or (n > hi and not clamp):
        raise AwsError("InvalidParameterValue",
                       f"Value ( {n} ) for parameter maxResults is invalid. "
                       f"Parameter may only be between {lo} and {hi}.")
    return min(n, hi)


def _instance_statuses(ctx):
    """DescribeInstanceStatus is derived from the instances (explicit entries win)."""
    data = ctx.account.data(ctx.region, "ec2")
    if "InstanceStatuses" in data:
        return data["InstanceStatuses"]
    ok = {"Status": "ok", "Details": [{"Name": "reachability", "Status": "passed"}]}
    out = []
    for i in data.get("Instances", []):
        st = {"InstanceId": i["InstanceId"], "AvailabilityZone": i["Placement"]["AvailabilityZone"],
              "InstanceState": i["State"]}
        if i["State"]["Name"] == "running":
            st["InstanceStatus"] = ok
            st["SystemStatus"] = ok
        else:
            na = {"Status": "not-applicable"}
            st["InstanceStatus"] = na
            st["SystemStatus"] = na
        out.append(st)
    return out


def describe(ctx):
    op = ctx.action
    coll, idp, idkey, lim, nf = OPS[op]
    ids = plist(ctx.params, idp)
    names = plist(ctx.params, "GroupName") if op == "DescribeSecurityGroups" else []
    limit = _max_results(ctx, op, lim, ids or names)
    if op == "DescribeInstanceStatus":
        items = _instance_statuses(ctx)
        if ctx.params.get("IncludeAllInstances", "false").lower() != "true":
            items = [s for s in items if s["InstanceState"]["Name"] == "running"]
    else:
        items = ctx.account.data(ctx.region, "ec2").get(coll, [])
    if ids or names:
        by_id = {it[idkey]: it for it in items}
        by_name = {it.get("GroupName"): it for it in items} if names else {}
        picked = []
        for i in ids:
            if i not in by_id:
                raise AwsError(nf[0], nf[1].format(i))
            picked.append(by_id[i])
        for n in names:
            if n not in by_name:
                raise AwsError("InvalidGroup.NotFound",
                               f"The security group '{n}' does not exist in default VPC 'vpc-none'")
            picked.append(by_name[n])
        items = picked
    fl = filters(ctx.params, "Filter")
    if fl:
        keys = _item_keys(op, coll)
        items = [it for it in items if matches_filters(it, fl, keys, FALLBACKS)]
    page, nxt = ctx.page(items, limit, ctx.params.get("NextToken"), _bad_token)
    if op == "DescribeInstances":
        result = {"Reservations": [_reservation(ctx, i) for i in page]}
    else:
        result = {coll: page}
    if nxt:
        result["NextToken"] = nxt
    return result


def _reservation(ctx, inst):
    return {"ReservationId": inst.get("_ReservationId", "r-" + inst["InstanceId"][2:]),
            "OwnerId": ctx.account.id, "Groups": [], "Instances": [inst]}


def describe_regions(ctx):
    names = plist(ctx.params, "RegionName")
    all_regions = ctx.params.get("AllRegions", "false").lower() == "true"
    regions = [{"RegionName": r, "Endpoint": f"ec2.{r}.amazonaws.com",
                "OptInStatus": "opt-in-not-required"} for r in ctx.state.regions]
    if all_regions:
        regions += [{"RegionName": r, "Endpoint": f"ec2.{r}.amazonaws.com",
                     "OptInStatus": "not-opted-in"}
                    for r in ctx.state.scenario.get("disabled_regions", [])]
    if names:
        known = {r["RegionName"] for r in regions}
        for n in names:
            if n not in known:
                raise AwsError("InvalidParameterValue", f"Invalid region: {n}")
        regions = [r for r in regions if r["RegionName"] in names]
    fl = filters(ctx.params, "Filter")
    if fl:
        regions = [r for r in regions if matches_filters(r, fl, {"RegionName", "Endpoint", "OptInStatus"})]
    return {"Regions": regions}


def describe_azs(ctx):
    data = ctx.account.data(ctx.region, "ec2")
    zones = data.get("AvailabilityZones")
    if zones is None:
        # Derived from the subnets, plus a/b so an empty region still has zones.
        seen = {}
        for s in data.get("Subnets", []):
            seen[s["AvailabilityZone"]] = s.get("AvailabilityZoneId")
        for suffix in "ab":
            seen.setdefault(ctx.region + suffix, None)
        zones = []
        for i, (name, zid) in enumerate(sorted(seen.items())):
            zones.append({"ZoneName": name, "ZoneId": zid or f"{ctx.region[:2]}{ctx.region.split('-')[1][:1]}{ctx.region[-1]}-az{ord(name[-1]) - 96}",
                          "State": "available", "RegionName": ctx.region,
                          "OptInStatus": "opt-in-not-required", "Messages": [],
                          "GroupName": ctx.region, "NetworkBorderGroup": ctx.region,
                          "ZoneType": "availability-zone"})
    names = plist(ctx.params, "ZoneName")
    if names:
        zones = [z for z in zones if z["ZoneName"] in names]
    return {"AvailabilityZones": zones}


HANDLERS = {op: describe for op in OPS}
HANDLERS["DescribeRegions"] = describe_regions
HANDLERS["DescribeAvailabilityZones"] = describe_azs
