"""The client and single paginated calls.

A :class:`Client` holds a connection pool and its own reference to a
credentials provider. One thread at a time may use it, except
:meth:`Client.cancel`, which any thread may call to stop the running call.
While a call runs inside the C library the GIL is released.
"""
import ctypes

from . import _lib
from ._callback import Guard
from ._handle import Handle
from ._lib import dec, enc, lib
from .errors import check

__all__ = ["Client", "Record", "operations"]


class Record(dict):
    """One AWS resource from a describe call, e.g. type "ec2:instance".

    As a dict it maps each field name (botocore member names joined by '.',
    e.g. "State.Name", "Tags.Name") to its first value, like
    awsmap_record_get(). Repeated fields (one value per list member) are all
    in :meth:`getall` and, in document order, in :attr:`fields`.
    """

    def __init__(self, rtype, fields):
        super().__init__()
        for name, value in fields:
            self.setdefault(name, value)
        self.type = rtype
        self.fields = fields

    def getall(self, name):
        """Every value of a (repeated) field, in document order; [] when absent."""
        return [v for n, v in self.fields if n == name]

    def __repr__(self):
        return f"Record({self.type!r}, {dict(self)!r})"


def _copy_record(ptr):
    """Copies a record borrowed for the duration of a callback into Python."""
    fields = []
    name = ctypes.c_char_p()
    for i in range(lib.awsmap_record_field_count(ptr)):
        value = lib.awsmap_record_field_at(ptr, i, ctypes.byref(name))
        fields.append((dec(name.value), dec(value)))
    return Record(dec(lib.awsmap_record_type(ptr)), fields)


def _wire_params(params):
    """{"InstanceId": ["i-1", "i-2"], "MaxResults": 5} -> NULL-terminated name/value list
    (lists take the wire form "InstanceId.1", "InstanceId.2")."""
    flat = []
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            for i, item in enumerate(value, 1):
                flat += [f"{key}.{i}", item]
        else:
            flat += [key, value]
    flat = ["true" if v is True else "false" if v is False else v for v in flat]
    return _lib.string_array(flat) if flat else None


def operations():
    """Every operation Client.call() accepts, e.g. "ec2:DescribeInstances"."""
    return [dec(lib.awsmap_operation_name(i)) for i in range(lib.awsmap_operation_count())]


class Client(Handle):
    """Credentials, region, endpoints and transport settings for AWS calls.

    ``provider`` is a :class:`awsmap.Provider`; the client takes its own
    reference, so the provider object may be closed afterwards. Options
    left at None/0 take the library's defaults (and the AWS_* environment).
    ``endpoints`` maps a service ("ec2", "rds", "elasticloadbalancing", "s3",
    "sts", "sso") to its own URL.

    One thread at a time, except :meth:`cancel` (thread-safe).
    """

    _release = staticmethod(lib.awsmap_client_free)

    def __init__(self, provider, *, region=None, endpoint_url=None, max_attempts=0,
                 max_in_flight=0, page_size=0, connect_timeout_ms=0, request_timeout_ms=0,
                 ca_bundle=None, insecure_skip_tls_verify=False, s3_force_path_style=False,
                 use_fips=False, use_dualstack=False, endpoints=None):
        opts = _lib.ClientOptions()
        check(lib.awsmap_client_options_init(ctypes.byref(opts), _lib.ClientOptions.VERSION))
        opts.region, opts.endpoint_url, opts.ca_bundle = enc(region), enc(endpoint_url), enc(ca_bundle)
        opts.max_attempts, opts.max_in_flight, opts.page_size = max_attempts, max_in_flight, page_size
        opts.connect_timeout_ms, opts.request_timeout_ms = connect_timeout_ms, request_timeout_ms
        opts.insecure_skip_tls_verify = int(bool(insecure_skip_tls_verify))
        opts.s3_force_path_style = int(bool(s3_force_path_style))
        opts.use_fips, opts.use_dualstack = int(bool(use_fips)), int(bool(use_dualstack))
        out = _lib.ClientP()
        check(lib.awsmap_client_new(ctypes.byref(out), provider._require(), ctypes.byref(opts)))
        self._adopt(out)
        self.region = region
        for service, url in (endpoints or {}).items():
            self.set_endpoint(service, url)

    def set_endpoint(self, service, url):
        """Sends one service ("ec2", "s3", "sts", ...) to @p url."""
        check(lib.awsmap_client_set_endpoint(self._require(), enc(service), enc(url)))

    def cancel(self):
        """Makes the call running on another thread end with CancelledError. Thread-safe."""
        ptr = self._ptr
        if ptr:
            lib.awsmap_client_cancel(ptr)

    def call_each(self, operation, fn, region=None, params=None, **kw):
        """Runs every page of @p operation, calling ``fn(record)`` per record as it
        arrives (memory stays flat). ``fn`` may raise StopIteration to stop
        quietly; any other exception stops the call and is re-raised here.
        Returns the number of records delivered."""
        wire = _wire_params({**(params or {}), **kw})
        guard = Guard()
        count = 0

        def deliver(rec):
            nonlocal count
            count += 1
            fn(_copy_record(rec))

        # The CFUNCTYPE object must outlive the C call: `cb` is held until return.
        cb = _lib.RECORD_FN(lambda rec, _ud: guard.call(deliver, rec))
        st = lib.awsmap_client_call(self._require(), enc(operation), enc(region), wire, cb, None)
        guard.finish(st, stop_is_ok=True)
        return count

    def call(self, operation, region=None, params=None, **kw):
        """Runs every page of @p operation (e.g. "ec2:DescribeInstances") and returns
        its records as a list of :class:`Record`. Keyword arguments are request
        parameters; a list value becomes "Name.1", "Name.2", ... Names that are
        not identifiers go in @p params."""
        records = []
        self.call_each(operation, records.append, region, params, **kw)
        return records

    def __repr__(self):
        return f"<Client {'closed' if self.closed else 'region=' + repr(self.region)}>"
