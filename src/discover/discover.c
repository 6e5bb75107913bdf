/* Discovery: every pagination chain of every region and service runs at once
 * on the client's engine (bounded by its in-flight limit); records flow into
 * the graph as pages close, and follow-up calls (listeners, target health,
 * bucket locations) start as soon as the record that names them arrives.
 *
 * Everything here runs on the caller's thread inside the engine's loop, so
 * the graph and counters need no locks. */
#include "discover/discover.h"

#include <stdio.h>
#include <string.h>

#include "discover/plan.h"

/* One pagination chain: an operation in a region, with its parameters. */
struct chain {
  struct chain *next; /* all chains, freed together at the end */
  struct discovery *d;
  const char *operation;
  char *region;
  char *params[3]; /* name, value, NULL */
  struct failure *skips; /* its records the graph could not take, or NULL */
};

/* A record that arrived before GetCallerIdentity answered. */
struct held {
  struct held *next;
  struct chain *chain; /* its call (chains live until the end) */
  awsmap_record *rec;
};

/* A call that failed for good, or whose records the graph could not take
 * (skipped > 0: the first one's reason is in the error), kept until the
 * account is known. */
struct failure {
  struct failure *next;
  char *region;
  char service[16]; /* "ec2", "elbv2", ...: the operation's prefix */
  awsmap_error error;
  size_t skipped;
};

/* Arrival order, with a tail pointer for O(1) appends. */
struct held_list {
  struct held *head;
  struct held **tail;
};

struct region_list {
  char **items;
  size_t count;
};

struct discovery {
  awsmap_client *client;
  awsmap__http_engine *engine;
  awsmap_graph *graph;
  const awsmap_discover_options *opts;
  unsigned int services;
  unsigned int page_size;
  char *home_region;
  char *account;          /* NULL until GetCallerIdentity answers */
  struct held_list held;  /* records that arrived before the account was known */
  struct failure *failures; /* recorded in the graph once the account is known */
  struct chain *chains;
  size_t done, active, resources;
  bool regions_listed;    /* all_regions: DescribeRegions finished */
  struct region_list regions; /* regions to fan out to */
  bool fanned_out;
  bool failed;            /* a fatal failure: identity or region listing */
  awsmap_error fatal;
  awsmap_status status;   /* first internal failure (NOMEM) */
};

static void start_chain(struct discovery *d, const char *operation, const char *region,
                        const char *param, const char *value);

static awsmap_status region_list_push(struct region_list *l, const char *region) {
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->items[i], region) == 0)
      return AWSMAP_OK; /* a region named twice is read once */
  char **items = awsmap__realloc(l->items, (l->count + 1) * sizeof *items);
  if (!items)
    return AWSMAP_ERR_NOMEM;
  l->items = items;
  if (!(items[l->count] = awsmap__strdup(region)))
    return AWSMAP_ERR_NOMEM;
  l->count++;
  return AWSMAP_OK;
}

static void region_list_dispose(struct region_list *l) {
  for (size_t i = 0; i < l->count; i++)
    awsmap__free(l->items[i]);
  awsmap__free(l->items);
}

/* Records held until the account is known, in arrival order (the graph
 * sorts anyway, but logs read better). A tail pointer keeps appends O(1):
 * when STS answers late, thousands of records may be waiting. */
static awsmap_status held_push(struct held_list *l, struct chain *c, awsmap_record *rec) {
  struct held *h = awsmap__calloc(1, sizeof *h);
  if (!h) {
    awsmap__record_free(rec);
    return awsmap__error_nomem("discover");
  }
  h->chain = c;
  h->rec = rec;
  if (!l->tail)
    l->tail = &l->head;
  *l->tail = h;
  l->tail = &h->next;
  return AWSMAP_OK;
}

static struct held *held_pop(struct held_list *l) {
  struct held *h = l->head;
  if (h && !(l->head = h->next))
    l->tail = &l->head;
  return h;
}

static void held_dispose(struct held_list *list) {
  struct held *h;
  while ((h = held_pop(list))) {
    awsmap__record_free(h->rec);
    awsmap__free(h);
  }
}

/* ---- records ---- */

static struct failure *note_failure(struct discovery *d, const struct chain *c,
                                    const awsmap_error *err) {
  struct failure *f = awsmap__calloc(1, sizeof *f);
  if (!f || !(f->region = awsmap__strdup(c->region))) {
    awsmap__free(f);
    return NULL;
  }
  size_t n = strcspn(c->operation, ":");
  snprintf(f->service, sizeof f->service, "%.*s", (int)n, c->operation);
  if (err)
    awsmap__error_copy(&f->error, err);
  f->next = d->failures;
  d->failures = f;
  return f;
}

