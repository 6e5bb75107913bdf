/* The credentials value: immutable after creation, reference-counted,
 * secrets zeroed on the last release. */
#include "core/core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

struct awsmap_credentials {
  atomic_int refs;
  char *access_key_id;
  char *secret_access_key;
  char *session_token; /* NULL: long-term keys */
  int64_t expiration;  /* 0: never */
  char *provider_name;
  char *account_id;    /* NULL: unknown */
  bool has_fingerprint;
  unsigned char fingerprint[AWSMAP__SHA256_LEN];
};

/* The fingerprint key: random, made once, never leaves this file. */
static pthread_once_t fp_once = PTHREAD_ONCE_INIT;
static unsigned char fp_key[AWSMAP__SHA256_LEN];
static bool fp_ready;

static void fp_init(void) { fp_ready = awsmap__random_bytes(fp_key, sizeof fp_key) == AWSMAP_OK; }

static void fingerprint(awsmap_credentials *c) {
  pthread_once(&fp_once, fp_init);
  if (fp_ready) {
    awsmap__hmac_sha256(fp_key, sizeof fp_key, c->secret_access_key,
                        strlen(c->secret_access_key), c->fingerprint);
    c->has_fingerprint = true;
  }
}

static void destroy(awsmap_credentials *c) {
  awsmap__secure_zero(c->fingerprint, sizeof c->fingerprint);
  awsmap__free(c->access_key_id);
  awsmap__free_secret(c->secret_access_key);
  awsmap__free_secret(c->session_token);
  awsmap__free(c->provider_name);
  awsmap__free(c->account_id);
  awsmap__free(c);
}

awsmap_status awsmap__credentials_new(awsmap_credentials **out, const char *access_key_id,
                                      const char *secret_access_key, const char *session_token,
                                      int64_t expiration, const char *provider_name,
                                      const char *account_id) {
  if (!out || !access_key_id || !*access_key_id || !secret_access_key || !*secret_access_key)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "credentials",
                             "credentials need a non-empty access key ID and secret access key");
  if (expiration < 0) /* 0 is "never"; before 1970 is a bug upstream, not a time */
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "credentials",
                             "credentials expiration %lld is before 1970",
                             (long long)expiration);
  awsmap_credentials *c = awsmap__calloc(1, sizeof *c);
  if (!c)
    return awsmap__error_nomem("credentials");
  atomic_init(&c->refs, 1);
  c->access_key_id = awsmap__strdup(access_key_id);
  c->secret_access_key = awsmap__strdup(secret_access_key);
  c->session_token = session_token && *session_token ? awsmap__strdup(session_token) : NULL;
  c->provider_name = awsmap__strdup(provider_name ? provider_name : "static");
  c->account_id = account_id && *account_id ? awsmap__strdup(account_id) : NULL;
  c->expiration = expiration;
  if (!c->access_key_id || !c->secret_access_key || !c->provider_name ||
      (session_token && *session_token && !c->session_token) ||
      (account_id && *account_id && !c->account_id)) {
    destroy(c);
    return awsmap__error_nomem("credentials");
  }
  fingerprint(c);
  *out = c;
  return AWSMAP_OK;
}

const unsigned char *awsmap__credentials_fingerprint(const awsmap_credentials *c) {
  return c->has_fingerprint ? c->fingerprint : NULL;
}

awsmap_status awsmap_credentials_new(awsmap_credentials **out, const char *access_key_id,
                                     const char *secret_access_key, const char *session_token,
                                     int64_t expiration) {
  awsmap__error_clear();
  return awsmap__credentials_new(out, access_key_id, secret_access_key, session_token,
                                 expiration, "static", NULL);
}

awsmap_credentials *awsmap_credentials_acquire(awsmap_credentials *c) {
  if (c)
    atomic_fetch_add(&c->refs, 1);
  return c;
}

void awsmap_credentials_release(awsmap_credentials *c) {
  if (c && atomic_fetch_sub(&c->refs, 1) == 1)
    destroy(c);
}

bool awsmap__credentials_expiring(const awsmap_credentials *c, int64_t margin) {
  return c->expiration != 0 && awsmap__now() + margin >= c->expiration;
}

const char *awsmap_credentials_access_key_id(const awsmap_credentials *c) {
  return c ? c->access_key_id : "";
}
const char *awsmap_credentials_secret_access_key(const awsmap_credentials *c) {
  return c ? c->secret_access_key : "";
}
const char *awsmap_credentials_session_token(const awsmap_credentials *c) {
  return c ? c->session_token : NULL;
}
int64_t awsmap_credentials_expiration(const awsmap_credentials *c) { return c ? c->expiration : 0; }
const char *awsmap_credentials_source(const awsmap_credentials *c) {
  return c ? c->provider_name : "";
}
const char *awsmap_credentials_account_id(const awsmap_credentials *c) {
  return c ? c->account_id : NULL;
}
