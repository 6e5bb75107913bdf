/* Plain synchronous HTTP for the credential endpoints (IMDS, container, SSO portal): no
 * signing, no retries; the caller decides what a status means. */
#include "http/internal.h"

#include <string.h>

typedef struct sync_transfer {
  awsmap__http_response *resp;
  size_t cap;
  bool too_large, headers_too_large, nomem;
} sync_transfer;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata) {
  sync_transfer *t = userdata;
  size_t n = size * nmemb;
  if (t->resp->body.len + n > t->cap) {
    t->too_large = true;
    return 0; /* makes curl fail with CURLE_WRITE_ERROR */
  }
  /* IMDS, container and SSO answers carry credentials: no stale copies on growth */
  if (awsmap__buf_put_secret(&t->resp->body, data, n) != AWSMAP_OK) {
    t->nomem = true;
    return 0;
  }
  return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata) {
  sync_transfer *t = userdata;
  if (!awsmap__http_collect_header(&t->resp->headers, data, size * nmemb)) {
    t->headers_too_large = true;
    return 0; /* CURLE_WRITE_ERROR */
  }
  return size * nmemb;
}

static bool has_header(const awsmap__http_request *req, const char *name) {
  for (size_t i = 0; i < req->header_count; i++)
    if (req->headers[i].name && awsmap__strcasecmp(req->headers[i].name, name) == 0)
      return true;
  return false;
}

static awsmap_status configure(awsmap__http_engine *e, CURL *h, const awsmap__http_request *req,
                               sync_transfer *t, struct curl_slist **hdrs) {
  awsmap_status st = awsmap__http_easy_setup(e, h, req->connect_timeout_ms, req->timeout_ms);
  if (st != AWSMAP_OK)
    return st;
  if (curl_easy_setopt(h, CURLOPT_URL, req->url) != CURLE_OK)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform", "bad URL");
  /* IMDS, container and loopback endpoints: tokens never go to a proxy (see no_proxy.c) */
  bool local = false;
  if ((st = awsmap__http_url_is_local(req->url, &local)) != AWSMAP_OK)
    return st;
  if (local && curl_easy_setopt(h, CURLOPT_NOPROXY, "*") != CURLE_OK)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http_perform", "curl rejected CURLOPT_NOPROXY");
  for (size_t i = 0; i < req->header_count && st == AWSMAP_OK; i++)
    st = awsmap__http_slist_add(hdrs, req->headers[i].name, req->headers[i].value);
  if (st == AWSMAP_OK)
    st = awsmap__http_easy_method(h, req->method, req->body, req->body_len,
                                  has_header(req, "Content-Type"), hdrs);
  if (st != AWSMAP_OK)
    return st;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, *hdrs);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
  return AWSMAP_OK;
}

static awsmap_status validate(const awsmap__http_engine *e, const awsmap__http_request *req,
                              const awsmap__http_response *resp) {
  if (!e || !req || !resp || !req->url || !req->method || !*req->method)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform",
                             "engine, request, method, URL and response are required");
  if (!awsmap__str_starts_with(req->url, "http://") && !awsmap__str_starts_with(req->url, "https://"))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform",
                             "only http:// and https:// URLs are allowed");
  for (size_t i = 0; i < req->header_count; i++)
    if (!req->headers[i].name || strpbrk(req->headers[i].name, ":\r\n") ||
        (req->headers[i].value && strpbrk(req->headers[i].value, "\r\n")))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform", "malformed header %zu", i);
  if (req->body_len && !req->body)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform", "body_len without body");
  return AWSMAP_OK;
}

awsmap_status awsmap__http_perform(awsmap__http_engine *e, const awsmap__http_request *req,
                                   awsmap__http_response *resp) {
  awsmap_status st = validate(e, req, resp);
  if (st != AWSMAP_OK)
    return st;
  resp->status = 0;
  awsmap__buf_clear(&resp->body);
  awsmap__buf_clear(&resp->headers);
  if (atomic_load(&e->cancelled))
    return awsmap__error_set(AWSMAP_ERR_CANCELLED, "http_perform", "the engine was cancelled");
  CURL *h = awsmap__http_easy_take(e);
  if (!h)
    return awsmap__error_nomem("http_perform");
  sync_transfer t = {resp, e->max_response_bytes, false, false, false};
  struct curl_slist *hdrs = NULL;
  int64_t started = awsmap__monotonic_ms();
  st = configure(e, h, req, &t, &hdrs);
  if (st == AWSMAP_OK) {
    if (awsmap__log_enabled(AWSMAP_LOG_TRACE)) {
      AWSMAP__TRACE("http", "> %s %s", req->method, req->url);
      for (struct curl_slist *l = hdrs; l; l = l->next)
        AWSMAP__TRACE("http", "> %s", l->data);
    }
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    long ms = (long)(awsmap__monotonic_ms() - started);
    if (rc == CURLE_OK) {
      AWSMAP__DEBUG("http", "%s %s -> HTTP %ld, %zu bytes, %ld ms", req->method, req->url,
                    resp->status, resp->body.len, ms);
      awsmap__http_trace_headers("<", resp->headers.ptr, resp->headers.len);
    } else if (t.too_large) {
      st = awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "http_perform",
                             "%s %s: response larger than %zu bytes", req->method, req->url, t.cap);
    } else if (t.headers_too_large) {
      st = awsmap__error_set(AWSMAP_ERR_TOO_LARGE, "http_perform",
                             "%s %s: response headers larger than %zu bytes", req->method, req->url,
                             AWSMAP__HTTP_HEADERS_CAP);
    } else if (t.nomem) {
      st = awsmap__error_nomem("http_perform");
    } else {
      st = awsmap__error_set(awsmap__http_curl_status(rc), "http_perform", "%s %s: %s (after %ld ms)",
                             req->method, req->url, curl_easy_strerror(rc), ms);
    }
  }
  awsmap__http_slist_free(hdrs); /* lines may hold tokens */
  awsmap__http_easy_give(e, h);
  return st;
}
