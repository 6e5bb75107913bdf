"""HTTP front end: routing, authentication, faults, the call log and /_emu/.

One ThreadingHTTPServer (HTTP/1.1 keep-alive, one thread per connection)
serves every service. Signed requests are routed by their SigV4 credential
scope (service, region) the way AWS routes by host name; credential
endpoints are routed by path.
"""
import calendar
import json
import re
import socket
import struct
import threading
import time
import uuid
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl

from . import errors, sigv4check, xmlout
from .calllog import PAGE_PARAMS, CallLog
from .errors import AwsError
from .faults import ERROR_KINDS, FaultEngine, TokenBuckets
from .paging import paginate
from .services import ec2, elb, elbv2, metadata, rds, s3, sts

SERVICES = {"ec2": ec2.HANDLERS, "rds": rds.HANDLERS, "elb": elb.HANDLERS,
            "elbv2": elbv2.HANDLERS, "s3": s3.HANDLERS, "sts": sts.HANDLERS}
SKEW_LIMIT = 15 * 60
TOKEN_PARAMS = ("NextToken", "Marker", "continuation-token")


class Ctx:
    """Everything a service handler needs about one request."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def page(self, items, limit, token, bad_token):
        scope = f"{self.service}:{self.action}:{self.account.id}:{self.region}"
        page, nxt = paginate(items, scope, token, limit, bad_token)
        if self.repeat_token and token:
            nxt = token   # fault: hand the client back the token it sent
        return page, nxt


class Emulator:
    """Shared state behind the HTTP server."""

    def __init__(self, state, seed=None, log_path=None):
        self.state = state
        self.calls = CallLog(log_path)
        self.faults = FaultEngine(seed)
        self.buckets = TokenBuckets()
        self.stop_event = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: a keep-alive client must not wait out Nagle + delayed ACK
    # (~40 ms a request) behind a response split into two writes.
    disable_nagle_algorithm = True
    server_version = "AmazonEmu"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet: the call log is the record
        pass

    # Every verb goes through the same dispatcher.
    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_HEAD = do_DELETE = do_GET

    @property
    def emu(self):
        return self.server.emu

    # ---- plumbing -----------------------------------------------------------
    def _send(self, status, headers, body, skew=0.0, truncate=False):
        self.send_response_only(status)
        self.send_header("Date", formatdate(time.time() + skew, usegmt=True))
        self.send_header("Server", self.server_version)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
        # Headers and body leave in one write (end_headers would flush alone).
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(body[: len(body) // 2] if truncate else body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []
        if truncate:
            self.close_connection = True

    def _reset(self):
        # RST instead of FIN: what a dropped connection looks like to a client.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        try:
            if path.startswith("/_emu/"):
                return self._control(path, query, body)
            if path.startswith("/latest/"):
                return self._simple("imds", *metadata.imds(self.emu.state, self.command, path, self.headers))
            if path == "/federation/credentials":
                return self._simple("sso", *metadata.sso(self.emu.state, query, self.headers))
            entry = metadata.find_container(self.emu.state, path)
            if entry is not None:
                return self._simple("container", *metadata.container(self.emu.state, entry, self.headers))
            return self._aws(path, query, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _simple(self, service, status, headers, body, action, error_code):
        self.emu.calls.record(service=service, action=action, region=None, access_key=None,
                              params={}, status=status, error_code=error_code)
        self._send(status, headers, body)

    # ---- control API --------------------------------------------------------
    def _control(self, path, query, body):
        emu = self.emu
        try:
            data = json.loads(body) if body.strip() else None
        except ValueError:
            return self._send(400, {"Content-Type": "application/json"}, b'{"error":"bad json"}')
        out = {"ok": True}
        status = 200
        try:
            if path == "/_emu/calls" and self.command == "GET":
                since = int(parse_qs(query).get("since", ["0"])[0])
                out = emu.calls.list(since)
            elif path == "/_emu/reset":
                emu.calls.clear()
                emu.faults.clear()
                emu.buckets = TokenBuckets(emu.buckets.capacity, emu.buckets.refill)
            elif path == "/_emu/faults":
                if self.command == "GET":
                    out = emu.faults.describe()
                else:
                    rules = data.get("rules", []) if isinstance(data, dict) else (data or [])
                    emu.faults.set_rules(rules)
            elif path == "/_emu/config":
                if self.command != "GET" and isinstance(data, dict):
                    emu.state.config.update(data)
                    if "ec2_bucket_capacity" in data or "ec2_bucket_refill" in data:
                        emu.buckets = TokenBuckets(float(emu.state.config.get("ec2_bucket_capacity", 100)),
                                                   float(emu.state.config.get("ec2_bucket_refill", 20)))
                out = emu.state.config
            elif path == "/_emu/health":
                out = {"ok": True, "generated": emu.state.scenario.get("_generated")}
            elif path == "/_emu/shutdown":
                emu.stop_event.set()
                self.close_connection = True
            else:
                status, out = 404, {"error": "unknown control path"}
        except (ValueError, TypeError) as e:
            status, out = 400, {"error": str(e)}
        self._send(status, {"Content-Type": "application/json"}, json.dumps(out).encode())

    # ---- AWS APIs -----------------------------------------------------------
    def _aws(self, path, query, body):
        emu = self.emu
        state = emu.state
        pairs = parse_qsl(query, keep_blank_values=True)
        params = dict(pairs)
        ctype = self.headers.get("Content-Type", "")
        if self.command == "POST" and "x-www-form-urlencoded" in ctype:
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        auth = sigv4check.parse_auth(self.headers, pairs)
        request_id = str(uuid.uuid4())
        service, region = None, state.regions[0]
        if auth is not None and auth != "malformed":
            service, region = auth.service, auth.region
        elif "Action" in params:
            service = "sts" if params["Action"].startswith("AssumeRoleWith") else None
        else:
            service = "s3"
        if service == "elasticloadbalancing":
            service = "elbv2" if params.get("Version") == "2015-12-01" else "elb"
        if service == "s3":
            bucket = path.lstrip("/").split("/", 1)[0]
            action = s3.action_for(self.command, bucket, dict(pairs))
        else:
            bucket = None
            action = params.get("Action", "Unknown")
        page_params = {k: (params.get(k) if k in params else dict(pairs).get(k))
                       for k in PAGE_PARAMS if k in params}
        access_key = auth.access_key if auth not in (None, "malformed") else None
        rec = {"service": service, "action": action, "region": region, "access_key": access_key,
               "params": page_params, "status": 200, "error_code": None}
        skew = 0.0
        truncate = False
        try:
            has_token = any(params.get(k) for k in TOKEN_PARAMS)
            fired = emu.faults.draw(service, action, region, access_key,
                                    eligible=lambda k: k != "repeat_token" or has_token)
            kinds = {r.kind: r for r in fired}
            rec["faults"] = sorted(kinds)
            delay = float(state.config.get("latency_ms") or 0) + sum(
                r.ms for r in fired if r.kind == "latency")
            if delay > 0:
                time.sleep(delay / 1000.0)   # per-connection thread: others keep going
            if "reset" in kinds:
                rec["status"], rec["error_code"] = 0, "ConnectionReset"
                emu.calls.record(**rec)  # the call happened, though no answer left
                return self._reset()
            if "clock_skew" in kinds:
                skew = kinds["clock_skew"].seconds
            principal = self._authenticate(service, action, auth, params, body, skew)
            ctx = Ctx(service=service, action=action, region=region, params=params,
                      query=dict(pairs), principal=principal,
                      account=principal.account if principal else None, state=state,
                      request_id=request_id, repeat_token="repeat_token" in kinds, bucket=bucket)
            if principal is not None and not principal.allows(service, action, region):
                raise errors.access_denied(service, action, principal.arn)
            for kind in ERROR_KINDS:
                if kind in kinds:
                    if kind == "access_denied":
                        raise errors.access_denied(service, action,
                                                   principal.arn if principal else "anonymous")
                    raise errors.service_error(kind, service)
            if service == "ec2" and state.config.get("ec2_token_bucket"):
                if not emu.buckets.take((ctx.account.id, action, region)):
                    raise errors.service_error("throttle", "ec2")
            handler = SERVICES.get(service, {}).get(action)
            if handler is None:
                raise self._unknown_action(service, action)
            result = handler(ctx)
            truncate = "truncate" in kinds
            status, headers, payload = self._render_ok(service, action, result, request_id)
            if "drop_element" in kinds:  # a malformed answer: a field AWS always sends is missing
                name = kinds["drop_element"].element.encode()
                payload = re.sub(rb"<%s>[^<]*</%s>" % (name, name), b"", payload)
        except AwsError as e:
            rec["status"], rec["error_code"] = e.status, e.code
            status, headers, payload = self._render_error(service, e, request_id)
            truncate = "truncate" in locals().get("kinds", {})
        rec["status"] = status
        emu.calls.record(**rec)
        self._send(status, headers, payload, skew=skew, truncate=truncate)

    def _unknown_action(self, service, action):
        if service == "s3":
            return AwsError("NotImplemented", "A header you provided implies functionality "
                            "that is not implemented", 501)
        if service not in SERVICES:
            return AwsError("UnknownService", f"Service {service} is not emulated", 400)
        return AwsError("InvalidAction", f"The action {action} is not valid for this web service.")

    def _authenticate(self, service, action, auth, params, body, skew):
        state = self.emu.state
        if auth is None:
            if service == "sts" and action == "AssumeRoleWithWebIdentity":
                return None   # unsigned by design; the token is the credential
            raise errors.service_error("missing_auth", service or "sts")
        if auth == "malformed":
            raise AwsError("IncompleteSignature", "Authorization header requires 'Credential' parameter.")
        p = state.principal(auth.access_key)
        if p is None:
            raise errors.service_error("unknown_key", service)
        now = time.time() + skew
        now_s = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
        try:
            req_t = calendar.timegm(time.strptime(auth.amz_date, "%Y%m%dT%H%M%SZ"))
        except ValueError:
            raise AwsError("IncompleteSignature", "Date must be in ISO-8601 'basic format'.",
                           403 if service != "ec2" else 400)
        if auth.presigned:
            expires = int(auth.expires or 0)
            if now > req_t + expires:
                raise (AwsError("AccessDenied", "Request has expired", 403) if service == "s3"
                       else errors.service_error("expired_token", service))
        elif abs(now - req_t) > SKEW_LIMIT:
            raise errors.skew_error(service, auth.amz_date, now_s)
        if not sigv4check.verify(auth, p.secret, self.command, self.path, self.headers, body):
            raise errors.service_error("bad_signature", service)
        if p.session_token is not None:
            tok = self.headers.get("X-Amz-Security-Token") or params.get("X-Amz-Security-Token")
            if tok != p.session_token:
                raise errors.service_error("unknown_key", service)
            if p.expired(time.time()):
                raise errors.service_error("expired_token", service)
        return p

    def _render_ok(self, service, action, result, request_id):
        if service == "s3":
            return 200, {"Content-Type": "application/xml", "x-amz-request-id": request_id[:16].upper(),
                         "x-amz-id-2": request_id}, result
        if service == "ec2":
            body = xmlout.ec2_response(action, result, request_id)
        else:
            body = xmlout.query_response(service, action, result, request_id)
        return 200, {"Content-Type": "text/xml;charset=UTF-8", "x-amzn-RequestId": request_id}, body

    def _render_error(self, service, e, request_id):
        h = {"Content-Type": "application/xml" if service == "s3" else "text/xml;charset=UTF-8"}
        h.update(e.headers)
        if service == "s3":
            h["x-amz-request-id"] = request_id[:16].upper()
            h["x-amz-id-2"] = request_id
            return e.status, h, xmlout.s3_error(e.code, e.message, request_id[:16].upper(),
                                                request_id, e.extra)
        h["x-amzn-RequestId"] = request_id
        if service == "ec2":
            return e.status, h, xmlout.ec2_error(e.code, e.message, request_id)
        return e.status, h, xmlout.query_error(service if service in SERVICES else None,
                                               e.code, e.message, request_id, e.sender)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, emu, port=0):
        self.emu = emu
        super().__init__(("127.0.0.1", port), Handler)
