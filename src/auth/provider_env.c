/* environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
 * read at every fetch so a changed environment is seen. */
#include "auth/auth.h"

static awsmap_status env_fetch(void *impl, awsmap_credentials **out) {
  (void)impl;
  const char *akid = awsmap__auth_getenv("AWS_ACCESS_KEY_ID");
  const char *secret = awsmap__auth_getenv("AWS_SECRET_ACCESS_KEY");
  if (!akid && !secret)
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "environment",
                             "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  if (!akid || !secret)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "environment",
                             "%s is set but %s is not", akid ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                             akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
  int64_t expiration = 0;
  const char *exp = awsmap__auth_getenv("AWS_CREDENTIAL_EXPIRATION");
  if (exp && awsmap__time_parse_iso8601(exp, &expiration) != AWSMAP_OK)
    return awsmap__error_set(AWSMAP_ERR_PARSE, "environment",
                             "AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time");
  return awsmap__credentials_new(out, akid, secret, awsmap__auth_getenv("AWS_SESSION_TOKEN"),
                                 expiration, "environment", awsmap__auth_getenv("AWS_ACCOUNT_ID"));
}

static void env_destroy(void *impl) { (void)impl; }

static const awsmap__provider_vtable ENV_VT = {env_fetch, env_destroy};

awsmap_status awsmap_credentials_provider_environment_new(awsmap_credentials_provider **out) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "environment provider", "out is NULL");
  return awsmap__provider_new(out, &ENV_VT, "environment", NULL);
}
