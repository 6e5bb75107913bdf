/* The provider core and the local providers: static, environment, chain,
 * cache (incl. concurrency across an expiry), and the policy helpers. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"

/* ---- a scripted source provider: counts fetches, can fail, can be slow ---- */
typedef struct script {
  atomic_int fetches;
  awsmap_status fail_with; /* AWSMAP_OK = succeed */
  int64_t lifetime;        /* credentials expire this long after the fake now */
  int delay_ms;
  const char *why; /* the failure's message, or NULL for "scripted failure N" */
} script;

static atomic_llong fake_now;
static int64_t fake_clock(void) { return atomic_load(&fake_now); }

static awsmap_status script_fetch(void *impl, awsmap_credentials **out) {
  script *s = impl;
  int n = atomic_fetch_add(&s->fetches, 1) + 1;
  if (s->delay_ms)
    usleep((useconds_t)s->delay_ms * 1000);
  if (s->fail_with != AWSMAP_OK)
    return s->why ? awsmap__error_set(s->fail_with, "script", "%s", s->why)
                  : awsmap__error_set(s->fail_with, "script", "scripted failure %d", n);
  char akid[32];
  snprintf(akid, sizeof akid, "AKIDSCRIPT%d", n);
  return awsmap__credentials_new(out, akid, "scriptSecret", "scriptToken",
                                 s->lifetime ? awsmap__now() + s->lifetime : 0, "script", NULL);
}
static void script_destroy(void *impl) { (void)impl; }
static const awsmap__provider_vtable SCRIPT_VT = {script_fetch, script_destroy};

static awsmap_credentials_provider *script_provider(script *s, const char *name) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap__provider_new(&p, &SCRIPT_VT, name, s), AWSMAP_OK);
  return p;
}

static int setup_clock(void **state) {
  atomic_store(&fake_now, 1700000000);
  awsmap__clock_set(fake_clock);
  return 0;
}
static int teardown_clock(void **state) {
  awsmap__clock_set(NULL);
  awsmap__auth_env_override(NULL);
  return 0;
}

/* ---- static / environment ---- */

static void static_provider(void **state) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_static_new(&p, "AKID", NULL, NULL), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_credentials_provider_static_new(&p, "AKID", "SECRET", "TOKEN"), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_provider_name(p), "static");
  awsmap_credentials *a = NULL, *b = NULL;
  assert_int_equal(awsmap_credentials_provider_get(p, &a), AWSMAP_OK);
  assert_int_equal(awsmap_credentials_provider_get(p, &b), AWSMAP_OK);
  assert_ptr_equal(a, b);
  assert_string_equal(awsmap_credentials_secret_access_key(a), "SECRET");
  assert_string_equal(awsmap_credentials_session_token(a), "TOKEN");
  assert_ptr_equal(awsmap_credentials_provider_acquire(p), p);
  awsmap_credentials_provider_release(p);
  awsmap_credentials_provider_release(p);
  awsmap_credentials_release(a);
  awsmap_credentials_release(b);
  awsmap_credentials_provider_release(NULL);
  assert_string_equal(awsmap_credentials_provider_name(NULL), "");
  assert_int_equal(awsmap_credentials_provider_get(NULL, &a), AWSMAP_ERR_INVALID_ARG);
}

