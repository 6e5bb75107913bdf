/* The public SigV4 API (include/awsmap/sigv4.h): a request object with
 * setters, and a result with accessors. All signing goes through
 * awsmap__sigv4_sign(), the same path the transport uses. */
#include "sigv4/sigv4.h"

#include "awsmap/sigv4.h"

#include <string.h>

#define OP "sigv4:sign"

struct awsmap_sigv4_request {
  char *method;
  char *url;  /* as given: the presigned URL is built on it */
  char *path; /* "" when an absolute URL has no path */
  char *query; /* NULL: no '?' */
  char *host; /* from an absolute URL, NULL for origin-form */
  awsmap__header *headers; /* owned names and values */
  size_t header_count, header_cap;
  unsigned char *body;
  size_t body_len;
  char *payload_hash;
  char **signed_names;
  size_t signed_count;
};

struct awsmap_sigv4_result {
  awsmap__sigv4_result r;
  char *signed_list;
  char *token; /* copy: the credentials may be released first */
  size_t header_count;
  const char *names[4];
  const char *values[4];
  awsmap__buf url;
  bool query_mode;
};

awsmap_status awsmap_sigv4_options_init(awsmap_sigv4_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_SIGV4_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:options",
                             "NULL options or unknown options version %u", version);
  awsmap_sigv4_options init = AWSMAP_SIGV4_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

/* ---- request -------------------------------------------------------------- */

static bool has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
      return true;
  return false;
}

/* Splits an absolute or origin-form URL; sets req->path/query/host. */
static awsmap_status parse_url(awsmap_sigv4_request *req, const char *url) {
  if (!*url)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request", "the URL is empty");
  if (has_control(url))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "the URL contains a control character");
  if (strchr(url, '#'))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "the URL has a fragment ('#'), which is never sent");
  const char *target = url;
  if (url[0] != '/') {
    const char *sep = strstr(url, "://");
    bool https = sep && sep - url == 5 && awsmap__str_eq_icase((awsmap__str){url, 5}, "https");
    bool http = sep && sep - url == 4 && awsmap__str_eq_icase((awsmap__str){url, 4}, "http");
    if (!https && !http)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                               "the URL must be http(s)://host/path or start with '/'");
    const char *auth = sep + 3;
    size_t auth_len = strcspn(auth, "/?");
    if (auth_len == 0 || memchr(auth, '@', auth_len) || memchr(auth, ' ', auth_len))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                               "the URL has an empty host, user info or a space in its host");
    /* the port: after the last ':' outside IPv6 brackets; all digits */
    const char *close = memchr(auth, ']', auth_len);
    const char *colon = NULL;
    for (const char *p = close ? close : auth; p < auth + auth_len; p++)
      if (*p == ':')
        colon = p;
    size_t host_len = auth_len;
    if (colon) {
      size_t plen = (size_t)(auth + auth_len - colon - 1);
      if (plen == 0 || plen > 5 || strspn(colon + 1, "0123456789") < plen)
        return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                                 "the URL's port is not a number");
      if ((https && plen == 3 && memcmp(colon + 1, "443", 3) == 0) ||
          (http && plen == 2 && memcmp(colon + 1, "80", 2) == 0))
        host_len = (size_t)(colon - auth); /* the default port is not part of Host */
    }
    req->host = awsmap__strndup(auth, host_len);
    if (!req->host)
      return awsmap__error_nomem("sigv4:request");
    for (char *p = req->host; *p; p++)
      *p = awsmap__tolower(*p);
    target = auth + auth_len;
  }
  const char *q = strchr(target, '?');
  req->path = awsmap__strndup(target, q ? (size_t)(q - target) : strlen(target));
  req->query = q ? awsmap__strdup(q + 1) : NULL;
  if (!req->path || (q && !req->query))
    return awsmap__error_nomem("sigv4:request");
  return AWSMAP_OK;
}

