/* One AWS call, synchronously: a private runner, so it also works from inside a callback
 * of a running engine (e.g. a credentials provider calling STS while discovery runs). */
#include "http/call.h"

typedef struct sync_call {
  awsmap_credentials *creds;
  awsmap__buf *body;
  size_t body_start;
  bool done;
  awsmap_status status;
  awsmap_error error;
} sync_call;

/* The body may hold credentials (STS AssumeRole): grown without leaving
 * copies behind in freed memory. */
static awsmap_status on_data(void *ctx, const char *data, size_t len) {
  sync_call *s = ctx;
  return awsmap__buf_put_secret(s->body, data, len) == AWSMAP_OK
             ? AWSMAP_OK
             : awsmap__error_nomem("aws_perform");
}

static void on_reset(void *ctx) {
  sync_call *s = ctx;
  awsmap__buf_truncate(s->body, s->body_start);
}

static void on_done(void *ctx, awsmap_status status, const awsmap_error *error) {
  sync_call *s = ctx;
  s->done = true;
  s->status = status;
  if (error)
    awsmap__error_copy(&s->error, error);
}

static awsmap_status get_credentials(void *ctx, awsmap_credentials **out) {
  sync_call *s = ctx;
  *out = awsmap_credentials_acquire(s->creds);
  return AWSMAP_OK;
}

awsmap_status awsmap__aws_perform(awsmap__http_engine *e, const awsmap__aws_request *req,
                                  awsmap_credentials *creds, awsmap__buf *body) {
  if (!e || !req || !body)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_perform",
                             "engine, request and body are required");
  if (!req->unsigned_request && !creds)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_perform",
                             "%s %s: a signed request needs credentials",
                             req->service ? req->service : "?", req->operation ? req->operation : "?");
  sync_call s = {creds, body, body->len, false, AWSMAP_OK, {0}};
  awsmap__aws_handler h = {on_data, on_reset, on_done, creds ? get_credentials : NULL};
  awsmap__runner r;
  awsmap_status st = awsmap__runner_init(&r, 1);
  if (st == AWSMAP_OK)
    st = awsmap__runner_submit(e, &r, req, &h, &s);
  if (st == AWSMAP_OK)
    (void)awsmap__runner_run(e, &r); /* the call's own outcome is in s */
  awsmap__runner_cleanup(e, &r);
  if (st != AWSMAP_OK)
    return st;
  if (!s.done)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "aws_perform", "call did not complete");
  if (s.status != AWSMAP_OK) {
    awsmap__buf_truncate(body, s.body_start);
    awsmap__error_copy(awsmap__error_tls(), &s.error);
    return s.status;
  }
  awsmap__error_clear();
  return AWSMAP_OK;
}
