/* The parent's side of the replay proxy (see replay_proxy.h): fork it, talk
 * to its /_replay/ control paths, stop and reap it. */
#include "replay_proxy.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emu.h"

#define READY_TIMEOUT_MS 10000

/* A listening socket on an ephemeral port of 127.0.0.1, made before the fork
 * so the port is known at once; -1 on error. */
static int listen_local(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4096) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(a.sin_port);
  return fd;
}

/* The child: dies with its parent, reports readiness on `ready_fd`, serves. */
static void child_main(int listen_fd, int ready_fd, pid_t parent, const char *upstream) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(1); /* the parent died before prctl */
  char ok = 'R';
  if (write(ready_fd, &ok, 1) != 1)
    _exit(1);
  close(ready_fd);
  exit(replay_proxy_serve(listen_fd, upstream)); /* exit, not _exit: LSan checks the child */
}

static int wait_ready(int fd) {
  struct pollfd pfd = {.fd = fd, .events = POLLIN};
  int r;
  do
    r = poll(&pfd, 1, READY_TIMEOUT_MS);
  while (r < 0 && errno == EINTR);
  char c = 0;
  return r == 1 && read(fd, &c, 1) == 1 && c == 'R' ? 0 : -1;
}

int replay_proxy_start(struct replay_proxy *p, const char *upstream_url) {
  memset(p, 0, sizeof *p);
  int port = 0, ready[2];
  int fd = listen_local(&port);
  if (fd < 0 || pipe(ready) != 0) {
    fprintf(stderr, "replay proxy: cannot listen on 127.0.0.1: %s\n", strerror(errno));
    if (fd >= 0)
      close(fd);
    return -1;
  }
  pid_t parent = getpid();
  fflush(NULL); /* the child must not write the parent's buffered output again */
  pid_t pid = fork();
  if (pid == 0) {
    close(ready[0]);
    child_main(fd, ready[1], parent, upstream_url);
  }
  close(fd);
  close(ready[1]);
  if (pid < 0) {
    close(ready[0]);
    fprintf(stderr, "replay proxy: fork: %s\n", strerror(errno));
    return -1;
  }
  p->pid = pid;
  p->port = port;
  snprintf(p->url, sizeof p->url, "http://127.0.0.1:%d", port);
  int rc = wait_ready(ready[0]);
  close(ready[0]);
  if (rc != 0) {
    fprintf(stderr, "replay proxy: the child did not start\n");
    replay_proxy_stop(p);
    return -1;
  }
  return 0;
}

/* One control exchange; the HTTP status (0 on transport error) and the
 * malloc'd body in *out (may be NULL). */
static long control(const struct replay_proxy *p, const char *path, const char *post_body,
                    char **out) {
  *out = NULL;
  if (!p->pid)
    return 0;
  char url[128];
  snprintf(url, sizeof url, "%s%s", p->url, path);
  return emu_http(url, post_body, out);
}

int replay_proxy_configure(struct replay_proxy *p, const char *mode, long latency_ms) {
  char body[96], *answer = NULL;
  snprintf(body, sizeof body, "{\"mode\":\"%s\",\"latency_ms\":%ld}", mode, latency_ms);
  long st = control(p, "/_replay/config", body, &answer);
  if (st != 200)
    fprintf(stderr, "replay proxy: config %s: HTTP %ld %s\n", body, st, answer ? answer : "");
  free(answer);
  return st == 200 ? 0 : -1;
}

static double field(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

int replay_proxy_stats(struct replay_proxy *p, struct replay_stats *out) {
  memset(out, 0, sizeof *out);
  char *answer = NULL;
  long st = control(p, "/_replay/stats", NULL, &answer);
  cJSON *j = st == 200 && answer ? cJSON_Parse(answer) : NULL;
  if (!cJSON_IsObject(j)) {
    fprintf(stderr, "replay proxy: stats: HTTP %ld %s\n", st, answer ? answer : "");
    cJSON_Delete(j);
    free(answer);
    return -1;
  }
  out->recorded = (long)field(j, "recorded");
  out->requests = (long)field(j, "requests");
  out->hits = (long)field(j, "hits");
  out->misses = (long)field(j, "misses");
  out->upstream_errors = (long)field(j, "upstream_errors");
  out->max_connections = (long)field(j, "max_connections");
  out->late_us_avg = field(j, "late_us_avg");
  out->late_us_max = field(j, "late_us_max");
  out->written_us_avg = field(j, "written_us_avg");
  out->written_us_max = field(j, "written_us_max");
  out->user_s = field(j, "user_s");
  out->sys_s = field(j, "sys_s");
  out->recorded_bytes = field(j, "recorded_bytes");
  cJSON_Delete(j);
  free(answer);
  return 0;
}

/* Says so when the child ended badly (under ASan, a leak makes it exit non-zero). */
static void check_exit(int status) {
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    fprintf(stderr, "replay proxy: the child exited with status %d\n", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    fprintf(stderr, "replay proxy: the child was killed by signal %d\n", WTERMSIG(status));
}

/* Waits up to `ms` for the child to exit; 1 once it is reaped. */
static int reap(struct replay_proxy *p, long ms, int report) {
  for (long waited = 0; waited <= ms; waited += 10) {
    int status = 0;
    pid_t r = waitpid(p->pid, &status, WNOHANG);
    if (r == p->pid || (r < 0 && errno == ECHILD)) {
      if (r == p->pid && report)
        check_exit(status);
      p->pid = 0;
      return 1;
    }
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  return 0;
}

void replay_proxy_stop(struct replay_proxy *p) {
  if (!p || p->pid <= 0)
    return;
  char *answer = NULL;
  control(p, "/_replay/shutdown", "", &answer);
  free(answer);
  if (!reap(p, 5000, 1)) {
    fprintf(stderr, "replay proxy: did not exit when asked; SIGTERM\n");
    kill(p->pid, SIGTERM);
    if (!reap(p, 3000, 0)) {
      kill(p->pid, SIGKILL);
      waitpid(p->pid, NULL, 0);
      p->pid = 0;
    }
  }
  p->port = 0;
  p->url[0] = '\0';
}
