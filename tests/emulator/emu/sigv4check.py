"""Independent SigV4 verification with botocore's own canonicalisation.

We rebuild an AWSRequest from what arrived on the wire and let botocore's
SigV4Auth compute the canonical request / string to sign / signature, using
only the headers the client said it signed.
"""
import hmac
from urllib.parse import parse_qsl, unquote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials


class ParsedAuth:
    __slots__ = ("access_key", "date", "region", "service", "signed_headers",
                 "signature", "amz_date", "presigned", "expires")


def parse_auth(headers, query_pairs):
    """Parse the Authorization header or presigned X-Amz-* query; None if unsigned."""
    a = ParsedAuth()
    auth = headers.get("Authorization")
    q = dict(query_pairs)
    if auth and auth.startswith("AWS4-HMAC-SHA256 "):
        parts = {}
        for item in auth[len("AWS4-HMAC-SHA256 "):].split(","):
            k, _, v = item.strip().partition("=")
            parts[k] = v
        cred = parts.get("Credential", "")
        a.signed_headers = parts.get("SignedHeaders", "")
        a.signature = parts.get("Signature", "")
        a.amz_date = headers.get("X-Amz-Date") or ""
        a.presigned = False
        a.expires = None
    elif "X-Amz-Credential" in q and q.get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256":
        cred = q["X-Amz-Credential"]
        a.signed_headers = q.get("X-Amz-SignedHeaders", "host")
        a.signature = q.get("X-Amz-Signature", "")
        a.amz_date = q.get("X-Amz-Date", "")
        a.presigned = True
        a.expires = q.get("X-Amz-Expires")
    else:
        return None
    bits = cred.split("/")
    if len(bits) != 5 or bits[4] != "aws4_request":
        return "malformed"
    a.access_key, a.date, a.region, a.service = bits[0], bits[1], bits[2], bits[3]
    return a


class _Signer(SigV4Auth):
    """SigV4Auth restricted to the client's SignedHeaders list."""

    def __init__(self, creds, service, region, signed, normalize):
        super().__init__(creds, service, region)
        self._signed = signed
        self._normalize = normalize

    def headers_to_sign(self, request):
        hm = HTTPHeaders()
        for name, value in request.headers.items():
            if name.lower() in self._signed:
                hm[name.lower()] = value
        return hm

    def _normalize_url_path(self, path):
        if self._normalize:
            return super()._normalize_url_path(path)
        return path  # S3 style: signed exactly as sent


def verify(a, secret, method, raw_path, headers, body):
    """True when the signature in `a` matches what `secret` produces."""
    path, _, query = raw_path.partition("?")
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if not (a.presigned and k == "X-Amz-Signature")]
    signed = set(a.signed_headers.split(";"))
    req_headers = HTTPHeaders()
    for k, v in headers.items():
        if k.lower() in signed:
            req_headers[k] = v
    if a.presigned and a.service == "s3" and "X-Amz-Content-SHA256" not in req_headers:
        # Presigned S3 URLs sign UNSIGNED-PAYLOAD (unsigned header, so only
        # the body-hash line of the canonical request sees it).
        req_headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    host = headers.get("Host", "localhost")
    creds = Credentials(a.access_key, secret)
    # Canonical URIs differ between services (S3 single-encodes and does not
    # normalise); accept the client's path under either convention.
    candidates = []
    for normalize, p in ((a.service != "s3", path), (a.service == "s3", path),
                         (False, unquote(path))):
        if (normalize, p) in candidates:
            continue
        candidates.append((normalize, p))
        req = AWSRequest(method=method, url=f"http://{host}{p}", headers=req_headers,
                         data=body or b"", params=pairs)
        req.context["timestamp"] = a.amz_date
        signer = _Signer(creds, a.service, a.region, signed, normalize)
        cr = signer.canonical_request(req)
        sts = signer.string_to_sign(req, cr)
        sig = signer.signature(sts, req)
        if hmac.compare_digest(sig.encode(), a.signature.encode()):
            return True
    return False
