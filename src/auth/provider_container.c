/* container: ECS task roles and EKS Pod Identity. The endpoint comes from
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on the ECS link-local address) or
 * _FULL_URI, which may only point at https or at a loopback / ECS / EKS
 * host: anything else could leak the authorization token. */
#include "auth/auth.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define ECS_BASE "http://169.254.170.2"
#define MAX_TOKEN_FILE (16u * 1024)

static _Atomic(const char *) relative_base;

void awsmap__container_set_relative_base(const char *base) { atomic_store(&relative_base, base); }

typedef struct container_impl {
  pthread_mutex_t lock;
  awsmap__http_engine *engine;
} container_impl;

/* The host of an http(s) URL, without brackets or port. */
static bool url_host(const char *url, bool *https, char *host, size_t host_len) {
  const char *p;
  if (strncmp(url, "https://", 8) == 0) {
    *https = true;
    p = url + 8;
  } else if (strncmp(url, "http://", 7) == 0) {
    *https = false;
    p = url + 7;
  } else {
    return false;
  }
  size_t auth = strcspn(p, "@/?#");
  if (p[auth] == '@') /* no userinfo: it would confuse the host check */
    return false;
  size_t n;
  if (*p == '[') {
    const char *close = strchr(p, ']');
    if (!close)
      return false;
    p++;
    n = (size_t)(close - p);
  } else {
    n = strcspn(p, ":/?#");
  }
  if (n == 0 || n >= host_len)
    return false;
  memcpy(host, p, n);
  host[n] = '\0';
  return true;
}

static bool allowed_http_host(const char *h) {
  if (strncmp(h, "127.", 4) == 0) {
    for (const char *c = h + 4; *c; c++)
      if (!((*c >= '0' && *c <= '9') || *c == '.'))
        return false;
    return true;
  }
  return strcmp(h, "localhost") == 0 || strcmp(h, "::1") == 0 || strcmp(h, "169.254.170.2") == 0 ||
         strcmp(h, "169.254.170.23") == 0 || awsmap__strcasecmp(h, "fd00:ec2::23") == 0;
}

static awsmap_status endpoint(awsmap__buf *url) {
  const char *rel = awsmap__auth_getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const char *full = awsmap__auth_getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (rel) {
    const char *base = atomic_load(&relative_base);
    return awsmap__buf_printf(url, "%s%s%s", base ? base : ECS_BASE, rel[0] == '/' ? "" : "/", rel);
  }
  if (!full)
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "container",
                             "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set");
  bool https;
  char host[256];
  if (!url_host(full, &https, host, sizeof host))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "container",
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL");
  if (!https && !allowed_http_host(host))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "container",
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https or a loopback / "
                             "ECS / EKS host, not http://%s",
                             host);
  return awsmap__buf_puts(url, full);
}

static awsmap_status auth_token(awsmap__buf *token) {
  const char *file = awsmap__auth_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  awsmap_status st = AWSMAP_OK;
  if (file) {
    st = awsmap__auth_read_file(token, file, MAX_TOKEN_FILE);
    if (st != AWSMAP_OK) {
      awsmap__error_prefix("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ");
      return st;
    }
    awsmap__str t = awsmap__str_trim((awsmap__str){awsmap__buf_cstr(token), token->len});
    if (t.len)
      memmove(token->ptr, t.ptr, t.len);
    awsmap__buf_truncate(token, t.len);
  } else {
    const char *v = awsmap__auth_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    if (v)
      st = awsmap__buf_puts(token, v);
  }
  if (st == AWSMAP_OK && token->len && strpbrk(token->ptr, "\r\n"))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "container",
                             "the container authorization token contains a line break");
  return st;
}

static awsmap_status container_fetch(void *impl, awsmap_credentials **out) {
  container_impl *c = impl;
  awsmap__buf url = AWSMAP__BUF_INIT, token = AWSMAP__BUF_INIT;
  awsmap__http_response resp = {0};
  awsmap_status st = endpoint(&url);
  if (st == AWSMAP_OK)
    st = auth_token(&token);
  if (st == AWSMAP_OK) {
    awsmap__header h = {"Authorization", awsmap__buf_cstr(&token)};
    awsmap__http_request req = {"GET", awsmap__buf_cstr(&url), &h, token.len ? 1 : 0, NULL, 0, 2000, 5000};
    pthread_mutex_lock(&c->lock);
    if (!c->engine)
      st = awsmap__auth_engine_new(&c->engine, NULL, NULL, 2000, 5000, 1);
    if (st == AWSMAP_OK)
      st = awsmap__http_perform(c->engine, &req, &resp);
    pthread_mutex_unlock(&c->lock);
    if (st != AWSMAP_OK)
      awsmap__error_prefix("container credentials endpoint: ");
  }
  if (st == AWSMAP_OK && resp.status != 200) {
    char msg[200];
    awsmap__auth_json_message(awsmap__buf_cstr(&resp.body), resp.body.len, msg, sizeof msg);
    st = awsmap__error_set_aws(resp.status == 401 || resp.status == 403 ? AWSMAP_ERR_ACCESS_DENIED
                                                                          : AWSMAP_ERR_SERVICE,
                               "container", NULL, (int)resp.status, NULL,
                               "the container credentials endpoint answered HTTP %ld%s%s", resp.status,
                               msg[0] ? ": " : "", msg);
  }
  if (st == AWSMAP_OK)
    st = awsmap__auth_parse_json_credentials(out, awsmap__buf_cstr(&resp.body), resp.body.len,
                                             "container", "the container credentials endpoint");
  awsmap__http_response_dispose(&resp);
  awsmap__buf_dispose_secret(&token);
  awsmap__buf_dispose(&url);
  return st;
}

static void container_destroy(void *impl) {
  container_impl *c = impl;
  if (!c)
    return;
  awsmap__http_engine_free(c->engine);
  pthread_mutex_destroy(&c->lock);
  awsmap__free(c);
}

static const awsmap__provider_vtable CONTAINER_VT = {container_fetch, container_destroy};

awsmap_status awsmap_credentials_provider_container_new(awsmap_credentials_provider **out) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "container", "out is NULL");
  container_impl *c = awsmap__calloc(1, sizeof *c);
  if (!c)
    return awsmap__error_nomem("container");
  pthread_mutex_init(&c->lock, NULL);
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_new(&raw, &CONTAINER_VT, "container", c);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
