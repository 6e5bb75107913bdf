"""Library diagnostics routed to a Python callable or to the `logging` module.

Every line is redacted by the library before it gets here (no secret,
signature or token is ever passed). The callback may run on any thread that
runs libawsmap code, concurrently; it must not call back into libawsmap.
awsmap_log_set() takes the same lock as the logging path, so once
:func:`set_log_callback` returns the previous callable is no longer running.
"""
import logging

from . import _lib
from ._lib import dec, lib

__all__ = ["set_log_callback", "log_to_logging", "LEVELS"]

LEVELS = {"off": 0, "error": 1, "warn": 2, "info": 3, "debug": 4, "trace": 5}
_PY_LEVELS = {1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO, 4: logging.DEBUG, 5: 5}

_installed = None  # the CFUNCTYPE object the library holds: must stay referenced


def set_log_callback(fn, level="info"):
    """Installs fn(level_name, subsystem, message) for lines at or above @p level
    ("error" .. "trace"); fn=None removes it. Exceptions in fn are swallowed."""
    global _installed
    if fn is None:
        lib.awsmap_log_set(0, _lib.LOG_FN(), None)
        _installed = None
        return

    def trampoline(lvl, subsystem, message, _ud):
        try:
            fn(dec(lib.awsmap_log_level_str(lvl)), dec(subsystem), dec(message))
        except BaseException:  # noqa: B036 - nothing may unwind into C
            pass

    cb = _lib.LOG_FN(trampoline)
    lib.awsmap_log_set(LEVELS[level], cb, None)
    _installed = cb  # replaced only after the library stopped using the old one


def log_to_logging(level="info", logger=None):
    """Sends library lines to @p logger (default logging.getLogger("awsmap"))."""
    logger = logger or logging.getLogger("awsmap")
    set_log_callback(lambda lvl, sub, msg: logger.log(_PY_LEVELS.get(LEVELS[lvl], logging.INFO),
                                                      "%s: %s", sub, msg), level)
