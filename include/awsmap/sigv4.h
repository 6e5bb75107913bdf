/**
 * @file awsmap/sigv4.h
 * @brief AWS Signature Version 4: sign any HTTP request, on its own.
 *
 * The signer libawsmap uses for every AWS call, usable by itself (as
 * `curl --aws-sigv4` is). Describe a request with an ::awsmap_sigv4_request
 * (method, URL as sent on the wire, headers, body or payload hash), then
 * awsmap_sigv4_sign() it with credentials, region, service and a time. The
 * ::awsmap_sigv4_result holds what to send, either
 *  - header signing: the headers to add (`X-Amz-Security-Token` when the
 *    credentials have one, `X-Amz-Date`, `x-amz-content-sha256` for S3, and
 *    `Authorization`), or
 *  - presigned query signing: the URL with `X-Amz-Algorithm`,
 *    `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
 *    `X-Amz-Expires`, [`X-Amz-Security-Token`] and `X-Amz-Signature` added,
 * and, for debugging a `SignatureDoesNotMatch`, the canonical request and the
 * string to sign, to compare with the ones AWS returns in its error.
 *
 * Two canonicalisation rule sets: the normal one (the path is normalised —
 * empty and dot segments removed — and every path byte but A-Z a-z 0-9 - . _ ~ /
 * is percent-encoded again, so "%41" signs as "%2541") and S3's (set
 * awsmap_sigv4_options::s3: the path keeps `//` and dot segments and is
 * encoded once — escapes already in it are kept as sent, so "%41" signs as
 * "%41", and only raw bytes such as spaces or UTF-8 get encoded — and
 * `x-amz-content-sha256` is added and signed). Query parameters are decoded and re-encoded, sorted by key
 * then value; repeated keys and empty values are kept. Header names are
 * lower-cased, values trimmed with inner whitespace folded to one space, and
 * repeated headers merged in order with ','. `Authorization`, `User-Agent`,
 * `Expect`, `Transfer-Encoding` and `X-Amzn-Trace-Id` are never signed.
 *
 * Derived signing keys are cached per (secret, date, region, service) inside
 * the library, so a burst of signatures derives the key once; the cache is
 * thread-safe and zeroes its secrets when entries are dropped.
 */
#ifndef AWSMAP_SIGV4_H
#define AWSMAP_SIGV4_H

#include <stddef.h>
#include <stdint.h>
#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/credentials.h>

AWSMAP_BEGIN_DECLS

/** @brief How the signature is carried. Values are fixed forever. */
typedef enum awsmap_sigv4_mode {
  AWSMAP_SIGV4_HEADERS = 0, /**< `Authorization` and `X-Amz-*` headers. */
  AWSMAP_SIGV4_QUERY = 1    /**< A presigned URL (query-string signing). */
} awsmap_sigv4_mode;

/** @brief Value of the tri-state fields of ::awsmap_sigv4_options meaning
 *         "the default of the rule set". */
#define AWSMAP_SIGV4_DEFAULT (-1)

/** @brief The current version of ::awsmap_sigv4_options. */
#define AWSMAP_SIGV4_OPTIONS_VERSION 1

/**
 * @brief Per-call signing options. Initialise with ::AWSMAP_SIGV4_OPTIONS_INIT
 *        or awsmap_sigv4_options_init(); fields are only ever appended.
 */
typedef struct awsmap_sigv4_options {
  unsigned int version;   /**< ::AWSMAP_SIGV4_OPTIONS_VERSION. */
  awsmap_sigv4_mode mode; /**< Header (default) or presigned-query signing. */
  int64_t expires;        /**< Query mode: `X-Amz-Expires` in seconds,
                               1..604800 (7 days). Default 3600. */
  int s3;                 /**< Non-zero: S3 rules (no path normalisation,
                               single encoding, `x-amz-content-sha256`). */
  int unsigned_payload;   /**< Non-zero: payload hash `UNSIGNED-PAYLOAD`
                               (presigned S3 URLs use it anyway). */
  int omit_session_token; /**< Non-zero: leave the session token out of the
                               signature and add it afterwards (for the few
                               services that want that). */
  int normalize_path;     /**< 0/1, or ::AWSMAP_SIGV4_DEFAULT (on unless s3). */
  int double_encode;      /**< 0/1, or ::AWSMAP_SIGV4_DEFAULT (on unless s3). */
  int content_sha256_header; /**< Header mode: add and sign `x-amz-content-sha256`;
                               0/1 or ::AWSMAP_SIGV4_DEFAULT (on for s3, and
                               for any service when the payload hash is a
                               marker such as `UNSIGNED-PAYLOAD`). */
} awsmap_sigv4_options;

