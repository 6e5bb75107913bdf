/* Reference-counted setup of libcurl and OpenSSL. */
#include "core/core.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <pthread.h>

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static int global_refs;
static bool lazily_initialised;

static awsmap_status init_locked(void) {
  if (!OPENSSL_init_crypto(0, NULL))
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "global_init", "OpenSSL failed to initialise");
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "global_init", "libcurl failed to initialise");
  return AWSMAP_OK;
}

awsmap_status awsmap_global_init(void) {
  awsmap__error_clear();
  awsmap_status st = AWSMAP_OK;
  pthread_mutex_lock(&global_lock);
  if (global_refs == 0 && !lazily_initialised)
    st = init_locked();
  if (st == AWSMAP_OK)
    global_refs++;
  pthread_mutex_unlock(&global_lock);
  return st;
}

void awsmap_global_cleanup(void) {
  pthread_mutex_lock(&global_lock);
  if (global_refs > 0 && --global_refs == 0) {
    curl_global_cleanup();
    lazily_initialised = false;
  }
  pthread_mutex_unlock(&global_lock);
}

awsmap_status awsmap__global_ensure(void) {
  awsmap_status st = AWSMAP_OK;
  pthread_mutex_lock(&global_lock);
  if (global_refs == 0 && !lazily_initialised) {
    st = init_locked();
    lazily_initialised = st == AWSMAP_OK; /* released at process exit by the OS */
  }
  pthread_mutex_unlock(&global_lock);
  return st;
}
