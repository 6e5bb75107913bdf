"""Signature checks, credential errors, AssumeRole trust, web identity, policies."""
import datetime
import time

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

import sign
from conftest import A1, A2, NO_EC2, USER1

SIG_MSG = ("The request signature we calculated does not match the signature you provided. "
           "Check your AWS Secret Access Key and signing method. Consult the service documentation "
           "for details.")


def err(fn, **kw):
    with pytest.raises(ClientError) as ei:
        fn(**kw)
    return ei.value.response["Error"], ei.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_wrong_secret(emu):
    bad = (USER1[0], "wrong" + USER1[1][5:])
    e, st = err(emu.client("sts", creds=bad).get_caller_identity)
    assert (e["Code"], e["Message"], st) == ("SignatureDoesNotMatch", SIG_MSG, 403)
    e, st = err(emu.client("rds", creds=bad).describe_db_instances)
    assert (e["Code"], e["Message"]) == ("SignatureDoesNotMatch", SIG_MSG)
    e, st = err(emu.client("elbv2", creds=bad).describe_load_balancers)
    assert e["Code"] == "SignatureDoesNotMatch"
    e, st = err(emu.client("s3", creds=bad).list_buckets)
    assert e["Code"] == "SignatureDoesNotMatch" and st == 403
    e, st = err(emu.client("ec2", creds=bad).describe_vpcs)   # EC2 words it AuthFailure
    assert (e["Code"], st) == ("AuthFailure", 401)
    assert e["Message"] == "AWS was not able to validate the provided access credentials"


def test_unknown_key(emu):
    bad = ("AKIAUNKNOWN000000000", "x" * 40)
    e, st = err(emu.client("sts", creds=bad).get_caller_identity)
    assert (e["Code"], e["Message"], st) == (
        "InvalidClientTokenId", "The security token included in the request is invalid.", 403)
    assert err(emu.client("ec2", creds=bad).describe_vpcs)[0]["Code"] == "AuthFailure"
    assert err(emu.client("s3", creds=bad).list_buckets)[0]["Code"] == "InvalidAccessKeyId"
    assert err(emu.client("rds", creds=bad).describe_db_instances)[0]["Code"] == "InvalidClientTokenId"


def test_clock_skew_of_request(emu):
    past = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
    st, body = sign.send(emu.url, "sts", "us-east-1", USER1, method="POST",
                         body="Action=GetCallerIdentity&Version=2011-06-15", when=past)
    assert st == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body and b"Signature expired" in body
    st, body = sign.send(emu.url, "ec2", "us-east-1", USER1, method="POST",
                         body="Action=DescribeVpcs&Version=2016-11-15", when=past)
    assert st == 400 and b"<Code>RequestExpired</Code>" in body and b"<Response><Errors>" in body
    st, body = sign.send(emu.url, "s3", "us-east-1", USER1, when=past)
    assert st == 403 and b"<Code>RequestTimeTooSkewed</Code>" in body
    ok = datetime.datetime.utcnow() - datetime.timedelta(minutes=10)
    st, _ = sign.send(emu.url, "sts", "us-east-1", USER1, method="POST",
                      body="Action=GetCallerIdentity&Version=2011-06-15", when=ok)
    assert st == 200


def test_presigned_and_query_signed(emu):
    url = emu.client("s3", signature_version="s3v4").generate_presigned_url("list_buckets", ExpiresIn=60)
    import urllib.request
    with urllib.request.urlopen(url) as r:
        assert b"prod-assets-use1" in r.read()
    st, body = sign.send(emu.url, "ec2", "eu-west-1", USER1, params={"Action": "DescribeVpcs",
                                                                     "Version": "2016-11-15"})
    assert st == 200 and b"prod-euw1-vpc" in body


def test_assume_role_external_id(emu):
    sts = emu.client("sts")
    arn = f"arn:aws:iam::{A2}:role/AuditRole"
    for kw in ({}, {"ExternalId": "wrong"}):
        e, st = err(sts.assume_role, RoleArn=arn, RoleSessionName="mapper", **kw)
        assert (e["Code"], st) == ("AccessDenied", 403)
        assert e["Message"] == (f"User: arn:aws:iam::{A1}:user/mapper is not authorized to perform: "
                                f"sts:AssumeRole on resource: {arn}")
    r = sts.assume_role(RoleArn=arn, RoleSessionName="mapper", ExternalId="ext-7f3a9c",
                        DurationSeconds=7200, PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])
    c = r["Credentials"]
    assert c["AccessKeyId"].startswith("ASIA") and r["AssumedRoleUser"]["Arn"] == \
        f"arn:aws:sts::{A2}:assumed-role/AuditRole/mapper"
    assert 7000 < (c["Expiration"].timestamp() - time.time()) <= 7200
    ec2 = emu.client("ec2", creds=(c["AccessKeyId"], c["SecretAccessKey"]), token=c["SessionToken"])
    names = [t["Value"] for v in ec2.describe_vpcs()["Vpcs"] for t in v["Tags"] if t["Key"] == "Name"]
    assert names == ["shared-use1-vpc"]               # the target account's resources
    who = emu.client("sts", creds=(c["AccessKeyId"], c["SecretAccessKey"]), token=c["SessionToken"])
    assert who.get_caller_identity()["Account"] == A2
    e, _ = err(emu.client("sts", parameter_validation=False).assume_role, RoleArn=arn,
               RoleSessionName="m", ExternalId="ext-7f3a9c")
    assert e["Code"] == "ValidationError"   # RoleSessionName shorter than 2


