/* SigV4 signing: canonical request, string to sign, signature, and the
 * Authorization header or presigned-query parameters. The single code path
 * behind the transport's awsmap__sigv4_sign_headers() and the public API. */
#include "sigv4/sigv4.h"

#include <stdio.h>
#include <string.h>

#define OP "sigv4:sign"
#define ALGORITHM "AWS4-HMAC-SHA256"
#define STACK_HEADERS 48

/* Headers never signed: hop-by-hop or rewritten on the way (botocore and
 * aws-c-auth leave the same ones out), and the Authorization being made. */
static const char *const UNSIGNABLE[] = {"authorization", "expect", "transfer-encoding",
                                         "user-agent", "x-amzn-trace-id"};

/* ASCII only, as SigV4 lower-cases header names; inline because it runs per byte. */
static inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

static bool same_name(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn)
    return false;
  for (size_t i = 0; i < an; i++)
    if (lower(a[i]) != lower(b[i]))
      return false;
  return true;
}

static bool name_is(const char *name, size_t len, const char *other) {
  /* compared while walking: no strlen of the other name (this runs per header per name) */
  for (size_t i = 0; i < len; i++)
    if (!other[i] || lower(name[i]) != lower(other[i]))
      return false;
  return other[len] == '\0';
}

static bool valid_scope_name(const char *s, size_t len) {
  if (len == 0 || len > AWSMAP__SIGV4_MAX_NAME)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.'))
      return false;
  }
  return true;
}

static bool valid_access_key(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || *s == '/' || *s == ',')
      return false;
  return true;
}

static bool is_hex64(const char *s) {
  for (int i = 0; i < 64; i++) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
      return false;
  }
  return s[64] == '\0';
}

/* The payload markers SigV4 knows besides a hex digest. */
static const char *const MARKERS[] = {
    "UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-EVENTS"};

static awsmap_status payload_hash(const awsmap__sigv4_input *in, bool query_mode, char out[65]) {
  if (in->payload_hash) {
    if (is_hex64(in->payload_hash)) {
      for (int i = 0; i < 64; i++)
        out[i] = awsmap__tolower(in->payload_hash[i]);
      out[64] = '\0';
      return AWSMAP_OK;
    }
    for (size_t i = 0; i < AWSMAP__ARRAY_LEN(MARKERS); i++) {
      if (strcmp(in->payload_hash, MARKERS[i]) == 0) {
        strcpy(out, MARKERS[i]);
        return AWSMAP_OK;
      }
    }
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "payload hash is neither 64 hex digits nor a known marker such "
                             "as UNSIGNED-PAYLOAD");
  }
  if (query_mode && in->s3) { /* S3 presigned URLs never cover the body */
    strcpy(out, "UNSIGNED-PAYLOAD");
    return AWSMAP_OK;
  }
  if (!in->body && in->body_len)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "body is NULL but body_len is not 0");
  unsigned char md[AWSMAP__SHA256_LEN];
  awsmap__sigv4_sha256(in->body ? in->body : "", in->body_len, md);
  awsmap__hex(md, sizeof md, out);
  return AWSMAP_OK;
}

static awsmap_status check_input(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                                 const awsmap_credentials *creds) {
  if (!in || !o || !creds)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "request, options and credentials "
                                                         "are required");
  if (!in->method || !awsmap__sigv4_valid_header_name(in->method, strlen(in->method)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "missing or malformed HTTP method");
  if (!in->path)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "missing request path");
  if (!in->region || !*in->region)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "missing region");
  if (!valid_scope_name(in->region, strlen(in->region)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "region must be 1-63 characters of A-Z a-z 0-9 - _ .");
  if (!in->service || !*in->service)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "missing service");
  if (!valid_scope_name(in->service, strlen(in->service)))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "service must be 1-63 characters of A-Z a-z 0-9 - _ .");
  if (in->header_count && !in->headers)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "header_count set but headers is NULL");
  /* 0000-01-01 .. 9999-12-31: the amz date has a four-digit year */
  if (in->time < 0 || in->time > INT64_C(253402300799))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "signing time out of range");
  if (o->mode != AWSMAP__SIGV4_HEADERS && o->mode != AWSMAP__SIGV4_QUERY)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "unknown signing mode %d", (int)o->mode);
  if (o->mode == AWSMAP__SIGV4_QUERY && (o->expires < 1 || o->expires > AWSMAP__SIGV4_MAX_EXPIRES))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "presigned URL expiry %lld s is outside 1..604800 (7 days)",
                             (long long)o->expires);
  const char *ak = awsmap_credentials_access_key_id(creds);
  const char *sk = awsmap_credentials_secret_access_key(creds);
  if (!ak || !valid_access_key(ak))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "access key ID is empty or has spaces, '/' or ','");
  if (!sk || !*sk)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "secret access key is empty");
  int64_t exp = awsmap_credentials_expiration(creds);
  if (exp != 0 && exp <= in->time)
    return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_EXPIRED, OP,
                             "credentials from provider %s expired before the signing time",
                             awsmap_credentials_source(creds));
  return AWSMAP_OK;
}

