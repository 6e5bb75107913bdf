"""Exceptions: one class per awsmap_status, carrying the detailed last error.

The class of each status is named from awsmap_status_name():
``AWSMAP_ERR_ACCESS_DENIED`` -> :class:`AccessDeniedError`. Every class derives
from :class:`AwsmapError`; a few also derive from the matching built-in
exception (``ValueError``, ``MemoryError``, ``OSError``, ``TimeoutError``,
``LookupError``) so generic handlers work.

The details come from awsmap_error_last(), which is thread-local in the C
library and valid only until the next fallible libawsmap call on the same
thread; :func:`check` reads them immediately after the failing call, on the
calling thread, before anything else can run there.
"""
import builtins

from ._lib import dec, lib

OK = 0


class AwsmapError(Exception):
    """A failed libawsmap call.

    Attributes: ``status`` (int), ``status_name`` (e.g. "AWSMAP_ERR_AUTH"),
    ``message`` (names the cause), ``operation`` (e.g. "sts:AssumeRole"),
    ``aws_code`` (e.g. "AccessDenied"), ``http_status`` (0 when no response),
    ``request_id`` and ``provider`` (e.g. "assume-role"); the last four are
    None when not known. Errors recorded in a graph (partial failures) also
    have ``service``, ``region`` and ``account``.
    """

    status = -1

    def __init__(self, message="", *, status=None, operation=None, aws_code=None, http_status=0,
                 request_id=None, provider=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message
        self.operation = operation
        self.aws_code = aws_code
        self.http_status = http_status
        self.request_id = request_id
        self.provider = provider
        self.service = self.region = self.account = None

    @property
    def status_name(self):
        return dec(lib.awsmap_status_name(self.status))

    def __str__(self):
        return self.message or dec(lib.awsmap_status_str(self.status))

    def __repr__(self):
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in
                        ("operation", "aws_code", "http_status", "request_id", "provider")
                        if getattr(self, k))
        return f"{type(self).__name__}({self.message!r}{extra})"


def _class_name(status_name):
    # AWSMAP_ERR_CREDENTIALS_UNAVAILABLE -> CredentialsUnavailableError
    words = status_name.removeprefix("AWSMAP_ERR_").split("_")
    return "".join(w.capitalize() for w in words) + "Error"


# Built-in bases that make sense for a few statuses.
_EXTRA_BASES = {
    "AWSMAP_ERR_INVALID_ARG": (ValueError,),
    "AWSMAP_ERR_NOMEM": (MemoryError,),
    "AWSMAP_ERR_IO": (OSError,),
    "AWSMAP_ERR_NETWORK": (ConnectionError,),
    "AWSMAP_ERR_TIMEOUT": (builtins.TimeoutError,),
    "AWSMAP_ERR_NOT_FOUND": (LookupError,),
}

# The statuses this binding knows (status.h is append-only). Classes for them
# are created here so they can be imported; names come from the library itself.
_KNOWN_LAST = 19
BY_STATUS = {}
for _code in range(1, _KNOWN_LAST + 1):
    _name = dec(lib.awsmap_status_name(_code))
    if _name == "AWSMAP_ERR_UNKNOWN":
        continue  # an older library than this binding
    _cls = type(_class_name(_name), (AwsmapError,) + _EXTRA_BASES.get(_name, ()),
                {"status": _code, "__doc__": f"{_name}: {dec(lib.awsmap_status_str(_code))}.",
                 "__module__": __name__})
    BY_STATUS[_code] = _cls
    globals()[_cls.__name__] = _cls
del _code, _name, _cls

__all__ = ["AwsmapError", "check", "error_from"] + [c.__name__ for c in BY_STATUS.values()]


def class_for(status):
    """The exception class of a status; statuses newer than this binding get
    a class made on the fly from awsmap_status_name()."""
    cls = BY_STATUS.get(status)
    if cls is None:
        name = dec(lib.awsmap_status_name(status))
        cls = type(_class_name(name), (AwsmapError,), {"status": status, "__module__": __name__})
        BY_STATUS[status] = cls
    return cls


def error_from(err, status=None):
    """Builds (does not raise) the exception for an `awsmap_error *`."""
    if status is None:
        status = lib.awsmap_error_status(err)
    return class_for(status)(
        dec(lib.awsmap_error_message(err)) or dec(lib.awsmap_status_str(status)),
        status=status,
        operation=dec(lib.awsmap_error_operation(err)),
        aws_code=dec(lib.awsmap_error_aws_code(err)),
        http_status=lib.awsmap_error_http_status(err),
        request_id=dec(lib.awsmap_error_request_id(err)),
        provider=dec(lib.awsmap_error_provider(err)))


def last_error(status):
    """The exception for @p status with the details of this thread's last error."""
    return error_from(lib.awsmap_error_last(), status)


def check(status):
    """Raises the matching exception unless @p status is AWSMAP_OK.

    Must be called right after the call that returned @p status, on the same
    thread, with no libawsmap call in between."""
    if status != OK:
        raise last_error(status)
