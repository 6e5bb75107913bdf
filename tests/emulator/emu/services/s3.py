"""S3 (REST-XML, path-style): ListBuckets and GetBucketLocation.

Written by hand rather than from the model: the Debian botocore predates
ListBuckets pagination (max-buckets / continuation-token / BucketRegion),
which current S3 answers and which the C client may use.
"""
from xml.sax.saxutils import escape

from ..errors import AwsError
from ..xmlout import HEAD, S3_NS


def _bucket_xml(b, with_region):
    region = (f"<BucketRegion>{b['BucketRegion']}</BucketRegion>"
              if with_region and b.get("BucketRegion") else "")
    return (f"<Bucket><Name>{escape(b['Name'])}</Name>"
            f"<CreationDate>{b['CreationDate']}</CreationDate>{region}</Bucket>")


def list_buckets(ctx):
    q = ctx.query
    # config s3_bucket_region=false: answer like S3 before 2024 and most
    # S3-compatible stores, without BucketRegion (clients then ask per bucket)
    with_region = ctx.state.config.get("s3_bucket_region", True)
    buckets = sorted(ctx.account.buckets, key=lambda b: b["Name"])
    prefix = q.get("prefix")
    if prefix:
        buckets = [b for b in buckets if b["Name"].startswith(prefix)]
    region = q.get("bucket-region")
    if region:
        buckets = [b for b in buckets if b.get("BucketRegion") == region]
    limit = None
    if "max-buckets" in q:
        try:
            limit = int(q["max-buckets"])
        except ValueError:
            limit = -1
        if not 1 <= limit <= 10000:
            raise AwsError("InvalidArgument", "Argument max-buckets must be an integer between 1 and 10000",
                           400, extra={"ArgumentName": "max-buckets",
                                       "ArgumentValue": q["max-buckets"]})
    page, nxt = ctx.page(buckets, limit, q.get("continuation-token"),
                         lambda: AwsError("InvalidArgument", "The continuation token provided is incorrect",
                                          400, extra={"ArgumentName": "continuation-token"}))
    body = [HEAD, f'<ListAllMyBucketsResult xmlns="{S3_NS}">',
            f"<Owner><ID>{ctx.account.id:0>64}</ID><DisplayName>{escape(ctx.account.name)}</DisplayName></Owner>",
            "<Buckets>", "".join(_bucket_xml(b, with_region) for b in page), "</Buckets>"]
    if nxt:
        body.append(f"<ContinuationToken>{nxt}</ContinuationToken>")
    if prefix:
        body.append(f"<Prefix>{escape(prefix)}</Prefix>")
    body.append("</ListAllMyBucketsResult>")
    return "".join(body).encode()


def find_bucket(ctx, name):
    for acct in ctx.state.accounts.values():
        for b in acct.buckets:
            if b["Name"] == name:
                return acct, b
    return None, None


def get_bucket_location(ctx):
    name = ctx.bucket
    acct, b = find_bucket(ctx, name)
    if b is None:
        raise AwsError("NoSuchBucket", "The specified bucket does not exist", 404,
                       extra={"BucketName": name})
    if acct is not ctx.account:
        raise AwsError("AccessDenied", "Access Denied", 403)
    region = b.get("BucketRegion", "us-east-1")
    loc = "" if region == "us-east-1" else escape(region)
    return f'{HEAD}<LocationConstraint xmlns="{S3_NS}">{loc}</LocationConstraint>'.encode()


def action_for(method, bucket, query):
    """S3 operation name from the REST request (path-style addressing)."""
    if not bucket:
        return "ListBuckets" if method == "GET" else "Unknown"
    if method == "GET" and "location" in query:
        return "GetBucketLocation"
    return "Unknown"


HANDLERS = {"ListBuckets": list_buckets, "GetBucketLocation": get_bucket_location}
