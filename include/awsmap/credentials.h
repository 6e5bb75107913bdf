/**
 * @file awsmap/credentials.h
 * @brief AWS credentials: the immutable value, and the providers that yield it.
 *
 * An ::awsmap_credentials is an immutable, reference-counted set of keys
 * (access key ID, secret access key, optional session token, optional
 * expiration). It is safe to share between threads. Its secret parts are
 * zeroed when the last reference is released and never appear in logs.
 */
#ifndef AWSMAP_CREDENTIALS_H
#define AWSMAP_CREDENTIALS_H

#include <stddef.h>
#include <stdint.h>
#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/buf.h>

AWSMAP_BEGIN_DECLS

/** @brief Immutable, reference-counted credentials. Safe to share between threads. */
typedef struct awsmap_credentials awsmap_credentials;

/**
 * @brief Creates credentials from explicit keys.
 * @param[out] out               Receives the new credentials (one reference,
 *                               released with awsmap_credentials_release()).
 * @param[in]  access_key_id     Required, non-empty; copied.
 * @param[in]  secret_access_key Required, non-empty; copied.
 * @param[in]  session_token     Optional (NULL or ""); copied.
 * @param[in]  expiration        Unix seconds when they expire, or 0 for never.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (missing key, negative
 *         expiration), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_new(awsmap_credentials **out,
                                                const char *access_key_id,
                                                const char *secret_access_key,
                                                const char *session_token, int64_t expiration);

/**
 * @brief Takes another reference.
 * @param[in] creds Credentials, or NULL.
 * @return @p creds. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_credentials *awsmap_credentials_acquire(awsmap_credentials *creds);

/**
 * @brief Drops a reference; the last one zeroes the secrets and frees them.
 * @param[in] creds Credentials, or NULL (does nothing). @note Thread-safe. @since 0.1.0
 */
AWSMAP_API void awsmap_credentials_release(awsmap_credentials *creds);

/**
 * @brief The access key ID.
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds; never NULL ("" for NULL).
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_access_key_id(const awsmap_credentials *creds);

/**
 * @brief The secret access key; never log it.
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds; never NULL ("" for NULL).
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_secret_access_key(const awsmap_credentials *creds);

/**
 * @brief The session token.
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds, or NULL for long-term keys.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_session_token(const awsmap_credentials *creds);

/**
 * @brief When they expire.
 * @param[in] creds Credentials, or NULL.
 * @return Unix seconds, or 0 when they do not expire.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API int64_t awsmap_credentials_expiration(const awsmap_credentials *creds);

/**
 * @brief Which provider produced them ("static", "environment", "profile",
 *        "assume-role", ...): the awsmap_credentials_provider_name() of the
 *        provider that made them.
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_source(const awsmap_credentials *creds);

/**
 * @brief The AWS account the credentials belong to, when the provider learnt it (SSO, AssumeRole, credential_process).
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds, or NULL when unknown.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_account_id(const awsmap_credentials *creds);

/* ======================================================================== */
/* Credentials providers                                                    */
/* ======================================================================== */

/**
 * @brief A source of credentials: an opaque, reference-counted handle.
 *
 * Every provider yields ::awsmap_credentials on demand through
 * awsmap_credentials_provider_get(). Providers that fetch temporary
 * credentials (assume role, web identity, SSO, credential_process, IMDS,
 * container, the default chain) cache them and refresh them a few minutes
 * before they expire. The constructors below return one reference, released
 * with awsmap_credentials_provider_release().
 *
 * Thread safety: thread-safe (internal locking). One provider may serve any
 * number of threads and clients at once.
 */
typedef struct awsmap_credentials_provider awsmap_credentials_provider;

