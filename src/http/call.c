/* The life of one AWS call: copy, resolve, sign each attempt, stream, classify, retry. */
#include "http/call.h"
#include "sigv4/sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, bool *ok) {
  if (!s)
    return NULL;
  char *d = awsmap__strdup(s);
  if (!d)
    *ok = false;
  return d;
}

void awsmap__call_free(awsmap__call *c) {
  if (!c)
    return;
  awsmap__free(c->service);
  awsmap__free(c->region);
  awsmap__free(c->signing_region);
  awsmap__free(c->operation);
  awsmap__free(c->label);
  awsmap__free(c->method);
  awsmap__free(c->query);
  awsmap__free(c->content_type);
  if (c->body)
    awsmap__secure_zero(c->body, c->body_len); /* STS bodies can carry web identity tokens */
  awsmap__free(c->body);
  for (size_t i = 0; i < c->header_count; i++) {
    awsmap__free((char *)c->headers[i].name);
    awsmap__free_secret((char *)c->headers[i].value); /* e.g. an SSO bearer token */
  }
  awsmap__free(c->headers);
  awsmap__buf_dispose(&c->url);
  awsmap__buf_dispose(&c->path);
  awsmap__buf_dispose(&c->host);
  awsmap__buf_dispose(&c->err_body);
  awsmap__buf_dispose(&c->resp_headers);
  awsmap__http_slist_free(c->hdrs); /* Authorization, X-Amz-Security-Token, ... */
  awsmap__free(c);
}

static awsmap_status copy_request(awsmap__call *c, const awsmap__aws_request *req) {
  bool ok = true;
  c->service = dup_or_null(req->service, &ok);
  c->region = dup_or_null(req->region ? req->region : "", &ok);
  /* the global endpoints sign for us-east-1 */
  c->signing_region = dup_or_null(req->region && strcmp(req->region, "aws-global") != 0
                                      ? req->region : "us-east-1", &ok);
  c->operation = dup_or_null(req->operation ? req->operation : "request", &ok);
  c->method = dup_or_null(req->method ? req->method : "GET", &ok);
  c->query = dup_or_null(req->query && *req->query ? req->query : NULL, &ok);
  c->content_type = dup_or_null(req->content_type, &ok);
  if (ok && req->body_len) {
    c->body = awsmap__malloc(req->body_len);
    if (c->body) {
      memcpy(c->body, req->body, req->body_len);
      c->body_len = req->body_len;
    } else {
      ok = false;
    }
  }
  if (ok && req->header_count) {
    c->headers = awsmap__calloc(req->header_count, sizeof *c->headers);
    ok = c->headers != NULL;
    for (size_t i = 0; ok && i < req->header_count; i++) {
      c->headers[i].name = dup_or_null(req->headers[i].name, &ok);
      c->headers[i].value = dup_or_null(req->headers[i].value ? req->headers[i].value : "", &ok);
      c->header_count = i + 1;
    }
  }
  if (ok) {
    awsmap__buf label = AWSMAP__BUF_INIT;
    ok = awsmap__buf_printf(&label, "%s:%s", c->service, c->operation) == AWSMAP_OK;
    c->label = ok ? awsmap__buf_detach(&label) : NULL;
    awsmap__buf_dispose(&label);
  }
  c->protocol = req->protocol;
  c->unsigned_request = req->unsigned_request;
  c->urgent = req->urgent;
  c->s3 = ok && strcmp(c->service, "s3") == 0; /* a failed copy left it NULL */
  return ok ? AWSMAP_OK : awsmap__error_nomem("aws_submit");
}

