"""Loads libawsmap and declares the prototype of every function the binding calls.

The library is found in this order: the path in the environment variable
AWSMAP_LIBRARY (the tests point it at the build tree), then the system's
``ctypes.util.find_library("awsmap")``, then the SONAME ``libawsmap.so.1``.

Every function gets explicit ``argtypes`` and ``restype``: ctypes' defaults
(int arguments, int result) would truncate pointers and 64-bit sizes.

ctypes releases the GIL around each call into the library, so a call that
blocks on the network (discovery, a paginated describe call) does not stop
other Python threads, and :meth:`awsmap.Client.cancel` can be called from one.
"""
import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_long, c_size_t,
                    c_uint, c_void_p)

SONAME = "libawsmap.so.1"


def _load():
    path = os.environ.get("AWSMAP_LIBRARY") or ctypes.util.find_library("awsmap") or SONAME
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        raise ImportError(
            f"awsmap: cannot load the C library {path!r} ({exc}); install libawsmap or set "
            "AWSMAP_LIBRARY to the path of libawsmap.so.1") from exc


lib = _load()
path = lib._name


# ---- opaque handles: distinct pointer types, so handles cannot be mixed up ----
class _Opaque(Structure):
    _fields_ = []


class Error(_Opaque): pass            # noqa: E701  awsmap_error
class Buf(_Opaque): pass              # noqa: E701  awsmap_buf
class Credentials(_Opaque): pass      # noqa: E701  awsmap_credentials
class Provider(_Opaque): pass         # noqa: E701  awsmap_credentials_provider
class Client(_Opaque): pass           # noqa: E701  awsmap_client
class Record(_Opaque): pass           # noqa: E701  awsmap_record
class Graph(_Opaque): pass            # noqa: E701  awsmap_graph
class SigRequest(_Opaque): pass       # noqa: E701  awsmap_sigv4_request
class SigResult(_Opaque): pass        # noqa: E701  awsmap_sigv4_result


ErrorP, BufP, CredsP, ProviderP = POINTER(Error), POINTER(Buf), POINTER(Credentials), POINTER(Provider)
ClientP, RecordP, GraphP = POINTER(Client), POINTER(Record), POINTER(Graph)
SigRequestP, SigResultP = POINTER(SigRequest), POINTER(SigResult)
status = c_int  # awsmap_status is a C enum: int-sized.
c_char_pp = POINTER(c_char_p)

GRAPH_NONE = ctypes.c_size_t(-1).value  # AWSMAP_GRAPH_NONE


# ---- versioned options structs (layout of version 1 of each) -----------------
class ProfileOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("profile", c_char_p), ("config_file", c_char_p),
                ("credentials_file", c_char_p), ("endpoint_url", c_char_p),
                ("region", c_char_p), ("timeout_ms", c_long)]


class ImdsOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("endpoint_url", c_char_p), ("timeout_ms", c_long),
                ("allow_v1", c_int)]


class AssumeRoleOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("role_arn", c_char_p), ("external_id", c_char_p),
                ("role_session_name", c_char_p), ("duration_seconds", c_int),
                ("region", c_char_p), ("endpoint_url", c_char_p),
                ("policy_arns", c_char_pp), ("timeout_ms", c_long)]


class WebIdentityOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("role_arn", c_char_p), ("token_file", c_char_p),
                ("role_session_name", c_char_p), ("region", c_char_p),
                ("endpoint_url", c_char_p), ("timeout_ms", c_long)]


class DefaultChainOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("profile", c_char_p), ("endpoint_url", c_char_p),
                ("region", c_char_p), ("imds_allow_v1", c_int), ("disable_imds", c_int)]


class ClientOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("region", c_char_p), ("endpoint_url", c_char_p),
                ("max_attempts", c_uint), ("max_in_flight", c_uint), ("page_size", c_uint),
                ("connect_timeout_ms", c_long), ("request_timeout_ms", c_long),
                ("ca_bundle", c_char_p), ("insecure_skip_tls_verify", c_int),
                ("s3_force_path_style", c_int), ("use_fips", c_int), ("use_dualstack", c_int)]


class Sigv4Options(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("mode", c_int), ("expires", c_int64), ("s3", c_int),
                ("unsigned_payload", c_int), ("omit_session_token", c_int),
                ("normalize_path", c_int), ("double_encode", c_int),
                ("content_sha256_header", c_int)]


