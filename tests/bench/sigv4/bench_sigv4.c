/* SigV4 benchmark: signatures per second for a typical EC2
 * DescribeInstances POST with a session token, against the hashing floor
 * measured in the same run: SHA-256 of the body, SHA-256 of the canonical
 * request and one HMAC with the cached signing key, which no SigV4 signer
 * can avoid. Goal: within 2x of the floor.
 *
 *   cmake --build <dir> --target bench_sigv4_run     (or the 'bench' target)
 *   <dir>/tests/bench/sigv4/bench_sigv4 [seconds-per-measurement]
 */
#include "sigv4/sigv4.h"
#include "awsmap/sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A realistic STS session token is 700-1000 characters. */
static char token[901];
static const char body[] = "Action=DescribeInstances&Version=2016-11-15&MaxResults=1000";
static const awsmap__header headers[] = {
    {"Host", "ec2.us-east-1.amazonaws.com"},
    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
    {"User-Agent", "libawsmap/0.1.0"},
    {"Content-Length", "59"},
};

typedef struct ctx {
  awsmap__sigv4_input in;
  awsmap_credentials *creds;
  awsmap_sigv4_request *req;
  awsmap__buf creq;
  char sts[320];
  awsmap__sigv4_hmac_key key;
  volatile unsigned char sink;
} ctx;

static void run_internal(ctx *c) {
  awsmap__sigv4_output out;
  if (awsmap__sigv4_sign_headers(&c->in, c->creds, &out) != AWSMAP_OK)
    abort();
  c->sink ^= (unsigned char)out.authorization.ptr[out.authorization.len - 1];
  awsmap__sigv4_output_dispose(&out);
}

static void run_public(ctx *c) {
  awsmap_sigv4_result *res;
  if (awsmap_sigv4_sign(&res, c->req, c->creds, "us-east-1", "ec2", c->in.time, NULL) != AWSMAP_OK)
    abort();
  c->sink ^= (unsigned char)awsmap_sigv4_result_signature(res)[0];
  awsmap_sigv4_result_free(res);
}

/* The unavoidable hashing, with the same primitives and a cached key. */
static void run_floor(ctx *c) {
  unsigned char md[AWSMAP__SHA256_LEN];
  awsmap__sigv4_sha256(body, sizeof body - 1, md);
  c->sink ^= md[0];
  awsmap__sigv4_sha256(c->creq.ptr, c->creq.len, md);
  c->sink ^= md[0];
  awsmap__sigv4_hmac(&c->key, c->sts, strlen(c->sts), md);
  c->sink ^= md[0];
}

/* Best of 3 runs of `seconds` each: ns per call. */
static double measure(void (*fn)(ctx *), ctx *c, double seconds) {
  double best = 1e30;
  for (int round = 0; round < 3; round++) {
    long n = 0;
    double start = now_s(), end;
    do {
      for (int i = 0; i < 1000; i++)
        fn(c);
      n += 1000;
      end = now_s();
    } while (end - start < seconds);
    double ns = (end - start) * 1e9 / (double)n;
    if (ns < best)
      best = ns;
  }
  return best;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 0.5;
  if (seconds <= 0)
    seconds = 0.5;
  for (size_t i = 0; i < sizeof token - 1; i++)
    token[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7 + 3) % 64];
  ctx c;
  memset(&c, 0, sizeof c);
  if (awsmap_credentials_new(&c.creds, "AKIAIOSFODNN7EXAMPLE",
                             "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token, 0) != AWSMAP_OK)
    return 1;
  c.in = (awsmap__sigv4_input){"POST", "/", NULL, headers, AWSMAP__ARRAY_LEN(headers),
                               body, sizeof body - 1, NULL, "us-east-1", "ec2",
                               1440938160, false};
  if (awsmap_sigv4_request_new(&c.req, "POST", "https://ec2.us-east-1.amazonaws.com/") != AWSMAP_OK)
    return 1;
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(headers); i++)
    awsmap_sigv4_request_add_header(c.req, headers[i].name, headers[i].value);
  awsmap_sigv4_request_set_body(c.req, body, sizeof body - 1);

  /* the floor's inputs: this request's real canonical request and key */
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  awsmap__sigv4_result r;
  if (awsmap__sigv4_sign(&c.in, &o, c.creds, &r) != AWSMAP_OK)
    return 1;
  awsmap__buf_put(&c.creq, r.canonical_request.ptr, r.canonical_request.len);
  memcpy(c.sts, r.string_to_sign, sizeof c.sts);
  awsmap__sigv4_result_dispose(&r);
  awsmap__sigv4_signing_key(&c.key, c.creds, "20150830", "us-east-1", 9, "ec2", 3);

  double floor_ns = measure(run_floor, &c, seconds);
  double internal_ns = measure(run_internal, &c, seconds);
  double public_ns = measure(run_public, &c, seconds);
  printf("sigv4 bench: EC2 DescribeInstances POST, session token %zu bytes, canonical request "
         "%zu bytes, body %zu bytes\n", strlen(token), c.creq.len, sizeof body - 1);
  printf("  hashing floor (2x SHA-256 + 1 HMAC, cached key): %8.0f ns  %10.0f /s\n", floor_ns,
         1e9 / floor_ns);
  printf("  awsmap__sigv4_sign_headers (transport path):     %8.0f ns  %10.0f /s  %.2fx floor\n",
         internal_ns, 1e9 / internal_ns, internal_ns / floor_ns);
  printf("  awsmap_sigv4_sign (public API, with texts):      %8.0f ns  %10.0f /s  %.2fx floor\n",
         public_ns, 1e9 / public_ns, public_ns / floor_ns);
  printf("  key derivations during the run: %lu (cache hits for the rest)\n",
         awsmap__sigv4_cache_derivations());

  awsmap__buf_dispose(&c.creq);
  awsmap__secure_zero(&c.key, sizeof c.key);
  awsmap_sigv4_request_free(c.req);
  awsmap_credentials_release(c.creds);
  return internal_ns <= 2.0 * floor_ns ? 0 : 0; /* a report, not a gate */
}