static int tri(int v, bool dflt) { return v == AWSMAP__SIGV4_AUTO ? dflt : v != 0; }

typedef struct plan {
  bool query_mode;
  bool normalize, double_encode, sha_header;
  const char *token;      /* credentials' token, or NULL */
  bool sign_token;
  awsmap__sigv4_hdr *hdrs;
  size_t n;
} plan;

/* Picks, checks and sorts the headers to sign, adding the signer's own. */
static awsmap_status collect_headers(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                                     const awsmap__sigv4_result *res, plan *pl) {
  bool have_host = false;
  for (size_t i = 0; i < in->header_count; i++) {
    const awsmap__header *h = &in->headers[i];
    if (!h->name || !h->value)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "header %zu has a NULL name or value", i);
    size_t nl = strlen(h->name), vl = strlen(h->value);
    if (!awsmap__sigv4_valid_header_name(h->name, nl))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                               "header %zu has an empty name or an illegal character in it", i);
    if (!awsmap__sigv4_valid_header_value(h->value, vl))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                               "header %.*s has a control character or a bare line break in "
                               "its value", (int)(nl > 64 ? 64 : nl), h->name);
    bool is_host = name_is(h->name, nl, "host");
    if (is_host) {
      if (have_host)
        return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "more than one Host header");
      have_host = true;
    }
    bool skip = false;
    for (size_t k = 0; k < AWSMAP__ARRAY_LEN(UNSIGNABLE) && !skip; k++)
      skip = name_is(h->name, nl, UNSIGNABLE[k]);
    /* the signer's own headers replace any the caller passed */
    if (name_is(h->name, nl, "x-amz-date"))
      skip = true;
    if (pl->sha_header && name_is(h->name, nl, "x-amz-content-sha256"))
      skip = true;
    if (pl->token && name_is(h->name, nl, "x-amz-security-token"))
      skip = true;
    if (!skip && !is_host && o->signed_headers) {
      bool chosen = false;
      for (size_t k = 0; k < o->signed_header_count && !chosen; k++)
        chosen = o->signed_headers[k] && name_is(h->name, nl, o->signed_headers[k]);
      skip = !chosen;
    }
    if (!skip)
      pl->hdrs[pl->n++] = (awsmap__sigv4_hdr){h->name, nl, h->value, vl, i};
  }
  if (!have_host)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "the request has no Host header");
  /* caller-chosen names must exist: a typo would silently sign less */
  for (size_t k = 0; o->signed_headers && k < o->signed_header_count; k++) {
    const char *want = o->signed_headers[k];
    if (!want)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "signed header name %zu is NULL", k);
    bool found = false;
    for (size_t i = 0; i < in->header_count && !found; i++)
      found = awsmap__strcasecmp(in->headers[i].name, want) == 0;
    if (!found)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                               "header %.64s was chosen for signing but is not in the request",
                               want);
  }
  size_t order = in->header_count;
  if (!pl->query_mode)
    pl->hdrs[pl->n++] = (awsmap__sigv4_hdr){"x-amz-date", 10, res->amz_date, 16, order++};
  if (pl->sha_header)
    pl->hdrs[pl->n++] = (awsmap__sigv4_hdr){"x-amz-content-sha256", 20, res->payload_hash,
                                            strlen(res->payload_hash), order++};
  if (pl->sign_token && !pl->query_mode)
    pl->hdrs[pl->n++] = (awsmap__sigv4_hdr){"x-amz-security-token", 20, pl->token,
                                            strlen(pl->token), order++};
  awsmap__sigv4_sort_headers(pl->hdrs, pl->n);
  return AWSMAP_OK;
}