static void environment_provider(void **state) {
  awsmap_credentials_provider *p = NULL;
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_provider_environment_new(&p), AWSMAP_OK);
  const char *none[] = {"HOME=/nowhere", NULL};
  awsmap__auth_env_override(none);
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  assert_string_equal(awsmap_error_provider(awsmap_error_last()), "environment");
  const char *half[] = {"AWS_ACCESS_KEY_ID=AKIDENV", NULL};
  awsmap__auth_env_override(half);
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_INVALID_ARG);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "AWS_SECRET_ACCESS_KEY is not"));
  const char *full[] = {"AWS_ACCESS_KEY_ID=AKIDENV", "AWS_SECRET_ACCESS_KEY=envSecret",
                        "AWS_SESSION_TOKEN=envToken", "AWS_CREDENTIAL_EXPIRATION=2030-01-01T00:00:00Z", NULL};
  awsmap__auth_env_override(full);
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDENV");
  assert_string_equal(awsmap_credentials_secret_access_key(c), "envSecret");
  assert_string_equal(awsmap_credentials_session_token(c), "envToken");
  assert_int_equal(awsmap_credentials_expiration(c), 1893456000);
  assert_string_equal(awsmap_credentials_source(c), "environment");
  awsmap_credentials_release(c);
  const char *empty_token[] = {"AWS_ACCESS_KEY_ID=A", "AWS_SECRET_ACCESS_KEY=S", "AWS_SESSION_TOKEN=", NULL};
  awsmap__auth_env_override(empty_token);
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_null(awsmap_credentials_session_token(c));
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
}

/* ---- chain ---- */

static void chain_first_success_and_summary(void **state) {
  script unavailable1 = {0, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, 0, 0, NULL};
  script unavailable2 = {0, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, 0, 0, NULL};
  script ok = {0, AWSMAP_OK, 0, 0, NULL};
  script never = {0, AWSMAP_OK, 0, 0, NULL};
  awsmap_credentials_provider *links[] = {script_provider(&unavailable1, "first"),
                                          script_provider(&ok, "second"), script_provider(&never, "third")};
  awsmap_credentials_provider *ch = NULL;
  assert_int_equal(awsmap_credentials_provider_chain_new(&ch, links, 3), AWSMAP_OK);
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_provider_get(ch, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT1");
  assert_int_equal(atomic_load(&never.fetches), 0);
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(ch);

  /* none succeeds: one message lists every link and its reason */
  awsmap_credentials_provider *bad[] = {links[0], script_provider(&unavailable2, "other")};
  assert_int_equal(awsmap_credentials_provider_chain_new(&ch, bad, 2), AWSMAP_OK);
  assert_int_equal(awsmap_credentials_provider_get(ch, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  const char *msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "first: scripted failure"));
  assert_non_null(strstr(msg, "other: scripted failure"));
  awsmap_credentials_provider_release(ch);

  /* reasons that do not all fit: the short ones whole, the long one cut and marked */
  char longer[600];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  memcpy(longer + 300, "/tail-of-a-path", 15);
  script verbose = {0, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, 0, 0, longer};
  script terse = {0, AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, 0, 0,
                  "no AWS_PROFILE file at /home/u/.aws/credentials"};
  awsmap_credentials_provider *mixed[] = {script_provider(&verbose, "process"),
                                          script_provider(&terse, "profile")};
  assert_int_equal(awsmap_credentials_provider_chain_new(&ch, mixed, 2), AWSMAP_OK);
  assert_int_equal(awsmap_credentials_provider_get(ch, &c), AWSMAP_ERR_CREDENTIALS_UNAVAILABLE);
  msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "profile: no AWS_PROFILE file at /home/u/.aws/credentials)"));
  assert_non_null(strstr(msg, "process: xxx"));
  assert_non_null(strstr(msg, "x...; profile:"));
  assert_null(strstr(msg, "...)")); /* the whole message was not cut */
  awsmap_credentials_provider_release(ch);
  awsmap_credentials_provider_release(mixed[0]);
  awsmap_credentials_provider_release(mixed[1]);

  /* a configured link that fails stops the chain */
  script denied = {0, AWSMAP_ERR_ACCESS_DENIED, 0, 0, NULL};
  awsmap_credentials_provider *stop[] = {script_provider(&denied, "broken"), links[1]};
  assert_int_equal(awsmap_credentials_provider_chain_new(&ch, stop, 2), AWSMAP_OK);
  int before = atomic_load(&ok.fetches);
  assert_int_equal(awsmap_credentials_provider_get(ch, &c), AWSMAP_ERR_ACCESS_DENIED);
  assert_non_null(strstr(awsmap_error_message(awsmap_error_last()), "broken: scripted failure"));
  assert_int_equal(atomic_load(&ok.fetches), before);
  awsmap_credentials_provider_release(ch);
  for (size_t i = 0; i < 3; i++)
    awsmap_credentials_provider_release(links[i]);
  awsmap_credentials_provider_release(bad[1]);
  awsmap_credentials_provider_release(stop[0]);
  assert_int_equal(awsmap_credentials_provider_chain_new(&ch, links, 0), AWSMAP_ERR_INVALID_ARG);
}

