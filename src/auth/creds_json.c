/* The JSON credential documents of IMDS and the container endpoints. */
#include "auth/auth.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static void wipe(cJSON *item) {
  for (; item; item = item->next) {
    if (item->valuestring)
      awsmap__secure_zero(item->valuestring, strlen(item->valuestring));
    wipe(item->child);
  }
}

static const char *str_field(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) && v->valuestring && *v->valuestring ? v->valuestring : NULL;
}

awsmap_status awsmap__auth_parse_json_credentials(awsmap_credentials **out, const char *json,
                                                  size_t len, const char *provider_name,
                                                  const char *what) {
  cJSON *root = cJSON_ParseWithLength(json, len);
  awsmap_status st;
  const char *code = root ? str_field(root, "Code") : NULL;
  const char *akid = root ? str_field(root, "AccessKeyId") : NULL;
  const char *secret = root ? str_field(root, "SecretAccessKey") : NULL;
  const char *exp = root ? str_field(root, "Expiration") : NULL;
  int64_t expiration = 0;
  if (!cJSON_IsObject(root))
    st = awsmap__error_set(AWSMAP_ERR_PARSE, provider_name, "%s did not answer with a JSON object", what);
  else if (code && strcmp(code, "Success") != 0)
    st = awsmap__error_set(AWSMAP_ERR_SERVICE, provider_name, "%s answered with Code %.64s", what, code);
  else if (!akid || !secret)
    st = awsmap__error_set(AWSMAP_ERR_PARSE, provider_name, "%s answered without %s", what,
                           akid ? "SecretAccessKey" : "AccessKeyId");
  else if (exp && awsmap__time_parse_iso8601(exp, &expiration) != AWSMAP_OK)
    st = awsmap__error_set(AWSMAP_ERR_PARSE, provider_name, "%s answered with a malformed Expiration",
                           what);
  else
    st = awsmap__credentials_new(out, akid, secret, str_field(root, "Token"), expiration,
                                 provider_name, str_field(root, "AccountId"));
  if (root) {
    wipe(root);
    cJSON_Delete(root);
  }
  return st;
}

void awsmap__auth_json_message(const char *json, size_t len, char *out, size_t out_len) {
  out[0] = '\0';
  cJSON *root = cJSON_ParseWithLength(json, len);
  if (!root)
    return;
  const char *m = str_field(root, "message");
  if (!m)
    m = str_field(root, "Message");
  if (m)
    snprintf(out, out_len, "%s", m);
  wipe(root);
  cJSON_Delete(root);
}
