/* Credential endpoints never go through a proxy: awsmap__http_perform sends
 * link-local, IMDS IPv6 and loopback targets direct even when http_proxy says
 * otherwise, and leaves every other host to the user's proxy settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"
#include "loopback.h"

static awsmap__http_engine *engine(void) {
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  return e;
}

/* http_proxy (and friends) point at the recording "proxy"; nothing is exempt. */
static void use_proxy(const lb_server *proxy) {
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d", proxy->port);
  setenv("http_proxy", url, 1);
  setenv("https_proxy", url, 1);
  setenv("all_proxy", url, 1);
  unsetenv("no_proxy");
  unsetenv("NO_PROXY");
}

static void clear_proxy(void) {
  unsetenv("http_proxy");
  unsetenv("https_proxy");
  unsetenv("all_proxy");
}

static void loopback_target_bypasses_the_proxy(void **state) {
  static const lb_reply proxy_script[] = {{200, NULL, "from-proxy", LB_NORMAL, 0}};
  static const lb_reply target_script[] = {{200, NULL, "{\"Token\":\"t\"}", LB_NORMAL, 0}};
  lb_server proxy, target;
  assert_int_equal(lb_start(&proxy, proxy_script, 1), 0);
  assert_int_equal(lb_start(&target, target_script, 1), 0);
  use_proxy(&proxy);
  awsmap__http_engine *e = engine();
  char urls[3][128];
  lb_url(&target, "/creds", urls[0], sizeof urls[0]);
  snprintf(urls[1], sizeof urls[1], "http://localhost:%d/creds", target.port);
  snprintf(urls[2], sizeof urls[2], "http://127.0.0.1:%d/latest/api/token", target.port);
  awsmap__header hdr[] = {{"Authorization", "container-token-secret"}};
  for (int i = 0; i < 3; i++) {
    awsmap__http_request req = {i == 2 ? "PUT" : "GET", urls[i], hdr, 1, NULL, 0, 1000, 2000};
    awsmap__http_response resp = {0};
    assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(awsmap__buf_cstr(&resp.body), "{\"Token\":\"t\"}");
    awsmap__http_response_dispose(&resp);
  }
  assert_int_equal(lb_requests(&target), 3);
  assert_int_equal(lb_requests(&proxy), 0);
  assert_int_equal(lb_connections(&proxy), 0);
  assert_null(strstr(proxy.log, "container-token-secret"));
  awsmap__http_engine_free(e);
  clear_proxy();
  lb_stop(&target);
  lb_stop(&proxy);
}

/* Loopback targets on other addresses and ports go direct too. IMDS and the
 * container endpoints (link-local, fd00:ec2::) take the same path, decided by
 * awsmap__http_url_is_local (which_hosts_are_local): they are not contacted
 * here, because tests send traffic to this machine's loopback only. */
static void other_loopback_targets_bypass_the_proxy(void **state) {
  static const lb_reply proxy_script[] = {{200, NULL, "TOKEN-FROM-PROXY", LB_NORMAL, 0}};
  lb_server proxy;
  assert_int_equal(lb_start(&proxy, proxy_script, 1), 0);
  use_proxy(&proxy);
  awsmap__http_engine *e = engine();
  static const char *const urls[] = {"http://[::1]:1/x", "http://127.0.0.2:1/x",
                                     "http://localhost:1/latest/api/token"};
  awsmap__header hdr[] = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(urls); i++) {
    awsmap__http_request req = {"PUT", urls[i], hdr, 1, NULL, 0, 200, 400};
    awsmap__http_response resp = {0};
    /* direct, nothing listens on port 1: it fails; it must never reach the proxy */
    (void)awsmap__http_perform(e, &req, &resp);
    if (strstr(awsmap__buf_cstr(&resp.body), "TOKEN-FROM-PROXY"))
      fail_msg("%s went through the proxy", urls[i]);
    awsmap__http_response_dispose(&resp);
  }
  assert_int_equal(lb_requests(&proxy), 0);
  awsmap__http_engine_free(e);
  clear_proxy();
  lb_stop(&proxy);
}

