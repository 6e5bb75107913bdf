/*
 * sigv4: AWS Signature Version 4. Internal (awsmap__ prefix, hidden).
 *
 *   hash.c      - SHA-256 and HMAC-SHA256 with pre-keyed templates (hot path)
 *   keycache.c  - derived signing keys cached per (keyed hash of the secret, date, region, service)
 *   canonical.c - canonical URI, query string and headers
 *   sign.c      - canonical request, string to sign, signature, outputs
 *   api.c       - the public API in include/awsmap/sigv4.h
 *
 * One code path: awsmap__sigv4_sign() does all the work; the transport's
 * awsmap__sigv4_sign_headers() and the public API both call it.
 */
#ifndef AWSMAP_SIGV4_INTERNAL_H
#define AWSMAP_SIGV4_INTERNAL_H

#include "core/core.h"

/* ---- the transport's interface (kept exactly as agreed) ------------------ */

typedef struct awsmap__sigv4_input {
  const char *method;            /* "GET", "POST" */
  const char *path;              /* as sent on the wire (already percent-encoded by the caller), e.g. "/" or "/my-bucket" */
  const char *query;             /* raw query as sent, without '?', or NULL */
  const awsmap__header *headers; /* the request's headers, including Host; names any case */
  size_t header_count;
  const void *body; size_t body_len;   /* hashed unless payload_hash is set */
  const char *payload_hash;      /* hex SHA-256, "UNSIGNED-PAYLOAD", or NULL */
  const char *region;
  const char *service;
  int64_t time;                  /* Unix seconds */
  bool s3;                       /* S3 rules: no path normalisation, single encoding, sign x-amz-content-sha256 */
} awsmap__sigv4_input;

typedef struct awsmap__sigv4_output {
  char amz_date[17];             /* "20150830T123600Z" -> send as X-Amz-Date */
  char payload_hash[65];         /* send as x-amz-content-sha256 when s3 (or "UNSIGNED-PAYLOAD") */
  /* (also sent, and signed, for any service when payload_hash was a marker
   * such as "UNSIGNED-PAYLOAD": the service must learn the body is unsigned) */
  awsmap__buf authorization;     /* the Authorization header value; caller disposes */
} awsmap__sigv4_output;

/* Header signing. Adds x-amz-date (and x-amz-security-token from creds when it
 * has one, and x-amz-content-sha256 for s3) to the signed set itself; the
 * caller must then send X-Amz-Date, X-Amz-Security-Token (if any),
 * x-amz-content-sha256 (if s3) and Authorization. Thread-safe; uses the
 * derived-key cache. */
awsmap_status awsmap__sigv4_sign_headers(const awsmap__sigv4_input *in,
                                         const awsmap_credentials *creds,
                                         awsmap__sigv4_output *out);
void awsmap__sigv4_output_dispose(awsmap__sigv4_output *out);

/* ---- the full form ------------------------------------------------------- */

typedef enum awsmap__sigv4_mode {
  AWSMAP__SIGV4_HEADERS = 0, /* Authorization header */
  AWSMAP__SIGV4_QUERY = 1    /* presigned URL */
} awsmap__sigv4_mode;

/* Tri-state switches: AWSMAP__SIGV4_AUTO takes the default for the rule set. */
#define AWSMAP__SIGV4_AUTO (-1)

/* Presigned URLs live at most 7 days (SigV4's limit). */
#define AWSMAP__SIGV4_MAX_EXPIRES 604800
/* Longest region or service name accepted (keeps the scope bounded). */
#define AWSMAP__SIGV4_MAX_NAME 63

typedef struct awsmap__sigv4_options {
  awsmap__sigv4_mode mode;
  int64_t expires;            /* query mode: X-Amz-Expires, 1..604800 */
  bool omit_session_token;    /* sign without the token, add it afterwards */
  int normalize_path;         /* AUTO: !s3 */
  int double_encode;          /* AUTO: !s3 */
  int content_sha256_header;  /* header mode; AUTO: s3, or a payload marker */
  /* Caller's choice of signed headers (names, any case), or NULL for all the
   * request's headers. host and the x-amz-* headers the signer adds are
   * always signed. */
  const char *const *signed_headers;
  size_t signed_header_count;
} awsmap__sigv4_options;

#define AWSMAP__SIGV4_OPTIONS_INIT \
  {AWSMAP__SIGV4_HEADERS, 0, false, AWSMAP__SIGV4_AUTO, AWSMAP__SIGV4_AUTO, AWSMAP__SIGV4_AUTO, NULL, 0}

/* Everything a signature produces. Zero-initialise; dispose with
 * awsmap__sigv4_result_dispose(). */
typedef struct awsmap__sigv4_result {
  awsmap__buf canonical_request;
  char string_to_sign[320];   /* bounded: scope names are at most 63 bytes */
  char signature[65];
  char amz_date[17];
  char payload_hash[65];
  bool content_sha256_header; /* send x-amz-content-sha256: payload_hash */
  bool token_header;          /* header mode: send X-Amz-Security-Token */
  size_t signed_headers_off;  /* the signed-header list, inside canonical_request */
  size_t signed_headers_len;
  awsmap__buf authorization;  /* header mode: the Authorization value */
  awsmap__buf query_params;   /* query mode: "X-Amz-Algorithm=...&X-Amz-Signature=..." */
} awsmap__sigv4_result;

