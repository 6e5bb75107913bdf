/* credential_process plumbing: split the command line like the AWS CLI
 * (Python's shlex.split in POSIX mode), spawn it without a shell, collect its
 * output under a deadline. */
#include "auth/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_STDOUT (64u * 1024)
#define MAX_STDERR (4u * 1024)

void awsmap__process_argv_free(char **argv) {
  if (!argv)
    return;
  for (char **a = argv; *a; a++)
    awsmap__free_secret(*a); /* arguments may carry secrets (e.g. a vault token) */
  awsmap__free(argv);
}

static awsmap_status push_arg(char ***argv, size_t *argc, size_t *cap, awsmap__buf *word) {
  if (*argc + 2 > *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    char **n = awsmap__realloc(*argv, ncap * sizeof *n);
    if (!n)
      return AWSMAP_ERR_NOMEM;
    n[*argc] = NULL; /* terminated even if the copy below fails: the caller frees it */
    *argv = n;
    *cap = ncap;
  }
  char *s = awsmap__strndup(word->ptr ? word->ptr : "", word->len);
  if (!s)
    return AWSMAP_ERR_NOMEM;
  (*argv)[(*argc)++] = s;
  (*argv)[*argc] = NULL;
  awsmap__buf_clear(word);
  return AWSMAP_OK;
}

awsmap_status awsmap__process_split(const char *cmd, char ***argv_out, size_t *argc_out) {
  char **argv = NULL;
  size_t argc = 0, cap = 0;
  awsmap__buf word = AWSMAP__BUF_INIT;
  bool in_word = false; /* '' makes an (empty) word too */
  awsmap_status st = AWSMAP_OK;
  const char *problem = NULL;
  for (const char *p = cmd; st == AWSMAP_OK && !problem; p++) {
    char c = *p;
    if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word)
        st = push_arg(&argv, &argc, &cap, &word);
      in_word = false;
      if (c == '\0')
        break;
    } else if (c == '\\') {
      if (!p[1]) {
        problem = "a trailing backslash escapes nothing";
        break;
      }
      st = awsmap__buf_putc(&word, *++p);
      in_word = true;
    } else if (c == '\'') {
      const char *close = strchr(p + 1, '\'');
      if (!close) {
        problem = "no closing single quote";
        break;
      }
      st = awsmap__buf_put(&word, p + 1, (size_t)(close - p - 1));
      p = close;
      in_word = true;
    } else if (c == '"') {
      in_word = true;
      for (p++; st == AWSMAP_OK && *p != '"'; p++) {
        if (!*p) {
          problem = "no closing double quote";
          break;
        }
        /* Inside double quotes a backslash only escapes \ " $ ` and newline. */
        if (*p == '\\' && p[1] && strchr("\\\"$`\n", p[1]))
          p++;
        st = awsmap__buf_putc(&word, *p);
      }
    } else {
      st = awsmap__buf_putc(&word, c);
      in_word = true;
    }
  }
  awsmap__buf_dispose_secret(&word);
  if (st == AWSMAP_OK && !problem && argc == 0)
    problem = "the command is empty";
  if (st != AWSMAP_OK || problem) {
    awsmap__process_argv_free(argv);
    if (st != AWSMAP_OK)
      return awsmap__error_nomem("credential_process");
    return awsmap__error_set(AWSMAP_ERR_PARSE, "credential_process",
                             "cannot split the credential_process command line: %s", problem);
  }
  *argv_out = argv;
  if (argc_out)
    *argc_out = argc;
  return AWSMAP_OK;
}

