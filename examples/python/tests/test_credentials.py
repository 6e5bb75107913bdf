"""Credential providers: static, environment, profile, assume role, default chain."""
import time

import pytest

import awsmap
from conftest import A1, A2, AUDIT_EXTERNAL_ID, AUDIT_ROLE, USER1


def test_static_provider_and_credentials_value():
    with awsmap.StaticProvider("AKIDEXAMPLE", "s3cr3t/KEY", "tok3n") as p:
        assert p.name == "static"
        with p.get() as c:
            assert c.access_key_id == "AKIDEXAMPLE"
            assert c.secret_access_key == "s3cr3t/KEY"
            assert c.session_token == "tok3n"
            assert c.expiration == 0
            assert c.source == "static"
            assert c.account_id is None
            text = repr(c) + str(c) + repr(p)
            assert "s3cr3t" not in text and "tok3n" not in text
            assert "AKIDEXAMPLE" in repr(c)


def test_credentials_value_constructor_and_close():
    c = awsmap.Credentials("AKIDEXAMPLE", "secret-value", expiration=2000000000)
    assert c.expiration == 2000000000 and c.session_token is None
    assert "secret-value" not in repr(c)
    c.close()
    c.close()  # idempotent
    assert c.closed
    with pytest.raises(ValueError):
        c.access_key_id
    assert "closed" in repr(c)


def test_environment_provider(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    with awsmap.EnvironmentProvider() as p, p.get() as c:
        assert (c.access_key_id, c.secret_access_key, c.source) == \
               ("AKIAENVEXAMPLE", "env-secret", "environment")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with awsmap.EnvironmentProvider() as p:
        with pytest.raises(awsmap.CredentialsUnavailableError) as ei:
            p.get()
    assert ei.value.provider == "environment"


def test_profile_provider_static_keys_and_missing_profile(tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile dev]\nregion = eu-west-1\n")
    creds = tmp_path / "credentials"
    creds.write_text("[dev]\naws_access_key_id = AKIAPROFILEDEV\n"
                     "aws_secret_access_key = profile-secret\n")
    with awsmap.ProfileProvider("dev", config_file=str(config), credentials_file=str(creds)) as p:
        with p.get() as c:
            assert c.access_key_id == "AKIAPROFILEDEV" and c.secret_access_key == "profile-secret"
    with awsmap.ProfileProvider("nope", config_file=str(config), credentials_file=str(creds)) as p:
        with pytest.raises(awsmap.NotFoundError) as ei:
            p.get()
    assert "nope" in ei.value.message


def test_profile_provider_assumes_a_role_with_external_id(tmp_path, clean_emu):
    config = tmp_path / "config"
    config.write_text(
        f"[profile audit]\nrole_arn = {AUDIT_ROLE}\nsource_profile = base\n"
        f"external_id = {AUDIT_EXTERNAL_ID}\nregion = us-east-1\n")
    creds = tmp_path / "credentials"
    creds.write_text(f"[base]\naws_access_key_id = {USER1[0]}\naws_secret_access_key = {USER1[1]}\n")
    with awsmap.ProfileProvider("audit", config_file=str(config), credentials_file=str(creds),
                                endpoint_url=clean_emu.url) as p, p.get() as c:
        assert c.access_key_id.startswith("ASIA") and c.session_token
        assert c.account_id == A2
    assert clean_emu.calls(service="sts", action="AssumeRole")


def test_assume_role_with_external_id(clean_emu, user1):
    with awsmap.AssumeRoleProvider(user1, AUDIT_ROLE, external_id=AUDIT_EXTERNAL_ID,
                                   role_session_name="ffi-test", duration_seconds=900,
                                   endpoint_url=clean_emu.url, region="us-east-1") as role:
        assert role.name == "assume-role"
        user1.close()  # the role provider holds its own reference to its source
        with role.get() as c:
            assert c.access_key_id.startswith("ASIA")
            assert c.session_token
            assert c.account_id == A2
            assert c.source == "assume-role"
            assert time.time() < c.expiration <= time.time() + 900 + 60
            assert c.secret_access_key not in repr(c) and c.session_token not in repr(c)
        with role.get():
            pass  # cached: one AssumeRole call
        with awsmap.Client(role, region="us-east-1", endpoint_url=clean_emu.url) as client:
            ident = client.call("sts:GetCallerIdentity")[0]
    assert ident["Account"] == A2
    assert len(clean_emu.calls(service="sts", action="AssumeRole")) == 1


def test_assume_role_rejects_a_malformed_arn(user1):
    with pytest.raises(awsmap.InvalidArgError):
        awsmap.AssumeRoleProvider(user1, "not-an-arn")


def test_default_chain_takes_environment_keys(monkeypatch, clean_emu):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", USER1[0])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", USER1[1])
    with awsmap.DefaultChainProvider(endpoint_url=clean_emu.url, disable_imds=True) as p:
        with p.get() as c:
            assert c.access_key_id == USER1[0] and c.source == "environment"
        with awsmap.Client(p, region="us-east-1", endpoint_url=clean_emu.url) as client:
            assert client.call("sts:GetCallerIdentity")[0]["Account"] == A1


def test_default_chain_with_nothing_configured_says_what_it_tried():
    with awsmap.DefaultChainProvider(disable_imds=True) as p:
        with pytest.raises(awsmap.CredentialsUnavailableError) as ei:
            p.get()
    assert "environment" in ei.value.message


def test_chain_and_cached_providers(monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    with awsmap.EnvironmentProvider() as env, awsmap.StaticProvider("AKIDCHAIN", "x") as st, \
            awsmap.ChainProvider([env, st]) as chain, awsmap.CachedProvider(chain) as cached:
        with cached.get() as c:
            assert c.access_key_id == "AKIDCHAIN"


def test_onboarding_helpers():
    ext = awsmap.generate_external_id()
    assert len(ext) == 32 and int(ext, 16) >= 0
    assert awsmap.generate_external_id() != ext
    policy = awsmap.trust_policy_json(A1, ext)
    assert ext in policy and "sts:ExternalId" in policy
    assert "ec2:DescribeInstances" in awsmap.readonly_policy_json()
    with pytest.raises(awsmap.InvalidArgError):
        awsmap.trust_policy_json("not-an-account", ext)
