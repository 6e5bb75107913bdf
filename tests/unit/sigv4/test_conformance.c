/* SigV4 conformance: every case folder under
 * $AWSMAP_SHARED_TESTDATA/sigv4/{aws-c-auth-v4,botocore-aws4} is signed
 * through the public API and compared byte for byte (canonical request,
 * string to sign, signature, signed request) in each variant the case has.
 * Data-driven: a new case is a new folder. The folder layout and the meaning
 * of context.json are documented in that directory's README.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "awsmap/awsmap.h"
#include "awsmap/sigv4.h"
#include "vectors.h"

#define ROOT AWSMAP_SHARED_TESTDATA "/sigv4"

/* Cases deliberately out of scope: {suite, case, reason}. None today: the
 * library implements everything the two suites exercise (header and query
 * signing, normalize on/off, sign_body, omit_session_token, tokens). A case
 * listed here is reported as excluded, never silently skipped. */
static const char *const EXCLUDED[][3] = {{NULL, NULL, NULL}};

/* Known upstream inconsistencies (README.md, "Known inconsistency"): the
 * signed-request file carries another case's signature; the test checks it
 * with the Authorization from .authz instead, which .sts agrees with. */
static const char *const SREQ_USES_AUTHZ[] = {"get-vanilla-with-session-token"};

typedef struct tally {
  const char *suite;
  int passed, failed, excluded;
} tally;

static const char *excluded_reason(const char *suite, const char *name) {
  for (size_t i = 0; i < sizeof EXCLUDED / sizeof EXCLUDED[0]; i++)
    if (EXCLUDED[i][0] && strcmp(EXCLUDED[i][0], suite) == 0 && strcmp(EXCLUDED[i][1], name) == 0)
      return EXCLUDED[i][2];
  return NULL;
}

static bool same(const char *what, const char *name, const char *want, const char *got) {
  if (want && got && strcmp(want, got) == 0)
    return true;
  print_message("MISMATCH %s %s\n--- expected\n%s\n--- got\n%s\n---\n", name, what,
                want ? want : "(missing file)", got ? got : "(null)");
  return false;
}

static char *read_in(const char *dir, const char *file) {
  char *path = NULL;
  if (asprintf(&path, "%s/%s", dir, file) < 0)
    return NULL;
  char *text = vec_read_file(path, NULL);
  free(path);
  return text;
}

static int64_t parse_time(const char *iso) {
  struct tm tm = {0};
  if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
    return -1;
  return (int64_t)timegm(&tm);
}

/* 2015-08-30T12:36:00Z: the README's time for every case. */
#define SUITE_TIME INT64_C(1440938160)

static awsmap_sigv4_request *make_request(const vec_request *vr, bool with_body) {
  awsmap_sigv4_request *req = NULL;
  assert_int_equal(awsmap_sigv4_request_new(&req, vr->method, vr->target), AWSMAP_OK);
  for (size_t i = 0; i < vr->header_count; i++)
    assert_int_equal(awsmap_sigv4_request_add_header(req, vr->names[i], vr->values[i]), AWSMAP_OK);
  if (with_body)
    assert_int_equal(awsmap_sigv4_request_set_body(req, vr->body, vr->body_len), AWSMAP_OK);
  return req;
}

static void append(char **s, const char *add) {
  size_t a = strlen(*s), b = strlen(add);
  *s = realloc(*s, a + b + 1);
  memcpy(*s + a, add, b + 1);
}

/* ---- aws-c-auth-v4 ------------------------------------------------------- */

typedef struct cauth_ctx {
  tally *t;
  awsmap_sigv4_mode mode;
} cauth_ctx;

