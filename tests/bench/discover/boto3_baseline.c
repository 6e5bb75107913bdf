/* Runs the boto3 baseline as a child process and parses what it prints. */
#include "boto3_baseline.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AWSMAP_PYTHON
#define AWSMAP_PYTHON "/usr/bin/python3"
#endif

static double num(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsNumber(v) ? v->valuedouble : 0.0;
}

/* Every argument is ours (URL, fixed keys, region names) and holds no quote. */
static int append_arg(char *cmd, size_t size, const char *arg) {
  if (strchr(arg, '\''))
    return -1;
  size_t len = strlen(cmd);
  int n = snprintf(cmd + len, size - len, " '%s'", arg);
  return n < 0 || (size_t)n >= size - len ? -1 : 0;
}

static int parse(const char *text, boto3_result *out) {
  cJSON *root = cJSON_Parse(text);
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return -1;
  }
  out->resources = (size_t)num(root, "resources");
  out->instances = (size_t)num(root, "instances");
  out->requests = (size_t)num(root, "requests");
  out->seconds = num(root, "seconds");
  out->cpu_seconds = num(root, "cpu_seconds");
  const cJSON *scope;
  cJSON_ArrayForEach(scope, cJSON_GetObjectItemCaseSensitive(root, "scopes")) {
    if (out->scope_count == BOTO3_MAX_SCOPES || !scope->string)
      break;
    boto3_scope *s = &out->scopes[out->scope_count++];
    snprintf(s->name, sizeof s->name, "%s", scope->string);
    s->requests = (size_t)num(scope, "requests");
    s->resources = (size_t)num(scope, "resources");
    s->seconds = num(scope, "seconds");
  }
  cJSON_Delete(root);
  return 0;
}

int boto3_run(const char *endpoint, const char *access_key, const char *secret_key,
              const char *regions_csv, boto3_result *out) {
  memset(out, 0, sizeof *out);
  char cmd[2048] = "";
  const char *args[] = {AWSMAP_PYTHON, AWSMAP_BOTO3_SCRIPT, "--endpoint-url", endpoint,
                        "--access-key", access_key, "--secret-key", secret_key,
                        "--regions", regions_csv};
  for (size_t i = 0; i < sizeof args / sizeof *args; i++)
    if (append_arg(cmd, sizeof cmd, args[i]) != 0) {
      fprintf(stderr, "bench_discover: cannot build the boto3 command line\n");
      return -1;
    }
  FILE *p = popen(cmd, "r");
  if (!p) {
    perror("bench_discover: popen");
    return -1;
  }
  char text[16384];
  size_t used = fread(text, 1, sizeof text - 1, p);
  text[used] = '\0';
  int rc = pclose(p);
  if (rc != 0 || parse(text, out) != 0) {
    fprintf(stderr, "bench_discover: the boto3 baseline failed (exit %d): %s\n", rc, text);
    return -1;
  }
  return 0;
}

const boto3_scope *boto3_scope_find(const boto3_result *r, const char *name) {
  for (size_t i = 0; i < r->scope_count; i++)
    if (!strcmp(r->scopes[i].name, name))
      return &r->scopes[i];
  return NULL;
}