awsmap_status awsmap_sigv4_request_new(awsmap_sigv4_request **out, const char *method,
                                       const char *url) {
  awsmap__error_clear();
  if (!out || !method || !url)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "out, method and url are required");
  *out = NULL;
  if (!awsmap__sigv4_valid_header_name(method, strlen(method)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "the HTTP method is empty or malformed");
  awsmap_sigv4_request *req = awsmap__calloc(1, sizeof *req);
  if (!req)
    return awsmap__error_nomem("sigv4:request");
  req->method = awsmap__strdup(method);
  req->url = awsmap__strdup(url);
  awsmap_status st = !req->method || !req->url ? awsmap__error_nomem("sigv4:request")
                                               : parse_url(req, url);
  if (st != AWSMAP_OK) {
    awsmap_sigv4_request_free(req);
    return st;
  }
  *out = req;
  return AWSMAP_OK;
}

static void free_names(awsmap_sigv4_request *req) {
  for (size_t i = 0; i < req->signed_count; i++)
    awsmap__free(req->signed_names[i]);
  awsmap__free(req->signed_names);
  req->signed_names = NULL;
  req->signed_count = 0;
}

void awsmap_sigv4_request_free(awsmap_sigv4_request *req) {
  if (!req)
    return;
  for (size_t i = 0; i < req->header_count; i++) {
    awsmap__free((char *)req->headers[i].name);
    awsmap__free_secret((char *)req->headers[i].value); /* may be a token */
  }
  awsmap__free(req->headers);
  if (req->body)
    awsmap__secure_zero(req->body, req->body_len);
  awsmap__free(req->body);
  awsmap__free(req->payload_hash);
  free_names(req);
  awsmap__free(req->method);
  awsmap__free_secret(req->url); /* a presigned URL may be passed back in */
  awsmap__free_secret(req->path);
  awsmap__free_secret(req->query);
  awsmap__free(req->host);
  awsmap__free(req);
}

awsmap_status awsmap_sigv4_request_add_header(awsmap_sigv4_request *req, const char *name,
                                              const char *value) {
  awsmap__error_clear();
  if (!req || !name || !value)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "request, name and value are required");
  if (!awsmap__sigv4_valid_header_name(name, strlen(name)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "header name '%.64s' is empty or has a character not allowed in "
                             "a header name", name);
  if (!awsmap__sigv4_valid_header_value(value, strlen(value)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "header %.64s has a control character or a bare line break in "
                             "its value", name);
  if (req->header_count == req->header_cap) {
    size_t cap = req->header_cap ? 2 * req->header_cap : 8;
    awsmap__header *h = awsmap__realloc(req->headers, cap * sizeof *h);
    if (!h)
      return awsmap__error_nomem("sigv4:request");
    req->headers = h;
    req->header_cap = cap;
  }
  char *n = awsmap__strdup(name), *v = awsmap__strdup(value);
  if (!n || !v) {
    awsmap__free(n);
    awsmap__free_secret(v);
    return awsmap__error_nomem("sigv4:request");
  }
  req->headers[req->header_count++] = (awsmap__header){n, v};
  return AWSMAP_OK;
}

awsmap_status awsmap_sigv4_request_set_body(awsmap_sigv4_request *req, const void *body,
                                            size_t len) {
  awsmap__error_clear();
  if (!req || (!body && len))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "NULL request, or NULL body with a length");
  unsigned char *copy = NULL;
  if (len) {
    copy = awsmap__malloc(len);
    if (!copy)
      return awsmap__error_nomem("sigv4:request");
    memcpy(copy, body, len);
  }
  awsmap__free(req->body);
  req->body = copy;
  req->body_len = len;
  return AWSMAP_OK;
}

awsmap_status awsmap_sigv4_request_set_payload_hash(awsmap_sigv4_request *req, const char *hash) {
  awsmap__error_clear();
  if (!req)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request", "NULL request");
  char *copy = NULL;
  if (hash) {
    size_t n = strlen(hash);
    bool hex = n == 64 && strspn(hash, "0123456789abcdefABCDEF") == 64;
    bool marker = strcmp(hash, "UNSIGNED-PAYLOAD") == 0 || awsmap__str_starts_with(hash, "STREAMING-");
    if (!hex && !marker)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                               "payload hash must be 64 hex digits, UNSIGNED-PAYLOAD or a "
                               "STREAMING-* marker");
    if (!(copy = awsmap__strdup(hash)))
      return awsmap__error_nomem("sigv4:request");
  }
  awsmap__free(req->payload_hash);
  req->payload_hash = copy;
  return AWSMAP_OK;
}

