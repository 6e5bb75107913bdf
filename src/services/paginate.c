/* A pagination chain: one call's pages, one after another, on an engine.
 * Each page streams through the XML parser into the decoder; records reach
 * the caller as their elements close. A page that is retried (by the
 * transport, or here after a truncated body) is decoded again and the
 * records already delivered from it are skipped, so retries never duplicate
 * records. A token the server already sent stops the chain. */
#include "services/internal.h"

#include <stdio.h>
#include <string.h>

#define MAX_BODY ((size_t)256 << 20)
#define MAX_TRUNCATED_RETRIES 2

typedef struct chain {
  awsmap__http_engine *e;
  const awsmap__call_spec *spec;
  const awsmap__decoder_table *table;
  awsmap__paginate_handler h;
  void *ctx;
  char *region;
  char **params; /* NULL-terminated name, value pairs */
  unsigned page_size;
  bool urgent; /* the first page too, not only the next ones */
  /* made when the first page's body arrives: a follow-up chain can wait in
   * the queue behind hundreds of others, and should cost little there */
  awsmap__decoder *dec;
  awsmap__xml_parser *parser;
  awsmap__map *seen; /* tokens already requested; made with the first token */
  char *token;       /* this page's token; NULL for the first page */
  size_t page_delivered, attempt_records, truncated_retries;
  awsmap__buf request;
} chain;

static void chain_free(chain *c) {
  if (!c)
    return;
  awsmap__decoder_free(c->dec);
  awsmap__xml_parser_free(c->parser);
  awsmap__map_free(c->seen);
  awsmap__free(c->token);
  awsmap__free(c->region);
  for (size_t i = 0; c->params && c->params[i]; i++)
    awsmap__free(c->params[i]);
  awsmap__free(c->params);
  awsmap__buf_dispose(&c->request);
  awsmap__free(c);
}

static const char *param(const chain *c, const char *name) {
  for (size_t i = 0; c->params[i]; i += 2)
    if (strcmp(c->params[i], name) == 0)
      return c->params[i + 1];
  return NULL;
}

static awsmap_status emit(void *ctx, awsmap_record *rec) {
  chain *c = ctx;
  if (c->attempt_records++ < c->page_delivered) { /* delivered by an earlier attempt */
    awsmap__record_free(rec);
    return AWSMAP_OK;
  }
  c->page_delivered++;
  awsmap_status st = c->h.on_record(c->ctx, rec);
  if (st == AWSMAP_ERR_CANCELLED && awsmap__error_tls()->status != AWSMAP_ERR_CANCELLED)
    awsmap__error_set(AWSMAP_ERR_CANCELLED, c->spec->operation, "cancelled by the record callback");
  return st;
}

static awsmap_status make_decoder(chain *c) {
  if (!(c->dec = awsmap__decoder_new(c->table, emit, c)))
    return awsmap__error_nomem(c->spec->operation);
  const char *parent = c->spec->parent_param;
  return parent ? awsmap__decoder_add_extra(c->dec, parent, param(c, parent)) : AWSMAP_OK;
}

static awsmap_status on_data(void *ctx, const char *data, size_t len) {
  chain *c = ctx;
  if (!c->parser) {
    awsmap_status st = c->dec ? AWSMAP_OK : make_decoder(c);
    if (st != AWSMAP_OK)
      return st;
    if (!(c->parser = awsmap__xml_parser_new(awsmap__decoder_handler(), c->dec, MAX_BODY)))
      return awsmap__error_nomem(c->spec->operation);
  }
  return awsmap__xml_parser_feed(c->parser, data, len);
}

/* Forget the attempt's partial document (records delivered stay counted). */
static void on_reset(void *ctx) {
  chain *c = ctx;
  awsmap__xml_parser_free(c->parser);
  c->parser = NULL;
  if (c->dec)
    awsmap__decoder_reset(c->dec);
  c->attempt_records = 0;
}

