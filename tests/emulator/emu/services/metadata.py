"""Credential endpoints addressed by path: IMDSv2, ECS/EKS container, SSO portal.

Each returns (status, headers, body bytes, action, error_code) for the server.
Credentials are issued fresh per request through State.issue_session, so the
keys they hand out work against the other services.
"""
import json
import secrets
import time
from urllib.parse import parse_qs

from ..state import iso


def _json(status, obj, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return status, h, json.dumps(obj).encode()


def _text(status, text):
    return status, {"Content-Type": "text/plain"}, text.encode()


def _role(state, account_id, role_name):
    acct = state.accounts.get(account_id)
    if acct is None:
        return None, None
    role = acct.roles.get(role_name) or {"name": role_name, "max_session_duration": 21600}
    return acct, role


def _issue(state, account_id, role_name, session):
    acct, role = _role(state, account_id, role_name)
    if acct is None:
        return None
    return state.issue_session(acct, role, session, 21600)


# ---- IMDSv2 ----------------------------------------------------------------
def imds(state, method, path, headers):
    cfg = state.scenario.get("imds") or {}
    if path == "/latest/api/token":
        if method != "PUT":
            return _text(405, "Method Not Allowed") + ("GetToken", "MethodNotAllowed")
        if headers.get("X-Forwarded-For"):
            return _text(403, "Forbidden") + ("GetToken", "Forbidden")
        ttl = headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        try:
            ttl = int(ttl)
        except (TypeError, ValueError):
            ttl = 0
        if not 1 <= ttl <= 21600:
            return _text(400, "Bad Request") + ("GetToken", "BadRequest")
        tok = "AQAEA" + secrets.token_urlsafe(40)
        with state.lock:
            state.imds_tokens[tok] = time.time() + ttl
        st, h, b = _text(200, tok)
        h["X-aws-ec2-metadata-token-ttl-seconds"] = str(ttl)
        return st, h, b, "GetToken", None
    tok = headers.get("X-aws-ec2-metadata-token")
    if tok is None:
        if not state.config.get("imds_allow_v1"):
            return _text(401, "Unauthorized") + ("GetMetadata", "Unauthorized")
    else:
        exp = state.imds_tokens.get(tok)
        if exp is None or exp < time.time():
            return _text(401, "Unauthorized") + ("GetMetadata", "Unauthorized")
    if method != "GET":
        return _text(405, "Method Not Allowed") + ("GetMetadata", "MethodNotAllowed")
    role = cfg.get("role")
    region = cfg.get("region", state.regions[0])
    az = cfg.get("availability_zone", region + "a")
    iid = cfg.get("instance_id", "i-0123456789abcdef0")
    base = "/latest/meta-data/iam/security-credentials/"
    if path in (base, base[:-1]):
        if not role:
            return _text(404, "Not Found") + ("GetRoleName", "NotFound")
        return _text(200, role) + ("GetRoleName", None)
    if path.startswith(base):
        if path[len(base):] != role:
            return _text(404, "Not Found") + ("GetRoleCredentials", "NotFound")
        p = _issue(state, cfg.get("account"), role, iid)
        if p is None:
            return _text(404, "Not Found") + ("GetRoleCredentials", "NotFound")
        return _json(200, {"Code": "Success", "LastUpdated": iso(time.time()), "Type": "AWS-HMAC",
                           "AccessKeyId": p.access_key, "SecretAccessKey": p.secret,
                           "Token": p.session_token, "Expiration": iso(p.expiration)}) \
            + ("GetRoleCredentials", None)
    simple = {"/latest/meta-data/instance-id": iid,
              "/latest/meta-data/placement/region": region,
              "/latest/meta-data/placement/availability-zone": az}
    if path in simple:
        return _text(200, simple[path]) + ("GetMetadata", None)
    if path == "/latest/dynamic/instance-identity/document":
        return _json(200, {"accountId": cfg.get("account"), "instanceId": iid, "region": region,
                           "availabilityZone": az}) + ("GetMetadata", None)
    return _text(404, "Not Found") + ("GetMetadata", "NotFound")


# ---- ECS / EKS container credentials ------------------------------------
def container(state, entry, headers):
    want = entry.get("auth_token")
    if want is not None and headers.get("Authorization") != want:
        return _json(401, {"code": "AccessDenied", "message": "Authorization token is missing or invalid"}) \
            + ("GetCredentials", "AccessDenied")
    p = _issue(state, entry.get("account"), entry.get("role"), "container")
    if p is None:
        return _json(500, {"code": "InternalError", "message": "unknown account"}) \
            + ("GetCredentials", "InternalError")
    return _json(200, {"RoleArn": state.role_arn(p.account, entry.get("role")),
                       "AccessKeyId": p.access_key, "SecretAccessKey": p.secret,
                       "Token": p.session_token, "Expiration": iso(p.expiration)}) \
        + ("GetCredentials", None)


def find_container(state, path):
    for e in state.scenario.get("container_credentials", []):
        if e.get("path") == path:
            return e
    return None


# ---- SSO portal GetRoleCredentials ------------------------------------------
def sso(state, query, headers):
    def err(status, typ, msg):
        return _json(status, {"message": msg}, {"x-amzn-ErrorType": typ}) + ("GetRoleCredentials", typ)

    q = {k: v[0] for k, v in parse_qs(query).items()}
    token = headers.get("x-amz-sso_bearer_token")
    role, account = q.get("role_name"), q.get("account_id")
    if not token:
        return err(401, "UnauthorizedException", "Session token not found or invalid")
    if not role or not account:
        return err(400, "InvalidRequestException", "role_name and account_id are required")
    grants = [g for g in state.scenario.get("sso", []) if g.get("access_token") == token]
    if not grants or any(g.get("expired") for g in grants):
        return err(401, "UnauthorizedException", "Session token not found or invalid")
    if not any(g.get("account_id") == account and g.get("role_name") == role for g in grants):
        return err(403, "ForbiddenException", "No access")
    p = _issue(state, account, role, "sso")
    if p is None:
        return err(403, "ForbiddenException", "No access")
    return _json(200, {"roleCredentials": {"accessKeyId": p.access_key, "secretAccessKey": p.secret,
                                           "sessionToken": p.session_token,
                                           "expiration": int(p.expiration * 1000)}}) \
        + ("GetRoleCredentials", None)
