/* Driving calls: the queues, the multi loop with its backoff timers, cancellation. */
#include "http/call.h"

#include <string.h>
#include <unistd.h>

/* How long a loop iteration may sleep when nothing is due (the engine's wake pipe and curl's
 * timers cut it short); a private runner looks at the cancel flag a little more often. */
#define IDLE_WAIT_MS 1000
#define PRIVATE_IDLE_WAIT_MS 100

static void push_tail(awsmap__call **head, awsmap__call **tail, awsmap__call *c) {
  c->next = c->prev = NULL;
  if (*tail)
    (*tail)->next = c;
  else
    *head = c;
  *tail = c;
}

static awsmap__call *pop_head(awsmap__call **head, awsmap__call **tail) {
  awsmap__call *c = *head;
  if (c) {
    *head = c->next;
    if (!*head)
      *tail = NULL;
    c->next = NULL;
  }
  return c;
}

/* Urgent calls queue behind the urgent ones already waiting, ahead of the rest. */
void awsmap__runner_push_pending(awsmap__runner *r, awsmap__call *c) {
  if (!c->urgent) {
    push_tail(&r->pending_head, &r->pending_tail, c);
    return;
  }
  awsmap__call **at = r->pending_urgent ? &r->pending_urgent->next : &r->pending_head;
  c->prev = NULL;
  c->next = *at;
  *at = c;
  if (!c->next)
    r->pending_tail = c;
  r->pending_urgent = c;
}

static awsmap__call *pop_pending(awsmap__runner *r) {
  awsmap__call *c = pop_head(&r->pending_head, &r->pending_tail);
  if (c && c == r->pending_urgent)
    r->pending_urgent = NULL;
  return c;
}

void awsmap__runner_push_delayed(awsmap__runner *r, awsmap__call *c) {
  awsmap__call **p = &r->delayed;
  while (*p && (*p)->due_ms <= c->due_ms)
    p = &(*p)->next;
  c->prev = NULL;
  c->next = *p;
  *p = c;
}

void awsmap__runner_add_running(awsmap__runner *r, awsmap__call *c) {
  c->prev = NULL;
  c->next = r->running;
  if (r->running)
    r->running->prev = c;
  r->running = c;
  r->running_count++;
}

void awsmap__runner_remove_running(awsmap__runner *r, awsmap__call *c) {
  if (c->prev)
    c->prev->next = c->next;
  else
    r->running = c->next;
  if (c->next)
    c->next->prev = c->prev;
  c->next = c->prev = NULL;
  r->running_count--;
}

/* ---- what curl wants watched ------------------------------------------------ */

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp) {
  awsmap__runner *r = userp;
  awsmap__call *c = NULL;
  if (what != CURL_POLL_REMOVE)
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&c);
  return awsmap__watch_update(&r->watch, fd, what, c && c->urgent) != 0 ? -1 : 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp) {
  awsmap__runner *r = userp;
  r->timer_due_ms = timeout_ms < 0 ? -1 : awsmap__monotonic_ms() + timeout_ms;
  return 0;
}

awsmap_status awsmap__runner_attach(awsmap__runner *r) {
  r->timer_due_ms = -1;
  if (!r->watch_ready) {
    awsmap__watch_init(&r->watch);
    r->watch_ready = true;
  }
  if (curl_multi_setopt(r->multi, CURLMOPT_SOCKETFUNCTION, on_socket) != CURLM_OK ||
      curl_multi_setopt(r->multi, CURLMOPT_SOCKETDATA, r) != CURLM_OK ||
      curl_multi_setopt(r->multi, CURLMOPT_TIMERFUNCTION, on_timer) != CURLM_OK ||
      curl_multi_setopt(r->multi, CURLMOPT_TIMERDATA, r) != CURLM_OK)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine",
                             "libcurl refused the socket and timer callbacks");
  return AWSMAP_OK;
}

void awsmap__runner_release(awsmap__runner *r) {
  if (r->watch_ready)
    awsmap__watch_release(&r->watch);
  r->watch_ready = false;
}

awsmap_status awsmap__runner_init(awsmap__runner *r, unsigned max_in_flight) {
  memset(r, 0, sizeof *r);
  r->max_in_flight = max_in_flight ? max_in_flight : 1;
  if (!(r->multi = curl_multi_init()))
    return awsmap__error_nomem("http_engine");
  return awsmap__runner_attach(r);
}

