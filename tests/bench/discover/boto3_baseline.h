/* bench_discover: runs tests/emulator/baseline/boto3_discover.py (sequential
 * boto3) against the emulator and reads its JSON summary. */
#ifndef AWSMAP_BENCH_BOTO3_BASELINE_H
#define AWSMAP_BENCH_BOTO3_BASELINE_H

#include <stddef.h>

#define BOTO3_MAX_SCOPES 16

typedef struct boto3_scope {
  char name[40]; /* a region, or "global" (STS + S3) */
  size_t requests, resources;
  double seconds;
} boto3_scope;

typedef struct boto3_result {
  size_t resources, instances, requests;
  double seconds, cpu_seconds;
  boto3_scope scopes[BOTO3_MAX_SCOPES];
  size_t scope_count;
} boto3_result;

/* Runs the script over `regions_csv` ("us-east-1,eu-west-1") plus the global
 * calls. Returns 0, or -1 with a message on stderr. */
int boto3_run(const char *endpoint, const char *access_key, const char *secret_key,
              const char *regions_csv, boto3_result *out);

/* The scope's entry, or NULL. */
const boto3_scope *boto3_scope_find(const boto3_result *r, const char *name);

#endif
