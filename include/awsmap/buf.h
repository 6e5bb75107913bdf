/**
 * @file awsmap/buf.h
 * @brief Variable-size text returned to the caller (JSON, DOT, signed URLs).
 *
 * Functions that produce text hand the caller an ::awsmap_buf, which the
 * caller releases with awsmap_buf_free(). The text is always NUL-terminated.
 */
#ifndef AWSMAP_BUF_H
#define AWSMAP_BUF_H

#include <stddef.h>
#include <awsmap/export.h>

AWSMAP_BEGIN_DECLS

/** @brief A caller-owned block of text. Opaque. One thread at a time. */
typedef struct awsmap_buf awsmap_buf;

/**
 * @brief The text.
 * @param[in] buf A buffer, or NULL.
 * @return Borrowed from @p buf until it is freed; NUL-terminated; "" for NULL.
 * @since 0.1.0
 */
AWSMAP_API const char *awsmap_buf_data(const awsmap_buf *buf);

/**
 * @brief The length of the text in bytes, not counting the terminating NUL.
 * @param[in] buf A buffer, or NULL.
 * @return The length; 0 for NULL. @since 0.1.0
 */
AWSMAP_API size_t awsmap_buf_len(const awsmap_buf *buf);

/**
 * @brief Releases a buffer; its memory is zeroed first, since it may hold
 *        a signature or a presigned URL.
 * @param[in] buf A buffer, or NULL (does nothing). @since 0.1.0
 */
AWSMAP_API void awsmap_buf_free(awsmap_buf *buf);

AWSMAP_END_DECLS

#endif /* AWSMAP_BUF_H */
