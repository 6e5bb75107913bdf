/* bench_discover's replay proxy: reading one HTTP/1.1 request (the request
 * line, the headers it needs and a Content-Length body) out of a buffer. */
#ifndef AWSMAP_BENCH_REPLAY_REQUEST_H
#define AWSMAP_BENCH_REPLAY_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

#define MAX_HEAD (64 * 1024)         /* request line + headers */
#define MAX_BODY (64L * 1024 * 1024) /* request body */

/* A parsed request; pointers into the connection's input buffer. */
struct request {
  awsmap__str method, target, version, region, service;
  const char *headers; /* first header line */
  size_t headers_len;  /* up to and including the CRLF of the last header */
  const char *body;
  size_t body_len;
  size_t total; /* bytes the request takes in the buffer */
  bool close;
};

/* Case-insensitive equality with a literal (header names). */
bool str_ieq(awsmap__str s, const char *lit);

/* 1: a whole request is in buf; 0: need more bytes (*scanned remembers how far
 * the end of the head was looked for); -1: unparseable, with the status and
 * reason for the answer in *status / *why. The region and service come from
 * the SigV4 credential scope of the Authorization header, when there is one. */
int parse_request(const char *buf, size_t len, size_t *scanned, struct request *r, int *status,
                  const char **why);

#endif
