"""RDS (query protocol, 2014-10-31): MaxRecords 20..100 (default 100) / Marker."""
from ..errors import AwsError
from .common import filters, matches_filters

# op -> (collection, identifier param, key, not-found code, message, status)
OPS = {
    "DescribeDBInstances": ("DBInstances", "DBInstanceIdentifier", "DBInstanceIdentifier",
                            "DBInstanceNotFound", "DBInstance {} not found.", 404),
    "DescribeDBClusters": ("DBClusters", "DBClusterIdentifier", "DBClusterIdentifier",
                           "DBClusterNotFoundFault", "DBCluster {} not found.", 404),
    "DescribeDBSubnetGroups": ("DBSubnetGroups", "DBSubnetGroupName", "DBSubnetGroupName",
                               "DBSubnetGroupNotFoundFault", "DB subnet group '{}' not found.", 404),
}
# RDS filter names -> fields.
FILTER_KEYS = {"db-instance-id": ["DBInstanceIdentifier"], "db-cluster-id": ["DBClusterIdentifier"],
               "engine": ["Engine"], "dbi-resource-id": ["DbiResourceId"]}


def describe(ctx):
    coll, idp, key, code, msg, status = OPS[ctx.action]
    raw = ctx.params.get("MaxRecords")
    limit = 100
    if raw is not None:
        try:
            limit = int(raw)
        except ValueError:
            raise AwsError("InvalidParameterValue", f"Invalid value {raw} for MaxRecords")
        if not 20 <= limit <= 100:
            raise AwsError("InvalidParameterValue",
                           f"Invalid value {limit} for MaxRecords. Must be between 20 and 100")
    items = ctx.account.data(ctx.region, "rds").get(coll, [])
    ident = ctx.params.get(idp)
    if ident:
        # ARNs are accepted where identifiers are.
        short = ident.rsplit(":", 1)[-1] if ident.startswith("arn:") else ident
        items = [i for i in items if i[key] == short]
        if not items:
            raise AwsError(code, msg.format(short), status)
    fl = filters(ctx.params, "Filters.Filter")
    for name, _ in fl:
        if name not in FILTER_KEYS:
            raise AwsError("InvalidParameterValue", f"Unrecognized filter name: {name}.")
    if fl:
        items = [i for i in items if all(
            str(i.get(FILTER_KEYS[n][0])) in v or (n == "db-cluster-id" and i.get("DBClusterArn") in v)
            or (n == "db-instance-id" and i.get("DBInstanceArn") in v) for n, v in fl)]
    page, nxt = ctx.page(items, limit, ctx.params.get("Marker"),
                         lambda: AwsError("InvalidParameterValue",
                                          "The parameter Marker is not a valid pagination token."))
    result = {coll: page}
    if nxt:
        result["Marker"] = nxt
    return result


HANDLERS = {op: describe for op in OPS}