/**
 * @brief Gets credentials from a provider, fetching or refreshing them if needed.
 * @param[in]  p   The provider.
 * @param[out] out Receives one reference to the credentials, released with
 *                 awsmap_credentials_release(). Unchanged on failure.
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_INVALID_ARG (NULL argument);
 *         ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE (the provider is not configured
 *         here, e.g. no environment variables, no IMDS);
 *         ::AWSMAP_ERR_CREDENTIALS_EXPIRED (e.g. an SSO token that needs
 *         `aws sso login`); ::AWSMAP_ERR_ACCESS_DENIED (e.g. AssumeRole refused,
 *         External ID mismatch); ::AWSMAP_ERR_AUTH (the source credentials were
 *         rejected); ::AWSMAP_ERR_NOT_FOUND (a named profile does not exist);
 *         ::AWSMAP_ERR_PARSE (malformed profile file or response);
 *         ::AWSMAP_ERR_IO (a file or credential_process failed);
 *         ::AWSMAP_ERR_NETWORK, ::AWSMAP_ERR_TIMEOUT, ::AWSMAP_ERR_TLS,
 *         ::AWSMAP_ERR_THROTTLED, ::AWSMAP_ERR_SERVICE, ::AWSMAP_ERR_NOMEM.
 *         The error (awsmap_error_last()) names the provider.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_get(awsmap_credentials_provider *p,
                                                         awsmap_credentials **out);

/**
 * @brief Takes another reference to a provider.
 * @param[in] p A provider, or NULL.
 * @return @p p. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_credentials_provider *awsmap_credentials_provider_acquire(
    awsmap_credentials_provider *p);

/**
 * @brief Drops a reference; the last one frees the provider and zeroes any
 *        secrets it holds (cached credentials, static keys).
 * @param[in] p A provider, or NULL (does nothing). @note Thread-safe. @since 0.1.0
 */
AWSMAP_API void awsmap_credentials_provider_release(awsmap_credentials_provider *p);

/**
 * @brief The provider's name for error messages, e.g. "environment",
 *        "profile", "assume-role", "default-chain".

 * @param[in] p A provider, or NULL (gives "").
 * @return A string borrowed from @p p, valid while it lives; never NULL.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_provider_name(const awsmap_credentials_provider *p);

/* ---- simple providers ---------------------------------------------------- */

/**
 * @brief A provider that always yields the given keys.
 * @param[out] out               Receives the provider (one reference).
 * @param[in]  access_key_id     Required; copied.
 * @param[in]  secret_access_key Required; copied (zeroed when the provider is freed).
 * @param[in]  session_token     Optional (NULL); copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (missing key), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_static_new(awsmap_credentials_provider **out,
                                                                const char *access_key_id,
                                                                const char *secret_access_key,
                                                                const char *session_token);

/**
 * @brief A provider reading AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 *        AWS_SESSION_TOKEN (and AWS_CREDENTIAL_EXPIRATION) at each fetch.
 *
 * Fetching fails with ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE when
 * AWS_ACCESS_KEY_ID is unset, and ::AWSMAP_ERR_INVALID_ARG when only one of
 * the two keys is set.
 * @param[out] out Receives the provider (one reference).
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_environment_new(
    awsmap_credentials_provider **out);

/**
 * @brief A provider running an external command that prints credentials as
 *        the AWS CLI's credential_process JSON (Version 1, AccessKeyId,
 *        SecretAccessKey, optional SessionToken and Expiration).
 *
 * The command line is split into arguments with the AWS CLI's (POSIX shell
 * word) quoting rules and executed directly, never through a shell. Its
 * standard output is never logged nor put into error messages; on failure the
 * error quotes its standard error. Results are cached until shortly before
 * they expire.
 * @param[out] out        Receives the provider (one reference).
 * @param[in]  command    The command line; copied.
 * @param[in]  timeout_ms How long the command may run; 0 = 60000.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (empty command),
 *         ::AWSMAP_ERR_PARSE (unbalanced quotes), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_process_new(awsmap_credentials_provider **out,
                                                                 const char *command,
                                                                 long timeout_ms);

/* ---- shared config / credentials files ----------------------------------- */

/** @brief Options for awsmap_credentials_provider_profile_new(). Zero = defaults. */
typedef struct awsmap_profile_options {
  unsigned int version;         /**< ::AWSMAP_PROFILE_OPTIONS_VERSION */
  const char *profile;          /**< NULL = AWS_PROFILE env, else "default". */
  const char *config_file;      /**< NULL = AWS_CONFIG_FILE env, else ~/.aws/config. */
  const char *credentials_file; /**< NULL = AWS_SHARED_CREDENTIALS_FILE env, else ~/.aws/credentials. */
  const char *endpoint_url;     /**< STS and SSO portal endpoint override (e.g. a local
                                     emulator); NULL = AWS_ENDPOINT_URL_STS / _SSO /
                                     AWS_ENDPOINT_URL env, else the regional AWS endpoints. */
  const char *region;           /**< Region for STS/SSO calls; NULL = the profile's region,
                                     AWS_REGION, AWS_DEFAULT_REGION, else "us-east-1". */
  long timeout_ms;              /**< Per-request / credential_process timeout; 0 = defaults. */
} awsmap_profile_options;
/** @brief Current version of ::awsmap_profile_options. */
#define AWSMAP_PROFILE_OPTIONS_VERSION 1
/** @brief Static initializer for ::awsmap_profile_options. */
#define AWSMAP_PROFILE_OPTIONS_INIT {AWSMAP_PROFILE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0}

