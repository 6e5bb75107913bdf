/* Every fixture in tests/data/services/<service>_<Action>/<case>.xml is decoded
 * with that call's table and compared with <case>.json (records computed by
 * botocore's own parser, or an expected error). A new case is a new file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/internal.h"

#define DATA AWSMAP_TEST_DATA "/services"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  assert_non_null(p);
  assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
  p[n] = '\0';
  fclose(f);
  if (len)
    *len = (size_t)n;
  return p;
}

typedef struct sink {
  awsmap_record **recs;
  size_t count;
} sink;

static awsmap_status keep(void *ctx, awsmap_record *rec) {
  sink *s = ctx;
  s->recs = realloc(s->recs, (s->count + 1) * sizeof *s->recs);
  s->recs[s->count++] = rec;
  return AWSMAP_OK;
}

static void sink_clear(sink *s) {
  for (size_t i = 0; i < s->count; i++)
    awsmap__record_free(s->recs[i]);
  free(s->recs);
  s->recs = NULL;
  s->count = 0;
}

/* Decodes doc with chunks of `chunk` bytes; the decoder gets the params. */
static awsmap_status decode(const awsmap__call_spec *spec, const char *doc, size_t len, size_t chunk,
                            const cJSON *params, sink *out, awsmap__buf *token) {
  const awsmap__decoder_table *t;
  assert_int_equal(awsmap__call_table(spec, &t), AWSMAP_OK);
  awsmap__decoder *d = awsmap__decoder_new(t, keep, out);
  assert_non_null(d);
  const cJSON *p;
  cJSON_ArrayForEach(p, params) awsmap__decoder_add_extra(d, p->string, p->valuestring);
  awsmap__xml_parser *x = awsmap__xml_parser_new(awsmap__decoder_handler(), d, 0);
  awsmap_status st = AWSMAP_OK;
  for (size_t off = 0; off < len && st == AWSMAP_OK; off += chunk)
    st = awsmap__xml_parser_feed(x, doc + off, len - off < chunk ? len - off : chunk);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(x);
  awsmap__buf_clear(token);
  awsmap__buf_puts(token, awsmap__decoder_token(d));
  awsmap__xml_parser_free(x);
  awsmap__decoder_free(d);
  return st;
}

/* Compares one record with {"type":..,"fields":{name:[values]}}. */
static void check_record(const char *where, const awsmap_record *r, const cJSON *want) {
  const char *type = cJSON_GetObjectItem(want, "type")->valuestring;
  if (strcmp(awsmap_record_type(r), type) != 0)
    fail_msg("%s: type %s, want %s", where, awsmap_record_type(r), type);
  const cJSON *fields = cJSON_GetObjectItem(want, "fields");
  size_t wanted = 0;
  const cJSON *f;
  cJSON_ArrayForEach(f, fields) {
    size_t n = (size_t)cJSON_GetArraySize(f);
    wanted += n;
    if (awsmap_record_count(r, f->string) != n)
      fail_msg("%s: field %s appears %zu times, want %zu", where, f->string,
               awsmap_record_count(r, f->string), n);
    for (size_t i = 0; i < n; i++) {
      const char *got = awsmap_record_get_nth(r, f->string, i);
      const char *exp = cJSON_GetArrayItem(f, (int)i)->valuestring;
      if (strcmp(got, exp) != 0)
        fail_msg("%s: %s[%zu] = '%s', want '%s'", where, f->string, i, got, exp);
    }
  }
  if (awsmap_record_field_count(r) != wanted) {
    for (size_t i = 0; i < awsmap_record_field_count(r); i++) {
      const char *name;
      awsmap_record_field_at(r, i, &name);
      if (!cJSON_GetObjectItem(fields, name))
        fail_msg("%s: unexpected field %s", where, name);
    }
    fail_msg("%s: %zu fields, want %zu", where, awsmap_record_field_count(r), wanted);
  }
}

