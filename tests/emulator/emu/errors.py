"""AWS error values and the per-service wording of the common failures.

Services word the same failure differently (EC2 says AuthFailure where STS
says InvalidClientTokenId); this table keeps that knowledge in one place so
the fault injector, the signature checker and the handlers agree.
"""

SIG_MSG = ("The request signature we calculated does not match the signature "
           "you provided. Check your AWS Secret Access Key and signing method. "
           "Consult the service documentation for details.")
S3_SIG_MSG = ("The request signature we calculated does not match the signature "
              "you provided. Check your key and signing method.")
TOKEN_INVALID_MSG = "The security token included in the request is invalid."
TOKEN_EXPIRED_MSG = "The security token included in the request is expired"
EC2_AUTH_MSG = "AWS was not able to validate the provided access credentials"


class AwsError(Exception):
    """An error answered in the protocol's error shape by the server."""

    def __init__(self, code, message, status=400, sender=True, extra=None,
                 headers=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender          # <Type>Sender</Type> vs Receiver
        self.extra = extra or {}      # extra S3 <Error> children
        self.headers = headers or {}


# kind -> service -> (code, message, status).  "*" is every query service.
_TABLE = {
    "unknown_key": {
        "ec2": ("AuthFailure", EC2_AUTH_MSG, 401),
        "s3": ("InvalidAccessKeyId",
               "The AWS Access Key Id you provided does not exist in our records.", 403),
        "*": ("InvalidClientTokenId", TOKEN_INVALID_MSG, 403),
    },
    "bad_signature": {
        "ec2": ("AuthFailure", EC2_AUTH_MSG, 401),
        "s3": ("SignatureDoesNotMatch", S3_SIG_MSG, 403),
        "*": ("SignatureDoesNotMatch", SIG_MSG, 403),
    },
    "expired_token": {
        "s3": ("ExpiredToken", "The provided token has expired.", 400),
        "ec2": ("ExpiredToken", TOKEN_EXPIRED_MSG, 400),
        "*": ("ExpiredToken", TOKEN_EXPIRED_MSG, 403),
    },
    "missing_auth": {
        "s3": ("AccessDenied", "Access Denied", 403),
        "*": ("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
    },
    "throttle": {
        "ec2": ("RequestLimitExceeded", "Request limit exceeded.", 503),
        "s3": ("SlowDown", "Please reduce your request rate.", 503),
        "*": ("Throttling", "Rate exceeded", 400),
    },
    "http500": {
        "ec2": ("InternalError", "An internal error has occurred", 500),
        "s3": ("InternalError", "We encountered an internal error. Please try again.", 500),
        "*": ("InternalFailure", "An internal error has occurred", 500),
    },
    "http503": {
        "ec2": ("Unavailable", "The server is overloaded and can't handle the request.", 503),
        "s3": ("ServiceUnavailable", "Please reduce your request rate.", 503),
        "*": ("ServiceUnavailable", "Service is unavailable", 503),
    },
}


def service_error(kind, service, message=None):
    row = _TABLE[kind]
    code, msg, status = row.get(service, row["*"])
    return AwsError(code, message or msg, status, sender=status < 500)


def access_denied(service, action, principal_arn, resource="*"):
    """AccessDenied as each service words it (EC2: UnauthorizedOperation)."""
    if service == "ec2":
        return AwsError("UnauthorizedOperation",
                        "You are not authorized to perform this operation.", 403)
    if service == "s3":
        return AwsError("AccessDenied", "Access Denied", 403)
    return AwsError(
        "AccessDenied",
        f"User: {principal_arn} is not authorized to perform: "
        f"{_iam_prefix(service)}:{action} on resource: {resource}", 403)


def _iam_prefix(service):
    return {"elb": "elasticloadbalancing", "elbv2": "elasticloadbalancing"}.get(service, service)


def skew_error(service, req_time, now):
    """The answer to a request signed more than 15 minutes off."""
    if service == "ec2":
        return AwsError("RequestExpired", "Request has expired.", 400)
    if service == "s3":
        return AwsError("RequestTimeTooSkewed",
                        "The difference between the request time and the current "
                        "time is too large.", 403,
                        extra={"RequestTime": req_time, "ServerTime": now})
    # STS/RDS/ELB: SignatureDoesNotMatch "Signature expired: ..." (or "not yet current").
    from datetime import datetime, timedelta
    n = datetime.strptime(now, "%Y%m%dT%H%M%SZ")
    if req_time < now:
        lim = (n - timedelta(minutes=15)).strftime("%Y%m%dT%H%M%SZ")
        msg = f"Signature expired: {req_time} is now earlier than {lim} ({now} - 15 min.)"
    else:
        lim = (n + timedelta(minutes=15)).strftime("%Y%m%dT%H%M%SZ")
        msg = f"Signature not yet current: {req_time} is still later than {lim} ({now} + 15 min.)"
    return AwsError("SignatureDoesNotMatch", msg, 403)