static void cauth_case(const char *dir, const char *name, void *ud) {
  cauth_ctx *cx = ud;
  char casedir[4096];
  snprintf(casedir, sizeof casedir, "%s/%s", dir, name);
  char *ctx_text = read_in(casedir, "context.json");
  if (!ctx_text)
    return; /* LICENSE/NOTICE are files; any other folder without a context is not a case */
  const char *why = excluded_reason("aws-c-auth-v4", name);
  if (why) {
    print_message("EXCLUDED aws-c-auth-v4/%s: %s\n", name, why);
    cx->t->excluded++;
    free(ctx_text);
    return;
  }
  const char *v = cx->mode == AWSMAP_SIGV4_QUERY ? "query" : "header";
  cJSON *ctx = cJSON_Parse(ctx_text);
  assert_non_null(ctx);
  cJSON *cr = cJSON_GetObjectItem(ctx, "credentials");
  const char *token = cJSON_GetStringValue(cJSON_GetObjectItem(cr, "token"));
  awsmap_credentials *creds = NULL;
  assert_int_equal(
      awsmap_credentials_new(&creds,
                             cJSON_GetStringValue(cJSON_GetObjectItem(cr, "access_key_id")),
                             cJSON_GetStringValue(cJSON_GetObjectItem(cr, "secret_access_key")),
                             token, 0),
      AWSMAP_OK);
  awsmap_sigv4_options opts = AWSMAP_SIGV4_OPTIONS_INIT;
  opts.mode = cx->mode;
  opts.expires = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(ctx, "expiration_in_seconds"));
  opts.normalize_path = cJSON_IsFalse(cJSON_GetObjectItem(ctx, "normalize")) ? 0 : 1;
  bool sign_body = cJSON_IsTrue(cJSON_GetObjectItem(ctx, "sign_body"));
  opts.content_sha256_header = sign_body ? 1 : 0;
  opts.omit_session_token = cJSON_IsTrue(cJSON_GetObjectItem(ctx, "omit_session_token"));
  int64_t t = parse_time(cJSON_GetStringValue(cJSON_GetObjectItem(ctx, "timestamp")));

  char *req_text = read_in(casedir, "request.txt");
  vec_request vr;
  assert_true(vec_parse_request(&vr, req_text));
  awsmap_sigv4_request *req = make_request(&vr, true);
  awsmap_sigv4_result *res = NULL;
  awsmap_status st = awsmap_sigv4_sign(
      &res, req, creds, cJSON_GetStringValue(cJSON_GetObjectItem(ctx, "region")),
      cJSON_GetStringValue(cJSON_GetObjectItem(ctx, "service")), t, &opts);
  bool ok = st == AWSMAP_OK;
  if (!ok)
    print_message("SIGN FAILED %s (%s): %s\n", name, v, awsmap_error_message(awsmap_error_last()));

  char file[64];
  char *want;
  char label[300];
  snprintf(label, sizeof label, "aws-c-auth-v4/%s [%s]", name, v);
  if (ok) {
    snprintf(file, sizeof file, "%s-canonical-request.txt", v);
    ok &= same("canonical request", label, want = read_in(casedir, file),
               awsmap_sigv4_result_canonical_request(res));
    free(want);
    snprintf(file, sizeof file, "%s-string-to-sign.txt", v);
    ok &= same("string to sign", label, want = read_in(casedir, file),
               awsmap_sigv4_result_string_to_sign(res));
    free(want);
    snprintf(file, sizeof file, "%s-signature.txt", v);
    ok &= same("signature", label, want = read_in(casedir, file),
               awsmap_sigv4_result_signature(res));
    free(want);

    /* the signed request, rebuilt the way the README describes it */
    char *got = strdup(vr.method);
    append(&got, " ");
    if (cx->mode == AWSMAP_SIGV4_QUERY) {
      append(&got, awsmap_sigv4_result_url(res));
      append(&got, " HTTP/1.1\n");
      append(&got, vr.header_block);
    } else {
      append(&got, vr.target);
      append(&got, " HTTP/1.1\n");
      append(&got, vr.header_block);
      for (size_t i = 0; i < awsmap_sigv4_result_header_count(res); i++) {
        const char *value;
        const char *hname = awsmap_sigv4_result_header(res, i, &value);
        append(&got, hname);
        append(&got, ":");
        append(&got, value);
        append(&got, "\n");
      }
    }
    append(&got, "\n");
    append(&got, vr.body);
    snprintf(file, sizeof file, "%s-signed-request.txt", v);
    ok &= same("signed request", label, want = read_in(casedir, file), got);
    free(want);
    free(got);
  }
  if (ok)
    cx->t->passed++;
  else
    cx->t->failed++;
  awsmap_sigv4_result_free(res);
  awsmap_sigv4_request_free(req);
  vec_request_dispose(&vr);
  free(req_text);
  awsmap_credentials_release(creds);
  cJSON_Delete(ctx);
  free(ctx_text);
}

