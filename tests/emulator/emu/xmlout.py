"""Model-driven XML writer.

Resources are kept in the exact dict shape botocore returns, so responses are
written by walking botocore's own output shapes: element names, `item`
wrappers, flattened lists and result wrappers all come from the model, which
is what makes the responses parse back to the scenario exactly.
"""
import datetime
import threading
from xml.sax.saxutils import escape

import botocore.session

_lock = threading.Lock()
_models = {}
_ops = {}
_plans = {}

EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"
_SESSION = botocore.session.get_session()


def service_model(service):
    with _lock:
        m = _models.get(service)
        if m is None:
            m = _models[service] = _SESSION.get_service_model(service)
        return m


def operation(service, op):
    key = (service, op)
    o = _ops.get(key)
    if o is None:
        o = service_model(service).operation_model(op)
        _ops[key] = o
    return o


def _member_xml_name(mshape, name):
    # Same rule as botocore's BaseXMLResponseParser._member_key_name.
    if mshape.type_name == "list" and mshape.serialization.get("flattened"):
        n = mshape.member.serialization.get("name")
        if n:
            return n
    return mshape.serialization.get("name", name)


def _plan(shape):
    """member name -> (shape, xml name), cached per structure shape."""
    p = _plans.get(id(shape))
    if p is None:
        p = {name: (ms, _member_xml_name(ms, name)) for name, ms in shape.members.items()
             if "location" not in ms.serialization}
        _plans[id(shape)] = (shape, p)   # keep shape alive so id() stays unique
        return p
    return p[1]


def _scalar(shape, v):
    t = shape.type_name
    if t == "boolean":
        return "true" if v else "false"
    if t == "timestamp":
        if isinstance(v, (int, float)):
            v = datetime.datetime.fromtimestamp(v, datetime.timezone.utc)
        if isinstance(v, datetime.datetime):
            return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return escape(str(v))
    return escape(str(v))


def write_members(shape, value, out):
    """Append the children of structure `shape` holding dict `value`."""
    plan = _plan(shape)
    for key, v in value.items():
        ent = plan.get(key)
        if ent is None or v is None:
            continue                      # "_private" and unknown keys
        ms, xname = ent
        write_value(ms, xname, v, out)


def write_value(shape, xname, v, out):
    t = shape.type_name
    if t == "structure":
        out.append(f"<{xname}>")
        write_members(shape, v, out)
        out.append(f"</{xname}>")
    elif t == "list":
        mshape = shape.member
        if shape.serialization.get("flattened"):
            for item in v:
                write_value(mshape, xname, item, out)
        else:
            iname = mshape.serialization.get("name", "member")
            out.append(f"<{xname}>")
            for item in v:
                write_value(mshape, iname, item, out)
            out.append(f"</{xname}>")
    elif t == "map":
        kn = shape.key.serialization.get("name", "key")
        vn = shape.value.serialization.get("name", "value")
        flat = shape.serialization.get("flattened")
        if not flat:
            out.append(f"<{xname}>")
        for k, item in v.items():
            out.append(f"<{xname if flat else 'entry'}>")
            write_value(shape.key, kn, k, out)
            write_value(shape.value, vn, item, out)
            out.append(f"</{xname if flat else 'entry'}>")
        if not flat:
            out.append(f"</{xname}>")
    else:
        out.append(f"<{xname}>{_scalar(shape, v)}</{xname}>")


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def ec2_response(op, result, request_id):
    shape = operation("ec2", op).output_shape
    out = [HEAD, f'<{op}Response xmlns="{EC2_NS}"><requestId>{request_id}</requestId>']
    write_members(shape, result, out)
    out.append(f"</{op}Response>")
    return "".join(out).encode()


def query_response(service, op, result, request_id):
    om = operation(service, op)
    ns = service_model(service).metadata.get("xmlNamespace")
    out = [HEAD, f'<{op}Response xmlns="{ns}">']
    shape = om.output_shape
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper", f"{op}Result")
        out.append(f"<{wrapper}>")
        write_members(shape, result, out)
        out.append(f"</{wrapper}>")
    out.append(f"<ResponseMetadata><RequestId>{request_id}</RequestId>"
               f"</ResponseMetadata></{op}Response>")
    return "".join(out).encode()


def ec2_error(code, message, request_id):
    return (f"{HEAD}<Response><Errors><Error><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>").encode()


def query_error(service, code, message, request_id, sender=True):
    ns = service_model(service).metadata.get("xmlNamespace") if service else None
    xmlns = f' xmlns="{ns}"' if ns else ""
    typ = "Sender" if sender else "Receiver"
    return (f"{HEAD}<ErrorResponse{xmlns}><Error><Type>{typ}</Type>"
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>").encode()


def s3_error(code, message, request_id, host_id, extra=None):
    more = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in (extra or {}).items())
    return (f"{HEAD}<Error><Code>{escape(code)}</Code><Message>{escape(message)}"
            f"</Message>{more}<RequestId>{request_id}</RequestId>"
            f"<HostId>{host_id}</HostId></Error>").encode()