/** @brief Static initialiser for ::awsmap_sigv4_options with every default. */
#define AWSMAP_SIGV4_OPTIONS_INIT                                                   \
  {AWSMAP_SIGV4_OPTIONS_VERSION, AWSMAP_SIGV4_HEADERS, 3600, 0, 0, 0,               \
   AWSMAP_SIGV4_DEFAULT, AWSMAP_SIGV4_DEFAULT, AWSMAP_SIGV4_DEFAULT}

/**
 * @brief Fills @p opts with the defaults of ::AWSMAP_SIGV4_OPTIONS_INIT, for
 *        callers (FFI) that cannot use the macro.
 * @param[out] opts    The options to initialise.
 * @param[in]  version ::AWSMAP_SIGV4_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL @p opts or unknown version).
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_options_init(awsmap_sigv4_options *opts,
                                                   unsigned int version);

/**
 * @brief A request to sign. Opaque; build it with awsmap_sigv4_request_new()
 *        and the setters. One thread at a time while being built; once built,
 *        signing only reads it, so it may be signed from several threads.
 */
typedef struct awsmap_sigv4_request awsmap_sigv4_request;

/**
 * @brief Creates a request.
 * @param[out] out    Receives the request; free it with awsmap_sigv4_request_free().
 * @param[in]  method The HTTP method, e.g. "GET"; copied and signed as given.
 * @param[in]  url    The target exactly as sent on the wire: either absolute,
 *                    `https://host[:port]/path?query` (its authority becomes the
 *                    Host header unless one is added; default ports are
 *                    dropped), or origin-form, `/path?query` (then a Host
 *                    header must be added). Already percent-encoded by the
 *                    caller; raw spaces and UTF-8 are accepted and encoded
 *                    when signing. Copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL or malformed method or
 *         URL: no path, a scheme other than http/https, user info, a
 *         fragment, control characters), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_request_new(awsmap_sigv4_request **out, const char *method,
                                                  const char *url);

/**
 * @brief Frees a request.
 * @param[in] req A request, or NULL (does nothing).
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API void awsmap_sigv4_request_free(awsmap_sigv4_request *req);

/**
 * @brief Adds a header. A name may repeat; repeats are kept in order and
 *        signed as one header with the values joined by ','.
 * @param[in] req   The request.
 * @param[in] name  The header name, any case; copied.
 * @param[in] value The value as it will be sent; copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL argument, empty name or
 *         a character not allowed in a header name, a control character or
 *         a bare line break in the value), ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_request_add_header(awsmap_sigv4_request *req,
                                                         const char *name, const char *value);

/**
 * @brief Sets the body, whose SHA-256 is signed.
 * @param[in] req  The request.
 * @param[in] body The bytes (copied); may be NULL when @p len is 0.
 * @param[in] len  Its length.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_request_set_body(awsmap_sigv4_request *req,
                                                       const void *body, size_t len);

/**
 * @brief Sets the payload hash instead of a body: 64 hex digits (the body's
 *        SHA-256, hashed elsewhere), `UNSIGNED-PAYLOAD`, or an S3 streaming
 *        marker such as `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` (chunk
 *        signatures themselves are not produced by this API).
 * @param[in] req  The request.
 * @param[in] hash The hash or marker; copied. NULL goes back to hashing the body.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (neither hex digits nor a
 *         known marker), ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_request_set_payload_hash(awsmap_sigv4_request *req,
                                                               const char *hash);

/**
 * @brief Chooses which of the request's headers are signed (by default all
 *        but the never-signed ones). `host` and the headers the signer adds
 *        itself are always signed.
 * @param[in] req   The request.
 * @param[in] names Header names, any case; copied. NULL (with @p count 0)
 *                  goes back to signing all headers.
 * @param[in] count How many names.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL or malformed name),
 *         ::AWSMAP_ERR_NOMEM. Signing fails with ::AWSMAP_ERR_INVALID_ARG
 *         when a chosen header is not in the request.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_request_set_signed_headers(awsmap_sigv4_request *req,
                                                                 const char *const *names,
                                                                 size_t count);

/**
 * @brief The result of signing: what to send, and the intermediate texts.
 *        Opaque; immutable after creation, safe to share.
 */
