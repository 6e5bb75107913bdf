"""Credentials and credential providers.

:class:`Credentials` is an immutable, reference-counted value, safe to share
between threads. Its secret is read from the C object only when asked for
(``secret_access_key``) and never shown by ``repr``. Note that Python strings
cannot be zeroed: once read into Python, a secret lives until the garbage
collector reclaims it. The C copy is zeroed when the last reference goes.

Providers are thread-safe (internal locking): one provider may serve any
number of threads and clients at once. Providers that fetch temporary
credentials cache them and refresh them a few minutes before they expire.
"""
import ctypes
import time as _time

from . import _lib
from ._handle import Handle
from ._lib import dec, enc, lib, string_array
from .errors import check

__all__ = ["Credentials", "Provider", "StaticProvider", "EnvironmentProvider", "ProfileProvider",
           "AssumeRoleProvider", "WebIdentityProvider", "DefaultChainProvider", "ProcessProvider",
           "ImdsProvider", "ContainerProvider", "ChainProvider", "CachedProvider",
           "generate_external_id", "trust_policy_json", "readonly_policy_json"]


class Credentials(Handle):
    """AWS credentials: access key ID, secret, optional session token and expiry.

    Immutable after creation, safe to share between threads.
    """

    _release = staticmethod(lib.awsmap_credentials_release)

    def __init__(self, access_key_id, secret_access_key, session_token=None, expiration=0):
        out = _lib.CredsP()
        check(lib.awsmap_credentials_new(ctypes.byref(out), enc(access_key_id),
                                         enc(secret_access_key), enc(session_token),
                                         int(expiration)))
        self._adopt(out)

    @classmethod
    def _from_ptr(cls, ptr):
        self = cls.__new__(cls)
        self._adopt(ptr)
        return self

    @property
    def access_key_id(self):
        return dec(lib.awsmap_credentials_access_key_id(self._require()))

    @property
    def secret_access_key(self):
        """The secret; never log it."""
        return dec(lib.awsmap_credentials_secret_access_key(self._require()))

    @property
    def session_token(self):
        """The session token, or None for long-term keys; never log it."""
        return dec(lib.awsmap_credentials_session_token(self._require()))

    @property
    def expiration(self):
        """Unix seconds when they expire, or 0 for never."""
        return lib.awsmap_credentials_expiration(self._require())

    @property
    def source(self):
        """The name of the provider that produced them, e.g. "assume-role"."""
        return dec(lib.awsmap_credentials_source(self._require()))

    @property
    def account_id(self):
        """The account, when the provider learnt it (AssumeRole, SSO, ...), else None."""
        return dec(lib.awsmap_credentials_account_id(self._require()))

    def __repr__(self):
        if self.closed:
            return "<Credentials closed>"
        exp = self.expiration
        when = _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(exp)) if exp else "never"
        token = ", session_token=<redacted>" if lib.awsmap_credentials_session_token(self._ptr) else ""
        return (f"<Credentials access_key_id={self.access_key_id!r} "
                f"secret_access_key=<redacted>{token} source={self.source!r} expires={when}>")


class Provider(Handle):
    """A source of credentials (an `awsmap_credentials_provider`).

    Thread-safe (internal locking). Clients and derived providers take their
    own C reference, so closing this object after handing it over is safe.
    """

    _release = staticmethod(lib.awsmap_credentials_provider_release)

    def _new(self, fn, *args):
        out = _lib.ProviderP()
        check(fn(ctypes.byref(out), *args))
        self._adopt(out)

    @property
    def name(self):
        """The provider's name for messages, e.g. "environment", "assume-role"."""
        return dec(lib.awsmap_credentials_provider_name(self._require()))

    def get(self):
        """Fetches (or returns cached) credentials; raises e.g.
        CredentialsUnavailableError, AccessDeniedError, AuthError, NotFoundError."""
        out = _lib.CredsP()
        check(lib.awsmap_credentials_provider_get(self._require(), ctypes.byref(out)))
        return Credentials._from_ptr(out)

    def __repr__(self):
        return f"<{type(self).__name__} {'closed' if self.closed else repr(self.name)}>"


class StaticProvider(Provider):
    """Always yields the given keys (the secret is zeroed when the provider is freed)."""

    def __init__(self, access_key_id, secret_access_key, session_token=None):
        self._new(lib.awsmap_credentials_provider_static_new, enc(access_key_id),
                  enc(secret_access_key), enc(session_token))


class EnvironmentProvider(Provider):
    """Reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN at each fetch."""

    def __init__(self):
        self._new(lib.awsmap_credentials_provider_environment_new)


class ProcessProvider(Provider):
    """Runs a credential_process command (no shell) and caches its output."""

    def __init__(self, command, timeout_ms=0):
        self._new(lib.awsmap_credentials_provider_process_new, enc(command), int(timeout_ms))


def _options(struct_cls, init_fn, **fields):
    """A versioned options struct filled with the library's defaults, then @p fields.

    ctypes keeps the encoded strings alive as long as the struct."""
    opts = struct_cls()
    check(init_fn(ctypes.byref(opts), struct_cls.VERSION))
    for key, value in fields.items():
        if value is None:
            continue
        ctype = dict(struct_cls._fields_)[key]
        setattr(opts, key, enc(value) if ctype is ctypes.c_char_p else int(value))
    return opts