/* One record into the graph. A record the graph cannot key (an answer
 * without the resource's ID) is skipped and counted as a failure of its
 * call, with the first one's reason; the page and the discovery go on: only
 * running out of memory stops them. Frees rec. */
static awsmap_status add_to_graph(struct discovery *d, struct chain *c, awsmap_record *rec) {
  awsmap_status st = awsmap__graph_add_record(d->graph, d->account, c->region, rec);
  awsmap__record_free(rec);
  if (st == AWSMAP_OK || st == AWSMAP_ERR_NOMEM)
    return st;
  AWSMAP__WARN("discover", "%s in %s: record skipped: %s", c->operation, c->region,
               awsmap_error_message(awsmap__error_tls()));
  if (!c->skips) {
    char why[sizeof ((awsmap_error *)0)->message]; /* copied: setting the error overwrites it */
    snprintf(why, sizeof why, "%s", awsmap_error_message(awsmap__error_tls()));
    awsmap__error_set(AWSMAP_ERR_PARSE, c->operation, "%s in %s: %s", c->operation, c->region,
                      why);
    if (!(c->skips = note_failure(d, c, awsmap__error_tls())))
      return awsmap__error_nomem("discover");
  }
  c->skips->skipped++;
  return AWSMAP_OK;
}

/* A follow-up call named by this record (listeners of a load balancer, health
 * of a target group, a bucket's region) starts as soon as the record arrives. */
static void start_follow_ups(struct discovery *d, const char *region, const awsmap_record *rec) {
  const char *type = awsmap_record_type(rec);
  for (size_t i = 0; i < awsmap__plan_follow_count; i++) {
    const awsmap__plan_follow *f = &awsmap__plan_follows[i];
    if (strcmp(f->record_type, type) != 0 || !(d->services & awsmap__plan_service_of(f->operation)))
      continue;
    const char *value = awsmap_record_get(rec, f->field);
    const char *known = f->unless ? awsmap_record_get(rec, f->unless) : NULL;
    if (value && *value && !(known && *known))
      start_chain(d, f->operation, region, f->param, value);
  }
}

static awsmap_status on_record(void *ctx, awsmap_record *rec) {
  struct chain *c = ctx;
  struct discovery *d = c->d;
  const char *type = awsmap_record_type(rec);
  awsmap_status st = AWSMAP_OK;
  if (strcmp(type, "sts:caller-identity") == 0) {
    const char *account = awsmap_record_get(rec, "Account");
    if (account && *account && !d->account && !(d->account = awsmap__strdup(account)))
      st = awsmap__error_nomem("discover");
    awsmap__record_free(rec);
    return st;
  }
  if (strcmp(type, "ec2:region") == 0) {
    const char *name = awsmap_record_get(rec, "RegionName");
    if (name && region_list_push(&d->regions, name) != AWSMAP_OK)
      st = awsmap__error_nomem("discover");
    awsmap__record_free(rec);
    return st;
  }
  d->resources++;
  start_follow_ups(d, c->region, rec);
  if (!d->account) /* ARNs need the account: hold the record until STS answers */
    return held_push(&d->held, c, rec);
  return add_to_graph(d, c, rec);
}

static void on_page(void *ctx, size_t records) {
  struct chain *c = ctx;
  struct discovery *d = c->d;
  d->done++;
  if (d->opts->progress &&
      d->opts->progress(d->done, d->active, d->resources, c->region ? c->region : "",
                        c->operation, d->opts->progress_userdata) != 0)
    awsmap_client_cancel(d->client);
}

/* ---- fan-out ---- */

static void fan_out(struct discovery *d) {
  if (d->fanned_out || (d->opts->all_regions && !d->regions_listed))
    return;
  d->fanned_out = true;
  for (size_t i = 0; i < awsmap__plan_step_count; i++) {
    const awsmap__plan_step *s = &awsmap__plan_steps[i];
    if (!(d->services & s->service))
      continue;
    if (s->global) {
      start_chain(d, s->operation, d->home_region, s->param, s->value);
      continue;
    }
    for (size_t r = 0; r < d->regions.count; r++)
      start_chain(d, s->operation, d->regions.items[r], s->param, s->value);
  }
}

/* The account is known: records held back for it go into the graph. */
static void release_held(struct discovery *d) {
  struct held *h;
  while ((h = held_pop(&d->held))) {
    awsmap_status st = add_to_graph(d, h->chain, h->rec);
    awsmap__free(h);
    if (st != AWSMAP_OK && d->status == AWSMAP_OK)
      d->status = st;
  }
}

