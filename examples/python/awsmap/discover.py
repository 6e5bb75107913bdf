"""discover(): from a client's credentials to the account's component graph."""
import collections
import ctypes

from . import _lib
from ._callback import Guard
from ._lib import enc, lib
from .errors import check
from .graph import Graph

__all__ = ["discover", "parse_services", "Progress"]

PARTIAL = 15  # AWSMAP_ERR_PARTIAL

Progress = collections.namedtuple("Progress", "requests_done requests_queued resources region service")
Progress.__doc__ = "Discovery progress after one page ('region' is '' for global calls)."


def parse_services(services):
    """None/"all" -> every service; "ec2,rds" or ["ec2", "rds"] -> the bit set;
    an int is taken as bits. Raises InvalidArgError naming an unknown service."""
    if services is None:
        return 0
    if isinstance(services, int):
        return services
    if not isinstance(services, (str, bytes)):
        services = ",".join(services)
    bits = ctypes.c_uint()
    check(lib.awsmap_service_parse(enc(services), ctypes.byref(bits)))
    return bits.value


def discover(client, regions=None, all_regions=False, services=None, progress=None):
    """Maps the account behind @p client's credentials into a :class:`Graph`.

    regions     -- region names to read; None = the client's region.
    all_regions -- every region enabled for the account (overrides regions).
    services    -- see :func:`parse_services`; None = all.
    progress    -- optional callable(Progress) run on this thread after each
                   page; a true return value cancels (CancelledError), an
                   exception cancels and is re-raised here.

    When some service or region cannot be read (AWSMAP_ERR_PARTIAL) the graph
    is still returned, with ``graph.partial`` True and ``graph.errors``
    listing the failures. Other failures raise (CredentialsUnavailableError,
    AuthError, AccessDeniedError, CancelledError, NetworkError, ...).

    One thread at a time per client; another thread may call client.cancel().
    """
    opts = _lib.DiscoverOptions()
    check(lib.awsmap_discover_options_init(ctypes.byref(opts), _lib.DiscoverOptions.VERSION))
    region_list = list(regions or [])
    region_arr = _lib.string_array(region_list) if region_list else None
    if region_arr is not None:
        opts.regions = ctypes.cast(region_arr, _lib.c_char_pp)
        opts.region_count = len(region_list)
    opts.all_regions = int(bool(all_regions))
    opts.services = parse_services(services)

    guard = Guard()
    cb = None
    if progress is not None:
        def on_progress(done, queued, resources, region, service, _ud):
            return guard.call(progress, Progress(done, queued, resources,
                                                 _lib.dec(region), _lib.dec(service)))
        cb = _lib.PROGRESS_FN(on_progress)  # referenced until awsmap_discover returns
        opts.progress = cb

    out = _lib.GraphP()
    st = lib.awsmap_discover(ctypes.byref(out), client._require(), ctypes.byref(opts))
    graph = Graph._from_ptr(out, partial=(st == PARTIAL)) if out else None
    try:
        guard.finish(0 if st == PARTIAL else st)
    except BaseException:
        if graph is not None:
            graph.close()
        raise
    del cb, region_arr
    return graph
