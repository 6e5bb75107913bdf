/* The record/replay proxy's server (see replay_proxy.h), run in the child
 * process: one epoll loop, level-triggered, over non-blocking sockets.
 *
 * A connection answers one request at a time: bytes that arrive meanwhile
 * are buffered and parsed once the previous response is written, so
 * pipelined requests are answered in order. In replay mode every answer
 * waits `latency_ms` after its request was fully read; all waits are equal,
 * so deadlines grow in arrival order and a FIFO plus the epoll timeout is the
 * whole timer. An entry whose connection closed meanwhile is dropped (each
 * fd carries a generation number, also in the epoll data, so a reused fd is
 * never mistaken for the old connection). */
#include "replay_proxy.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "replay_request.h"

#define READ_CHUNK (16 * 1024)
#define SEND_BUFFER (4 * 1024 * 1024)
#define MAX_EVENTS 256
#define LISTEN_DATA UINT64_MAX
#define MISSES_LOGGED 10

/* ---- state -------------------------------------------------------------- */

/* One stored response, ready to send as is. Never freed before exit, so a
 * write in progress can point into it even after a newer one replaced it. */
struct recording {
  char *raw;
  size_t len;
  int status;
  struct recording *next;
};

struct conn {
  int fd;
  char *in;
  size_t in_len, in_cap, in_off; /* unparsed bytes are in[in_off, in_len) */
  size_t scanned;                /* of those, searched for the end of the head */
  bool busy;                     /* a request is being answered */
  bool close_after;              /* close once the answer is written */
  bool want_out;                 /* EPOLLOUT registered */
  int64_t due_ns;                /* the replayed answer's deadline, 0 for others */
  const char *out;               /* the answer being written */
  size_t out_len, out_off;
  char *out_owned;               /* out, when it is ours to free */
};

/* An answer waiting for its deadline. */
struct deferred {
  int64_t due_ns;
  int fd;
  uint32_t gen;
  const char *data;
  size_t len;
  char *owned;
};

struct counters {
  long requests, hits, misses, upstream_errors, max_connections;
  long fired;                   /* deferred answers sent */
  int64_t late_ns, late_max_ns; /* how far past their deadline they started: sum, maximum */
  long written;                 /* deferred answers written to the end */
  int64_t done_ns, done_max_ns; /* how far past their deadline they were written: sum, maximum */
};

struct proxy {
  int ep, listen_fd, spare_fd;
  struct conn **conns; /* by fd */
  uint32_t *gens;      /* by fd: bumped when a connection closes */
  size_t max_fds;
  long open_conns;
  bool replay, stopping;
  long latency_ms;
  struct counters n;
  awsmap__map *recordings;
  struct recording *all;
  size_t recorded_bytes; /* of every recording kept */
  struct deferred *fifo; /* ring buffer, capacity a power of two */
  size_t fifo_head, fifo_count, fifo_cap;
  awsmap__buf key;       /* scratch */
  /* record mode */
  CURL *curl;
  const char *upstream;
  awsmap__buf up_head, up_body, scratch;
};


static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t epoll_data_of(const struct proxy *p, int fd) {
  return (uint64_t)p->gens[fd] << 32 | (uint32_t)fd;
}

/* ---- connections -------------------------------------------------------- */

static void conn_close(struct proxy *p, struct conn *c) {
  p->gens[c->fd]++;
  p->conns[c->fd] = NULL;
  close(c->fd); /* also leaves the epoll set */
  p->open_conns--;
  free(c->out_owned);
  free(c->in);
  free(c);
}

static void set_events(struct proxy *p, struct conn *c, bool out) {
  if (c->want_out == out)
    return;
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0u),
                           .data.u64 = epoll_data_of(p, c->fd)};
  epoll_ctl(p->ep, EPOLL_CTL_MOD, c->fd, &ev);
  c->want_out = out;
}

/* Writes what is pending. 1: all written, the connection is free for its
 * next request; 0: waiting for EPOLLOUT; -1: the connection is closed. */