static void run_cauth(awsmap_sigv4_mode mode, const char *variant) {
  tally t = {"aws-c-auth-v4", 0, 0, 0};
  cauth_ctx cx = {&t, mode};
  vec_each_subdir(ROOT "/aws-c-auth-v4", cauth_case, &cx);
  print_message("aws-c-auth-v4 %s: %d passed, %d failed, %d excluded\n", variant, t.passed,
                t.failed, t.excluded);
  assert_int_equal(t.failed, 0);
  assert_true(t.passed + t.excluded >= 38); /* the README's count; more is fine */
}

static void test_aws_c_auth_header(void **state) { run_cauth(AWSMAP_SIGV4_HEADERS, "header"); }
static void test_aws_c_auth_query(void **state) { run_cauth(AWSMAP_SIGV4_QUERY, "query"); }

/* ---- botocore-aws4 -------------------------------------------------------- */

/* Its cases carry no context: the README's common parameters apply. Whether
 * a session token is in play is read from the files themselves: a token
 * header present in .sreq but not in .req came from the credentials, and it
 * was signed exactly when .authz lists x-amz-security-token. */
static char *header_in(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
    if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
      const char *v = p + n + 1;
      size_t len = strcspn(v, "\n");
      char *out = malloc(len + 1);
      memcpy(out, v, len);
      out[len] = '\0';
      return out;
    }
  }
  return NULL;
}

static void boto_case(const char *dir, const char *name, void *ud);

