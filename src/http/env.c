/* Settings read from the environment, as the AWS SDKs name them. */
#include "http/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *awsmap__http_env(const char *name) {
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

bool awsmap__http_env_bool(const char *name) {
  const char *v = awsmap__http_env(name);
  return v && awsmap__strcasecmp(v, "true") == 0;
}

/* Service ids as the SDKs spell them for AWS_ENDPOINT_URL_<ID>: the service id upper-cased,
 * spaces as underscores. Both load balancer APIs sign as "elasticloadbalancing". */
static const struct {
  const char *service;
  const char *ids[3];
} SERVICE_IDS[] = {
    {"ec2", {"EC2", NULL, NULL}},
    {"rds", {"RDS", NULL, NULL}},
    {"elasticloadbalancing", {"ELASTIC_LOAD_BALANCING_V2", "ELASTIC_LOAD_BALANCING", NULL}},
    {"s3", {"S3", NULL, NULL}},
    {"sts", {"STS", NULL, NULL}},
    {"sso", {"SSO", NULL, NULL}},
};

static const char *lookup(const char *id) {
  char name[96];
  int n = snprintf(name, sizeof name, "AWS_ENDPOINT_URL_%s", id);
  return n > 0 && (size_t)n < sizeof name ? awsmap__http_env(name) : NULL;
}

const char *awsmap__http_env_service_endpoint(const char *service) {
  if (!service)
    return NULL;
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(SERVICE_IDS); i++) {
    if (strcmp(SERVICE_IDS[i].service, service) != 0)
      continue;
    for (size_t j = 0; j < 3 && SERVICE_IDS[i].ids[j]; j++) {
      const char *v = lookup(SERVICE_IDS[i].ids[j]);
      if (v)
        return v;
    }
    return NULL;
  }
  /* Any other service: its name upper-cased, '-' and ' ' as '_'. */
  char id[64];
  size_t n = strlen(service);
  if (n >= sizeof id)
    return NULL;
  for (size_t i = 0; i <= n; i++) {
    char c = service[i];
    id[i] = (c == '-' || c == ' ') ? '_' : (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
  }
  return lookup(id);
}