static int conn_flush(struct proxy *p, struct conn *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c->out_off += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      set_events(p, c, true);
      return 0;
    } else {
      conn_close(p, c);
      return -1;
    }
  }
  if (c->due_ns) {
    int64_t done = now_ns() - c->due_ns;
    p->n.written++;
    p->n.done_ns += done;
    if (done > p->n.done_max_ns)
      p->n.done_max_ns = done;
    c->due_ns = 0;
  }
  free(c->out_owned);
  c->out_owned = NULL;
  c->out = NULL;
  c->out_len = c->out_off = 0;
  c->busy = false;
  set_events(p, c, false);
  if (c->close_after) {
    conn_close(p, c);
    return -1;
  }
  return 1;
}

static void conn_answer(struct conn *c, const char *data, size_t len, char *owned) {
  c->out = data;
  c->out_len = len;
  c->out_off = 0;
  c->out_owned = owned;
}

/* A small answer we compose: JSON for control, text for errors. */
static void conn_answer_text(struct conn *c, int status, const char *type, const char *body) {
  static const char *const reasons[][2] = {
      {"200", "OK"}, {"400", "Bad Request"}, {"404", "Not Found"}, {"411", "Length Required"},
      {"413", "Content Too Large"}, {"431", "Request Header Fields Too Large"},
      {"500", "Internal Server Error"}, {"502", "Bad Gateway"}};
  char code[8];
  snprintf(code, sizeof code, "%d", status);
  const char *reason = "Error";
  for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
    if (!strcmp(reasons[i][0], code))
      reason = reasons[i][1];
  awsmap__buf b = {0};
  if (awsmap__buf_printf(&b,
                         "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n%s",
                         status, reason, type, strlen(body),
                         c->close_after ? "Connection: close\r\n" : "", body) != AWSMAP_OK) {
    c->close_after = true;
    conn_answer(c, "", 0, NULL);
    awsmap__buf_dispose(&b);
    return;
  }
  size_t len = b.len;
  conn_answer(c, b.ptr, len, b.ptr);
}

/* ---- the FIFO of deferred answers --------------------------------------- */

static bool fifo_push(struct proxy *p, const struct deferred *d) {
  if (p->fifo_count == p->fifo_cap) {
    size_t cap = p->fifo_cap ? p->fifo_cap * 2 : 1024;
    struct deferred *f = malloc(cap * sizeof *f);
    if (!f)
      return false;
    for (size_t i = 0; i < p->fifo_count; i++)
      f[i] = p->fifo[(p->fifo_head + i) & (p->fifo_cap - 1)];
    free(p->fifo);
    p->fifo = f;
    p->fifo_cap = cap;
    p->fifo_head = 0;
  }
  p->fifo[(p->fifo_head + p->fifo_count) & (p->fifo_cap - 1)] = *d;
  p->fifo_count++;
  return true;
}

static void conn_pump(struct proxy *p, struct conn *c);

/* Sends every answer whose time has come. */
static void fifo_fire(struct proxy *p) {
  int64_t now = now_ns();
  while (p->fifo_count && p->fifo[p->fifo_head].due_ns <= now) {
    struct deferred d = p->fifo[p->fifo_head];
    p->fifo_head = (p->fifo_head + 1) & (p->fifo_cap - 1);
    p->fifo_count--;
    int64_t late = now_ns() - d.due_ns;
    p->n.fired++;
    p->n.late_ns += late;
    if (late > p->n.late_max_ns)
      p->n.late_max_ns = late;
    struct conn *c = p->conns[d.fd];
    if (!c || p->gens[d.fd] != d.gen) { /* the client went away */
      free(d.owned);
      continue;
    }
    conn_answer(c, d.data, d.len, d.owned);
    c->due_ns = d.due_ns;
    if (conn_flush(p, c) == 1)
      conn_pump(p, c);
  }
}

