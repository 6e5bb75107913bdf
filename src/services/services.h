/*
 * services: the read-only AWS calls as data (one table per call) plus the
 * paginator that runs them on the http engine. Internal; the public face is
 * include/awsmap/client.h and include/awsmap/services.h.
 */
#ifndef AWSMAP_SERVICES_INTERNAL_H
#define AWSMAP_SERVICES_INTERNAL_H

#include "core/core.h"
#include "http/http.h"

#include <awsmap/client.h>

/* One per operation: request builder, decoder table, pagination. */
typedef struct awsmap__call_spec awsmap__call_spec;
/* "ec2:DescribeInstances" -> its spec, or NULL. */
const awsmap__call_spec *awsmap__call_find(const char *operation);
/* The type of the records a call yields, e.g. "elbv2:load-balancer". */
const char *awsmap__call_record_type(const awsmap__call_spec *spec);

typedef struct awsmap__paginate_handler {
  awsmap_status (*on_record)(void *ctx, awsmap_record *rec);  /* takes ownership of rec (free with awsmap__record_free) */
  void (*on_page)(void *ctx, size_t records_in_page);         /* progress, may be NULL */
  void (*on_done)(void *ctx, awsmap_status st, const awsmap_error *err); /* once, after the last page or the failure */
  awsmap_status (*get_credentials)(void *ctx, awsmap_credentials **out);
} awsmap__paginate_handler;

/* Submits the first page; each page's completion submits the next on the same engine.
 * params: NULL or NULL-terminated name, value pairs (copied). page_size 0 = the API's maximum,
 * else clamped into its range. region NULL is an error (the client resolves defaults).
 * Pages after the first are urgent requests (awsmap__aws_request.urgent): a chain's next
 * page waits for nothing else; urgent makes the first page urgent too (its records start
 * other calls). */
awsmap_status awsmap__paginate_submit(awsmap__http_engine *e, const awsmap__call_spec *spec,
                                      const char *region, const char *const *params,
                                      unsigned page_size, bool urgent,
                                      const awsmap__paginate_handler *h, void *ctx);

/* ---- the client, as the discovery engine sees it ---- */

/* The client's engine, ready to run (a cancelled one is replaced first). */
awsmap_status awsmap__client_engine(awsmap_client *c, awsmap__http_engine **out);
const char *awsmap__client_region(const awsmap_client *c);
unsigned awsmap__client_page_size(const awsmap_client *c);
/* Credentials from the client's provider: one reference for the caller. */
awsmap_status awsmap__client_credentials(awsmap_client *c, awsmap_credentials **out);
/* True once awsmap_client_cancel() has been called (until the next engine). */
bool awsmap__client_cancelled(awsmap_client *c);

#endif /* AWSMAP_SERVICES_INTERNAL_H */