awsmap_status awsmap_sigv4_request_set_signed_headers(awsmap_sigv4_request *req,
                                                      const char *const *names, size_t count) {
  awsmap__error_clear();
  if (!req || (!names && count))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                             "NULL request, or NULL names with a count");
  for (size_t i = 0; i < count; i++)
    if (!names[i] || !awsmap__sigv4_valid_header_name(names[i], strlen(names[i])))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "sigv4:request",
                               "signed header name %zu is NULL or malformed", i);
  char **copy = count ? awsmap__calloc(count, sizeof *copy) : NULL;
  if (count && !copy)
    return awsmap__error_nomem("sigv4:request");
  for (size_t i = 0; i < count; i++) {
    if (!(copy[i] = awsmap__strdup(names[i]))) {
      for (size_t k = 0; k < i; k++)
        awsmap__free(copy[k]);
      awsmap__free(copy);
      return awsmap__error_nomem("sigv4:request");
    }
  }
  free_names(req);
  req->signed_names = copy;
  req->signed_count = count;
  return AWSMAP_OK;
}

/* ---- signing -------------------------------------------------------------- */

static bool has_host_header(const awsmap_sigv4_request *req) {
  for (size_t i = 0; i < req->header_count; i++)
    if (awsmap__strcasecmp(req->headers[i].name, "host") == 0)
      return true;
  return false;
}

static awsmap_status finish(awsmap_sigv4_result *res, const awsmap_sigv4_request *req,
                            const awsmap_credentials *creds) {
  awsmap__sigv4_result *r = &res->r;
  res->signed_list = awsmap__strndup(r->canonical_request.ptr + r->signed_headers_off,
                                     r->signed_headers_len);
  if (!res->signed_list)
    return awsmap__error_nomem(OP);
  if (res->query_mode) {
    const char *sep = !req->query ? "?" : (*req->query ? "&" : "");
    if (awsmap__buf_puts(&res->url, req->url) || awsmap__buf_puts(&res->url, sep) ||
        awsmap__buf_put(&res->url, r->query_params.ptr, r->query_params.len))
      return awsmap__error_nomem(OP);
    return AWSMAP_OK;
  }
  const char *token = awsmap_credentials_session_token(creds);
  if (r->token_header && token) {
    if (!(res->token = awsmap__strdup(token)))
      return awsmap__error_nomem(OP);
    res->names[res->header_count] = "X-Amz-Security-Token";
    res->values[res->header_count++] = res->token;
  }
  res->names[res->header_count] = "X-Amz-Date";
  res->values[res->header_count++] = r->amz_date;
  if (r->content_sha256_header) {
    res->names[res->header_count] = "x-amz-content-sha256";
    res->values[res->header_count++] = r->payload_hash;
  }
  res->names[res->header_count] = "Authorization";
  res->values[res->header_count++] = awsmap__buf_cstr(&r->authorization);
  return AWSMAP_OK;
}