/* Failures go into the graph with the account they belong to. */
static awsmap_status record_failures(struct discovery *d) {
  awsmap_status st = AWSMAP_OK;
  for (struct failure *f = d->failures; f && st == AWSMAP_OK; f = f->next) {
    if (f->skipped)
      awsmap__error_append(&f->error, "; %zu record(s) of its answers skipped", f->skipped);
    st = awsmap__graph_add_error(d->graph, d->account, f->region, f->service, &f->error);
  }
  return st;
}

static void free_failures(struct failure *f) {
  while (f) {
    struct failure *next = f->next;
    awsmap__free(f->region);
    awsmap__free(f);
    f = next;
  }
}

static void on_done(void *ctx, awsmap_status st, const awsmap_error *err) {
  struct chain *c = ctx;
  struct discovery *d = c->d;
  d->active--;
  bool identity = strcmp(c->operation, "sts:GetCallerIdentity") == 0;
  bool listing = strcmp(c->operation, "ec2:DescribeRegions") == 0;
  if (st == AWSMAP_ERR_NOMEM) { /* no call's failure: nothing more can be kept */
    if (d->status == AWSMAP_OK)
      d->status = awsmap__error_nomem("discover");
    awsmap_client_cancel(d->client);
    return;
  }
  if (st != AWSMAP_OK && st != AWSMAP_ERR_CANCELLED) {
    if (identity || listing) {
      /* Without the account or the region list there is nothing to map. */
      if (!d->failed) {
        d->failed = true;
        if (err)
          awsmap__error_copy(&d->fatal, err);
        else
          d->fatal.status = st; /* no detail was given: keep at least the status */
      }
      awsmap_client_cancel(d->client);
      return;
    }
    if (!note_failure(d, c, err) && d->status == AWSMAP_OK)
      d->status = awsmap__error_nomem("discover");
    AWSMAP__WARN("discover", "%s in %s failed, continuing without it: %s", c->operation,
                 c->region ? c->region : "-", err ? awsmap_error_message(err) : "");
  }
  if (identity && st == AWSMAP_OK) {
    if (!d->account) {
      d->failed = true;
      awsmap__error_set(AWSMAP_ERR_SERVICE, "sts:GetCallerIdentity", "STS returned no account");
      awsmap__error_copy(&d->fatal, awsmap__error_tls());
      awsmap_client_cancel(d->client);
      return;
    }
    release_held(d);
  }
  if (listing && st == AWSMAP_OK) {
    d->regions_listed = true;
    fan_out(d);
  }
}

static awsmap_status get_credentials(void *ctx, awsmap_credentials **out) {
  struct chain *c = ctx;
  return awsmap__client_credentials(c->d->client, out);
}

static const awsmap__paginate_handler HANDLER = {on_record, on_page, on_done, get_credentials};

/* Whether this call's records start follow-up calls: its answers are urgent. */
static bool starts_follow_ups(const awsmap__call_spec *spec) {
  for (size_t i = 0; i < awsmap__plan_follow_count; i++)
    if (strcmp(awsmap__plan_follows[i].record_type, awsmap__call_record_type(spec)) == 0)
      return true;
  return false;
}

static void start_chain(struct discovery *d, const char *operation, const char *region,
                        const char *param, const char *value) {
  if (d->status != AWSMAP_OK || d->failed)
    return;
  const awsmap__call_spec *spec = awsmap__call_find(operation);
  struct chain *c = awsmap__calloc(1, sizeof *c);
  if (!spec || !c) {
    awsmap__free(c);
    d->status = spec ? awsmap__error_nomem("discover")
                     : awsmap__error_set(AWSMAP_ERR_INTERNAL, "discover",
                                         "no decoder for %s", operation);
    return;
  }
  c->d = d;
  c->operation = operation;
  c->region = awsmap__strdup(region);
  if (param) {
    c->params[0] = awsmap__strdup(param);
    c->params[1] = awsmap__strdup(value);
  }
  c->next = d->chains;
  d->chains = c;
  if (!c->region || (param && (!c->params[0] || !c->params[1]))) {
    d->status = awsmap__error_nomem("discover");
    return;
  }
  awsmap_status st = awsmap__paginate_submit(d->engine, spec, c->region,
                                             param ? (const char *const *)c->params : NULL,
                                             d->page_size, starts_follow_ups(spec), &HANDLER, c);
  if (st != AWSMAP_OK) {
    d->status = st;
    return;
  }
  d->active++;
}

static void free_chains(struct chain *c) {
  while (c) {
    struct chain *next = c->next;
    awsmap__free(c->region);
    awsmap__free(c->params[0]);
    awsmap__free(c->params[1]);
    awsmap__free(c);
    c = next;
  }
}

/* ---- entry point ---- */

