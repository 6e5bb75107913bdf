/* Loads what json_out.c writes. Strict about the members it needs (a clear
 * AWSMAP_ERR_PARSE naming the element), silent about members it does not
 * know, so newer writers stay readable. */
#include "graph/graph.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#define OP "graph:load_json"

typedef struct loader {
  awsmap_graph *g;
  char where[96]; /* "nodes[3]" */
} loader;

static awsmap_status bad(loader *l, const char *what) {
  return awsmap__error_set(AWSMAP_ERR_PARSE, OP, "graph JSON: %s%s%s", l->where,
                           *l->where ? ": " : "", what);
}

/* A string member; absent gives "" unless required. */
static awsmap_status str_member(loader *l, const cJSON *obj, const char *key, bool required,
                                const char **out, bool intern) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v || cJSON_IsNull(v)) {
    if (required) {
      char msg[96];
      snprintf(msg, sizeof msg, "missing \"%s\"", key);
      return bad(l, msg);
    }
    *out = "";
    return AWSMAP_OK;
  }
  if (!cJSON_IsString(v)) {
    char msg[96];
    snprintf(msg, sizeof msg, "\"%s\" is not a string", key);
    return bad(l, msg);
  }
  *out = intern ? awsmap__graph_intern(l->g, v->valuestring)
                : awsmap__graph_strdup(l->g, v->valuestring);
  return *out ? AWSMAP_OK : awsmap__error_nomem(OP);
}

/* An object of string values; `nonempty`: an empty value is refused (edge
 * attributes: the graph drops those, so loading one would change the data). */
static awsmap_status kv_member(loader *l, const cJSON *obj, const char *key, bool nonempty,
                               awsmap__kv **out, uint32_t *n) {
  *out = NULL;
  *n = 0;
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!o || cJSON_IsNull(o))
    return AWSMAP_OK;
  char msg[160];
  if (!cJSON_IsObject(o)) {
    snprintf(msg, sizeof msg, "\"%s\" is not an object", key);
    return bad(l, msg);
  }
  size_t count = (size_t)cJSON_GetArraySize(o);
  awsmap__kv *kv = count ? awsmap__graph_alloc(l->g, count * sizeof *kv) : NULL;
  if (count && !kv)
    return awsmap__error_nomem(OP);
  size_t i = 0;
  for (const cJSON *it = o->child; it; it = it->next) {
    if (!cJSON_IsString(it) || !it->string) {
      const char *name = it->string ? it->string : "";
      snprintf(msg, sizeof msg, "\"%s\".\"%.*s\" is not a string", key,
               (int)awsmap__utf8_cut(name, 60), name);
      return bad(l, msg);
    }
    if (nonempty && !*it->valuestring) {
      snprintf(msg, sizeof msg, "\"%s\".\"%.*s\" is empty", key,
               (int)awsmap__utf8_cut(it->string, 60), it->string);
      return bad(l, msg);
    }
    kv[i].key = awsmap__graph_intern(l->g, it->string);
    kv[i].value = awsmap__graph_strdup(l->g, it->valuestring);
    if (!kv[i].key || !kv[i].value)
      return awsmap__error_nomem(OP);
    i++;
  }
  awsmap__graph_sort_kv(kv, i);
  size_t kept = 0; /* a repeated key keeps its first value */
  for (size_t j = 0; j < i; j++)
    if (!kept || strcmp(kv[kept - 1].key, kv[j].key) != 0)
      kv[kept++] = kv[j];
  *out = kv;
  *n = (uint32_t)kept;
  return AWSMAP_OK;
}

static const cJSON *array_member(loader *l, const cJSON *root, const char *key,
                                 awsmap_status *st) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
  *st = AWSMAP_OK;
  if (!a || cJSON_IsNull(a))
    return NULL;
  if (!cJSON_IsArray(a)) {
    char msg[64];
    snprintf(msg, sizeof msg, "\"%s\" is not an array", key);
    *st = bad(l, msg);
    return NULL;
  }
  return a;
}