# ---- callbacks ----------------------------------------------------------------
LOG_FN = CFUNCTYPE(None, c_int, c_char_p, c_char_p, c_void_p)
RECORD_FN = CFUNCTYPE(c_int, RecordP, c_void_p)
PROGRESS_FN = CFUNCTYPE(c_int, c_size_t, c_size_t, c_size_t, c_char_p, c_char_p, c_void_p)


class DiscoverOptions(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("regions", c_char_pp), ("region_count", c_size_t),
                ("all_regions", c_int), ("services", c_uint), ("progress", PROGRESS_FN),
                ("progress_userdata", c_void_p)]


# ---- prototypes: name -> (restype, argtypes) ------------------------------------
# Strings the binding must copy with an explicit length (awsmap_buf_data) are
# declared c_void_p; every other returned `const char *` is c_char_p, which
# ctypes copies into bytes at once (None for NULL).
_PROTOTYPES = {
    # version.h, status.h, log.h, buf.h, global.h
    "awsmap_version": (c_char_p, []),
    "awsmap_version_num": (c_uint, []),
    "awsmap_status_str": (c_char_p, [status]),
    "awsmap_status_name": (c_char_p, [status]),
    "awsmap_error_last": (ErrorP, []),
    "awsmap_error_status": (status, [ErrorP]),
    "awsmap_error_message": (c_char_p, [ErrorP]),
    "awsmap_error_operation": (c_char_p, [ErrorP]),
    "awsmap_error_aws_code": (c_char_p, [ErrorP]),
    "awsmap_error_request_id": (c_char_p, [ErrorP]),
    "awsmap_error_provider": (c_char_p, [ErrorP]),
    "awsmap_error_http_status": (c_int, [ErrorP]),
    "awsmap_log_set": (None, [c_int, LOG_FN, c_void_p]),
    "awsmap_log_level_str": (c_char_p, [c_int]),
    "awsmap_buf_data": (c_void_p, [BufP]),
    "awsmap_buf_len": (c_size_t, [BufP]),
    "awsmap_buf_free": (None, [BufP]),
    # credentials.h
    "awsmap_credentials_new": (status, [POINTER(CredsP), c_char_p, c_char_p, c_char_p, c_int64]),
    "awsmap_credentials_acquire": (CredsP, [CredsP]),
    "awsmap_credentials_release": (None, [CredsP]),
    "awsmap_credentials_access_key_id": (c_char_p, [CredsP]),
    "awsmap_credentials_secret_access_key": (c_char_p, [CredsP]),
    "awsmap_credentials_session_token": (c_char_p, [CredsP]),
    "awsmap_credentials_expiration": (c_int64, [CredsP]),
    "awsmap_credentials_source": (c_char_p, [CredsP]),
    "awsmap_credentials_account_id": (c_char_p, [CredsP]),
    "awsmap_credentials_provider_get": (status, [ProviderP, POINTER(CredsP)]),
    "awsmap_credentials_provider_acquire": (ProviderP, [ProviderP]),
    "awsmap_credentials_provider_release": (None, [ProviderP]),
    "awsmap_credentials_provider_name": (c_char_p, [ProviderP]),
    "awsmap_credentials_provider_static_new": (status, [POINTER(ProviderP), c_char_p, c_char_p, c_char_p]),
    "awsmap_credentials_provider_environment_new": (status, [POINTER(ProviderP)]),
    "awsmap_credentials_provider_process_new": (status, [POINTER(ProviderP), c_char_p, c_long]),
    "awsmap_profile_options_init": (status, [POINTER(ProfileOptions), c_uint]),
    "awsmap_credentials_provider_profile_new": (status, [POINTER(ProviderP), POINTER(ProfileOptions)]),
    "awsmap_imds_options_init": (status, [POINTER(ImdsOptions), c_uint]),
    "awsmap_credentials_provider_imds_new": (status, [POINTER(ProviderP), POINTER(ImdsOptions)]),
    "awsmap_credentials_provider_container_new": (status, [POINTER(ProviderP)]),
    "awsmap_assume_role_options_init": (status, [POINTER(AssumeRoleOptions), c_uint]),
    "awsmap_credentials_provider_assume_role_new": (status, [POINTER(ProviderP), ProviderP,
                                                             POINTER(AssumeRoleOptions)]),
    "awsmap_web_identity_options_init": (status, [POINTER(WebIdentityOptions), c_uint]),
    "awsmap_credentials_provider_web_identity_new": (status, [POINTER(ProviderP),
                                                              POINTER(WebIdentityOptions)]),
    "awsmap_credentials_provider_chain_new": (status, [POINTER(ProviderP), POINTER(ProviderP), c_size_t]),
    "awsmap_credentials_provider_cached_new": (status, [POINTER(ProviderP), ProviderP, c_int]),
    "awsmap_default_chain_options_init": (status, [POINTER(DefaultChainOptions), c_uint]),
    "awsmap_credentials_provider_default_new": (status, [POINTER(ProviderP),
                                                         POINTER(DefaultChainOptions)]),
    "awsmap_external_id_generate": (status, [POINTER(BufP)]),
    "awsmap_trust_policy_json": (status, [POINTER(BufP), c_char_p, c_char_p]),
    "awsmap_readonly_policy_json": (status, [POINTER(BufP)]),
    # record.h
    "awsmap_record_type": (c_char_p, [RecordP]),
    "awsmap_record_get": (c_char_p, [RecordP, c_char_p]),
    "awsmap_record_count": (c_size_t, [RecordP, c_char_p]),
    "awsmap_record_get_nth": (c_char_p, [RecordP, c_char_p, c_size_t]),
    "awsmap_record_field_count": (c_size_t, [RecordP]),
    "awsmap_record_field_at": (c_char_p, [RecordP, c_size_t, c_char_pp]),
    # client.h, services.h
    "awsmap_client_options_init": (status, [POINTER(ClientOptions), c_uint]),
    "awsmap_client_new": (status, [POINTER(ClientP), ProviderP, POINTER(ClientOptions)]),
    "awsmap_client_set_endpoint": (status, [ClientP, c_char_p, c_char_p]),
    "awsmap_client_cancel": (None, [ClientP]),
    "awsmap_client_free": (None, [ClientP]),
    "awsmap_client_call": (status, [ClientP, c_char_p, c_char_p, c_char_pp, RECORD_FN, c_void_p]),
    "awsmap_operation_count": (c_size_t, []),
    "awsmap_operation_name": (c_char_p, [c_size_t]),
    # sigv4.h
    "awsmap_sigv4_options_init": (status, [POINTER(Sigv4Options), c_uint]),
    "awsmap_sigv4_request_new": (status, [POINTER(SigRequestP), c_char_p, c_char_p]),
    "awsmap_sigv4_request_free": (None, [SigRequestP]),
    "awsmap_sigv4_request_add_header": (status, [SigRequestP, c_char_p, c_char_p]),
    "awsmap_sigv4_request_set_body": (status, [SigRequestP, c_void_p, c_size_t]),
    "awsmap_sigv4_request_set_payload_hash": (status, [SigRequestP, c_char_p]),
    "awsmap_sigv4_request_set_signed_headers": (status, [SigRequestP, c_char_pp, c_size_t]),
    "awsmap_sigv4_sign": (status, [POINTER(SigResultP), SigRequestP, CredsP, c_char_p, c_char_p,
                                   c_int64, POINTER(Sigv4Options)]),
    "awsmap_sigv4_result_free": (None, [SigResultP]),
    "awsmap_sigv4_result_canonical_request": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_string_to_sign": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_signature": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_signed_headers": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_authorization": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_header_count": (c_size_t, [SigResultP]),
    "awsmap_sigv4_result_header": (c_char_p, [SigResultP, c_size_t, c_char_pp]),
    "awsmap_sigv4_result_url": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_amz_date": (c_char_p, [SigResultP]),
    "awsmap_sigv4_result_payload_hash": (c_char_p, [SigResultP]),
    # graph.h
    "awsmap_graph_new": (status, [POINTER(GraphP)]),
    "awsmap_graph_free": (None, [GraphP]),
    "awsmap_graph_add_record": (status, [GraphP, c_char_p, c_char_p, RecordP]),
    "awsmap_graph_resolve": (status, [GraphP]),
    "awsmap_graph_to_json": (status, [GraphP, POINTER(BufP)]),
    "awsmap_graph_to_dot": (status, [GraphP, POINTER(BufP)]),
    "awsmap_graph_load_json": (status, [POINTER(GraphP), c_char_p, c_size_t]),
    "awsmap_graph_node_count": (c_size_t, [GraphP]),
    "awsmap_graph_find_node": (status, [GraphP, c_char_p, POINTER(c_size_t)]),
    "awsmap_graph_node_arn": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_type": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_id": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_name": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_account": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_region": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_availability_zone": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_status": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_node_external": (c_int, [GraphP, c_size_t]),
    "awsmap_graph_node_property_count": (c_size_t, [GraphP, c_size_t]),
    "awsmap_graph_node_property_at": (c_char_p, [GraphP, c_size_t, c_size_t, c_char_pp]),
    "awsmap_graph_node_property": (c_char_p, [GraphP, c_size_t, c_char_p]),
    "awsmap_graph_node_tag_count": (c_size_t, [GraphP, c_size_t]),
    "awsmap_graph_node_tag_at": (c_char_p, [GraphP, c_size_t, c_size_t, c_char_pp]),
    "awsmap_graph_node_tag": (c_char_p, [GraphP, c_size_t, c_char_p]),
    "awsmap_graph_type_count": (c_size_t, [GraphP, c_char_p]),
    "awsmap_graph_type_node_at": (c_size_t, [GraphP, c_char_p, c_size_t]),
    "awsmap_graph_edge_count": (c_size_t, [GraphP]),
    "awsmap_graph_edge_from": (c_size_t, [GraphP, c_size_t]),
    "awsmap_graph_edge_to": (c_size_t, [GraphP, c_size_t]),
    "awsmap_graph_edge_kind": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_edge_attribute_count": (c_size_t, [GraphP, c_size_t]),
    "awsmap_graph_edge_attribute_at": (c_char_p, [GraphP, c_size_t, c_size_t, c_char_pp]),
    "awsmap_graph_edge_attribute": (c_char_p, [GraphP, c_size_t, c_char_p]),
    "awsmap_graph_node_edge_count": (c_size_t, [GraphP, c_size_t, c_int, c_char_p]),
    "awsmap_graph_node_edge_at": (c_size_t, [GraphP, c_size_t, c_int, c_char_p, c_size_t]),
    "awsmap_graph_node_neighbor": (c_size_t, [GraphP, c_size_t, c_int, c_char_p, c_size_t]),
    "awsmap_graph_account_count": (c_size_t, [GraphP]),
    "awsmap_graph_account_at": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_error_count": (c_size_t, [GraphP]),
    "awsmap_graph_error_at": (ErrorP, [GraphP, c_size_t]),
    "awsmap_graph_error_service": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_error_region": (c_char_p, [GraphP, c_size_t]),
    "awsmap_graph_error_account": (c_char_p, [GraphP, c_size_t]),
    # discover.h
    "awsmap_discover_options_init": (status, [POINTER(DiscoverOptions), c_uint]),
    "awsmap_discover": (status, [POINTER(GraphP), ClientP, POINTER(DiscoverOptions)]),
    "awsmap_service_parse": (status, [c_char_p, POINTER(c_uint)]),
}

for _name, (_res, _args) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)  # AttributeError names a symbol the library lacks
    _fn.restype = _res
    _fn.argtypes = _args
del _name, _res, _args, _fn


def enc(text):
    """str (or None) -> UTF-8 bytes for a `const char *` argument."""
    if text is None:
        return None
    if isinstance(text, bytes):
        return text
    return str(text).encode("utf-8")


def dec(raw):
    """bytes (or None) from a c_char_p result -> str (or None)."""
    return None if raw is None else raw.decode("utf-8", "replace")


def string_array(items):
    """A NULL-terminated `const char *const *` array; keep it alive during the call."""
    encoded = [enc(x) for x in items]
    arr = (c_char_p * (len(encoded) + 1))(*encoded, None)
    return arr


def take_buf(buf):
    """Copies an awsmap_buf into str and frees it (the library zeroes it)."""
    try:
        n = lib.awsmap_buf_len(buf)
        data = lib.awsmap_buf_data(buf)
        return ctypes.string_at(data, n).decode("utf-8") if n else ""
    finally:
        lib.awsmap_buf_free(buf)
