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

#include <stdint.h>
#include <awsmap/export.h>
#include <awsmap/status.h>

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
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (missing key), ::AWSMAP_ERR_NOMEM.
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
 * @brief The name of the provider that produced them ("static", "environment",
 *        "profile", "assume-role", ...).
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_provider_name(const awsmap_credentials *creds);

/**
 * @brief The AWS account the credentials belong to, when the provider learnt it (SSO, AssumeRole, credential_process).
 * @param[in] creds Credentials, or NULL.
 * @return Borrowed from @p creds, or NULL when unknown.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_credentials_account_id(const awsmap_credentials *creds);

AWSMAP_END_DECLS

#endif /* AWSMAP_CREDENTIALS_H */