static awsmap_status get_credentials(void *ctx, awsmap_credentials **out) {
  chain *c = ctx;
  return c->h.get_credentials(c->ctx, out);
}

static void on_done(void *ctx, awsmap_status st, const awsmap_error *err);

/* Where the call goes: its region, or for an account-wide call the home
 * region of that region's partition (S3 in China answers in cn-north-1). */
static const char *call_region(const chain *c) {
  return c->spec->fixed_region ? awsmap__http_partition_home(c->region) : c->region;
}

static awsmap_status submit_page(chain *c) {
  const awsmap__call_spec *s = c->spec;
  awsmap_status st = awsmap__request_build(s, (const char *const *)c->params, c->page_size, c->token,
                                           &c->request);
  if (st)
    return st;
  bool s3 = s->protocol == AWSMAP__PROTO_REST_XML;
  awsmap__aws_request req = {
      .service = s->service,
      .region = call_region(c),
      .operation = s->action,
      .method = s->method,
      .path = "/",
      .protocol = s->protocol,
      .urgent = c->urgent || c->token != NULL,
  };
  if (s3) {
    req.query = c->request.len ? c->request.ptr : NULL;
    req.bucket = s->parent_param ? param(c, s->parent_param) : NULL;
  } else {
    req.body = c->request.ptr;
    req.body_len = c->request.len;
    req.content_type = "application/x-www-form-urlencoded; charset=utf-8";
  }
  static const awsmap__aws_handler handler = {on_data, on_reset, on_done, get_credentials};
  return awsmap__aws_submit(c->e, &req, &handler, c);
}

/* Ends the chain: the caller hears once, with an error naming the call and,
 * for a call about one resource (a target group's health), that resource. */
static void finish(chain *c, awsmap_status st, const awsmap_error *err) {
  awsmap_error copy;
  if (st != AWSMAP_OK) {
    if (!err) {
      awsmap__error_prefix("%s %s in %s: ", c->spec->service, c->spec->action, call_region(c));
      awsmap__error_copy(&copy, awsmap__error_tls());
      copy.status = st;
      if (!copy.operation[0] || strcmp(copy.operation, "xml") == 0 ||
          strcmp(copy.operation, "decoder") == 0)
        snprintf(copy.operation, sizeof copy.operation, "%s", c->spec->operation);
    } else {
      awsmap__error_copy(&copy, err);
    }
    const char *about = c->spec->parent_param ? param(c, c->spec->parent_param) : NULL;
    if (about)
      awsmap__error_append(&copy, " (%s %s)", c->spec->parent_param, about);
    err = &copy;
  }
  c->h.on_done(c->ctx, st, err);
  chain_free(c);
}

/* The next page's token, or NULL at the end; a repeated one is an error. */
static awsmap_status next_token(chain *c, char **out) {
  *out = NULL;
  const char *t = c->dec ? awsmap__decoder_token(c->dec) : "";
  if (!c->spec->token_path || !*t)
    return AWSMAP_OK;
  size_t len = strlen(t);
  if (!c->seen && !(c->seen = awsmap__map_new(8)))
    return awsmap__error_nomem(c->spec->operation);
  if (awsmap__map_get(c->seen, t, len))
    return awsmap__error_set(AWSMAP_ERR_SERVICE, c->spec->operation,
                             "the server repeated a pagination token (%.40s%s); stopping", t,
                             len > 40 ? "..." : "");
  if (awsmap__map_put(c->seen, t, len, (void *)c, NULL) || !(*out = awsmap__strdup(t)))
    return awsmap__error_nomem(c->spec->operation);
  return AWSMAP_OK;
}

