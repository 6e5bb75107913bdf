/* SigV4 behaviour beyond the vectors: both rule sets, query and header
 * canonicalisation corners, bad input, the derived-key cache (also under
 * concurrent use), the transport's entry point, and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "sigv4/sigv4.h"
#include "awsmap/sigv4.h"

#define T0 INT64_C(1440938160) /* 2015-08-30T12:36:00Z */
static const char *const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

static awsmap_credentials *creds_with(const char *token, int64_t expiration) {
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKIDEXAMPLE", SECRET, token, expiration), AWSMAP_OK);
  return c;
}

static char *path_of(const char *path, bool normalize, bool double_encode) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  if (awsmap__sigv4_canonical_path(&b, path, strlen(path), normalize, double_encode) != AWSMAP_OK) {
    awsmap__buf_dispose(&b);
    return NULL;
  }
  return awsmap__buf_detach(&b);
}

static void expect_path(const char *in, bool normalize, bool dbl, const char *want) {
  char *got = path_of(in, normalize, dbl);
  assert_non_null(got);
  assert_string_equal(got, want);
  awsmap__free(got);
}

static void test_path_rules(void **state) {
  /* normal rules: normalised, every byte encoded again */
  expect_path("", true, true, "/");
  expect_path("/", true, true, "/");
  expect_path("/a/./b/../c//", true, true, "/a/c/");
  expect_path("/..", true, true, "/");
  expect_path("/a/..", true, true, "/");
  expect_path("//a//b", true, true, "/a/b");
  expect_path("/a%41 b/$", true, true, "/a%2541%20b/%24");
  expect_path("/\xe1\x88\xb4", true, true, "/%E1%88%B4");
  /* S3: no normalisation, escapes kept as sent, raw bytes encoded once */
  expect_path("//a/../b/./", false, false, "//a/../b/./");
  expect_path("/bucket/a%2Fb%41%e1 c", false, false, "/bucket/a%2Fb%41%e1%20c");
  expect_path("/k/\xe1\x88\xb4!", false, false, "/k/%E1%88%B4%21");
  /* bad input */
  assert_null(path_of("relative", true, true));
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_INVALID_ARG);
  assert_null(path_of("/a%zz", true, true));
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "percent-encoding"));
  assert_null(path_of("/a%4", false, false));
  assert_null(path_of("/a%", false, false));
}

static char *query_of(const char *q) {
  awsmap__sigv4_params p = {AWSMAP__BUF_INIT, NULL, 0, 0};
  awsmap__buf out = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__sigv4_params_parse(&p, q, strlen(q));
  if (st == AWSMAP_OK) {
    awsmap__sigv4_params_sort(&p);
    st = awsmap__sigv4_params_join(&p, &out);
  }
  awsmap__sigv4_params_dispose(&p);
  if (st != AWSMAP_OK) {
    awsmap__buf_dispose(&out);
    return NULL;
  }
  return awsmap__buf_detach(&out);
}

static void expect_query(const char *in, const char *want) {
  char *got = query_of(in);
  assert_non_null(got);
  assert_string_equal(got, want);
  awsmap__free(got);
}

static void test_query_rules(void **state) {
  expect_query("", "");
  expect_query("b=2&a=&a=1&c", "a=&a=1&b=2&c=");          /* repeated, empty, no '=' */
  expect_query("Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2");
  expect_query("%e1%88%b4=x&\xe1\x88\xb4=y", "%E1%88%B4=x&%E1%88%B4=y"); /* already encoded, raw */
  expect_query("a+b=%20&=v", "=v&a%2Bb=%20");              /* '+' is literal; empty key */
  expect_query("a&&b&", "a=&b=");                          /* empty segments dropped */
  expect_query("k=a=b", "k=a%3Db");                        /* split at the first '=' */
  expect_query("x=%41%2f", "x=A%2F");                      /* decoded, then encoded */
  assert_null(query_of("a=%G0"));
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_INVALID_ARG);
  assert_null(query_of("a=%"));
}