/**
 * @brief Initialises @p opts to the defaults of @p version.
 * @param[out] opts    The options to fill.
 * @param[in]  version ::AWSMAP_PROFILE_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL or unknown version).
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_profile_options_init(awsmap_profile_options *opts,
                                                     unsigned int version);

/**
 * @brief A provider resolving one profile of the shared files as the AWS CLI
 *        does: static keys, credential_process, role_arn with source_profile
 *        (chains followed, cycles reported) or credential_source
 *        (Environment, Ec2InstanceMetadata, EcsContainer), external_id,
 *        role_session_name, duration_seconds, web_identity_token_file, and
 *        SSO (sso_session or legacy sso_start_url, with the token cached by
 *        `aws sso login`).
 *
 * The files are read at each refresh, so edits are picked up; missing files
 * count as empty. Fetching reports ::AWSMAP_ERR_NOT_FOUND for an unknown
 * profile, ::AWSMAP_ERR_PARSE (with file and line) for a malformed file,
 * ::AWSMAP_ERR_INVALID_ARG for contradictory settings (both source_profile and
 * credential_source) or a source_profile cycle.
 * @param[out] out  Receives the provider (one reference).
 * @param[in]  opts Options, or NULL for the defaults; strings are copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (bad version), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_profile_new(awsmap_credentials_provider **out,
                                                                 const awsmap_profile_options *opts);

/* ---- EC2 instance metadata and container endpoints ------------------------ */

/** @brief Options for awsmap_credentials_provider_imds_new(). Zero = defaults. */
typedef struct awsmap_imds_options {
  unsigned int version;     /**< ::AWSMAP_IMDS_OPTIONS_VERSION */
  const char *endpoint_url; /**< NULL = AWS_EC2_METADATA_SERVICE_ENDPOINT env, else
                                 http://169.254.169.254 (or [fd00:ec2::254] when
                                 AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6). */
  long timeout_ms;          /**< Connect and request timeout; 0 = 1000 (laptops must not wait). */
  int allow_v1;             /**< Non-zero: fall back to IMDSv1 when no v2 token is offered. */
} awsmap_imds_options;
/** @brief Current version of ::awsmap_imds_options. */
#define AWSMAP_IMDS_OPTIONS_VERSION 1
/** @brief Static initializer for ::awsmap_imds_options. */
#define AWSMAP_IMDS_OPTIONS_INIT {AWSMAP_IMDS_OPTIONS_VERSION, NULL, 0, 0}

/**
 * @brief Initialises @p opts to the defaults of @p version.
 * @param[out] opts    The options to fill.
 * @param[in]  version ::AWSMAP_IMDS_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_imds_options_init(awsmap_imds_options *opts, unsigned int version);

/**
 * @brief A provider reading the EC2 instance role's credentials from IMDS
 *        (IMDSv2 session token, then role name, then credentials).
 *
 * AWS_EC2_METADATA_DISABLED=true disables it (fetching gives
 * ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE), as does an unreachable endpoint.
 * @param[out] out  Receives the provider (one reference).
 * @param[in]  opts Options, or NULL for the defaults; strings are copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_imds_new(awsmap_credentials_provider **out,
                                                              const awsmap_imds_options *opts);

/**
 * @brief A provider for ECS tasks and EKS Pod Identity: reads
 *        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or
 *        AWS_CONTAINER_CREDENTIALS_FULL_URI (only https, loopback or the
 *        ECS/EKS link-local hosts), with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
 *        or AWS_CONTAINER_AUTHORIZATION_TOKEN, at each refresh.
 * @param[out] out Receives the provider (one reference).
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_container_new(
    awsmap_credentials_provider **out);

/* ---- STS: assume role, web identity --------------------------------------- */

