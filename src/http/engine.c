/* The engine: configuration, the shared curl caches, endpoint overrides, cancellation. */
#include "http/internal.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

void awsmap__http_config_init(awsmap__http_config *cfg) {
  if (cfg)
    memset(cfg, 0, sizeof *cfg);
}

static awsmap_status share_new(CURLSH **out) {
  CURLSH *sh = curl_share_init();
  if (!sh)
    return awsmap__error_nomem("http_engine_new");
  /* One thread drives an engine, so no lock callbacks are needed. */
  if (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
      curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK ||
      curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
    curl_share_cleanup(sh);
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine_new",
                             "libcurl cannot share connections, DNS and TLS sessions");
  }
  *out = sh;
  return AWSMAP_OK;
}

static unsigned attempts_from_env(void) {
  long n;
  const char *v = awsmap__http_env("AWS_MAX_ATTEMPTS");
  if (v && awsmap__parse_long(v, 1, 100, &n))
    return (unsigned)n;
  if (v)
    AWSMAP__WARN("http", "ignoring AWS_MAX_ATTEMPTS=%s (want 1..100)", v);
  return AWSMAP__HTTP_DEFAULT_ATTEMPTS;
}

static awsmap_status dup_opt(const char *s, char **out) {
  *out = NULL;
  if (s && *s && !(*out = awsmap__strdup(s)))
    return awsmap__error_nomem("http_engine_new");
  return AWSMAP_OK;
}

/* Non-blocking, close-on-exec: a cancel never blocks, a child never inherits it. */
static awsmap_status wake_pipe(int fds[2]) {
  if (pipe(fds) != 0) {
    fds[0] = fds[1] = -1;
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine_new", "cannot create a pipe");
  }
  for (int i = 0; i < 2; i++) {
    int fl = fcntl(fds[i], F_GETFL);
    if (fl < 0 || fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) != 0 ||
        fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0)
      return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine_new",
                               "cannot configure the wake pipe");
  }
  return AWSMAP_OK;
}

awsmap_status awsmap__http_engine_new(awsmap__http_engine **out, const awsmap__http_config *cfg) {
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_engine_new", "out is NULL");
  *out = NULL;
  awsmap__http_config defaults;
  if (!cfg) {
    awsmap__http_config_init(&defaults);
    cfg = &defaults;
  }
  awsmap_status st = awsmap__global_ensure();
  if (st != AWSMAP_OK)
    return st;
  awsmap__http_engine *e = awsmap__calloc(1, sizeof *e);
  if (!e)
    return awsmap__error_nomem("http_engine_new");
  atomic_init(&e->cancelled, false);
  e->wake[0] = e->wake[1] = -1;
  e->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
                                                      : AWSMAP__HTTP_DEFAULT_CONNECT_MS;
  e->request_timeout_ms = cfg->request_timeout_ms > 0 ? cfg->request_timeout_ms
                                                      : AWSMAP__HTTP_DEFAULT_TIMEOUT_MS;
  e->verify_tls = !cfg->insecure_skip_tls_verify;
  if (!e->verify_tls)
    AWSMAP__WARN("http", "TLS certificate verification is OFF for this engine");
  e->max_response_bytes = cfg->max_response_bytes ? cfg->max_response_bytes
                                                  : AWSMAP__HTTP_DEFAULT_MAX_BYTES;
  e->main.max_in_flight = cfg->max_in_flight ? cfg->max_in_flight : AWSMAP__HTTP_DEFAULT_IN_FLIGHT;
  e->max_attempts = cfg->max_attempts ? cfg->max_attempts : attempts_from_env();
  e->use_fips = cfg->use_fips || awsmap__http_env_bool("AWS_USE_FIPS_ENDPOINT");
  e->use_dualstack = cfg->use_dualstack || awsmap__http_env_bool("AWS_USE_DUALSTACK_ENDPOINT");
  e->s3_path_style = cfg->s3_force_path_style;
  e->retry_base_ms = AWSMAP__RETRY_BASE_MS;
  e->retry_cap_ms = AWSMAP__RETRY_CAP_MS;
  awsmap__retry_quota_init(&e->quota, AWSMAP__RETRY_QUOTA_MAX);
  if ((st = awsmap__random_bytes(&e->rng, sizeof e->rng)) != AWSMAP_OK)
    goto fail;
  e->rng |= 1; /* the generator needs a non-zero state */
  if ((st = dup_opt(cfg->ca_bundle ? cfg->ca_bundle : awsmap__http_env("AWS_CA_BUNDLE"),
                    &e->ca_bundle)) != AWSMAP_OK ||
      (st = dup_opt(cfg->endpoint_url ? cfg->endpoint_url : awsmap__http_env("AWS_ENDPOINT_URL"),
                    &e->endpoint_url)) != AWSMAP_OK)
    goto fail;
  e->endpoint_url_from_env = !cfg->endpoint_url;
  if (e->endpoint_url) {
    awsmap__endpoint check = {0};
    st = awsmap__endpoint_from_url(e->endpoint_url, &check);
    awsmap__endpoint_dispose(&check);
    if (st != AWSMAP_OK)
      goto fail;
  }
  if (!(e->service_endpoints = awsmap__map_new(8))) {
    st = awsmap__error_nomem("http_engine_new");
    goto fail;
  }
  if ((st = share_new(&e->share)) != AWSMAP_OK)
    goto fail;
  if (!(e->main.multi = curl_multi_init())) {
    st = awsmap__error_nomem("http_engine_new");
    goto fail;
  }
  if ((st = awsmap__runner_attach(&e->main)) != AWSMAP_OK || (st = wake_pipe(e->wake)) != AWSMAP_OK)
    goto fail;
  *out = e;
  return AWSMAP_OK;
fail:
  awsmap__http_engine_free(e);
  return st;
}