static void test_header_rules(void **state) {
  awsmap__buf b = AWSMAP__BUF_INIT;
  assert_int_equal(awsmap__sigv4_append_folded(&b, " \t a \t  b\r\n c  ", 15), AWSMAP_OK);
  assert_string_equal(b.ptr, "a b c");
  awsmap__buf_dispose(&b);
  assert_int_equal(awsmap__sigv4_append_folded(&b, "   ", 3), AWSMAP_OK);
  assert_string_equal(awsmap__buf_cstr(&b), "");
  awsmap__buf_dispose(&b);
  assert_true(awsmap__sigv4_valid_header_name("X-Odd!#$%&'*+.^_`|~", 19));
  assert_false(awsmap__sigv4_valid_header_name("Bad Name", 8));
  assert_false(awsmap__sigv4_valid_header_name("a:b", 3));
  assert_false(awsmap__sigv4_valid_header_name("", 0));
  assert_true(awsmap__sigv4_valid_header_value("v1\n  v2", 7));
  assert_false(awsmap__sigv4_valid_header_value("v1\r\nX-Evil: 1", 13));
  assert_false(awsmap__sigv4_valid_header_value("v\x01", 2));
  assert_false(awsmap__sigv4_valid_header_value("v\n", 2));
}

/* Signs with the internal entry point and returns the canonical request. */
static char *sign_creq(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                       awsmap_credentials *c, char sig[65]) {
  awsmap__sigv4_result r;
  if (awsmap__sigv4_sign(in, o, c, &r) != AWSMAP_OK)
    return NULL;
  if (sig)
    memcpy(sig, r.signature, 65);
  char *out = awsmap__strdup(r.canonical_request.ptr);
  awsmap__sigv4_result_dispose(&r);
  return out;
}

static void test_merge_and_choice(void **state) {
  awsmap_credentials *c = creds_with(NULL, 0);
  awsmap__header h[] = {{"Host", "h"},        {"X-A", " 1 "}, {"User-Agent", "ua"},
                        {"x-a", "2\t\t3"},     {"X-B", "b"},   {"X-Amz-Date", "stale"},
                        {"Authorization", "old"}};
  awsmap__sigv4_input in = {"GET", "/", NULL, h, 7, NULL, 0, NULL, "us-east-1", "svc", T0, false};
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  char *creq = sign_creq(&in, &o, c, NULL);
  assert_non_null(creq);
  assert_string_equal(creq, "GET\n/\n\nhost:h\nx-a:1,2 3\nx-amz-date:20150830T123600Z\nx-b:b\n\n"
                            "host;x-a;x-amz-date;x-b\n"
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  awsmap__free(creq);
  /* caller's choice: only X-B (plus host and x-amz-date) */
  const char *const only[] = {"x-b"};
  o.signed_headers = only;
  o.signed_header_count = 1;
  creq = sign_creq(&in, &o, c, NULL);
  assert_non_null(strstr(creq, "\nhost;x-amz-date;x-b\n"));
  assert_null(strstr(creq, "x-a:"));
  awsmap__free(creq);
  const char *const missing[] = {"X-Missing"};
  o.signed_headers = missing;
  assert_null(sign_creq(&in, &o, c, NULL));
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "X-Missing"));
  awsmap_credentials_release(c);
}

