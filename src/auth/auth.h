/*
 * auth: credentials providers. Internal (awsmap__ prefix, hidden).
 *
 *   provider.c            the ref-counted handle and its vtable
 *   env.c                 the environment / home-directory / file seam
 *   profile.c             the shared config / credentials file parser
 *   provider_*.c          one file per provider
 *   sts.c                 STS AssumeRole / AssumeRoleWithWebIdentity
 *   policy.c              External ID and IAM policy helpers
 */
#ifndef AWSMAP_AUTH_H
#define AWSMAP_AUTH_H

#include "core/core.h"

/* ---- provider base ------------------------------------------------------- */

/* What each provider implements. fetch returns one reference and sets the
 * thread's error on failure; it may be called from several threads at once,
 * so an impl that keeps mutable state locks it. destroy frees impl (zeroing
 * secrets) and accepts the half-built impl a constructor failed on. */
typedef struct awsmap__provider_vtable {
  awsmap_status (*fetch)(void *impl, awsmap_credentials **out);
  void (*destroy)(void *impl);
} awsmap__provider_vtable;

/* Wraps impl in a provider named `name` (copied). On failure impl is
 * destroyed, so constructors can hand over and forget. */
awsmap_status awsmap__provider_new(awsmap_credentials_provider **out,
                                   const awsmap__provider_vtable *vt, const char *name,
                                   void *impl);
/* Fetch without clearing the thread's error (for chains); names the provider
 * on the error when the provider below did not. */
awsmap_status awsmap__provider_fetch(awsmap_credentials_provider *p, awsmap_credentials **out);
void *awsmap__provider_impl(const awsmap_credentials_provider *p);

/* ---- environment seam ----------------------------------------------------- */

/* Every environment read in auth goes through here. */
const char *awsmap__auth_getenv(const char *name); /* NULL when unset or empty */
/* Tests: replace the environment by a NULL-terminated "NAME=value" list
 * (borrowed until the next call); NULL restores the process environment. */
void awsmap__auth_env_override(const char *const *vars);
/* "true"/"1"/"yes" (any case) */
bool awsmap__auth_env_true(const char *name);
/* $HOME, else the password database. AWSMAP_ERR_NOT_FOUND when neither. */
awsmap_status awsmap__auth_home(awsmap__buf *out);
/* Expands a leading "~/" (or a lone "~") to the home directory. */
awsmap_status awsmap__auth_expand_path(awsmap__buf *out, const char *path);
/* Reads a whole file; AWSMAP_ERR_NOT_FOUND when it does not exist,
 * AWSMAP_ERR_TOO_LARGE past max bytes, AWSMAP_ERR_IO otherwise. */
awsmap_status awsmap__auth_read_file(awsmap__buf *out, const char *path, size_t max);
/* The "region" of a profile in the shared config file (AWS_CONFIG_FILE or
 * ~/.aws/config): `profile`, else AWS_PROFILE, else "default".
 * AWSMAP_ERR_NOT_FOUND when it names none; a malformed file's error otherwise. */
awsmap_status awsmap__profile_region(const char *profile, awsmap__buf *out);
/* explicit, else AWS_REGION, else AWS_DEFAULT_REGION, else fallback. */
const char *awsmap__auth_region(const char *explicit_region, const char *fallback);
/* "awsmap-<unix time>" */
void awsmap__auth_default_session_name(char out[32]);

/* ---- shared config / credentials files ------------------------------------ */

typedef enum awsmap__profile_file_kind {
  AWSMAP__PROFILE_FILE_CONFIG,      /* [profile name], [default], [sso-session name] */
  AWSMAP__PROFILE_FILE_CREDENTIALS  /* [name] */
} awsmap__profile_file_kind;

typedef enum awsmap__section_kind {
  AWSMAP__SECTION_PROFILE,
  AWSMAP__SECTION_SSO_SESSION,
  AWSMAP__SECTION_SERVICES
} awsmap__section_kind;

typedef struct awsmap__profile_set awsmap__profile_set;
typedef struct awsmap__profile_section awsmap__profile_section;

