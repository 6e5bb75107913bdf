"""Version, the status -> exception mapping and the detailed last error."""
import re
import threading

import pytest

import awsmap
from awsmap import _lib, errors
from conftest import AUDIT_ROLE, REPO, USER1


def test_version_matches_the_project_version():
    project = re.search(r"project\(awsmap VERSION (\d+\.\d+\.\d+)",
                        (REPO / "CMakeLists.txt").read_text()).group(1)
    assert awsmap.__version__ == project
    major, minor, patch = map(int, project.split("."))
    assert awsmap.version_num() == (major << 16) | (minor << 8) | patch


def test_every_status_has_its_own_class_named_from_the_library():
    seen = set()
    for code in range(1, 20):
        name = _lib.dec(_lib.lib.awsmap_status_name(code))
        cls = errors.class_for(code)
        words = name[len("AWSMAP_ERR_"):].split("_")
        assert cls.__name__ == "".join(w.capitalize() for w in words) + "Error"
        assert issubclass(cls, awsmap.AwsmapError) and cls.status == code
        assert getattr(awsmap, cls.__name__) is cls
        seen.add(cls)
    assert len(seen) == 19
    assert awsmap.AccessDeniedError.status == 10 and awsmap.AuthError.status == 18
    assert issubclass(awsmap.InvalidArgError, ValueError)
    assert issubclass(awsmap.TimeoutError, TimeoutError)


def test_unknown_future_status_still_maps_to_an_awsmap_error():
    cls = errors.class_for(4242)
    assert issubclass(cls, awsmap.AwsmapError) and cls.__name__ == "UnknownError"


def test_invalid_argument_carries_the_message():
    with pytest.raises(awsmap.InvalidArgError) as ei:
        awsmap.StaticProvider("", "s3cr3t-value")
    assert ei.value.status_name == "AWSMAP_ERR_INVALID_ARG"
    assert ei.value.message and "s3cr3t-value" not in ei.value.message
    assert str(ei.value) == ei.value.message


def test_success_leaves_no_stale_error():
    with pytest.raises(awsmap.InvalidArgError):
        awsmap.StaticProvider("", "x")
    with awsmap.StaticProvider("AKIDEXAMPLE", "x"):
        pass
    err = _lib.lib.awsmap_error_last()
    assert _lib.lib.awsmap_error_status(err) == 0
    assert _lib.lib.awsmap_error_message(err) == b""


def test_wrong_external_id_is_access_denied_with_details(clean_emu, user1):
    with awsmap.AssumeRoleProvider(user1, AUDIT_ROLE, external_id="not-the-right-one",
                                   endpoint_url=clean_emu.url, region="us-east-1") as role:
        with pytest.raises(awsmap.AccessDeniedError) as ei:
            role.get()
    e = ei.value
    assert e.aws_code == "AccessDenied"
    assert e.http_status == 403
    assert e.operation == "sts:AssumeRole"
    assert e.provider == "assume-role"
    assert e.request_id
    assert "External ID" in e.message and AUDIT_ROLE in e.message
    assert USER1[1] not in repr(e)


def test_bad_secret_is_auth_error(clean_emu):
    with awsmap.StaticProvider(USER1[0], "wrong/secret") as bad, \
            awsmap.Client(bad, region="us-east-1", endpoint_url=clean_emu.url, max_attempts=1) as c:
        with pytest.raises(awsmap.AuthError) as ei:
            c.call("sts:GetCallerIdentity")
    assert ei.value.aws_code == "SignatureDoesNotMatch"
    assert ei.value.http_status == 403
    assert "wrong/secret" not in str(ei.value)


def test_unknown_operation_is_unsupported(client):
    with pytest.raises(awsmap.UnsupportedError):
        client.call("ec2:TerminateInstances")


def test_errors_are_per_thread(clean_emu, user1):
    # A failure on another thread must not show up as this thread's last error.
    def fail():
        with pytest.raises(awsmap.InvalidArgError):
            awsmap.StaticProvider("", "x")
    t = threading.Thread(target=fail)
    t.start()
    t.join()
    with awsmap.StaticProvider(*USER1):
        pass
    assert _lib.lib.awsmap_error_status(_lib.lib.awsmap_error_last()) == 0


def test_throttling_after_retries_is_throttled_error(clean_emu, user1):
    clean_emu.post("/_emu/faults", [{"match": {"service": "sts"}, "kind": "throttle"}])
    with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url,
                       max_attempts=2) as c:
        with pytest.raises(awsmap.ThrottledError) as ei:
            c.call("sts:GetCallerIdentity")
    assert ei.value.aws_code == "Throttling"
    assert len(clean_emu.calls(service="sts", action="GetCallerIdentity")) == 2


def test_threads_share_a_provider_and_get_their_own_errors(clean_emu, user1):
    results, failures = [], []

    def work(i):
        try:
            with awsmap.Client(user1, region="us-east-1", endpoint_url=clean_emu.url) as c:
                if i % 2:
                    results.append(c.call("sts:GetCallerIdentity")[0]["Account"])
                else:
                    try:
                        c.call("ec2:NoSuchCall")
                    except awsmap.UnsupportedError as e:
                        results.append(e.status_name)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(results) == ["111111111111"] * 4 + ["AWSMAP_ERR_UNSUPPORTED"] * 4


def test_log_callback_receives_redacted_lines(clean_emu):
    lines = []
    awsmap.set_log_callback(lambda lvl, sub, msg: lines.append((lvl, sub, msg)), "trace")
    try:
        with awsmap.StaticProvider(*USER1) as p, \
                awsmap.Client(p, region="us-east-1", endpoint_url=clean_emu.url) as c:
            c.call("sts:GetCallerIdentity")
    finally:
        awsmap.set_log_callback(None)
    assert lines and all(lvl in ("error", "warn", "info", "debug", "trace") for lvl, _, _ in lines)
    text = "\n".join(m for _, _, m in lines)
    assert USER1[1] not in text
    count = len(lines)
    with awsmap.StaticProvider(*USER1):
        pass
    assert len(lines) == count  # removed: nothing more arrives
