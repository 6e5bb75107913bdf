/*
 * http internals shared by the module's files and its white-box tests.
 * Nothing here leaves src/http except through tests/unit/http.
 */
#ifndef AWSMAP_HTTP_INTERNAL_H
#define AWSMAP_HTTP_INTERNAL_H

#include "http/http.h"

#include <curl/curl.h>
#include <stdatomic.h>

#define AWSMAP__HTTP_DEFAULT_CONNECT_MS 3100
#define AWSMAP__HTTP_DEFAULT_TIMEOUT_MS 60000
#define AWSMAP__HTTP_DEFAULT_MAX_BYTES ((size_t)256 * 1024 * 1024)
#define AWSMAP__HTTP_DEFAULT_IN_FLIGHT 32
#define AWSMAP__HTTP_DEFAULT_ATTEMPTS 3
#define AWSMAP__HTTP_ERROR_BODY_CAP ((size_t)64 * 1024)
#define AWSMAP__HTTP_HEADERS_CAP ((size_t)64 * 1024) /* collected response header bytes */
#define AWSMAP__HTTP_USER_AGENT "libawsmap/" AWSMAP_VERSION_STRING

/* ---- env.c: configuration from the environment ---------------------- */

/* Non-empty value of an environment variable, or NULL. */
const char *awsmap__http_env(const char *name);
/* "true"/"false" (any case) or absent; anything else counts as false. */
bool awsmap__http_env_bool(const char *name);
/* AWS_ENDPOINT_URL_<SERVICE> for a signing name ("elasticloadbalancing" answers to both
 * ELASTIC_LOAD_BALANCING and ELASTIC_LOAD_BALANCING_V2), or NULL. */
const char *awsmap__http_env_service_endpoint(const char *service);

/* ---- endpoints.c ------------------------------------------------------ */

typedef struct awsmap__endpoint_options {
  const char *override_url;  /* per-service or global override, already chosen; NULL = none */
  bool fips, dualstack, s3_path_style;
} awsmap__endpoint_options;

typedef struct awsmap__endpoint {
  awsmap__buf base;      /* "https://host[:port][/base/path]" without trailing '/' */
  awsmap__buf host;      /* Host header value: lower-case host, ":port" unless the scheme's default */
  awsmap__buf base_path; /* path part of base ("" or "/base/path") */
  bool bucket_in_path;   /* S3 path-style: the bucket goes first in the path */
} awsmap__endpoint;

/* Partition DNS suffix of a region: "amazonaws.com", "amazonaws.com.cn". */
const char *awsmap__endpoint_dns_suffix(const char *region);
/* True when the bucket can be a DNS label under TLS (virtual-hosted style). */
bool awsmap__s3_bucket_virtual_ok(const char *bucket);
/* Fills ep (which must be zeroed) for service/region (and S3 bucket, may be NULL). */
awsmap_status awsmap__endpoint_resolve(const awsmap__endpoint_options *o, const char *service,
                                       const char *region, const char *bucket,
                                       awsmap__endpoint *ep);
void awsmap__endpoint_dispose(awsmap__endpoint *ep);
/* Splits a URL into base (no trailing '/'), host header and base path. */
awsmap_status awsmap__endpoint_from_url(const char *url, awsmap__endpoint *ep);

/* ---- retry.c: "standard" retry mode ---------------------------------- */

typedef enum awsmap__retry_kind {
  AWSMAP__RETRY_NONE = 0,      /* final: success or a non-retryable error */
  AWSMAP__RETRY_THROTTLE,      /* throttling codes, HTTP 429 */
  AWSMAP__RETRY_TRANSIENT,     /* 5xx, resets, truncated bodies, RequestTimeout */
  AWSMAP__RETRY_TIMEOUT,       /* connect/transfer timeouts (cost more tokens) */
  AWSMAP__RETRY_CLOCK_SKEW     /* server clock disagrees; corrected then retried */
} awsmap__retry_kind;

bool awsmap__retry_is_throttle_code(const char *code);
bool awsmap__retry_is_transient_code(const char *code);
bool awsmap__retry_is_skew_code(const char *code);
/* What to do with one attempt's outcome. transport is the transfer's status (AWSMAP_OK when an
 * HTTP response arrived whole); skewed says the server's Date is far from our corrected clock. */
awsmap__retry_kind awsmap__retry_classify(awsmap_status transport, long http_status,
                                          const char *aws_code, bool skewed);
const char *awsmap__retry_kind_str(awsmap__retry_kind k);

/* Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))] ms,
 * attempt >= 1 being the attempt that just failed. */
long awsmap__retry_backoff_ms(uint64_t *rng, unsigned attempt, long base_ms, long cap_ms);
uint64_t awsmap__rng_next(uint64_t *state);

