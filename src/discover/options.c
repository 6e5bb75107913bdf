/* Discovery options and the user-facing service list. */
#include "discover/discover.h"

#include <string.h>

awsmap_status awsmap_discover_options_init(awsmap_discover_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version < 1 || version > AWSMAP_DISCOVER_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "discover_options_init",
                             "unknown awsmap_discover_options version %u", version);
  static const awsmap_discover_options DEFAULTS = AWSMAP_DISCOVER_OPTIONS_INIT;
  *opts = DEFAULTS;
  opts->version = version;
  return AWSMAP_OK;
}

static const struct {
  const char *name;
  unsigned int bit;
} SERVICE_NAMES[] = {
    {"ec2", AWSMAP_SERVICE_EC2},     {"vpc", AWSMAP_SERVICE_EC2},
    {"rds", AWSMAP_SERVICE_RDS},     {"elb", AWSMAP_SERVICE_ELB},
    {"elbv2", AWSMAP_SERVICE_ELBV2}, {"alb", AWSMAP_SERVICE_ELBV2},
    {"nlb", AWSMAP_SERVICE_ELBV2},   {"s3", AWSMAP_SERVICE_S3},
    {"all", AWSMAP_SERVICE_ALL},
};

awsmap_status awsmap_service_parse(const char *list, unsigned int *out) {
  awsmap__error_clear();
  if (!list || !out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "service_parse", "list and out are required");
  unsigned int bits = 0;
  const char *p = list;
  while (*p) {
    size_t n = strcspn(p, ",");
    awsmap__str word = awsmap__str_trim((awsmap__str){p, n});
    bool known = false;
    for (size_t i = 0; i < AWSMAP__ARRAY_LEN(SERVICE_NAMES) && !known; i++)
      if (awsmap__str_eq_icase(word, SERVICE_NAMES[i].name)) {
        bits |= SERVICE_NAMES[i].bit;
        known = true;
      }
    if (!known && word.len)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "service_parse",
                               "unknown service '%.*s' (known: ec2, rds, elb, elbv2, s3, all)",
                               (int)word.len, word.ptr);
    p += n + (p[n] == ',');
  }
  if (!bits)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "service_parse", "no service named in '%s'",
                             list);
  *out = bits;
  return AWSMAP_OK;
}