/* ---- cache ---- */

static void cache_reuses_until_window(void **state) {
  script s = {0, AWSMAP_OK, 3600, 0, NULL};
  awsmap_credentials_provider *src = script_provider(&s, "script"), *p = NULL;
  assert_int_equal(awsmap_credentials_provider_cached_new(&p, src, 300), AWSMAP_OK);
  awsmap_credentials_provider_release(src); /* the cache holds its own reference */
  assert_string_equal(awsmap_credentials_provider_name(p), "script");
  awsmap_credentials *c = NULL;
  for (int i = 0; i < 5; i++) {
    assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
    assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT1");
    awsmap_credentials_release(c);
  }
  atomic_fetch_add(&fake_now, 3600 - 301); /* just before the window */
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT1");
  awsmap_credentials_release(c);
  atomic_fetch_add(&fake_now, 2); /* inside it */
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT2");
  awsmap_credentials_release(c);
  assert_int_equal(atomic_load(&s.fetches), 2);
  awsmap_credentials_provider_release(p);
}

static void cache_serves_valid_credentials_when_refresh_fails(void **state) {
  script s = {0, AWSMAP_OK, 3600, 0, NULL};
  awsmap_credentials_provider *src = script_provider(&s, "script"), *p = NULL;
  assert_int_equal(awsmap_credentials_provider_cached_new(&p, src, 300), AWSMAP_OK);
  awsmap_credentials_provider_release(src);
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  s.fail_with = AWSMAP_ERR_NETWORK;
  atomic_fetch_add(&fake_now, 3600 - 100); /* in the window, still valid */
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT1");
  assert_int_equal(awsmap_error_status(awsmap_error_last()), AWSMAP_OK); /* no stale error */
  awsmap_credentials_release(c);
  /* the failure is not retried on every call */
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  awsmap_credentials_release(c);
  assert_int_equal(atomic_load(&s.fetches), 2);
  atomic_fetch_add(&fake_now, 200); /* expired: the failure now surfaces */
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_ERR_NETWORK);
  assert_string_equal(awsmap_error_provider(awsmap_error_last()), "script");
  s.fail_with = AWSMAP_OK;
  assert_int_equal(awsmap_credentials_provider_get(p, &c), AWSMAP_OK);
  assert_string_equal(awsmap_credentials_access_key_id(c), "AKIDSCRIPT4");
  awsmap_credentials_release(c);
  awsmap_credentials_provider_release(p);
}

typedef struct puller {
  awsmap_credentials_provider *p;
  awsmap_status st;
  char akid[32];
} puller;

static void *pull(void *arg) {
  puller *w = arg;
  awsmap_credentials *c = NULL;
  w->st = awsmap_credentials_provider_get(w->p, &c);
  if (w->st == AWSMAP_OK)
    snprintf(w->akid, sizeof w->akid, "%s", awsmap_credentials_access_key_id(c));
  awsmap_credentials_release(c);
  return NULL;
}

static void run_pullers(awsmap_credentials_provider *p, puller *w, size_t n) {
  pthread_t t[32];
  for (size_t i = 0; i < n; i++) {
    w[i].p = p;
    assert_int_equal(pthread_create(&t[i], NULL, pull, &w[i]), 0);
  }
  for (size_t i = 0; i < n; i++)
    pthread_join(t[i], NULL);
}

