"""Opaque, tamper-evident pagination tokens and page-size validation.

Tokens are stateless (HMAC over op + offset) so concurrent clients need no
server-side bookkeeping and any token we did not issue is "unknown".
"""
import base64
import hashlib
import hmac
import os

_KEY = os.urandom(16)


def make_token(scope, offset):
    body = f"{scope}|{offset}".encode()
    mac = hmac.new(_KEY, body, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(mac + body).decode().rstrip("=")


def read_token(scope, token):
    """Offset encoded in `token`, or None if we did not issue it for `scope`."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except Exception:
        return None
    mac, body = raw[:12], raw[12:]
    if not hmac.compare_digest(mac, hmac.new(_KEY, body, hashlib.sha256).digest()[:12]):
        return None
    s, _, off = body.decode(errors="replace").rpartition("|")
    if s != scope or not off.isdigit():
        return None
    return int(off)


def paginate(items, scope, token, limit, bad_token):
    """Slice `items`; returns (page, next_token). `bad_token` builds the error."""
    start = 0
    if token:
        start = read_token(scope, token)
        if start is None or start > len(items):
            raise bad_token()
    if limit is None:
        return items[start:], None
    end = start + limit
    nxt = make_token(scope, end) if end < len(items) else None
    return items[start:end], nxt


def parse_int(value, error):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise error()
