/* imds: the EC2 instance role through the instance metadata service.
 * IMDSv2 (a PUT for a session token, then GETs carrying it); IMDSv1 only when
 * the caller allows it. Short timeouts: off EC2 nothing answers, and a laptop
 * must not wait for it. */
#include "auth/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_TTL 21600
#define ROLE_PATH "/latest/meta-data/iam/security-credentials/"

typedef struct imds_impl {
  char *endpoint_url; /* NULL: resolved from the environment at each fetch */
  long timeout_ms;
  bool allow_v1;
  pthread_mutex_t lock; /* guards everything below */
  awsmap__http_engine *engine;
  awsmap__buf token;
  int64_t token_expires;
} imds_impl;

static awsmap_status base_url(const imds_impl *m, awsmap__buf *out) {
  const char *url = m->endpoint_url ? m->endpoint_url
                                    : awsmap__auth_getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (!url) {
    const char *mode = awsmap__auth_getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    url = mode && awsmap__strcasecmp(mode, "IPv6") == 0 ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
  }
  size_t n = strlen(url);
  while (n && url[n - 1] == '/')
    n--;
  return awsmap__buf_put(out, url, n);
}

static awsmap_status request(imds_impl *m, const char *method, const char *base, const char *path,
                             awsmap__http_response *resp) {
  awsmap__buf url = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__buf_printf(&url, "%s%s", base, path);
  char ttl[16];
  snprintf(ttl, sizeof ttl, "%d", TOKEN_TTL);
  awsmap__header h[1];
  size_t nh = 0;
  if (strcmp(method, "PUT") == 0)
    h[nh++] = (awsmap__header){"X-aws-ec2-metadata-token-ttl-seconds", ttl};
  else if (m->token.len)
    h[nh++] = (awsmap__header){"X-aws-ec2-metadata-token", awsmap__buf_cstr(&m->token)};
  if (st == AWSMAP_OK) {
    awsmap__http_request req = {method, awsmap__buf_cstr(&url), h, nh, NULL, 0, m->timeout_ms, m->timeout_ms};
    awsmap__http_response_dispose(resp);
    st = awsmap__http_perform(m->engine, &req, resp);
  }
  awsmap__buf_dispose(&url);
  return st;
}

/* Network-level failures mean "no IMDS here": the chain moves on. */
static awsmap_status unreachable(awsmap_status st, const char *base) {
  if (st == AWSMAP_ERR_NETWORK || st == AWSMAP_ERR_TIMEOUT) {
    char why[256];
    snprintf(why, sizeof why, "%s", awsmap_error_message(awsmap__error_tls()));
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "imds", "no instance metadata at %s (%s)",
                             base, why);
  }
  return st;
}

static awsmap_status get_token(imds_impl *m, const char *base, awsmap__http_response *resp) {
  if (m->token.len && awsmap__now() < m->token_expires)
    return AWSMAP_OK;
  awsmap__buf_dispose_secret(&m->token);
  awsmap_status st = request(m, "PUT", base, "/latest/api/token", resp);
  if (st != AWSMAP_OK)
    return unreachable(st, base);
  if (resp->status == 200 && resp->body.len) {
    awsmap__str t = awsmap__str_trim((awsmap__str){resp->body.ptr, resp->body.len});
    if ((st = awsmap__buf_put(&m->token, t.ptr, t.len)) != AWSMAP_OK)
      return st;
    m->token_expires = awsmap__now() + TOKEN_TTL - 60;
    return AWSMAP_OK;
  }
  if (m->allow_v1 && (resp->status == 403 || resp->status == 404 || resp->status == 405)) {
    AWSMAP__DEBUG("auth", "IMDS offered no v2 token (HTTP %ld): falling back to IMDSv1", resp->status);
    return AWSMAP_OK;
  }
  return awsmap__error_set_aws(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "imds", NULL, (int)resp->status, NULL,
                               "IMDS at %s refused a session token (HTTP %ld)%s", base, resp->status,
                               m->allow_v1 ? "" : " and IMDSv1 fallback is off");
}

/* GET with the session token; one retry with a fresh token on a 401. */
static awsmap_status get(imds_impl *m, const char *base, const char *path, awsmap__http_response *resp) {
  for (int attempt = 0;; attempt++) {
    awsmap_status st = get_token(m, base, resp);
    if (st != AWSMAP_OK)
      return st;
    if ((st = request(m, "GET", base, path, resp)) != AWSMAP_OK)
      return unreachable(st, base);
    if (resp->status != 401 || attempt > 0)
      return AWSMAP_OK;
    awsmap__buf_dispose_secret(&m->token);
  }
}

