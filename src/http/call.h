/* One AWS call inside the engine: the copied request and the state of its current attempt. */
#ifndef AWSMAP_HTTP_CALL_H
#define AWSMAP_HTTP_CALL_H

#include "http/internal.h"

struct awsmap__call {
  awsmap__call *next, *prev; /* queue links (prev only in the running list) */
  awsmap__http_engine *e;
  awsmap__runner *r;
  /* the request, copied at submit */
  char *service, *region, *signing_region, *operation, *label, *method, *query, *content_type;
  char *body;
  size_t body_len;
  awsmap__header *headers;
  size_t header_count;
  awsmap__protocol protocol;
  bool unsigned_request, s3, urgent;
  awsmap__aws_handler h;
  void *ctx;
  /* where it goes, resolved once */
  awsmap__buf url, path, host;
  /* the current attempt */
  unsigned attempt;
  int64_t due_ms, started_ms;
  int64_t signed_skew_s; /* the clock correction this attempt was signed with */
  CURL *easy;
  struct curl_slist *hdrs;
  long http_status;
  bool status_known, too_large, headers_too_large;
  awsmap_status data_status; /* what on_data returned, when it stopped the transfer */
  size_t bytes;
  awsmap__buf err_body, resp_headers;
  unsigned retry_cost; /* tokens the last retry took, refunded on success */
  awsmap_error error;
};

awsmap_status awsmap__call_new(awsmap__http_engine *e, awsmap__runner *r,
                               const awsmap__aws_request *req, const awsmap__aws_handler *h,
                               void *ctx, awsmap__call **out);
void awsmap__call_free(awsmap__call *c);
/* Signs and hands the attempt to the multi handle. On failure the call is already finished. */
void awsmap__call_start(awsmap__call *c);
/* The transfer ended: finishes the call or schedules its retry. */
void awsmap__call_complete(awsmap__call *c, CURLcode rc);
/* Ends the call: on_done, then free. */
void awsmap__call_finish(awsmap__call *c, awsmap_status st);
/* Takes a running call out of the multi handle (for cancellation). */
void awsmap__call_detach(awsmap__call *c);

/* run.c: queue operations */
void awsmap__runner_push_pending(awsmap__runner *r, awsmap__call *c);
void awsmap__runner_push_delayed(awsmap__runner *r, awsmap__call *c);
void awsmap__runner_add_running(awsmap__runner *r, awsmap__call *c);
void awsmap__runner_remove_running(awsmap__runner *r, awsmap__call *c);

#endif
