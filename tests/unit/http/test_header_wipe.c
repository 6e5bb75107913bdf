/* Header lists can carry tokens (Authorization, X-Amz-Security-Token, the IMDS
 * token, x-amz-sso_bearer_token): every node is wiped before curl frees it.
 *
 * curl copies each header line with its strdup; the test installs curl's
 * memory callbacks (curl_global_init_mem, before anything else initialises
 * curl) and checks that no such copy still holds a marker when it is freed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"
#include "loopback.h"

#define MARKER "MARKER-7f3a9c-secret"

/* Every block curl allocates carries its size and origin in front. */
typedef struct block_head {
  size_t size;
  size_t from_strdup;
} block_head;
#define HEAD_LEN 16 /* keeps the user pointer 16-byte aligned */

static atomic_int leaked;     /* strdup'd blocks freed with the marker inside */
static atomic_int strdup_frees;

static void *hook_malloc(size_t n) {
  char *p = malloc(HEAD_LEN + n);
  if (!p)
    return NULL;
  ((block_head *)p)->size = n;
  ((block_head *)p)->from_strdup = 0;
  return p + HEAD_LEN;
}

static void hook_free(void *ptr) {
  if (!ptr)
    return;
  char *p = (char *)ptr - HEAD_LEN;
  block_head *h = (block_head *)p;
  if (h->from_strdup) {
    atomic_fetch_add(&strdup_frees, 1);
    if (h->size >= strlen(MARKER) && memmem(ptr, h->size, MARKER, strlen(MARKER)))
      atomic_fetch_add(&leaked, 1);
  }
  free(p);
}

static void *hook_realloc(void *ptr, size_t n) {
  if (!ptr)
    return hook_malloc(n);
  char *old = (char *)ptr - HEAD_LEN;
  char *p = realloc(old, HEAD_LEN + n);
  if (!p)
    return NULL;
  ((block_head *)p)->size = n;
  ((block_head *)p)->from_strdup = 0;
  return p + HEAD_LEN;
}

static char *hook_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = hook_malloc(n);
  if (!d)
    return NULL;
  memcpy(d, s, n);
  ((block_head *)(d - HEAD_LEN))->from_strdup = 1;
  return d;
}

static void *hook_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size)
    return NULL;
  void *p = hook_malloc(n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

static void wipe_zeroes_every_line_in_place(void **state) {
  struct curl_slist *l = NULL;
  assert_int_equal(awsmap__http_slist_add(&l, "Authorization", "AWS4-HMAC-SHA256 " MARKER), AWSMAP_OK);
  assert_int_equal(awsmap__http_slist_add(&l, "X-Amz-Security-Token", MARKER), AWSMAP_OK);
  assert_int_equal(awsmap__http_slist_add(&l, "X-Empty", ""), AWSMAP_OK);
  size_t lens[3], i = 0;
  for (struct curl_slist *n = l; n; n = n->next)
    lens[i++] = strlen(n->data);
  assert_int_equal(i, 3);
  awsmap__http_slist_wipe(l);
  i = 0;
  for (struct curl_slist *n = l; n; n = n->next, i++)
    for (size_t k = 0; k < lens[i]; k++)
      assert_int_equal(n->data[k], 0);
  awsmap__http_slist_free(l);
  awsmap__http_slist_wipe(NULL); /* both accept NULL */
  awsmap__http_slist_free(NULL);
}

static void plain_request_headers_are_wiped(void **state) {
  static const lb_reply script[] = {{200, NULL, "ok", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 1), 0);
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  char url[128];
  lb_url(&s, "/v2/credentials", url, sizeof url);
  awsmap__header hdr[] = {{"Authorization", MARKER}, {"X-aws-ec2-metadata-token", MARKER}};
  awsmap__http_request req = {"GET", url, hdr, 2, NULL, 0, 0, 0};
  awsmap__http_response resp = {0};
  atomic_store(&leaked, 0);
  atomic_store(&strdup_frees, 0);
  assert_int_equal(awsmap__http_perform(e, &req, &resp), AWSMAP_OK);
  assert_non_null(strstr(s.log, "Authorization: " MARKER)); /* it was sent */
  assert_true(atomic_load(&strdup_frees) >= 2);            /* the hooks saw the list go */
  assert_int_equal(atomic_load(&leaked), 0);
  awsmap__http_response_dispose(&resp);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

static void signed_call_headers_are_wiped_on_every_attempt(void **state) {
  static const lb_reply script[] = {
      {500, NULL, "<Response><Errors><Error><Code>InternalError</Code></Error></Errors></Response>",
       LB_NORMAL, 0},
      {200, NULL, "<R/>", LB_NORMAL, 0}};
  lb_server s;
  assert_int_equal(lb_start(&s, script, 2), 0);
  char base[64];
  lb_url(&s, "", base, sizeof base);
  awsmap__http_config cfg;
  awsmap__http_config_init(&cfg);
  cfg.endpoint_url = base;
  awsmap__http_engine *e = NULL;
  assert_int_equal(awsmap__http_engine_new(&e, &cfg), AWSMAP_OK);
  e->retry_base_ms = 1;
  awsmap_credentials *c = NULL;
  assert_int_equal(awsmap_credentials_new(&c, "AKID", "SECRET", MARKER, 0), AWSMAP_OK);
  awsmap__header extra[] = {{"x-amz-sso_bearer_token", MARKER}};
  awsmap__aws_request req = {"ec2", "us-east-1", "DescribeVpcs", "POST", "/", NULL, NULL,
                             "Action=DescribeVpcs", 19, NULL, extra, 1, AWSMAP__PROTO_EC2, false, false};
  awsmap__buf body = AWSMAP__BUF_INIT;
  atomic_store(&leaked, 0);
  atomic_store(&strdup_frees, 0);
  assert_int_equal(awsmap__aws_perform(e, &req, c, &body), AWSMAP_OK);
  assert_int_equal(lb_requests(&s), 2); /* the retry rebuilt (and freed) the list once */
  assert_non_null(strstr(s.log, "X-Amz-Security-Token: " MARKER));
  assert_true(atomic_load(&strdup_frees) >= 4);
  assert_int_equal(atomic_load(&leaked), 0);
  awsmap__buf_dispose(&body);
  awsmap_credentials_release(c);
  awsmap__http_engine_free(e);
  lb_stop(&s);
}

int main(void) {
  /* before awsmap (or anything) initialises curl: later curl_global_init calls only count */
  if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, hook_malloc, hook_free, hook_realloc, hook_strdup,
                           hook_calloc) != CURLE_OK)
    return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(wipe_zeroes_every_line_in_place),
      cmocka_unit_test(plain_request_headers_are_wiped),
      cmocka_unit_test(signed_call_headers_are_wiped_on_every_attempt),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  curl_global_cleanup();
  return rc;
}