/* ---- control ------------------------------------------------------------ */

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static char *stats_json(const struct proxy *p) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  awsmap__buf b = {0};
  if (awsmap__buf_printf(&b,
                         "{\"mode\":\"%s\",\"latency_ms\":%ld,\"recorded\":%zu,\"requests\":%ld,"
                         "\"hits\":%ld,\"misses\":%ld,\"upstream_errors\":%ld,"
                         "\"max_connections\":%ld,\"late_us_avg\":%.1f,\"late_us_max\":%.1f,"
                         "\"written_us_avg\":%.1f,\"written_us_max\":%.1f,"
                         "\"recorded_bytes\":%zu,\"user_s\":%.6f,\"sys_s\":%.6f}",
                         p->replay ? "replay" : "record", p->latency_ms,
                         awsmap__map_count(p->recordings), p->n.requests, p->n.hits, p->n.misses,
                         p->n.upstream_errors, p->n.max_connections,
                         p->n.fired ? (double)p->n.late_ns / (double)p->n.fired / 1e3 : 0.0,
                         (double)p->n.late_max_ns / 1e3,
                         p->n.written ? (double)p->n.done_ns / (double)p->n.written / 1e3 : 0.0,
                         (double)p->n.done_max_ns / 1e3, p->recorded_bytes, tv_s(ru.ru_utime),
                         tv_s(ru.ru_stime)) != AWSMAP_OK) {
    awsmap__buf_dispose(&b);
    return NULL;
  }
  return b.ptr;
}

/* The recorded requests, for the transport floor (transport_floor.c):
 * [{"method","target","region","service","body"}, ...] in table order. */
static char *requests_json(const struct proxy *p) {
  static const char *const FIELDS[] = {"method", "target", "region", "service"};
  cJSON *all = cJSON_CreateArray();
  bool ok = all != NULL;
  size_t cursor = 0;
  const char *key;
  while (ok && awsmap__map_next(p->recordings, &cursor, &key, NULL)) {
    cJSON *o = cJSON_CreateObject();
    ok = o && cJSON_AddItemToArray(all, o);
    const char *at = key; /* make_key's layout: four lines, then the body */
    for (size_t i = 0; ok && i < 4; i++) {
      const char *nl = strchr(at, '\n');
      char *line = nl ? strndup(at, (size_t)(nl - at)) : NULL;
      ok = line && cJSON_AddStringToObject(o, FIELDS[i], line);
      free(line);
      at = nl ? nl + 1 : at;
    }
    ok = ok && cJSON_AddStringToObject(o, "body", at);
  }
  char *json = ok ? cJSON_PrintUnformatted(all) : NULL;
  cJSON_Delete(all);
  return json;
}

static void answer_json(struct conn *c, int status, char *json) {
  conn_answer_text(c, json ? status : 500, "application/json",
                   json ? json : "{\"error\":\"no memory\"}");
  free(json);
}

static void control(struct proxy *p, struct conn *c, const struct request *r) {
  bool post = awsmap__str_eq(r->method, "POST");
  bool get = awsmap__str_eq(r->method, "GET");
  if (awsmap__str_eq(r->target, "/_replay/stats") && get) {
    answer_json(c, 200, stats_json(p));
  } else if (awsmap__str_eq(r->target, "/_replay/requests") && get) {
    answer_json(c, 200, requests_json(p));
  } else if (awsmap__str_eq(r->target, "/_replay/config") && post) {
    cJSON *cfg = cJSON_ParseWithLength(r->body, r->body_len);
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(cfg, "mode");
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(cfg, "latency_ms");
    bool ok = cJSON_IsObject(cfg) &&
              (!mode || (cJSON_IsString(mode) && (!strcmp(mode->valuestring, "record") ||
                                                  !strcmp(mode->valuestring, "replay")))) &&
              (!lat ||
               (cJSON_IsNumber(lat) && lat->valuedouble >= 0 && lat->valuedouble <= 600000));
    if (ok) {
      if (mode)
        p->replay = !strcmp(mode->valuestring, "replay");
      if (lat)
        p->latency_ms = (long)lat->valuedouble;
      memset(&p->n, 0, sizeof p->n);
      p->n.max_connections = p->open_conns;
      answer_json(c, 200, stats_json(p));
    } else {
      conn_answer_text(c, 400, "application/json",
                       "{\"error\":\"want {\\\"mode\\\":\\\"record\\\"|\\\"replay\\\","
                       "\\\"latency_ms\\\":N}\"}");
    }
    cJSON_Delete(cfg);
  } else if (awsmap__str_eq(r->target, "/_replay/shutdown") && post) {
    p->stopping = true;
    c->close_after = true;
    conn_answer_text(c, 200, "application/json", "{\"ok\":true}");
  } else {
    conn_answer_text(c, 404, "application/json", "{\"error\":\"unknown control path\"}");
  }
}