static awsmap_status validate(const awsmap__aws_request *req) {
  if (!req->service || !*req->service || !req->operation || !req->method || !*req->method)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit",
                             "service, operation and method are required");
  if (req->body_len && !req->body)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit", "body_len without body");
  const char *parts[] = {req->path, req->query, req->method};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(parts); i++)
    if (parts[i] && strpbrk(parts[i], " \r\n#"))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit",
                               "%s %s: path, query and method must be encoded", req->service,
                               req->operation);
  if (req->content_type && strpbrk(req->content_type, "\r\n"))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit", "malformed content type");
  for (size_t i = 0; i < req->header_count; i++)
    if (!req->headers[i].name || strpbrk(req->headers[i].name, ":\r\n") ||
        (req->headers[i].value && strpbrk(req->headers[i].value, "\r\n")))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit", "malformed header %zu", i);
  return AWSMAP_OK;
}

/* URL, wire path and Host header, fixed for every attempt. */
static awsmap_status locate(awsmap__call *c, const awsmap__aws_request *req) {
  awsmap__http_engine *e = c->e;
  awsmap__endpoint_options o = {awsmap__http_engine_override(e, c->service), e->use_fips,
                                e->use_dualstack, e->s3_path_style};
  awsmap__endpoint ep = {0};
  awsmap_status st = awsmap__endpoint_resolve(&o, c->service, req->region, req->bucket, &ep);
  const char *path = req->path && *req->path ? req->path : "/";
  if (st == AWSMAP_OK)
    st = awsmap__buf_put(&c->path, awsmap__buf_cstr(&ep.base_path), ep.base_path.len);
  if (st == AWSMAP_OK && ep.bucket_in_path) {
    st = awsmap__buf_putc(&c->path, '/');
    if (st == AWSMAP_OK)
      st = awsmap__uri_encode(&c->path, req->bucket, strlen(req->bucket), false);
    if (strcmp(path, "/") == 0)
      path = ""; /* "/bucket", as the SDKs send bucket-level operations */
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(&c->path, path);
  if (st == AWSMAP_OK && c->path.len == 0)
    st = awsmap__buf_putc(&c->path, '/');
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(&c->host, awsmap__buf_cstr(&ep.host));
  if (st == AWSMAP_OK) {
    /* base = scheme://authority + base_path */
    size_t origin = ep.base.len - ep.base_path.len;
    st = awsmap__buf_printf(&c->url, "%.*s%s%s%s", (int)origin, ep.base.ptr, c->path.ptr,
                            c->query ? "?" : "", c->query ? c->query : "");
  }
  awsmap__endpoint_dispose(&ep);
  /* the buffer calls return NOMEM without a message */
  return st == AWSMAP_ERR_NOMEM ? awsmap__error_nomem("aws_submit") : st;
}

awsmap_status awsmap__call_new(awsmap__http_engine *e, awsmap__runner *r,
                               const awsmap__aws_request *req, const awsmap__aws_handler *h,
                               void *ctx, awsmap__call **out) {
  *out = NULL;
  if (!req || !h || !h->on_done)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit", "request and on_done are required");
  if (!req->unsigned_request && !h->get_credentials)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "aws_submit",
                             "a signed request needs get_credentials");
  awsmap_status st = validate(req);
  if (st != AWSMAP_OK)
    return st;
  awsmap__call *c = awsmap__calloc(1, sizeof *c);
  if (!c)
    return awsmap__error_nomem("aws_submit");
  c->e = e;
  c->r = r;
  c->h = *h;
  c->ctx = ctx;
  if ((st = copy_request(c, req)) == AWSMAP_OK && (st = locate(c, req)) == AWSMAP_OK) {
    *out = c;
    return AWSMAP_OK;
  }
  awsmap__call_free(c);
  return st;
}

