/* Private to src/services: the call table layout, the generated tables, the
 * streaming decoder and the request builder. */
#ifndef AWSMAP_SERVICES_PRIVATE_H
#define AWSMAP_SERVICES_PRIVATE_H

#include "services/services.h"
#include "xml/xml.h"
#include "awsmap/services.h"

/* Wire path ('/'-joined local names) -> record field name. */
typedef struct awsmap__field_spec {
  const char *wire;
  const char *name;
} awsmap__field_spec;

struct awsmap__call_spec {
  const char *operation;      /* "ec2:DescribeInstances" */
  const char *service;        /* signing and endpoint name */
  const char *action;         /* "DescribeInstances" */
  const char *version;        /* API version (query protocols) */
  awsmap__protocol protocol;
  const char *method;         /* "POST" (query protocols) or "GET" (S3) */
  const char *record_type;
  const char *record_path;    /* below the root element; "" = the root itself */
  const awsmap__field_spec *fields; /* relative to the record; "" = the record's own text */
  size_t field_count;
  const awsmap__field_spec *outer;  /* below the root, outside the record: copied into each */
  size_t outer_count;
  const char *tags_path, *tag_key, *tag_value; /* relative to the record, or NULL */
  const char *token_path;     /* next-page token below the root; NULL = one page */
  const char *token_param;    /* request parameter carrying it */
  const char *limit_param;    /* page-size parameter, or NULL */
  unsigned limit_min, limit_max;
  const char *ids_param;      /* "InstanceId": with InstanceId.N the page size is not allowed */
  const char *parent_param;   /* required parameter copied into each record */
  const char *fixed_region;   /* account-wide S3 calls: non-NULL ("us-east-1") means the
                                 home region of the call's partition (awsmap__http_partition_home) */
  bool s3_region;             /* the value is a LocationConstraint: "" -> us-east-1, EU -> eu-west-1 */
};

extern const awsmap__call_spec awsmap__ec2_calls[], awsmap__rds_calls[], awsmap__elb_calls[],
    awsmap__elbv2_calls[], awsmap__s3_calls[], awsmap__sts_calls[];
extern const size_t awsmap__ec2_call_count, awsmap__rds_call_count, awsmap__elb_call_count,
    awsmap__elbv2_call_count, awsmap__s3_call_count, awsmap__sts_call_count;

/* ---- decoder: a call's table compiled to a trie, run over SAX events ---- */

typedef struct awsmap__decoder_table awsmap__decoder_table;
/* Compiles spec (AWSMAP_ERR_NOMEM, or AWSMAP_ERR_INTERNAL for a bad table). */
awsmap_status awsmap__decoder_table_new(awsmap__decoder_table **out, const awsmap__call_spec *spec);
void awsmap__decoder_table_free(awsmap__decoder_table *t);
/* The compiled table of a registered spec, built once per process. */
awsmap_status awsmap__call_table(const awsmap__call_spec *spec, const awsmap__decoder_table **out);

typedef struct awsmap__decoder awsmap__decoder;
/* emit takes ownership of each record. */
typedef awsmap_status (*awsmap__emit_fn)(void *ctx, awsmap_record *rec);
awsmap__decoder *awsmap__decoder_new(const awsmap__decoder_table *t, awsmap__emit_fn emit, void *ctx);
void awsmap__decoder_free(awsmap__decoder *d);
/* A field added to every record (e.g. the parent TargetGroupArn); copied. */
awsmap_status awsmap__decoder_add_extra(awsmap__decoder *d, const char *name, const char *value);
/* Forget a partial document; keeps the table and the extras. */
void awsmap__decoder_reset(awsmap__decoder *d);
/* The SAX handler to give the XML parser, with d as its ctx. */
const awsmap__xml_handler *awsmap__decoder_handler(void);
/* The next-page token seen in the document ("" if none). */
const char *awsmap__decoder_token(const awsmap__decoder *d);
size_t awsmap__decoder_records(const awsmap__decoder *d); /* emitted since the last reset */

/* ---- requests ---- */

/* Builds the form body (query protocols) or the query string (S3) of one page:
 * protocol parameters, the caller's params, the page size and token. */
awsmap_status awsmap__request_build(const awsmap__call_spec *spec, const char *const *params,
                                    unsigned page_size, const char *token, awsmap__buf *out);
/* Clamps a requested page size into the API's range; 0 = the maximum. */
unsigned awsmap__page_size_clamp(const awsmap__call_spec *spec, unsigned requested);

#endif /* AWSMAP_SERVICES_PRIVATE_H */