/* ---- record: forward to the upstream ------------------------------------ */

static size_t on_up_header(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct proxy *p = userdata;
  size_t n = size * nmemb;
  if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) { /* a (new) status line */
    awsmap__buf_clear(&p->up_head);
    const char *sp = memchr(ptr, ' ', n);
    if (!sp || awsmap__buf_puts(&p->up_head, "HTTP/1.1") != AWSMAP_OK ||
        awsmap__buf_put(&p->up_head, sp, n - (size_t)(sp - ptr)) != AWSMAP_OK)
      return 0;
    return n;
  }
  const char *colon = memchr(ptr, ':', n);
  if (!colon)
    return n; /* the blank line ending the head: added back when stored */
  awsmap__str name = {ptr, (size_t)(colon - ptr)};
  /* Framing and hop-by-hop headers are the proxy's own business. */
  if (str_ieq(name, "content-length") || str_ieq(name, "transfer-encoding") ||
      str_ieq(name, "connection") || str_ieq(name, "keep-alive"))
    return n;
  return awsmap__buf_put(&p->up_head, ptr, n) == AWSMAP_OK ? n : 0;
}

static size_t on_up_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct proxy *p = userdata;
  return awsmap__buf_put(&p->up_body, ptr, size * nmemb) == AWSMAP_OK ? size * nmemb : 0;
}

/* Adds "Name: value" to the list unless it is hop-by-hop; `seen_*` tell
 * which of the headers libcurl would otherwise add itself were present. */
static bool add_header(struct proxy *p, struct curl_slist **list, awsmap__str line,
                       bool *seen_accept, bool *seen_type) {
  const char *colon = memchr(line.ptr, ':', line.len);
  awsmap__str name = {line.ptr, (size_t)(colon - line.ptr)};
  static const char *const skip[] = {"content-length", "transfer-encoding", "connection",
                                     "keep-alive", "expect", "te", "upgrade", "proxy-connection"};
  for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
    if (str_ieq(name, skip[i]))
      return true;
  if (str_ieq(name, "accept"))
    *seen_accept = true;
  if (str_ieq(name, "content-type"))
    *seen_type = true;
  awsmap__buf_clear(&p->scratch);
  if (awsmap__buf_put(&p->scratch, line.ptr, line.len) != AWSMAP_OK)
    return false;
  struct curl_slist *l = curl_slist_append(*list, awsmap__buf_cstr(&p->scratch));
  if (l)
    *list = l;
  return l != NULL;
}

/* The request's headers as the upstream gets them: as the client sent them
 * (Host included, so the signature still verifies), minus hop-by-hop ones,
 * plus nothing of libcurl's own. NULL when out of memory. */
static struct curl_slist *upstream_headers(struct proxy *p, const struct request *r) {
  struct curl_slist *hdrs = NULL;
  bool seen_accept = false, seen_type = false, ok = true;
  for (const char *h = r->headers; ok && h < r->headers + r->headers_len;) {
    const char *eol = memmem(h, (size_t)(r->headers + r->headers_len - h), "\r\n", 2);
    ok = add_header(p, &hdrs, (awsmap__str){h, (size_t)(eol - h)}, &seen_accept, &seen_type);
    h = eol + 2;
  }
  const char *off[] = {"Expect:", seen_accept ? NULL : "Accept:",
                       seen_type ? NULL : "Content-Type:"};
  for (size_t i = 0; ok && i < sizeof off / sizeof *off; i++) {
    struct curl_slist *l = off[i] ? curl_slist_append(hdrs, off[i]) : hdrs;
    ok = l != NULL;
    hdrs = l ? l : hdrs;
  }
  if (!ok) {
    curl_slist_free_all(hdrs);
    return NULL;
  }
  return hdrs;
}

