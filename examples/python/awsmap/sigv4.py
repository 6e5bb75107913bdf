"""AWS Signature Version 4 signing of any HTTP request.

Thread-safe: the library caches derived signing keys with internal locking
and zeroes them when entries are dropped.
"""
import calendar
import ctypes
import datetime
import time as _time

from . import _lib
from ._lib import dec, enc, lib
from .credentials import Credentials, Provider
from .errors import check

__all__ = ["sign", "SignedRequest"]

_MODES = {"header": 0, "headers": 0, "query": 1}
_DEFAULT = -1  # AWSMAP_SIGV4_DEFAULT


class SignedRequest:
    """What signing produced, copied out of the C result.

    mode             -- "header" or "query".
    headers          -- [(name, value)] to add to the request (header mode):
                        X-Amz-Security-Token, X-Amz-Date, x-amz-content-sha256,
                        Authorization, as applicable.
    authorization    -- the Authorization header value (header mode), else None.
    url              -- the presigned URL (query mode), else None.
    signature, signed_headers, amz_date, payload_hash,
    canonical_request, string_to_sign -- for checking or debugging a
                        SignatureDoesNotMatch.

    ``repr`` leaves out the signature, the Authorization value and the URL:
    a presigned URL is a bearer credential until it expires.
    """

    def __init__(self, res, mode):
        self.mode = mode
        self.canonical_request = dec(lib.awsmap_sigv4_result_canonical_request(res))
        self.string_to_sign = dec(lib.awsmap_sigv4_result_string_to_sign(res))
        self.signature = dec(lib.awsmap_sigv4_result_signature(res))
        self.signed_headers = dec(lib.awsmap_sigv4_result_signed_headers(res))
        self.authorization = dec(lib.awsmap_sigv4_result_authorization(res))
        self.url = dec(lib.awsmap_sigv4_result_url(res))
        self.amz_date = dec(lib.awsmap_sigv4_result_amz_date(res))
        self.payload_hash = dec(lib.awsmap_sigv4_result_payload_hash(res))
        value = ctypes.c_char_p()
        self.headers = []
        for i in range(lib.awsmap_sigv4_result_header_count(res)):
            name = lib.awsmap_sigv4_result_header(res, i, ctypes.byref(value))
            self.headers.append((dec(name), dec(value.value)))

    def __repr__(self):
        return (f"<SignedRequest mode={self.mode} amz_date={self.amz_date} "
                f"signed_headers={self.signed_headers!r} headers={[n for n, _ in self.headers]}>")


def _unix(t):
    if t is None:
        return int(_time.time())
    if isinstance(t, datetime.datetime):
        if t.tzinfo is None:
            raise ValueError("time must be timezone-aware (e.g. datetime.timezone.utc)")
        return calendar.timegm(t.astimezone(datetime.timezone.utc).timetuple())
    return int(t)


def _tri(v):
    return _DEFAULT if v is None else int(bool(v))


def _credentials(creds):
    """Credentials, a Provider (fetched now) or an (access key, secret[, token]) tuple."""
    if isinstance(creds, Credentials):
        return creds, False
    if isinstance(creds, Provider):
        return creds.get(), True
    return Credentials(*creds), True


def sign(method, url, headers=None, body=None, *, credentials, region, service, time=None,
         mode="header", expires=3600, s3=False, unsigned_payload=False, payload_hash=None,
         signed_headers=None, omit_session_token=False, normalize_path=None,
         double_encode=None, content_sha256_header=None):
    """Signs a request and returns a :class:`SignedRequest`.

    method, url -- as sent on the wire: "https://host/path?query" (its host
                   becomes the Host header) or "/path?query" with a Host header.
    headers     -- dict or [(name, value)]; repeated names are allowed in the list.
    body        -- bytes or str whose SHA-256 is signed (or give payload_hash).
    credentials -- Credentials, a Provider, or (access_key_id, secret[, token]).
    time        -- Unix seconds or an aware datetime; default now.
    mode        -- "header" or "query" (presigned URL valid for `expires` seconds).
    normalize_path, double_encode, content_sha256_header -- None = the
                   rule set's default (on unless s3).
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be 'header' or 'query', not {mode!r}")
    creds, owned = _credentials(credentials)
    req = _lib.SigRequestP()
    res = _lib.SigResultP()
    try:
        check(lib.awsmap_sigv4_request_new(ctypes.byref(req), enc(method), enc(url)))
        items = headers.items() if isinstance(headers, dict) else (headers or [])
        for name, value in items:
            check(lib.awsmap_sigv4_request_add_header(req, enc(name), enc(value)))
        if body is not None:
            data = enc(body)
            check(lib.awsmap_sigv4_request_set_body(req, data, len(data)))
        if payload_hash is not None:
            check(lib.awsmap_sigv4_request_set_payload_hash(req, enc(payload_hash)))
        if signed_headers is not None:
            names = list(signed_headers)
            arr = (ctypes.c_char_p * max(len(names), 1))(*[enc(n) for n in names])
            check(lib.awsmap_sigv4_request_set_signed_headers(req, arr if names else None, len(names)))
        opts = _lib.Sigv4Options()
        check(lib.awsmap_sigv4_options_init(ctypes.byref(opts), _lib.Sigv4Options.VERSION))
        opts.mode = _MODES[mode]
        opts.expires = int(expires)
        opts.s3, opts.unsigned_payload = int(bool(s3)), int(bool(unsigned_payload))
        opts.omit_session_token = int(bool(omit_session_token))
        opts.normalize_path, opts.double_encode = _tri(normalize_path), _tri(double_encode)
        opts.content_sha256_header = _tri(content_sha256_header)
        check(lib.awsmap_sigv4_sign(ctypes.byref(res), req, creds._require(), enc(region),
                                    enc(service), _unix(time), ctypes.byref(opts)))
        return SignedRequest(res, "query" if _MODES[mode] else "header")
    finally:
        lib.awsmap_sigv4_result_free(res)
        lib.awsmap_sigv4_request_free(req)
        if owned:
            creds.close()
