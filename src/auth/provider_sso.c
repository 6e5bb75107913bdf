/* sso: IAM Identity Center. Reads the access token that `aws sso login`
 * cached (~/.aws/sso/cache/<sha1(session name or start URL)>.json) and trades
 * it for role credentials at the portal's GetRoleCredentials. No browser
 * flow: an expired or missing token asks the user to log in again. */
#include "auth/auth.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAX_CACHE_FILE (64u * 1024)

typedef struct sso_impl {
  char *session_name, *start_url, *region, *account_id, *role_name, *endpoint_url;
  long timeout_ms;
  pthread_mutex_t lock;
  awsmap__http_engine *engine;
} sso_impl;

awsmap_status awsmap__sso_cache_path(awsmap__buf *out, const char *key) {
  char hex[41];
  awsmap__sha1_hex(key, strlen(key), hex);
  awsmap_status st = awsmap__auth_home(out);
  if (st == AWSMAP_OK)
    st = awsmap__buf_printf(out, "/.aws/sso/cache/%s.json", hex);
  return st;
}

static void wipe(cJSON *item) {
  for (; item; item = item->next) {
    if (item->valuestring)
      awsmap__secure_zero(item->valuestring, strlen(item->valuestring));
    wipe(item->child);
  }
}

static awsmap_status login_again(awsmap_status st, const sso_impl *s, const char *why) {
  if (s->session_name)
    return awsmap__error_set(st, "sso", "%s for SSO session '%s': run `aws sso login --sso-session %s`",
                             why, s->session_name, s->session_name);
  return awsmap__error_set(st, "sso", "%s for SSO start URL %s: run `aws sso login`", why, s->start_url);
}

/* The cached access token, checked for expiry. */
static awsmap_status read_token(const sso_impl *s, awsmap__buf *token) {
  awsmap__buf path = AWSMAP__BUF_INIT, text = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__sso_cache_path(&path, s->session_name ? s->session_name : s->start_url);
  if (st == AWSMAP_OK)
    st = awsmap__auth_read_file(&text, awsmap__buf_cstr(&path), MAX_CACHE_FILE);
  if (st == AWSMAP_ERR_NOT_FOUND)
    st = login_again(AWSMAP_ERR_CREDENTIALS_EXPIRED, s, "no cached SSO token");
  cJSON *root = NULL;
  if (st == AWSMAP_OK) {
    root = cJSON_ParseWithLength(awsmap__buf_cstr(&text), text.len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(root, "accessToken");
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(root, "expiresAt");
    int64_t expires = 0;
    char when[40] = "";
    if (cJSON_IsString(exp) && exp->valuestring) {
      /* older CLIs wrote "...UTC" instead of "...Z" */
      snprintf(when, sizeof when, "%s", exp->valuestring);
      size_t n = strlen(when);
      if (n > 3 && strcmp(when + n - 3, "UTC") == 0)
        strcpy(when + n - 3, "Z");
    }
    if (!cJSON_IsString(tok) || !tok->valuestring || !*tok->valuestring || !when[0] ||
        awsmap__time_parse_iso8601(when, &expires) != AWSMAP_OK)
      st = awsmap__error_set(AWSMAP_ERR_PARSE, "sso", "the SSO token cache %s lacks accessToken or expiresAt",
                             awsmap__buf_cstr(&path));
    else if (awsmap__now() >= expires)
      st = login_again(AWSMAP_ERR_CREDENTIALS_EXPIRED, s, "the cached SSO token has expired");
    else
      st = awsmap__buf_puts(token, tok->valuestring);
  }
  if (root) {
    wipe(root);
    cJSON_Delete(root);
  }
  awsmap__buf_dispose_secret(&text);
  awsmap__buf_dispose(&path);
  return st;
}

static awsmap_status portal_url(const sso_impl *s, awsmap__buf *url) {
  const char *base = s->endpoint_url;
  if (!base)
    base = awsmap__auth_getenv("AWS_ENDPOINT_URL_SSO");
  if (!base)
    base = awsmap__auth_getenv("AWS_ENDPOINT_URL");
  awsmap_status st = base ? awsmap__buf_puts(url, base)
                          : awsmap__buf_printf(url, "https://portal.sso.%s.%s", s->region,
                                               strncmp(s->region, "cn-", 3) == 0 ? "amazonaws.com.cn"
                                                                                 : "amazonaws.com");
  while (st == AWSMAP_OK && url->len && url->ptr[url->len - 1] == '/')
    awsmap__buf_truncate(url, url->len - 1);
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(url, "/federation/credentials?role_name=");
  if (st == AWSMAP_OK)
    st = awsmap__uri_encode(url, s->role_name, strlen(s->role_name), false);
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(url, "&account_id=");
  if (st == AWSMAP_OK)
    st = awsmap__uri_encode(url, s->account_id, strlen(s->account_id), false);
  return st;
}

/* The latest expiration taken for real: 9999-12-31, in ms since the epoch. */
#define MAX_EXPIRATION_MS 253402300799000.0

awsmap_status awsmap__sso_parse_role_credentials(const char *body, size_t len,
                                                 const char *account_id,
                                                 awsmap_credentials **out) {
  cJSON *root = cJSON_ParseWithLength(body, len);
  const cJSON *rc = cJSON_GetObjectItemCaseSensitive(root, "roleCredentials");
  const cJSON *akid = cJSON_GetObjectItemCaseSensitive(rc, "accessKeyId");
  const cJSON *secret = cJSON_GetObjectItemCaseSensitive(rc, "secretAccessKey");
  const cJSON *token = cJSON_GetObjectItemCaseSensitive(rc, "sessionToken");
  const cJSON *exp = cJSON_GetObjectItemCaseSensitive(rc, "expiration");
  awsmap_status st;
  if (!cJSON_IsString(akid) || !cJSON_IsString(secret) || !cJSON_IsString(token) || !cJSON_IsNumber(exp))
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "sso", "GetRoleCredentials answered without roleCredentials");
  else if (!(exp->valuedouble >= 1000.0 && exp->valuedouble <= MAX_EXPIRATION_MS))
    /* NaN and infinity fail too: the conversion below would be undefined */
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "sso",
                           "GetRoleCredentials answered an expiration out of range (%g ms)",
                           exp->valuedouble);
  else
    st = awsmap__credentials_new(out, akid->valuestring, secret->valuestring, token->valuestring,
                                 (int64_t)(exp->valuedouble / 1000), "sso", account_id);
  if (root) {
    wipe(root);
    cJSON_Delete(root);
  }
  return st;
}

