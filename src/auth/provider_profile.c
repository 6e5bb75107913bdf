/* profile: one profile of the shared config / credentials files, resolved as
 * the AWS CLI does. The files are re-read at each fetch (the public
 * constructor caches the credentials, so that is at each refresh), and the
 * provider tree the profile describes is built for that fetch:
 *
 *   role_arn + source_profile     -> assume-role over the source profile (chains followed)
 *   role_arn + credential_source  -> assume-role over environment / imds / container
 *   role_arn + web_identity_token_file -> web-identity
 *   sso_session / sso_start_url   -> sso
 *   aws_access_key_id             -> static keys
 *   credential_process            -> process
 */
#include "auth/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAX_CHAIN 16

typedef struct profile_impl {
  char *profile, *config_file, *credentials_file, *endpoint_url, *region;
  long timeout_ms;
} profile_impl;

typedef struct resolver {
  const profile_impl *opts;
  const awsmap__profile_set *set;
  const char *visited[MAX_CHAIN];
  size_t depth;
} resolver;

static awsmap_status resolve(resolver *r, const char *name, awsmap_credentials_provider **out);

static awsmap_status static_keys(const char *name, const awsmap__profile_section *s,
                                 awsmap_credentials_provider **out) {
  const char *akid = awsmap__profile_get(s, "aws_access_key_id");
  const char *secret = awsmap__profile_get(s, "aws_secret_access_key");
  if (!akid || !*akid || !secret || !*secret)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile", "profile %s sets %s but not %s", name,
                             akid && *akid ? "aws_access_key_id" : "aws_secret_access_key",
                             akid && *akid ? "aws_secret_access_key" : "aws_access_key_id");
  awsmap_credentials *c = NULL;
  awsmap_status st = awsmap__credentials_new(&c, akid, secret, awsmap__profile_get(s, "aws_session_token"),
                                             0, "profile", awsmap__profile_get(s, "aws_account_id"));
  if (st == AWSMAP_OK)
    st = awsmap__provider_static_from(out, c, "profile");
  awsmap_credentials_release(c);
  return st;
}

static bool has_keys(const awsmap__profile_section *s) {
  const char *akid = awsmap__profile_get(s, "aws_access_key_id");
  return akid && *akid;
}

/* STS region: the caller's, else the environment's, else the profile's. */
static const char *sts_region(const resolver *r, const awsmap__profile_section *s) {
  if (r->opts->region)
    return r->opts->region;
  if (awsmap__auth_getenv("AWS_REGION") || awsmap__auth_getenv("AWS_DEFAULT_REGION"))
    return NULL;
  return awsmap__profile_get(s, "region");
}

static awsmap_status cycle_error(const resolver *r, const char *name, const char *source) {
  char path[400] = "";
  size_t used = 0;
  for (size_t i = 0; i < r->depth && used < sizeof path; i++)
    used += (size_t)snprintf(path + used, sizeof path - used, "%s -> ", r->visited[i]);
  if (used < sizeof path)
    snprintf(path + used, sizeof path - used, "%s -> %s", name, source);
  return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile", "source_profile cycle: %s", path);
}

static awsmap_status credential_source(const char *name, const char *cs, awsmap_credentials_provider **out) {
  if (strcmp(cs, "Environment") == 0)
    return awsmap_credentials_provider_environment_new(out);
  if (strcmp(cs, "Ec2InstanceMetadata") == 0)
    return awsmap_credentials_provider_imds_new(out, NULL);
  if (strcmp(cs, "EcsContainer") == 0)
    return awsmap_credentials_provider_container_new(out);
  return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                           "profile %s: credential_source must be Environment, Ec2InstanceMetadata or "
                           "EcsContainer, not '%.64s'",
                           name, cs);
}

