"""awsmap: Python (ctypes) binding of libawsmap, which maps an AWS account
into a graph of its components.

    import awsmap
    with awsmap.DefaultChainProvider() as creds, awsmap.Client(creds) as client:
        with awsmap.discover(client, regions=["eu-west-1"]) as graph:
            print(graph.to_dot())

The C library is loaded from $AWSMAP_LIBRARY, else the system's libawsmap.so.1.
Handles are released when a ``with`` block ends or ``close()`` is called
(``__del__`` is a fallback). Failures raise :class:`AwsmapError` subclasses,
one per awsmap_status.
"""
import atexit as _atexit

from . import _lib
from .client import Client, Record, operations
from .credentials import (AssumeRoleProvider, CachedProvider, ChainProvider, ContainerProvider,
                          Credentials, DefaultChainProvider, EnvironmentProvider, ImdsProvider,
                          ProcessProvider, ProfileProvider, Provider, StaticProvider,
                          WebIdentityProvider, generate_external_id, readonly_policy_json,
                          trust_policy_json)
from .discover import Progress, discover, parse_services
from .errors import *  # noqa: F401,F403 - AwsmapError and one class per status
from .errors import AwsmapError, check
from .graph import Edge, Graph, Node
from .log import LEVELS, log_to_logging, set_log_callback
from .sigv4 import SignedRequest, sign

import sys as _sys

# (`awsmap.discover` is the function; the submodule is reached through sys.modules.)
__all__ = ["__version__", "version_num", "library_path"] + [
    name for mod in ("client", "credentials", "discover", "errors", "graph", "log", "sigv4")
    for name in _sys.modules[f"{__name__}.{mod}"].__all__]

__version__ = _lib.dec(_lib.lib.awsmap_version())
"""The version of the loaded C library, e.g. "0.1.0" (awsmap_version())."""


def version_num():
    """The loaded library's version as 0xMMmmpp (awsmap_version_num())."""
    return _lib.lib.awsmap_version_num()


def library_path():
    """The path the C library was loaded from."""
    return _lib.path


# The library initialises libcurl/OpenSSL lazily on first use and leaves them
# to the OS at exit, so the binding never calls awsmap_global_init/cleanup
# (cleanup would have to wait for every handle the garbage collector still
# holds). Only the log callback is removed at exit, before Python tears down.
_atexit.register(lambda: set_log_callback(None))
