/* bench_discover: what the emulator's call log says about a discovery run --
 * requests per scope and the longest chain of dependent requests. */
#ifndef AWSMAP_BENCH_CRITICAL_PATH_H
#define AWSMAP_BENCH_CRITICAL_PATH_H

#include <stdbool.h>
#include <stddef.h>

#define CP_MAX_SCOPES 16

/* A scope is a region, or "global" for the account-wide services (STS, S3). */
typedef struct cp_scope {
  char name[40];
  size_t requests;
} cp_scope;

typedef struct cp_result {
  size_t requests;         /* AWS calls answered 2xx */
  size_t failed;           /* AWS calls answered otherwise (retried attempts) */
  size_t chains;           /* pagination chains seen */
  size_t critical;         /* longest chain of dependent requests */
  bool critical_estimated; /* a follow-up chain had several pages: length is a lower bound */
  char critical_desc[160]; /* which chain, e.g. "ec2 DescribeVolumes us-east-1: 3 pages" */
  cp_scope scopes[CP_MAX_SCOPES];
  size_t scope_count;
} cp_result;

/* Analyses the JSON list served by GET /_emu/calls. Returns 0, or -1 with a
 * message on stderr when the JSON cannot be read. */
int cp_analyse(const char *calls_json, cp_result *out);

/* Requests counted for one scope (0 when absent). */
size_t cp_scope_requests(const cp_result *r, const char *scope);

#endif