static void test_s3_payloads(void **state) {
  awsmap_credentials *c = creds_with("tok", 0);
  awsmap__header h[] = {{"Host", "bucket.s3.amazonaws.com"}};
  awsmap__sigv4_input in = {"PUT", "/a//b/../%41", NULL, h, 1, "hello", 5, NULL,
                            "us-east-1", "s3", T0, true};
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  char *creq = sign_creq(&in, &o, c, NULL);
  assert_non_null(creq);
  assert_true(strncmp(creq, "PUT\n/a//b/../%41\n", 17) == 0);
  assert_non_null(strstr(creq, "x-amz-content-sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"));
  assert_non_null(strstr(creq, "x-amz-security-token:tok\n"));
  awsmap__free(creq);

  in.payload_hash = "UNSIGNED-PAYLOAD";
  creq = sign_creq(&in, &o, c, NULL);
  assert_non_null(strstr(creq, "x-amz-content-sha256:UNSIGNED-PAYLOAD\n"));
  assert_true(awsmap__str_ends_with(creq, "\nUNSIGNED-PAYLOAD"));
  awsmap__free(creq);
  in.payload_hash = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  creq = sign_creq(&in, &o, c, NULL);
  assert_true(awsmap__str_ends_with(creq, "\nSTREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
  awsmap__free(creq);
  in.payload_hash = "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824";
  creq = sign_creq(&in, &o, c, NULL);
  assert_true(awsmap__str_ends_with(creq, "\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  awsmap__free(creq);
  in.payload_hash = "not-a-hash";
  assert_null(sign_creq(&in, &o, c, NULL));
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_ERR_INVALID_ARG);

  /* presigned S3 URLs: UNSIGNED-PAYLOAD, no content header, token signed in the query */
  in.payload_hash = NULL;
  o.mode = AWSMAP__SIGV4_QUERY;
  o.expires = 604800;
  creq = sign_creq(&in, &o, c, NULL);
  assert_true(awsmap__str_ends_with(creq, "\nhost\nUNSIGNED-PAYLOAD"));
  assert_non_null(strstr(creq, "&X-Amz-Security-Token=tok&"));
  awsmap__free(creq);
  awsmap_credentials_release(c);
}

static void test_transport_entry(void **state) {
  awsmap_credentials *c = creds_with("session", 0);
  awsmap__header h[] = {{"host", "s3.amazonaws.com"}};
  awsmap__sigv4_input in = {"GET", "/bucket", "list-type=2", h, 1, NULL, 0, NULL,
                            "us-east-1", "s3", T0, true};
  awsmap__sigv4_output out;
  assert_int_equal(awsmap__sigv4_sign_headers(&in, c, &out), AWSMAP_OK);
  assert_string_equal(out.amz_date, "20150830T123600Z");
  assert_string_equal(out.payload_hash,
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert_true(awsmap__str_starts_with(
      awsmap__buf_cstr(&out.authorization),
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
  awsmap__sigv4_output_dispose(&out);
  awsmap__sigv4_output_dispose(NULL);
  assert_int_not_equal(awsmap__sigv4_sign_headers(NULL, c, &out), AWSMAP_OK);
  awsmap_credentials_release(c);
}

static void expect_fail(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                        awsmap_credentials *c, awsmap_status st, const char *words) {
  awsmap__sigv4_result r;
  assert_int_equal(awsmap__sigv4_sign(in, o, c, &r), st);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), words));
}

static void test_bad_input(void **state) {
  awsmap_credentials *c = creds_with(NULL, 0);
  awsmap__header h[] = {{"Host", "h"}};
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  awsmap__sigv4_input in = {"GET", "/", NULL, h, 1, NULL, 0, NULL, "us-east-1", "svc", T0, false};
  in.region = NULL;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "missing region");
  in.region = "us/east";
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "region");
  in.region = "us-east-1";
  in.service = "";
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "missing service");
  in.service = "svc";
  in.method = "GE T";
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "method");
  in.method = "GET";
  in.header_count = 0;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "no Host");
  awsmap__header bad[] = {{"Host", "h"}, {"Bad Name", "v"}};
  in.headers = bad;
  in.header_count = 2;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "illegal character");
  awsmap__header two_hosts[] = {{"Host", "h"}, {"host", "i"}};
  in.headers = two_hosts;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "more than one Host");
  in.headers = h;
  in.header_count = 1;
  in.query = "a=%zz";
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "query string");
  in.query = NULL;
  in.body_len = 3;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "body");
  in.body_len = 0;
  o.mode = AWSMAP__SIGV4_QUERY;
  o.expires = 604801;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "7 days");
  o.expires = 0;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "expiry");
  o.mode = AWSMAP__SIGV4_HEADERS;
  in.time = -1;
  expect_fail(&in, &o, c, AWSMAP_ERR_INVALID_ARG, "time");
  in.time = T0;
  awsmap_credentials_release(c);
  /* expired credentials: expiry at or before the signing time */
  c = creds_with(NULL, T0);
  expect_fail(&in, &o, c, AWSMAP_ERR_CREDENTIALS_EXPIRED, "expired");
  awsmap_credentials_release(c);
  c = creds_with(NULL, T0 + 1);
  awsmap__sigv4_result r;
  assert_int_equal(awsmap__sigv4_sign(&in, &o, c, &r), AWSMAP_OK);
  awsmap__sigv4_result_dispose(&r);
  expect_fail(&in, &o, NULL, AWSMAP_ERR_INVALID_ARG, "credentials");
  awsmap_credentials_release(c);
}

