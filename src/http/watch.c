/* The sockets curl asks a runner to watch, and waiting on them.
 *
 * On Linux an epoll set: a wait costs the number of ready sockets, not the
 * number of connections, which matters with hundreds of transfers in flight
 * (poll() rescans every descriptor on every wakeup). Elsewhere, or when
 * epoll_create1 fails, a poll() list. */
#include "http/internal.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

/* Ready sockets handed back by one wait at most (more stay ready for the next). */
#define MAX_READY 256

/* What the epoll set holds for a descriptor. A socket curl stops watching
 * (an idle pooled connection, or one about to close) stays in the set,
 * dormant: re-watching it is one MOD instead of a DEL and an ADD, and
 * closing it drops it from the set anyway. A dormant socket that turns
 * ready (the peer closed an idle connection) is removed then. */
enum { FD_NONE, FD_WATCHED, FD_DORMANT };

void awsmap__watch_init(awsmap__watchset *w) {
  memset(w, 0, sizeof *w);
  w->epfd = -1;
  w->wake_fd = -1;
#ifdef __linux__
  w->epfd = epoll_create1(EPOLL_CLOEXEC);
#endif
}

void awsmap__watch_release(awsmap__watchset *w) {
  if (w->epfd >= 0)
    close(w->epfd);
  w->epfd = -1;
  awsmap__free(w->list);
  awsmap__free(w->ready);
  awsmap__free(w->scratch);
  awsmap__free(w->fds);
  w->list = NULL;
  w->ready = NULL;
  w->scratch = NULL;
  w->fds = NULL;
  w->nlist = w->caplist = w->capready = w->capscratch = w->capfds = 0;
}

#ifdef __linux__
static uint32_t epoll_events(int what) {
  return ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
}

static uint8_t fd_state(const awsmap__watchset *w, curl_socket_t fd) {
  return fd >= 0 && (size_t)fd < w->capfds ? w->fds[fd] : FD_NONE;
}

/* false when out of memory (the caller then keeps the set exact instead) */
static bool fd_state_set(awsmap__watchset *w, curl_socket_t fd, uint8_t st) {
  if (fd < 0)
    return false;
  if ((size_t)fd >= w->capfds) {
    size_t cap = w->capfds ? w->capfds : 64;
    while (cap <= (size_t)fd)
      cap *= 2;
    uint8_t *p = awsmap__realloc(w->fds, cap);
    if (!p)
      return false;
    memset(p + w->capfds, FD_NONE, cap - w->capfds);
    w->fds = p;
    w->capfds = cap;
  }
  w->fds[fd] = st;
  return true;
}

static int epoll_update(awsmap__watchset *w, curl_socket_t fd, int what, bool urgent) {
  uint8_t st = fd_state(w, fd);
  if (what == CURL_POLL_REMOVE) {
    if (st == FD_WATCHED && fd_state_set(w, fd, FD_DORMANT))
      return 0;
    /* curl may already have closed it, which removed it from the set */
    (void)epoll_ctl(w->epfd, EPOLL_CTL_DEL, fd, NULL);
    fd_state_set(w, fd, FD_NONE);
    return 0;
  }
  struct epoll_event ev = {.events = epoll_events(what),
                           .data.u64 = (uint64_t)(uint32_t)fd | (uint64_t)urgent << 32};
  int first = st != FD_NONE ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  int second = st != FD_NONE ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  /* the second try covers a descriptor closed (so dropped from the set) and
   * its number reused for a new socket */
  if (epoll_ctl(w->epfd, first, fd, &ev) != 0 && epoll_ctl(w->epfd, second, fd, &ev) != 0)
    return -1; /* curl fails the transfer */
  (void)fd_state_set(w, fd, FD_WATCHED); /* out of memory: untracked, so removed exactly */
  return 0;
}
#endif

/* The poll() list: linear, which is fine for the few sockets of a private
 * runner and for platforms without epoll. */
static int list_update(awsmap__watchset *w, curl_socket_t fd, int what, bool urgent) {
  size_t i = 0;
  while (i < w->nlist && w->list[i].fd != fd)
    i++;
  if (what == CURL_POLL_REMOVE) {
    if (i < w->nlist)
      w->list[i] = w->list[--w->nlist];
    return 0;
  }
  if (i == w->nlist) {
    if (w->nlist == w->caplist) {
      size_t cap = w->caplist ? w->caplist * 2 : 16;
      awsmap__watch *p = awsmap__realloc(w->list, cap * sizeof *p);
      if (!p)
        return -1;
      w->list = p;
      w->caplist = cap;
    }
    w->list[w->nlist++].fd = fd;
  }
  w->list[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
                              ((what & CURL_POLL_OUT) ? POLLOUT : 0));
  w->list[i].urgent = urgent;
  return 0;
}

