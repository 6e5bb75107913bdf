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

AWSMAP_END_DECLS

#endif /* AWSMAP_RECORD_H */