/* ---- one attempt -------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata) {
  awsmap__call *c = userdata;
  size_t n = size * nmemb;
  if (!c->status_known) {
    curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &c->http_status);
    c->status_known = true;
  }
  if (c->bytes + n > c->e->max_response_bytes) {
    c->too_large = true;
    return 0;
  }
  c->bytes += n;
  if (c->http_status < 200 || c->http_status > 299) {
    /* error bodies are small; keep the head of anything bigger */
    size_t room = AWSMAP__HTTP_ERROR_BODY_CAP - c->err_body.len;
    if (room)
      (void)awsmap__buf_put(&c->err_body, data, n < room ? n : room);
    return n;
  }
  if (c->h.on_data) {
    awsmap_status st = c->h.on_data(c->ctx, data, n);
    if (st != AWSMAP_OK) {
      c->data_status = st;
      awsmap__error_copy(&c->error, awsmap__error_tls());
      return 0;
    }
  }
  return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata) {
  awsmap__call *c = userdata;
  if (size * nmemb >= 5 && memcmp(data, "HTTP/", 5) == 0)
    c->status_known = false; /* a 1xx came first */
  if (!awsmap__http_collect_header(&c->resp_headers, data, size * nmemb)) {
    c->too_large = c->headers_too_large = true;
    return 0; /* CURLE_WRITE_ERROR */
  }
  return size * nmemb;
}

static awsmap_status sign(awsmap__call *c, const awsmap_credentials *creds) {
  size_t n = 0;
  awsmap__header hs[40];
  if (c->header_count + 2 > AWSMAP__ARRAY_LEN(hs))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, c->label, "too many headers");
  hs[n++] = (awsmap__header){"Host", c->host.ptr};
  if (c->content_type)
    hs[n++] = (awsmap__header){"Content-Type", c->content_type};
  for (size_t i = 0; i < c->header_count; i++)
    hs[n++] = c->headers[i];
  const char *q = c->query;
  c->signed_skew_s = c->e->skew_s;
  awsmap__sigv4_input in = {c->method, c->path.ptr, q, hs, n, c->body, c->body_len, NULL,
                            c->signing_region, c->service, awsmap__now() + c->signed_skew_s, c->s3};
  awsmap__sigv4_output out;
  memset(&out, 0, sizeof out);
  awsmap_status st = awsmap__sigv4_sign_headers(&in, creds, &out);
  if (st == AWSMAP_OK)
    st = awsmap__http_slist_add(&c->hdrs, "X-Amz-Date", out.amz_date);
  const char *token = awsmap_credentials_session_token(creds);
  if (st == AWSMAP_OK && token && *token)
    st = awsmap__http_slist_add(&c->hdrs, "X-Amz-Security-Token", token);
  if (st == AWSMAP_OK && c->s3)
    st = awsmap__http_slist_add(&c->hdrs, "x-amz-content-sha256", out.payload_hash);
  if (st == AWSMAP_OK)
    st = awsmap__http_slist_add(&c->hdrs, "Authorization", awsmap__buf_cstr(&out.authorization));
  awsmap__sigv4_output_dispose(&out);
  return st;
}

static awsmap_status build_headers(awsmap__call *c) {
  awsmap_status st = awsmap__http_slist_add(&c->hdrs, "Host", c->host.ptr);
  if (st == AWSMAP_OK && c->content_type)
    st = awsmap__http_slist_add(&c->hdrs, "Content-Type", c->content_type);
  for (size_t i = 0; st == AWSMAP_OK && i < c->header_count; i++)
    st = awsmap__http_slist_add(&c->hdrs, c->headers[i].name, c->headers[i].value);
  if (st != AWSMAP_OK || c->unsigned_request)
    return st;
  awsmap_credentials *creds = NULL;
  st = c->h.get_credentials(c->ctx, &creds);
  if (st == AWSMAP_OK && !creds)
    st = awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, c->label,
                           "no credentials to sign with");
  if (st == AWSMAP_OK)
    st = sign(c, creds);
  awsmap_credentials_release(creds);
  return st;
}

