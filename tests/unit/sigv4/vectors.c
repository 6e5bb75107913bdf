/* Reading the conformance vectors: request files and folder walks. */
#include "vectors.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *vec_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0)
      buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

static char *dupn(const char *s, size_t n) {
  char *d = malloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

bool vec_parse_request(vec_request *req, const char *text) {
  memset(req, 0, sizeof *req);
  req->text = strdup(text);
  const char *eol = strchr(text, '\n');
  size_t first_len = eol ? (size_t)(eol - text) : strlen(text);
  const char *sp = memchr(text, ' ', first_len);
  const char *proto = " HTTP/1.1";
  if (!sp || first_len < strlen(proto) ||
      memcmp(text + first_len - strlen(proto), proto, strlen(proto)) != 0)
    return false;
  req->method = dupn(text, (size_t)(sp - text));
  req->target = dupn(sp + 1, (size_t)(text + first_len - strlen(proto) - sp - 1));

  const char *p = eol ? eol + 1 : text + first_len;
  const char *block = p;
  while (*p) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 0) { /* blank line: the body follows */
      req->has_body = true;
      req->header_block = dupn(block, (size_t)(p - block));
      req->body = strdup(p + 1);
      req->body_len = strlen(p + 1);
      return true;
    }
    if (p[0] == ' ' || p[0] == '\t') { /* obs-fold: continues the previous value */
      if (req->header_count == 0)
        return false;
      char **v = &req->values[req->header_count - 1];
      size_t old = strlen(*v);
      *v = realloc(*v, old + 1 + n + 1);
      (*v)[old] = '\n';
      memcpy(*v + old + 1, p, n);
      (*v)[old + 1 + n] = '\0';
    } else {
      const char *colon = memchr(p, ':', n);
      if (!colon || req->header_count == VEC_MAX_HEADERS)
        return false;
      req->names[req->header_count] = dupn(p, (size_t)(colon - p));
      req->values[req->header_count] = dupn(colon + 1, (size_t)(p + n - colon - 1));
      req->header_count++;
    }
    p = end ? end + 1 : p + n;
  }
  req->header_block = dupn(block, (size_t)(p - block));
  req->body = strdup("");
  return true;
}

void vec_request_dispose(vec_request *req) {
  free(req->text);
  free(req->method);
  free(req->target);
  free(req->header_block);
  free(req->body);
  for (size_t i = 0; i < req->header_count; i++) {
    free(req->names[i]);
    free(req->values[i]);
  }
  memset(req, 0, sizeof *req);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t vec_each_subdir(const char *dir, vec_dir_fn fn, void *ud) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
      continue;
    names = realloc(names, (n + 1) * sizeof *names);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    fn(dir, names[i], ud);
    free(names[i]);
  }
  free(names);
  return n;
}
