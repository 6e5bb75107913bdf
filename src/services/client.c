/* The public client: settings, credentials provider, one engine, and the
 * synchronous awsmap_client_call that drives one pagination chain. */
#include "services/internal.h"
#include "awsmap/client.h"
#include "auth/auth.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENDPOINTS 8

struct awsmap_client {
  awsmap_credentials_provider *provider;
  awsmap__http_config cfg;
  char *region, *endpoint_url, *ca_bundle;
  unsigned page_size;
  char *ep_service[MAX_ENDPOINTS], *ep_url[MAX_ENDPOINTS];
  size_t ep_count;
  pthread_mutex_t lock; /* guards engine + cancelled against awsmap_client_cancel */
  awsmap__http_engine *engine;
  bool cancelled;
};

awsmap_status awsmap_client_options_init(awsmap_client_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_CLIENT_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_options_init",
                             "NULL options or unknown version %u", version);
  memset(opts, 0, sizeof *opts);
  opts->version = version;
  return AWSMAP_OK;
}

/* As the AWS SDKs and CLI: AWS_REGION, AWS_DEFAULT_REGION, the region of
 * the profile in use (AWS_PROFILE, else "default") in the shared config
 * file, else us-east-1. A config file that does not parse is reported in
 * the log and skipped: the credentials that need it report it too. */
static const char *default_region(awsmap__buf *scratch) {
  const char *r = getenv("AWS_REGION");
  if (!r || !*r)
    r = getenv("AWS_DEFAULT_REGION");
  if (r && *r)
    return r;
  awsmap_status st = awsmap__profile_region(NULL, scratch);
  if (st == AWSMAP_OK)
    return awsmap__buf_cstr(scratch);
  if (st != AWSMAP_ERR_NOT_FOUND)
    AWSMAP__WARN("client", "no region from the shared config file: %s",
                 awsmap_error_message(awsmap__error_tls()));
  return "us-east-1";
}

static bool dup_opt(char **dst, const char *src) {
  return !src || (*dst = awsmap__strdup(src)) != NULL;
}

awsmap_status awsmap_client_new(awsmap_client **out, awsmap_credentials_provider *provider,
                                 const awsmap_client_options *opts) {
  awsmap__error_clear();
  if (!out || !provider)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_new", "NULL out or provider");
  *out = NULL;
  if (opts && opts->version != AWSMAP_CLIENT_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_new", "unknown options version %u",
                             opts->version);
  awsmap_client_options defaults = AWSMAP_CLIENT_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  awsmap_status st = awsmap__global_ensure();
  if (st != AWSMAP_OK)
    return st;
  awsmap_client *c = awsmap__calloc(1, sizeof *c);
  if (!c)
    return awsmap__error_nomem("client_new");
  pthread_mutex_init(&c->lock, NULL);
  c->provider = awsmap_credentials_provider_acquire(provider);
  awsmap__buf scratch = AWSMAP__BUF_INIT;
  bool copied = dup_opt(&c->region, opts->region ? opts->region : default_region(&scratch));
  awsmap__buf_dispose(&scratch);
  if (!copied || !dup_opt(&c->endpoint_url, opts->endpoint_url) ||
      !dup_opt(&c->ca_bundle, opts->ca_bundle)) {
    awsmap_client_free(c);
    return awsmap__error_nomem("client_new");
  }
  awsmap__http_config_init(&c->cfg);
  c->cfg.connect_timeout_ms = opts->connect_timeout_ms;
  c->cfg.request_timeout_ms = opts->request_timeout_ms;
  c->cfg.insecure_skip_tls_verify = opts->insecure_skip_tls_verify != 0;
  c->cfg.ca_bundle = c->ca_bundle;
  c->cfg.max_in_flight = opts->max_in_flight;
  c->cfg.max_attempts = opts->max_attempts;
  c->cfg.endpoint_url = c->endpoint_url;
  c->cfg.use_fips = opts->use_fips != 0;
  c->cfg.use_dualstack = opts->use_dualstack != 0;
  c->cfg.s3_force_path_style = opts->s3_force_path_style != 0;
  c->page_size = opts->page_size;
  st = awsmap__http_engine_new(&c->engine, &c->cfg);
  if (st != AWSMAP_OK) {
    awsmap_client_free(c);
    return st;
  }
  *out = c;
  return AWSMAP_OK;
}

static const char *const known_services[] = {"ec2", "rds", "elasticloadbalancing", "s3", "sts", "sso"};

awsmap_status awsmap_client_set_endpoint(awsmap_client *c, const char *service, const char *url) {
  awsmap__error_clear();
  if (!c || !service || !url)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_set_endpoint", "NULL argument");
  bool known = false;
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(known_services); i++)
    known |= strcmp(service, known_services[i]) == 0;
  if (!known)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_set_endpoint",
                             "unknown service '%s'", service);
  size_t i = 0;
  while (i < c->ep_count && strcmp(c->ep_service[i], service) != 0)
    i++;
  if (i == MAX_ENDPOINTS)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_set_endpoint", "too many overrides");
  char *u = awsmap__strdup(url), *s = i == c->ep_count ? awsmap__strdup(service) : NULL;
  if (!u || (i == c->ep_count && !s)) {
    awsmap__free(u);
    awsmap__free(s);
    return awsmap__error_nomem("client_set_endpoint");
  }
  awsmap_status st = awsmap__http_engine_set_endpoint(c->engine, service, url);
  if (st != AWSMAP_OK) {
    awsmap__free(u);
    awsmap__free(s);
    return st;
  }
  if (i == c->ep_count) {
    c->ep_service[i] = s;
    c->ep_count++;
  } else {
    awsmap__free(c->ep_url[i]);
  }
  c->ep_url[i] = u;
  return AWSMAP_OK;
}