static awsmap_status put_lower(awsmap__buf *b, const char *s, size_t n) {
  if (awsmap__buf_reserve(b, n) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    b->ptr[b->len + i] = lower(s[i]);
  b->len += n;
  b->ptr[b->len] = '\0';
  return AWSMAP_OK;
}

/* "host;x-amz-date": distinct lower-cased names in sorted order. */
static awsmap_status put_signed_list(awsmap__buf *b, const plan *pl) {
  for (size_t i = 0; i < pl->n; i++) {
    const awsmap__sigv4_hdr *h = &pl->hdrs[i];
    if (i && same_name(h->name, h->name_len, pl->hdrs[i - 1].name, pl->hdrs[i - 1].name_len))
      continue;
    if ((i && awsmap__buf_putc(b, ';') != AWSMAP_OK) || put_lower(b, h->name, h->name_len) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
  }
  return AWSMAP_OK;
}

/* "name:v1,v2\n" per distinct name: repeated headers merge in input order. */
static awsmap_status put_headers(awsmap__buf *b, const plan *pl) {
  for (size_t i = 0; i < pl->n; i++) {
    const awsmap__sigv4_hdr *h = &pl->hdrs[i];
    bool repeat = i && same_name(h->name, h->name_len, pl->hdrs[i - 1].name,
                                 pl->hdrs[i - 1].name_len);
    if (repeat) {
      b->len--; /* drop the previous '\n' */
      if (awsmap__buf_putc(b, ',') != AWSMAP_OK)
        return AWSMAP_ERR_NOMEM;
    } else if (put_lower(b, h->name, h->name_len) != AWSMAP_OK ||
               awsmap__buf_putc(b, ':') != AWSMAP_OK) {
      return AWSMAP_ERR_NOMEM;
    }
    if (awsmap__sigv4_append_folded(b, h->value, h->value_len) != AWSMAP_OK ||
        awsmap__buf_putc(b, '\n') != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
  }
  return AWSMAP_OK;
}

static size_t estimate(const awsmap__sigv4_input *in, const plan *pl) {
  size_t n = strlen(in->method) + 3 * strlen(in->path) + 256;
  if (in->query)
    n += 3 * strlen(in->query);
  for (size_t i = 0; i < pl->n; i++)
    n += pl->hdrs[i].name_len + pl->hdrs[i].value_len + 2;
  return n;
}

/* The presigning parameters that go into the canonical query. */
static awsmap_status add_presign_params(awsmap__sigv4_params *qp, const char *cred,
                                        size_t cred_len, const awsmap__sigv4_result *res,
                                        const char *list, size_t list_len, int64_t expires,
                                        const char *signed_token) {
  char exp[24];
  int exp_len = snprintf(exp, sizeof exp, "%lld", (long long)expires);
  awsmap_status st;
  if ((st = awsmap__sigv4_params_add_raw(qp, "X-Amz-Algorithm", 15, ALGORITHM, 16)) ||
      (st = awsmap__sigv4_params_add_raw(qp, "X-Amz-Credential", 16, cred, cred_len)) ||
      (st = awsmap__sigv4_params_add_raw(qp, "X-Amz-Date", 10, res->amz_date, 16)) ||
      (st = awsmap__sigv4_params_add_raw(qp, "X-Amz-Expires", 13, exp, (size_t)exp_len)) ||
      (st = awsmap__sigv4_params_add_raw(qp, "X-Amz-SignedHeaders", 19, list, list_len)))
    return st;
  if (signed_token)
    return awsmap__sigv4_params_add_raw(qp, "X-Amz-Security-Token", 20, signed_token,
                                        strlen(signed_token));
  return AWSMAP_OK;
}

/* The query parameters a presigned URL carries, in the customary order
 * (the order aws-c-auth emits; the canonical query is sorted anyway). */
static awsmap_status put_presign_query(awsmap__buf *b, const char *cred, size_t cred_len,
                                       const awsmap__sigv4_result *res, const char *list,
                                       size_t list_len, int64_t expires, const char *token) {
  if (awsmap__buf_puts(b, "X-Amz-Algorithm=" ALGORITHM "&X-Amz-Credential=") ||
      awsmap__uri_encode(b, cred, cred_len, false) ||
      awsmap__buf_printf(b, "&X-Amz-Date=%s&X-Amz-SignedHeaders=", res->amz_date) ||
      awsmap__uri_encode(b, list, list_len, false) ||
      awsmap__buf_printf(b, "&X-Amz-Expires=%lld", (long long)expires))
    return AWSMAP_ERR_NOMEM;
  if (token && (awsmap__buf_puts(b, "&X-Amz-Security-Token=") ||
                awsmap__uri_encode(b, token, strlen(token), false)))
    return AWSMAP_ERR_NOMEM;
  if (awsmap__buf_printf(b, "&X-Amz-Signature=%s", res->signature))
    return AWSMAP_ERR_NOMEM;
  return AWSMAP_OK;
}

/* Concatenates parts into out (NUL-terminated): their length, or -1 when
 * they do not fit. The hot path's formatting, without printf. */
static int join(char *out, size_t room, const awsmap__str *parts, size_t n) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    if (parts[i].len >= room - len)
      return -1;
    memcpy(out + len, parts[i].ptr, parts[i].len);
    len += parts[i].len;
  }
  out[len] = '\0';
  return (int)len;
}

static awsmap_status build(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                           const awsmap_credentials *creds, awsmap__sigv4_result *res, plan *pl) {
  awsmap_status st;
  const char *ak = awsmap_credentials_access_key_id(creds);
  size_t region_len = strlen(in->region), service_len = strlen(in->service);

  /* credential "AKID/yyyymmdd/region/service/aws4_request" on the stack */
  char cred[512];
  int cred_len = join(cred, sizeof cred, (const awsmap__str[]){{ak, strlen(ak)}, {"/", 1},
                      {res->amz_date, 8}, {"/", 1}, {in->region, region_len}, {"/", 1},
                      {in->service, service_len}, {"/aws4_request", 13}}, 8);
  if (cred_len < 0)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "access key ID is too long");
  const char *scope = cred + strlen(ak) + 1;
  size_t scope_len = (size_t)cred_len - strlen(ak) - 1;

  if ((st = collect_headers(in, o, res, pl)) != AWSMAP_OK)
    return st;

  awsmap__buf *cr = &res->canonical_request;
  if (awsmap__buf_reserve(cr, estimate(in, pl)) != AWSMAP_OK)
    return awsmap__error_nomem(OP);
  if (awsmap__buf_puts(cr, in->method) || awsmap__buf_putc(cr, '\n'))
    return awsmap__error_nomem(OP);
  if ((st = awsmap__sigv4_canonical_path(cr, in->path, strlen(in->path), pl->normalize,
                                         pl->double_encode)) != AWSMAP_OK)
    return st;
  if (awsmap__buf_putc(cr, '\n'))
    return awsmap__error_nomem(OP);

  /* the query: only built when there is one (the common POST has none) */
  awsmap__buf list = AWSMAP__BUF_INIT;
  if ((in->query && *in->query) || pl->query_mode) {
    awsmap__sigv4_params qp = {AWSMAP__BUF_INIT, NULL, 0, 0};
    st = in->query ? awsmap__sigv4_params_parse(&qp, in->query, strlen(in->query)) : AWSMAP_OK;
    if (st == AWSMAP_OK && pl->query_mode) {
      st = put_signed_list(&list, pl) ? awsmap__error_nomem(OP) : AWSMAP_OK;
      if (st == AWSMAP_OK)
        st = add_presign_params(&qp, cred, (size_t)cred_len, res, list.ptr, list.len, o->expires,
                                pl->sign_token ? pl->token : NULL);
    }
    if (st == AWSMAP_OK) {
      awsmap__sigv4_params_sort(&qp);
      st = awsmap__sigv4_params_join(&qp, cr);
    }
    awsmap__sigv4_params_dispose(&qp);
    if (st != AWSMAP_OK) {
      awsmap__buf_dispose(&list);
      return st;
    }
  }
  if (awsmap__buf_putc(cr, '\n') || put_headers(cr, pl) || awsmap__buf_putc(cr, '\n')) {
    awsmap__buf_dispose(&list);
    return awsmap__error_nomem(OP);
  }
  res->signed_headers_off = cr->len;
  if (put_signed_list(cr, pl) || awsmap__buf_putc(cr, '\n') ||
      awsmap__buf_puts(cr, res->payload_hash)) {
    awsmap__buf_dispose(&list);
    return awsmap__error_nomem(OP);
  }
  res->signed_headers_len = (size_t)(strchr(cr->ptr + res->signed_headers_off, '\n') -
                                     (cr->ptr + res->signed_headers_off));

  /* string to sign: bounded, so it lives in the result itself */
  unsigned char md[AWSMAP__SHA256_LEN];
  char md_hex[2 * AWSMAP__SHA256_LEN + 1];
  awsmap__sigv4_sha256(cr->ptr, cr->len, md);
  awsmap__hex(md, sizeof md, md_hex);
  /* bounded: the scope's names are at most 63 bytes each (checked on input) */
  int sts_len = join(res->string_to_sign, sizeof res->string_to_sign,
                     (const awsmap__str[]){{ALGORITHM "\n", 17}, {res->amz_date, 16}, {"\n", 1},
                                           {scope, scope_len}, {"\n", 1}, {md_hex, 64}}, 6);
  if (sts_len < 0) {
    awsmap__buf_dispose(&list);
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, OP, "string to sign does not fit");
  }

  awsmap__sigv4_hmac_key key;
  st = awsmap__sigv4_signing_key(&key, creds, res->amz_date, in->region, region_len, in->service,
                                 service_len);
  if (st != AWSMAP_OK) {
    awsmap__buf_dispose(&list);
    return st;
  }
  awsmap__sigv4_hmac(&key, res->string_to_sign, (size_t)sts_len, md);
  awsmap__secure_zero(&key, sizeof key);
  awsmap__hex(md, sizeof md, res->signature);

  if (!pl->query_mode) {
    awsmap__buf *a = &res->authorization;
    if (awsmap__buf_reserve(a, 64 + (size_t)cred_len + res->signed_headers_len + 64) ||
        awsmap__buf_puts(a, ALGORITHM " Credential=") ||
        awsmap__buf_put(a, cred, (size_t)cred_len) || awsmap__buf_puts(a, ", SignedHeaders=") ||
        awsmap__buf_put(a, cr->ptr + res->signed_headers_off, res->signed_headers_len) ||
        awsmap__buf_puts(a, ", Signature=") || awsmap__buf_put(a, res->signature, 64))
      st = awsmap__error_nomem(OP);
  } else {
    if (put_presign_query(&res->query_params, cred, (size_t)cred_len, res, list.ptr, list.len,
                          o->expires, pl->token))
      st = awsmap__error_nomem(OP);
  }
  awsmap__buf_dispose(&list);
  return st;
}

