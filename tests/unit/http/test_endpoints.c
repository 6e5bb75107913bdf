/* Endpoint resolution, table-driven. Expected hosts were checked against botocore's endpoint
 * rule sets (Debian python3-botocore), except where noted: STS is regional here (botocore
 * still defaults to the legacy global host) and S3 in us-east-1 uses the regional name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"

typedef struct ep_case {
  const char *service, *region, *bucket;
  bool fips, ds, path_style;
  const char *override;
  const char *base, *host;
  bool bucket_in_path;
} ep_case;

static const ep_case CASES[] = {
    /* aws partition */
    {"ec2", "us-east-1", NULL, 0, 0, 0, NULL, "https://ec2.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com", 0},
    {"ec2", "eu-west-1", NULL, 0, 1, 0, NULL, "https://ec2.eu-west-1.api.aws", "ec2.eu-west-1.api.aws", 0},
    {"ec2", "us-east-1", NULL, 1, 0, 0, NULL, "https://ec2-fips.us-east-1.amazonaws.com", "ec2-fips.us-east-1.amazonaws.com", 0},
    {"ec2", "us-east-1", NULL, 1, 1, 0, NULL, "https://ec2-fips.us-east-1.api.aws", "ec2-fips.us-east-1.api.aws", 0},
    {"rds", "eu-west-1", NULL, 0, 0, 0, NULL, "https://rds.eu-west-1.amazonaws.com", "rds.eu-west-1.amazonaws.com", 0},
    {"rds", "us-east-1", NULL, 1, 0, 0, NULL, "https://rds-fips.us-east-1.amazonaws.com", "rds-fips.us-east-1.amazonaws.com", 0},
    {"elasticloadbalancing", "eu-west-1", NULL, 0, 0, 0, NULL, "https://elasticloadbalancing.eu-west-1.amazonaws.com", "elasticloadbalancing.eu-west-1.amazonaws.com", 0},
    {"elasticloadbalancing", "us-east-1", NULL, 1, 0, 0, NULL, "https://elasticloadbalancing-fips.us-east-1.amazonaws.com", "elasticloadbalancing-fips.us-east-1.amazonaws.com", 0},
    {"sts", "eu-west-1", NULL, 0, 0, 0, NULL, "https://sts.eu-west-1.amazonaws.com", "sts.eu-west-1.amazonaws.com", 0},
    {"sts", "aws-global", NULL, 0, 0, 0, NULL, "https://sts.amazonaws.com", "sts.amazonaws.com", 0},
    {"sts", "us-east-1", NULL, 1, 0, 0, NULL, "https://sts-fips.us-east-1.amazonaws.com", "sts-fips.us-east-1.amazonaws.com", 0},
    {"sso", "eu-west-1", NULL, 0, 0, 0, NULL, "https://portal.sso.eu-west-1.amazonaws.com", "portal.sso.eu-west-1.amazonaws.com", 0},
    {"s3", "eu-west-1", NULL, 0, 0, 0, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 0},
    {"s3", "aws-global", NULL, 0, 0, 0, NULL, "https://s3.amazonaws.com", "s3.amazonaws.com", 0},
    {"s3", "eu-west-1", NULL, 0, 1, 0, NULL, "https://s3.dualstack.eu-west-1.amazonaws.com", "s3.dualstack.eu-west-1.amazonaws.com", 0},
    {"s3", "eu-west-1", NULL, 1, 0, 0, NULL, "https://s3-fips.eu-west-1.amazonaws.com", "s3-fips.eu-west-1.amazonaws.com", 0},
    {"s3", "eu-west-1", NULL, 1, 1, 0, NULL, "https://s3-fips.dualstack.eu-west-1.amazonaws.com", "s3-fips.dualstack.eu-west-1.amazonaws.com", 0},
    /* aws-cn */
    {"ec2", "cn-north-1", NULL, 0, 0, 0, NULL, "https://ec2.cn-north-1.amazonaws.com.cn", "ec2.cn-north-1.amazonaws.com.cn", 0},
    {"ec2", "cn-north-1", NULL, 0, 1, 0, NULL, "https://ec2.cn-north-1.api.amazonwebservices.com.cn", "ec2.cn-north-1.api.amazonwebservices.com.cn", 0},
    {"sts", "cn-northwest-1", NULL, 0, 0, 0, NULL, "https://sts.cn-northwest-1.amazonaws.com.cn", "sts.cn-northwest-1.amazonaws.com.cn", 0},
    {"s3", "cn-north-1", NULL, 0, 1, 0, NULL, "https://s3.dualstack.cn-north-1.amazonaws.com.cn", "s3.dualstack.cn-north-1.amazonaws.com.cn", 0},
    {"sso", "cn-north-1", NULL, 0, 0, 0, NULL, "https://portal.sso.cn-north-1.amazonaws.com.cn", "portal.sso.cn-north-1.amazonaws.com.cn", 0},
    /* aws-us-gov: the plain regional hosts are FIPS already */
    {"ec2", "us-gov-west-1", NULL, 0, 0, 0, NULL, "https://ec2.us-gov-west-1.amazonaws.com", "ec2.us-gov-west-1.amazonaws.com", 0},
    {"ec2", "us-gov-west-1", NULL, 1, 0, 0, NULL, "https://ec2.us-gov-west-1.amazonaws.com", "ec2.us-gov-west-1.amazonaws.com", 0},
    {"ec2", "us-gov-west-1", NULL, 1, 1, 0, NULL, "https://ec2-fips.us-gov-west-1.api.aws", "ec2-fips.us-gov-west-1.api.aws", 0},
    {"rds", "us-gov-east-1", NULL, 1, 0, 0, NULL, "https://rds.us-gov-east-1.amazonaws.com", "rds.us-gov-east-1.amazonaws.com", 0},
    {"sts", "us-gov-west-1", NULL, 1, 0, 0, NULL, "https://sts.us-gov-west-1.amazonaws.com", "sts.us-gov-west-1.amazonaws.com", 0},
    {"s3", "us-gov-west-1", NULL, 1, 0, 0, NULL, "https://s3-fips.us-gov-west-1.amazonaws.com", "s3-fips.us-gov-west-1.amazonaws.com", 0},
    /* S3 addressing */
    {"s3", "eu-west-1", "my-bucket", 0, 0, 0, NULL, "https://my-bucket.s3.eu-west-1.amazonaws.com", "my-bucket.s3.eu-west-1.amazonaws.com", 0},
    {"s3", "eu-west-1", "my-bucket", 0, 0, 1, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 1},
    {"s3", "eu-west-1", "my.dotted.bucket", 0, 0, 0, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 1},
    {"s3", "eu-west-1", "MyBucket", 0, 0, 0, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 1},
    {"s3", "eu-west-1", "my_bucket", 0, 0, 0, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 1},
    {"s3", "eu-west-1", "ab", 0, 0, 0, NULL, "https://s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", 1},
    {"s3", "eu-west-1", "my-bucket", 0, 1, 0, NULL, "https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com", "my-bucket.s3.dualstack.eu-west-1.amazonaws.com", 0},
    /* overrides: taken as given, S3 goes path-style */
    {"ec2", "us-east-1", NULL, 1, 1, 0, "http://127.0.0.1:4566", "http://127.0.0.1:4566", "127.0.0.1:4566", 0},
    {"s3", "us-east-1", "my-bucket", 0, 0, 0, "http://127.0.0.1:4566/", "http://127.0.0.1:4566", "127.0.0.1:4566", 1},
    {"sts", "us-east-1", NULL, 0, 0, 0, "https://Gateway.Example.com:443/aws/", "https://gateway.example.com/aws", "gateway.example.com", 0},
    {"ec2", "us-east-1", NULL, 0, 0, 0, "http://[::1]:8080", "http://[::1]:8080", "[::1]:8080", 0},
};