static awsmap_status fetch_locked(imds_impl *m, const char *base, awsmap_credentials **out) {
  awsmap__http_response resp = {0};
  awsmap__buf path = AWSMAP__BUF_INIT;
  awsmap_status st = get(m, base, ROLE_PATH, &resp);
  if (st == AWSMAP_OK && resp.status == 404)
    st = awsmap__error_set_aws(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "imds", NULL, 404, NULL,
                               "this instance has no IAM role attached");
  else if (st == AWSMAP_OK && resp.status != 200)
    st = awsmap__error_set_aws(AWSMAP_ERR_SERVICE, "imds", NULL, (int)resp.status, NULL,
                               "IMDS answered HTTP %ld for the role name", resp.status);
  if (st == AWSMAP_OK) {
    /* the first line is the role */
    const char *b = awsmap__buf_cstr(&resp.body);
    size_t n = strcspn(b, "\r\n");
    awsmap__str role = awsmap__str_trim((awsmap__str){b, n});
    if (role.len == 0)
      st = awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "imds", "IMDS lists no instance role");
    else if ((st = awsmap__buf_puts(&path, ROLE_PATH)) == AWSMAP_OK)
      st = awsmap__uri_encode(&path, role.ptr, role.len, false);
  }
  if (st == AWSMAP_OK)
    st = get(m, base, awsmap__buf_cstr(&path), &resp);
  if (st == AWSMAP_OK && resp.status != 200)
    st = awsmap__error_set_aws(AWSMAP_ERR_SERVICE, "imds", NULL, (int)resp.status, NULL,
                               "IMDS answered HTTP %ld for the role credentials", resp.status);
  if (st == AWSMAP_OK)
    st = awsmap__auth_parse_json_credentials(out, awsmap__buf_cstr(&resp.body), resp.body.len, "imds",
                                             "IMDS");
  awsmap__http_response_dispose(&resp);
  awsmap__buf_dispose(&path);
  return st;
}

static awsmap_status imds_fetch(void *impl, awsmap_credentials **out) {
  imds_impl *m = impl;
  if (awsmap__auth_env_true("AWS_EC2_METADATA_DISABLED"))
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "imds", "AWS_EC2_METADATA_DISABLED is set");
  awsmap__buf base = AWSMAP__BUF_INIT;
  awsmap_status st = base_url(m, &base);
  pthread_mutex_lock(&m->lock);
  if (st == AWSMAP_OK && !m->engine)
    st = awsmap__auth_engine_new(&m->engine, NULL, NULL, m->timeout_ms, m->timeout_ms, 1);
  if (st == AWSMAP_OK)
    st = fetch_locked(m, awsmap__buf_cstr(&base), out);
  pthread_mutex_unlock(&m->lock);
  awsmap__buf_dispose(&base);
  return st;
}

static void imds_destroy(void *impl) {
  imds_impl *m = impl;
  if (!m)
    return;
  awsmap__http_engine_free(m->engine);
  pthread_mutex_destroy(&m->lock);
  awsmap__buf_dispose_secret(&m->token);
  awsmap__free(m->endpoint_url);
  awsmap__free(m);
}

static const awsmap__provider_vtable IMDS_VT = {imds_fetch, imds_destroy};

awsmap_status awsmap_imds_options_init(awsmap_imds_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_IMDS_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "imds", "unknown options version %u", version);
  awsmap_imds_options init = AWSMAP_IMDS_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

awsmap_status awsmap_credentials_provider_imds_new(awsmap_credentials_provider **out,
                                                   const awsmap_imds_options *opts) {
  awsmap__error_clear();
  awsmap_imds_options defaults = AWSMAP_IMDS_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (!out || opts->version != AWSMAP_IMDS_OPTIONS_VERSION || opts->timeout_ms < 0)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "imds",
                             "imds needs an out pointer and options of version %d",
                             AWSMAP_IMDS_OPTIONS_VERSION);
  imds_impl *m = awsmap__calloc(1, sizeof *m);
  if (!m)
    return awsmap__error_nomem("imds");
  pthread_mutex_init(&m->lock, NULL);
  m->timeout_ms = opts->timeout_ms ? opts->timeout_ms : 1000;
  m->allow_v1 = opts->allow_v1 != 0;
  if (opts->endpoint_url && *opts->endpoint_url && !(m->endpoint_url = awsmap__strdup(opts->endpoint_url))) {
    imds_destroy(m);
    return awsmap__error_nomem("imds");
  }
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_new(&raw, &IMDS_VT, "imds", m);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