static awsmap_status sso_fetch(void *impl, awsmap_credentials **out) {
  sso_impl *s = impl;
  awsmap__buf token = AWSMAP__BUF_INIT, url = AWSMAP__BUF_INIT;
  awsmap__http_response resp = {0};
  awsmap_status st = read_token(s, &token);
  if (st == AWSMAP_OK)
    st = portal_url(s, &url);
  if (st == AWSMAP_OK) {
    awsmap__header h = {"x-amz-sso_bearer_token", awsmap__buf_cstr(&token)};
    awsmap__http_request req = {"GET", awsmap__buf_cstr(&url), &h, 1, NULL, 0, 0, s->timeout_ms};
    pthread_mutex_lock(&s->lock);
    if (!s->engine)
      st = awsmap__auth_engine_new(&s->engine, NULL, NULL, 0, s->timeout_ms, 1);
    if (st == AWSMAP_OK)
      st = awsmap__http_perform(s->engine, &req, &resp);
    pthread_mutex_unlock(&s->lock);
    if (st != AWSMAP_OK)
      awsmap__error_prefix("sso GetRoleCredentials: ");
  }
  if (st == AWSMAP_OK && resp.status != 200) {
    char msg[160];
    awsmap__auth_json_message(awsmap__buf_cstr(&resp.body), resp.body.len, msg, sizeof msg);
    if (resp.status == 401)
      st = login_again(AWSMAP_ERR_CREDENTIALS_EXPIRED, s, "the SSO portal rejected the cached token");
    else
      st = awsmap__error_set_aws(resp.status == 403 ? AWSMAP_ERR_ACCESS_DENIED : AWSMAP_ERR_SERVICE, "sso",
                                 NULL, (int)resp.status, NULL,
                                 "sso GetRoleCredentials for role %s in %s: HTTP %ld%s%s", s->role_name,
                                 s->account_id, resp.status, msg[0] ? ": " : "", msg);
  }
  if (st == AWSMAP_OK)
    st = awsmap__sso_parse_role_credentials(awsmap__buf_cstr(&resp.body), resp.body.len,
                                            s->account_id, out);
  awsmap__http_response_dispose(&resp);
  awsmap__buf_dispose_secret(&token);
  awsmap__buf_dispose(&url);
  return st;
}

static void sso_destroy(void *impl) {
  sso_impl *s = impl;
  if (!s)
    return;
  awsmap__http_engine_free(s->engine);
  pthread_mutex_destroy(&s->lock);
  awsmap__free(s->session_name);
  awsmap__free(s->start_url);
  awsmap__free(s->region);
  awsmap__free(s->account_id);
  awsmap__free(s->role_name);
  awsmap__free(s->endpoint_url);
  awsmap__free(s);
}

static const awsmap__provider_vtable SSO_VT = {sso_fetch, sso_destroy};

static bool dup_opt(char **dst, const char *src) {
  *dst = src && *src ? awsmap__strdup(src) : NULL;
  return !(src && *src) || *dst;
}

awsmap_status awsmap__provider_sso_new(awsmap_credentials_provider **out, const awsmap__sso_config *c) {
  const char *missing = !c->region ? "sso_region" : !c->account_id ? "sso_account_id"
                        : !c->role_name ? "sso_role_name"
                        : !c->session_name && !c->start_url ? "sso_session or sso_start_url" : NULL;
  if (missing)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sso", "the SSO configuration lacks %s", missing);
  /* The region becomes part of the portal's host name, which receives the
   * bearer token: only a region-shaped name may get there. */
  for (const char *p = c->region; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sso",
                               "sso_region '%.64s' is not a region name", c->region);
  sso_impl *s = awsmap__calloc(1, sizeof *s);
  if (!s)
    return awsmap__error_nomem("sso");
  pthread_mutex_init(&s->lock, NULL);
  s->timeout_ms = c->timeout_ms;
  if (!dup_opt(&s->session_name, c->session_name) || !dup_opt(&s->start_url, c->start_url) ||
      !dup_opt(&s->region, c->region) || !dup_opt(&s->account_id, c->account_id) ||
      !dup_opt(&s->role_name, c->role_name) || !dup_opt(&s->endpoint_url, c->endpoint_url)) {
    sso_destroy(s);
    return awsmap__error_nomem("sso");
  }
  return awsmap__provider_new(out, &SSO_VT, "sso", s);
}