#define AWSMAP__RETRY_QUOTA_MAX 500
#define AWSMAP__RETRY_COST 5
#define AWSMAP__RETRY_TIMEOUT_COST 10
#define AWSMAP__RETRY_SUCCESS_REFUND 1
#define AWSMAP__RETRY_BASE_MS 100
#define AWSMAP__RETRY_THROTTLE_FACTOR 10 /* throttles: 10x the base, 1 s (botocore's standard mode) */
#define AWSMAP__RETRY_CAP_MS 20000
#define AWSMAP__SKEW_THRESHOLD_S 240 /* like the SDKs: act on skews over 4 minutes */

typedef struct awsmap__retry_quota {
  unsigned tokens, max;
} awsmap__retry_quota;
void awsmap__retry_quota_init(awsmap__retry_quota *q, unsigned max);
/* Takes the cost of a retry of this kind; false (nothing taken) when the bucket is too low. */
bool awsmap__retry_quota_acquire(awsmap__retry_quota *q, awsmap__retry_kind kind, unsigned *cost);
/* After a success: gives back the retry's cost when it succeeded after a retry, else 1. */
void awsmap__retry_quota_release(awsmap__retry_quota *q, unsigned retry_cost);

/* ---- errors.c: AWS errors -> status + awsmap_error --------------------- */

/* The status for an AWS error code (table in interfaces.md); http_status decides when code is empty. */
awsmap_status awsmap__aws_error_status(const char *code, long http_status);
/* Parses an error body by protocol (XML for EC2/query/REST-XML, JSON for the SSO portal). Missing
 * fields are left empty; an unparseable body leaves all three empty and returns AWSMAP_OK. */
awsmap_status awsmap__aws_error_parse(awsmap__protocol proto, const char *body, size_t len,
                                      const awsmap__buf *raw_headers, awsmap__buf *code,
                                      awsmap__buf *message, awsmap__buf *request_id);
/* Header value lookup in raw "Name: value\r\n" lines (case-insensitive name, value trimmed). */
bool awsmap__http_header_find(const char *raw, size_t len, const char *name, awsmap__buf *out);
/* The curl result of a failed transfer as a status. */
awsmap_status awsmap__http_curl_status(CURLcode rc);

/* ---- engine.c / easy.c ----------------------------------------------- */

typedef struct awsmap__call awsmap__call;

/* ---- watch.c: the sockets curl asks a runner to watch -------------------- */

typedef struct awsmap__watch {
  curl_socket_t fd;
  short events; /* POLLIN / POLLOUT */
  bool urgent;  /* its transfer is urgent (awsmap__aws_request.urgent) */
} awsmap__watch;

/* A socket found ready by a wait, with curl's CURL_CSELECT_* bits. */
typedef struct awsmap__ready {
  curl_socket_t fd;
  int events;
  bool urgent;
} awsmap__ready;

typedef struct awsmap__watchset {
  int epfd;             /* epoll set (Linux), -1: poll() over list */
  int wake_fd;          /* the wake pipe, once added to the epoll set */
  awsmap__watch *list;  /* poll() fallback */
  size_t nlist, caplist;
  awsmap__ready *ready; /* filled by each wait */
  size_t capready;
  void *scratch;        /* struct epoll_event / struct pollfd for one wait */
  size_t capscratch;
  uint8_t *fds;         /* epoll: what the set holds per descriptor (watch.c) */
  size_t capfds;
} awsmap__watchset;

void awsmap__watch_init(awsmap__watchset *w);
void awsmap__watch_release(awsmap__watchset *w);
/* CURLMOPT_SOCKETFUNCTION's request: what is CURL_POLL_IN/OUT/INOUT/REMOVE; urgent is
 * handed back with the socket when it is ready. -1 on failure. */
int awsmap__watch_update(awsmap__watchset *w, curl_socket_t fd, int what, bool urgent);
/* Sleeps until a watched socket is ready, wake_fd is readable or wait_ms pass. Returns the
 * number of ready sockets in w->ready (0 on a timeout or EINTR), -1 on failure; *woken tells
 * whether wake_fd was readable (the caller drains it). */
int awsmap__watch_wait(awsmap__watchset *w, int wake_fd, long wait_ms, bool *woken);

/* A driven set of calls: the engine's own, or a private one for awsmap__aws_perform. */
typedef struct awsmap__runner {
  CURLM *multi;
  awsmap__call *ready_head, *ready_tail;     /* retries whose delay ran out: go first */
  awsmap__call *pending_head, *pending_tail; /* submitted, not started: urgent ones first */
  awsmap__call *pending_urgent;              /* the last urgent call in pending, or NULL */
  awsmap__call *delayed;                     /* waiting out a backoff, sorted by due time */
  awsmap__call *running;                     /* in the multi handle (doubly linked) */
  unsigned running_count, max_in_flight;
  bool active;
  /* Event-driven driving (curl_multi_socket_action): only the sockets that
   * are ready and the timers that are due get work, instead of every
   * transfer being checked with a poll() of its own on each wakeup. */
  awsmap__watchset watch;   /* sockets curl wants watched */
  bool watch_ready;         /* watch initialised (released with the runner) */
  int64_t timer_due_ms;     /* curl's next timeout; -1 when none */
} awsmap__runner;

