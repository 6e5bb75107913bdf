/* Derived signing keys, cached per (secret, date, region, service).
 *
 * SigV4's key is HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service),
 * "aws4_request"): four HMACs that only change once a day. A burst of
 * requests pays for the chain once; each later signature copies the cached
 * HMAC template out under a mutex.
 *
 * The cache never holds the secret: a slot is found by the credentials'
 * fingerprint (core/credentials.c: HMAC-SHA256 of the secret under a random
 * key made once per process, computed once per credentials value), so
 * nothing in it outlives the credentials as a copy of the secret or as a hash
 * that could be checked against a guessed secret offline. Keys are zeroed on
 * eviction and when the cache is cleared. */
#include "sigv4/sigv4.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define SLOTS 16

typedef struct slot {
  bool used;
  unsigned char fingerprint[AWSMAP__SHA256_LEN];
  char date[8];
  char region[AWSMAP__SIGV4_MAX_NAME + 1];
  char service[AWSMAP__SIGV4_MAX_NAME + 1];
  awsmap__sigv4_hmac_key key;
} slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static slot slots[SLOTS];
static unsigned next_victim;
static atomic_ulong derivations;
static void slot_wipe(slot *s) { awsmap__secure_zero(s, sizeof *s); }


static bool slot_matches(const slot *s, const unsigned char fp[AWSMAP__SHA256_LEN],
                         const char date[8], const char *region, size_t region_len,
                         const char *service, size_t service_len) {
  return s->used && memcmp(s->date, date, 8) == 0 && strlen(s->region) == region_len &&
         memcmp(s->region, region, region_len) == 0 && strlen(s->service) == service_len &&
         memcmp(s->service, service, service_len) == 0 &&
         awsmap__ct_equal(s->fingerprint, fp, AWSMAP__SHA256_LEN);
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

/* Under the lock: the cached key for fp, copied to out. */
static bool lookup(awsmap__sigv4_hmac_key *out, const unsigned char fp[AWSMAP__SHA256_LEN],
                   const char date[8], const char *region, size_t region_len,
                   const char *service, size_t service_len) {
  for (size_t i = 0; i < SLOTS; i++) {
    if (slot_matches(&slots[i], fp, date, region, region_len, service, service_len)) {
      if (out)
        *out = slots[i].key;
      return true;
    }
  }
  return false;
}

awsmap_status awsmap__sigv4_signing_key(awsmap__sigv4_hmac_key *out,
                                        const awsmap_credentials *creds, const char date[8],
                                        const char *region, size_t region_len,
                                        const char *service, size_t service_len) {
  const char *secret = awsmap_credentials_secret_access_key(creds);
  size_t secret_len = strlen(secret);
  if (region_len > AWSMAP__SIGV4_MAX_NAME || service_len > AWSMAP__SIGV4_MAX_NAME)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:sign", "region or service too long");

  /* Computed once when the credentials were made, not per signature. */
  const unsigned char *fp = awsmap__credentials_fingerprint(creds);
  bool cacheable = fp != NULL, hit = false;
  if (cacheable) {
    pthread_mutex_lock(&lock);
    hit = lookup(out, fp, date, region, region_len, service, service_len);
    pthread_mutex_unlock(&lock);
  }
  if (hit)
    return AWSMAP_OK;

  /* Derive outside the lock: concurrent misses may both derive, harmlessly. */
  awsmap_status st = derive(out, secret, secret_len, date, region, region_len, service,
                            service_len);
  if (st != AWSMAP_OK || !cacheable)
    return st; /* without a fingerprint the key is right; it just is not cached */

  pthread_mutex_lock(&lock);
  if (!lookup(NULL, fp, date, region, region_len, service, service_len)) {
    /* not cached by another thread meanwhile */
    slot *s = &slots[next_victim++ % SLOTS];
    slot_wipe(s);
    s->used = true;
    memcpy(s->fingerprint, fp, AWSMAP__SHA256_LEN);
    memcpy(s->date, date, 8);
    memcpy(s->region, region, region_len);
    memcpy(s->service, service, service_len);
    s->key = *out;
  }
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

static bool contains(const void *hay, size_t hay_len, const void *needle, size_t len) {
  for (size_t i = 0; len && i + len <= hay_len; i++)
    if (memcmp((const char *)hay + i, needle, len) == 0)
      return true;
  return false;
}

bool awsmap__sigv4_cache_holds(const void *bytes, size_t len) {
  /* slots own no heap memory: the array is all there is */
  pthread_mutex_lock(&lock);
  bool found = contains(slots, sizeof slots, bytes, len);
  pthread_mutex_unlock(&lock);
  return found;
}

unsigned long awsmap__sigv4_cache_derivations(void) { return atomic_load(&derivations); }

/* Zero the cached keys when the library is unloaded or the process exits
 * (the fingerprint key stays: a later signature in an exit handler still works). */
__attribute__((destructor)) static void cache_at_exit(void) { awsmap__sigv4_cache_clear(); }
