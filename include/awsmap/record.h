/**
 * @file awsmap/record.h
 * @brief One AWS resource as returned by a describe call, read by field name.
 *
 * Every service call delivers its results as ::awsmap_record values. A record
 * has a type (e.g. "ec2:instance", "rds:db-instance") and an ordered list of
 * fields. Field names are the AWS API's own member names (as in the AWS API
 * reference and botocore's models), with nested members joined by '.':
 * `InstanceId`, `State.Name`, `Placement.AvailabilityZone`,
 * `NetworkInterfaces.NetworkInterfaceId`. A name may repeat for list members
 * (`SecurityGroups.GroupId` once per group), in document order. Tags are the
 * fields `Tags.<key>` (e.g. `Tags.Name`), whatever the service's tag shape.
 * Values are text exactly as AWS sent them (numbers, booleans, timestamps too).
 *
 * Field names are data, not symbols: a new field never changes the ABI.
 */
#ifndef AWSMAP_RECORD_H
#define AWSMAP_RECORD_H

#include <stddef.h>
#include <awsmap/export.h>
#include <awsmap/status.h>

AWSMAP_BEGIN_DECLS

/**
 * @brief A resource record. Opaque; immutable once delivered. A record passed
 *        to a callback is borrowed for the duration of the call only.
 */
typedef struct awsmap_record awsmap_record;

/**
 * @brief The record type, "<service>:<resource>", e.g. "ec2:instance".
 * @param[in] rec A record, or NULL.
 * @return Borrowed from @p rec; never NULL ("" for NULL). @since 0.1.0
 */
AWSMAP_API const char *awsmap_record_type(const awsmap_record *rec);

/**
 * @brief The first value of a field.
 * @param[in] rec   A record, or NULL.
 * @param[in] field A field name, e.g. "VpcId" or "Tags.Name".
 * @return Borrowed from @p rec, or NULL when the record has no such field. @since 0.1.0
 */
AWSMAP_API const char *awsmap_record_get(const awsmap_record *rec, const char *field);

/**
 * @brief How many values a (repeated) field has.
 * @param[in] rec   A record, or NULL.
 * @param[in] field A field name.
 * @return The count; 0 when absent. @since 0.1.0
 */
AWSMAP_API size_t awsmap_record_count(const awsmap_record *rec, const char *field);

/**
 * @brief The @p index-th value of a repeated field.
 * @param[in] rec   A record, or NULL.
 * @param[in] field A field name.
 * @param[in] index 0-based position among the values of @p field.
 * @return Borrowed from @p rec, or NULL when @p index is out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_record_get_nth(const awsmap_record *rec, const char *field,
                                             size_t index);

/**
 * @brief The number of fields, counting repeats.
 * @param[in] rec A record, or NULL (gives 0).
 * @return The number of fields. @since 0.1.0
 */
AWSMAP_API size_t awsmap_record_field_count(const awsmap_record *rec);

/**
 * @brief The @p index-th field in document order.
 * @param[in]  rec   A record.
 * @param[in]  index 0 .. awsmap_record_field_count() - 1.
 * @param[out] name  Receives the field name (borrowed), or NULL when out of range.
 * @return The value (borrowed), or NULL when @p index is out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_record_field_at(const awsmap_record *rec, size_t index,
                                              const char **name);

/* ---- building records (for graphs fed from elsewhere, e.g. a cache) ---- */

/**
 * @brief Creates an empty record, for feeding awsmap_graph_add_record() with
 *        data that did not come from awsmap_client_call() (a cache, a test).
 * @param[out] out  Receives the record; free it with awsmap_record_free().
 * @param[in]  type The record type, e.g. "ec2:instance"; copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL argument), ::AWSMAP_ERR_NOMEM.
 * @note The new record is one thread at a time until it is complete. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_record_new(awsmap_record **out, const char *type);

/**
 * @brief Appends a field; repeat a name for list members.
 * @param[in] rec   A record made by awsmap_record_new().
 * @param[in] field The field name, e.g. "SecurityGroups.GroupId"; copied.
 * @param[in] value The value as AWS would send it; copied.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL argument), ::AWSMAP_ERR_NOMEM
 *         (the record is unchanged).
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_record_add(awsmap_record *rec, const char *field,
                                           const char *value);

/**
 * @brief Frees a record made by awsmap_record_new(). Never free a record a
 *        callback was given: those belong to the library.
 * @param[in] rec A record, or NULL (does nothing). @since 0.1.0
 */
AWSMAP_API void awsmap_record_free(awsmap_record *rec);

AWSMAP_END_DECLS

#endif /* AWSMAP_RECORD_H */
