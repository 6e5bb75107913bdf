#include "records_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    if (len)
      *len = (size_t)n;
  }
  return buf;
}

int test_records_read(const char *path, test_record **out, size_t *count) {
  size_t len;
  char *text = test_read_file(path, &len);
  if (!text)
    return -1;
  test_record *recs = NULL;
  size_t n = 0, cap = 0;
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if (!*line || *line == '#')
      continue;
    if (*line == '@') {
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        recs = realloc(recs, cap * sizeof *recs);
      }
      char type[64];
      test_record *r = &recs[n++];
      memset(r, 0, sizeof *r);
      if (sscanf(line + 1, "%63s %31s %31s", type, r->account, r->region) != 3)
        return free(text), -1;
      r->rec = awsmap__record_new(type);
      continue;
    }
    char *eq = strchr(line, '=');
    if (!eq || !n)
      return free(text), -1;
    awsmap__record_add_copy_name(recs[n - 1].rec, line, (size_t)(eq - line), eq + 1,
                                 strlen(eq + 1));
  }
  free(text);
  *out = recs;
  *count = n;
  return 0;
}

void test_records_free(test_record *recs, size_t count) {
  for (size_t i = 0; i < count; i++)
    awsmap__record_free(recs[i].rec);
  free(recs);
}

int test_records_add(awsmap_graph *g, const test_record *recs, size_t count, const size_t *order) {
  for (size_t i = 0; i < count; i++) {
    const test_record *r = &recs[order ? order[i] : i];
    if (awsmap__graph_add_record(g, r->account, r->region, r->rec) != AWSMAP_OK)
      return -1;
  }
  return 0;
}
