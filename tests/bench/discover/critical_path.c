/* The critical path of a discovery run, computed from the emulator's call log.
 *
 * How discovery orders requests (src/discover/discover.c): every top-level
 * chain -- STS GetCallerIdentity, each plan step in each region, S3
 * ListBuckets -- starts at once; inside a chain page n+1 needs page n's token,
 * so its pages are strictly sequential. A follow-up chain (ELB
 * DescribeInstanceHealth, ELBv2 DescribeListeners / DescribeTargetHealth, S3
 * GetBucketLocation) starts when the record naming it arrives, i.e. after the
 * parent page holding that record.
 *
 * So the depth of a top-level chain is its page count, and the depth of a
 * follow-up chain is (index of the parent page that named it) + its own pages.
 * The log does not link a follow-up to its parent page (it records only the
 * paging parameters), so the parent index is taken as the parent chain's
 * page count: the last page of a parent chain names follow-ups whenever it
 * holds a record, which is the case unless the API answered with an empty
 * last page. A follow-up chain's first request carries no page token and its
 * later ones do; when no request of a follow-up operation carried a token,
 * every such chain was exactly one page, otherwise the longest is at least
 * ceil(requests / chains) and the result is flagged as estimated (a lower
 * bound, which makes the wall/critical-path ratio err against libawsmap).
 *
 * critical path = the deepest chain (in requests) x the injected latency:
 * what an unbounded client with zero processing time would need.
 * Only 2xx answers count as pages; retried attempts are reported separately. */
#include "critical_path.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "discover/plan.h"

#define MAX_KEYS 512

/* Requests of one operation in one region. */
struct op_calls {
  char service[16], action[64], region[40];
  size_t ok;        /* 2xx answers: pages */
  size_t first;     /* 2xx answers to requests without a page token: chains */
};

/* Which operation yields the records that a follow-up is started from
 * (the record types of src/discover/plan.c's follow-up rows). */
static const struct {
  const char *record_type;
  const char *operation;
} PRODUCERS[] = {
    {"elb:load-balancer", "elb:DescribeLoadBalancers"},
    {"elbv2:load-balancer", "elbv2:DescribeLoadBalancers"},
    {"elbv2:target-group", "elbv2:DescribeTargetGroups"},
    {"s3:bucket", "s3:ListBuckets"},
};

static const char *TOKEN_PARAMS[] = {"NextToken", "Marker", "continuation-token"};

static bool split_op(const char *operation, char *service, size_t sn, char *action, size_t an) {
  const char *colon = strchr(operation, ':');
  if (!colon || (size_t)(colon - operation) >= sn || strlen(colon + 1) >= an)
    return false;
  memcpy(service, operation, (size_t)(colon - operation));
  service[colon - operation] = '\0';
  strcpy(action, colon + 1);
  return true;
}

