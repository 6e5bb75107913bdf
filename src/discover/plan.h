/* discover: what to call, per service, and which records lead to further calls. */
#ifndef AWSMAP_DISCOVER_PLAN_H
#define AWSMAP_DISCOVER_PLAN_H

#include "core/core.h"

#include <awsmap/discover.h>

/* A top-level call, run once per region (or once per account when global). */
typedef struct awsmap__plan_step {
  unsigned int service; /* awsmap_service bit */
  const char *operation;
  bool global;          /* account-wide (S3 ListBuckets): run once, from the home region */
  const char *param;    /* a fixed request parameter, or NULL */
  const char *value;
} awsmap__plan_step;

/* A record of `record_type` leads to `operation` with `param` = the record's `field`,
 * unless the record already holds a non-empty `unless` field. */
typedef struct awsmap__plan_follow {
  const char *record_type;
  const char *field;
  const char *operation;
  const char *param;
  const char *unless; /* a record field that already answers the call, or NULL */
} awsmap__plan_follow;

extern const awsmap__plan_step awsmap__plan_steps[];
extern const size_t awsmap__plan_step_count;
extern const awsmap__plan_follow awsmap__plan_follows[];
extern const size_t awsmap__plan_follow_count;

/* The awsmap_service bit an operation ("elbv2:DescribeListeners") belongs to. */
unsigned int awsmap__plan_service_of(const char *operation);

#endif
