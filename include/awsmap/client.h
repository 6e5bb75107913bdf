/**
 * @file awsmap/client.h
 * @brief The client: credentials, region, endpoints and transport settings
 *        shared by every AWS call.
 *
 * A client owns one connection pool. It holds its own reference to the
 * credentials provider it was given and asks it for credentials before each
 * request, so refreshed credentials are picked up between pages.
 */
#ifndef AWSMAP_CLIENT_H
#define AWSMAP_CLIENT_H

#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/credentials.h>

AWSMAP_BEGIN_DECLS

/** @brief A client. One thread at a time, except awsmap_client_cancel(). */
typedef struct awsmap_client awsmap_client;

/**
 * @brief Client settings. Versioned: fields are only ever appended.
 *
 * Initialise with ::AWSMAP_CLIENT_OPTIONS_INIT or awsmap_client_options_init().
 * Strings are copied by awsmap_client_new().
 */
typedef struct awsmap_client_options {
  unsigned int version;          /**< ::AWSMAP_CLIENT_OPTIONS_VERSION. */
  const char *region;            /**< Default region; NULL = AWS_REGION, AWS_DEFAULT_REGION, the "region" of the profile AWS_PROFILE (else "default") in AWS_CONFIG_FILE (else ~/.aws/config), else "us-east-1". */
  const char *endpoint_url;      /**< NULL = AWS_ENDPOINT_URL; else every service is sent there. */
  unsigned int max_attempts;     /**< 0 = AWS_MAX_ATTEMPTS, else 3. */
  unsigned int max_in_flight;    /**< Concurrent requests; 0 = 32. */
  unsigned int page_size;        /**< Records per page; 0 = each API's maximum. Clamped to each API's range. */
  long connect_timeout_ms;       /**< 0 = default (3100 ms). */
  long request_timeout_ms;       /**< 0 = default (60000 ms). */
  const char *ca_bundle;         /**< NULL = AWS_CA_BUNDLE, else the system default. */
  int insecure_skip_tls_verify;  /**< 0 = verify certificates (default). */
  int s3_force_path_style;       /**< Non-zero: S3 path-style addressing. */
  int use_fips;                  /**< Non-zero: FIPS endpoints. */
  int use_dualstack;             /**< Non-zero: dual-stack endpoints. */
} awsmap_client_options;

/** @brief The current version of ::awsmap_client_options. */
#define AWSMAP_CLIENT_OPTIONS_VERSION 1
/** @brief Static initialiser for ::awsmap_client_options: every default. */
#define AWSMAP_CLIENT_OPTIONS_INIT {AWSMAP_CLIENT_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/**
 * @brief Fills @p opts with the defaults, for callers that cannot use the macro.
 * @param[out] opts    Options to initialise.
 * @param[in]  version ::AWSMAP_CLIENT_OPTIONS_VERSION.
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_INVALID_ARG when @p opts is NULL or
 *         @p version is not one this library knows.
 * @note One thread at a time (per @p opts). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_client_options_init(awsmap_client_options *opts,
                                                    unsigned int version);

/**
 * @brief Creates a client.
 * @param[out] out      Receives the client, freed with awsmap_client_free().
 * @param[in]  provider Credentials provider; the client takes its own reference,
 *                      so the caller may release theirs.
 * @param[in]  opts     Options, or NULL for defaults; copied.
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_INVALID_ARG (NULL @p out or @p provider, bad
 *         version); ::AWSMAP_ERR_NOMEM; ::AWSMAP_ERR_INTERNAL when libcurl cannot start.
 * @note Thread-safe (each call creates an independent client). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_client_new(awsmap_client **out,
                                           struct awsmap_credentials_provider *provider,
                                           const awsmap_client_options *opts);

/**
 * @brief Sends one service somewhere else (an emulator, a VPC endpoint).
 * @param[in] c       The client.
 * @param[in] service Endpoint name: "ec2", "rds", "elasticloadbalancing", "s3", "sts", "sso".
 * @param[in] url     Base URL such as "http://127.0.0.1:4566"; copied.
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_INVALID_ARG (NULL argument or unknown service);
 *         ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_client_set_endpoint(awsmap_client *c, const char *service,
                                                    const char *url);

/**
 * @brief Makes the running call (on another thread) finish promptly with
 *        ::AWSMAP_ERR_CANCELLED. The cancellation lasts until that call returns.
 * @param[in] c The client, or NULL (does nothing).
 * @note Thread-safe (internal locking). @since 0.1.0
 */
AWSMAP_API void awsmap_client_cancel(awsmap_client *c);

/**
 * @brief Frees the client and drops its provider reference.
 * @param[in] c The client, or NULL (does nothing). No call may be running on it.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API void awsmap_client_free(awsmap_client *c);

AWSMAP_END_DECLS

#endif /* AWSMAP_CLIENT_H */