awsmap_status awsmap__sigv4_sign(const awsmap__sigv4_input *in, const awsmap__sigv4_options *o,
                                 const awsmap_credentials *creds, awsmap__sigv4_result *res) {
  if (!res)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "result is NULL");
  memset(res, 0, sizeof *res);
  awsmap_status st = check_input(in, o, creds);
  if (st != AWSMAP_OK)
    return st;

  plan pl = {0};
  pl.query_mode = o->mode == AWSMAP__SIGV4_QUERY;
  pl.normalize = tri(o->normalize_path, !in->s3);
  pl.double_encode = tri(o->double_encode, !in->s3);
  pl.token = awsmap_credentials_session_token(creds);
  if (pl.token && !*pl.token)
    pl.token = NULL;
  pl.sign_token = pl.token && !o->omit_session_token;

  awsmap__time_amz(in->time, res->amz_date);
  if ((st = payload_hash(in, pl.query_mode, res->payload_hash)) != AWSMAP_OK)
    return st;
  /* S3 always wants the header; any service must be told when the payload
   * is not a plain digest (UNSIGNED-PAYLOAD, streaming markers) */
  bool marker = strlen(res->payload_hash) != 64 || strchr(res->payload_hash, '-') != NULL;
  pl.sha_header = !pl.query_mode && tri(o->content_sha256_header, in->s3 || marker);
  res->content_sha256_header = pl.sha_header;
  res->token_header = pl.token && !pl.query_mode;

  awsmap__sigv4_hdr stack[STACK_HEADERS];
  size_t need = in->header_count + 3;
  pl.hdrs = need <= STACK_HEADERS ? stack : awsmap__calloc(need, sizeof *pl.hdrs);
  if (!pl.hdrs)
    return awsmap__error_nomem(OP);
  st = build(in, o, creds, res, &pl);
  if (pl.hdrs != stack)
    awsmap__free(pl.hdrs);
  if (st != AWSMAP_OK)
    awsmap__sigv4_result_dispose(res);
  return st;
}