static awsmap_status configure(awsmap__call *c) {
  CURL *h = c->easy;
  awsmap_status st = awsmap__http_easy_setup(c->e, h, 0, 0);
  if (st == AWSMAP_OK)
    st = awsmap__http_easy_method(h, c->method, c->body, c->body_len, c->content_type != NULL,
                                  &c->hdrs);
  if (st != AWSMAP_OK)
    return st;
  if (curl_easy_setopt(h, CURLOPT_URL, c->url.ptr) != CURLE_OK)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, c->label, "bad URL %s", c->url.ptr);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->hdrs);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
  curl_easy_setopt(h, CURLOPT_PRIVATE, c);
  return AWSMAP_OK;
}

static void reset_attempt(awsmap__call *c) {
  awsmap__http_slist_free(c->hdrs); /* the last attempt's signature and token */
  c->hdrs = NULL;
  c->http_status = 0;
  c->status_known = c->too_large = c->headers_too_large = false;
  c->data_status = AWSMAP_OK;
  c->bytes = 0;
  awsmap__buf_clear(&c->err_body);
  awsmap__buf_clear(&c->resp_headers);
}

void awsmap__call_start(awsmap__call *c) {
  reset_attempt(c);
  c->attempt++;
  if (atomic_load(&c->e->cancelled)) {
    awsmap__call_finish(c, awsmap__error_set(AWSMAP_ERR_CANCELLED, c->label, "cancelled"));
    return;
  }
  awsmap_status st = build_headers(c);
  if (st == AWSMAP_OK && !(c->easy = awsmap__http_easy_take(c->e)))
    st = awsmap__error_nomem(c->label);
  if (st == AWSMAP_OK)
    st = configure(c);
  if (st == AWSMAP_OK && curl_multi_add_handle(c->r->multi, c->easy) != CURLM_OK)
    st = awsmap__error_set(AWSMAP_ERR_INTERNAL, c->label, "curl_multi_add_handle failed");
  if (st != AWSMAP_OK) {
    awsmap__error_copy(&c->error, awsmap__error_tls());
    awsmap__http_easy_give(c->e, c->easy);
    c->easy = NULL;
    awsmap__call_finish(c, st);
    return;
  }
  c->started_ms = awsmap__monotonic_ms();
  if (awsmap__log_enabled(AWSMAP_LOG_TRACE)) {
    AWSMAP__TRACE("http", "> %s %s (%s, attempt %u/%u)", c->method, c->url.ptr, c->label,
                  c->attempt, c->e->max_attempts);
    for (struct curl_slist *l = c->hdrs; l; l = l->next)
      AWSMAP__TRACE("http", "> %s", l->data);
  }
  awsmap__runner_add_running(c->r, c);
}

void awsmap__call_detach(awsmap__call *c) {
  if (!c->easy)
    return;
  curl_multi_remove_handle(c->r->multi, c->easy);
  awsmap__runner_remove_running(c->r, c);
  awsmap__http_easy_give(c->e, c->easy);
  c->easy = NULL;
}

void awsmap__call_finish(awsmap__call *c, awsmap_status st) {
  if (st != AWSMAP_OK && c->error.status == AWSMAP_OK) {
    /* nothing recorded for this call yet: take the thread's error */
    awsmap__error_copy(&c->error, awsmap__error_tls());
    c->error.status = st;
  }
  if (st != AWSMAP_OK && !c->error.operation[0])
    snprintf(c->error.operation, sizeof c->error.operation, "%s", c->label);
  c->h.on_done(c->ctx, st, st == AWSMAP_OK ? NULL : &c->error);
  awsmap__call_free(c);
}

/* ---- the end of an attempt ---------------------------------------------- */

/* True when the server's Date disagrees with our (corrected) clock; *server gets it. */
static bool clock_is_skewed(awsmap__call *c, int64_t *server, int64_t *local) {
  awsmap__buf date = AWSMAP__BUF_INIT;
  bool skewed = false;
  if (awsmap__http_header_find(c->resp_headers.ptr, c->resp_headers.len, "Date", &date) &&
      awsmap__time_parse_rfc1123(date.ptr, server) == AWSMAP_OK) {
    *local = awsmap__now();
    /* against the correction this attempt was signed with, not the engine's
     * current one: calls in flight when another answer corrected the clock
     * were still signed with the wrong time, and must be retried too */
    int64_t d = *server - (*local + c->signed_skew_s);
    skewed = d > AWSMAP__SKEW_THRESHOLD_S || d < -AWSMAP__SKEW_THRESHOLD_S;
  }
  awsmap__buf_dispose(&date);
  return skewed;
}

