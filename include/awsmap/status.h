/**
 * @file awsmap/status.h
 * @brief Status codes and the detailed error every failing call leaves behind.
 *
 * Every fallible libawsmap function returns an ::awsmap_status. ::AWSMAP_OK
 * (0) is success; anything else is a failure whose details (a human-readable
 * message naming the cause, the operation, the AWS error code, the HTTP
 * status, the request ID and the credential provider involved) can be read
 * with awsmap_error_last() on the same thread, until the next libawsmap call
 * on that thread. Each fallible call clears the last error on entry, so a
 * success never leaves a stale message behind.
 *
 * Status codes are append-only: a number, once released, keeps its meaning
 * forever and is never reused.
 */
#ifndef AWSMAP_STATUS_H
#define AWSMAP_STATUS_H

#include <awsmap/export.h>

AWSMAP_BEGIN_DECLS

/** @brief Result of every fallible libawsmap call. Append-only. */
typedef enum awsmap_status {
  AWSMAP_OK = 0,                         /**< Success. */
  AWSMAP_ERR_INVALID_ARG = 1,            /**< A caller-supplied argument is invalid. */
  AWSMAP_ERR_NOMEM = 2,                  /**< An allocation failed. */
  AWSMAP_ERR_IO = 3,                     /**< A local file or process could not be used. */
  AWSMAP_ERR_NETWORK = 4,                /**< Connection failed, reset, or DNS failed. */
  AWSMAP_ERR_TLS = 5,                    /**< TLS handshake or certificate verification failed. */
  AWSMAP_ERR_TIMEOUT = 6,                /**< An operation ran out of time. */
  AWSMAP_ERR_PARSE = 7,                  /**< Malformed or truncated input (XML, JSON, profile, URL). */
  AWSMAP_ERR_CREDENTIALS_UNAVAILABLE = 8,/**< No provider could supply credentials. */
  AWSMAP_ERR_CREDENTIALS_EXPIRED = 9,    /**< Credentials or a token have expired. */
  AWSMAP_ERR_ACCESS_DENIED = 10,         /**< AWS refused the action (AccessDenied, UnauthorizedOperation). */
  AWSMAP_ERR_THROTTLED = 11,             /**< AWS throttled the request and retries ran out. */
  AWSMAP_ERR_SERVICE = 12,               /**< Any other error reported by an AWS service. */
  AWSMAP_ERR_NOT_FOUND = 13,             /**< A named thing (profile, ARN, key, file) does not exist. */
  AWSMAP_ERR_CANCELLED = 14,             /**< The caller cancelled the operation. */
  AWSMAP_ERR_PARTIAL = 15,               /**< The work completed but some parts failed; see the result. */
  AWSMAP_ERR_TOO_LARGE = 16,             /**< A response or input exceeded a size limit. */
  AWSMAP_ERR_UNSUPPORTED = 17,           /**< The request needs a feature libawsmap does not have. */
  AWSMAP_ERR_AUTH = 18,                  /**< AWS rejected the credentials or signature
                                              (InvalidClientTokenId, SignatureDoesNotMatch). */
  AWSMAP_ERR_INTERNAL = 19               /**< A bug in libawsmap; please report it. */
} awsmap_status;

/**
 * @brief A short English description of a status, e.g. "access denied".
 * @param[in] status Any value; unknown values give "unknown status".
 * @return A static string; never NULL. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API const char *awsmap_status_str(awsmap_status status);

/**
 * @brief The enumerator's name, e.g. "AWSMAP_ERR_ACCESS_DENIED", for bindings
 *        that map statuses to exception classes.
 * @param[in] status Any value; unknown values give "AWSMAP_ERR_UNKNOWN".
 * @return A static string; never NULL. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API const char *awsmap_status_name(awsmap_status status);

/**
 * @brief Details of one failure. Opaque; read it through the accessors below.
 *
 * Obtained from awsmap_error_last() (borrowed from the calling thread) or from
 * a result that records per-item failures (borrowed from that result).
 */
typedef struct awsmap_error awsmap_error;

/**
 * @brief The detailed error left by the last failing libawsmap call on this thread.
 *
 * @return A pointer owned by the library, never NULL. It stays valid, with
 *         the same content, until the next call on this thread that returns
 *         ::awsmap_status (those clear it on entry); accessors, `_free` and
 *         `_release` functions and awsmap_status_str() leave it intact. After
 *         a success its status is ::AWSMAP_OK and its message is empty.
 * @note Thread-safe: each thread has its own. @since 0.1.0
 */
AWSMAP_API const awsmap_error *awsmap_error_last(void);

/**
 * @brief The status of the failure.
 * @param[in] error An error, or NULL.
 * @return The status; ::AWSMAP_OK for NULL or after a success.
 * @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_error_status(const awsmap_error *error);

/**
 * @brief A human-readable message naming the cause, e.g.
 *        "ec2 DescribeInstances in eu-west-1: HTTP 403 UnauthorizedOperation: You are not
 *        authorized to perform this operation. (request id 5d2f...)".
 * @param[in] error An error, or NULL.
 * @return Borrowed from @p error; never NULL ("" when there is none). @since 0.1.0
 */
AWSMAP_API const char *awsmap_error_message(const awsmap_error *error);

/**
 * @brief The operation that failed, e.g. "ec2:DescribeInstances" or "sigv4:sign".
 * @param[in] error An error, or NULL.
 * @return Borrowed from @p error, or NULL when not recorded. @since 0.1.0
 */
AWSMAP_API const char *awsmap_error_operation(const awsmap_error *error);

/**
 * @brief The AWS error code, e.g. "AccessDenied", "Throttling", "ExpiredToken".
 * @param[in] error An error, or NULL.
 * @return Borrowed from @p error, or NULL when the failure did not come from AWS.
 * @since 0.1.0
 */
AWSMAP_API const char *awsmap_error_aws_code(const awsmap_error *error);

/**
 * @brief The AWS request ID of the failing response, for AWS support.
 * @param[in] error An error, or NULL.
 * @return Borrowed from @p error, or NULL when unknown. @since 0.1.0
 */
AWSMAP_API const char *awsmap_error_request_id(const awsmap_error *error);

/**
 * @brief The credential provider involved, e.g. "environment", "assume-role".
 * @param[in] error An error, or NULL.
 * @return Borrowed from @p error, or NULL when no provider was involved. @since 0.1.0
 */
AWSMAP_API const char *awsmap_error_provider(const awsmap_error *error);

/**
 * @brief The HTTP status of the failing response.
 * @param[in] error An error, or NULL.
 * @return The status, or 0 when no HTTP response was received. @since 0.1.0
 */
AWSMAP_API int awsmap_error_http_status(const awsmap_error *error);

AWSMAP_END_DECLS

#endif /* AWSMAP_STATUS_H */
