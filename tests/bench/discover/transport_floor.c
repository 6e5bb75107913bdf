/* The transport floor (see transport_floor.h). Linux only, like the proxy. */
#include "transport_floor.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "emu.h"

#define MAX_THREADS 16

struct request {
  const char *method, *target, *body;
  char *url;
  struct curl_slist *headers;
};

/* One thread's share: requests first, first + stride, ... through its own
 * multi handle and epoll set. */
struct floor_run {
  CURLM *multi;
  int ep;
  int64_t due_ns; /* curl's timer; -1: none */
  const struct request *reqs;
  size_t count, next, stride;
  CURL **handles; /* in_flight of them, each reused for request after request */
  size_t nhandles, in_flight;
  long running;
  long requests, failed;
  double bytes;
  int rc;
};

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp) {
  (void)easy, (void)socketp;
  struct floor_run *f = userp;
  if (what == CURL_POLL_REMOVE) {
    (void)epoll_ctl(f->ep, EPOLL_CTL_DEL, fd, NULL);
    return 0;
  }
  struct epoll_event ev = {.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) |
                                     ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u),
                           .data.fd = fd};
  if (epoll_ctl(f->ep, EPOLL_CTL_MOD, fd, &ev) != 0 &&
      epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) != 0)
    return -1;
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp) {
  (void)multi;
  struct floor_run *f = userp;
  f->due_ns = timeout_ms < 0 ? -1 : now_ns() + (int64_t)timeout_ms * 1000000;
  return 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  ((struct floor_run *)userdata)->bytes += (double)(size * nmemb);
  return size * nmemb;
}

/* Gives `easy` this thread's next request and adds it to the multi handle. */
static int start_next(struct floor_run *f, CURL *easy) {
  const struct request *r = &f->reqs[f->next];
  f->next += f->stride;
  curl_easy_reset(easy);
  curl_easy_setopt(easy, CURLOPT_URL, r->url);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, r->headers);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, f);
  if (strcmp(r->method, "GET") != 0) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r->body);
    if (strcmp(r->method, "POST") != 0)
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r->method);
  }
  if (curl_multi_add_handle(f->multi, easy) != CURLM_OK)
    return -1;
  f->running++;
  return 0;
}

/* Ends finished transfers; their handles take the next requests. */
static int reap(struct floor_run *f) {
  CURLMsg *m;
  int left;
  while ((m = curl_multi_info_read(f->multi, &left))) {
    if (m->msg != CURLMSG_DONE)
      continue;
    CURL *easy = m->easy_handle;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (m->data.result != CURLE_OK || status < 200 || status > 299)
      f->failed++;
    f->requests++;
    curl_multi_remove_handle(f->multi, easy);
    f->running--;
    if (f->next < f->count && start_next(f, easy) != 0)
      return -1;
  }
  return 0;
}

static int drive(struct floor_run *f) {
  if (!(f->handles = calloc(f->in_flight, sizeof *f->handles)))
    return -1;
  for (size_t i = 0; i < f->in_flight && f->next < f->count; i++)
    if (!(f->handles[f->nhandles++] = curl_easy_init()) ||
        start_next(f, f->handles[f->nhandles - 1]) != 0)
      return -1;
  struct epoll_event evs[256];
  int still = 0;
  while (f->running > 0) {
    int64_t now = now_ns();
    int wait = f->due_ns < 0 ? 1000 : f->due_ns <= now ? 0 : (int)((f->due_ns - now) / 1000000) + 1;
    int n = epoll_wait(f->ep, evs, 256, wait);
    if (n < 0 && errno != EINTR)
      return -1;
    for (int i = 0; i < n; i++) {
      uint32_t e = evs[i].events;
      int bits = ((e & (EPOLLIN | EPOLLHUP)) ? CURL_CSELECT_IN : 0) |
                 ((e & EPOLLOUT) ? CURL_CSELECT_OUT : 0) | ((e & EPOLLERR) ? CURL_CSELECT_ERR : 0);
      if (curl_multi_socket_action(f->multi, evs[i].data.fd, bits, &still) != CURLM_OK)
        return -1;
    }
    /* due timers too, even when sockets were ready: a transfer just added
     * starts from curl's timer */
    if (f->due_ns >= 0 && f->due_ns <= now_ns()) {
      f->due_ns = -1;
      if (curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &still) != CURLM_OK)
        return -1;
    }
    if (reap(f) != 0)
      return -1;
  }
  return 0;
}

static void *thread_main(void *arg) {
  struct floor_run *f = arg;
  f->rc = drive(f);
  return NULL;
}

/* Whether a form body's Action parameter is one of `actions` (NULL: any). */
static bool wanted(const char *body, const char *const *actions) {
  if (!actions)
    return true;
  for (const char *p = body; p; p = strchr(p, '&')) {
    p += *p == '&';
    if (strncmp(p, "Action=", 7) != 0)
      continue;
    size_t len = strcspn(p + 7, "&");
    for (size_t i = 0; actions[i]; i++)
      if (strlen(actions[i]) == len && strncmp(p + 7, actions[i], len) == 0)
        return true;
    return false;
  }
  return false;
}

/* One request per wanted element of the proxy's list; strings point into
 * `list`. *count counts the entries to free, on failure too. */
