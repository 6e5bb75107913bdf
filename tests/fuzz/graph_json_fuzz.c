/* Fuzz target: the graph JSON loader (and, on the same bytes, the ARN
 * parser). Whatever loads must export and load again to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  awsmap__arn arn;
  if (awsmap__arn_parse((const char *)data, size, &arn) == AWSMAP_OK) {
    awsmap__str type, id;
    awsmap__arn_resource_split(arn.resource, &type, &id);
    if (id.len > arn.resource.len)
      abort();
  }
  awsmap_graph *g = NULL;
  if (awsmap_graph_load_json(&g, (const char *)data, size) != AWSMAP_OK)
    return 0;
  awsmap_buf *first = NULL, *second = NULL, *dot = NULL;
  awsmap_graph *h = NULL;
  if (awsmap_graph_to_json(g, &first) == AWSMAP_OK &&
      awsmap_graph_load_json(&h, awsmap_buf_data(first), awsmap_buf_len(first)) == AWSMAP_OK &&
      awsmap_graph_to_json(h, &second) == AWSMAP_OK &&
      strcmp(awsmap_buf_data(first), awsmap_buf_data(second)) != 0)
    abort(); /* a loaded graph must round-trip */
  (void)awsmap_graph_to_dot(g, &dot);
  awsmap_buf_free(first);
  awsmap_buf_free(second);
  awsmap_buf_free(dot);
  awsmap_graph_free(h);
  awsmap_graph_free(g);
  return 0;
}
