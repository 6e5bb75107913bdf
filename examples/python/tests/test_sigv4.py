"""SigV4 signing against the AWS test suite vector get-vanilla."""
import datetime
import json

import pytest

import awsmap

VANILLA_TIME = 1440938160  # 2015-08-30T12:36:00Z


@pytest.fixture(scope="module")
def vanilla(shared_testdata):
    d = shared_testdata / "sigv4" / "aws-c-auth-v4" / "get-vanilla"
    ctx = json.loads((d / "context.json").read_text())
    expected = {f.stem: f.read_text().strip() for f in d.glob("*.txt")}
    creds = (ctx["credentials"]["access_key_id"], ctx["credentials"]["secret_access_key"])
    return ctx, expected, creds


def test_header_signing_matches_the_vector(vanilla):
    ctx, expected, creds = vanilla
    r = awsmap.sign("GET", "https://example.amazonaws.com/", credentials=creds,
                    region=ctx["region"], service=ctx["service"], time=VANILLA_TIME)
    assert r.mode == "header"
    assert r.canonical_request == expected["header-canonical-request"]
    assert r.string_to_sign == expected["header-string-to-sign"]
    assert r.signature == expected["header-signature"]
    assert r.signed_headers == "host;x-amz-date"
    assert r.amz_date == "20150830T123600Z"
    signed = dict(line.split(":", 1) for line in expected["header-signed-request"].splitlines()[1:])
    assert r.authorization == signed["Authorization"]
    assert r.headers == [("X-Amz-Date", "20150830T123600Z"), ("Authorization", r.authorization)]
    assert r.url is None


def test_query_signing_matches_the_vector(vanilla):
    ctx, expected, creds = vanilla
    when = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    r = awsmap.sign("GET", "https://example.amazonaws.com/", credentials=creds,
                    region=ctx["region"], service=ctx["service"], time=when, mode="query",
                    expires=ctx["expiration_in_seconds"])
    assert r.canonical_request == expected["query-canonical-request"]
    assert r.string_to_sign == expected["query-string-to-sign"]
    assert r.signature == expected["query-signature"]
    assert r.url.startswith("https://example.amazonaws.com/?")
    assert "X-Amz-Signature=" + expected["query-signature"] in r.url
    assert r.authorization is None and r.headers == []


def test_signing_with_credentials_object_and_session_token():
    with awsmap.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                            "session-token-value") as c:
        r = awsmap.sign("POST", "https://sts.amazonaws.com/", {"Content-Type": "text/plain"},
                        b"Action=GetCallerIdentity", credentials=c, region="us-east-1",
                        service="sts", time=VANILLA_TIME)
    names = [n for n, _ in r.headers]
    assert names[0] == "X-Amz-Security-Token" and names[-1] == "Authorization"
    assert "content-type" in r.signed_headers and "x-amz-security-token" in r.signed_headers
    text = repr(r)
    assert "session-token-value" not in text and r.signature not in text
    assert "wJalrXUtnFEMI" not in text


def test_signing_errors_raise():
    creds = ("AKIDEXAMPLE", "secret")
    with pytest.raises(awsmap.InvalidArgError):
        awsmap.sign("GET", "https://example.amazonaws.com/", credentials=creds,
                    region="bad region!", service="s3", time=VANILLA_TIME)
    with pytest.raises(awsmap.InvalidArgError):
        awsmap.sign("GET", "ftp://example.amazonaws.com/", credentials=creds,
                    region="us-east-1", service="s3")
    with awsmap.Credentials("AKIDEXAMPLE", "secret", expiration=VANILLA_TIME) as expired:
        with pytest.raises(awsmap.CredentialsExpiredError):
            awsmap.sign("GET", "https://example.amazonaws.com/", credentials=expired,
                        region="us-east-1", service="s3", time=VANILLA_TIME + 10)
    with pytest.raises(ValueError):
        awsmap.sign("GET", "https://example.amazonaws.com/", credentials=creds,
                    region="us-east-1", service="s3", mode="cookie")


def test_signed_request_is_accepted_by_the_emulator(clean_emu):
    import urllib.request
    from conftest import A1, USER1
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    r = awsmap.sign("POST", clean_emu.url + "/",
                    {"Content-Type": "application/x-www-form-urlencoded"}, body,
                    credentials=USER1, region="us-east-1", service="sts")
    req = urllib.request.Request(clean_emu.url + "/", data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          **dict(r.headers)})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert A1 in resp.read().decode()
