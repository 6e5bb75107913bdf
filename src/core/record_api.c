/* The public face of records for callers that build their own. */
#include "core/core.h"

#include <string.h>

awsmap_status awsmap_record_new(awsmap_record **out, const char *type) {
  awsmap__error_clear();
  if (!out || !type)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "record_new", "out and type are required");
  *out = awsmap__record_new(type);
  return *out ? AWSMAP_OK : awsmap__error_nomem("record_new");
}

awsmap_status awsmap_record_add(awsmap_record *rec, const char *field, const char *value) {
  awsmap__error_clear();
  if (!rec || !field || !value)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "record_add",
                             "record, field and value are required");
  if (awsmap__record_add_copy_name(rec, field, strlen(field), value, strlen(value)) != AWSMAP_OK)
    return awsmap__error_nomem("record_add");
  return AWSMAP_OK;
}

void awsmap_record_free(awsmap_record *rec) { awsmap__record_free(rec); }