awsmap_status awsmap__sigv4_sign(const awsmap__sigv4_input *in, const awsmap__sigv4_options *opts,
                                 const awsmap_credentials *creds, awsmap__sigv4_result *res);
void awsmap__sigv4_result_dispose(awsmap__sigv4_result *res);

/* ---- canonicalisation (canonical.c); each appends to out ----------------- */

/* path: never NULL ("" means "/"). Fails with AWSMAP_ERR_INVALID_ARG on a
 * path that does not start with '/', or a bad %-escape. */
awsmap_status awsmap__sigv4_canonical_path(awsmap__buf *out, const char *path, size_t len,
                                           bool normalize, bool double_encode);

/* One query parameter, canonically encoded, as offsets into a scratch
 * buffer (so the buffer may grow while parameters are added). */
typedef struct awsmap__sigv4_param {
  size_t key_off, key_len;
  size_t value_off, value_len;
} awsmap__sigv4_param;

typedef struct awsmap__sigv4_params {
  awsmap__buf text;            /* encoded keys and values */
  awsmap__sigv4_param *items;  /* heap, awsmap__free'd by _dispose */
  size_t count, cap;
} awsmap__sigv4_params;

/* Splits a raw query at '&' and each part at its first '='; every key and
 * value is %-decoded and re-encoded canonically (so raw UTF-8 and spaces get
 * encoded and already-encoded text is not encoded twice). Empty parts
 * ("a&&b") are skipped. AWSMAP_ERR_INVALID_ARG on a bad %-escape. */
awsmap_status awsmap__sigv4_params_parse(awsmap__sigv4_params *p, const char *query, size_t len);
/* Adds one parameter from raw (unencoded) key and value. */
awsmap_status awsmap__sigv4_params_add_raw(awsmap__sigv4_params *p, const char *key,
                                           size_t key_len, const char *value, size_t value_len);
/* Sorts by encoded key, then encoded value, bytewise. */
void awsmap__sigv4_params_sort(awsmap__sigv4_params *p);
/* Appends "k=v&k=v" in the current order. */
awsmap_status awsmap__sigv4_params_join(const awsmap__sigv4_params *p, awsmap__buf *out);
void awsmap__sigv4_params_dispose(awsmap__sigv4_params *p);

/* A request header as the canonicaliser sees it. */
typedef struct awsmap__sigv4_hdr {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
  size_t order; /* input position: keeps repeated headers in order */
} awsmap__sigv4_hdr;

bool awsmap__sigv4_valid_header_name(const char *name, size_t len);
/* Checks a value: CR/LF only as obs-fold (followed by SP/HT), no other
 * control characters but HT. */
bool awsmap__sigv4_valid_header_value(const char *value, size_t len);
/* Sorts by lower-cased name, then input order. */
void awsmap__sigv4_sort_headers(awsmap__sigv4_hdr *hdrs, size_t count);
/* Appends a value trimmed, with every whitespace run folded to one space. */
awsmap_status awsmap__sigv4_append_folded(awsmap__buf *out, const char *value, size_t len);

/* ---- hashing (hash.c) ---------------------------------------------------- */

/* An HMAC-SHA256 key as two pre-absorbed SHA-256 states: signing with it is
 * two state copies and two short hashes. Secret: zero it when done. */
typedef struct awsmap__sigv4_hmac_key {
  unsigned char state[2][128]; /* inner, outer: opaque SHA256_CTX images */
} awsmap__sigv4_hmac_key;

void awsmap__sigv4_hmac_key_init(awsmap__sigv4_hmac_key *key, const void *k, size_t k_len);
void awsmap__sigv4_hmac(const awsmap__sigv4_hmac_key *key, const void *data, size_t len,
                        unsigned char out[AWSMAP__SHA256_LEN]);
void awsmap__sigv4_sha256(const void *data, size_t len, unsigned char out[AWSMAP__SHA256_LEN]);

/* ---- derived-key cache (keycache.c) -------------------------------------- */

/* The signing key for (the credentials' secret, yyyymmdd, region, service)
 * as an HMAC template, from the cache (found by the credentials' fingerprint)
 * or derived and cached. Thread-safe. */
awsmap_status awsmap__sigv4_signing_key(awsmap__sigv4_hmac_key *out,
                                        const awsmap_credentials *creds, const char date[8],
                                        const char *region, size_t region_len,
                                        const char *service, size_t service_len);
/* Zeroes and drops every cached key (global cleanup, tests). */
void awsmap__sigv4_cache_clear(void);
/* Counters for tests: derivations done since start. */
unsigned long awsmap__sigv4_cache_derivations(void);
/* For tests: true when the cache's memory (its slots and anything they own)
 * contains these bytes anywhere. Thread-safe. */
bool awsmap__sigv4_cache_holds(const void *bytes, size_t len);

#endif /* AWSMAP_SIGV4_INTERNAL_H */
