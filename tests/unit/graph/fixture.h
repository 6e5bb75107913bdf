/* The shared fixture: tests/data/graph/fixture.records, resolved. */
#ifndef AWSMAP_TEST_GRAPH_FIXTURE_H
#define AWSMAP_TEST_GRAPH_FIXTURE_H
#include "records_file.h"
#define FIXTURE AWSMAP_TEST_DATA "/graph/fixture.records"
/* Builds the graph from the fixture, records added in `order` (NULL: file order). */
awsmap_graph *fixture_graph(const size_t *order);
size_t fixture_count(void);
/* Every node and edge as text, one per line, through the public accessors. */
char *fixture_dump(const awsmap_graph *g);
#endif
