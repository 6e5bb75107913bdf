/**
 * @file awsmap/log.h
 * @brief Optional diagnostics through a caller-installed callback.
 *
 * libawsmap prints nothing by default. Install a callback to receive log
 * lines at or above a chosen verbosity. Every line passes through the
 * redaction rules before it reaches the callback: Authorization headers and
 * signatures, secret access keys, session tokens (`X-Amz-Security-Token`,
 * `SessionToken`, `Token`), bearer tokens and credential_process output are
 * replaced by `<redacted>`; no log level ever shows a secret.
 */
#ifndef AWSMAP_LOG_H
#define AWSMAP_LOG_H

#include <awsmap/export.h>

AWSMAP_BEGIN_DECLS

/** @brief Log verbosity; a higher value is more verbose. */
typedef enum awsmap_log_level {
  AWSMAP_LOG_OFF = 0,   /**< Nothing is logged. */
  AWSMAP_LOG_ERROR = 1, /**< Failures returned to the caller. */
  AWSMAP_LOG_WARN = 2,  /**< Recovered problems: retries, skipped services. */
  AWSMAP_LOG_INFO = 3,  /**< Milestones: credentials resolved, discovery done. */
  AWSMAP_LOG_DEBUG = 4, /**< Each request, response status and retry decision. */
  AWSMAP_LOG_TRACE = 5  /**< Wire detail: headers, canonical requests (redacted). */
} awsmap_log_level;

/**
 * @brief Receives one log line.
 * @param[in] level     The line's level.
 * @param[in] subsystem The module that logged it, e.g. "http", "sigv4", "auth".
 * @param[in] message   The redacted text, without a trailing newline. Valid
 *                      only for the duration of the call.
 * @param[in] userdata  The pointer given to awsmap_log_set().
 *
 * May be called from any thread that runs libawsmap code, concurrently; it
 * must not call back into libawsmap.
 */
typedef void (*awsmap_log_fn)(awsmap_log_level level, const char *subsystem,
                              const char *message, void *userdata);

/**
 * @brief Installs (or, with @p fn NULL, removes) the process-wide log callback.
 * @param[in] max_level Lines more verbose than this are not formatted at all.
 * @param[in] fn        The callback, or NULL to log nothing.
 * @param[in] userdata  Passed to every call of @p fn; not owned.
 *
 * When it returns, the previous callback is not running and will never be
 * called again, so its userdata may be released.
 * @note Thread-safe; best set before other threads use the library. @since 0.1.0
 */
AWSMAP_API void awsmap_log_set(awsmap_log_level max_level, awsmap_log_fn fn, void *userdata);

/**
 * @brief The name of a level: "error", "warn", "info", "debug", "trace" or "off".
 * @param[in] level Any value; unknown values give "off".
 * @return A static string; never NULL. @note Thread-safe. @since 0.1.0
 */
AWSMAP_API const char *awsmap_log_level_str(awsmap_log_level level);

AWSMAP_END_DECLS

#endif /* AWSMAP_LOG_H */