/* One blocking exchange with the upstream into up_head / up_body. Returns
 * the HTTP status, or 0 with an explanation in p->scratch. */
static long upstream_perform(struct proxy *p, const struct request *r, const char *method,
                             struct curl_slist *hdrs) {
  awsmap__buf_clear(&p->scratch);
  if (awsmap__buf_puts(&p->scratch, p->upstream) != AWSMAP_OK ||
      awsmap__buf_put(&p->scratch, r->target.ptr, r->target.len) != AWSMAP_OK)
    return 0;
  CURL *h = p->curl;
  curl_easy_reset(h); /* keeps the kept-alive connection */
  curl_easy_setopt(h, CURLOPT_URL, awsmap__buf_cstr(&p->scratch)); /* libcurl copies it */
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_up_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, p);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_up_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, p);
  if (!strcmp(method, "HEAD")) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (!strcmp(method, "GET") && r->body_len == 0) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body_len ? r->body : "");
    if (strcmp(method, "POST") != 0)
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  }
  awsmap__buf_clear(&p->up_head);
  awsmap__buf_clear(&p->up_body);
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (rc == CURLE_OK && status >= 100)
    return status;
  awsmap__buf_clear(&p->scratch);
  awsmap__buf_printf(&p->scratch, "replay proxy: forwarding %s %.*s to %s failed: %s", method,
                     (int)r->target.len, r->target.ptr, p->upstream, curl_easy_strerror(rc));
  return 0;
}

/* The upstream's answer as stored: framed by the proxy (the body's length,
 * no hop-by-hop headers; a HEAD answer carries no length). */
static struct recording *recording_new(struct proxy *p, bool head, long status) {
  awsmap__buf raw = {0};
  bool ok = awsmap__buf_put(&raw, p->up_head.ptr, p->up_head.len) == AWSMAP_OK &&
            (head ||
             awsmap__buf_printf(&raw, "Content-Length: %zu\r\n", p->up_body.len) == AWSMAP_OK) &&
            awsmap__buf_puts(&raw, "\r\n") == AWSMAP_OK &&
            awsmap__buf_put(&raw, p->up_body.ptr, p->up_body.len) == AWSMAP_OK;
  struct recording *rec = ok ? calloc(1, sizeof *rec) : NULL;
  if (!rec) {
    awsmap__buf_dispose(&raw);
    return NULL;
  }
  rec->len = raw.len;
  rec->raw = raw.ptr;
  rec->status = (int)status;
  rec->next = p->all;
  p->all = rec;
  p->recorded_bytes += rec->len;
  return rec;
}

/* Forwards the request; the new recording, or NULL with an explanation in
 * p->scratch. */
static struct recording *forward(struct proxy *p, const struct request *r) {
  char *method = awsmap__strndup(r->method.ptr, r->method.len);
  struct curl_slist *hdrs = method ? upstream_headers(p, r) : NULL;
  long status = hdrs ? upstream_perform(p, r, method, hdrs) : 0;
  struct recording *rec = status ? recording_new(p, !strcmp(method, "HEAD"), status) : NULL;
  if (!rec && (!hdrs || status)) {
    awsmap__buf_clear(&p->scratch);
    awsmap__buf_puts(&p->scratch, "replay proxy: out of memory while recording");
  }
  curl_slist_free_all(hdrs);
  free(method);
  return rec;
}

/* Keeps the recording under the key, unless that would replace a success
 * with an error (a retried request keeps the answer that ended it). */