static awsmap_status load_node(loader *l, const cJSON *o) {
  if (!cJSON_IsObject(o))
    return bad(l, "not an object");
  const char *arn;
  awsmap_status st = str_member(l, o, "arn", true, &arn, false);
  if (st != AWSMAP_OK)
    return st;
  if (!*arn)
    return bad(l, "\"arn\" is empty");
  uint32_t id;
  bool created;
  if (awsmap__graph_node_get(l->g, arn, &id, &created) != AWSMAP_OK)
    return awsmap__error_nomem(OP);
  if (!created)
    return bad(l, "duplicate \"arn\"");
  awsmap__gnode n = l->g->nodes[id];
  if ((st = str_member(l, o, "type", false, &n.type, true)) ||
      (st = str_member(l, o, "id", false, &n.id, false)) ||
      (st = str_member(l, o, "name", false, &n.name, false)) ||
      (st = str_member(l, o, "account", false, &n.account, true)) ||
      (st = str_member(l, o, "region", false, &n.region, true)) ||
      (st = str_member(l, o, "availability_zone", false, &n.zone, true)) ||
      (st = str_member(l, o, "status", false, &n.status, true)) ||
      (st = kv_member(l, o, "tags", false, &n.tags, &n.ntags)) ||
      (st = kv_member(l, o, "properties", false, &n.props, &n.nprops)))
    return st;
  const cJSON *ext = cJSON_GetObjectItemCaseSensitive(o, "external");
  if (ext && !cJSON_IsBool(ext) && !cJSON_IsNull(ext))
    return bad(l, "\"external\" is not a boolean");
  n.external = cJSON_IsTrue(ext) ? 1 : 0;
  n.loaded = 1;
  const awsmap__gspec *spec = awsmap__gspec_by_node_type(n.type);
  n.spec = spec ? (int16_t)(spec - awsmap__gspecs) : -1;
  l->g->nodes[id] = n;
  return awsmap__graph_node_index(l->g, id) == AWSMAP_OK ? AWSMAP_OK : awsmap__error_nomem(OP);
}

static awsmap_status load_edge(loader *l, const cJSON *o) {
  if (!cJSON_IsObject(o))
    return bad(l, "not an object");
  awsmap_graph *g = l->g;
  const char *from, *to, *kind;
  awsmap__kv *attrs;
  uint32_t nattrs;
  awsmap_status st;
  if ((st = str_member(l, o, "from", true, &from, false)) ||
      (st = str_member(l, o, "to", true, &to, false)) ||
      (st = str_member(l, o, "kind", true, &kind, true)) ||
      (st = kv_member(l, o, "attributes", true, &attrs, &nattrs)))
    return st;
  uint32_t f = awsmap__graph_find_arn(g, from), t = awsmap__graph_find_arn(g, to);
  char msg[160];
  if (f == UINT32_MAX || t == UINT32_MAX) {
    const char *arn = f == UINT32_MAX ? from : to;
    snprintf(msg, sizeof msg, "\"%s\" names no node: %.*s", f == UINT32_MAX ? "from" : "to",
             (int)awsmap__utf8_cut(arn, 100), arn);
    return bad(l, msg);
  }
  if (!*kind)
    return bad(l, "\"kind\" is empty");
  if (f == t) { /* the graph never makes one, and would drop it */
    snprintf(msg, sizeof msg, "an edge from a node to itself: %.*s",
             (int)awsmap__utf8_cut(from, 100), from);
    return bad(l, msg);
  }
  if (awsmap__graph_grow((void **)&g->base, &g->capbase, g->nbase, sizeof *g->base))
    return awsmap__error_nomem(OP);
  g->base[g->nbase++] = (awsmap__gedge){f, t, kind, attrs, nattrs};
  return AWSMAP_OK;
}

static awsmap_status load_error(loader *l, const cJSON *o) {
  if (!cJSON_IsObject(o))
    return bad(l, "not an object");
  const char *account, *region, *service, *operation, *status, *code, *message, *request_id;
  awsmap_status st;
  if ((st = str_member(l, o, "account", false, &account, true)) ||
      (st = str_member(l, o, "region", false, &region, true)) ||
      (st = str_member(l, o, "service", false, &service, true)) ||
      (st = str_member(l, o, "operation", false, &operation, true)) ||
      (st = str_member(l, o, "status", false, &status, true)) ||
      (st = str_member(l, o, "code", false, &code, true)) ||
      (st = str_member(l, o, "message", false, &message, false)) ||
      (st = str_member(l, o, "request_id", false, &request_id, true)))
    return st;
  const cJSON *http = cJSON_GetObjectItemCaseSensitive(o, "http_status");
  if (http && !cJSON_IsNumber(http) && !cJSON_IsNull(http))
    return bad(l, "\"http_status\" is not a number");
  /* An untrusted file: range-check before the cast (converting 1e300 to int is UB). */
  int http_status = 0;
  if (cJSON_IsNumber(http)) {
    double v = http->valuedouble;
    if (!(v >= 0 && v <= 999) || v != (double)(int)v)
      return bad(l, "\"http_status\" is not an HTTP status (an integer 0..999)");
    http_status = (int)v;
  }
  awsmap_status code_st = AWSMAP_ERR_SERVICE;
  for (int s = 0; s < 256; s++) {
    if (strcmp(awsmap_status_name((awsmap_status)s), status) == 0) {
      code_st = (awsmap_status)s;
      break;
    }
  }
  /* Build the error through the core setters (they bound every field),
   * without disturbing the caller-visible error of this call. */
  awsmap_error saved;
  awsmap__error_copy(&saved, awsmap__error_tls());
  awsmap__error_set_aws(code_st, operation, code, http_status, request_id,
                        "%s", message);
  awsmap_error e;
  awsmap__error_copy(&e, awsmap__error_tls());
  awsmap__error_copy(awsmap__error_tls(), &saved);
  return awsmap__graph_add_error(l->g, account, region, service, &e);
}

