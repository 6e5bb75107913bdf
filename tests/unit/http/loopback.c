#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct conn_arg {
  lb_server *s;
  int fd;
} conn_arg;

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static bool send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0)
      return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* Reads one request (head + Content-Length body); false on EOF. */
static bool read_request(int fd, char *buf, size_t cap, size_t *head_len) {
  size_t len = 0;
  char *end = NULL;
  while (!end) {
    if (len + 1 >= cap)
      return false;
    ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
    if (r <= 0)
      return false;
    len += (size_t)r;
    buf[len] = '\0';
    end = strstr(buf, "\r\n\r\n");
  }
  *head_len = (size_t)(end - buf) + 4;
  size_t body = 0;
  for (char *p = buf; p < end; p = strstr(p, "\r\n") + 2) {
    if (strncasecmp(p, "Content-Length:", 15) == 0)
      body = (size_t)strtoul(p + 15, NULL, 10);
    if (!strstr(p, "\r\n"))
      break;
  }
  while (len < *head_len + body) {
    ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
    if (r <= 0)
      return false;
    len += (size_t)r;
  }
  return true;
}

static void *serve(void *p) {
  conn_arg *a = p;
  lb_server *s = a->s;
  int fd = a->fd;
  free(a);
  char buf[65536];
  size_t head_len;
  while (!s->stopping && read_request(fd, buf, sizeof buf, &head_len)) {
    pthread_mutex_lock(&s->lock);
    size_t idx = (size_t)s->requests < s->script_len ? (size_t)s->requests : s->script_len - 1;
    s->requests++;
    if (++s->in_flight > s->max_in_flight)
      s->max_in_flight = s->in_flight;
    if (s->log_len + head_len < LB_LOG) {
      memcpy(s->log + s->log_len, buf, head_len);
      s->log_len += head_len;
      s->log[s->log_len] = '\0';
    }
    pthread_mutex_unlock(&s->lock);
    const lb_reply *r = &s->script[idx];
    if (r->delay_ms)
      sleep_ms(r->delay_ms);
    pthread_mutex_lock(&s->lock);
    s->in_flight--;
    pthread_mutex_unlock(&s->lock);
    if (r->action == LB_RESET) {
      struct linger lg = {1, 0}; /* RST instead of FIN */
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      break;
    }
    const char *body = r->body ? r->body : "";
    size_t blen = strlen(body);
    char head[128];
    int hn = snprintf(head, sizeof head, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\n", r->status,
                      blen);
    const char *extra = r->headers ? r->headers : ""; /* any size: sent as is */
    if (!send_all(fd, head, (size_t)hn) || !send_all(fd, extra, strlen(extra)) ||
        !send_all(fd, "\r\n", 2))
      break;
    if (r->action == LB_TRUNCATE) {
      send_all(fd, body, blen / 2);
      break;
    }
    if (!send_all(fd, body, blen))
      break;
  }
  shutdown(fd, SHUT_RDWR);
  return NULL;
}

static void *accept_loop(void *p) {
  lb_server *s = p;
  while (!s->stopping) {
    struct pollfd pfd = {s->fd, POLLIN, 0};
    if (poll(&pfd, 1, 50) <= 0)
      continue;
    int c = accept(s->fd, NULL, NULL);
    if (c < 0)
      continue;
    pthread_mutex_lock(&s->lock);
    if (s->conn_count >= LB_MAX_CONN) {
      pthread_mutex_unlock(&s->lock);
      close(c);
      continue;
    }
    int one = 1; /* head and body go in two writes: no Nagle + delayed-ACK stall */
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn_arg *a = malloc(sizeof *a);
    a->s = s;
    a->fd = c;
    s->conn_fds[s->conn_count] = c;
    pthread_create(&s->conn_threads[s->conn_count], NULL, serve, a);
    s->conn_count++;
    pthread_mutex_unlock(&s->lock);
  }
  return NULL;
}

int lb_start(lb_server *s, const lb_reply *script, size_t n) {
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->lock, NULL);
  s->script = script;
  s->script_len = n;
  s->fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s->fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(s->fd, 128) != 0)
    return -1;
  socklen_t al = sizeof addr;
  getsockname(s->fd, (struct sockaddr *)&addr, &al);
  s->port = ntohs(addr.sin_port);
  return pthread_create(&s->accept_thread, NULL, accept_loop, s);
}

void lb_stop(lb_server *s) {
  s->stopping = true;
  pthread_join(s->accept_thread, NULL);
  for (int i = 0; i < s->conn_count; i++)
    shutdown(s->conn_fds[i], SHUT_RDWR);
  for (int i = 0; i < s->conn_count; i++) {
    pthread_join(s->conn_threads[i], NULL);
    close(s->conn_fds[i]);
  }
  close(s->fd);
  pthread_mutex_destroy(&s->lock);
}

void lb_url(const lb_server *s, const char *path, char *out, size_t cap) {
  snprintf(out, cap, "http://127.0.0.1:%d%s", s->port, path ? path : "");
}

int lb_requests(lb_server *s) {
  pthread_mutex_lock(&s->lock);
  int n = s->requests;
  pthread_mutex_unlock(&s->lock);
  return n;
}

int lb_connections(lb_server *s) {
  pthread_mutex_lock(&s->lock);
  int n = s->conn_count;
  pthread_mutex_unlock(&s->lock);
  return n;
}
