"""The resource graph: nodes keyed by ARN, typed edges, partial failures.

A :class:`Graph` returned by :func:`awsmap.discover` or :meth:`Graph.load_json`
is resolved and immutable: every accessor only reads, so it is safe to share
between threads. Building one by hand (:meth:`Graph.add_from_call`,
:meth:`Graph.resolve`) is one thread at a time.

:class:`Node` and :class:`Edge` are lightweight views (graph + index); they
read the C graph when an attribute is asked for, and raise ValueError once
the graph is closed.
"""
import ctypes

from . import _lib
from ._callback import Guard
from ._handle import Handle
from ._lib import GRAPH_NONE, dec, enc, lib
from .errors import NotFoundError, check, error_from

__all__ = ["Graph", "Node", "Edge"]

_DIRECTIONS = {"out": 1, "in": 2, "both": 3}


def _direction(d):
    try:
        return _DIRECTIONS[d]
    except KeyError:
        raise ValueError(f"direction must be 'out', 'in' or 'both', not {d!r}") from None


def _pairs(count_fn, at_fn, g, index):
    key = ctypes.c_char_p()
    out = {}
    for i in range(count_fn(g, index)):
        value = at_fn(g, index, i, ctypes.byref(key))
        out[dec(key.value)] = dec(value)
    return out


class Node:
    """One resource. Attributes: arn, type, id, name, account, region,
    availability_zone, status, external (a stub: referenced but not
    described), properties (dict), tags (dict)."""

    __slots__ = ("graph", "index")

    def __init__(self, graph, index):
        self.graph = graph
        self.index = index

    def _s(self, fn):
        return dec(fn(self.graph._require(), self.index))

    arn = property(lambda self: self._s(lib.awsmap_graph_node_arn))
    type = property(lambda self: self._s(lib.awsmap_graph_node_type))
    id = property(lambda self: self._s(lib.awsmap_graph_node_id))
    name = property(lambda self: self._s(lib.awsmap_graph_node_name))
    account = property(lambda self: self._s(lib.awsmap_graph_node_account))
    region = property(lambda self: self._s(lib.awsmap_graph_node_region))
    availability_zone = property(lambda self: self._s(lib.awsmap_graph_node_availability_zone))
    status = property(lambda self: self._s(lib.awsmap_graph_node_status))

    @property
    def external(self):
        return bool(lib.awsmap_graph_node_external(self.graph._require(), self.index))

    @property
    def properties(self):
        return _pairs(lib.awsmap_graph_node_property_count, lib.awsmap_graph_node_property_at,
                      self.graph._require(), self.index)

    @property
    def tags(self):
        return _pairs(lib.awsmap_graph_node_tag_count, lib.awsmap_graph_node_tag_at,
                      self.graph._require(), self.index)

    def property(self, key, default=None):
        v = lib.awsmap_graph_node_property(self.graph._require(), self.index, enc(key))
        return default if v is None else dec(v)

    def tag(self, key, default=None):
        v = lib.awsmap_graph_node_tag(self.graph._require(), self.index, enc(key))
        return default if v is None else dec(v)

    def _walk(self, fn, direction, kind):
        g = self.graph._require()
        d, k = _direction(direction), enc(kind)
        n = lib.awsmap_graph_node_edge_count(g, self.index, d, k)
        return [fn(g, self.index, d, k, i) for i in range(n)]

    def edges(self, direction="both", kind=None):
        """This node's edges ("out", "in" or "both"), optionally of one kind:
        outgoing first (by target ARN), then incoming (by source ARN)."""
        return [Edge(self.graph, e) for e in self._walk(lib.awsmap_graph_node_edge_at, direction, kind)]

    def neighbours(self, direction="both", kind=None):
        """The nodes at the other end of :meth:`edges`."""
        return [Node(self.graph, n) for n in self._walk(lib.awsmap_graph_node_neighbor, direction, kind)]

    neighbors = neighbours

    def __eq__(self, other):
        return isinstance(other, Node) and other.graph is self.graph and other.index == self.index

    def __hash__(self):
        return hash((id(self.graph), self.index))

    def __repr__(self):
        if self.graph.closed:
            return f"<Node #{self.index} of a closed graph>"
        return f"<Node {self.type} {self.arn}>"


class Edge:
    """A directed, typed relationship: source -> target, kind ("contains",
    "attached", "secured-by", "routes-to", ...), attributes (dict)."""

    __slots__ = ("graph", "index")

    def __init__(self, graph, index):
        self.graph = graph
        self.index = index

    @property
    def source(self):
        return Node(self.graph, lib.awsmap_graph_edge_from(self.graph._require(), self.index))

    @property
    def target(self):
        return Node(self.graph, lib.awsmap_graph_edge_to(self.graph._require(), self.index))

    @property
    def kind(self):
        return dec(lib.awsmap_graph_edge_kind(self.graph._require(), self.index))

    @property
    def attributes(self):
        return _pairs(lib.awsmap_graph_edge_attribute_count, lib.awsmap_graph_edge_attribute_at,
                      self.graph._require(), self.index)

    def attribute(self, key, default=None):
        v = lib.awsmap_graph_edge_attribute(self.graph._require(), self.index, enc(key))
        return default if v is None else dec(v)

    def __eq__(self, other):
        return isinstance(other, Edge) and other.graph is self.graph and other.index == self.index

    def __hash__(self):
        return hash((id(self.graph), self.index, "e"))

    def __repr__(self):
        if self.graph.closed:
            return f"<Edge #{self.index} of a closed graph>"
        return f"<Edge {self.source.arn} -{self.kind}-> {self.target.arn}>"


