/* Derived signing keys, cached per (secret, date, region, service).
 *
 * SigV4's key is HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service),
 * "aws4_request"): four HMACs that only change once a day. A burst of
 * requests pays for the chain once; each later signature copies the cached
 * HMAC template out under a mutex. Secrets and keys are zeroed on eviction
 * and when the cache is cleared. */
#include "sigv4/sigv4.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define SLOTS 16

typedef struct slot {
  char *secret; /* NULL: empty slot */
  size_t secret_len;
  char date[8];
  char region[AWSMAP__SIGV4_MAX_NAME + 1];
  char service[AWSMAP__SIGV4_MAX_NAME + 1];
  awsmap__sigv4_hmac_key key;
} slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static slot slots[SLOTS];
static unsigned next_victim;
static atomic_ulong derivations;

static void slot_wipe(slot *s) {
  awsmap__free_secret(s->secret);
  awsmap__secure_zero(s, sizeof *s);
}

static bool slot_matches(const slot *s, const char *secret, size_t secret_len,
                         const char date[8], const char *region, size_t region_len,
                         const char *service, size_t service_len) {
  return s->secret && s->secret_len == secret_len && memcmp(s->date, date, 8) == 0 &&
         strlen(s->region) == region_len && memcmp(s->region, region, region_len) == 0 &&
         strlen(s->service) == service_len && memcmp(s->service, service, service_len) == 0 &&
         awsmap__ct_equal(s->secret, secret, secret_len);
}

static awsmap_status derive(awsmap__sigv4_hmac_key *out, const char *secret, size_t secret_len,
                   const char date[8], const char *region, size_t region_len,
                   const char *service, size_t service_len) {
  unsigned char k[AWSMAP__SHA256_LEN];
  awsmap__sigv4_hmac_key t;
  /* "AWS4" + secret, built in a bounded stack buffer when it fits. */
  char small[256];
  char *seed = secret_len + 4 <= sizeof small ? small : awsmap__malloc(secret_len + 4);
  if (!seed)
    return awsmap__error_nomem("sigv4:sign");
  memcpy(seed, "AWS4", 4);
  memcpy(seed + 4, secret, secret_len);
  awsmap__sigv4_hmac_key_init(&t, seed, secret_len + 4);
  awsmap__secure_zero(seed, secret_len + 4);
  if (seed != small)
    awsmap__free(seed);
  awsmap__sigv4_hmac(&t, date, 8, k);
  awsmap__sigv4_hmac_key_init(&t, k, sizeof k);
  awsmap__sigv4_hmac(&t, region, region_len, k);
  awsmap__sigv4_hmac_key_init(&t, k, sizeof k);
  awsmap__sigv4_hmac(&t, service, service_len, k);
  awsmap__sigv4_hmac_key_init(&t, k, sizeof k);
  awsmap__sigv4_hmac(&t, "aws4_request", 12, k);
  awsmap__sigv4_hmac_key_init(out, k, sizeof k);
  awsmap__secure_zero(k, sizeof k);
  awsmap__secure_zero(&t, sizeof t);
  atomic_fetch_add(&derivations, 1);
  return AWSMAP_OK;
}

awsmap_status awsmap__sigv4_signing_key(awsmap__sigv4_hmac_key *out, const char *secret,
                                        const char date[8], const char *region, size_t region_len,
                                        const char *service, size_t service_len) {
  size_t secret_len = strlen(secret);
  if (region_len > AWSMAP__SIGV4_MAX_NAME || service_len > AWSMAP__SIGV4_MAX_NAME)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:sign", "region or service too long");

  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < SLOTS; i++) {
    if (slot_matches(&slots[i], secret, secret_len, date, region, region_len, service,
                     service_len)) {
      *out = slots[i].key;
      pthread_mutex_unlock(&lock);
      return AWSMAP_OK;
    }
  }
  pthread_mutex_unlock(&lock);

  /* Derive outside the lock: concurrent misses may both derive, harmlessly. */
  awsmap_status st = derive(out, secret, secret_len, date, region, region_len, service,
                            service_len);
  if (st != AWSMAP_OK)
    return st;

  char *copy = awsmap__strndup(secret, secret_len);
  if (!copy) /* the key is right; it just is not cached */
    return AWSMAP_OK;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < SLOTS; i++) {
    if (slot_matches(&slots[i], secret, secret_len, date, region, region_len, service,
                     service_len)) { /* another thread cached it meanwhile */
      pthread_mutex_unlock(&lock);
      awsmap__free_secret(copy);
      return AWSMAP_OK;
    }
  }
  slot *s = &slots[next_victim++ % SLOTS];
  slot_wipe(s);
  s->secret = copy;
  s->secret_len = secret_len;
  memcpy(s->date, date, 8);
  memcpy(s->region, region, region_len);
  memcpy(s->service, service, service_len);
  s->key = *out;
  pthread_mutex_unlock(&lock);
  return AWSMAP_OK;
}

void awsmap__sigv4_cache_clear(void) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < SLOTS; i++)
    slot_wipe(&slots[i]);
  next_victim = 0;
  pthread_mutex_unlock(&lock);
}

unsigned long awsmap__sigv4_cache_derivations(void) { return atomic_load(&derivations); }

/* Zero the cached secrets when the library is unloaded or the process exits. */
__attribute__((destructor)) static void cache_at_exit(void) { awsmap__sigv4_cache_clear(); }