static awsmap_status init_regions(struct discovery *d) {
  if (d->opts->all_regions) {
    start_chain(d, "ec2:DescribeRegions", d->home_region, NULL, NULL);
    return d->status;
  }
  if (d->opts->region_count == 0)
    return region_list_push(&d->regions, d->home_region) == AWSMAP_OK
               ? AWSMAP_OK
               : awsmap__error_nomem("discover");
  for (size_t i = 0; i < d->opts->region_count; i++) {
    const char *r = d->opts->regions[i];
    if (!r || !*r)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "discover", "region %zu is empty", i);
    if (region_list_push(&d->regions, r) != AWSMAP_OK)
      return awsmap__error_nomem("discover");
  }
  return AWSMAP_OK;
}

awsmap_status awsmap_discover(awsmap_graph **out, awsmap_client *client,
                              const awsmap_discover_options *opts) {
  awsmap__error_clear();
  static const awsmap_discover_options DEFAULTS = AWSMAP_DISCOVER_OPTIONS_INIT;
  if (!out || !client)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "discover", "out and client are required");
  *out = NULL;
  if (!opts)
    opts = &DEFAULTS;
  if (opts->version < 1 || opts->version > AWSMAP_DISCOVER_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "discover",
                             "unknown awsmap_discover_options version %u", opts->version);

  struct discovery d = {0};
  d.client = client;
  d.opts = opts;
  d.services = opts->services ? opts->services & AWSMAP_SERVICE_ALL : AWSMAP_SERVICE_ALL;
  awsmap_status st = awsmap__client_engine(client, &d.engine);
  if (st != AWSMAP_OK)
    return st;
  d.page_size = awsmap__client_page_size(client);
  if ((st = awsmap__graph_new(&d.graph)) != AWSMAP_OK)
    return st;
  if (!(d.home_region = awsmap__strdup(awsmap__client_region(client)))) {
    awsmap_graph_free(d.graph);
    return awsmap__error_nomem("discover");
  }
  int64_t started = awsmap__monotonic_ms();

  /* Who we are, where to look and what is there all start at once: only the
   * graph waits for the account ID, so STS adds no round trip to the total. */
  start_chain(&d, "sts:GetCallerIdentity", d.home_region, NULL, NULL);
  st = d.status;
  if (st == AWSMAP_OK)
    st = init_regions(&d);
  if (st == AWSMAP_OK)
    fan_out(&d);
  if (st == AWSMAP_OK)
    st = d.status;
  if (st == AWSMAP_OK) {
    st = awsmap__http_engine_run(d.engine);
  } else if (d.chains) {
    /* calls already queued point at chains freed below: they must end
     * (cancelled) now, not start in the client's next call */
    awsmap_error cause;
    awsmap__error_copy(&cause, awsmap__error_tls());
    awsmap_client_cancel(client);
    (void)awsmap__http_engine_run(d.engine);
    awsmap__error_copy(awsmap__error_tls(), &cause); /* the reason, not the cancels */
  }
  if (d.status != AWSMAP_OK) /* it cancelled the run: the cause, not the cancel */
    st = d.status;

  if (d.failed) { /* the cancel it caused must not mask the cause */
    awsmap__error_copy(awsmap__error_tls(), &d.fatal);
    st = d.fatal.status;
  } else if (st == AWSMAP_OK && awsmap__client_cancelled(client)) {
    st = awsmap__error_set(AWSMAP_ERR_CANCELLED, "discover", "discovery was cancelled");
  } else if (st == AWSMAP_OK) {
    if (d.account)
      st = awsmap__graph_add_account(d.graph, d.account, d.home_region);
    if (st == AWSMAP_OK)
      st = record_failures(&d);
    if (st == AWSMAP_OK)
      st = awsmap__graph_resolve(d.graph);
  }
  AWSMAP__INFO("discover", "account %s: %zu resources, %zu requests in %lld ms (%s)",
               d.account ? d.account : "?", d.resources, d.done,
               (long long)(awsmap__monotonic_ms() - started), awsmap_status_name(st));

  held_dispose(&d.held);
  free_failures(d.failures);
  region_list_dispose(&d.regions);
  free_chains(d.chains);
  awsmap__free(d.home_region);
  awsmap__free(d.account);
  if (st != AWSMAP_OK) {
    awsmap_graph_free(d.graph);
    /* calls that ended after the allocation failure may have left errors of their own */
    return st == AWSMAP_ERR_NOMEM ? awsmap__error_nomem("discover") : st;
  }
  size_t errors = awsmap_graph_error_count(d.graph);
  *out = d.graph;
  if (errors)
    return awsmap__error_set(AWSMAP_ERR_PARTIAL, "discover",
                             "discovery finished with %zu recorded failure(s) (failed calls, "
                             "skipped records); the graph lists them",
                             errors);
  return AWSMAP_OK;
}