static void cache_refreshes_once_under_concurrency(void **state) {
  enum { N = 32 };
  script s = {0, AWSMAP_OK, 3600, 100, NULL};
  awsmap_credentials_provider *src = script_provider(&s, "script"), *p = NULL;
  assert_int_equal(awsmap_credentials_provider_cached_new(&p, src, 300), AWSMAP_OK);
  awsmap_credentials_provider_release(src);
  puller w[N];
  memset(w, 0, sizeof w);
  /* cold cache: one fetch, everyone gets its result */
  run_pullers(p, w, N);
  assert_int_equal(atomic_load(&s.fetches), 1);
  for (size_t i = 0; i < N; i++) {
    assert_int_equal(w[i].st, AWSMAP_OK);
    assert_string_equal(w[i].akid, "AKIDSCRIPT1");
  }
  /* fully expired: again exactly one refresh */
  atomic_fetch_add(&fake_now, 4000);
  memset(w, 0, sizeof w);
  run_pullers(p, w, N);
  assert_int_equal(atomic_load(&s.fetches), 2);
  for (size_t i = 0; i < N; i++)
    assert_string_equal(w[i].akid, "AKIDSCRIPT2");
  /* inside the window: one refresh, nobody waits for old-but-valid keys */
  atomic_fetch_add(&fake_now, 3600 - 60);
  memset(w, 0, sizeof w);
  run_pullers(p, w, N);
  assert_int_equal(atomic_load(&s.fetches), 3);
  for (size_t i = 0; i < N; i++)
    assert_int_equal(w[i].st, AWSMAP_OK);
  /* a failing refresh with nothing valid: waiters share the one failure */
  s.fail_with = AWSMAP_ERR_TIMEOUT;
  atomic_fetch_add(&fake_now, 10000);
  memset(w, 0, sizeof w);
  run_pullers(p, w, N);
  int fetches = atomic_load(&s.fetches) - 3;
  assert_true(fetches >= 1 && fetches < N / 2);
  for (size_t i = 0; i < N; i++)
    assert_int_equal(w[i].st, AWSMAP_ERR_TIMEOUT);
  awsmap_credentials_provider_release(p);
}

/* ---- helpers ---- */