static awsmap_status assume_role(resolver *r, const char *name, const awsmap__profile_section *s,
                                 const char *role_arn, awsmap_credentials_provider **out) {
  const char *sp = awsmap__profile_get(s, "source_profile");
  const char *cs = awsmap__profile_get(s, "credential_source");
  const char *wit = awsmap__profile_get(s, "web_identity_token_file");
  if (sp && cs)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                             "profile %s sets both source_profile and credential_source", name);
  if (!sp && !cs && wit) {
    awsmap_web_identity_options w = AWSMAP_WEB_IDENTITY_OPTIONS_INIT;
    w.role_arn = role_arn;
    w.token_file = wit;
    w.role_session_name = awsmap__profile_get(s, "role_session_name");
    w.region = sts_region(r, s);
    w.endpoint_url = r->opts->endpoint_url;
    w.timeout_ms = r->opts->timeout_ms;
    return awsmap__provider_web_identity_new(out, &w);
  }
  if (!sp && !cs)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                             "profile %s sets role_arn but neither source_profile nor credential_source",
                             name);
  awsmap_assume_role_options o = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  o.role_arn = role_arn;
  o.external_id = awsmap__profile_get(s, "external_id");
  o.role_session_name = awsmap__profile_get(s, "role_session_name");
  o.region = sts_region(r, s);
  o.endpoint_url = r->opts->endpoint_url;
  o.timeout_ms = r->opts->timeout_ms;
  const char *duration = awsmap__profile_get(s, "duration_seconds");
  long d = 0;
  if (duration && !awsmap__parse_long(duration, 900, 43200, &d))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                             "profile %s: duration_seconds must be a number from 900 to 43200", name);
  o.duration_seconds = (int)d;

  awsmap_credentials_provider *source = NULL;
  awsmap_status st;
  if (cs) {
    st = credential_source(name, cs, &source);
  } else if (strcmp(sp, name) == 0 && has_keys(s)) {
    st = static_keys(name, s, &source); /* a profile may source its own keys */
  } else {
    for (size_t i = 0; i < r->depth; i++)
      if (strcmp(r->visited[i], sp) == 0)
        return cycle_error(r, name, sp);
    if (strcmp(sp, name) == 0)
      return cycle_error(r, name, sp);
    if (r->depth + 1 >= MAX_CHAIN)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile", "source_profile chain longer than %d",
                               MAX_CHAIN);
    r->visited[r->depth++] = name;
    const awsmap__profile_section *src = awsmap__profile_find(r->set, AWSMAP__SECTION_PROFILE, sp);
    if (!src)
      st = awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "profile", "profile %s: source_profile %s does not exist",
                             name, sp);
    else if (has_keys(src) && !awsmap__profile_get(src, "role_arn"))
      st = static_keys(sp, src, &source);
    else
      st = resolve(r, sp, &source);
    r->depth--;
    if (st == AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) /* configured, so it is an error here */
      st = AWSMAP_ERR_INVALID_ARG;
  }
  if (st == AWSMAP_OK)
    st = awsmap__provider_assume_role_new(out, source, &o);
  awsmap_credentials_provider_release(source);
  return st;
}

static awsmap_status sso(resolver *r, const char *name, const awsmap__profile_section *s,
                         awsmap_credentials_provider **out) {
  awsmap__sso_config c = {0};
  c.session_name = awsmap__profile_get(s, "sso_session");
  c.start_url = awsmap__profile_get(s, "sso_start_url");
  c.region = awsmap__profile_get(s, "sso_region");
  c.account_id = awsmap__profile_get(s, "sso_account_id");
  c.role_name = awsmap__profile_get(s, "sso_role_name");
  c.endpoint_url = r->opts->endpoint_url;
  c.timeout_ms = r->opts->timeout_ms;
  if (c.session_name) {
    const awsmap__profile_section *sess =
        awsmap__profile_find(r->set, AWSMAP__SECTION_SSO_SESSION, c.session_name);
    if (!sess)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                               "profile %s: [sso-session %s] does not exist", name, c.session_name);
    c.start_url = awsmap__profile_get(sess, "sso_start_url");
    const char *region = awsmap__profile_get(sess, "sso_region");
    if (c.region && region && strcmp(c.region, region) != 0)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                               "profile %s and [sso-session %s] disagree on sso_region", name,
                               c.session_name);
    if (region)
      c.region = region;
  }
  awsmap_status st = awsmap__provider_sso_new(out, &c);
  if (st != AWSMAP_OK)
    awsmap__error_prefix("profile %s: ", name);
  return st;
}

static awsmap_status resolve(resolver *r, const char *name, awsmap_credentials_provider **out) {
  const awsmap__profile_section *s = awsmap__profile_find(r->set, AWSMAP__SECTION_PROFILE, name);
  if (!s)
    return awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "profile", "profile %s does not exist", name);
  const char *role_arn = awsmap__profile_get(s, "role_arn");
  if (role_arn && *role_arn)
    return assume_role(r, name, s, role_arn, out);
  if (awsmap__profile_get(s, "sso_session") || awsmap__profile_get(s, "sso_start_url"))
    return sso(r, name, s, out);
  if (has_keys(s) || awsmap__profile_get(s, "aws_secret_access_key"))
    return static_keys(name, s, out);
  const char *process = awsmap__profile_get(s, "credential_process");
  if (process && *process)
    return awsmap__provider_process_new(out, process, r->opts->timeout_ms);
  return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "profile",
                           "profile %s has no credentials (no keys, role_arn, SSO or credential_process)",
                           name);
}

static awsmap_status path_of(awsmap__buf *out, const char *given, const char *env, const char *dflt) {
  const char *p = given ? given : awsmap__auth_getenv(env);
  return awsmap__auth_expand_path(out, p ? p : dflt);
}

