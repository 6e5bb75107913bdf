/* Onboarding helpers: a fresh External ID, the role's trust policy and the
 * minimal read-only policy for exactly the calls libawsmap makes. */
#include "auth/auth.h"

#include <string.h>

awsmap_status awsmap_external_id_generate(awsmap_buf **out) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "external id", "out is NULL");
  unsigned char raw[16];
  char hex[2 * sizeof raw + 1];
  if (awsmap__random_bytes(raw, sizeof raw) != AWSMAP_OK)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "external id", "no randomness available");
  awsmap__hex(raw, sizeof raw, hex);
  awsmap__buf b = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__buf_puts(&b, hex);
  if (st == AWSMAP_OK)
    st = awsmap__buf_to_public(&b, out);
  awsmap__buf_dispose(&b);
  awsmap__secure_zero(raw, sizeof raw);
  return st;
}

/* IAM's pattern for sts:ExternalId: [\w+=,.@:\/-]{2,1224} */
static bool valid_external_id(const char *s) {
  size_t n = strlen(s);
  if (n < 2 || n > 1224)
    return false;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          strchr("+=,.@:/_-", c)))
      return false;
  }
  return true;
}

static bool all_digits(const char *s, size_t n) {
  if (strlen(s) != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

/* An IAM ARN with no character that would need escaping in JSON. */
static bool valid_principal_arn(const char *s) {
  if (strncmp(s, "arn:", 4) != 0 || strlen(s) > 2048)
    return false;
  for (; *s; s++)
    if ((unsigned char)*s <= 0x20 || *s == '"' || *s == '\\' || (unsigned char)*s >= 0x7f)
      return false;
  return true;
}

awsmap_status awsmap_trust_policy_json(awsmap_buf **out, const char *principal,
                                       const char *external_id) {
  awsmap__error_clear();
  if (!out || !principal || !external_id)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "trust policy",
                             "a trust policy needs an out pointer, a principal and an External ID");
  bool account = all_digits(principal, 12);
  if (!account && !valid_principal_arn(principal))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "trust policy",
                             "the principal must be a 12-digit account ID or an IAM ARN");
  if (!valid_external_id(external_id))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "trust policy",
                             "the External ID must be 2 to 1224 characters of "
                             "A-Z a-z 0-9 + = , . @ : / _ -");
  awsmap__buf b = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__buf_printf(
      &b,
      "{\n"
      "  \"Version\": \"2012-10-17\",\n"
      "  \"Statement\": [\n"
      "    {\n"
      "      \"Effect\": \"Allow\",\n"
      "      \"Principal\": {\"AWS\": \"%s%s%s\"},\n"
      "      \"Action\": \"sts:AssumeRole\",\n"
      "      \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"%s\"}}\n"
      "    }\n"
      "  ]\n"
      "}\n",
      account ? "arn:aws:iam::" : "", principal, account ? ":root" : "", external_id);
  if (st == AWSMAP_OK)
    st = awsmap__buf_to_public(&b, out);
  awsmap__buf_dispose(&b);
  return st == AWSMAP_OK ? st : awsmap__error_nomem("trust policy");
}

/* Exactly the API calls behind libawsmap's record types (see services), by
 * IAM action name: ELB classic and ELBv2 share the elasticloadbalancing
 * prefix; S3 ListBuckets is authorised as s3:ListAllMyBuckets. */
static const char *const READONLY_ACTIONS[] = {
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstances",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeNatGateways",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeRegions",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVolumes",
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeVpcs",
    "elasticloadbalancing:DescribeInstanceHealth",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth",
    "rds:DescribeDBClusters",
    "rds:DescribeDBInstances",
    "rds:DescribeDBSubnetGroups",
    "s3:GetBucketLocation",
    "s3:ListAllMyBuckets",
    "sts:GetCallerIdentity",
};

awsmap_status awsmap_readonly_policy_json(awsmap_buf **out) {
  awsmap__error_clear();
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "read-only policy", "out is NULL");
  awsmap__buf b = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__buf_puts(&b,
                                      "{\n"
                                      "  \"Version\": \"2012-10-17\",\n"
                                      "  \"Statement\": [\n"
                                      "    {\n"
                                      "      \"Sid\": \"AwsmapReadOnly\",\n"
                                      "      \"Effect\": \"Allow\",\n"
                                      "      \"Action\": [\n");
  for (size_t i = 0; st == AWSMAP_OK && i < AWSMAP__ARRAY_LEN(READONLY_ACTIONS); i++)
    st = awsmap__buf_printf(&b, "        \"%s\"%s\n", READONLY_ACTIONS[i],
                            i + 1 < AWSMAP__ARRAY_LEN(READONLY_ACTIONS) ? "," : "");
  if (st == AWSMAP_OK)
    st = awsmap__buf_puts(&b, "      ],\n"
                              "      \"Resource\": \"*\"\n"
                              "    }\n"
                              "  ]\n"
                              "}\n");
  if (st == AWSMAP_OK)
    st = awsmap__buf_to_public(&b, out);
  awsmap__buf_dispose(&b);
  return st == AWSMAP_OK ? st : awsmap__error_nomem("read-only policy");
}