int awsmap__watch_update(awsmap__watchset *w, curl_socket_t fd, int what, bool urgent) {
#ifdef __linux__
  if (w->epfd >= 0)
    return epoll_update(w, fd, what, urgent);
#endif
  return list_update(w, fd, what, urgent);
}

static bool reserve(void **buf, size_t *cap, size_t n, size_t size) {
  if (n <= *cap)
    return true;
  void *p = awsmap__realloc(*buf, n * size);
  if (!p)
    return false;
  *buf = p;
  *cap = n;
  return true;
}

static int curl_events(bool in, bool out, bool err) {
  return (in ? CURL_CSELECT_IN : 0) | (out ? CURL_CSELECT_OUT : 0) | (err ? CURL_CSELECT_ERR : 0);
}

#ifdef __linux__
static int wait_epoll(awsmap__watchset *w, int wake_fd, long wait_ms, bool *woken) {
  if (wake_fd != w->wake_fd) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)(uint32_t)wake_fd};
    if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, wake_fd, &ev) != 0 && errno != EEXIST)
      return -1;
    w->wake_fd = wake_fd;
  }
  if (!reserve(&w->scratch, &w->capscratch, MAX_READY, sizeof(struct epoll_event)) ||
      !reserve((void **)&w->ready, &w->capready, MAX_READY, sizeof *w->ready))
    return -1;
  struct epoll_event *evs = w->scratch;
  int n = epoll_wait(w->epfd, evs, MAX_READY, (int)wait_ms);
  if (n < 0)
    return errno == EINTR ? 0 : -1;
  int nready = 0;
  for (int i = 0; i < n; i++) {
    curl_socket_t fd = (curl_socket_t)(uint32_t)evs[i].data.u64;
    if (fd == wake_fd) {
      *woken = true;
      continue;
    }
    if (fd_state(w, fd) == FD_DORMANT) { /* nobody waits on it: out of the set */
      (void)epoll_ctl(w->epfd, EPOLL_CTL_DEL, fd, NULL);
      w->fds[fd] = FD_NONE;
      continue;
    }
    uint32_t e = evs[i].events;
    w->ready[nready++] = (awsmap__ready){
        fd, curl_events(e & (EPOLLIN | EPOLLHUP | EPOLLRDHUP), e & EPOLLOUT, e & EPOLLERR),
        (evs[i].data.u64 >> 32) != 0};
  }
  return nready;
}
#endif

static int wait_poll(awsmap__watchset *w, int wake_fd, long wait_ms, bool *woken) {
  size_t n = w->nlist + 1;
  if (!reserve(&w->scratch, &w->capscratch, n, sizeof(struct pollfd)) ||
      !reserve((void **)&w->ready, &w->capready, n, sizeof *w->ready))
    return -1;
  struct pollfd *pfd = w->scratch;
  for (size_t i = 0; i < w->nlist; i++)
    pfd[i] = (struct pollfd){w->list[i].fd, w->list[i].events, 0};
  pfd[w->nlist] = (struct pollfd){wake_fd, POLLIN, 0};
  int rc = poll(pfd, (nfds_t)n, (int)wait_ms);
  if (rc <= 0)
    return rc < 0 && errno != EINTR ? -1 : 0;
  *woken = pfd[w->nlist].revents != 0;
  int nready = 0;
  for (size_t i = 0; i < w->nlist; i++) {
    short r = pfd[i].revents;
    if (r)
      w->ready[nready++] = (awsmap__ready){pfd[i].fd,
                                           curl_events(r & (POLLIN | POLLHUP), r & POLLOUT,
                                                       r & (POLLERR | POLLNVAL)),
                                           w->list[i].urgent};
  }
  return nready;
}

int awsmap__watch_wait(awsmap__watchset *w, int wake_fd, long wait_ms, bool *woken) {
  *woken = false;
#ifdef __linux__
  if (w->epfd >= 0)
    return wait_epoll(w, wake_fd, wait_ms, woken);
#endif
  return wait_poll(w, wake_fd, wait_ms, woken);
}