/** @brief Options for awsmap_credentials_provider_assume_role_new(). */
typedef struct awsmap_assume_role_options {
  unsigned int version;          /**< ::AWSMAP_ASSUME_ROLE_OPTIONS_VERSION */
  const char *role_arn;          /**< Required: the role to assume. */
  const char *external_id;       /**< The External ID the role's trust policy requires, or NULL. */
  const char *role_session_name; /**< NULL = "awsmap-<unix time>". */
  int duration_seconds;          /**< 0 = 3600; STS accepts 900..43200 (up to the role's maximum). */
  const char *region;            /**< STS region (regional endpoint); NULL = AWS_REGION,
                                      AWS_DEFAULT_REGION, else "us-east-1". */
  const char *endpoint_url;      /**< STS endpoint override; NULL = AWS_ENDPOINT_URL_STS /
                                      AWS_ENDPOINT_URL env, else `sts.<region>.amazonaws.com`. */
  const char *const *policy_arns;/**< NULL-terminated list of managed policy ARNs that further
                                      restrict the session, or NULL. */
  long timeout_ms;               /**< Request timeout; 0 = default. */
} awsmap_assume_role_options;
/** @brief Current version of ::awsmap_assume_role_options. */
#define AWSMAP_ASSUME_ROLE_OPTIONS_VERSION 1
/** @brief Static initializer for ::awsmap_assume_role_options. */
#define AWSMAP_ASSUME_ROLE_OPTIONS_INIT \
  {AWSMAP_ASSUME_ROLE_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0}

/**
 * @brief Initialises @p opts to the defaults of @p version.
 * @param[out] opts    The options to fill.
 * @param[in]  version ::AWSMAP_ASSUME_ROLE_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_assume_role_options_init(awsmap_assume_role_options *opts,
                                                         unsigned int version);

/**
 * @brief A provider that calls STS AssumeRole with credentials from
 *        @p source, and caches the temporary credentials until a few
 *        minutes before they expire.
 *
 * A refusal reads as such: an AccessDenied from STS gives
 * ::AWSMAP_ERR_ACCESS_DENIED with a message saying that the role does not
 * trust the caller or the External ID does not match.
 * @param[out] out    Receives the provider (one reference).
 * @param[in]  source The provider of the caller's credentials; the new
 *                    provider takes its own reference.
 * @param[in]  opts   Options (role_arn required); strings are copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (no role ARN, malformed ARN,
 *         duration out of range, bad version), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_assume_role_new(
    awsmap_credentials_provider **out, awsmap_credentials_provider *source,
    const awsmap_assume_role_options *opts);

/** @brief Options for awsmap_credentials_provider_web_identity_new(). Zero = from the environment. */
typedef struct awsmap_web_identity_options {
  unsigned int version;          /**< ::AWSMAP_WEB_IDENTITY_OPTIONS_VERSION */
  const char *role_arn;          /**< NULL = AWS_ROLE_ARN env. */
  const char *token_file;        /**< NULL = AWS_WEB_IDENTITY_TOKEN_FILE env; re-read at each refresh. */
  const char *role_session_name; /**< NULL = AWS_ROLE_SESSION_NAME env, else "awsmap-<unix time>". */
  const char *region;            /**< As in ::awsmap_assume_role_options. */
  const char *endpoint_url;      /**< As in ::awsmap_assume_role_options. */
  long timeout_ms;               /**< Request timeout; 0 = default. */
} awsmap_web_identity_options;
/** @brief Current version of ::awsmap_web_identity_options. */
#define AWSMAP_WEB_IDENTITY_OPTIONS_VERSION 1
/** @brief Static initializer for ::awsmap_web_identity_options. */
#define AWSMAP_WEB_IDENTITY_OPTIONS_INIT \
  {AWSMAP_WEB_IDENTITY_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0}

/**
 * @brief Initialises @p opts to the defaults of @p version.
 * @param[out] opts    The options to fill.
 * @param[in]  version ::AWSMAP_WEB_IDENTITY_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_web_identity_options_init(awsmap_web_identity_options *opts,
                                                          unsigned int version);

/**
 * @brief A provider calling STS AssumeRoleWithWebIdentity with an OIDC token
 *        file (EKS IRSA and similar), caching the result.
 *
 * Fetching gives ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE when neither the
 * options nor the environment name a token file and a role.
 * @param[out] out  Receives the provider (one reference).
 * @param[in]  opts Options, or NULL to read everything from the environment.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_web_identity_new(
    awsmap_credentials_provider **out, const awsmap_web_identity_options *opts);

/* ---- chains and caching ---------------------------------------------------- */