static void boto_case(const char *dir, const char *name, void *ud) {
  tally *t = ud;
  char casedir[4096], file[4200];
  snprintf(casedir, sizeof casedir, "%s/%s", dir, name);
  snprintf(file, sizeof file, "%s.req", name);
  char *req_text = read_in(casedir, file);
  if (!req_text) { /* a grouping folder (normalize-path/, post-sts-token/) */
    vec_each_subdir(casedir, boto_case, ud);
    return;
  }
  if (excluded_reason("botocore-aws4", name)) {
    print_message("EXCLUDED botocore-aws4/%s: %s\n", name, excluded_reason("botocore-aws4", name));
    t->excluded++;
    free(req_text);
    return;
  }
  char *want_creq, *want_sts, *want_authz, *want_sreq;
  snprintf(file, sizeof file, "%s.creq", name);
  want_creq = read_in(casedir, file);
  snprintf(file, sizeof file, "%s.sts", name);
  want_sts = read_in(casedir, file);
  snprintf(file, sizeof file, "%s.authz", name);
  want_authz = read_in(casedir, file);
  snprintf(file, sizeof file, "%s.sreq", name);
  want_sreq = read_in(casedir, file);
  assert_non_null(want_sreq);
  assert_non_null(want_authz);

  vec_request vr;
  assert_true(vec_parse_request(&vr, req_text));
  char *req_token = header_in(vr.header_block, "X-Amz-Security-Token");
  char *sreq_token = header_in(want_sreq, "X-Amz-Security-Token");
  const char *token = !req_token && sreq_token ? sreq_token : NULL;
  awsmap_sigv4_options opts = AWSMAP_SIGV4_OPTIONS_INIT;
  opts.omit_session_token = token && !strstr(want_authz, "x-amz-security-token");

  awsmap_credentials *creds = NULL;
  assert_int_equal(awsmap_credentials_new(&creds, "AKIDEXAMPLE",
                                          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, 0),
                   AWSMAP_OK);
  awsmap_sigv4_request *req = make_request(&vr, true);
  awsmap_sigv4_result *res = NULL;
  char label[300];
  snprintf(label, sizeof label, "botocore-aws4/%s", name);
  bool ok = awsmap_sigv4_sign(&res, req, creds, "us-east-1", "service", SUITE_TIME, &opts) ==
            AWSMAP_OK;
  if (!ok)
    print_message("SIGN FAILED %s: %s\n", label, awsmap_error_message(awsmap_error_last()));
  if (ok) {
    ok &= same("canonical request", label, want_creq, awsmap_sigv4_result_canonical_request(res));
    ok &= same("string to sign", label, want_sts, awsmap_sigv4_result_string_to_sign(res));
    ok &= same("authorization", label, want_authz, awsmap_sigv4_result_authorization(res));

    /* signed request: .req's lines, then the signer's headers that .req does
     * not already carry, then "Authorization: " (botocore's spacing) */
    char *got = strdup(vr.method);
    append(&got, " ");
    append(&got, vr.target);
    append(&got, " HTTP/1.1\n");
    append(&got, vr.header_block);
    if (got[strlen(got) - 1] != '\n')
      append(&got, "\n");
    for (size_t i = 0; i < awsmap_sigv4_result_header_count(res); i++) {
      const char *value;
      const char *hname = awsmap_sigv4_result_header(res, i, &value);
      char *present = header_in(vr.header_block, hname);
      if (strcmp(hname, "Authorization") == 0) {
        append(&got, "Authorization: ");
        append(&got, value);
      } else if (!present) {
        append(&got, hname);
        append(&got, ":");
        append(&got, value);
        append(&got, "\n");
      }
      free(present);
    }
    if (vr.has_body) {
      append(&got, "\n\n");
      append(&got, vr.body);
    }
    /* known upstream inconsistency: trust .authz for the Authorization line */
    for (size_t i = 0; i < sizeof SREQ_USES_AUTHZ / sizeof *SREQ_USES_AUTHZ; i++) {
      if (strcmp(name, SREQ_USES_AUTHZ[i]) != 0)
        continue;
      char *line = strstr(want_sreq, "Authorization: ");
      assert_non_null(line);
      size_t tail = strcspn(line, "\n");
      char *fixed = malloc(strlen(want_sreq) + strlen(want_authz) + 32);
      sprintf(fixed, "%.*sAuthorization: %s%s", (int)(line - want_sreq), want_sreq, want_authz,
              line + tail);
      print_message("NOTE %s: .sreq checked with .authz's Authorization (README: known "
                    "upstream inconsistency)\n", label);
      free(want_sreq);
      want_sreq = fixed;
    }
    ok &= same("signed request", label, want_sreq, got);
    free(got);
  }
  if (ok)
    t->passed++;
  else
    t->failed++;
  awsmap_sigv4_result_free(res);
  awsmap_sigv4_request_free(req);
  awsmap_credentials_release(creds);
  vec_request_dispose(&vr);
  free(req_token);
  free(sreq_token);
  free(want_creq);
  free(want_sts);
  free(want_authz);
  free(want_sreq);
  free(req_text);
}

static void test_botocore_header(void **state) {
  tally t = {"botocore-aws4", 0, 0, 0};
  vec_each_subdir(ROOT "/botocore-aws4", boto_case, &t);
  print_message("botocore-aws4 header: %d passed, %d failed, %d excluded\n", t.passed, t.failed,
                t.excluded);
  assert_int_equal(t.failed, 0);
  assert_true(t.passed + t.excluded >= 34);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aws_c_auth_header),
      cmocka_unit_test(test_aws_c_auth_query),
      cmocka_unit_test(test_botocore_header),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
