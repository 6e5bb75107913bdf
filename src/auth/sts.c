/* STS AssumeRole and AssumeRoleWithWebIdentity: query-protocol requests
 * through the http engine, XML responses through xml_extract. Request bodies
 * (web identity tokens) and responses (secret keys) are zeroed after use. */
#include "auth/auth.h"
#include "xml/xml.h"

#include <stdio.h>
#include <string.h>

bool awsmap__sts_valid_role_arn(const char *arn) {
  /* arn:<partition>:iam::<12 digits>:role/<path/name> */
  if (!arn || strncmp(arn, "arn:", 4) != 0)
    return false;
  const char *partition = arn + 4, *colon = strchr(partition, ':');
  if (!colon || colon == partition || strncmp(colon, ":iam::", 6) != 0)
    return false;
  const char *account = colon + 6;
  for (int i = 0; i < 12; i++)
    if (account[i] < '0' || account[i] > '9')
      return false;
  return strncmp(account + 12, ":role/", 6) == 0 && account[18] != '\0' && strlen(arn) <= 2048;
}

static awsmap_status put_param(awsmap__buf *b, const char *name, const char *value) {
  awsmap_status st = awsmap__buf_printf(b, "&%s=", name);
  if (st == AWSMAP_OK)
    st = awsmap__uri_encode(b, value, strlen(value), false);
  return st;
}

awsmap_status awsmap__sts_build_body(awsmap__buf *b, const char *action, const awsmap__sts_params *p) {
  awsmap_status st = awsmap__buf_printf(b, "Action=%s&Version=2011-06-15", action);
  if (st == AWSMAP_OK)
    st = put_param(b, "RoleArn", p->role_arn);
  if (st == AWSMAP_OK)
    st = put_param(b, "RoleSessionName", p->session_name);
  if (st == AWSMAP_OK && p->duration_seconds > 0)
    st = awsmap__buf_printf(b, "&DurationSeconds=%d", p->duration_seconds);
  if (st == AWSMAP_OK && p->external_id && *p->external_id)
    st = put_param(b, "ExternalId", p->external_id);
  for (size_t i = 0; st == AWSMAP_OK && p->policy_arns && p->policy_arns[i]; i++) {
    char name[48];
    snprintf(name, sizeof name, "PolicyArns.member.%zu.arn", i + 1);
    st = put_param(b, name, p->policy_arns[i]);
  }
  if (st == AWSMAP_OK && p->web_identity_token)
    st = put_param(b, "WebIdentityToken", p->web_identity_token);
  return st == AWSMAP_OK ? st : awsmap__error_nomem("sts");
}

enum { F_AKID, F_SECRET, F_TOKEN, F_EXPIRATION, F_ARN, F_COUNT };

awsmap_status awsmap__sts_parse_credentials(awsmap_credentials **out, const char *xml, size_t len,
                                            const char *action, const char *provider_name) {
  static const char *const FIELDS[F_COUNT] = {
      "Credentials/AccessKeyId", "Credentials/SecretAccessKey", "Credentials/SessionToken",
      "Credentials/Expiration", "AssumedRoleUser/Arn"};
  char paths[F_COUNT][96];
  const char *path_ptrs[F_COUNT];
  for (int i = 0; i < F_COUNT; i++) {
    snprintf(paths[i], sizeof paths[i], "%sResult/%s", action, FIELDS[i]);
    path_ptrs[i] = paths[i];
  }
  awsmap__buf v[F_COUNT];
  memset(v, 0, sizeof v);
  awsmap_status st = awsmap__xml_extract(xml, len, path_ptrs, F_COUNT, v);
  if (st != AWSMAP_OK) {
    awsmap__error_prefix("sts %s response: ", action);
  } else if (!v[F_AKID].len || !v[F_SECRET].len || !v[F_TOKEN].len || !v[F_EXPIRATION].len) {
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "sts", "sts %s response lacks the credentials", action);
  } else {
    int64_t expiration = 0;
    if (awsmap__time_parse_iso8601(awsmap__buf_cstr(&v[F_EXPIRATION]), &expiration) != AWSMAP_OK) {
      st = awsmap__error_set(AWSMAP_ERR_PARSE, "sts", "sts %s response has a malformed Expiration",
                             action);
    } else {
      /* arn:aws:sts::<account>:assumed-role/<role>/<session> */
      char account[16] = "";
      const char *arn = awsmap__buf_cstr(&v[F_ARN]);
      const char *a = arn;
      for (int colons = 0; *a && colons < 4; a++)
        colons += *a == ':';
      if (strlen(a) > 12 && a[12] == ':') {
        memcpy(account, a, 12);
        account[12] = '\0';
      }
      st = awsmap__credentials_new(out, awsmap__buf_cstr(&v[F_AKID]), awsmap__buf_cstr(&v[F_SECRET]),
                                   awsmap__buf_cstr(&v[F_TOKEN]), expiration, provider_name,
                                   account[0] ? account : NULL);
    }
  }
  for (int i = 0; i < F_COUNT; i++)
    awsmap__buf_dispose_secret(&v[i]);
  return st;
}

static awsmap_status call(awsmap__http_engine *e, const char *action, const awsmap__sts_params *p,
                          awsmap_credentials *source, const char *provider_name,
                          awsmap_credentials **out) {
  awsmap__buf body = AWSMAP__BUF_INIT, resp = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__sts_build_body(&body, action, p);
  if (st == AWSMAP_OK) {
    awsmap__aws_request req = {0};
    req.service = "sts";
    req.region = p->region && *p->region ? p->region : "us-east-1";
    req.operation = action;
    req.method = "POST";
    req.path = "/";
    req.body = body.ptr;
    req.body_len = body.len;
    req.content_type = "application/x-www-form-urlencoded; charset=utf-8";
    req.protocol = AWSMAP__PROTO_QUERY;
    req.unsigned_request = source == NULL;
    AWSMAP__DEBUG("auth", "sts %s %s in %s", action, p->role_arn, req.region);
    st = awsmap__aws_perform(e, &req, source, &resp);
  }
  if (st == AWSMAP_OK)
    st = awsmap__sts_parse_credentials(out, awsmap__buf_cstr(&resp), resp.len, action, provider_name);
  awsmap__buf_dispose_secret(&body);
  awsmap__buf_dispose_secret(&resp);
  return st;
}

awsmap_status awsmap__sts_assume_role(awsmap__http_engine *e, const awsmap__sts_params *p,
                                      awsmap_credentials *source, awsmap_credentials **out) {
  awsmap_status st = call(e, "AssumeRole", p, source, "assume-role", out);
  if (st == AWSMAP_ERR_ACCESS_DENIED)
    /* STS says only "not authorized": name the two usual causes. */
    awsmap__error_prefix("AssumeRole %s was refused: the role's trust policy does not allow "
                         "these credentials%s. ",
                         p->role_arn,
                         p->external_id && *p->external_id
                             ? ", or the External ID does not match the one it requires"
                             : ", or it requires an External ID and none was given");
  return st;
}

awsmap_status awsmap__sts_assume_role_with_web_identity(awsmap__http_engine *e,
                                                        const awsmap__sts_params *p,
                                                        awsmap_credentials **out) {
  return call(e, "AssumeRoleWithWebIdentity", p, NULL, "web-identity", out);
}
