/* process: credentials from an external command (credential_process). */
#include "auth/auth.h"

#include <cjson/cJSON.h>
#include <string.h>

typedef struct process_impl {
  char **argv;
  long timeout_ms;
} process_impl;

/* cJSON does not zero what it frees: wipe every string first. */
static void wipe_json(cJSON *item) {
  for (; item; item = item->next) {
    if (item->valuestring)
      awsmap__secure_zero(item->valuestring, strlen(item->valuestring));
    wipe_json(item->child);
  }
}

static const char *json_string(const cJSON *root, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

awsmap_status awsmap__process_parse_output(awsmap_credentials **out, const char *json,
                                           size_t len, const char *provider_name) {
  cJSON *root = cJSON_ParseWithLength(json, len);
  awsmap_status st = AWSMAP_OK;
  if (!cJSON_IsObject(root)) {
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "credential_process",
                           "credential_process output is not a JSON object");
    goto done;
  }
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "Version");
  if (!cJSON_IsNumber(version) || version->valuedouble != 1) {
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "credential_process",
                           "credential_process output must have \"Version\": 1");
    goto done;
  }
  const char *akid = json_string(root, "AccessKeyId");
  const char *secret = json_string(root, "SecretAccessKey");
  if (!akid || !*akid || !secret || !*secret) {
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "credential_process",
                           "credential_process output lacks %s",
                           !akid || !*akid ? "AccessKeyId" : "SecretAccessKey");
    goto done;
  }
  int64_t expiration = 0;
  const cJSON *exp = cJSON_GetObjectItemCaseSensitive(root, "Expiration");
  if (exp && !cJSON_IsNull(exp) &&
      (!cJSON_IsString(exp) || awsmap__time_parse_iso8601(exp->valuestring, &expiration) != AWSMAP_OK)) {
    st = awsmap__error_set(AWSMAP_ERR_PARSE, "credential_process",
                           "credential_process output has an Expiration that is not an ISO-8601 time");
    goto done;
  }
  st = awsmap__credentials_new(out, akid, secret, json_string(root, "SessionToken"), expiration,
                               provider_name, json_string(root, "AccountId"));
done:
  if (root) {
    wipe_json(root);
    cJSON_Delete(root);
  }
  return st;
}

static awsmap_status process_fetch(void *impl, awsmap_credentials **out) {
  process_impl *pi = impl;
  awsmap__buf so = AWSMAP__BUF_INIT, se = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__process_run(pi->argv, pi->timeout_ms, &so, &se);
  if (st == AWSMAP_OK)
    st = awsmap__process_parse_output(out, awsmap__buf_cstr(&so), so.len, "process");
  awsmap__buf_dispose_secret(&so);
  awsmap__buf_dispose_secret(&se);
  return st;
}

static void process_destroy(void *impl) {
  process_impl *pi = impl;
  if (!pi)
    return;
  awsmap__process_argv_free(pi->argv);
  awsmap__free(pi);
}

static const awsmap__provider_vtable PROCESS_VT = {process_fetch, process_destroy};

awsmap_status awsmap__provider_process_new(awsmap_credentials_provider **out, const char *command,
                                           long timeout_ms) {
  process_impl *pi = awsmap__calloc(1, sizeof *pi);
  if (!pi)
    return awsmap__error_nomem("credential_process");
  pi->timeout_ms = timeout_ms;
  awsmap_status st = awsmap__process_split(command, &pi->argv, NULL);
  if (st != AWSMAP_OK) {
    process_destroy(pi);
    return st;
  }
  return awsmap__provider_new(out, &PROCESS_VT, "process", pi);
}

awsmap_status awsmap_credentials_provider_process_new(awsmap_credentials_provider **out,
                                                      const char *command, long timeout_ms) {
  awsmap__error_clear();
  if (!out || !command || !*command || timeout_ms < 0)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "credential_process",
                             "a process provider needs an out pointer, a command and a "
                             "non-negative timeout");
  awsmap_credentials_provider *raw = NULL;
  awsmap_status st = awsmap__provider_process_new(&raw, command, timeout_ms);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, raw, 0);
}