awsmap_status awsmap__profile_region(const char *profile, awsmap__buf *out) {
  const char *env_profile = awsmap__auth_getenv("AWS_PROFILE");
  const char *name = profile ? profile : env_profile ? env_profile : "default";
  awsmap__buf config = AWSMAP__BUF_INIT;
  awsmap__profile_set *set = NULL;
  awsmap_status st = path_of(&config, NULL, "AWS_CONFIG_FILE", "~/.aws/config");
  if (st == AWSMAP_OK)
    st = awsmap__profile_load(&set, awsmap__buf_cstr(&config), NULL);
  const awsmap__profile_section *sec =
      st == AWSMAP_OK ? awsmap__profile_find(set, AWSMAP__SECTION_PROFILE, name) : NULL;
  const char *region = sec ? awsmap__profile_get(sec, "region") : NULL;
  if (st == AWSMAP_OK)
    st = region && *region ? awsmap__buf_puts(out, region) : AWSMAP_ERR_NOT_FOUND;
  awsmap__profile_set_free(set);
  awsmap__buf_dispose(&config);
  return st;
}

static awsmap_status profile_fetch(void *impl, awsmap_credentials **out) {
  profile_impl *pi = impl;
  const char *env_profile = awsmap__auth_getenv("AWS_PROFILE");
  const char *name = pi->profile ? pi->profile : env_profile ? env_profile : "default";
  bool explicit_name = pi->profile || env_profile;
  awsmap__buf config = AWSMAP__BUF_INIT, creds = AWSMAP__BUF_INIT;
  awsmap__profile_set *set = NULL;
  awsmap_credentials_provider *tree = NULL;
  awsmap_status st = path_of(&config, pi->config_file, "AWS_CONFIG_FILE", "~/.aws/config");
  if (st == AWSMAP_OK)
    st = path_of(&creds, pi->credentials_file, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials");
  if (st == AWSMAP_ERR_NOT_FOUND) /* no home: no files */
    st = awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "profile",
                           "no home directory to find ~/.aws in");
  if (st == AWSMAP_OK)
    st = awsmap__profile_load(&set, awsmap__buf_cstr(&config), awsmap__buf_cstr(&creds));
  if (st == AWSMAP_OK && !awsmap__profile_find(set, AWSMAP__SECTION_PROFILE, name))
    st = awsmap__error_set(explicit_name ? AWSMAP_ERR_NOT_FOUND : AWSMAP_ERR_CREDENTIALS_UNAVAILABLE,
                           "profile", "profile %s is not in %s or %s", name, awsmap__buf_cstr(&config),
                           awsmap__buf_cstr(&creds));
  if (st == AWSMAP_OK) {
    resolver r = {pi, set, {NULL}, 0};
    st = resolve(&r, name, &tree);
  }
  if (st == AWSMAP_OK)
    st = awsmap__provider_fetch(tree, out);
  awsmap_credentials_provider_release(tree);
  awsmap__profile_set_free(set);
  awsmap__buf_dispose(&config);
  awsmap__buf_dispose(&creds);
  return st;
}

static void profile_destroy(void *impl) {
  profile_impl *pi = impl;
  if (!pi)
    return;
  awsmap__free(pi->profile);
  awsmap__free(pi->config_file);
  awsmap__free(pi->credentials_file);
  awsmap__free(pi->endpoint_url);
  awsmap__free(pi->region);
  awsmap__free(pi);
}

static const awsmap__provider_vtable PROFILE_VT = {profile_fetch, profile_destroy};

static bool dup_opt(char **dst, const char *src) {
  *dst = src && *src ? awsmap__strdup(src) : NULL;
  return !(src && *src) || *dst;
}

awsmap_status awsmap_profile_options_init(awsmap_profile_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_PROFILE_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile", "unknown options version %u", version);
  awsmap_profile_options init = AWSMAP_PROFILE_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

awsmap_status awsmap__provider_profile_new(awsmap_credentials_provider **out, const awsmap_profile_options *o) {
  awsmap_profile_options defaults = AWSMAP_PROFILE_OPTIONS_INIT;
  if (!o)
    o = &defaults;
  if (!out || o->version != AWSMAP_PROFILE_OPTIONS_VERSION || o->timeout_ms < 0)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "profile",
                             "profile needs an out pointer and options of version %d",
                             AWSMAP_PROFILE_OPTIONS_VERSION);
  profile_impl *pi = awsmap__calloc(1, sizeof *pi);
  if (!pi)
    return awsmap__error_nomem("profile");
  pi->timeout_ms = o->timeout_ms;
  if (!dup_opt(&pi->profile, o->profile) || !dup_opt(&pi->config_file, o->config_file) ||
      !dup_opt(&pi->credentials_file, o->credentials_file) || !dup_opt(&pi->endpoint_url, o->endpoint_url) ||
      !dup_opt(&pi->region, o->region)) {
    profile_destroy(pi);
    return awsmap__error_nomem("profile");
  }
  return awsmap__provider_new(out, &PROFILE_VT, "profile", pi);
}

awsmap_status awsmap_credentials_provider_profile_new(awsmap_credentials_provider **out,
                                                      const awsmap_profile_options *opts) {
  awsmap__error_clear();
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_profile_new(&raw, opts);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