awsmap_status awsmap_sigv4_sign(awsmap_sigv4_result **out, const awsmap_sigv4_request *req,
                                const awsmap_credentials *creds, const char *region,
                                const char *service, int64_t time,
                                const awsmap_sigv4_options *opts) {
  awsmap__error_clear();
  if (!out || !req || !creds)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "out, request and credentials are "
                                                         "required");
  *out = NULL;
  awsmap_sigv4_options defaults = AWSMAP_SIGV4_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (opts->version != AWSMAP_SIGV4_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "unknown options version %u",
                             opts->version);

  /* the Host from an absolute URL, unless the caller set one */
  awsmap__header stack[32];
  size_t n = req->header_count;
  bool add_host = req->host && !has_host_header(req);
  awsmap__header *hdrs = n + 1 <= AWSMAP__ARRAY_LEN(stack) ? stack : awsmap__calloc(n + 1, sizeof *hdrs);
  if (!hdrs)
    return awsmap__error_nomem(OP);
  if (n)
    memcpy(hdrs, req->headers, n * sizeof *hdrs);
  if (add_host)
    hdrs[n++] = (awsmap__header){"host", req->host};

  awsmap__sigv4_input in = {0};
  in.method = req->method;
  in.path = req->path;
  in.query = req->query;
  in.headers = hdrs;
  in.header_count = n;
  in.body = req->body;
  in.body_len = req->body_len;
  in.payload_hash = opts->unsigned_payload ? "UNSIGNED-PAYLOAD" : req->payload_hash;
  in.region = region;
  in.service = service;
  in.time = time;
  in.s3 = opts->s3 != 0;

  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  o.mode = opts->mode == AWSMAP_SIGV4_QUERY ? AWSMAP__SIGV4_QUERY : AWSMAP__SIGV4_HEADERS;
  if (opts->mode != AWSMAP_SIGV4_QUERY && opts->mode != AWSMAP_SIGV4_HEADERS)
    o.mode = (awsmap__sigv4_mode)opts->mode; /* rejected by the signer */
  o.expires = opts->expires;
  o.omit_session_token = opts->omit_session_token != 0;
  o.normalize_path = opts->normalize_path;
  o.double_encode = opts->double_encode;
  o.content_sha256_header = opts->content_sha256_header;
  o.signed_headers = (const char *const *)req->signed_names;
  o.signed_header_count = req->signed_count;

  awsmap_sigv4_result *res = awsmap__calloc(1, sizeof *res);
  awsmap_status st = res ? awsmap__sigv4_sign(&in, &o, creds, &res->r) : awsmap__error_nomem(OP);
  if (hdrs != stack)
    awsmap__free(hdrs);
  if (st == AWSMAP_OK) {
    res->query_mode = o.mode == AWSMAP__SIGV4_QUERY;
    st = finish(res, req, creds);
  }
  if (st != AWSMAP_OK) {
    awsmap_sigv4_result_free(res);
    return st;
  }
  *out = res;
  return AWSMAP_OK;
}

void awsmap_sigv4_result_free(awsmap_sigv4_result *res) {
  if (!res)
    return;
  awsmap__sigv4_result_dispose(&res->r);
  awsmap__free(res->signed_list);
  awsmap__free_secret(res->token);
  awsmap__buf_dispose_secret(&res->url);
  awsmap__free(res);
}

/* ---- accessors ------------------------------------------------------------ */

const char *awsmap_sigv4_result_canonical_request(const awsmap_sigv4_result *res) {
  return res ? awsmap__buf_cstr(&res->r.canonical_request) : "";
}
const char *awsmap_sigv4_result_string_to_sign(const awsmap_sigv4_result *res) {
  return res ? res->r.string_to_sign : "";
}
const char *awsmap_sigv4_result_signature(const awsmap_sigv4_result *res) {
  return res ? res->r.signature : "";
}
const char *awsmap_sigv4_result_signed_headers(const awsmap_sigv4_result *res) {
  return res ? res->signed_list : "";
}
const char *awsmap_sigv4_result_authorization(const awsmap_sigv4_result *res) {
  return res && !res->query_mode ? awsmap__buf_cstr(&res->r.authorization) : NULL;
}
size_t awsmap_sigv4_result_header_count(const awsmap_sigv4_result *res) {
  return res ? res->header_count : 0;
}
const char *awsmap_sigv4_result_header(const awsmap_sigv4_result *res, size_t index,
                                       const char **value) {
  bool ok = res && index < res->header_count;
  if (value)
    *value = ok ? res->values[index] : NULL;
  return ok ? res->names[index] : NULL;
}
const char *awsmap_sigv4_result_url(const awsmap_sigv4_result *res) {
  return res && res->query_mode ? awsmap__buf_cstr(&res->url) : NULL;
}
const char *awsmap_sigv4_result_amz_date(const awsmap_sigv4_result *res) {
  return res ? res->r.amz_date : "";
}
const char *awsmap_sigv4_result_payload_hash(const awsmap_sigv4_result *res) {
  return res ? res->r.payload_hash : "";
}