/* Public hosts (the SSO portal) keep the user's proxy: corporate networks need it. */
static void other_hosts_still_use_the_proxy(void **state) {
  static const lb_reply proxy_script[] = {{200, NULL, "via-proxy", LB_NORMAL, 0}};
  lb_server proxy;
  assert_int_equal(lb_start(&proxy, proxy_script, 1), 0);
  use_proxy(&proxy);
  awsmap__http_engine *e = engine();
  /* Names under .invalid only: even a regression could not reach a real host. */
  static const char *const urls[] = {"http://proxied.invalid/federation/credentials",
                                     "http://169.254.169.254.proxied.invalid/x",
                                     "http://localhost.proxied.invalid/x"};
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(urls); i++) {
    awsmap__http_request req = {"GET", urls[i], NULL, 0, NULL, 0, 1000, 2000};
    awsmap__http_response resp = {0};
    assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
    assert_string_equal(awsmap__buf_cstr(&resp.body), "via-proxy");
    awsmap__http_response_dispose(&resp);
  }
  assert_int_equal(lb_requests(&proxy), (int)AWSMAP__ARRAY_LEN(urls));
  assert_non_null(strstr(proxy.log, "GET http://proxied.invalid/federation/credentials HTTP/1.1"));
  awsmap__http_engine_free(e);
  clear_proxy();
  lb_stop(&proxy);
}

static void which_hosts_are_local(void **state) {
  static const char *const local[] = {
      "http://169.254.169.254/latest/api/token", "http://169.254.170.2/v2/credentials/x",
      "http://169.254.170.23/v1/credentials",    "http://169.254.0.1:8080/",
      "http://[fd00:ec2::254]/latest/api/token", "http://[fd00:ec2::23]/v1/credentials",
      "http://[FD00:EC2:0:0::254]:80/",          "http://[fe80::1]/",
      "http://[febf::1]/",                       "http://[fe80::1%25eth0]/",
      "http://[::1]:9/",                         "http://[::ffff:169.254.169.254]/",
      "http://127.0.0.1:9/",                     "http://127.255.255.254/",
      "http://localhost/",                       "http://LOCALHOST.:80/",
      "http://creds.localhost/",                 "https://user:pw@127.0.0.1/x?y=1#z",
  };
  static const char *const remote[] = {
      "https://portal.sso.us-east-1.amazonaws.com/federation/credentials",
      "http://proxied.invalid/", "http://169.254.169.254.proxied.invalid/",
      "http://localhost.proxied.invalid/", "http://169.253.255.255/", "http://169.255.0.1/",
      "http://128.0.0.1/", "http://[fd00:ec3::254]/", "http://[fec0::1]/", "http://[::2]/",
      "http://[2001:db8::1]/", "http://10.0.0.1/", "http://notlocalhost/",
  };
  bool is_local = false;
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(local); i++) {
    assert_int_equal(awsmap__http_url_is_local(local[i], &is_local), AWSMAP_OK);
    if (!is_local)
      fail_msg("%s should be reached direct", local[i]);
  }
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(remote); i++) {
    assert_int_equal(awsmap__http_url_is_local(remote[i], &is_local), AWSMAP_OK);
    if (is_local)
      fail_msg("%s should follow the proxy settings", remote[i]);
  }
  assert_int_equal(awsmap__http_url_is_local("http://", &is_local), AWSMAP_ERR_INVALID_ARG);
  assert_false(is_local);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(which_hosts_are_local),
      cmocka_unit_test(loopback_target_bypasses_the_proxy),
      cmocka_unit_test(other_loopback_targets_bypass_the_proxy),
      cmocka_unit_test(other_hosts_still_use_the_proxy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
