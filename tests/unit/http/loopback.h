/* A tiny scripted HTTP/1.1 server on 127.0.0.1 for the transport's unit tests: each request
 * gets the next scripted reply (the last one repeats). One thread per connection, keep-alive. */
#ifndef AWSMAP_TEST_LOOPBACK_H
#define AWSMAP_TEST_LOOPBACK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum lb_action {
  LB_NORMAL = 0,
  LB_RESET,    /* close the connection without answering */
  LB_TRUNCATE, /* announce the whole body, send half, close */
};

typedef struct lb_reply {
  int status;
  const char *headers; /* extra raw header lines, each ending in \r\n; may be NULL */
  const char *body;    /* may be NULL */
  enum lb_action action;
  int delay_ms;        /* before answering */
} lb_reply;

#define LB_MAX_CONN 64
#define LB_LOG 16384

typedef struct lb_server {
  int fd, port;
  pthread_t accept_thread;
  pthread_t conn_threads[LB_MAX_CONN];
  int conn_fds[LB_MAX_CONN];
  int conn_count;
  const lb_reply *script;
  size_t script_len;
  pthread_mutex_t lock;
  int requests;      /* requests answered (or failed on purpose) */
  int in_flight, max_in_flight; /* concurrent requests seen */
  char log[LB_LOG];  /* every request head, concatenated */
  size_t log_len;
  volatile bool stopping;
} lb_server;

int lb_start(lb_server *s, const lb_reply *script, size_t n);
void lb_stop(lb_server *s);
/* "http://127.0.0.1:PORT" + path */
void lb_url(const lb_server *s, const char *path, char *out, size_t cap);
int lb_requests(lb_server *s);
int lb_connections(lb_server *s);

#endif
