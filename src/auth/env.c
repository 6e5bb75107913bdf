/* The seam between providers and the process: environment variables, the
 * home directory and small files. Tests redirect the environment here. */
#include "auth/auth.h"

#include <errno.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

static _Atomic(const char *const *) env_override;

void awsmap__auth_env_override(const char *const *vars) { atomic_store(&env_override, vars); }

const char *awsmap__auth_getenv(const char *name) {
  const char *const *vars = atomic_load(&env_override);
  const char *v = NULL;
  if (vars) {
    size_t n = strlen(name);
    for (; *vars; vars++)
      if (strncmp(*vars, name, n) == 0 && (*vars)[n] == '=')
        v = *vars + n + 1; /* the last definition wins, like setenv */
  } else {
    v = getenv(name);
  }
  return v && *v ? v : NULL;
}

bool awsmap__auth_env_true(const char *name) {
  const char *v = awsmap__auth_getenv(name);
  return v && (awsmap__strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
               awsmap__strcasecmp(v, "yes") == 0);
}

awsmap_status awsmap__auth_home(awsmap__buf *out) {
  const char *home = awsmap__auth_getenv("HOME");
  if (home)
    return awsmap__buf_puts(out, home);
  if (atomic_load(&env_override)) /* tests decide the home, never the real one */
    return awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "auth", "HOME is not set");
  struct passwd pw, *res = NULL;
  char tmp[4096];
  if (getpwuid_r(getuid(), &pw, tmp, sizeof tmp, &res) == 0 && res && res->pw_dir)
    return awsmap__buf_puts(out, res->pw_dir);
  return awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "auth",
                           "cannot find the home directory: HOME is not set");
}

awsmap_status awsmap__auth_expand_path(awsmap__buf *out, const char *path) {
  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
    awsmap_status st = awsmap__auth_home(out);
    if (st == AWSMAP_OK)
      st = awsmap__buf_puts(out, path + 1);
    return st;
  }
  return awsmap__buf_puts(out, path);
}

/* Credentials files hold secrets: read them unbuffered (no stdio buffer left
 * behind in the heap) into a buffer that grows without stale copies. */
awsmap_status awsmap__auth_read_file(awsmap__buf *out, const char *path, size_t max) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return awsmap__error_set(AWSMAP_ERR_NOT_FOUND, "auth", "%s does not exist", path);
    return awsmap__error_set(AWSMAP_ERR_IO, "auth", "cannot open %s: %s", path, strerror(errno));
  }
  awsmap_status st = AWSMAP_OK;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      st = awsmap__error_set(AWSMAP_ERR_IO, "auth", "cannot read %s: %s", path, strerror(errno));
      break;
    }
    if (n == 0)
      break;
    if (out->len + (size_t)n > max) {
      st = awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "auth", "%s is larger than %zu bytes", path, max);
      break;
    }
    if (awsmap__buf_put_secret(out, chunk, (size_t)n) != AWSMAP_OK) {
      st = awsmap__error_nomem("auth");
      break;
    }
  }
  awsmap__secure_zero(chunk, sizeof chunk);
  close(fd);
  return st;
}

const char *awsmap__auth_region(const char *explicit_region, const char *fallback) {
  if (explicit_region && *explicit_region)
    return explicit_region;
  const char *r = awsmap__auth_getenv("AWS_REGION");
  if (!r)
    r = awsmap__auth_getenv("AWS_DEFAULT_REGION");
  return r ? r : fallback;
}

void awsmap__auth_default_session_name(char out[32]) {
  snprintf(out, 32, "awsmap-%lld", (long long)awsmap__now());
}
