/* The client's default region, as the AWS SDKs and CLI choose it:
 * AWS_REGION, AWS_DEFAULT_REGION, the profile's region in the shared config
 * file (AWS_PROFILE, else "default"), else us-east-1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/internal.h"

static char config[64];

static int setup(void **state) {
  snprintf(config, sizeof config, "/tmp/awsmap-client-test-%ld.ini", (long)getpid());
  FILE *f = fopen(config, "w");
  if (!f)
    return -1;
  fputs("[default]\nregion = ap-south-1\n[profile prod]\nregion = eu-west-1\n"
        "[profile bare]\noutput = json\n", f);
  fclose(f);
  setenv("AWS_CONFIG_FILE", config, 1);
  return 0;
}

static int teardown(void **state) {
  unlink(config);
  return 0;
}

static void expect_region(const char *region, const char *want) {
  awsmap_credentials_provider *p = NULL;
  assert_int_equal(awsmap_credentials_provider_static_new(&p, "AKID", "SECRET", NULL), AWSMAP_OK);
  awsmap_client_options o = AWSMAP_CLIENT_OPTIONS_INIT;
  o.region = region;
  awsmap_client *c = NULL;
  assert_int_equal(awsmap_client_new(&c, p, &o), AWSMAP_OK);
  assert_string_equal(awsmap__client_region(c), want);
  awsmap_client_free(c);
  awsmap_credentials_provider_release(p);
}

static void default_region_follows_the_sdks(void **state) {
  unsetenv("AWS_REGION");
  unsetenv("AWS_DEFAULT_REGION");
  unsetenv("AWS_PROFILE");
  expect_region(NULL, "ap-south-1"); /* [default] */
  setenv("AWS_PROFILE", "prod", 1);
  expect_region(NULL, "eu-west-1");
  setenv("AWS_PROFILE", "bare", 1); /* no region in the profile */
  expect_region(NULL, "us-east-1");
  setenv("AWS_PROFILE", "prod", 1);
  setenv("AWS_DEFAULT_REGION", "ca-central-1", 1);
  expect_region(NULL, "ca-central-1");
  setenv("AWS_REGION", "sa-east-1", 1);
  expect_region(NULL, "sa-east-1");
  expect_region("us-west-2", "us-west-2"); /* the option wins */
  unsetenv("AWS_REGION");
  unsetenv("AWS_DEFAULT_REGION");
  setenv("AWS_CONFIG_FILE", "/nonexistent/awsmap/config", 1);
  expect_region(NULL, "us-east-1"); /* no file: the last resort */
  setenv("AWS_CONFIG_FILE", config, 1);
  unsetenv("AWS_PROFILE");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_region_follows_the_sdks),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