static awsmap_status fail_transport(awsmap__call *c, awsmap_status ts, CURLcode rc) {
  if (c->headers_too_large)
    return awsmap__error_set_aws(AWSMAP_ERR_TOO_LARGE, c->label, NULL, (int)c->http_status, NULL,
                                 "%s %s in %s: response headers larger than %zu bytes",
                                 c->service, c->operation, c->region, AWSMAP__HTTP_HEADERS_CAP);
  if (c->too_large)
    return awsmap__error_set_aws(AWSMAP_ERR_TOO_LARGE, c->label, NULL, (int)c->http_status, NULL,
                                 "%s %s in %s: response larger than %zu bytes", c->service,
                                 c->operation, c->region, c->e->max_response_bytes);
  return awsmap__error_set_aws(ts, c->label, NULL, (int)c->http_status, NULL,
                               "%s %s in %s: %s (%s, attempt %u/%u)", c->service, c->operation,
                               c->region, curl_easy_strerror(rc), c->host.ptr, c->attempt,
                               c->e->max_attempts);
}

static void log_done(awsmap__call *c, const char *code) {
  AWSMAP__DEBUG("http", "%s %s %s -> HTTP %ld%s%s, %zu bytes, %ld ms, attempt %u/%u", c->label,
                c->method, c->host.ptr, c->http_status, code && *code ? " " : "",
                code ? code : "", c->bytes, (long)(awsmap__monotonic_ms() - c->started_ms),
                c->attempt, c->e->max_attempts);
}

/* Schedules the next attempt, or says in *gave_up why not (for the final
 * error: "" when the failure is not one to retry). */
static bool schedule_retry(awsmap__call *c, awsmap__retry_kind kind, const char *why,
                           char gave_up[64]) {
  awsmap__http_engine *e = c->e;
  gave_up[0] = '\0';
  if (kind == AWSMAP__RETRY_NONE || atomic_load(&e->cancelled))
    return false;
  if (c->attempt >= e->max_attempts) {
    snprintf(gave_up, 64, "; gave up after attempt %u/%u", c->attempt, e->max_attempts);
    return false;
  }
  unsigned cost = 0;
  if (!awsmap__retry_quota_acquire(&e->quota, kind, &cost)) {
    AWSMAP__DEBUG("http", "%s: not retrying (%s): retry quota exhausted", c->label, why);
    snprintf(gave_up, 64, "; not retried: the client's retry quota is used up");
    return false;
  }
  c->retry_cost = cost;
  /* throttling backs off ten times longer (1 s base, botocore's standard
   * mode): the service asked for less, not for the same again soon */
  long base = kind == AWSMAP__RETRY_THROTTLE ? e->retry_base_ms * AWSMAP__RETRY_THROTTLE_FACTOR
                                             : e->retry_base_ms;
  long delay = kind == AWSMAP__RETRY_CLOCK_SKEW
                   ? 0
                   : awsmap__retry_backoff_ms(&e->rng, c->attempt, base, e->retry_cap_ms);
  AWSMAP__DEBUG("http", "retry %s attempt %u/%u after %s (%s) in %ld ms", c->label,
                c->attempt + 1, e->max_attempts, awsmap__retry_kind_str(kind), why, delay);
  if (c->h.on_reset)
    c->h.on_reset(c->ctx);
  c->due_ms = awsmap__monotonic_ms() + delay;
  awsmap__runner_push_delayed(c->r, c);
  return true;
}