static void resolves_table(void **state) {
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const ep_case *c = &CASES[i];
    awsmap__endpoint_options o = {c->override, c->fips, c->ds, c->path_style};
    awsmap__endpoint ep = {0};
    print_message("case %zu: %s %s %s\n", i, c->service, c->region, c->bucket ? c->bucket : "");
    assert_int_equal(awsmap__endpoint_resolve(&o, c->service, c->region, c->bucket, &ep), AWSMAP_OK);
    assert_string_equal(awsmap__buf_cstr(&ep.base), c->base);
    assert_string_equal(awsmap__buf_cstr(&ep.host), c->host);
    assert_int_equal(ep.bucket_in_path, c->bucket_in_path);
    awsmap__endpoint_dispose(&ep);
  }
}

static void rejects_bad_input(void **state) {
  static const char *const bad_urls[] = {"ftp://x", "file:///etc/passwd", "http://", "http://u:p@host",
                                         "http://host:abc", "http://host?x=1", "http://a b", "http://[::1"};
  for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
    awsmap__endpoint ep = {0};
    awsmap__endpoint_options o = {bad_urls[i], false, false, false};
    assert_int_equal(awsmap__endpoint_resolve(&o, "ec2", "us-east-1", NULL, &ep), AWSMAP_ERR_INVALID_ARG);
    awsmap__endpoint_dispose(&ep);
  }
  static const char *const bad_regions[] = {"", "us-east-1.evil.com", "US-EAST-1", "us east", NULL};
  for (size_t i = 0; i < sizeof bad_regions / sizeof bad_regions[0]; i++) {
    awsmap__endpoint ep = {0};
    assert_int_equal(awsmap__endpoint_resolve(NULL, "ec2", bad_regions[i], NULL, &ep), AWSMAP_ERR_INVALID_ARG);
    awsmap__endpoint_dispose(&ep);
  }
}