typedef struct awsmap_sigv4_result awsmap_sigv4_result;

/**
 * @brief Signs a request.
 * @param[out] out     Receives the result; free it with awsmap_sigv4_result_free().
 * @param[in]  req     The request; only read.
 * @param[in]  creds   Credentials (access key, secret, optional session
 *                     token); only read, not retained.
 * @param[in]  region  The signing region, e.g. "us-east-1"; 1-63 of A-Z a-z 0-9 - _ .
 * @param[in]  service The signing name, e.g. "ec2", "s3"; same alphabet.
 * @param[in]  time    The signing time, Unix seconds (UTC).
 * @param[in]  opts    Options, or NULL for the defaults (header signing,
 *                     normal rules).
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_INVALID_ARG (missing region or service,
 *         an expiry outside 1..604800 s, a bad percent-encoding in the path
 *         or query, no Host header, a chosen header missing, a malformed
 *         payload hash, bad options); ::AWSMAP_ERR_CREDENTIALS_EXPIRED (the
 *         credentials expire at or before @p time); ::AWSMAP_ERR_NOMEM.
 *         The detailed error (awsmap_error_last()) names the cause.
 * @note Thread-safe: the derived-key cache has internal locking. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_sigv4_sign(awsmap_sigv4_result **out,
                                           const awsmap_sigv4_request *req,
                                           const awsmap_credentials *creds, const char *region,
                                           const char *service, int64_t time,
                                           const awsmap_sigv4_options *opts);

/**
 * @brief Frees a result, zeroing the texts that may hold the session token.
 * @param[in] res A result, or NULL (does nothing). @since 0.1.0
 */
AWSMAP_API void awsmap_sigv4_result_free(awsmap_sigv4_result *res);

/**
 * @brief The canonical request that was signed (no trailing newline).
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_canonical_request(const awsmap_sigv4_result *res);

/**
 * @brief The string to sign (algorithm, date, scope, canonical-request hash).
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_string_to_sign(const awsmap_sigv4_result *res);

/**
 * @brief The signature, 64 lower-case hex digits.
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_signature(const awsmap_sigv4_result *res);

/**
 * @brief The semicolon-separated list of signed header names, e.g. "host;x-amz-date".
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_signed_headers(const awsmap_sigv4_result *res);

/**
 * @brief The value of the `Authorization` header (header mode).
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res, or NULL in query mode or for NULL. @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_authorization(const awsmap_sigv4_result *res);

/**
 * @brief How many headers the caller must add to the request (header mode:
 *        `X-Amz-Security-Token` when there is a token, `X-Amz-Date`,
 *        `x-amz-content-sha256` when it is signed, `Authorization`, in that
 *        order; query mode: none).
 * @param[in] res A result, or NULL (gives 0).
 * @return The count. @since 0.1.0
 */
AWSMAP_API size_t awsmap_sigv4_result_header_count(const awsmap_sigv4_result *res);

/**
 * @brief One header to add.
 * @param[in]  res   A result.
 * @param[in]  index 0 .. awsmap_sigv4_result_header_count() - 1.
 * @param[out] value Receives the value (borrowed from @p res), or NULL when
 *                   @p index is out of range. May be NULL.
 * @return The name (borrowed from @p res), or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_header(const awsmap_sigv4_result *res, size_t index,
                                                  const char **value);

/**
 * @brief The presigned URL (query mode): the request's URL, in the form it
 *        was given, with the signing parameters appended.
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res, or NULL in header mode or for NULL. @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_url(const awsmap_sigv4_result *res);

/**
 * @brief The `X-Amz-Date` value, e.g. "20150830T123600Z".
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_amz_date(const awsmap_sigv4_result *res);

/**
 * @brief The payload hash that was signed (hex SHA-256 or a marker).
 * @param[in] res A result, or NULL.
 * @return Borrowed from @p res; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_sigv4_result_payload_hash(const awsmap_sigv4_result *res);

AWSMAP_END_DECLS

#endif /* AWSMAP_SIGV4_H */