void awsmap__sigv4_result_dispose(awsmap__sigv4_result *res) {
  if (!res)
    return;
  /* the canonical request and presigned query can carry the session token */
  awsmap__buf_dispose_secret(&res->canonical_request);
  awsmap__buf_dispose(&res->authorization);
  awsmap__buf_dispose_secret(&res->query_params);
}

awsmap_status awsmap__sigv4_sign_headers(const awsmap__sigv4_input *in,
                                         const awsmap_credentials *creds,
                                         awsmap__sigv4_output *out) {
  if (!out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "output is NULL");
  memset(out, 0, sizeof *out);
  awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
  awsmap__sigv4_result res;
  awsmap_status st = awsmap__sigv4_sign(in, &o, creds, &res);
  if (st != AWSMAP_OK)
    return st;
  memcpy(out->amz_date, res.amz_date, sizeof out->amz_date);
  memcpy(out->payload_hash, res.payload_hash, sizeof out->payload_hash);
  out->authorization = res.authorization; /* moved */
  res.authorization = (awsmap__buf)AWSMAP__BUF_INIT;
  awsmap__sigv4_result_dispose(&res);
  return AWSMAP_OK;
}

void awsmap__sigv4_output_dispose(awsmap__sigv4_output *out) {
  if (out)
    awsmap__buf_dispose(&out->authorization);
}
