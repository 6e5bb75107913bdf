/* Loading the shared SigV4 conformance vectors (tests/unit/sigv4). */
#ifndef AWSMAP_TEST_SIGV4_VECTORS_H
#define AWSMAP_TEST_SIGV4_VECTORS_H

#include <stdbool.h>
#include <stddef.h>

#define VEC_MAX_HEADERS 32

/* A request file (request.txt / .req) split into its parts. */
typedef struct vec_request {
  char *text;          /* the whole file; the fields below point into copies */
  char *method;
  char *target;        /* path and query as written */
  char *header_block;  /* the header lines as written, each ending in '\n' */
  size_t header_count;
  char *names[VEC_MAX_HEADERS];
  char *values[VEC_MAX_HEADERS]; /* continuation lines joined with '\n' */
  char *body;
  size_t body_len;
  bool has_body;       /* a blank line followed (even by nothing) */
} vec_request;

/* Reads a whole file; NULL when it does not exist. *len may be NULL. */
char *vec_read_file(const char *path, size_t *len);
bool vec_parse_request(vec_request *req, const char *text);
void vec_request_dispose(vec_request *req);

/* Calls fn(dir, name, ud) for every sub-folder of dir, sorted by name. */
typedef void (*vec_dir_fn)(const char *dir, const char *name, void *ud);
size_t vec_each_subdir(const char *dir, vec_dir_fn fn, void *ud);

#endif
