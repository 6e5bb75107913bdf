/* The process-wide log callback. Nothing is formatted unless a callback is
 * installed at a verbosity that wants the line. */
#include "core/core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int log_max = AWSMAP_LOG_OFF;
static awsmap_log_fn log_fn;
static void *log_userdata;

void awsmap_log_set(awsmap_log_level max_level, awsmap_log_fn fn, void *userdata) {
  pthread_mutex_lock(&log_lock);
  log_fn = fn;
  log_userdata = userdata;
  atomic_store(&log_max, fn ? (int)max_level : AWSMAP_LOG_OFF);
  pthread_mutex_unlock(&log_lock);
}

const char *awsmap_log_level_str(awsmap_log_level level) {
  switch (level) {
  case AWSMAP_LOG_ERROR: return "error";
  case AWSMAP_LOG_WARN: return "warn";
  case AWSMAP_LOG_INFO: return "info";
  case AWSMAP_LOG_DEBUG: return "debug";
  case AWSMAP_LOG_TRACE: return "trace";
  case AWSMAP_LOG_OFF: break;
  }
  return "off";
}

bool awsmap__log_enabled(awsmap_log_level level) {
  return level != AWSMAP_LOG_OFF && (int)level <= atomic_load(&log_max);
}

void awsmap__log(awsmap_log_level level, const char *subsystem, const char *fmt, ...) {
  if (!awsmap__log_enabled(level))
    return;
  awsmap__buf raw = AWSMAP__BUF_INIT, clean = AWSMAP__BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  awsmap_status st = awsmap__buf_vprintf(&raw, fmt, ap);
  va_end(ap);
  if (st == AWSMAP_OK)
    st = awsmap__redact(&clean, awsmap__buf_cstr(&raw), raw.len);
  /* Trailing newlines are the callback's business. */
  while (clean.len && (clean.ptr[clean.len - 1] == '\n' || clean.ptr[clean.len - 1] == '\r'))
    awsmap__buf_truncate(&clean, clean.len - 1);
  pthread_mutex_lock(&log_lock);
  if (log_fn)
    log_fn(level, subsystem, st == AWSMAP_OK ? awsmap__buf_cstr(&clean) : "(log line lost: out of memory)",
           log_userdata);
  pthread_mutex_unlock(&log_lock);
  awsmap__buf_dispose_secret(&raw);
  awsmap__buf_dispose(&clean);
}
