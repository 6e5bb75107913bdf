/**
 * @file awsmap/services.h
 * @brief Read-only AWS calls, every page, as typed records.
 *
 * awsmap_client_call() runs one describe/list call to the end: it follows
 * every page (MaxResults/NextToken, MaxRecords/Marker, PageSize/Marker,
 * S3 continuation tokens), stops with ::AWSMAP_ERR_SERVICE when a server
 * repeats a token, and hands each record to a callback as its XML element
 * closes, so memory stays flat however large the account is.
 *
 * Record types and field names are listed in README.md: field names are
 * botocore's output member names joined by '.', list wrappers dropped,
 * repeated once per list member; tags appear as "Tags.<key>".
 */
#ifndef AWSMAP_SERVICES_H
#define AWSMAP_SERVICES_H

#include <stddef.h>
#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/record.h>
#include <awsmap/client.h>

AWSMAP_BEGIN_DECLS

/**
 * @brief Receives one record.
 * @param[in] rec      The record, borrowed for the duration of the call only.
 * @param[in] userdata As given to awsmap_client_call().
 * @return 0 to continue; non-zero stops the call with ::AWSMAP_ERR_CANCELLED.
 * @note Called on the thread that called awsmap_client_call(), in wire order.
 */
typedef int (*awsmap_record_fn)(const awsmap_record *rec, void *userdata);

/**
 * @brief Runs every page of one read-only call.
 * @param[in] c         The client.
 * @param[in] operation "<service>:<Action>", e.g. "ec2:DescribeInstances",
 *                      "elbv2:DescribeTargetHealth", "s3:ListBuckets",
 *                      "sts:GetCallerIdentity" (see awsmap_operation_name()).
 * @param[in] region    Region, or NULL for the client's.
 * @param[in] params    NULL, or a NULL-terminated list of name, value pairs added
 *                      to the request, e.g. {"TargetGroupArn", arn, NULL}. List
 *                      parameters use the wire form ("InstanceId.1"). Copied.
 *                      "Action" and "Version" (any case) and empty names are
 *                      refused: the operation sets those itself.
 * @param[in] fn        Called once per record; never called if the call fails
 *                      before the first record.
 * @param[in] userdata  Passed to @p fn.
 * @return ::AWSMAP_OK after the last page; ::AWSMAP_ERR_INVALID_ARG (NULL
 *         argument, odd @p params, a refused parameter name);
 *         ::AWSMAP_ERR_UNSUPPORTED (unknown operation);
 *         ::AWSMAP_ERR_CANCELLED (@p fn returned non-zero or awsmap_client_cancel());
 *         ::AWSMAP_ERR_PARSE (malformed or truncated response); ::AWSMAP_ERR_SERVICE
 *         (an AWS error, or a repeated pagination token); ::AWSMAP_ERR_ACCESS_DENIED,
 *         ::AWSMAP_ERR_AUTH, ::AWSMAP_ERR_CREDENTIALS_EXPIRED,
 *         ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, ::AWSMAP_ERR_THROTTLED,
 *         ::AWSMAP_ERR_NETWORK, ::AWSMAP_ERR_TIMEOUT, ::AWSMAP_ERR_TLS,
 *         ::AWSMAP_ERR_TOO_LARGE, ::AWSMAP_ERR_NOMEM. Records already delivered
 *         stay delivered; awsmap_error_last() has the details.
 * @note One thread at a time (per client). @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_client_call(awsmap_client *c, const char *operation,
                                            const char *region, const char *const *params,
                                            awsmap_record_fn fn, void *userdata);

/**
 * @brief How many operations awsmap_client_call() accepts.
 * @return The count. @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API size_t awsmap_operation_count(void);

/**
 * @brief The name of one operation, e.g. "ec2:DescribeInstances".
 * @param[in] index 0 .. awsmap_operation_count() - 1.
 * @return A static string, or NULL when @p index is out of range.
 * @note Immutable after creation, safe to share. @since 0.1.0
 */
AWSMAP_API const char *awsmap_operation_name(size_t index);

AWSMAP_END_DECLS

#endif /* AWSMAP_SERVICES_H */