static void test_key_cache(void **state) {
  awsmap_credentials *c = creds_with(NULL, 0);
  awsmap__header h[] = {{"Host", "h"}};
  awsmap__sigv4_input in = {"GET", "/", NULL, h, 1, NULL, 0, NULL, "eu-west-3", "cachetest", T0, false};
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  char first[65], again[65];
  unsigned long before = awsmap__sigv4_cache_derivations();
  awsmap__free(sign_creq(&in, &o, c, first));
  for (int i = 0; i < 50; i++)
    awsmap__free(sign_creq(&in, &o, c, again));
  assert_int_equal(awsmap__sigv4_cache_derivations() - before, 1); /* one chain for 51 */
  assert_string_equal(first, again);
  in.time = T0 + 86400; /* a new day: a new key */
  awsmap__free(sign_creq(&in, &o, c, again));
  assert_int_equal(awsmap__sigv4_cache_derivations() - before, 2);
  /* a different secret never hits another's entry */
  awsmap_credentials *other = NULL;
  assert_int_equal(awsmap_credentials_new(&other, "AKIDEXAMPLE", "another-secret", NULL, 0), AWSMAP_OK);
  in.time = T0;
  awsmap__free(sign_creq(&in, &o, other, again));
  assert_string_not_equal(first, again);
  /* clearing keeps signing correct */
  awsmap__sigv4_cache_clear();
  awsmap__free(sign_creq(&in, &o, c, again));
  assert_string_equal(first, again);
  awsmap_credentials_release(other);
  awsmap_credentials_release(c);
}

/* The cache is keyed by a keyed hash of the secret: once credentials are released, nothing in
 * it can be read back as (or matched offline against) the secret. */
static void test_key_cache_holds_no_secret(void **state) {
  static const char secret[] = "kc-SECRET-wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz";
  awsmap__sigv4_cache_clear();
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKIDEXAMPLE", secret, NULL, 0), AWSMAP_OK);
  awsmap__header h[] = {{"Host", "h"}};
  awsmap__sigv4_input in = {"GET", "/", NULL, h, 1, NULL, 0, NULL, "eu-west-3", "kcsecret", T0, false};
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  char first[65], again[65];
  unsigned long before = awsmap__sigv4_cache_derivations();
  awsmap__free(sign_creq(&in, &o, c, first));
  awsmap__free(sign_creq(&in, &o, c, again));
  assert_int_equal(awsmap__sigv4_cache_derivations() - before, 1); /* it is cached */
  assert_string_equal(first, again);
  awsmap_credentials_release(c);
  /* neither the secret, nor a piece of it, nor "AWS4"+secret, nor its plain SHA-256 */
  assert_false(awsmap__sigv4_cache_holds(secret, strlen(secret)));
  assert_false(awsmap__sigv4_cache_holds(secret, 12));
  assert_false(awsmap__sigv4_cache_holds(secret + 20, 12));
  unsigned char digest[AWSMAP__SHA256_LEN];
  awsmap__sha256(secret, strlen(secret), digest);
  assert_false(awsmap__sigv4_cache_holds(digest, sizeof digest));
  /* the scan does find what the cache does hold */
  assert_true(awsmap__sigv4_cache_holds("kcsecret", 8));
}

typedef struct worker {
  awsmap_credentials *creds;
  int region; /* each thread also churns its own keys through the cache */
  int mismatches;
  char expected[4][65];
} worker;