def test_assume_role_duration_and_unknown(emu):
    sts = emu.client("sts", parameter_validation=False)
    e, _ = err(sts.assume_role, RoleArn=f"arn:aws:iam::{A2}:role/OpenRole", RoleSessionName="ab",
               DurationSeconds=7200)
    assert e["Code"] == "ValidationError" and "MaxSessionDuration" in e["Message"]
    e, _ = err(sts.assume_role, RoleArn=f"arn:aws:iam::{A2}:role/OpenRole", RoleSessionName="ab",
               DurationSeconds=899)
    assert e["Code"] == "ValidationError"
    e, _ = err(sts.assume_role, RoleArn=f"arn:aws:iam::{A2}:role/Nope", RoleSessionName="ab")
    assert e["Code"] == "AccessDenied"


def test_expired_temporary_credentials(emu):
    emu.post("/_emu/config", {"credential_duration_seconds": 1})
    c = emu.client("sts").assume_role(RoleArn=f"arn:aws:iam::{A2}:role/OpenRole",
                                      RoleSessionName="short")["Credentials"]
    time.sleep(1.2)
    creds = (c["AccessKeyId"], c["SecretAccessKey"])
    e, _ = err(emu.client("sts", creds=creds, token=c["SessionToken"]).get_caller_identity)
    assert (e["Code"], e["Message"]) == ("ExpiredToken", "The security token included in the request is expired")
    assert err(emu.client("ec2", creds=creds, token=c["SessionToken"]).describe_vpcs)[0]["Code"] == "ExpiredToken"
    assert err(emu.client("s3", creds=creds, token=c["SessionToken"]).list_buckets)[0]["Code"] == "ExpiredToken"
    # wrong session token is an invalid token
    e, _ = err(emu.client("sts", creds=creds, token="bogus").get_caller_identity)
    assert e["Code"] == "InvalidClientTokenId"


def test_web_identity(emu):
    sts = boto3.client("sts", endpoint_url=emu.url, region_name="us-east-1",
                       config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))
    r = sts.assume_role_with_web_identity(RoleArn=f"arn:aws:iam::{A2}:role/WebRole", RoleSessionName="pod",
                                          WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.emu-web-identity.sig")
    assert r["SubjectFromWebIdentityToken"] == "system:serviceaccount:prod:mapper"
    assert r["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{A2}:assumed-role/WebRole/pod"
    e, _ = err(sts.assume_role_with_web_identity, RoleArn=f"arn:aws:iam::{A2}:role/WebRole",
               RoleSessionName="pod", WebIdentityToken="garbage")
    assert e["Code"] == "InvalidIdentityToken"
    e, _ = err(sts.assume_role_with_web_identity, RoleArn=f"arn:aws:iam::{A2}:role/WebRole",
               RoleSessionName="pod", WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.emu-expired.sig")
    assert e["Code"] == "ExpiredTokenException"
    e, _ = err(sts.assume_role_with_web_identity, RoleArn=f"arn:aws:iam::{A2}:role/OpenRole",
               RoleSessionName="pod", WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.emu-web-identity.sig")
    assert e["Code"] == "AccessDenied"
    # other unsigned calls are refused
    e, st = err(sts.get_caller_identity)
    assert (e["Code"], st) == ("MissingAuthenticationToken", 403)


def test_policy_denials(emu):
    e, st = err(emu.client("ec2", creds=NO_EC2).describe_vpcs)
    assert (e["Code"], st) == ("UnauthorizedOperation", 403)
    assert emu.client("rds", creds=NO_EC2).describe_db_instances()["DBInstances"]
    c = emu.client("sts").assume_role(RoleArn=f"arn:aws:iam::{A2}:role/EuOnlyRole",
                                      RoleSessionName="eu")["Credentials"]
    creds, tok = (c["AccessKeyId"], c["SecretAccessKey"]), c["SessionToken"]
    assert emu.client("ec2", "eu-west-1", creds=creds, token=tok).describe_vpcs()["Vpcs"] == []
    assert err(emu.client("ec2", "us-east-1", creds=creds, token=tok).describe_vpcs)[0]["Code"] == \
        "UnauthorizedOperation"
    e, _ = err(emu.client("elbv2", "us-east-1", creds=creds, token=tok).describe_load_balancers)
    assert e["Code"] == "AccessDenied" and e["Message"].startswith(
        f"User: arn:aws:sts::{A2}:assumed-role/EuOnlyRole/eu is not authorized to perform: "
        "elasticloadbalancing:DescribeLoadBalancers")