static int load(const char *proxy_url, const cJSON *list, const char *const *actions,
                struct request *reqs, size_t *count) {
  const cJSON *o;
  cJSON_ArrayForEach(o, list) {
    const char *v[5];
    static const char *const FIELDS[] = {"method", "target", "region", "service", "body"};
    for (size_t i = 0; i < 5; i++) {
      v[i] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, FIELDS[i]));
      if (!v[i])
        return -1;
    }
    if (!wanted(v[4], actions))
      continue;
    struct request *r = &reqs[(*count)++];
    *r = (struct request){.method = v[0], .target = v[1], .body = v[4]};
    char auth[512];
    snprintf(auth, sizeof auth, "Authorization: AWS4-HMAC-SHA256 Credential=AKIDFLOOR/20260101/"
             "%s/%s/aws4_request, SignedHeaders=host, Signature=0", v[2], v[3]);
    size_t len = strlen(proxy_url) + strlen(r->target) + 1;
    if (!(r->url = malloc(len)))
      return -1;
    snprintf(r->url, len, "%s%s", proxy_url, r->target);
    if (!(r->headers = curl_slist_append(NULL, auth)) ||
        !curl_slist_append(r->headers, "Content-Type: application/x-www-form-urlencoded; "
                                       "charset=utf-8"))
      return -1;
  }
  return 0;
}

static int thread_init(struct floor_run *f) {
  f->ep = epoll_create1(EPOLL_CLOEXEC);
  if (!(f->multi = curl_multi_init()) || f->ep < 0)
    return -1;
  curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
  curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
  return 0;
}

static void thread_dispose(struct floor_run *f) {
  for (size_t i = 0; i < f->nhandles; i++) {
    if (f->handles[i] && f->multi)
      curl_multi_remove_handle(f->multi, f->handles[i]); /* still in it after a failure */
    curl_easy_cleanup(f->handles[i]);
  }
  free(f->handles);
  if (f->multi)
    curl_multi_cleanup(f->multi);
  if (f->ep >= 0)
    close(f->ep);
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

/* Runs the threads' shares at once; wall and CPU (every thread's) around them. */
static int run_threads(struct floor_run *runs, unsigned threads, struct transport_floor *out) {
  pthread_t tids[MAX_THREADS];
  unsigned started = 0;
  struct rusage ru0, ru1;
  int64_t t0 = now_ns();
  getrusage(RUSAGE_SELF, &ru0);
  if (threads == 1) {
    thread_main(&runs[0]);
  } else {
    while (started < threads && pthread_create(&tids[started], NULL, thread_main,
                                               &runs[started]) == 0)
      started++;
    for (unsigned i = 0; i < started; i++)
      pthread_join(tids[i], NULL);
  }
  getrusage(RUSAGE_SELF, &ru1);
  out->wall_s = (double)(now_ns() - t0) / 1e9;
  out->user_s = tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime);
  out->sys_s = tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime);
  int rc = threads == 1 || started == threads ? 0 : -1;
  for (unsigned i = 0; i < threads; i++) {
    out->requests += runs[i].requests;
    out->failed += runs[i].failed;
    out->bytes += runs[i].bytes;
    rc = runs[i].rc != 0 ? -1 : rc;
  }
  return rc;
}

int transport_floor_run(const char *proxy_url, unsigned in_flight, unsigned threads,
                        const char *const *actions, struct transport_floor *out) {
  memset(out, 0, sizeof *out);
  threads = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
  in_flight = in_flight < threads ? threads : in_flight;
  char url[256], *json = NULL;
  snprintf(url, sizeof url, "%s/_replay/requests", proxy_url);
  long http = emu_http(url, NULL, &json);
  cJSON *list = http == 200 && json ? cJSON_Parse(json) : NULL;
  free(json);
  size_t total = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0, count = 0;
  struct request *reqs = total ? calloc(total, sizeof *reqs) : NULL;
  struct floor_run runs[MAX_THREADS];
  int rc = -1;
  for (unsigned i = 0; i < threads; i++)
    runs[i] = (struct floor_run){.ep = -1, .due_ns = -1, .reqs = reqs, .next = i,
                                 .stride = threads, .in_flight = in_flight / threads};
  if (!cJSON_IsArray(list) || (total && (!reqs || load(proxy_url, list, actions, reqs, &count)))) {
    fprintf(stderr, "bench_discover: transport floor: no request list from the proxy (HTTP %ld)\n",
            http);
    goto out;
  }
  if (!count) { /* nothing of that kind was recorded (no load balancers): an empty run */
    rc = 0;
    goto out;
  }
  for (unsigned i = 0; i < threads; i++) {
    runs[i].count = count;
    if (thread_init(&runs[i]) != 0)
      goto out;
  }
  rc = run_threads(runs, threads, out);
  if (rc != 0)
    fprintf(stderr, "bench_discover: transport floor: the curl loop failed\n");
out:
  for (unsigned i = 0; i < threads; i++)
    thread_dispose(&runs[i]);
  for (size_t i = 0; reqs && i < count; i++) {
    free(reqs[i].url);
    curl_slist_free_all(reqs[i].headers);
  }
  free(reqs);
  cJSON_Delete(list);
  return rc;
}
