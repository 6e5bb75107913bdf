/* Every call awsmap_client_call accepts, and their compiled decoder tables
 * (built once per process, on first use). */
#include "services/internal.h"

#include <pthread.h>
#include <string.h>

typedef struct group {
  const awsmap__call_spec *calls;
  const size_t *count;
} group;

static const group groups[] = {
    {awsmap__ec2_calls, &awsmap__ec2_call_count},     {awsmap__rds_calls, &awsmap__rds_call_count},
    {awsmap__elb_calls, &awsmap__elb_call_count},     {awsmap__elbv2_calls, &awsmap__elbv2_call_count},
    {awsmap__s3_calls, &awsmap__s3_call_count},       {awsmap__sts_calls, &awsmap__sts_call_count},
};

static const awsmap__call_spec *nth(size_t index) {
  for (size_t g = 0; g < AWSMAP__ARRAY_LEN(groups); g++) {
    if (index < *groups[g].count)
      return &groups[g].calls[index];
    index -= *groups[g].count;
  }
  return NULL;
}

static size_t total(void) {
  size_t n = 0;
  for (size_t g = 0; g < AWSMAP__ARRAY_LEN(groups); g++)
    n += *groups[g].count;
  return n;
}

const awsmap__call_spec *awsmap__call_find(const char *operation) {
  if (!operation)
    return NULL;
  for (size_t i = 0, n = total(); i < n; i++)
    if (strcmp(nth(i)->operation, operation) == 0)
      return nth(i);
  return NULL;
}

size_t awsmap_operation_count(void) { return total(); }

const char *awsmap_operation_name(size_t index) {
  const awsmap__call_spec *s = nth(index);
  return s ? s->operation : NULL;
}

/* ---- compiled tables, cached ---- */

#define MAX_CALLS 64
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;
static awsmap__decoder_table *tables[MAX_CALLS];

static size_t index_of(const awsmap__call_spec *spec) {
  for (size_t i = 0, n = total(); i < n; i++)
    if (nth(i) == spec)
      return i;
  return SIZE_MAX;
}

awsmap_status awsmap__call_table(const awsmap__call_spec *spec, const awsmap__decoder_table **out) {
  size_t i = index_of(spec);
  if (i >= MAX_CALLS)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "services", "unregistered call spec");
  awsmap_status st = AWSMAP_OK;
  pthread_mutex_lock(&tables_lock);
  if (!tables[i])
    st = awsmap__decoder_table_new(&tables[i], spec);
  *out = tables[i];
  pthread_mutex_unlock(&tables_lock);
  return st;
}

const char *awsmap__call_record_type(const awsmap__call_spec *spec) { return spec->record_type; }