static void bucket_dns_rules(void **state) {
  assert_true(awsmap__s3_bucket_virtual_ok("abc"));
  assert_true(awsmap__s3_bucket_virtual_ok("prod-logs-2024"));
  assert_false(awsmap__s3_bucket_virtual_ok("ab"));
  assert_false(awsmap__s3_bucket_virtual_ok("a.b.c"));
  assert_false(awsmap__s3_bucket_virtual_ok("Upper"));
  assert_false(awsmap__s3_bucket_virtual_ok("under_score"));
  assert_false(awsmap__s3_bucket_virtual_ok("-leading"));
  assert_false(awsmap__s3_bucket_virtual_ok("trailing-"));
  char long_name[65];
  memset(long_name, 'a', 64);
  long_name[64] = '\0';
  assert_false(awsmap__s3_bucket_virtual_ok(long_name));
  long_name[63] = '\0';
  assert_true(awsmap__s3_bucket_virtual_ok(long_name));
}

static void override_precedence(void **state) {
  unsetenv("AWS_ENDPOINT_URL");
  setenv("AWS_ENDPOINT_URL_EC2", "http://ec2-env:1", 1);
  setenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING", "http://elb-env:2", 1);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, NULL), AWSMAP_OK);
  assert_string_equal(awsmap__http_engine_override(e, "ec2"), "http://ec2-env:1");
  assert_string_equal(awsmap__http_engine_override(e, "elasticloadbalancing"), "http://elb-env:2");
  assert_null(awsmap__http_engine_override(e, "rds"));
  assert_int_equal(awsmap__http_engine_set_endpoint(e, "ec2", "http://set:3"), AWSMAP_OK);
  assert_string_equal(awsmap__http_engine_override(e, "ec2"), "http://set:3");
  assert_int_equal(awsmap__http_engine_set_endpoint(e, "ec2", NULL), AWSMAP_OK);
  assert_string_equal(awsmap__http_engine_override(e, "ec2"), "http://ec2-env:1");
  assert_int_equal(awsmap__http_engine_set_endpoint(e, "ec2", "gopher://x"), AWSMAP_ERR_INVALID_ARG);
  awsmap__http_engine_free(e);
  /* ELBv2's id works for the shared signing name too */
  unsetenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING");
  setenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elbv2-env:4", 1);
  /* the global env applies to the rest; a configured global beats the per-service env */
  setenv("AWS_ENDPOINT_URL", "http://global-env:5", 1);
  assert_int_equal(awsmap__http_engine_new(&e, NULL), AWSMAP_OK);
  assert_string_equal(awsmap__http_engine_override(e, "elasticloadbalancing"), "http://elbv2-env:4");
  assert_string_equal(awsmap__http_engine_override(e, "ec2"), "http://ec2-env:1");
  assert_string_equal(awsmap__http_engine_override(e, "sts"), "http://global-env:5");
  awsmap__http_engine_free(e);
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = "http://configured:6";
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  assert_string_equal(awsmap__http_engine_override(e, "ec2"), "http://configured:6");
  awsmap__http_engine_free(e);
  cfg.endpoint_url = "ftp://nope";
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_ERR_INVALID_ARG);
  assert_null(e);
  unsetenv("AWS_ENDPOINT_URL");
  unsetenv("AWS_ENDPOINT_URL_EC2");
  unsetenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2");
}

static void env_settings(void **state) {
  setenv("AWS_MAX_ATTEMPTS", "7", 1);
  setenv("AWS_USE_FIPS_ENDPOINT", "true", 1);
  setenv("AWS_USE_DUALSTACK_ENDPOINT", "false", 1);
  setenv("AWS_CA_BUNDLE", "/tmp/ca.pem", 1);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, NULL), AWSMAP_OK);
  assert_int_equal(e->max_attempts, 7);
  assert_true(e->use_fips);
  assert_false(e->use_dualstack);
  assert_string_equal(e->ca_bundle, "/tmp/ca.pem");
  assert_true(e->verify_tls);
  assert_int_equal(e->connect_timeout_ms, 3100);
  assert_int_equal(e->request_timeout_ms, 60000);
  assert_int_equal(e->main.max_in_flight, 32);
  assert_int_equal(e->max_response_bytes, (size_t)256 * 1024 * 1024);
  awsmap__http_engine_free(e);
  setenv("AWS_MAX_ATTEMPTS", "zero", 1);
  assert_int_equal(awsmap__http_engine_new(&e, NULL), AWSMAP_OK);
  assert_int_equal(e->max_attempts, 3);
  awsmap__http_engine_free(e);
  unsetenv("AWS_MAX_ATTEMPTS");
  unsetenv("AWS_USE_FIPS_ENDPOINT");
  unsetenv("AWS_USE_DUALSTACK_ENDPOINT");
  unsetenv("AWS_CA_BUNDLE");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(resolves_table),
      cmocka_unit_test(rejects_bad_input),
      cmocka_unit_test(bucket_dns_rules),
      cmocka_unit_test(override_precedence),
      cmocka_unit_test(env_settings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