static size_t run_case(const awsmap__call_spec *spec, const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s/%s.json", DATA, dir, name);
  char *json = slurp(path, NULL);
  if (!json)
    return 0; /* an .xml without expectations is not a case */
  cJSON *want = cJSON_Parse(json);
  assert_non_null(want);
  size_t len;
  snprintf(path, sizeof path, "%s/%s/%s.xml", DATA, dir, name);
  char *doc = slurp(path, &len);
  assert_non_null(doc);
  const cJSON *err = cJSON_GetObjectItem(want, "error");
  const size_t chunks[] = {len ? len : 1, 1, 7, 4096};
  awsmap__buf token = AWSMAP__BUF_INIT;
  for (size_t c = 0; c < AWSMAP__ARRAY_LEN(chunks); c++) {
    sink s = {0};
    awsmap_status st = decode(spec, doc, len, chunks[c], cJSON_GetObjectItem(want, "params"), &s,
                              &token);
    char where[600];
    snprintf(where, sizeof where, "%s/%s (chunks of %zu)", dir, name, chunks[c]);
    if (err) {
      if (strcmp(awsmap_status_name(st), err->valuestring) != 0)
        fail_msg("%s: %s, want %s", where, awsmap_status_name(st), err->valuestring);
      const char *msg = awsmap_error_message(awsmap_error_last());
      if (!strstr(msg, "line"))
        fail_msg("%s: error without a position: %s", where, msg);
    } else {
      if (st != AWSMAP_OK)
        fail_msg("%s: %s: %s", where, awsmap_status_name(st), awsmap_error_message(awsmap_error_last()));
      const cJSON *recs = cJSON_GetObjectItem(want, "records");
      if (s.count != (size_t)cJSON_GetArraySize(recs))
        fail_msg("%s: %zu records, want %d", where, s.count, cJSON_GetArraySize(recs));
      for (size_t i = 0; i < s.count; i++)
        check_record(where, s.recs[i], cJSON_GetArrayItem(recs, (int)i));
      const cJSON *jt = cJSON_GetObjectItem(want, "token");
      const char *tok = jt ? jt->valuestring : "";
      if (strcmp(awsmap__buf_cstr(&token), tok) != 0)
        fail_msg("%s: token '%s', want '%s'", where, awsmap__buf_cstr(&token), tok);
    }
    sink_clear(&s);
  }
  awsmap__buf_dispose(&token);
  cJSON_Delete(want);
  free(json);
  free(doc);
  return 1;
}

/* Every registered call has a fixture folder with a full, an error and,
 * for list calls, an empty case; every case passes. */
static void every_fixture_decodes_as_botocore_does(void **state) {
  size_t cases = 0;
  for (size_t i = 0; i < awsmap_operation_count(); i++) {
    const char *op = awsmap_operation_name(i);
    const awsmap__call_spec *spec = awsmap__call_find(op);
    char dir[128];
    snprintf(dir, sizeof dir, "%s", op);
    *strchr(dir, ':') = '_';
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", DATA, dir);
    DIR *dp = opendir(path);
    if (!dp)
      fail_msg("no fixtures for %s in %s", op, path);
    size_t here = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
      size_t n = strlen(de->d_name);
      if (n > 4 && strcmp(de->d_name + n - 4, ".xml") == 0) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(n - 4), de->d_name);
        here += run_case(spec, dir, name);
      }
    }
    closedir(dp);
    if (here < 3)
      fail_msg("%s: only %zu fixture cases", op, here);
    cases += here;
  }
  print_message("%zu fixture cases\n", cases);
  assert_true(cases > 100);
}

/* Out-of-memory anywhere in decoding fails cleanly (no leak, no crash). */
static void allocation_failures_are_clean(void **state) {
  const awsmap__call_spec *spec = awsmap__call_find("ec2:DescribeInstances");
  size_t len;
  char *doc = slurp(DATA "/ec2_DescribeInstances/minimal.xml", &len);
  assert_non_null(doc);
  awsmap__buf token = AWSMAP__BUF_INIT;
  const awsmap__decoder_table *t;
  assert_int_equal(awsmap__call_table(spec, &t), AWSMAP_OK); /* compiled outside the sweep */
  for (long n = 1; n < 400; n++) {
    sink s = {0};
    awsmap__alloc_fail_after(n);
    awsmap__decoder *d = awsmap__decoder_new(t, keep, &s);
    awsmap__xml_parser *x = d ? awsmap__xml_parser_new(awsmap__decoder_handler(), d, 0) : NULL;
    awsmap_status st = x ? awsmap__xml_parser_feed(x, doc, len) : AWSMAP_ERR_NOMEM;
    if (st == AWSMAP_OK)
      st = awsmap__xml_parser_finish(x);
    awsmap__alloc_fail_after(0);
    assert_true(st == AWSMAP_OK || st == AWSMAP_ERR_NOMEM);
    awsmap__xml_parser_free(x);
    awsmap__decoder_free(d);
    sink_clear(&s);
  }
  awsmap__buf_dispose(&token);
  free(doc);
}

/* A record callback that fails stops decoding at once. */
static awsmap_status refuse(void *ctx, awsmap_record *rec) {
  (*(int *)ctx)++;
  awsmap__record_free(rec);
  return awsmap__error_set(AWSMAP_ERR_CANCELLED, "test", "stop");
}

static void emit_failure_stops(void **state) {
  const awsmap__call_spec *spec = awsmap__call_find("ec2:DescribeVpcs");
  const awsmap__decoder_table *t;
  assert_int_equal(awsmap__call_table(spec, &t), AWSMAP_OK);
  size_t len;
  char *doc = slurp(DATA "/ec2_DescribeVpcs/full.xml", &len);
  int calls = 0;
  awsmap__decoder *d = awsmap__decoder_new(t, refuse, &calls);
  awsmap__xml_parser *x = awsmap__xml_parser_new(awsmap__decoder_handler(), d, 0);
  assert_int_equal(awsmap__xml_parser_feed(x, doc, len), AWSMAP_ERR_CANCELLED);
  assert_int_equal(calls, 1);
  awsmap__xml_parser_free(x);
  awsmap__decoder_free(d);
  free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_fixture_decodes_as_botocore_does),
      cmocka_unit_test(allocation_failures_are_clean),
      cmocka_unit_test(emit_failure_stops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
