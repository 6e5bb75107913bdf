/**
 * @file awsmap/global.h
 * @brief Process-wide setup of libawsmap and the libraries under it.
 */
#ifndef AWSMAP_GLOBAL_H
#define AWSMAP_GLOBAL_H

#include <awsmap/export.h>
#include <awsmap/status.h>

AWSMAP_BEGIN_DECLS

/**
 * @brief Initialises libawsmap, libcurl and OpenSSL.
 *
 * Optional: the library initialises itself on first use and leaves teardown
 * to process exit (what garbage-collected bindings should rely on). Call it
 * explicitly from the main thread, before starting threads that use the
 * library, when libcurl's rule about thread-safe initialisation matters to
 * you. Reference-counted: balance every successful call with one
 * awsmap_global_cleanup().
 *
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_NOMEM, or ::AWSMAP_ERR_INTERNAL when
 *         libcurl cannot be initialised.
 * @note Thread-safe (internal locking), but see libcurl's rule above. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_global_init(void);

/**
 * @brief Releases what awsmap_global_init() set up, on the last balancing call.
 * @note Call only after every other libawsmap object has been freed. @since 0.1.0
 */
AWSMAP_API void awsmap_global_cleanup(void);

AWSMAP_END_DECLS

#endif /* AWSMAP_GLOBAL_H */