static const char *str_field(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool has_token(const cJSON *params) {
  for (size_t i = 0; i < sizeof TOKEN_PARAMS / sizeof *TOKEN_PARAMS; i++) {
    const char *v = str_field(params, TOKEN_PARAMS[i]);
    if (v && *v)
      return true;
  }
  return false;
}

static struct op_calls *find_or_add(struct op_calls *ops, size_t *n, const char *service,
                                    const char *action, const char *region) {
  for (size_t i = 0; i < *n; i++)
    if (!strcmp(ops[i].service, service) && !strcmp(ops[i].action, action) &&
        !strcmp(ops[i].region, region))
      return &ops[i];
  if (*n == MAX_KEYS)
    return NULL;
  struct op_calls *o = &ops[(*n)++];
  memset(o, 0, sizeof *o);
  snprintf(o->service, sizeof o->service, "%s", service);
  snprintf(o->action, sizeof o->action, "%s", action);
  snprintf(o->region, sizeof o->region, "%s", region);
  return o;
}

static void count_scope(cp_result *r, const char *service, const char *region) {
  const char *scope = (!strcmp(service, "s3") || !strcmp(service, "sts")) ? "global" : region;
  for (size_t i = 0; i < r->scope_count; i++)
    if (!strcmp(r->scopes[i].name, scope)) {
      r->scopes[i].requests++;
      return;
    }
  if (r->scope_count == CP_MAX_SCOPES)
    return;
  cp_scope *s = &r->scopes[r->scope_count++];
  snprintf(s->name, sizeof s->name, "%s", scope);
  s->requests = 1;
}

/* The follow-up row of plan.c for this operation, or NULL for a top-level chain. */
static const awsmap__plan_follow *follow_of(const struct op_calls *o) {
  char op[96];
  snprintf(op, sizeof op, "%s:%s", o->service, o->action);
  for (size_t i = 0; i < awsmap__plan_follow_count; i++)
    if (!strcmp(awsmap__plan_follows[i].operation, op))
      return &awsmap__plan_follows[i];
  return NULL;
}

/* Pages of the chain that produced a follow-up's parent records (same region
 * first; S3 and any other account-wide parent may sit in another region). */
static size_t parent_pages(const struct op_calls *ops, size_t n, const awsmap__plan_follow *f,
                           const char *region) {
  const char *producer = NULL;
  for (size_t i = 0; i < sizeof PRODUCERS / sizeof *PRODUCERS; i++)
    if (!strcmp(PRODUCERS[i].record_type, f->record_type))
      producer = PRODUCERS[i].operation;
  char service[16], action[64];
  if (!producer || !split_op(producer, service, sizeof service, action, sizeof action)) {
    fprintf(stderr, "bench_discover: no producer known for follow-up records %s; "
                    "counting its parent as one page\n", f->record_type);
    return 1;
  }
  size_t best = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(ops[i].service, service) || strcmp(ops[i].action, action))
      continue;
    if (!strcmp(ops[i].region, region))
      return ops[i].ok;
    if (ops[i].ok > best)
      best = ops[i].ok;
  }
  return best ? best : 1;
}

int cp_analyse(const char *calls_json, cp_result *out) {
  memset(out, 0, sizeof *out);
  cJSON *root = cJSON_Parse(calls_json);
  if (!cJSON_IsArray(root)) {
    fprintf(stderr, "bench_discover: /_emu/calls is not a JSON list\n");
    cJSON_Delete(root);
    return -1;
  }
  static struct op_calls ops[MAX_KEYS];
  size_t n = 0;
  const cJSON *call;
  cJSON_ArrayForEach(call, root) {
    const char *service = str_field(call, "service"), *action = str_field(call, "action");
    const char *region = str_field(call, "region");
    if (!service || !action || !region)
      continue; /* IMDS, container, SSO: not AWS API calls */
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(call, "status");
    int code = cJSON_IsNumber(status) ? status->valueint : 0;
    if (code < 200 || code > 299) {
      out->failed++;
      continue;
    }
    struct op_calls *o = find_or_add(ops, &n, service, action, region);
    if (!o) {
      fprintf(stderr, "bench_discover: more than %d operations in the call log\n", MAX_KEYS);
      cJSON_Delete(root);
      return -1;
    }
    o->ok++;
    if (!has_token(cJSON_GetObjectItemCaseSensitive(call, "params")))
      o->first++;
    out->requests++;
    count_scope(out, service, region);
  }
  cJSON_Delete(root);

  for (size_t i = 0; i < n; i++) {
    const struct op_calls *o = &ops[i];
    const awsmap__plan_follow *f = follow_of(o);
    size_t depth, own;
    bool estimated = false;
    if (!f) {
      out->chains++;
      own = depth = o->ok;
    } else {
      size_t chains = o->first ? o->first : 1;
      out->chains += chains;
      own = (o->ok + chains - 1) / chains;
      estimated = o->ok != chains;
      depth = parent_pages(ops, n, f, o->region) + own;
    }
    if (depth > out->critical) {
      out->critical = depth;
      out->critical_estimated = estimated;
      snprintf(out->critical_desc, sizeof out->critical_desc, "%s %s %s: %zu page(s)%s", o->service,
               o->action, o->region, own, f ? " after its parent's last page" : "");
    }
  }
  return 0;
}

size_t cp_scope_requests(const cp_result *r, const char *scope) {
  for (size_t i = 0; i < r->scope_count; i++)
    if (!strcmp(r->scopes[i].name, scope))
      return r->scopes[i].requests;
  return 0;
}
