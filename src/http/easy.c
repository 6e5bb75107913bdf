/* Easy handles: the options every transfer shares, and the pool that reuses them. */
#include "http/internal.h"

#include <string.h>

/* Checked by curl during transfers, so a cancel from another thread stops them. */
static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow) {
  awsmap__http_engine *e = userdata;
  return awsmap__http_cancel_requested(e) ? 1 : 0;
}

CURL *awsmap__http_easy_take(awsmap__http_engine *e) {
  if (e->pool_len)
    return e->pool[--e->pool_len];
  return curl_easy_init();
}

void awsmap__http_easy_give(awsmap__http_engine *e, CURL *easy) {
  if (!easy)
    return;
  /* reset keeps the handle's connections and caches; the options start over */
  curl_easy_reset(easy);
  if (e->pool_len == e->pool_cap) {
    size_t cap = e->pool_cap ? e->pool_cap * 2 : 8;
    CURL **p = awsmap__realloc(e->pool, cap * sizeof *p);
    if (!p) {
      curl_easy_cleanup(easy);
      return;
    }
    e->pool = p;
    e->pool_cap = cap;
  }
  e->pool[e->pool_len++] = easy;
}

#define SETOPT(h, opt, val)                                                                    \
  do {                                                                                         \
    if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK)                                       \
      return awsmap__error_set(AWSMAP_ERR_INTERNAL, "http", "curl rejected option %s", #opt); \
  } while (0)

awsmap_status awsmap__http_easy_setup(awsmap__http_engine *e, CURL *h, long connect_ms,
                                      long timeout_ms) {
  if (connect_ms <= 0)
    connect_ms = e->connect_timeout_ms;
  if (timeout_ms <= 0)
    timeout_ms = e->request_timeout_ms;
  SETOPT(h, CURLOPT_NOSIGNAL, 1L);
  SETOPT(h, CURLOPT_SHARE, e->share);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
  SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
  SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  SETOPT(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  SETOPT(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  /* A redirect from an AWS endpoint is an error to report, not a place to send credentials. */
  SETOPT(h, CURLOPT_FOLLOWLOCATION, 0L);
  /* Send the path exactly as signed: no dot-segment squashing. */
  SETOPT(h, CURLOPT_PATH_AS_IS, 1L);
  SETOPT(h, CURLOPT_USERAGENT, AWSMAP__HTTP_USER_AGENT);
  SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  SETOPT(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  /* A stalled peer (less than 1 byte/s) fails well before the total timeout. */
  long stall_s = timeout_ms / 1000 < 30 ? timeout_ms / 1000 : 30;
  SETOPT(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  SETOPT(h, CURLOPT_LOW_SPEED_TIME, stall_s > 0 ? stall_s : 1L);
  /* No TCP keep-alive probes (botocore's default too): calls are short, a stall
   * is caught above, and curl checks a pooled connection before reusing it.
   * They cost three setsockopt() calls per connection, and a discovery opens
   * hundreds. */
  SETOPT(h, CURLOPT_SSL_VERIFYPEER, e->verify_tls ? 1L : 0L);
  SETOPT(h, CURLOPT_SSL_VERIFYHOST, e->verify_tls ? 2L : 0L);
  if (e->ca_bundle)
    SETOPT(h, CURLOPT_CAINFO, e->ca_bundle);
  SETOPT(h, CURLOPT_NOPROGRESS, 0L);
  SETOPT(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  SETOPT(h, CURLOPT_XFERINFODATA, e);
  /* No CURLOPT_PROXY: libcurl's own http_proxy/https_proxy/no_proxy handling stays on. */
  return AWSMAP_OK;
}

awsmap_status awsmap__http_slist_add(struct curl_slist **list, const char *name,
                                     const char *value) {
  awsmap__buf line = AWSMAP__BUF_INIT;
  awsmap_status st = value && *value ? awsmap__buf_printf(&line, "%s: %s", name, value)
                                     : awsmap__buf_printf(&line, "%s;", name); /* empty value */
  if (st == AWSMAP_OK) {
    struct curl_slist *n = curl_slist_append(*list, line.ptr);
    if (n)
      *list = n;
    else
      st = awsmap__error_nomem("http");
  }
  /* header lines may hold tokens */
  awsmap__buf_dispose_secret(&line);
  return st;
}

void awsmap__http_slist_wipe(struct curl_slist *list) {
  for (struct curl_slist *l = list; l; l = l->next)
    if (l->data)
      awsmap__secure_zero(l->data, strlen(l->data));
}

void awsmap__http_slist_free(struct curl_slist *list) {
  awsmap__http_slist_wipe(list);
  curl_slist_free_all(list);
}

static awsmap_status slist_raw(struct curl_slist **list, const char *line) {
  struct curl_slist *n = curl_slist_append(*list, line);
  if (!n)
    return awsmap__error_nomem("http");
  *list = n;
  return AWSMAP_OK;
}

awsmap_status awsmap__http_easy_method(CURL *h, const char *method, const void *body,
                                       size_t body_len, bool has_content_type,
                                       struct curl_slist **hdrs) {
  if (strcmp(method, "GET") == 0) {
    SETOPT(h, CURLOPT_HTTPGET, 1L);
    return AWSMAP_OK;
  }
  if (strcmp(method, "HEAD") == 0) {
    SETOPT(h, CURLOPT_NOBODY, 1L);
    return AWSMAP_OK;
  }
  SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  SETOPT(h, CURLOPT_POSTFIELDS, body_len ? body : "");
  if (strcmp(method, "POST") != 0)
    SETOPT(h, CURLOPT_CUSTOMREQUEST, method);
  /* No 100-continue round trip, and no form Content-Type curl would invent. */
  awsmap_status st = slist_raw(hdrs, "Expect:");
  if (st == AWSMAP_OK && !has_content_type)
    st = slist_raw(hdrs, "Content-Type:");
  return st;
}

bool awsmap__http_collect_header(awsmap__buf *buf, const char *line, size_t len) {
  if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
    awsmap__buf_clear(buf); /* a new response (after 1xx or a proxy CONNECT) */
    return true;
  }
  if (len == 0 || line[0] == '\r' || line[0] == '\n')
    return true;
  if (len > AWSMAP__HTTP_HEADERS_CAP - buf->len || buf->len > AWSMAP__HTTP_HEADERS_CAP)
    return false;
  (void)awsmap__buf_put(buf, line, len); /* a lost header only costs a lookup */
  return true;
}

void awsmap__http_trace_headers(const char *what, const char *raw, size_t len) {
  if (!awsmap__log_enabled(AWSMAP_LOG_TRACE))
    return;
  const char *p = raw, *end = raw + len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
      n--;
    if (n)
      AWSMAP__TRACE("http", "%s %.*s", what, (int)n, p);
    p = eol ? eol + 1 : end;
  }
}