static const char *const REGIONS[] = {"us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"};

static void *work(void *arg) {
  worker *w = arg;
  awsmap__header h[] = {{"Host", "h"}};
  for (int i = 0; i < 3000; i++) {
    int r = (i + w->region) % 4;
    awsmap__sigv4_input in = {"GET", "/", "a=1", h, 1, NULL, 0, NULL, REGIONS[r], "svc", T0, false};
    awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
    awsmap__sigv4_result res;
    if (awsmap__sigv4_sign(&in, &o, w->creds, &res) != AWSMAP_OK ||
        strcmp(res.signature, w->expected[r]) != 0)
      w->mismatches++;
    awsmap__sigv4_result_dispose(&res);
    if (i % 500 == 0 && w->region == 0)
      awsmap__sigv4_cache_clear(); /* clearing races with lookups safely */
  }
  return NULL;
}

static void test_concurrent_signing(void **state) {
  awsmap_credentials *c = creds_with(NULL, 0);
  worker w[4];
  memset(w, 0, sizeof w);
  awsmap__header h[] = {{"Host", "h"}};
  for (int r = 0; r < 4; r++) {
    awsmap__sigv4_input in = {"GET", "/", "a=1", h, 1, NULL, 0, NULL, REGIONS[r], "svc", T0, false};
    awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
    awsmap__free(sign_creq(&in, &o, c, w[0].expected[r]));
  }
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    w[i].creds = c;
    w[i].region = i;
    memcpy(w[i].expected, w[0].expected, sizeof w[0].expected);
    assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].mismatches, 0);
  }
  awsmap_credentials_release(c);
}

/* ---- public API ------------------------------------------------------------ */

