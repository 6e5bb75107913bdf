/* Request parameters of one page: form bodies for the query protocols
 * (Action, Version, caller parameters, page size, token) and query strings
 * for S3. Values are URI-encoded the AWS way. */
#include "services/internal.h"

#include <stdio.h>
#include <string.h>

unsigned awsmap__page_size_clamp(const awsmap__call_spec *spec, unsigned requested) {
  if (!spec->limit_param)
    return 0;
  if (requested == 0 || requested > spec->limit_max)
    return spec->limit_max;
  return requested < spec->limit_min ? spec->limit_min : requested;
}

static awsmap_status pair(awsmap__buf *out, const char *name, const char *value) {
  if (out->len && awsmap__buf_putc(out, '&'))
    return AWSMAP_ERR_NOMEM;
  if (awsmap__uri_encode(out, name, strlen(name), false))
    return AWSMAP_ERR_NOMEM;
  if (!value) /* a bare S3 subresource such as "location" */
    return AWSMAP_OK;
  if (awsmap__buf_putc(out, '=') || awsmap__uri_encode(out, value, strlen(value), false))
    return AWSMAP_ERR_NOMEM;
  return AWSMAP_OK;
}

/* True when the caller named a list of IDs ("InstanceId.1"): EC2 then
 * refuses MaxResults. */
static bool has_ids(const awsmap__call_spec *spec, const char *const *params) {
  size_t n = spec->ids_param ? strlen(spec->ids_param) : 0;
  for (size_t i = 0; n && params && params[i]; i += 2)
    if (strncmp(params[i], spec->ids_param, n) == 0 && (params[i][n] == '.' || !params[i][n]))
      return true;
  return false;
}

static bool given(const char *const *params, const char *name) {
  for (size_t i = 0; name && params && params[i]; i += 2)
    if (strcmp(params[i], name) == 0)
      return true;
  return false;
}

awsmap_status awsmap__request_build(const awsmap__call_spec *spec, const char *const *params,
                                    unsigned page_size, const char *token, awsmap__buf *out) {
  awsmap__buf_clear(out);
  bool s3 = spec->protocol == AWSMAP__PROTO_REST_XML;
  awsmap_status st = AWSMAP_OK;
  if (!s3) {
    st = pair(out, "Action", spec->action);
    if (!st)
      st = pair(out, "Version", spec->version);
  } else if (spec->s3_region) {
    st = pair(out, "location", NULL);
  }
  for (size_t i = 0; !st && params && params[i]; i += 2) {
    if (s3 && spec->parent_param && strcmp(params[i], spec->parent_param) == 0)
      continue; /* the bucket goes in the host or path, not the query */
    st = pair(out, params[i], params[i + 1]);
  }
  if (!st && spec->limit_param && !has_ids(spec, params) && !given(params, spec->limit_param)) {
    char num[16];
    snprintf(num, sizeof num, "%u", awsmap__page_size_clamp(spec, page_size));
    st = pair(out, spec->limit_param, num);
  }
  if (!st && token && *token)
    st = pair(out, spec->token_param, token);
  return st ? awsmap__error_nomem(spec->operation) : AWSMAP_OK;
}
