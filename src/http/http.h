/*
 * http: the libcurl transport. One engine = one CURLM + one CURLSH (shared
 * connection cache, DNS cache and TLS sessions) + a pool of reusable easy
 * handles. Plain synchronous requests serve the credential endpoints; AWS
 * calls are signed, retried ("standard" mode), streamed and run many at once
 * from one thread.
 *
 * Proxies: libcurl reads http_proxy / https_proxy / HTTPS_PROXY / all_proxy /
 * no_proxy from the environment by itself; nothing here sets CURLOPT_PROXY, so
 * that stays in effect -- except that awsmap__http_perform reaches link-local,
 * IMDS IPv6 (fd00:ec2::/32) and loopback hosts direct (CURLOPT_NOPROXY "*"):
 * credential tokens never go through a proxy (see no_proxy.c).
 */
#ifndef AWSMAP_HTTP_H
#define AWSMAP_HTTP_H

#include "core/core.h"

typedef struct awsmap__http_engine awsmap__http_engine;   /* one CURLM + CURLSH; one thread at a time */

typedef struct awsmap__http_config {
  long connect_timeout_ms;       /* 0 = default (3100) */
  long request_timeout_ms;       /* 0 = default (60000) */
  bool insecure_skip_tls_verify; /* default false: verification ON */
  const char *ca_bundle;         /* NULL = AWS_CA_BUNDLE env, else system default */
  size_t max_response_bytes;     /* 0 = default cap (256 MiB) */
  unsigned max_in_flight;        /* 0 = default (32) */
  unsigned max_attempts;         /* 0 = AWS_MAX_ATTEMPTS env, else 3 */
  const char *endpoint_url;      /* global override (NULL = AWS_ENDPOINT_URL env) */
  bool use_fips, use_dualstack;  /* also AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT */
  bool s3_force_path_style;
} awsmap__http_config;
void awsmap__http_config_init(awsmap__http_config *cfg);
awsmap_status awsmap__http_engine_new(awsmap__http_engine **out, const awsmap__http_config *cfg);
void awsmap__http_engine_free(awsmap__http_engine *e);
/* Per-service override (AWS_ENDPOINT_URL_<SERVICE> env is honoured too); service is the
 * endpoint/signing name: "ec2", "rds", "elasticloadbalancing", "s3", "sts", "sso". */
awsmap_status awsmap__http_engine_set_endpoint(awsmap__http_engine *e, const char *service, const char *url);

/* ---- plain HTTP, synchronous (credential endpoints: IMDS, container, SSO portal) ---- */
typedef struct awsmap__http_request {
  const char *method; const char *url;
  const awsmap__header *headers; size_t header_count;
  const void *body; size_t body_len;
  long connect_timeout_ms; long timeout_ms;   /* 0 = engine defaults */
} awsmap__http_request;
typedef struct awsmap__http_response {
  long status;                 /* HTTP status; 0 if none */
  awsmap__buf body;
  awsmap__buf headers;         /* raw "Name: value\r\n" lines of the final response */
} awsmap__http_response;
/* AWSMAP_OK for any HTTP status; NETWORK / TIMEOUT / TLS / TOO_LARGE (body over the engine's cap,
 * headers over 64 KiB) otherwise. No retries. Header lines are wiped after the transfer. */
awsmap_status awsmap__http_perform(awsmap__http_engine *e, const awsmap__http_request *req, awsmap__http_response *resp);
/* Value of a response header (case-insensitive), copied into out; false when absent. */
bool awsmap__http_response_header(const awsmap__http_response *resp, const char *name, awsmap__buf *out);
void awsmap__http_response_dispose(awsmap__http_response *resp);

/* ---- AWS calls: signed, retried, streamed, many in flight ---- */
typedef enum awsmap__protocol { AWSMAP__PROTO_EC2, AWSMAP__PROTO_QUERY, AWSMAP__PROTO_REST_XML, AWSMAP__PROTO_JSON } awsmap__protocol;
typedef struct awsmap__aws_request {
  const char *service;       /* signing + endpoint name, e.g. "ec2" */
  const char *region;        /* e.g. "eu-west-1"; "us-east-1" for global STS/S3 ListBuckets */
  const char *operation;     /* e.g. "DescribeInstances", for errors and logs */
  const char *method;        /* "POST" (query protocols), "GET" (S3, SSO) */
  const char *path;          /* "/" or, for S3, the key path after the bucket ("/" or "/?location" is query) */
  const char *query;         /* raw encoded query without '?', or NULL */
  const char *bucket;        /* S3 bucket (virtual-hosted or path-style addressing), or NULL */
  const char *body; size_t body_len;   /* form-encoded for query protocols */
  const char *content_type;  /* NULL = none */
  const awsmap__header *headers; size_t header_count; /* extra headers (e.g. x-amz-sso_bearer_token) */
  awsmap__protocol protocol; /* how error bodies look */
  bool unsigned_request;     /* e.g. AssumeRoleWithWebIdentity, SSO GetRoleCredentials */
  /* on the critical path (a next page, an answer that starts other calls):
   * started before queued calls, its answer read before other answers */
  bool urgent;
} awsmap__aws_request;
typedef struct awsmap__aws_handler {
  /* 2xx body bytes as they arrive (stream them into the XML parser); non-OK aborts the call */
  awsmap_status (*on_data)(void *ctx, const char *data, size_t len);
  /* before a retry: forget anything taken from the failed attempt's body (may be NULL) */
  void (*on_reset)(void *ctx);
  /* exactly once per submitted call, after the last attempt; error is NULL on success, else borrowed
   * for the call (code, message, HTTP status, request id, operation filled). May submit new calls. */
  void (*on_done)(void *ctx, awsmap_status status, const awsmap_error *error);
  /* credentials for each attempt (they may be refreshed between pages); returns one reference that the
   * engine releases. Not called for unsigned requests. */
  awsmap_status (*get_credentials)(void *ctx, awsmap_credentials **out);
} awsmap__aws_handler;
/* The region that serves the account-wide calls (S3 ListBuckets) of region's partition:
 * us-east-1, cn-north-1 for cn-*, us-gov-west-1 for us-gov-*, ...; us-east-1 for NULL. */
const char *awsmap__http_partition_home(const char *region);
/* Queues a call; strings are copied. Runs when awsmap__http_engine_run drives the engine. */
awsmap_status awsmap__aws_submit(awsmap__http_engine *e, const awsmap__aws_request *req, const awsmap__aws_handler *h, void *ctx);
/* Drives every queued call (and those submitted from callbacks) to completion, at most max_in_flight at once. */
awsmap_status awsmap__http_engine_run(awsmap__http_engine *e);
/* Thread-safe: makes pending and running calls finish with AWSMAP_ERR_CANCELLED promptly. */
void awsmap__http_engine_cancel(awsmap__http_engine *e);
/* Synchronous convenience: one call with fixed credentials (NULL for unsigned); a 2xx body lands in `body`. */
awsmap_status awsmap__aws_perform(awsmap__http_engine *e, const awsmap__aws_request *req, awsmap_credentials *creds, awsmap__buf *body);

#endif /* AWSMAP_HTTP_H */
