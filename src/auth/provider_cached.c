/* cached: reuse credentials until a refresh window before they expire.
 *
 * One caller refreshes at a time (no thundering herd): while it does, others
 * keep using the cached credentials if they are still valid, or wait for the
 * refresh and share its result - including its failure, so N waiters do not
 * turn into N more attempts. A failed refresh keeps serving credentials that
 * have not expired yet. */
#include "auth/auth.h"

#include <pthread.h>
#include <stdint.h>

typedef struct cached {
  awsmap_credentials_provider *source;
  int64_t window;
  pthread_mutex_t lock;
  pthread_cond_t done;
  awsmap_credentials *cur;   /* NULL until the first success */
  int64_t refresh_at;        /* when cur should be replaced */
  bool refreshing;
  unsigned long generation;  /* bumped when a refresh finishes */
  awsmap_status last_status; /* result of the last refresh */
  awsmap_error last_error;
} cached;

/* After a failed refresh with still-valid credentials, wait this long before
 * the next attempt rather than retrying on every call. */
#define RETRY_AFTER_FAILURE 10

static bool still_valid(const awsmap_credentials *c, int64_t now) {
  int64_t exp = c ? awsmap_credentials_expiration(c) : 0;
  return c && (exp == 0 || now < exp);
}

static int64_t refresh_time(const awsmap_credentials *c, int64_t window, int64_t now) {
  int64_t exp = awsmap_credentials_expiration(c);
  if (exp == 0)
    return INT64_MAX;
  if (exp - window > now)
    return exp - window;
  /* Already inside the window (short-lived credentials): refresh soon, but
   * not on every call. */
  int64_t left = exp - now;
  int64_t wait = left / 2 < RETRY_AFTER_FAILURE ? left / 2 : RETRY_AFTER_FAILURE;
  return now + (wait > 0 ? wait : 0);
}

static awsmap_status cached_fetch(void *impl, awsmap_credentials **out) {
  cached *c = impl;
  pthread_mutex_lock(&c->lock);
  for (;;) {
    int64_t now = awsmap__now();
    if (c->cur && now < c->refresh_at) {
      *out = awsmap_credentials_acquire(c->cur);
      pthread_mutex_unlock(&c->lock);
      return AWSMAP_OK;
    }
    if (!c->refreshing)
      break;
    if (still_valid(c->cur, now)) { /* someone is refreshing; these still work */
      *out = awsmap_credentials_acquire(c->cur);
      pthread_mutex_unlock(&c->lock);
      return AWSMAP_OK;
    }
    unsigned long gen = c->generation;
    while (c->refreshing && c->generation == gen)
      pthread_cond_wait(&c->done, &c->lock);
    if (c->generation != gen && c->last_status != AWSMAP_OK && !still_valid(c->cur, awsmap__now())) {
      awsmap_status st = c->last_status;
      awsmap__error_copy(awsmap__error_tls(), &c->last_error);
      pthread_mutex_unlock(&c->lock);
      return st;
    }
  }
  c->refreshing = true;
  pthread_mutex_unlock(&c->lock);

  awsmap_credentials *fresh = NULL;
  awsmap_status st = awsmap__provider_fetch(c->source, &fresh);

  pthread_mutex_lock(&c->lock);
  awsmap_credentials *old = NULL;
  int64_t now = awsmap__now();
  c->refreshing = false;
  c->generation++;
  c->last_status = st;
  if (st == AWSMAP_OK) {
    old = c->cur;
    c->cur = fresh;
    c->refresh_at = refresh_time(fresh, c->window, now);
    *out = awsmap_credentials_acquire(fresh);
  } else {
    awsmap__error_copy(&c->last_error, awsmap__error_tls());
    if (still_valid(c->cur, now)) {
      AWSMAP__WARN("auth", "refreshing credentials failed, still using the cached ones: %s",
                   c->last_error.message);
      c->refresh_at = now + RETRY_AFTER_FAILURE;
      *out = awsmap_credentials_acquire(c->cur);
      awsmap__error_clear();
      st = AWSMAP_OK;
    }
  }
  pthread_cond_broadcast(&c->done);
  pthread_mutex_unlock(&c->lock);
  awsmap_credentials_release(old);
  return st;
}

static void cached_destroy(void *impl) {
  cached *c = impl;
  if (!c)
    return;
  awsmap_credentials_release(c->cur);
  awsmap_credentials_provider_release(c->source);
  pthread_mutex_destroy(&c->lock);
  pthread_cond_destroy(&c->done);
  awsmap__secure_zero(&c->last_error, sizeof c->last_error);
  awsmap__free(c);
}

static const awsmap__provider_vtable CACHED_VT = {cached_fetch, cached_destroy};

awsmap_status awsmap__provider_cached_wrap(awsmap_credentials_provider **out,
                                           awsmap_credentials_provider *source,
                                           int refresh_window_seconds) {
  cached *c = awsmap__calloc(1, sizeof *c);
  if (!c) {
    awsmap_credentials_provider_release(source);
    return awsmap__error_nomem("cached provider");
  }
  c->source = source;
  c->window = refresh_window_seconds ? refresh_window_seconds : AWSMAP__DEFAULT_REFRESH_WINDOW;
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->done, NULL);
  /* The cache answers with its source's name: it is the same source. */
  return awsmap__provider_new(out, &CACHED_VT, awsmap_credentials_provider_name(source), c);
}

awsmap_status awsmap_credentials_provider_cached_new(awsmap_credentials_provider **out,
                                                     awsmap_credentials_provider *source,
                                                     int refresh_window_seconds) {
  awsmap__error_clear();
  if (!out || !source || refresh_window_seconds < 0)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "cached provider",
                             "a cached provider needs an out pointer, a source and a "
                             "non-negative refresh window");
  return awsmap__provider_cached_wrap(out, awsmap_credentials_provider_acquire(source),
                                      refresh_window_seconds);
}