/**
 * @brief A provider trying @p providers in order and yielding the first
 *        credentials found.
 *
 * A link that is merely not configured (::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE)
 * passes to the next; any other failure (a configured source that does not
 * work) stops the chain. When no link succeeds, the message lists what each
 * link tried and why it failed.
 * @param[out] out       Receives the provider (one reference).
 * @param[in]  providers @p count providers; the chain takes its own references.
 * @param[in]  count     At least 1.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_chain_new(
    awsmap_credentials_provider **out, awsmap_credentials_provider *const *providers, size_t count);

/**
 * @brief Wraps @p source with a cache: credentials are reused until
 *        @p refresh_window_seconds before they expire; one caller refreshes
 *        while the others wait (or keep using still-valid credentials); a
 *        failed refresh keeps serving cached credentials while they are valid.
 * @param[out] out                    Receives the provider (one reference).
 * @param[in]  source                 The provider to cache; a reference is taken.
 * @param[in]  refresh_window_seconds Seconds before expiry to refresh; 0 = 300, negative = invalid.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_cached_new(awsmap_credentials_provider **out,
                                                                awsmap_credentials_provider *source,
                                                                int refresh_window_seconds);

/** @brief Options for awsmap_credentials_provider_default_new(). Zero = defaults. */
typedef struct awsmap_default_chain_options {
  unsigned int version;     /**< ::AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION */
  const char *profile;      /**< An explicit profile: the environment keys are then
                                 skipped (as `aws --profile` does). NULL = AWS_PROFILE / "default". */
  const char *endpoint_url; /**< STS / SSO endpoint override for the links that call them. */
  const char *region;       /**< Region for STS / SSO calls (see ::awsmap_profile_options). */
  int imds_allow_v1;        /**< Non-zero: let the IMDS link fall back to IMDSv1. */
  int disable_imds;         /**< Non-zero: leave the IMDS link out. */
} awsmap_default_chain_options;
/** @brief Current version of ::awsmap_default_chain_options. */
#define AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION 1
/** @brief Static initializer for ::awsmap_default_chain_options. */
#define AWSMAP_DEFAULT_CHAIN_OPTIONS_INIT {AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0}

/**
 * @brief Initialises @p opts to the defaults of @p version.
 * @param[out] opts    The options to fill.
 * @param[in]  version ::AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_default_chain_options_init(awsmap_default_chain_options *opts,
                                                           unsigned int version);

/**
 * @brief The SDKs' default chain, cached: environment, web identity, shared
 *        files (incl. SSO, credential_process and assume role), container,
 *        IMDS. When none yields credentials the error
 *        (::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) says what each link tried.
 * @param[out] out  Receives the provider (one reference).
 * @param[in]  opts Options, or NULL for the defaults; strings are copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_credentials_provider_default_new(
    awsmap_credentials_provider **out, const awsmap_default_chain_options *opts);

/* ---- onboarding helpers ----------------------------------------------------- */

/**
 * @brief Generates a fresh random External ID (32 lower-case hex characters,
 *        128 bits from the system's CSPRNG) to put in a role's trust policy.
 * @param[out] out Receives the text; release with awsmap_buf_free().
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM,
 *         ::AWSMAP_ERR_INTERNAL (no randomness available).
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_external_id_generate(awsmap_buf **out);

/**
 * @brief Builds the trust policy JSON of a role that lets @p principal call
 *        sts:AssumeRole only with the given External ID.
 * @param[out] out         Receives the JSON; release with awsmap_buf_free().
 * @param[in]  principal   A 12-digit account ID (trusts its root, i.e. IAM
 *                         principals the account allows) or an IAM ARN.
 * @param[in]  external_id 2..1224 characters of `[A-Za-z0-9+=,.@:/_-]`.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (malformed account/ARN or
 *         External ID), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_trust_policy_json(awsmap_buf **out, const char *principal,
                                                  const char *external_id);

/**
 * @brief Builds the minimal read-only IAM policy JSON listing exactly the
 *        actions libawsmap calls (ec2, rds and elasticloadbalancing Describe
 *        calls, s3:ListAllMyBuckets, s3:GetBucketLocation, sts:GetCallerIdentity).
 * @param[out] out Receives the JSON; release with awsmap_buf_free().
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_readonly_policy_json(awsmap_buf **out);

AWSMAP_END_DECLS

#endif /* AWSMAP_CREDENTIALS_H */