static bool executable(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* argv[0] as given when it has a '/', else the first match on PATH. */
static awsmap_status resolve(awsmap__buf *out, const char *name) {
  if (strchr(name, '/'))
    return awsmap__buf_puts(out, name);
  const char *path = awsmap__auth_getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *dir = path;;) {
    const char *colon = strchr(dir, ':');
    size_t n = colon ? (size_t)(colon - dir) : strlen(dir);
    awsmap__buf_clear(out);
    if (awsmap__buf_put(out, n ? dir : ".", n ? n : 1) != AWSMAP_OK ||
        awsmap__buf_putc(out, '/') != AWSMAP_OK || awsmap__buf_puts(out, name) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
    if (executable(out->ptr))
      return AWSMAP_OK;
    if (!colon)
      break;
    dir = colon + 1;
  }
  return AWSMAP_ERR_NOT_FOUND;
}

/* Reads what is available from fd into b (up to cap; the rest is drained
 * and dropped). Returns false at end of file. */
static bool drain(int fd, awsmap__buf *b, size_t cap) {
  char chunk[4096];
  ssize_t n = read(fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (n <= 0)
    return false;
  size_t keep = b->len < cap ? cap - b->len : 0;
  if ((size_t)n < keep)
    keep = (size_t)n;
  if (keep && awsmap__buf_put_secret(b, chunk, keep) != AWSMAP_OK) {
    /* out of memory: stop collecting, keep draining */
  }
  awsmap__secure_zero(chunk, sizeof chunk);
  return true;
}

/* A helper's stderr ends up in error messages, logs and discovered graphs:
 * strip anything secret-looking first (it is never a place for secrets, but
 * a failing helper may echo what it was given). */
static void redact_in_place(awsmap__buf *b) {
  awsmap__buf clean = AWSMAP__BUF_INIT;
  if (awsmap__redact(&clean, awsmap__buf_cstr(b), b->len) != AWSMAP_OK) {
    awsmap__buf_dispose(&clean);
    awsmap__buf_dispose_secret(b); /* nothing is better than a leak */
    return;
  }
  awsmap__buf_dispose_secret(b);
  *b = clean;
}

static void trim_trailing_space(awsmap__buf *b) {
  while (b->len && awsmap__is_space(b->ptr[b->len - 1]))
    awsmap__buf_truncate(b, b->len - 1);
}

awsmap_status awsmap__process_run(char *const *argv, long timeout_ms, awsmap__buf *out_stdout,
                                  awsmap__buf *out_stderr) {
  awsmap__buf path = AWSMAP__BUF_INIT;
  awsmap_status st = resolve(&path, argv[0]);
  if (st != AWSMAP_OK) {
    awsmap__buf_dispose(&path);
    if (st == AWSMAP_ERR_NOMEM)
      return awsmap__error_nomem("credential_process");
    return awsmap__error_set(AWSMAP_ERR_IO, "credential_process",
                             "credential_process: '%s' was not found on PATH", argv[0]);
  }
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    int e = errno;
    for (int i = 0; i < 2; i++) {
      if (out_pipe[i] >= 0)
        close(out_pipe[i]);
      if (err_pipe[i] >= 0)
        close(err_pipe[i]);
    }
    awsmap__buf_dispose(&path);
    return awsmap__error_set(AWSMAP_ERR_IO, "credential_process", "cannot create pipes: %s",
                             strerror(e));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  /* Our sockets (pooled TLS connections) and files are none of its business. */
  posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
  /* Its own process group, so a timeout can kill everything it started; and
   * default signal handling whatever the host process ignores or blocks. */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  pid_t pid;
  /* The child gets the process environment as it is (not the test override):
   * a credential helper expects the user's environment. */
  int rc = posix_spawn(&pid, path.ptr, &fa, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    st = awsmap__error_set(AWSMAP_ERR_IO, "credential_process", "cannot run '%s': %s", path.ptr,
                           strerror(rc));
    awsmap__buf_dispose(&path);
    return st;
  }
  int64_t deadline = awsmap__monotonic_ms() + (timeout_ms > 0 ? timeout_ms : 60000);
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  bool timed_out = false;
  while (open_fds > 0) {
    int64_t left = deadline - awsmap__monotonic_ms();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int n = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
    if (n < 0 && errno != EINTR)
      break;
    for (int i = 0; n > 0 && i < 2; i++) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      if (!drain(fds[i].fd, i == 0 ? out_stdout : out_stderr, i == 0 ? MAX_STDOUT : MAX_STDERR)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open_fds--;
      }
    }
  }
  /* Output closed; the child may still linger (e.g. it forked a daemon that
   * kept no pipe): wait for it until the deadline too. */
  int status = 0;
  bool reaped = false;
  while (!timed_out) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) {
      reaped = true;
      break;
    }
    if (awsmap__monotonic_ms() >= deadline)
      timed_out = true;
    else
      usleep(5000);
  }
  if (!reaped || timed_out) {
    kill(-pid, SIGKILL); /* the whole group: a wrapper's children too */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (int i = 0; i < 2; i++)
    if (fds[i].fd >= 0)
      close(fds[i].fd);
  trim_trailing_space(out_stderr);
  redact_in_place(out_stderr);
  if (timed_out)
    st = awsmap__error_set(AWSMAP_ERR_TIMEOUT, "credential_process",
                           "credential_process '%s' did not finish within %ld ms", argv[0],
                           timeout_ms > 0 ? timeout_ms : 60000L);
  else if (WIFSIGNALED(status))
    st = awsmap__error_set(AWSMAP_ERR_IO, "credential_process",
                           "credential_process '%s' was killed by signal %d%s%.300s", argv[0],
                           WTERMSIG(status), out_stderr->len ? ": " : "",
                           awsmap__buf_cstr(out_stderr));
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    st = awsmap__error_set(AWSMAP_ERR_IO, "credential_process",
                           "credential_process '%s' exited with status %d%s%.300s", argv[0],
                           WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                           out_stderr->len ? ": " : "", awsmap__buf_cstr(out_stderr));
  else if (out_stdout->len >= MAX_STDOUT)
    st = awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "credential_process",
                           "credential_process '%s' printed more than %u bytes", argv[0],
                           MAX_STDOUT);
  awsmap__buf_dispose(&path);
  return st;
}
