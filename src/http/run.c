/* Driving calls: the queues, the multi loop with its backoff timers, cancellation. */
#include "http/call.h"

#include <string.h>

/* How long a loop iteration may sleep when nothing is due; cancellation of private runners
 * (which curl_multi_wakeup does not reach) is noticed within this. */
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

void awsmap__runner_push_pending(awsmap__runner *r, awsmap__call *c) {
  push_tail(&r->pending_head, &r->pending_tail, c);
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

awsmap_status awsmap__runner_init(awsmap__runner *r, unsigned max_in_flight) {
  memset(r, 0, sizeof *r);
  r->max_in_flight = max_in_flight ? max_in_flight : 1;
  if (!(r->multi = curl_multi_init()))
    return awsmap__error_nomem("http_engine");
  return AWSMAP_OK;
}

/* Ends every call still queued or running with status (on_done is still owed to each). */
static void finish_all(awsmap__runner *r, awsmap_status st, const char *why) {
  for (;;) {
    awsmap__call *c = r->running;
    if (c)
      awsmap__call_detach(c);
    else if ((c = pop_head(&r->ready_head, &r->ready_tail)) ||
             (c = pop_head(&r->pending_head, &r->pending_tail)))
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
  if (r != &e->main && r->multi) /* the engine's own multi is freed with the engine */
    curl_multi_cleanup(r->multi);
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
      c = pop_head(&r->pending_head, &r->pending_tail);
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

static long wait_ms(const awsmap__runner *r, bool private_runner) {
  long wait = private_runner ? PRIVATE_IDLE_WAIT_MS : IDLE_WAIT_MS;
  if ((r->ready_head || r->pending_head) && r->running_count < r->max_in_flight)
    return 0;
  if (r->delayed) {
    int64_t left = r->delayed->due_ms - awsmap__monotonic_ms();
    if (left < wait)
      wait = left > 0 ? (long)left : 0;
  }
  return wait;
}

awsmap_status awsmap__runner_run(awsmap__http_engine *e, awsmap__runner *r) {
  if (r->active)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_engine_run",
                             "the engine is already running (called from one of its callbacks?)");
  r->active = true;
  awsmap_status result = AWSMAP_OK;
  bool private_runner = r != &e->main;
  for (;;) {
    if (atomic_load(&e->cancelled)) {
      finish_all(r, AWSMAP_ERR_CANCELLED, "cancelled");
      result = AWSMAP_ERR_CANCELLED;
      if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
        break;
      continue;
    }
    start_due(r, awsmap__monotonic_ms());
    if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
      break;
    int still = 0;
    CURLMcode mc = curl_multi_perform(r->multi, &still);
    if (mc != CURLM_OK) {
      finish_all(r, AWSMAP_ERR_INTERNAL, curl_multi_strerror(mc));
      result = awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_engine_run", "curl: %s",
                                 curl_multi_strerror(mc));
      break;
    }
    reap(r);
    if (!r->running && !r->pending_head && !r->ready_head && !r->delayed)
      break;
    long wait = wait_ms(r, private_runner);
    if (wait > 0 || r->running)
      /* also wakes for curl's own timers and for awsmap__http_engine_cancel */
      curl_multi_poll(r->multi, NULL, 0, (int)wait, NULL);
  }
  r->active = false;
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