static void test_public_url_and_host(void **state) {
  awsmap_sigv4_request *req = NULL;
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "ftp://h/"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", ""), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "https://h/#frag"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "https://u@h/"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "https://h:44x/"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "https:///"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "/a\nb"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_new(&req, "", "/"), AWSMAP_ERR_INVALID_ARG);
  assert_null(req);

  awsmap_credentials *c = creds_with("tok", 0);
  awsmap_sigv4_result *res = NULL;
  /* Host from the URL: lower-cased, default port dropped */
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "https://Example.COM:443/x?b=1&a=2"), AWSMAP_OK);
  assert_int_equal(awsmap_sigv4_request_add_header(req, "Bad Name", "v"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_request_add_header(req, "X-A", "1\r\nX-Evil: 2"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_sign(&res, req, c, "us-east-1", "svc", T0, NULL), AWSMAP_OK);
  assert_non_null(strstr(awsmap_sigv4_result_canonical_request(res), "\nhost:example.com\n"));
  assert_non_null(strstr(awsmap_sigv4_result_canonical_request(res), "\na=2&b=1\n"));
  assert_string_equal(awsmap_sigv4_result_signed_headers(res), "host;x-amz-date;x-amz-security-token");
  assert_null(awsmap_sigv4_result_url(res));
  assert_int_equal(awsmap_sigv4_result_header_count(res), 3);
  const char *v;
  assert_string_equal(awsmap_sigv4_result_header(res, 0, &v), "X-Amz-Security-Token");
  assert_string_equal(v, "tok");
  assert_string_equal(awsmap_sigv4_result_header(res, 1, &v), "X-Amz-Date");
  assert_string_equal(awsmap_sigv4_result_header(res, 2, &v), "Authorization");
  assert_string_equal(v, awsmap_sigv4_result_authorization(res));
  assert_null(awsmap_sigv4_result_header(res, 3, &v));
  assert_null(v);
  awsmap_sigv4_result_free(res);
  awsmap_sigv4_request_free(req);

  /* a custom port stays; presigned URL appends after an existing query */
  assert_int_equal(awsmap_sigv4_request_new(&req, "GET", "http://h:8080/p?x=1"), AWSMAP_OK);
  awsmap_sigv4_options o;
  assert_int_equal(awsmap_sigv4_options_init(&o, 99), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_sigv4_options_init(&o, AWSMAP_SIGV4_OPTIONS_VERSION), AWSMAP_OK);
  o.mode = AWSMAP_SIGV4_QUERY;
  o.expires = 60;
  assert_int_equal(awsmap_sigv4_sign(&res, req, c, "us-east-1", "svc", T0, &o), AWSMAP_OK);
  assert_non_null(strstr(awsmap_sigv4_result_canonical_request(res), "\nhost:h:8080\n"));
  const char *url = awsmap_sigv4_result_url(res);
  assert_true(awsmap__str_starts_with(url, "http://h:8080/p?x=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
  assert_non_null(strstr(url, "&X-Amz-Expires=60&X-Amz-Security-Token=tok&X-Amz-Signature="));
  assert_null(awsmap_sigv4_result_authorization(res));
  assert_int_equal(awsmap_sigv4_result_header_count(res), 0);
  awsmap_sigv4_result_free(res);
  o.expires = 8 * 86400;
  assert_int_equal(awsmap_sigv4_sign(&res, req, c, "us-east-1", "svc", T0, &o), AWSMAP_ERR_INVALID_ARG);
  assert_null(res);
  assert_int_equal(awsmap_sigv4_sign(&res, req, c, NULL, "svc", T0, NULL), AWSMAP_ERR_INVALID_ARG);
  o.version = 7;
  assert_int_equal(awsmap_sigv4_sign(&res, req, c, "us-east-1", "svc", T0, &o), AWSMAP_ERR_INVALID_ARG);
  awsmap_sigv4_request_free(req);

  /* accessors and frees accept NULL */
  awsmap_sigv4_request_free(NULL);
  awsmap_sigv4_result_free(NULL);
  assert_string_equal(awsmap_sigv4_result_signature(NULL), "");
  assert_string_equal(awsmap_sigv4_result_canonical_request(NULL), "");
  assert_int_equal(awsmap_sigv4_result_header_count(NULL), 0);
  awsmap_credentials_release(c);
}

static void test_public_alloc_failures(void **state) {
  awsmap_credentials *c = creds_with("tok", 0);
  int ok = 0, nomem = 0;
  for (long n = 1; n < 60; n++) {
    awsmap_sigv4_request *req = NULL;
    awsmap_sigv4_result *res = NULL;
    awsmap__alloc_fail_after(n);
    awsmap_status st = awsmap_sigv4_request_new(&req, "POST", "https://h/a b?q=%41&r");
    if (st == AWSMAP_OK)
      st = awsmap_sigv4_request_add_header(req, "X-A", "1");
    if (st == AWSMAP_OK)
      st = awsmap_sigv4_request_set_body(req, "body", 4);
    if (st == AWSMAP_OK) {
      awsmap_sigv4_options o = AWSMAP_SIGV4_OPTIONS_INIT;
      o.mode = n % 2 ? AWSMAP_SIGV4_QUERY : AWSMAP_SIGV4_HEADERS;
      st = awsmap_sigv4_sign(&res, req, c, "us-east-1", "svc", T0, &o);
    }
    awsmap__alloc_fail_after(0);
    assert_true(st == AWSMAP_OK || st == AWSMAP_ERR_NOMEM);
    if (st == AWSMAP_OK)
      ok++;
    else
      nomem++;
    awsmap_sigv4_result_free(res);
    awsmap_sigv4_request_free(req);
  }
  assert_true(nomem > 5);
  assert_true(ok > 0);
  awsmap_credentials_release(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_path_rules),          cmocka_unit_test(test_query_rules),
      cmocka_unit_test(test_header_rules),        cmocka_unit_test(test_merge_and_choice),
      cmocka_unit_test(test_s3_payloads),         cmocka_unit_test(test_transport_entry),
      cmocka_unit_test(test_bad_input),           cmocka_unit_test(test_key_cache),
      cmocka_unit_test(test_key_cache_holds_no_secret),
      cmocka_unit_test(test_concurrent_signing),  cmocka_unit_test(test_public_url_and_host),
      cmocka_unit_test(test_public_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
