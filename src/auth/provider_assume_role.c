/* assume-role: STS AssumeRole with credentials from any source provider -
 * the product's main flow (a read-only role in the customer's account that
 * trusts ours and requires an External ID). */
#include "auth/auth.h"

#include <pthread.h>
#include <string.h>

typedef struct assume_impl {
  awsmap_credentials_provider *source;
  char *role_arn, *external_id, *session_name, *region, *endpoint_url;
  char **policy_arns; /* NULL-terminated */
  int duration_seconds;
  long timeout_ms;
  pthread_mutex_t lock; /* guards engine */
  awsmap__http_engine *engine;
} assume_impl;

static awsmap_status assume_fetch(void *impl, awsmap_credentials **out) {
  assume_impl *a = impl;
  awsmap_credentials *source = NULL;
  awsmap_status st = awsmap__provider_fetch(a->source, &source);
  if (st != AWSMAP_OK) {
    awsmap__error_prefix("source credentials for %s: ", a->role_arn);
    return st;
  }
  char session[32];
  awsmap__auth_default_session_name(session);
  awsmap__sts_params p = {a->role_arn,
                          a->session_name ? a->session_name : session,
                          a->external_id,
                          a->duration_seconds,
                          (const char *const *)a->policy_arns,
                          NULL,
                          awsmap__auth_region(a->region, "us-east-1")};
  pthread_mutex_lock(&a->lock);
  if (!a->engine)
    st = awsmap__auth_engine_new(&a->engine, "sts", a->endpoint_url, 0, a->timeout_ms, 0);
  if (st == AWSMAP_OK)
    st = awsmap__sts_assume_role(a->engine, &p, source, out);
  pthread_mutex_unlock(&a->lock);
  awsmap_credentials_release(source);
  if (st == AWSMAP_OK)
    AWSMAP__INFO("auth", "assumed %s (expires %lld)", a->role_arn,
                 (long long)awsmap_credentials_expiration(*out));
  return st;
}

static void assume_destroy(void *impl) {
  assume_impl *a = impl;
  if (!a)
    return;
  awsmap__http_engine_free(a->engine);
  pthread_mutex_destroy(&a->lock);
  awsmap_credentials_provider_release(a->source);
  awsmap__free(a->role_arn);
  awsmap__free_secret(a->external_id);
  awsmap__free(a->session_name);
  awsmap__free(a->region);
  awsmap__free(a->endpoint_url);
  for (char **p = a->policy_arns; p && *p; p++)
    awsmap__free(*p);
  awsmap__free(a->policy_arns);
  awsmap__free(a);
}

static const awsmap__provider_vtable ASSUME_VT = {assume_fetch, assume_destroy};

static bool dup_opt(char **dst, const char *src) {
  *dst = src && *src ? awsmap__strdup(src) : NULL;
  return !(src && *src) || *dst;
}

awsmap_status awsmap__provider_assume_role_new(awsmap_credentials_provider **out,
                                               awsmap_credentials_provider *source,
                                               const awsmap_assume_role_options *o) {
  if (!out || !source || !o || o->version != AWSMAP_ASSUME_ROLE_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "assume-role",
                             "assume-role needs an out pointer, a source provider and options of "
                             "version %d", AWSMAP_ASSUME_ROLE_OPTIONS_VERSION);
  if (!awsmap__sts_valid_role_arn(o->role_arn))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "assume-role",
                             "'%s' is not a role ARN (arn:aws:iam::<account>:role/<name>)",
                             o->role_arn ? o->role_arn : "(null)");
  if (o->duration_seconds != 0 && (o->duration_seconds < 900 || o->duration_seconds > 43200))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "assume-role",
                             "duration_seconds must be between 900 and 43200, not %d",
                             o->duration_seconds);
  assume_impl *a = awsmap__calloc(1, sizeof *a);
  if (!a)
    return awsmap__error_nomem("assume-role");
  pthread_mutex_init(&a->lock, NULL);
  a->source = awsmap_credentials_provider_acquire(source);
  a->duration_seconds = o->duration_seconds;
  a->timeout_ms = o->timeout_ms;
  bool ok = dup_opt(&a->role_arn, o->role_arn) && dup_opt(&a->external_id, o->external_id) &&
            dup_opt(&a->session_name, o->role_session_name) && dup_opt(&a->region, o->region) &&
            dup_opt(&a->endpoint_url, o->endpoint_url);
  size_t n = 0;
  while (o->policy_arns && o->policy_arns[n])
    n++;
  if (ok && n && !(a->policy_arns = awsmap__calloc(n + 1, sizeof *a->policy_arns)))
    ok = false;
  for (size_t i = 0; ok && i < n; i++)
    ok = (a->policy_arns[i] = awsmap__strdup(o->policy_arns[i])) != NULL;
  if (!ok) {
    assume_destroy(a);
    return awsmap__error_nomem("assume-role");
  }
  return awsmap__provider_new(out, &ASSUME_VT, "assume-role", a);
}

awsmap_status awsmap_assume_role_options_init(awsmap_assume_role_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_ASSUME_ROLE_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "assume-role", "unknown options version %u",
                             version);
  awsmap_assume_role_options init = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

awsmap_status awsmap_credentials_provider_assume_role_new(awsmap_credentials_provider **out,
                                                          awsmap_credentials_provider *source,
                                                          const awsmap_assume_role_options *opts) {
  awsmap__error_clear();
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_assume_role_new(&raw, source, opts);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