static awsmap_status load(loader *l, const cJSON *root) {
  awsmap_status st;
  if (!cJSON_IsObject(root))
    return bad(l, "the document is not an object");
  const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
  if (!cJSON_IsString(format) || strcmp(format->valuestring, "awsmap-graph") != 0)
    return bad(l, "\"format\" is not \"awsmap-graph\"");
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
  if (!cJSON_IsNumber(version))
    return bad(l, "\"version\" is missing or not a number");
  if (version->valuedouble != 1)
    return awsmap__error_set(AWSMAP_ERR_PARSE, OP,
                             "graph JSON: version %g is not supported (this library reads 1)",
                             version->valuedouble);
  const cJSON *a;
  size_t i = 0;
  if ((a = array_member(l, root, "nodes", &st)))
    for (const cJSON *it = a->child; it && st == AWSMAP_OK; it = it->next, i++) {
      snprintf(l->where, sizeof l->where, "nodes[%zu]", i);
      st = load_node(l, it);
    }
  if (st != AWSMAP_OK)
    return st;
  i = 0;
  if ((a = array_member(l, root, "accounts", &st)))
    for (const cJSON *it = a->child; it && st == AWSMAP_OK; it = it->next, i++) {
      snprintf(l->where, sizeof l->where, "accounts[%zu]", i);
      const char *id = NULL;
      if (cJSON_IsString(it))
        id = awsmap__graph_strdup(l->g, it->valuestring);
      else if (cJSON_IsObject(it))
        st = str_member(l, it, "id", true, &id, false);
      else
        st = bad(l, "not an object");
      if (st == AWSMAP_OK && id && *id && awsmap__graph_note_account(l->g, id) != AWSMAP_OK)
        st = awsmap__error_nomem(OP);
    }
  if (st != AWSMAP_OK)
    return st;
  i = 0;
  if ((a = array_member(l, root, "edges", &st)))
    for (const cJSON *it = a->child; it && st == AWSMAP_OK; it = it->next, i++) {
      snprintf(l->where, sizeof l->where, "edges[%zu]", i);
      st = load_edge(l, it);
    }
  if (st != AWSMAP_OK)
    return st;
  i = 0;
  if ((a = array_member(l, root, "errors", &st)))
    for (const cJSON *it = a->child; it && st == AWSMAP_OK; it = it->next, i++) {
      snprintf(l->where, sizeof l->where, "errors[%zu]", i);
      st = load_error(l, it);
    }
  return st;
}

/* Where the text holds the escape \u0000 (after an odd run of backslashes),
 * or len. Backslashes are rare in a graph, so this costs one memchr pass. */
static size_t nul_escape(const char *json, size_t len) {
  const char *end = json + len;
  for (const char *p = json; (p = memchr(p, '\\', (size_t)(end - p)));) {
    const char *run = p;
    while (p < end && *p == '\\')
      p++;
    if ((p - run) % 2 && end - p >= 5 && memcmp(p, "u0000", 5) == 0)
      return (size_t)(p - 1 - json);
  }
  return len;
}

awsmap_status awsmap_graph_load_json(awsmap_graph **out, const char *json, size_t len) {
  awsmap__error_clear();
  if (out)
    *out = NULL;
  if (!out || (!json && len))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "out and json are required");
  /* cJSON would cut a string at a NUL, raw or escaped: two names could
   * become one. A NUL that ends the text (a C string's) is no content. */
  size_t text = len && json && !json[len - 1] ? len - 1 : len;
  const char *raw = text ? memchr(json, '\0', text) : NULL;
  size_t nul = raw ? (size_t)(raw - json) : json ? nul_escape(json, text) : text;
  if (nul < text)
    return awsmap__error_set(AWSMAP_ERR_PARSE, OP,
                             "graph JSON: a NUL character (%s) at byte %zu",
                             raw ? "a zero byte" : "\\u0000", nul);
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(json ? json : "", len, &end, 0);
  if (!root) {
    size_t at = end && json && end >= json ? (size_t)(end - json) : 0;
    return awsmap__error_set(AWSMAP_ERR_PARSE, OP,
                             "graph JSON: malformed JSON at byte %zu of %zu", at, len);
  }
  awsmap_graph *g;
  awsmap_status st = awsmap__graph_new(&g);
  if (st == AWSMAP_OK) {
    loader l = {g, ""};
    st = load(&l, root);
    if (st == AWSMAP_OK)
      st = awsmap__graph_resolve(g); /* its own error: the cause, whatever it is */
  }
  cJSON_Delete(root);
  if (st != AWSMAP_OK) {
    awsmap__graph_free(g);
    return st;
  }
  *out = g;
  return AWSMAP_OK;
}