static void store(struct proxy *p, struct recording *rec) {
  struct recording *old = awsmap__map_get(p->recordings, p->key.ptr, p->key.len);
  bool ok2xx = rec->status >= 200 && rec->status < 300;
  if (old && old->status >= 200 && old->status < 300 && !ok2xx)
    return;
  if (awsmap__map_put(p->recordings, p->key.ptr, p->key.len, rec, NULL) != AWSMAP_OK)
    fprintf(stderr, "replay proxy: out of memory: an answer was not recorded\n");
}

/* ---- requests ----------------------------------------------------------- */

/* method \n target \n region \n service \n body */
static bool make_key(struct proxy *p, const struct request *r) {
  awsmap__buf *k = &p->key;
  awsmap__buf_clear(k);
  if (awsmap__buf_reserve(k, r->method.len + r->target.len + r->region.len + r->service.len +
                                 r->body_len + 4) != AWSMAP_OK)
    return false;
  const awsmap__str parts[] = {r->method, r->target, r->region, r->service};
  for (size_t i = 0; i < 4; i++) {
    memcpy(k->ptr + k->len, parts[i].ptr, parts[i].len);
    k->len += parts[i].len;
    k->ptr[k->len++] = '\n';
  }
  memcpy(k->ptr + k->len, r->body, r->body_len);
  k->len += r->body_len;
  k->ptr[k->len] = '\0';
  return true;
}

static void miss(struct proxy *p, struct conn *c, const struct request *r) {
  p->n.misses++;
  awsmap__buf b = {0};
  awsmap__buf_printf(&b,
                     "replay proxy: no recording for %.*s %.*s (scope %.*s/%.*s, %zu body bytes)",
                     (int)r->method.len, r->method.ptr, (int)r->target.len, r->target.ptr,
                     (int)r->region.len, r->region.ptr, (int)r->service.len, r->service.ptr,
                     r->body_len);
  if (p->n.misses <= MISSES_LOGGED)
    fprintf(stderr, "%s\n", awsmap__buf_cstr(&b));
  conn_answer_text(c, 500, "text/plain", awsmap__buf_cstr(&b));
  awsmap__buf_dispose(&b);
}

/* Answers one request: at once (control, record mode, errors) or through the
 * FIFO (replay mode). */
static void handle(struct proxy *p, struct conn *c, const struct request *r) {
  c->busy = true;
  c->close_after = c->close_after || r->close;
  static const char ctl[] = "/_replay/";
  if (r->target.len >= sizeof ctl - 1 && memcmp(r->target.ptr, ctl, sizeof ctl - 1) == 0) {
    control(p, c, r);
    return;
  }
  p->n.requests++;
  if (!make_key(p, r)) {
    conn_answer_text(c, 500, "text/plain", "replay proxy: no memory");
    return;
  }
  if (!p->replay) {
    struct recording *rec = forward(p, r);
    if (!rec) {
      p->n.upstream_errors++;
      conn_answer_text(c, 502, "text/plain", awsmap__buf_cstr(&p->scratch));
      return;
    }
    store(p, rec);
    conn_answer(c, rec->raw, rec->len, NULL);
    return;
  }
  struct recording *rec = awsmap__map_get(p->recordings, p->key.ptr, p->key.len);
  if (rec)
    p->n.hits++;
  else
    miss(p, c, r); /* composed now, sent after the same wait */
  struct deferred d = {.due_ns = now_ns() + (int64_t)p->latency_ms * 1000000, .fd = c->fd,
                       .gen = p->gens[c->fd], .data = rec ? rec->raw : c->out,
                       .len = rec ? rec->len : c->out_len, .owned = rec ? NULL : c->out_owned};
  conn_answer(c, NULL, 0, NULL);
  if (!fifo_push(p, &d)) {
    free(d.owned);
    c->close_after = true;
    conn_answer_text(c, 500, "text/plain", "replay proxy: no memory");
  }
}