class ProfileProvider(Provider):
    """One profile of ~/.aws/config and ~/.aws/credentials, resolved like the AWS CLI
    (static keys, credential_process, role_arn with source_profile and external_id,
    web identity, SSO). Files are re-read at each refresh."""

    def __init__(self, profile=None, *, config_file=None, credentials_file=None,
                 endpoint_url=None, region=None, timeout_ms=0):
        opts = _options(_lib.ProfileOptions, lib.awsmap_profile_options_init,
                        profile=profile, config_file=config_file,
                        credentials_file=credentials_file, endpoint_url=endpoint_url,
                        region=region, timeout_ms=timeout_ms)
        self._new(lib.awsmap_credentials_provider_profile_new, ctypes.byref(opts))


class AssumeRoleProvider(Provider):
    """Calls STS AssumeRole with credentials from @p source (a Provider), with the
    External ID the role's trust policy requires, and caches the result.

    A refusal raises AccessDeniedError whose message says that the role does
    not trust the caller or the External ID does not match."""

    def __init__(self, source, role_arn, *, external_id=None, role_session_name=None,
                 duration_seconds=0, region=None, endpoint_url=None, policy_arns=None,
                 timeout_ms=0):
        opts = _options(_lib.AssumeRoleOptions, lib.awsmap_assume_role_options_init,
                        role_arn=role_arn, external_id=external_id,
                        role_session_name=role_session_name, duration_seconds=duration_seconds,
                        region=region, endpoint_url=endpoint_url, timeout_ms=timeout_ms)
        arns = None
        if policy_arns:
            arns = string_array(policy_arns)
            opts.policy_arns = ctypes.cast(arns, _lib.c_char_pp)
        self._new(lib.awsmap_credentials_provider_assume_role_new, source._require(),
                  ctypes.byref(opts))
        del arns


class WebIdentityProvider(Provider):
    """STS AssumeRoleWithWebIdentity with an OIDC token file (EKS IRSA and similar);
    unset fields come from AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, ..."""

    def __init__(self, *, role_arn=None, token_file=None, role_session_name=None, region=None,
                 endpoint_url=None, timeout_ms=0):
        opts = _options(_lib.WebIdentityOptions, lib.awsmap_web_identity_options_init,
                        role_arn=role_arn, token_file=token_file,
                        role_session_name=role_session_name, region=region,
                        endpoint_url=endpoint_url, timeout_ms=timeout_ms)
        self._new(lib.awsmap_credentials_provider_web_identity_new, ctypes.byref(opts))


class ImdsProvider(Provider):
    """The EC2 instance role's credentials from instance metadata (IMDSv2)."""

    def __init__(self, *, endpoint_url=None, timeout_ms=0, allow_v1=False):
        opts = _options(_lib.ImdsOptions, lib.awsmap_imds_options_init,
                        endpoint_url=endpoint_url, timeout_ms=timeout_ms, allow_v1=allow_v1)
        self._new(lib.awsmap_credentials_provider_imds_new, ctypes.byref(opts))


class ContainerProvider(Provider):
    """ECS task / EKS Pod Identity credentials (AWS_CONTAINER_CREDENTIALS_* variables)."""

    def __init__(self):
        self._new(lib.awsmap_credentials_provider_container_new)


class DefaultChainProvider(Provider):
    """The SDKs' default chain, cached: environment, web identity, shared files,
    container, IMDS. With @p profile the environment keys are skipped."""

    def __init__(self, profile=None, *, endpoint_url=None, region=None, imds_allow_v1=False,
                 disable_imds=False):
        opts = _options(_lib.DefaultChainOptions, lib.awsmap_default_chain_options_init,
                        profile=profile, endpoint_url=endpoint_url, region=region,
                        imds_allow_v1=imds_allow_v1, disable_imds=disable_imds)
        self._new(lib.awsmap_credentials_provider_default_new, ctypes.byref(opts))


class ChainProvider(Provider):
    """Tries @p providers in order; a link that is merely not configured passes on."""

    def __init__(self, providers):
        ptrs = [p._require() for p in providers]
        arr = (_lib.ProviderP * len(ptrs))(*ptrs)
        self._new(lib.awsmap_credentials_provider_chain_new, arr, len(ptrs))


class CachedProvider(Provider):
    """Caches @p source's credentials until @p refresh_window_seconds before expiry."""

    def __init__(self, source, refresh_window_seconds=0):
        self._new(lib.awsmap_credentials_provider_cached_new, source._require(),
                  int(refresh_window_seconds))


def _buf_call(fn, *args):
    out = _lib.BufP()
    check(fn(ctypes.byref(out), *args))
    return _lib.take_buf(out)


def generate_external_id():
    """A fresh random External ID (32 hex characters) for a role's trust policy."""
    return _buf_call(lib.awsmap_external_id_generate)


def trust_policy_json(principal, external_id):
    """The trust policy JSON letting @p principal assume a role only with @p external_id."""
    return _buf_call(lib.awsmap_trust_policy_json, enc(principal), enc(external_id))


def readonly_policy_json():
    """The minimal read-only IAM policy JSON for the calls libawsmap makes."""
    return _buf_call(lib.awsmap_readonly_policy_json)