struct awsmap__http_engine {
  CURLSH *share;
  int wake[2];          /* self-pipe: awsmap__http_engine_cancel wakes a waiting run */
  CURL **pool;
  size_t pool_len, pool_cap;
  long connect_timeout_ms, request_timeout_ms;
  bool verify_tls;
  char *ca_bundle;
  size_t max_response_bytes;
  unsigned max_attempts;
  char *endpoint_url;   /* global override */
  bool endpoint_url_from_env;
  awsmap__map *service_endpoints; /* signing name -> char * override */
  bool use_fips, use_dualstack, s3_path_style;
  awsmap__runner main;  /* its multi handle is made with the engine */
  /* set with it, so engine.c needs nothing from the call machinery */
  void (*main_cleanup)(awsmap__http_engine *e, awsmap__runner *r);
  atomic_bool cancelled;
  int64_t skew_s;       /* added to the signing time: server clock - ours */
  awsmap__retry_quota quota;
  uint64_t rng;
  long retry_base_ms, retry_cap_ms; /* tests shorten them */
};

/* Whether e, or the engine whose run this thread is inside (a provider
 * fetching credentials for one of its calls), was cancelled. */
bool awsmap__http_cancel_requested(const awsmap__http_engine *e);
/* A configured easy handle from the pool (or new). */
CURL *awsmap__http_easy_take(awsmap__http_engine *e);
/* Resets it and returns it to the pool (frees it when the pool is full). Accepts NULL. */
void awsmap__http_easy_give(awsmap__http_engine *e, CURL *easy);
/* Options every transfer gets: protocols, TLS, CA, UA, timeouts, no redirects, share, cancel. */
awsmap_status awsmap__http_easy_setup(awsmap__http_engine *e, CURL *easy, long connect_ms,
                                      long timeout_ms);
/* Method + body on an easy handle; adds "Expect:" / "Content-Type:" suppressions to hdrs. */
awsmap_status awsmap__http_easy_method(CURL *easy, const char *method, const void *body,
                                       size_t body_len, bool has_content_type,
                                       struct curl_slist **hdrs);
/* Appends "Name: value" to a curl header list. */
awsmap_status awsmap__http_slist_add(struct curl_slist **list, const char *name, const char *value);
/* Zeroes every line of a header list in place (they may hold tokens). Accepts NULL. */
void awsmap__http_slist_wipe(struct curl_slist *list);
/* Wipes, then frees a header list: the only way header lists are freed. Accepts NULL. */
void awsmap__http_slist_free(struct curl_slist *list);
/* Header callback helper: keeps the raw header lines of the final response in buf. False when
 * they would pass AWSMAP__HTTP_HEADERS_CAP (the caller aborts the transfer as too large). */
bool awsmap__http_collect_header(awsmap__buf *buf, const char *line, size_t len);
/* no_proxy.c: true when the URL's host must be reached direct, never through a proxy
 * (link-local, the IMDS/EKS IPv6 prefix, loopback). AWSMAP_ERR_INVALID_ARG when it has no host. */
awsmap_status awsmap__http_url_is_local(const char *url, bool *local);
/* Logs header lines at TRACE, one line per header (the logger redacts secrets). */
void awsmap__http_trace_headers(const char *what, const char *raw, size_t len);
/* The override URL that applies to a service (per-service, env, global, env), or NULL. */
const char *awsmap__http_engine_override(awsmap__http_engine *e, const char *service);

/* ---- call.c / run.c --------------------------------------------------- */

awsmap_status awsmap__runner_init(awsmap__runner *r, unsigned max_in_flight);
/* Registers the runner's socket and timer callbacks on its multi handle. */
awsmap_status awsmap__runner_attach(awsmap__runner *r);
/* Frees the runner's watch set (after its multi handle is cleaned up). */
void awsmap__runner_release(awsmap__runner *r);
void awsmap__runner_cleanup(awsmap__http_engine *e, awsmap__runner *r);
awsmap_status awsmap__runner_submit(awsmap__http_engine *e, awsmap__runner *r,
                                    const awsmap__aws_request *req, const awsmap__aws_handler *h,
                                    void *ctx);
awsmap_status awsmap__runner_run(awsmap__http_engine *e, awsmap__runner *r);

#endif /* AWSMAP_HTTP_INTERNAL_H */