/* Answers the buffered requests, one at a time, until one has to wait. */
static void conn_pump(struct proxy *p, struct conn *c) {
  while (!c->busy && c->in_off < c->in_len) {
    struct request r;
    int status = 0;
    const char *why = NULL;
    int got =
        parse_request(c->in + c->in_off, c->in_len - c->in_off, &c->scanned, &r, &status, &why);
    if (got == 0)
      break;
    if (got < 0) {
      c->busy = c->close_after = true;
      conn_answer_text(c, status, "text/plain", why);
      c->in_off = c->in_len;
    } else {
      handle(p, c, &r);
      c->in_off += r.total;
    }
    c->scanned = 0;
    if (c->in_off == c->in_len)
      c->in_off = c->in_len = 0;
    if (c->out && conn_flush(p, c) < 0)
      return;
  }
  if (c->in_off > 0 && !c->busy) { /* keep a partial request at the start */
    memmove(c->in, c->in + c->in_off, c->in_len - c->in_off);
    c->in_len -= c->in_off;
    c->in_off = 0;
  }
}

static void conn_read(struct proxy *p, struct conn *c) {
  for (;;) {
    if (c->in_cap - c->in_len < READ_CHUNK) {
      if (c->in_cap > MAX_HEAD + MAX_BODY) {
        conn_close(p, c);
        return;
      }
      size_t cap = c->in_cap ? c->in_cap * 2 : 2 * READ_CHUNK;
      char *in = realloc(c->in, cap);
      if (!in) {
        conn_close(p, c);
        return;
      }
      c->in = in;
      c->in_cap = cap;
    }
    size_t room = c->in_cap - c->in_len;
    ssize_t n = recv(c->fd, c->in + c->in_len, room, 0);
    if (n > 0) {
      c->in_len += (size_t)n;
      if ((size_t)n < room)
        break; /* drained: level-triggered epoll says when there is more */
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else { /* EOF or error: nobody left to answer */
      conn_close(p, c);
      return;
    }
  }
  conn_pump(p, c);
}

static void accept_all(struct proxy *p) {
  for (;;) {
    int fd = accept4(p->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if ((errno == EMFILE || errno == ENFILE) && p->spare_fd >= 0) {
        /* Out of descriptors: refuse this one rather than spin on it. */
        close(p->spare_fd);
        int drop = accept(p->listen_fd, NULL, NULL);
        if (drop >= 0)
          close(drop);
        p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        fprintf(stderr, "replay proxy: out of file descriptors, a connection was refused\n");
        continue;
      }
      return; /* EAGAIN */
    }
    struct conn *c = (size_t)fd < p->max_fds ? calloc(1, sizeof *c) : NULL;
    if (!c) {
      close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* A send buffer that holds a whole answer (the kernel caps it at
     * net.core.wmem_max): with the default 16 KiB start, a large answer waits
     * for ACKs that the client, which sends nothing back, delays by up to
     * 40 ms each on loopback -- stalls that are not the latency under test.
     * Measured: 1.2 s wall instead of 0.4 s for the full account. */
    int sndbuf = SEND_BUFFER;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    c->fd = fd;
    p->conns[fd] = c;
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = epoll_data_of(p, fd)};
    if (epoll_ctl(p->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
      p->open_conns++;
      conn_close(p, c);
      continue;
    }
    if (++p->open_conns > p->n.max_connections)
      p->n.max_connections = p->open_conns;
  }
}

/* ---- the loop ----------------------------------------------------------- */

static void wait_events(struct proxy *p, struct epoll_event *events, int *count) {
  struct timespec ts, *timeout = NULL;
  if (p->fifo_count) {
    int64_t left = p->fifo[p->fifo_head].due_ns - now_ns();
    if (left < 0)
      left = 0;
    ts.tv_sec = (time_t)(left / 1000000000);
    ts.tv_nsec = (long)(left % 1000000000);
    timeout = &ts;
  }
  int n = epoll_pwait2(p->ep, events, MAX_EVENTS, timeout, NULL);
  if (n < 0 && errno == ENOSYS) /* kernels before 5.11: whole milliseconds, rounded up */
    n = epoll_wait(p->ep, events, MAX_EVENTS,
                   timeout ? (int)((timeout->tv_sec * 1000000000L + timeout->tv_nsec + 999999) /
                                   1000000)
                           : -1);
  *count = n;
}

static void dispatch(struct proxy *p, const struct epoll_event *ev) {
  if (ev->data.u64 == LISTEN_DATA) {
    accept_all(p);
    return;
  }
  int fd = (int)(uint32_t)ev->data.u64;
  struct conn *c = p->conns[fd];
  if (!c || p->gens[fd] != (uint32_t)(ev->data.u64 >> 32))
    return; /* closed earlier in this batch */
  if ((ev->events & EPOLLOUT) && c->out) {
    int r = conn_flush(p, c);
    if (r < 0)
      return;
    if (r == 1)
      conn_pump(p, c);
    c = p->conns[fd];
    if (!c || p->gens[fd] != (uint32_t)(ev->data.u64 >> 32))
      return;
  }
  if (ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR))
    conn_read(p, c);
}

static int proxy_init(struct proxy *p, int listen_fd, const char *upstream) {
  memset(p, 0, sizeof *p);
  p->listen_fd = listen_fd;
  p->upstream = upstream;
  p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  p->max_fds = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                       rl.rlim_cur < (1u << 20)
                   ? (size_t)rl.rlim_cur
                   : (1u << 20);
  p->conns = calloc(p->max_fds, sizeof *p->conns);
  p->gens = calloc(p->max_fds, sizeof *p->gens);
  p->recordings = awsmap__map_new(4096);
  p->curl = curl_easy_init();
  p->ep = epoll_create1(EPOLL_CLOEXEC);
  int fl = fcntl(listen_fd, F_GETFL);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = LISTEN_DATA};
  if (!p->conns || !p->gens || !p->recordings || !p->curl || p->ep < 0 || fl < 0 ||
      fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) != 0 ||
      epoll_ctl(p->ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0)
    return -1;
  return 0;
}

