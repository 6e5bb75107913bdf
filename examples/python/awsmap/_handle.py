"""Base class for Python objects owning one libawsmap handle."""


class Handle:
    """Owns one C handle and releases it exactly once.

    ``close()`` (or leaving a ``with`` block) releases it deterministically;
    ``__del__`` is only a fallback. Using the object after ``close()`` raises
    ValueError rather than touching freed memory.
    """

    _ptr = None
    _release = None  # staticmethod: the C `_free` / `_release` function

    def _adopt(self, ptr):
        self._ptr = ptr

    def _require(self):
        ptr = self._ptr
        if not ptr:
            raise ValueError(f"{type(self).__name__} is closed")
        return ptr

    @property
    def closed(self):
        return not self._ptr

    def close(self):
        """Releases the C handle now; calling it again does nothing."""
        ptr, self._ptr = self._ptr, None
        if ptr:
            type(self)._release(ptr)

    def __enter__(self):
        self._require()
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be half gone
            pass
