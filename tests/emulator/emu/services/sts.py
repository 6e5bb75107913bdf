"""STS (query protocol, 2011-06-15): caller identity and role assumption."""
import re
import time

from ..errors import AwsError
from ..state import iso
from .common import plist

_SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")


def get_caller_identity(ctx):
    p = ctx.principal
    return {"UserId": p.user_id, "Account": p.account.id, "Arn": p.arn}


def _duration(ctx, role):
    raw = ctx.params.get("DurationSeconds")
    if raw is None:
        return 3600
    try:
        d = int(raw)
    except ValueError:
        raise AwsError("ValidationError", f"Invalid value '{raw}' for DurationSeconds")
    if d < 900:
        raise AwsError("ValidationError", f"1 validation error detected: Value '{d}' at 'durationSeconds' "
                       "failed to satisfy constraint: Member must have value greater than or equal to 900")
    if d > 43200:
        raise AwsError("ValidationError", f"1 validation error detected: Value '{d}' at 'durationSeconds' "
                       "failed to satisfy constraint: Member must have value less than or equal to 43200")
    if role is not None and d > int(role.get("max_session_duration", 3600)):
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the "
                       "MaxSessionDuration set for this role.")
    return d


def _session_name(ctx):
    name = ctx.params.get("RoleSessionName")
    if not name:
        raise AwsError("ValidationError", "1 validation error detected: Value null at "
                       "'roleSessionName' failed to satisfy constraint: Member must not be null")
    if not _SESSION_NAME.match(name):
        raise AwsError("ValidationError", f"1 validation error detected: Value '{name}' at "
                       "'roleSessionName' failed to satisfy constraint: Member must satisfy regular "
                       "expression pattern: [\\w+=,.@-]*")
    return name


def _credentials_result(p):
    return {"Credentials": {"AccessKeyId": p.access_key, "SecretAccessKey": p.secret,
                            "SessionToken": p.session_token, "Expiration": iso(p.expiration)},
            "AssumedRoleUser": {"AssumedRoleId": p.user_id, "Arn": p.arn}}


def assume_role(ctx):
    role_arn = ctx.params.get("RoleArn", "")
    session = _session_name(ctx)
    for arn in [ctx.params[k] for k in ctx.params if k.startswith("PolicyArns.member.") and k.endswith(".arn")]:
        if not arn.startswith("arn:aws:iam::"):
            raise AwsError("ValidationError", f"Invalid ARN: {arn}")
    acct, role = ctx.state.find_role(role_arn)
    denied = AwsError("AccessDenied", f"User: {ctx.principal.arn} is not authorized to perform: "
                      f"sts:AssumeRole on resource: {role_arn}", 403)
    if role is None:
        raise denied
    trust = role.get("trust", {})
    caller = ctx.principal
    allowed = trust.get("principals", [])
    if caller.account.id not in allowed and caller.arn not in allowed and \
            f"arn:aws:iam::{caller.account.id}:root" not in allowed:
        raise denied
    want = trust.get("external_id")
    if want is not None and ctx.params.get("ExternalId") != want:
        raise denied
    duration = _duration(ctx, role)
    p = ctx.state.issue_session(acct, role, session, duration)
    out = _credentials_result(p)
    if plist(ctx.params, "PolicyArns.member") or ctx.params.get("Policy"):
        out["PackedPolicySize"] = 6
    return out


def assume_role_with_web_identity(ctx):
    role_arn = ctx.params.get("RoleArn", "")
    session = _session_name(ctx)
    token = ctx.params.get("WebIdentityToken", "")
    entry = next((w for w in ctx.state.scenario.get("web_identity", []) if w["token"] == token), None)
    if entry is None:
        raise AwsError("InvalidIdentityToken", "The ID Token provided is not a valid JWT. "
                       "(You may see this error if you sent an Access Token)")
    if entry.get("expired"):
        raise AwsError("ExpiredTokenException", "Token expired: current date/time "
                       f"{time.time():.0f} must be before the expiration date/time")
    acct, role = ctx.state.find_role(role_arn)
    roles = entry.get("role_arns") or [entry.get("role_arn")]
    if role is None or role_arn not in roles:
        raise AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403)
    duration = _duration(ctx, role)
    p = ctx.state.issue_session(acct, role, session, duration)
    out = _credentials_result(p)
    out.update({"SubjectFromWebIdentityToken": entry.get("subject", "system:serviceaccount:default:app"),
                "Audience": entry.get("audience", "sts.amazonaws.com"),
                "Provider": entry.get("provider", "oidc.example.com")})
    return out


HANDLERS = {"GetCallerIdentity": get_caller_identity, "AssumeRole": assume_role,
            "AssumeRoleWithWebIdentity": assume_role_with_web_identity}
