/*
 * awsmap-sign: sign HTTP requests with AWS Signature Version 4.
 *
 * Reads one JSON request per line on stdin and writes one JSON line per
 * request on stdout, in order. Use it to see exactly what libawsmap signs
 * (the canonical request and the string to sign are what to compare with
 * the ones AWS quotes in a SignatureDoesNotMatch error), to presign URLs,
 * or as the harness of the differential tests (tests/sigv4/differential.py).
 *
 *   echo '{"id":1,"method":"GET","url":"https://example.amazonaws.com/",
 *          "service":"service","region":"us-east-1","access_key":"AKIDEXAMPLE",
 *          "secret_key":"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
 *          "time":"20150830T123600Z"}' | awsmap-sign
 *
 * Input fields (unknown ones are ignored):
 *   id              any JSON value, echoed back
 *   method, url     the request line; url as sent on the wire, absolute
 *                   (https://host/path?query) or origin-form (/path?query)
 *   headers         object; a name may repeat (every one is kept, in order)
 *   body | body_b64 the body as text, or base64 for binary bodies
 *   payload_hash    hex SHA-256 or a marker such as UNSIGNED-PAYLOAD
 *   service, region, access_key, secret_key, session_token
 *   time            20150830T123600Z, 2015-08-30T12:36:00Z or Unix seconds;
 *                   now when absent
 *   mode            "header" (default) or "query" (presigned URL)
 *   expires         presigned URL lifetime in seconds (default 3600)
 *   s3              true: S3 rules; unsigned_payload: true for UNSIGNED-PAYLOAD
 *   omit_session_token  true: add the token after signing, unsigned
 *
 * Output: {"id", "canonical_request", "string_to_sign", "signature",
 * "signed_headers", "authorization" (header mode) or "url" (query mode),
 * "headers": [[name, value]...] to add}, or {"id", "error"} for a line that
 * cannot be signed; the program carries on with the next line. Exit status
 * is 0 unless stdin or stdout fails.
 */
#include <awsmap/awsmap.h>
#include <awsmap/sigv4.h>
#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *to) {
  fputs("usage: awsmap-sign [--help] < requests.jsonl > signed.jsonl\n"
        "\n"
        "Signs one JSON request per input line with AWS SigV4 and prints one JSON\n"
        "line per request: id, canonical_request, string_to_sign, signature,\n"
        "signed_headers, and authorization (mode \"header\") or url (mode \"query\").\n"
        "A line that cannot be signed gives {\"id\":...,\"error\":\"...\"}.\n"
        "\n"
        "Input fields: id, method, url, headers{}, body | body_b64, payload_hash,\n"
        "service, region, access_key, secret_key, session_token,\n"
        "time (20150830T123600Z), mode (header|query), expires, s3,\n"
        "unsigned_payload, omit_session_token. Unknown fields are ignored.\n",
        to);
}

static const char *str_field(const cJSON *o, const char *name) {
  return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
}

static bool bool_field(const cJSON *o, const char *name) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, name));
}

static int b64val(int c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

/* Standard or URL-safe base64, padding optional. NULL on junk. */
static unsigned char *b64_decode(const char *s, size_t *out_len) {
  size_t n = strlen(s);
  unsigned char *out = malloc(n / 4 * 3 + 3);
  if (!out)
    return NULL;
  size_t o = 0;
  unsigned acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '=')
      break;
    int v = b64val((unsigned char)s[i]);
    if (v < 0) {
      free(out);
      return NULL;
    }
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (unsigned char)(acc >> bits);
    }
  }
  *out_len = o;
  return out;
}

static bool parse_time(const cJSON *item, int64_t *out) {
  if (!item) {
    *out = (int64_t)time(NULL);
    return true;
  }
  if (cJSON_IsNumber(item)) {
    *out = (int64_t)item->valuedouble;
    return true;
  }
  const char *s = cJSON_GetStringValue(item);
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = s ? strptime(s, "%Y%m%dT%H%M%SZ", &tm) : NULL;
  if (!end || *end) {
    memset(&tm, 0, sizeof tm);
    end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
  }
  if (!end || *end)
    return false;
  *out = (int64_t)timegm(&tm);
  return true;
}

