"""Runs Python callables as C callbacks without letting exceptions reach C.

A Python exception cannot unwind through C frames: ctypes would print it and
return 0 ("continue"). The guard catches it, tells the library to stop
(non-zero return), and re-raises it after the C call has returned.
"""
from .errors import CancelledError, check


class Guard:
    def __init__(self):
        self.exc = None

    def call(self, fn, *args):
        """Calls @p fn; returns 0 to continue or 1 to make the library stop."""
        if self.exc is not None:
            return 1
        try:
            return 1 if fn(*args) else 0
        except BaseException as exc:  # noqa: B036 - KeyboardInterrupt must stop C too
            self.exc = exc
            return 1

    def finish(self, status, stop_is_ok=False):
        """Raises the callback's exception, if any, else the status's exception.

        With @p stop_is_ok, a StopIteration from the callback means "stop
        quietly" and the resulting cancellation is not an error."""
        exc = self.exc
        self.exc = None
        if exc is not None:
            if stop_is_ok and isinstance(exc, StopIteration):
                return
            raise exc
        check(status)


__all__ = ["Guard", "CancelledError"]