static void external_id_and_policies(void **state) {
  awsmap_buf *a = NULL, *b = NULL;
  assert_int_equal(awsmap_external_id_generate(&a), AWSMAP_OK);
  assert_int_equal(awsmap_external_id_generate(&b), AWSMAP_OK);
  assert_int_equal(awsmap_buf_len(a), 32);
  assert_string_not_equal(awsmap_buf_data(a), awsmap_buf_data(b));
  for (const char *c = awsmap_buf_data(a); *c; c++)
    assert_non_null(strchr("0123456789abcdef", *c));
  awsmap_buf *trust = NULL;
  assert_int_equal(awsmap_trust_policy_json(&trust, "111111111111", awsmap_buf_data(a)), AWSMAP_OK);
  const char *t = awsmap_buf_data(trust);
  assert_non_null(strstr(t, "\"AWS\": \"arn:aws:iam::111111111111:root\""));
  assert_non_null(strstr(t, "\"Action\": \"sts:AssumeRole\""));
  assert_non_null(strstr(t, "\"sts:ExternalId\": \""));
  assert_non_null(strstr(t, awsmap_buf_data(a)));
  awsmap_buf_free(trust);
  assert_int_equal(awsmap_trust_policy_json(&trust, "arn:aws:iam::111111111111:role/Mapper", "ext-7f3a9c"),
                   AWSMAP_OK);
  assert_non_null(strstr(awsmap_buf_data(trust), "\"arn:aws:iam::111111111111:role/Mapper\""));
  awsmap_buf_free(trust);
  trust = NULL;
  assert_int_equal(awsmap_trust_policy_json(&trust, "11111111111", "ext-1"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_trust_policy_json(&trust, "111111111111", "x"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_trust_policy_json(&trust, "111111111111", "bad\"quote"), AWSMAP_ERR_INVALID_ARG);
  assert_int_equal(awsmap_trust_policy_json(&trust, "arn:aws:iam::1:user/\"x", "ext-1"), AWSMAP_ERR_INVALID_ARG);
  assert_null(trust);
  awsmap_buf *ro = NULL;
  assert_int_equal(awsmap_readonly_policy_json(&ro), AWSMAP_OK);
  const char *r = awsmap_buf_data(ro);
  const char *must[] = {"ec2:DescribeInstances", "ec2:DescribeVpcEndpoints", "rds:DescribeDBClusters",
                        "elasticloadbalancing:DescribeTargetHealth", "s3:ListAllMyBuckets",
                        "s3:GetBucketLocation", "sts:GetCallerIdentity"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(must); i++)
    assert_non_null(strstr(r, must[i]));
  assert_null(strstr(r, "*\","));       /* no wildcard actions */
  assert_null(strstr(r, "Put"));
  awsmap_buf_free(ro);
  awsmap_buf_free(a);
  awsmap_buf_free(b);
}

/* The SSO portal's answer: an expiration in milliseconds, taken only in range
 * (infinity, NaN-like and sub-second values would be undefined or "never"). */
static void sso_role_credentials_are_checked(void **state) {
  char body[512];
  static const struct {
    const char *exp;
    awsmap_status want;
    int64_t seconds;
  } cases[] = {{"1796028360000", AWSMAP_OK, 1796028360}, {"1e400", AWSMAP_ERR_PARSE, 0},
               {"-1e400", AWSMAP_ERR_PARSE, 0},          {"999", AWSMAP_ERR_PARSE, 0},
               {"-5000", AWSMAP_ERR_PARSE, 0},           {"3e17", AWSMAP_ERR_PARSE, 0},
               {"\"1796028360000\"", AWSMAP_ERR_PARSE, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    snprintf(body, sizeof body,
             "{\"roleCredentials\":{\"accessKeyId\":\"ASIAX\",\"secretAccessKey\":\"s\","
             "\"sessionToken\":\"t\",\"expiration\":%s}}", cases[i].exp);
    awsmap_credentials *c = NULL;
    awsmap_status st = awsmap__sso_parse_role_credentials(body, strlen(body), "111111111111", &c);
    if (st != cases[i].want)
      fail_msg("expiration %s: got %s (%s)", cases[i].exp, awsmap_status_name(st),
               awsmap_error_message(awsmap_error_last()));
    if (st == AWSMAP_OK) {
      assert_int_equal(awsmap_credentials_expiration(c), cases[i].seconds);
      assert_string_equal(awsmap_credentials_account_id(c), "111111111111");
    } else {
      assert_null(c);
    }
    awsmap_credentials_release(c);
  }
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKID", "SECRET", NULL, -1), AWSMAP_ERR_INVALID_ARG);
  assert_null(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(static_provider, setup_clock, teardown_clock),
      cmocka_unit_test_setup_teardown(environment_provider, setup_clock, teardown_clock),
      cmocka_unit_test_setup_teardown(chain_first_success_and_summary, setup_clock, teardown_clock),
      cmocka_unit_test_setup_teardown(cache_reuses_until_window, setup_clock, teardown_clock),
      cmocka_unit_test_setup_teardown(cache_serves_valid_credentials_when_refresh_fails, setup_clock,
                                      teardown_clock),
      cmocka_unit_test_setup_teardown(cache_refreshes_once_under_concurrency, setup_clock, teardown_clock),
      cmocka_unit_test(external_id_and_policies),
      cmocka_unit_test(sso_role_credentials_are_checked),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
