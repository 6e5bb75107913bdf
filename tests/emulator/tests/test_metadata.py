"""IMDSv2, container credentials and the SSO portal."""
import json
import urllib.error
import urllib.request

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.utils import ContainerMetadataFetcher, InstanceMetadataFetcher

from conftest import A1, A2


def http(emu, method, path, headers=None):
    req = urllib.request.Request(emu.url + path, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_imdsv2(emu):
    assert http(emu, "GET", "/latest/meta-data/iam/security-credentials/")[0] == 401
    for ttl in ("0", "21601", "x"):
        assert http(emu, "PUT", "/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": ttl})[0] == 400
    st, tok = http(emu, "PUT", "/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    assert st == 200
    h = {"X-aws-ec2-metadata-token": tok}
    assert http(emu, "GET", "/latest/meta-data/iam/security-credentials/", h) == (200, "app-instance-role")
    assert http(emu, "GET", "/latest/meta-data/iam/security-credentials/x",
                {"X-aws-ec2-metadata-token": "bad"})[0] == 401
    st, body = http(emu, "GET", "/latest/meta-data/iam/security-credentials/app-instance-role", h)
    doc = json.loads(body)
    assert set(doc) == {"Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"}
    # botocore's own IMDS client, then the credentials against STS
    creds = InstanceMetadataFetcher(timeout=2, num_attempts=1, base_url=emu.url).retrieve_iam_role_credentials()
    assert creds["role_name"] == "app-instance-role"
    sts = emu.client("sts", creds=(creds["access_key"], creds["secret_key"]), token=creds["token"])
    assert sts.get_caller_identity()["Arn"].startswith(f"arn:aws:sts::{A1}:assumed-role/app-instance-role/")
    assert [c["action"] for c in emu.calls(service="imds")][:2] == ["GetMetadata", "GetToken"]


def test_imds_v1_flag(emu):
    emu.post("/_emu/config", {"imds_allow_v1": True})
    try:
        assert http(emu, "GET", "/latest/meta-data/iam/security-credentials/")[0] == 200
    finally:
        emu.post("/_emu/config", {"imds_allow_v1": False})


def test_container_credentials(emu):
    f = ContainerMetadataFetcher()
    c = f.retrieve_full_uri(emu.url + "/v2/credentials/emu-task-1")
    assert c["RoleArn"] == f"arn:aws:iam::{A1}:role/ReadOnly" and c["AccessKeyId"].startswith("ASIA")
    assert http(emu, "GET", "/container/credentials")[0] == 401
    assert http(emu, "GET", "/container/credentials", {"Authorization": "nope"})[0] == 401
    c = f.retrieve_full_uri(emu.url + "/container/credentials",
                            headers={"Authorization": "emu-pod-identity-token"})
    sts = emu.client("sts", creds=(c["AccessKeyId"], c["SecretAccessKey"]), token=c["Token"])
    assert sts.get_caller_identity()["Account"] == A1


def test_sso(emu):
    sso = boto3.client("sso", endpoint_url=emu.url, region_name="us-east-1",
                       config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))
    r = sso.get_role_credentials(roleName="OpenRole", accountId=A2, accessToken="emu-sso-access-token")
    rc = r["roleCredentials"]
    assert rc["accessKeyId"].startswith("ASIA") and rc["expiration"] > 10**12
    sts = emu.client("sts", creds=(rc["accessKeyId"], rc["secretAccessKey"]), token=rc["sessionToken"])
    assert sts.get_caller_identity()["Account"] == A2
    for tok in ("unknown", "emu-sso-expired-token"):
        with pytest.raises(sso.exceptions.UnauthorizedException):
            sso.get_role_credentials(roleName="OpenRole", accountId=A2, accessToken=tok)
    with pytest.raises(sso.exceptions.ClientError) as ei:   # AWS: ForbiddenException "No access"
        sso.get_role_credentials(roleName="AuditRole", accountId=A2, accessToken="emu-sso-access-token")
    assert ei.value.response["Error"]["Code"] == "ForbiddenException"
