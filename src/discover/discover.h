/* discover: regions x services fan-out over one engine, into one graph. */
#ifndef AWSMAP_DISCOVER_DISCOVER_H
#define AWSMAP_DISCOVER_DISCOVER_H

#include "core/core.h"

#include <awsmap/discover.h>

#include "graph/graph.h"
#include "http/http.h"
#include "services/services.h"

#endif
