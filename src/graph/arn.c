/* ARNs: the partition a region belongs to, parsing, and building ARNs from
 * the formats in rules.c where the API returns none. */
#include "graph/graph.h"

#include <string.h>

const char *awsmap__arn_partition(const char *region) {
  if (!region)
    return "aws";
  /* Longest prefixes first: us-isob- also starts with us-iso. */
  if (awsmap__str_starts_with(region, "cn-"))
    return "aws-cn";
  if (awsmap__str_starts_with(region, "us-gov-"))
    return "aws-us-gov";
  if (awsmap__str_starts_with(region, "us-isob-"))
    return "aws-iso-b";
  if (awsmap__str_starts_with(region, "us-iso-"))
    return "aws-iso";
  return "aws";
}

awsmap_status awsmap__arn_parse(const char *s, size_t len, awsmap__arn *out) {
  memset(out, 0, sizeof *out);
  if (!s || len < 4 || memcmp(s, "arn:", 4) != 0)
    return AWSMAP_ERR_PARSE;
  awsmap__str parts[4];
  size_t pos = 4;
  for (int i = 0; i < 4; i++) {
    const char *colon = memchr(s + pos, ':', len - pos);
    if (!colon)
      return AWSMAP_ERR_PARSE;
    parts[i] = (awsmap__str){s + pos, (size_t)(colon - (s + pos))};
    pos = (size_t)(colon - s) + 1;
  }
  if (memchr(s, '\0', len)) /* an embedded NUL is never part of an ARN */
    return AWSMAP_ERR_PARSE;
  out->partition = parts[0];
  out->service = parts[1];
  out->region = parts[2];
  out->account = parts[3];
  out->resource = (awsmap__str){s + pos, len - pos};
  if (!out->partition.len || !out->service.len || !out->resource.len) {
    memset(out, 0, sizeof *out);
    return AWSMAP_ERR_PARSE;
  }
  return AWSMAP_OK;
}

void awsmap__arn_resource_split(awsmap__str resource, awsmap__str *type, awsmap__str *id) {
  for (size_t i = 0; i < resource.len; i++) {
    if (resource.ptr[i] == '/' || resource.ptr[i] == ':') {
      *type = (awsmap__str){resource.ptr, i};
      *id = (awsmap__str){resource.ptr + i + 1, resource.len - i - 1};
      return;
    }
  }
  *type = (awsmap__str){resource.ptr, 0};
  *id = resource;
}

awsmap_status awsmap__arn_format(awsmap__buf *out, const char *fmt, const char *region,
                                 const char *account, const char *id) {
  awsmap_status st = AWSMAP_OK;
  const char *lit = fmt; /* start of the literal run not yet copied */
  for (const char *p = fmt; *p && st == AWSMAP_OK; p++) {
    if (p[0] != '{' || !p[1] || p[2] != '}')
      continue;
    const char *v = NULL;
    switch (p[1]) {
    case 'p': v = awsmap__arn_partition(region); break;
    case 'r': v = region ? region : ""; break;
    case 'a': v = account ? account : ""; break;
    case 'i': v = id ? id : ""; break;
    default: continue; /* not a placeholder: copied as it is */
    }
    st = awsmap__buf_put(out, lit, (size_t)(p - lit));
    if (st == AWSMAP_OK)
      st = awsmap__buf_puts(out, v);
    p += 2;
    lit = p + 1;
  }
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(out, lit);
  return st;
}