/* Signs one parsed line into reply; returns an error text or NULL. */
static const char *sign_one(const cJSON *in, cJSON *reply, char *err, size_t err_len) {
  const char *method = str_field(in, "method");
  const char *url = str_field(in, "url");
  if (!method || !url)
    return "method and url are required strings";
  int64_t when;
  if (!parse_time(cJSON_GetObjectItemCaseSensitive(in, "time"), &when))
    return "time must look like 20150830T123600Z";

  awsmap_sigv4_request *req = NULL;
  awsmap_credentials *creds = NULL;
  awsmap_sigv4_result *res = NULL;
  const char *failed = NULL;
  if (awsmap_sigv4_request_new(&req, method, url) != AWSMAP_OK)
    goto lib_error;

  const cJSON *headers = cJSON_GetObjectItemCaseSensitive(in, "headers");
  if (headers && !cJSON_IsObject(headers)) {
    failed = "headers must be an object";
    goto done;
  }
  /* the child list keeps repeated names, in document order */
  for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next) {
    if (!cJSON_IsString(h)) {
      snprintf(err, err_len, "header %s: value must be a string", h->string);
      failed = err;
      goto done;
    }
    if (awsmap_sigv4_request_add_header(req, h->string, h->valuestring) != AWSMAP_OK)
      goto lib_error;
  }

  const char *body = str_field(in, "body");
  const char *body_b64 = str_field(in, "body_b64");
  if (body_b64) {
    size_t len = 0;
    unsigned char *bytes = b64_decode(body_b64, &len);
    if (!bytes) {
      failed = "body_b64 is not valid base64";
      goto done;
    }
    awsmap_status st = awsmap_sigv4_request_set_body(req, bytes, len);
    free(bytes);
    if (st != AWSMAP_OK)
      goto lib_error;
  } else if (body && awsmap_sigv4_request_set_body(req, body, strlen(body)) != AWSMAP_OK) {
    goto lib_error;
  }
  const char *hash = str_field(in, "payload_hash");
  if (hash && awsmap_sigv4_request_set_payload_hash(req, hash) != AWSMAP_OK)
    goto lib_error;

  const char *token = str_field(in, "session_token");
  if (awsmap_credentials_new(&creds, str_field(in, "access_key"), str_field(in, "secret_key"),
                             token, 0) != AWSMAP_OK)
    goto lib_error;

  awsmap_sigv4_options opts = AWSMAP_SIGV4_OPTIONS_INIT;
  const char *mode = str_field(in, "mode");
  if (mode && strcmp(mode, "query") == 0) {
    opts.mode = AWSMAP_SIGV4_QUERY;
  } else if (mode && strcmp(mode, "header") != 0) {
    failed = "mode must be \"header\" or \"query\"";
    goto done;
  }
  const cJSON *expires = cJSON_GetObjectItemCaseSensitive(in, "expires");
  if (expires) {
    if (!cJSON_IsNumber(expires)) {
      failed = "expires must be a number of seconds";
      goto done;
    }
    /* out-of-range values are left to the library to reject */
    double e = expires->valuedouble;
    opts.expires = e > 1e12 ? INT64_C(1000000000000) : e < -1e12 ? -INT64_C(1000000000000)
                                                                 : (int64_t)e;
  }
  opts.s3 = bool_field(in, "s3");
  opts.unsigned_payload = bool_field(in, "unsigned_payload");
  opts.omit_session_token = bool_field(in, "omit_session_token");

  if (awsmap_sigv4_sign(&res, req, creds, str_field(in, "region"), str_field(in, "service"), when,
                        &opts) != AWSMAP_OK)
    goto lib_error;

  cJSON_AddStringToObject(reply, "canonical_request", awsmap_sigv4_result_canonical_request(res));
  cJSON_AddStringToObject(reply, "string_to_sign", awsmap_sigv4_result_string_to_sign(res));
  cJSON_AddStringToObject(reply, "signature", awsmap_sigv4_result_signature(res));
  cJSON_AddStringToObject(reply, "signed_headers", awsmap_sigv4_result_signed_headers(res));
  if (opts.mode == AWSMAP_SIGV4_QUERY) {
    cJSON_AddStringToObject(reply, "url", awsmap_sigv4_result_url(res));
  } else {
    cJSON_AddStringToObject(reply, "authorization", awsmap_sigv4_result_authorization(res));
    cJSON *add = cJSON_AddArrayToObject(reply, "headers");
    for (size_t i = 0; i < awsmap_sigv4_result_header_count(res); i++) {
      const char *value;
      const char *name = awsmap_sigv4_result_header(res, i, &value);
      cJSON *pair = cJSON_CreateArray();
      cJSON_AddItemToArray(pair, cJSON_CreateString(name));
      cJSON_AddItemToArray(pair, cJSON_CreateString(value));
      cJSON_AddItemToArray(add, pair);
    }
  }
  goto done;

lib_error:
  snprintf(err, err_len, "%s: %s", awsmap_status_name(awsmap_error_status(awsmap_error_last())),
           awsmap_error_message(awsmap_error_last()));
  failed = err;
done:
  awsmap_sigv4_result_free(res);
  awsmap_credentials_release(creds);
  awsmap_sigv4_request_free(req);
  return failed;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    }
    fprintf(stderr, "awsmap-sign: unknown argument '%s'\n", argv[i]);
    usage(stderr);
    return 2;
  }
  if (awsmap_global_init() != AWSMAP_OK) {
    fprintf(stderr, "awsmap-sign: %s\n", awsmap_error_message(awsmap_error_last()));
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) > 0) {
    if (strspn(line, " \t\r\n") == (size_t)n)
      continue; /* blank lines carry no request */
    cJSON *in = cJSON_ParseWithLength(line, (size_t)n);
    cJSON *reply = cJSON_CreateObject();
    const cJSON *id = in ? cJSON_GetObjectItemCaseSensitive(in, "id") : NULL;
    cJSON_AddItemToObject(reply, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    char err[700];
    const char *failed = !in ? "the line is not valid JSON"
                         : !cJSON_IsObject(in) ? "the line is not a JSON object"
                                               : sign_one(in, reply, err, sizeof err);
    if (failed) { /* an error line carries only id and error */
      cJSON_Delete(reply);
      reply = cJSON_CreateObject();
      cJSON_AddItemToObject(reply, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
      cJSON_AddStringToObject(reply, "error", failed);
    }
    char *text = cJSON_PrintUnformatted(reply);
    if (!text || puts(text) == EOF) {
      free(text);
      cJSON_Delete(reply);
      cJSON_Delete(in);
      free(line);
      return 1;
    }
    free(text);
    cJSON_Delete(reply);
    cJSON_Delete(in);
  }
  free(line);
  awsmap_global_cleanup();
  return fflush(stdout) == 0 && !ferror(stdin) ? 0 : 1;
}