awsmap__profile_set *awsmap__profile_set_new(void);
void awsmap__profile_set_free(awsmap__profile_set *set);
/* Parses one file's text into set, merging with what is there (later
 * definitions win). `origin` names the file in errors. AWSMAP_ERR_PARSE with
 * "<origin> line N: ..." on malformed input. */
awsmap_status awsmap__profile_parse(awsmap__profile_set *set, awsmap__profile_file_kind kind,
                                    const char *text, size_t len, const char *origin);
/* Loads the config then the credentials file (credentials win); a NULL path
 * or a missing file counts as empty. */
awsmap_status awsmap__profile_load(awsmap__profile_set **out, const char *config_path,
                                   const char *credentials_path);
const awsmap__profile_section *awsmap__profile_find(const awsmap__profile_set *set,
                                                    awsmap__section_kind kind, const char *name);
size_t awsmap__profile_count(const awsmap__profile_set *set, awsmap__section_kind kind);
const awsmap__profile_section *awsmap__profile_at(const awsmap__profile_set *set,
                                                  awsmap__section_kind kind, size_t index);
const char *awsmap__profile_section_name(const awsmap__profile_section *s);
size_t awsmap__profile_property_count(const awsmap__profile_section *s);
/* The index-th property in definition order (for dumps and tests). */
void awsmap__profile_property_at(const awsmap__profile_section *s, size_t index, const char **key,
                                 const char **value);
/* Property value by key (keys compare case-insensitively, as the CLI's
 * parser lower-cases them); NULL when absent. Sub-property blocks
 * ("s3 =" followed by indented lines) read as "\nname = value...". */
const char *awsmap__profile_get(const awsmap__profile_section *s, const char *key);
/* A sub-property ("s3" / "max_concurrent_requests") into out; false when absent. */
bool awsmap__profile_get_sub(const awsmap__profile_section *s, const char *key,
                             const char *sub_key, awsmap__buf *out);

/* ---- credential_process ----------------------------------------------------- */

/* Splits a command line into argv with POSIX shell word rules (as Python's
 * shlex.split, which the AWS CLI uses): quotes and backslashes, no
 * expansion, no comments. *argv_out is NULL-terminated; free with
 * awsmap__process_argv_free. AWSMAP_ERR_PARSE on unbalanced quotes. */
awsmap_status awsmap__process_split(const char *command, char ***argv_out, size_t *argc_out);
void awsmap__process_argv_free(char **argv);
/* Runs argv[0] (PATH searched, never a shell) and captures stdout/stderr.
 * AWSMAP_ERR_TIMEOUT after timeout_ms (the child is killed), AWSMAP_ERR_IO when
 * it cannot start or exits non-zero (stderr quoted in the message). */
awsmap_status awsmap__process_run(char *const *argv, long timeout_ms, awsmap__buf *out_stdout,
                                  awsmap__buf *out_stderr);
/* Parses the credential_process JSON document. */
awsmap_status awsmap__process_parse_output(awsmap_credentials **out, const char *json,
                                           size_t len, const char *provider_name);

/* ---- internal constructors (uncached; the public ones add the cache) --------- */

/* A provider always yielding creds (one reference taken), under `name`. */
awsmap_status awsmap__provider_static_from(awsmap_credentials_provider **out, awsmap_credentials *creds,
                                           const char *name);
awsmap_status awsmap__provider_process_new(awsmap_credentials_provider **out, const char *command,
                                           long timeout_ms);
awsmap_status awsmap__provider_chain_new(awsmap_credentials_provider **out,
                                         awsmap_credentials_provider *const *providers, size_t count,
                                         const char *name);
/* Caching wrapper; consumes the caller's reference to source (also on failure). */
awsmap_status awsmap__provider_cached_wrap(awsmap_credentials_provider **out,
                                           awsmap_credentials_provider *source,
                                           int refresh_window_seconds);

#define AWSMAP__DEFAULT_REFRESH_WINDOW 300

/* ---- HTTP engines and STS ------------------------------------------------------ */

#include "http/http.h"

/* An engine for one credentials provider: its own timeouts, and an endpoint
 * override for `service` ("sts", "sso") when endpoint_url is set. */