/* Ends every call still queued or running with status (on_done is still owed to each). */
static void finish_all(awsmap__runner *r, awsmap_status st, const char *why) {
  for (;;) {
    awsmap__call *c = r->running;
    if (c)
      awsmap__call_detach(c);
    else if ((c = pop_head(&r->ready_head, &r->ready_tail)) ||
             (c = pop_pending(r)))
      ;
    else if ((c = r->delayed))
      r->delayed = c->next;
    else
      break;
    awsmap__error_set(st, c->label, "%s %s in %s: %s", c->service, c->operation, c->region, why);
    awsmap__error_copy(&c->error, awsmap__error_tls());
    awsmap__call_finish(c, st);
  }
}

void awsmap__runner_cleanup(awsmap__http_engine *e, awsmap__runner *r) {
  finish_all(r, AWSMAP_ERR_CANCELLED, "the engine was freed");
  if (r != &e->main && r->multi) { /* the engine's own multi is freed with the engine */
    curl_multi_cleanup(r->multi);
    r->multi = NULL;
    awsmap__runner_release(r);
  }
}

static void main_cleanup(awsmap__http_engine *e, awsmap__runner *r) {
  finish_all(r, AWSMAP_ERR_CANCELLED, "the engine was freed");
}

awsmap_status awsmap__runner_submit(awsmap__http_engine *e, awsmap__runner *r,
                                    const awsmap__aws_request *req, const awsmap__aws_handler *h,
                                    void *ctx) {
  if (atomic_load(&e->cancelled))
    return awsmap__error_set(AWSMAP_ERR_CANCELLED, "aws_submit", "the engine was cancelled");
  awsmap__call *c = NULL;
  awsmap_status st = awsmap__call_new(e, r, req, h, ctx, &c);
  if (st == AWSMAP_OK)
    awsmap__runner_push_pending(r, c);
  return st;
}

static void start_due(awsmap__runner *r, int64_t now) {
  while (r->delayed && r->delayed->due_ms <= now) {
    awsmap__call *c = r->delayed;
    r->delayed = c->next;
    push_tail(&r->ready_head, &r->ready_tail, c); /* retries go before new work */
  }
  while (r->running_count < r->max_in_flight) {
    awsmap__call *c = pop_head(&r->ready_head, &r->ready_tail);
    if (!c)
      c = pop_pending(r);
    if (!c)
      break;
    awsmap__call_start(c); /* on failure it finishes (and may queue more) */
  }
}

static void reap(awsmap__runner *r) {
  CURLMsg *m;
  int left;
  while ((m = curl_multi_info_read(r->multi, &left))) {
    if (m->msg != CURLMSG_DONE)
      continue;
    awsmap__call *c = NULL;
    CURLcode rc = m->data.result;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
    if (c)
      awsmap__call_complete(c, rc); /* m is invalid from here on */
  }
}

static long wait_ms(const awsmap__runner *r, bool private_runner, int64_t now) {
  long wait = private_runner ? PRIVATE_IDLE_WAIT_MS : IDLE_WAIT_MS;
  if ((r->ready_head || r->pending_head) && r->running_count < r->max_in_flight)
    return 0;
  if (r->delayed) {
    int64_t left = r->delayed->due_ms - now;
    if (left < wait)
      wait = left > 0 ? (long)left : 0;
  }
  if (r->timer_due_ms >= 0) { /* curl's own timeouts: connects, stalls, new transfers */
    int64_t left = r->timer_due_ms - now;
    if (left < wait)
      wait = left > 0 ? (long)left : 0;
  }
  return wait;
}

/* Runs curl's due timers; false on a multi-handle failure (*mc set). */
static bool run_timers(awsmap__runner *r, int64_t now, CURLMcode *mc) {
  if (r->timer_due_ms < 0 || r->timer_due_ms > now)
    return true;
  r->timer_due_ms = -1; /* curl sets the next one from inside the call */
  int still = 0;
  *mc = curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &still);
  return *mc == CURLM_OK;
}

/* Hands curl the ready sockets of urgent transfers (or of the others). After
 * each, a page just read may have named its next page or follow-up calls:
 * they start at once, before the other answers are read (a big page costs
 * milliseconds to decode), so their latency starts as early as it can. */