class Graph(Handle):
    """Resources keyed by ARN and the edges between them.

    ``len(graph)`` is the node count; iterating yields :class:`Node` in ARN
    order; ``graph[arn]`` looks a node up (KeyError when absent); ``arn in
    graph`` tests for one. ``partial`` is True when discovery returned
    AWSMAP_ERR_PARTIAL; ``errors`` lists what could not be read.
    """

    _release = staticmethod(lib.awsmap_graph_free)

    def __init__(self):
        """An empty graph, to fill with :meth:`add_from_call` and :meth:`resolve`."""
        out = _lib.GraphP()
        check(lib.awsmap_graph_new(ctypes.byref(out)))
        self._adopt(out)
        self.partial = False

    @classmethod
    def _from_ptr(cls, ptr, partial=False):
        self = cls.__new__(cls)
        self._adopt(ptr)
        self.partial = partial
        return self

    @classmethod
    def load_json(cls, text):
        """Reads a graph written by :meth:`to_json` (str or bytes); raises ParseError."""
        data = enc(text)
        out = _lib.GraphP()
        check(lib.awsmap_graph_load_json(ctypes.byref(out), data, len(data)))
        return cls._from_ptr(out)

    # ---- building -------------------------------------------------------------
    def add_from_call(self, client, operation, account, region, params=None, **kw):
        """Runs one paginated call on @p client and adds every record, as read
        from @p account and @p region; call :meth:`resolve` afterwards.

        (Records are borrowed during the callback only, and the C API offers
        no way to rebuild one from Python, so records are added from inside
        the callback.)"""
        from .client import _wire_params  # noqa: PLC0415 - avoids an import cycle
        g = self._require()
        acc, reg = enc(account), enc(region)
        guard = Guard()

        def add(rec):
            check(lib.awsmap_graph_add_record(g, acc, reg, rec))

        cb = _lib.RECORD_FN(lambda rec, _ud: guard.call(add, rec))
        st = lib.awsmap_client_call(client._require(), enc(operation), reg,
                                    _wire_params({**(params or {}), **kw}), cb, None)
        guard.finish(st)

    def resolve(self):
        """Builds edges, stub nodes and indexes from the records added so far."""
        check(lib.awsmap_graph_resolve(self._require()))

    # ---- export -----------------------------------------------------------------
    def _export(self, fn):
        out = _lib.BufP()
        check(fn(self._require(), ctypes.byref(out)))
        return _lib.take_buf(out)

    def to_json(self):
        """The graph as JSON (schema "awsmap-graph" version 1); byte-identical for
        the same resources."""
        return self._export(lib.awsmap_graph_to_json)

    def to_dot(self):
        """The graph as Graphviz DOT; render it with `dot -Tsvg`."""
        return self._export(lib.awsmap_graph_to_dot)

    # ---- nodes --------------------------------------------------------------------
    def __len__(self):
        return lib.awsmap_graph_node_count(self._require())

    def __iter__(self):
        return (Node(self, i) for i in range(len(self)))

    @property
    def nodes(self):
        return list(self)

    def find(self, arn):
        """The node with @p arn, or None."""
        index = ctypes.c_size_t(GRAPH_NONE)
        st = lib.awsmap_graph_find_node(self._require(), enc(arn), ctypes.byref(index))
        if st == NotFoundError.status:
            return None
        check(st)
        return Node(self, index.value)

    def __getitem__(self, arn):
        node = self.find(arn)
        if node is None:
            raise KeyError(arn)
        return node

    def get(self, arn, default=None):
        node = self.find(arn)
        return default if node is None else node

    def __contains__(self, arn):
        return self.find(arn) is not None

    def nodes_of_type(self, node_type):
        """The nodes of one type, e.g. "ec2:subnet", in ARN order."""
        g, t = self._require(), enc(node_type)
        return [Node(self, lib.awsmap_graph_type_node_at(g, t, i))
                for i in range(lib.awsmap_graph_type_count(g, t))]

    def types(self):
        """{node type: count}."""
        counts = {}
        for node in self:
            counts[node.type] = counts.get(node.type, 0) + 1
        return counts

    # ---- edges, accounts, errors ------------------------------------------------------
    @property
    def edges(self):
        return [Edge(self, i) for i in range(lib.awsmap_graph_edge_count(self._require()))]

    @property
    def accounts(self):
        g = self._require()
        return [dec(lib.awsmap_graph_account_at(g, i)) for i in range(lib.awsmap_graph_account_count(g))]

    @property
    def errors(self):
        """What could not be read, as AwsmapError instances (not raised) with
        ``service``, ``region`` and ``account`` set."""
        g = self._require()
        out = []
        for i in range(lib.awsmap_graph_error_count(g)):
            err = error_from(lib.awsmap_graph_error_at(g, i))
            err.service = dec(lib.awsmap_graph_error_service(g, i))
            err.region = dec(lib.awsmap_graph_error_region(g, i))
            err.account = dec(lib.awsmap_graph_error_account(g, i))
            out.append(err)
        return out

    def __repr__(self):
        if self.closed:
            return "<Graph closed>"
        return (f"<Graph {len(self)} nodes, {lib.awsmap_graph_edge_count(self._ptr)} edges"
                f"{', partial' if self.partial else ''}>")
