/* web-identity: STS AssumeRoleWithWebIdentity with an OIDC token file
 * (EKS IRSA). Settings left NULL are read from the environment at each
 * fetch, so one default chain serves whatever the pod has. */
#include "auth/auth.h"

#include <pthread.h>
#include <string.h>

#define MAX_TOKEN_FILE (64u * 1024)

typedef struct web_impl {
  char *role_arn, *token_file, *session_name, *region, *endpoint_url;
  long timeout_ms;
  pthread_mutex_t lock;
  awsmap__http_engine *engine;
} web_impl;

static awsmap_status web_fetch(void *impl, awsmap_credentials **out) {
  web_impl *w = impl;
  const char *role_arn = w->role_arn ? w->role_arn : awsmap__auth_getenv("AWS_ROLE_ARN");
  const char *token_file =
      w->token_file ? w->token_file : awsmap__auth_getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token_file)
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "web-identity",
                             "AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  if (!role_arn)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "web-identity",
                             "a web identity token file is set but AWS_ROLE_ARN is not");
  awsmap__buf token = AWSMAP__BUF_INIT, path = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__auth_expand_path(&path, token_file);
  if (st == AWSMAP_OK)
    st = awsmap__auth_read_file(&token, awsmap__buf_cstr(&path), MAX_TOKEN_FILE);
  if (st == AWSMAP_OK) {
    awsmap__str t = awsmap__str_trim((awsmap__str){awsmap__buf_cstr(&token), token.len});
    memmove(token.ptr ? token.ptr : (char *)"", t.ptr, t.len);
    awsmap__buf_truncate(&token, t.len);
    if (t.len == 0)
      st = awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "web-identity", "the web identity token file %s is empty",
                             awsmap__buf_cstr(&path));
  } else if (st == AWSMAP_ERR_NOT_FOUND) {
    st = awsmap__error_set(AWSMAP_ERR_IO, "web-identity", "the web identity token file %s does not exist",
                           awsmap__buf_cstr(&path));
  }
  if (st == AWSMAP_OK) {
    char session[32];
    awsmap__auth_default_session_name(session);
    const char *name = w->session_name ? w->session_name : awsmap__auth_getenv("AWS_ROLE_SESSION_NAME");
    awsmap__sts_params p = {role_arn, name ? name : session, NULL, 0, NULL, awsmap__buf_cstr(&token),
                            awsmap__auth_region(w->region, "us-east-1")};
    pthread_mutex_lock(&w->lock);
    if (!w->engine)
      st = awsmap__auth_engine_new(&w->engine, "sts", w->endpoint_url, 0, w->timeout_ms, 0);
    if (st == AWSMAP_OK)
      st = awsmap__sts_assume_role_with_web_identity(w->engine, &p, out);
    pthread_mutex_unlock(&w->lock);
  }
  awsmap__buf_dispose_secret(&token);
  awsmap__buf_dispose(&path);
  return st;
}

static void web_destroy(void *impl) {
  web_impl *w = impl;
  if (!w)
    return;
  awsmap__http_engine_free(w->engine);
  pthread_mutex_destroy(&w->lock);
  awsmap__free(w->role_arn);
  awsmap__free(w->token_file);
  awsmap__free(w->session_name);
  awsmap__free(w->region);
  awsmap__free(w->endpoint_url);
  awsmap__free(w);
}

static const awsmap__provider_vtable WEB_VT = {web_fetch, web_destroy};

static bool dup_opt(char **dst, const char *src) {
  *dst = src && *src ? awsmap__strdup(src) : NULL;
  return !(src && *src) || *dst;
}

awsmap_status awsmap__provider_web_identity_new(awsmap_credentials_provider **out,
                                                const awsmap_web_identity_options *o) {
  awsmap_web_identity_options defaults = AWSMAP_WEB_IDENTITY_OPTIONS_INIT;
  if (!o)
    o = &defaults;
  if (!out || o->version != AWSMAP_WEB_IDENTITY_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "web-identity",
                             "web-identity needs an out pointer and options of version %d",
                             AWSMAP_WEB_IDENTITY_OPTIONS_VERSION);
  if (o->role_arn && !awsmap__sts_valid_role_arn(o->role_arn))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "web-identity", "'%s' is not a role ARN",
                             o->role_arn);
  web_impl *w = awsmap__calloc(1, sizeof *w);
  if (!w)
    return awsmap__error_nomem("web-identity");
  pthread_mutex_init(&w->lock, NULL);
  w->timeout_ms = o->timeout_ms;
  if (!dup_opt(&w->role_arn, o->role_arn) || !dup_opt(&w->token_file, o->token_file) ||
      !dup_opt(&w->session_name, o->role_session_name) || !dup_opt(&w->region, o->region) ||
      !dup_opt(&w->endpoint_url, o->endpoint_url)) {
    web_destroy(w);
    return awsmap__error_nomem("web-identity");
  }
  return awsmap__provider_new(out, &WEB_VT, "web-identity", w);
}

awsmap_status awsmap_web_identity_options_init(awsmap_web_identity_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_WEB_IDENTITY_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "web-identity", "unknown options version %u",
                             version);
  awsmap_web_identity_options init = AWSMAP_WEB_IDENTITY_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

awsmap_status awsmap_credentials_provider_web_identity_new(awsmap_credentials_provider **out,
                                                           const awsmap_web_identity_options *opts) {
  awsmap__error_clear();
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_web_identity_new(&raw, opts);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