static bool dispatch(awsmap__runner *r, int ready, bool urgent, CURLMcode *mc) {
  for (int i = 0; i < ready; i++) {
    const awsmap__ready *s = &r->watch.ready[i];
    if (s->urgent != urgent)
      continue;
    int still = 0;
    *mc = curl_multi_socket_action(r->multi, s->fd, s->events, &still);
    if (*mc != CURLM_OK)
      return false;
    reap(r);
    if ((r->pending_head || r->ready_head) && r->running_count < r->max_in_flight) {
      start_due(r, awsmap__monotonic_ms());
      if (!run_timers(r, awsmap__monotonic_ms(), mc))
        return false;
    }
  }
  return true;
}

/* Sleeps until a watched socket is ready, the wake pipe is written or `wait`
 * ms pass, then hands each ready socket to curl, urgent transfers first. */
static bool wait_and_dispatch(awsmap__http_engine *e, awsmap__runner *r, long wait,
                              CURLMcode *mc) {
  bool woken = false;
  int ready = awsmap__watch_wait(&r->watch, e->wake[0], wait, &woken);
  if (ready < 0) {
    *mc = CURLM_OUT_OF_MEMORY; /* the only way a wait fails: no memory or no descriptors */
    return false;
  }
  if (woken) {
    char drain[64];
    while (read(e->wake[0], drain, sizeof drain) > 0)
      ;
  }
  if (ready == 0 && !woken) {
    /* a quiet wait: let curl check its timers too, so a timeout it did not
     * report again (it only reports changes) cannot stall a transfer */
    int still = 0;
    *mc = curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &still);
    return *mc == CURLM_OK;
  }
  /* curl may change the watch set while handling a socket: the ready ones
   * were copied out by the wait, and a stale one is ignored by curl */
  return dispatch(r, ready, true, mc) && dispatch(r, ready, false, mc);
}

/* The engine whose run this thread is inside, outermost first: a credentials
 * provider fetching from inside a call (an AssumeRole before signing) runs
 * its own engine, and a cancel of the outer run must reach that one too. */
static _Thread_local const awsmap__http_engine *outer_run;

bool awsmap__http_cancel_requested(const awsmap__http_engine *e) {
  return atomic_load(&e->cancelled) || (outer_run && atomic_load(&outer_run->cancelled));
}

awsmap_status awsmap__runner_run(awsmap__http_engine *e, awsmap__runner *r) {
  if (r->active)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_engine_run",
                             "the engine is already running (called from one of its callbacks?)");
  r->active = true;
  const awsmap__http_engine *saved_outer = outer_run;
  if (!outer_run)
    outer_run = e;
  awsmap_status result = AWSMAP_OK;
  bool private_runner = r != &e->main;
  for (;;) {
    if (awsmap__http_cancel_requested(e)) {
      finish_all(r, AWSMAP_ERR_CANCELLED, "cancelled");
      result = AWSMAP_ERR_CANCELLED;
      if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
        break;
      continue;
    }
    int64_t now = awsmap__monotonic_ms();
    start_due(r, now);
    if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
      break;
    CURLMcode mc = CURLM_OK;
    bool ok = run_timers(r, now, &mc);
    if (ok) {
      reap(r);
      if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
        break;
      now = awsmap__monotonic_ms();
      long wait = wait_ms(r, private_runner, now);
      if (wait > 0 || r->running)
        ok = wait_and_dispatch(e, r, wait, &mc);
      if (ok)
        reap(r);
    }
    if (!ok) {
      finish_all(r, AWSMAP_ERR_INTERNAL, curl_multi_strerror(mc));
      result = awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine_run", "curl: %s",
                                 curl_multi_strerror(mc));
      break;
    }
  }
  r->active = false;
  outer_run = saved_outer;
  return result;
}

awsmap_status awsmap__aws_submit(awsmap__http_engine *e, const awsmap__aws_request *req,
                                 const awsmap__aws_handler *h, void *ctx) {
  if (!e)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit", "engine is NULL");
  e->main_cleanup = main_cleanup;
  return awsmap__runner_submit(e, &e->main, req, h, ctx);
}

awsmap_status awsmap__http_engine_run(awsmap__http_engine *e) {
  if (!e)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_engine_run", "engine is NULL");
  return awsmap__runner_run(e, &e->main);
}