void awsmap_client_cancel(awsmap_client *c) {
  if (!c)
    return;
  pthread_mutex_lock(&c->lock);
  c->cancelled = true;
  awsmap__http_engine_cancel(c->engine);
  pthread_mutex_unlock(&c->lock);
}

/* A cancelled engine stays cancelled: replace it (same settings) before the next call. */
static awsmap_status fresh_engine(awsmap_client *c) {
  pthread_mutex_lock(&c->lock);
  awsmap_status st = AWSMAP_OK;
  if (c->cancelled) {
    awsmap__http_engine *e = NULL;
    st = awsmap__http_engine_new(&e, &c->cfg);
    for (size_t i = 0; st == AWSMAP_OK && i < c->ep_count; i++)
      st = awsmap__http_engine_set_endpoint(e, c->ep_service[i], c->ep_url[i]);
    if (st == AWSMAP_OK) {
      awsmap__http_engine_free(c->engine);
      c->engine = e;
      c->cancelled = false;
    } else {
      awsmap__http_engine_free(e);
    }
  }
  pthread_mutex_unlock(&c->lock);
  return st;
}

void awsmap_client_free(awsmap_client *c) {
  if (!c)
    return;
  awsmap__http_engine_free(c->engine);
  awsmap_credentials_provider_release(c->provider);
  awsmap__free(c->region);
  awsmap__free(c->endpoint_url);
  awsmap__free(c->ca_bundle);
  for (size_t i = 0; i < c->ep_count; i++) {
    awsmap__free(c->ep_service[i]);
    awsmap__free(c->ep_url[i]);
  }
  pthread_mutex_destroy(&c->lock);
  awsmap__free(c);
}

/* ---- one synchronous call ------------------------------------------------ */

typedef struct sync_call {
  awsmap_client *c;
  awsmap_record_fn fn;
  void *userdata;
  bool done;
  awsmap_status status;
  awsmap_error error;
} sync_call;

static awsmap_status sync_record(void *ctx, awsmap_record *rec) {
  sync_call *s = ctx;
  int stop = s->fn(rec, s->userdata);
  awsmap__record_free(rec);
  return stop ? AWSMAP_ERR_CANCELLED : AWSMAP_OK;
}

static void sync_done(void *ctx, awsmap_status st, const awsmap_error *err) {
  sync_call *s = ctx;
  s->done = true;
  s->status = st;
  if (err)
    awsmap__error_copy(&s->error, err);
}

static awsmap_status sync_credentials(void *ctx, awsmap_credentials **out) {
  sync_call *s = ctx;
  return awsmap_credentials_provider_get(s->c->provider, out);
}

awsmap_status awsmap_client_call(awsmap_client *c, const char *operation, const char *region,
                                 const char *const *params, awsmap_record_fn fn, void *userdata) {
  awsmap__error_clear();
  if (!c || !operation || !fn)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "client_call", "NULL client, operation or callback");
  const awsmap__call_spec *spec = awsmap__call_find(operation);
  if (!spec)
    return awsmap__error_set(AWSMAP_ERR_UNSUPPORTED, "client_call", "unknown operation '%s'",
                             operation);
  awsmap_status st = fresh_engine(c);
  if (st != AWSMAP_OK)
    return st;
  sync_call s = {.c = c, .fn = fn, .userdata = userdata};
  static const awsmap__paginate_handler handler = {sync_record, NULL, sync_done, sync_credentials};
  st = awsmap__paginate_submit(c->engine, spec, region ? region : c->region, params, c->page_size,
                               false, &handler, &s);
  if (st != AWSMAP_OK)
    return st;
  awsmap_status run = awsmap__http_engine_run(c->engine);
  if (!s.done)
    return run != AWSMAP_OK ? run
                            : awsmap__error_set(AWSMAP_ERR_INTERNAL, operation, "call never finished");
  if (s.status != AWSMAP_OK) {
    awsmap_error *tls = awsmap__error_tls();
    awsmap__error_copy(tls, &s.error);
    tls->status = s.status;
  }
  return s.status;
}

/* ---- for the discovery engine ---------------------------------------------- */

awsmap_status awsmap__client_engine(awsmap_client *c, awsmap__http_engine **out) {
  awsmap_status st = fresh_engine(c);
  *out = st == AWSMAP_OK ? c->engine : NULL;
  return st;
}

const char *awsmap__client_region(const awsmap_client *c) { return c->region; }

unsigned awsmap__client_page_size(const awsmap_client *c) { return c->page_size; }

awsmap_status awsmap__client_credentials(awsmap_client *c, awsmap_credentials **out) {
  return awsmap_credentials_provider_get(c->provider, out);
}

bool awsmap__client_cancelled(awsmap_client *c) {
  pthread_mutex_lock(&c->lock);
  bool cancelled = c->cancelled;
  pthread_mutex_unlock(&c->lock);
  return cancelled;
}
