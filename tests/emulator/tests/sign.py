"""Raw SigV4-signed requests (for parameters the Debian models lack, and for
signing at a chosen time)."""
import datetime
import urllib.error
import urllib.request
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def send(url, service, region, creds, method="GET", path="/", params=None, body=None,
         when=None, token=None):
    headers = {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    req = AWSRequest(method=method, url=url + path, params=params or {},
                     data=body.encode() if isinstance(body, str) else body, headers=headers)
    c = Credentials(creds[0], creds[1], token)
    signer = (S3SigV4Auth if service == "s3" else SigV4Auth)(c, service, region)
    if when is None:
        signer.add_auth(req)
    else:
        with mock.patch("botocore.auth.datetime") as dt:
            dt.datetime.utcnow.return_value = when
            dt.datetime.side_effect = datetime.datetime
            signer.add_auth(req)
    prep = req.prepare()
    r = urllib.request.Request(prep.url, data=prep.body or None, method=method,
                               headers=dict(prep.headers))
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