static void proxy_dispose(struct proxy *p) {
  for (size_t fd = 0; p->conns && fd < p->max_fds; fd++)
    if (p->conns[fd])
      conn_close(p, p->conns[fd]);
  while (p->fifo_count) {
    free(p->fifo[p->fifo_head].owned);
    p->fifo_head = (p->fifo_head + 1) & (p->fifo_cap - 1);
    p->fifo_count--;
  }
  free(p->fifo);
  for (struct recording *r = p->all, *next; r; r = next) {
    next = r->next;
    free(r->raw);
    free(r);
  }
  awsmap__map_free(p->recordings);
  if (p->curl)
    curl_easy_cleanup(p->curl);
  awsmap__buf_dispose(&p->key);
  awsmap__buf_dispose(&p->up_head);
  awsmap__buf_dispose(&p->up_body);
  awsmap__buf_dispose(&p->scratch);
  free(p->conns);
  free(p->gens);
  if (p->ep >= 0)
    close(p->ep);
  if (p->spare_fd >= 0)
    close(p->spare_fd);
  close(p->listen_fd);
}

int replay_proxy_serve(int listen_fd, const char *upstream_url) {
  signal(SIGPIPE, SIG_IGN);
  struct proxy p;
  if (proxy_init(&p, listen_fd, upstream_url) != 0) {
    fprintf(stderr, "replay proxy: cannot set up: %s\n", strerror(errno));
    proxy_dispose(&p);
    return 1;
  }
  struct epoll_event events[MAX_EVENTS];
  while (!p.stopping) {
    int n;
    wait_events(&p, events, &n);
    if (n < 0 && errno != EINTR) {
      fprintf(stderr, "replay proxy: epoll: %s\n", strerror(errno));
      break;
    }
    for (int i = 0; i < n; i++)
      dispatch(&p, &events[i]);
    fifo_fire(&p);
  }
  proxy_dispose(&p);
  return 0;
}