void awsmap__http_engine_free(awsmap__http_engine *e) {
  if (!e)
    return;
  if (e->main_cleanup)
    e->main_cleanup(e, &e->main);
  if (e->main.multi)
    curl_multi_cleanup(e->main.multi);
  awsmap__runner_release(&e->main);
  for (int i = 0; i < 2; i++)
    if (e->wake[i] >= 0)
      close(e->wake[i]);
  for (size_t i = 0; i < e->pool_len; i++)
    curl_easy_cleanup(e->pool[i]);
  awsmap__free(e->pool);
  if (e->share)
    curl_share_cleanup(e->share);
  if (e->service_endpoints) {
    size_t cur = 0;
    const char *k;
    void *v;
    while (awsmap__map_next(e->service_endpoints, &cur, &k, &v))
      awsmap__free(v);
    awsmap__map_free(e->service_endpoints);
  }
  awsmap__free(e->ca_bundle);
  awsmap__free(e->endpoint_url);
  awsmap__free(e);
}

awsmap_status awsmap__http_engine_set_endpoint(awsmap__http_engine *e, const char *service,
                                               const char *url) {
  if (!e || !service || !*service)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_set_endpoint", "engine or service missing");
  char *copy = NULL;
  if (url && *url) {
    awsmap__endpoint check = {0};
    awsmap_status st = awsmap__endpoint_from_url(url, &check);
    awsmap__endpoint_dispose(&check);
    if (st != AWSMAP_OK)
      return st;
    if (!(copy = awsmap__strdup(url)))
      return awsmap__error_nomem("http_set_endpoint");
  }
  void *old = NULL;
  if (!copy) { /* NULL or "" removes the override */
    if (awsmap__map_remove(e->service_endpoints, service, strlen(service), &old))
      awsmap__free(old);
    return AWSMAP_OK;
  }
  awsmap_status st = awsmap__map_put(e->service_endpoints, service, strlen(service), copy, &old);
  if (st != AWSMAP_OK) {
    awsmap__free(copy);
    return st;
  }
  awsmap__free(old);
  return AWSMAP_OK;
}

/* Most specific first: set_endpoint for the service, the configured global override,
 * AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (read at engine creation). An explicit
 * configuration beats the environment, as the SDKs' client-level endpoint_url does. */
const char *awsmap__http_engine_override(awsmap__http_engine *e, const char *service) {
  const char *v = awsmap__map_get(e->service_endpoints, service, strlen(service));
  if (v)
    return v;
  if (e->endpoint_url && !e->endpoint_url_from_env)
    return e->endpoint_url;
  if ((v = awsmap__http_env_service_endpoint(service)))
    return v;
  return e->endpoint_url;
}

void awsmap__http_engine_cancel(awsmap__http_engine *e) {
  if (!e)
    return;
  atomic_store(&e->cancelled, true);
  /* a write to the wake pipe is safe from any thread; a full pipe is already awake */
  if (e->wake[1] >= 0) {
    ssize_t n = write(e->wake[1], "c", 1);
    (void)n;
  }
}
