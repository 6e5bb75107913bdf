/* Test support: reads a records file into a graph.
 *
 * Format (one record after another; '#' lines are comments):
 *   @<type> <account> <region>
 *   <field>=<value>
 *   ...
 * Values run to the end of the line; a field may repeat. */
#ifndef AWSMAP_TEST_RECORDS_FILE_H
#define AWSMAP_TEST_RECORDS_FILE_H

#include <stddef.h>
#include "graph/graph.h"

typedef struct test_record {
  awsmap_record *rec;
  char account[32], region[32];
} test_record;

/* Parses the file into records (caller frees with test_records_free). */
int test_records_read(const char *path, test_record **out, size_t *count);
void test_records_free(test_record *recs, size_t count);
/* Adds records in the order given by `order` (NULL = file order). */
int test_records_add(awsmap_graph *g, const test_record *recs, size_t count, const size_t *order);
/* Reads a whole file (NUL-terminated, malloc'd). */
char *test_read_file(const char *path, size_t *len);

#endif