static void on_done(void *ctx, awsmap_status st, const awsmap_error *err) {
  chain *c = ctx;
  if (st != AWSMAP_OK) {
    finish(c, st, err);
    return;
  }
  st = c->parser ? awsmap__xml_parser_finish(c->parser)
                 : awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "empty response body");
  if (st == AWSMAP_ERR_PARSE && c->truncated_retries < MAX_TRUNCATED_RETRIES) {
    /* a body cut short is transient: ask for the same page again */
    AWSMAP__DEBUG("services", "%s: %s; requesting the page again", c->spec->operation,
                  awsmap_error_message(awsmap__error_tls()));
    c->truncated_retries++;
    on_reset(c);
    st = submit_page(c);
    if (st != AWSMAP_OK)
      finish(c, st, NULL);
    return;
  }
  if (st != AWSMAP_OK) {
    finish(c, st, NULL);
    return;
  }
  if (c->h.on_page)
    c->h.on_page(c->ctx, c->page_delivered);
  char *token;
  st = next_token(c, &token);
  if (st != AWSMAP_OK || !token) {
    finish(c, st, NULL);
    return;
  }
  awsmap__free(c->token);
  c->token = token;
  c->page_delivered = 0;
  c->truncated_retries = 0;
  on_reset(c);
  st = submit_page(c);
  if (st != AWSMAP_OK)
    finish(c, st, NULL);
}

/* Names the request builder writes itself. A caller's "Action" would put a
 * second action in the body, one AWS might honour: only the table's
 * read-only actions may ever be sent. */
static bool reserved_param(const awsmap__call_spec *spec, const char *name) {
  return spec->protocol != AWSMAP__PROTO_REST_XML &&
         (awsmap__strcasecmp(name, "Action") == 0 || awsmap__strcasecmp(name, "Version") == 0);
}

static awsmap_status copy_params(chain *c, const char *const *params) {
  size_t n = 0;
  while (params && params[n]) {
    if (!params[n + 1])
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, c->spec->operation,
                               "parameter '%s' has no value", params[n]);
    if (!*params[n])
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, c->spec->operation,
                               "a parameter has an empty name");
    if (reserved_param(c->spec, params[n]))
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, c->spec->operation,
                               "parameter name '%s' is not allowed: the operation sets it",
                               params[n]);
    n += 2;
  }
  c->params = awsmap__calloc(n + 1, sizeof *c->params);
  if (!c->params)
    return awsmap__error_nomem(c->spec->operation);
  for (size_t i = 0; i < n; i++)
    if (!(c->params[i] = awsmap__strdup(params[i])))
      return awsmap__error_nomem(c->spec->operation);
  return AWSMAP_OK;
}

awsmap_status awsmap__paginate_submit(awsmap__http_engine *e, const awsmap__call_spec *spec,
                                      const char *region, const char *const *params,
                                      unsigned page_size, bool urgent,
                                      const awsmap__paginate_handler *h, void *ctx) {
  if (!e || !spec || !h || !h->on_record || !h->on_done || !h->get_credentials ||
      (!region && !spec->fixed_region))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "paginate", "missing argument");
  const awsmap__decoder_table *table;
  awsmap_status st = awsmap__call_table(spec, &table);
  if (st != AWSMAP_OK)
    return st;
  chain *c = awsmap__calloc(1, sizeof *c);
  if (!c)
    return awsmap__error_nomem(spec->operation);
  c->e = e;
  c->spec = spec;
  c->table = table;
  c->h = *h;
  c->ctx = ctx;
  c->page_size = page_size;
  c->urgent = urgent;
  st = copy_params(c, params);
  if (st == AWSMAP_OK && spec->parent_param && !param(c, spec->parent_param))
    st = awsmap__error_set(AWSMAP_ERR_INVALID_ARG, spec->operation, "%s requires the %s parameter",
                           spec->operation, spec->parent_param);
  if (st == AWSMAP_OK && !(c->region = awsmap__strdup(region ? region : spec->fixed_region)))
    st = awsmap__error_nomem(spec->operation);
  if (st == AWSMAP_OK)
    st = submit_page(c);
  if (st != AWSMAP_OK)
    chain_free(c);
  return st;
}