static void complete_error_response(awsmap__call *c) {
  awsmap__buf code = AWSMAP__BUF_INIT, msg = AWSMAP__BUF_INIT, rid = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__aws_error_parse(c->protocol, c->err_body.ptr, c->err_body.len,
                                             &c->resp_headers, &code, &msg, &rid);
  if (st != AWSMAP_OK) {
    awsmap__buf_dispose(&code);
    awsmap__buf_dispose(&msg);
    awsmap__buf_dispose(&rid);
    awsmap__call_finish(c, st);
    return;
  }
  log_done(c, code.ptr);
  int64_t server = 0, local = 0;
  bool skewed = clock_is_skewed(c, &server, &local);
  awsmap__retry_kind kind = awsmap__retry_classify(AWSMAP_OK, c->http_status, code.ptr, skewed);
  if (kind == AWSMAP__RETRY_CLOCK_SKEW && c->attempt < c->e->max_attempts) {
    AWSMAP__DEBUG("http", "%s: server clock is %+lld s from ours; correcting signing time",
                  c->label, (long long)(server - local));
    c->e->skew_s = server - local;
  }
  char why[160], gave_up[64];
  snprintf(why, sizeof why, "HTTP %ld %s", c->http_status, code.len ? code.ptr : "");
  if (!schedule_retry(c, kind, why, gave_up)) {
    awsmap_status final = awsmap__aws_error_status(code.ptr, c->http_status);
    if (kind == AWSMAP__RETRY_THROTTLE)
      final = AWSMAP_ERR_THROTTLED;
    awsmap__error_set_aws(final, c->label, code.len ? code.ptr : NULL, (int)c->http_status,
                          rid.len ? rid.ptr : NULL, "%s %s in %s: HTTP %ld %s: %s (request id %s)%s",
                          c->service, c->operation, c->region, c->http_status,
                          code.len ? code.ptr : "(no code)", msg.len ? msg.ptr : "(no message)",
                          rid.len ? rid.ptr : "unknown", gave_up);
    awsmap__error_copy(&c->error, awsmap__error_tls());
    awsmap__call_finish(c, final);
  }
  awsmap__buf_dispose(&code);
  awsmap__buf_dispose(&msg);
  awsmap__buf_dispose(&rid);
}

void awsmap__call_complete(awsmap__call *c, CURLcode rc) {
  if (c->easy && !c->status_known)
    curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &c->http_status);
  awsmap__call_detach(c);
  awsmap__http_trace_headers("<", c->resp_headers.ptr, c->resp_headers.len);
  if (c->data_status != AWSMAP_OK) {
    /* the caller's parser said stop: its error stands, no retry */
    awsmap__call_finish(c, c->data_status);
    return;
  }
  awsmap_status ts = awsmap__http_curl_status(rc);
  if (rc == CURLE_ABORTED_BY_CALLBACK || atomic_load(&c->e->cancelled))
    ts = rc == CURLE_OK ? AWSMAP_OK : AWSMAP_ERR_CANCELLED;
  if (c->too_large)
    ts = AWSMAP_ERR_TOO_LARGE;
  if (ts != AWSMAP_OK) {
    log_done(c, curl_easy_strerror(rc));
    awsmap__retry_kind kind = awsmap__retry_classify(ts, c->http_status, NULL, false);
    char gave_up[64];
    if (!schedule_retry(c, kind, curl_easy_strerror(rc), gave_up)) {
      fail_transport(c, ts, rc);
      if (strstr(gave_up, "quota")) /* the attempt count is in the message already */
        awsmap__error_append(awsmap__error_tls(), "%s", gave_up);
      awsmap__error_copy(&c->error, awsmap__error_tls());
      awsmap__call_finish(c, ts);
    }
    return;
  }
  if (c->http_status >= 200 && c->http_status <= 299) {
    log_done(c, NULL);
    awsmap__retry_quota_release(&c->e->quota, c->retry_cost);
    awsmap__call_finish(c, AWSMAP_OK);
    return;
  }
  complete_error_response(c);
}