awsmap_status awsmap__auth_engine_new(awsmap__http_engine **out, const char *service,
                                      const char *endpoint_url, long connect_timeout_ms,
                                      long request_timeout_ms, unsigned max_attempts);

typedef struct awsmap__sts_params {
  const char *role_arn;
  const char *session_name;
  const char *external_id;          /* AssumeRole only; NULL = none */
  int duration_seconds;             /* 0 = STS default */
  const char *const *policy_arns;   /* NULL-terminated, or NULL */
  const char *web_identity_token;   /* AssumeRoleWithWebIdentity only */
  const char *region;
} awsmap__sts_params;

/* The form body of an STS query request (Action, Version and parameters). */
awsmap_status awsmap__sts_build_body(awsmap__buf *body, const char *action,
                                     const awsmap__sts_params *p);
/* Credentials from an AssumeRole / AssumeRoleWithWebIdentity response; the
 * account is taken from AssumedRoleUser/Arn. */
awsmap_status awsmap__sts_parse_credentials(awsmap_credentials **out, const char *xml, size_t len,
                                            const char *action, const char *provider_name);
awsmap_status awsmap__sts_assume_role(awsmap__http_engine *e, const awsmap__sts_params *p,
                                      awsmap_credentials *source, awsmap_credentials **out);
awsmap_status awsmap__sts_assume_role_with_web_identity(awsmap__http_engine *e,
                                                        const awsmap__sts_params *p,
                                                        awsmap_credentials **out);
/* "arn:aws:iam::123456789012:role/Name" and similar; false on anything else. */
bool awsmap__sts_valid_role_arn(const char *arn);

/* Credentials from the JSON that IMDS and container endpoints answer with
 * (AccessKeyId, SecretAccessKey, Token, Expiration, optional AccountId and
 * Code, which must be "Success" when present). `what` names the source in errors. */
awsmap_status awsmap__auth_parse_json_credentials(awsmap_credentials **out, const char *json,
                                                  size_t len, const char *provider_name,
                                                  const char *what);
/* The text of the first element of a small JSON error body ("message" / "Message"), for errors. */
void awsmap__auth_json_message(const char *json, size_t len, char *out, size_t out_len);

/* Tests: the ECS link-local base used for AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 * (NULL restores http://169.254.170.2). Borrowed. */
void awsmap__container_set_relative_base(const char *base);

/* SSO: the cached token of `aws sso login` and the portal's GetRoleCredentials. */
typedef struct awsmap__sso_config {
  const char *session_name; /* sso_session (the cache key), or NULL for legacy profiles */
  const char *start_url;    /* the legacy cache key */
  const char *region;       /* sso_region: where the portal is */
  const char *account_id;
  const char *role_name;
  const char *endpoint_url; /* portal override, or NULL */
  long timeout_ms;
} awsmap__sso_config;
awsmap_status awsmap__provider_sso_new(awsmap_credentials_provider **out, const awsmap__sso_config *cfg);
/* The portal's GetRoleCredentials answer ({"roleCredentials":{...}}) as credentials; an
 * expiration outside [1 s, year 9999] in ms is AWSMAP_ERR_PARSE. Wipes the parsed copy. */
awsmap_status awsmap__sso_parse_role_credentials(const char *body, size_t len,
                                                 const char *account_id,
                                                 awsmap_credentials **out);
/* ~/.aws/sso/cache/<sha1 hex of key>.json */
awsmap_status awsmap__sso_cache_path(awsmap__buf *out, const char *key);

/* Uncached profile provider (the default chain caches the whole chain). */
awsmap_status awsmap__provider_profile_new(awsmap_credentials_provider **out,
                                           const awsmap_profile_options *opts);

/* Uncached providers over STS, for the profile resolver. */
awsmap_status awsmap__provider_assume_role_new(awsmap_credentials_provider **out,
                                               awsmap_credentials_provider *source,
                                               const awsmap_assume_role_options *opts);
awsmap_status awsmap__provider_web_identity_new(awsmap_credentials_provider **out,
                                                const awsmap_web_identity_options *opts);

#endif /* AWSMAP_AUTH_H */
