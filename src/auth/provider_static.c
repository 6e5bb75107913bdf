/* static: the same keys every time. */
#include "auth/auth.h"

static awsmap_status static_fetch(void *impl, awsmap_credentials **out) {
  *out = awsmap_credentials_acquire(impl);
  return AWSMAP_OK;
}

static void static_destroy(void *impl) { awsmap_credentials_release(impl); }

static const awsmap__provider_vtable STATIC_VT = {static_fetch, static_destroy};

awsmap_status awsmap__provider_static_from(awsmap_credentials_provider **out, awsmap_credentials *creds,
                                           const char *name) {
  return awsmap__provider_new(out, &STATIC_VT, name, awsmap_credentials_acquire(creds));
}

awsmap_status awsmap_credentials_provider_static_new(awsmap_credentials_provider **out,
                                                     const char *access_key_id,
                                                     const char *secret_access_key,
                                                     const char *session_token) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "static provider", "out is NULL");
  awsmap_credentials *c = NULL;
  awsmap_status st = awsmap__credentials_new(&c, access_key_id, secret_access_key, session_token,
                                             0, "static", NULL);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_new(out, &STATIC_VT, "static", c);
}
