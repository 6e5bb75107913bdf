/* The discovery benchmark of GitHub issue 7.
 *
 * Starts the emulator with ~20,000 generated resources over four regions,
 * injects 50 ms of latency into every AWS request, runs awsmap_discover() over
 * the four regions and reports, from that one run:
 *   - wall time against the critical path (longest chain of dependent requests
 *     x latency, computed from the emulator's call log: see critical_path.c),
 *   - wall time against a sequential boto3 script over the same emulator
 *     (tests/emulator/baseline/boto3_discover.py; at full scale it runs on one
 *     region plus the account-wide calls and is extrapolated by request count),
 *   - client CPU seconds per 1,000 instances (getrusage, this process only: the
 *     emulator and boto3 are child processes),
 *   - memory: peak RSS, peak heap growth during discovery and the heap the graph
 *     keeps, per node, with and without the bytes of its strings (mallinfo2).
 *
 * Usage: bench_discover [--quick] [--scale N] [--latency MS] [--in-flight N]
 *                       [--boto3 full|subset|none] [--no-floor] [--stock-emulator]
 * Goals (issue 7): wall <= 1.25x critical path; >= 10x faster than boto3;
 * < 0.03 CPU s per 1,000 instances; < 2 KB per resource beyond its strings. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <awsmap/client.h>
#include <awsmap/credentials.h>
#include <awsmap/discover.h>
#include <awsmap/global.h>
#include <awsmap/graph.h>

#include "boto3_baseline.h"
#include "critical_path.h"
#include "emu.h"

/* tests/bench/discover/four_regions.json: one account, these regions, this user. */
static const char *const REGIONS[] = {"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"};
#define REGION_COUNT (sizeof REGIONS / sizeof *REGIONS)
#define ACCESS_KEY "AKIAEMUBENCH00000001"
#define SECRET_KEY "benchSecretKey/000000000000000000000001"

enum boto3_mode { BOTO3_NONE, BOTO3_SUBSET, BOTO3_FULL };

struct options {
  long scale, latency_ms;
  unsigned in_flight;
  enum boto3_mode boto3;
  int floor, stock_emulator, quick;
};

/* What one awsmap_discover() run measured. */
struct run {
  awsmap_status status;
  double wall_s, user_s, sys_s;
  double sample_cpu_s;        /* spent in mallinfo2() sampling, subtracted from CPU */
  size_t heap_peak;           /* heap growth at its highest, from before client creation */
  size_t graph_heap;          /* heap that awsmap_graph_free() gives back */
  size_t string_bytes;        /* distinct strings reachable from the graph, NULs included */
  size_t nodes, edges, instances, errors, resources, pages;
  long maxrss_kb;
  double emulator_cpu_s;      /* the emulator process's CPU during the run */
};

/* ---- measuring -------------------------------------------------------- */

static double now_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

/* utime + stime of another process (fields 14 and 15 of /proc/PID/stat), in
 * seconds; -1 when unreadable. Shows when the emulator, not the client, is
 * the bottleneck: one Python process cannot use more than about one core. */
static double process_cpu_s(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
  unsigned long utime = 0, stime = 0;
  if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
                   &stime) != 2)
    return -1;
  return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* Bytes handed out by malloc, chunk headers included, in every arena and mmap. */
static size_t heap_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

struct sampler {
  size_t base, peak;
  double cpu_s;
  size_t pages, resources;
};

static int on_progress(size_t done, size_t queued, size_t resources, const char *region,
                       const char *service, void *userdata) {
  (void)queued, (void)region, (void)service;
  struct sampler *s = userdata;
  double t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
  size_t used = heap_in_use();
  if (used > s->base && used - s->base > s->peak)
    s->peak = used - s->base;
  s->pages = done;
  s->resources = resources;
  s->cpu_s += now_s(CLOCK_THREAD_CPUTIME_ID) - t0;
  return 0;
}

/* Strings may be shared between nodes (types, regions, accounts): each
 * distinct address is counted once. */
struct strings {
  const char **items;
  size_t count, cap;
};

static void strings_add(struct strings *s, const char *str) {
  if (!str)
    return;
  if (s->count == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4096;
    const char **items = realloc(s->items, cap * sizeof *items);
    if (!items)
      return; /* undercount rather than abort a benchmark */
    s->items = items;
    s->cap = cap;
  }
  s->items[s->count++] = str;
}

static int cmp_ptr(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return x < y ? -1 : x > y;
}

static size_t graph_string_bytes(const awsmap_graph *g) {
  struct strings s = {0};
  for (size_t n = 0; n < awsmap_graph_node_count(g); n++) {
    strings_add(&s, awsmap_graph_node_arn(g, n));
    strings_add(&s, awsmap_graph_node_type(g, n));
    strings_add(&s, awsmap_graph_node_id(g, n));
    strings_add(&s, awsmap_graph_node_name(g, n));
    strings_add(&s, awsmap_graph_node_account(g, n));
    strings_add(&s, awsmap_graph_node_region(g, n));
    strings_add(&s, awsmap_graph_node_availability_zone(g, n));
    strings_add(&s, awsmap_graph_node_status(g, n));
    for (size_t i = 0; i < awsmap_graph_node_property_count(g, n); i++) {
      const char *key = NULL;
      strings_add(&s, awsmap_graph_node_property_at(g, n, i, &key));
      strings_add(&s, key);
    }
    for (size_t i = 0; i < awsmap_graph_node_tag_count(g, n); i++) {
      const char *key = NULL;
      strings_add(&s, awsmap_graph_node_tag_at(g, n, i, &key));
      strings_add(&s, key);
    }
  }
  for (size_t e = 0; e < awsmap_graph_edge_count(g); e++) {
    strings_add(&s, awsmap_graph_edge_kind(g, e));
    for (size_t i = 0; i < awsmap_graph_edge_attribute_count(g, e); i++) {
      const char *key = NULL;
      strings_add(&s, awsmap_graph_edge_attribute_at(g, e, i, &key));
      strings_add(&s, key);
    }
  }
  qsort(s.items, s.count, sizeof *s.items, cmp_ptr);
  size_t bytes = 0;
  for (size_t i = 0; i < s.count; i++)
    if (i == 0 || s.items[i] != s.items[i - 1])
      bytes += strlen(s.items[i]) + 1;
  free(s.items);
  return bytes;
}

/* ---- one discovery ---------------------------------------------------- */

static int run_discovery(struct emu *emu, const struct options *o, struct run *r) {
  memset(r, 0, sizeof *r);
  awsmap_credentials_provider *provider = NULL;
  awsmap_client *client = NULL;
  awsmap_graph *graph = NULL;
  struct sampler sampler = {0};
  sampler.base = heap_in_use();

  awsmap_status st = awsmap_credentials_provider_static_new(&provider, ACCESS_KEY, SECRET_KEY, NULL);
  if (st == AWSMAP_OK) {
    awsmap_client_options co = AWSMAP_CLIENT_OPTIONS_INIT;
    co.region = REGIONS[0];
    co.endpoint_url = emu_url(emu);
    co.max_in_flight = o->in_flight;
    co.page_size = 0; /* each API's maximum */
    co.s3_force_path_style = 1;
    st = awsmap_client_new(&client, provider, &co);
  }
  awsmap_credentials_provider_release(provider);
  if (st != AWSMAP_OK) {
    fprintf(stderr, "bench_discover: client: %s\n", awsmap_error_message(awsmap_error_last()));
    return -1;
  }

  awsmap_discover_options d = AWSMAP_DISCOVER_OPTIONS_INIT;
  d.regions = REGIONS;
  d.region_count = REGION_COUNT;
  d.progress = on_progress;
  d.progress_userdata = &sampler;

  struct rusage ru0, ru1;
  double emu0 = process_cpu_s(emu->pid);
  getrusage(RUSAGE_SELF, &ru0);
  double t0 = now_s(CLOCK_MONOTONIC);
  r->status = awsmap_discover(&graph, client, &d);
  r->wall_s = now_s(CLOCK_MONOTONIC) - t0;
  getrusage(RUSAGE_SELF, &ru1);
  double emu1 = process_cpu_s(emu->pid);
  r->emulator_cpu_s = emu0 >= 0 && emu1 >= 0 ? emu1 - emu0 : -1;
  on_progress(sampler.pages, 0, sampler.resources, "", "", &sampler); /* resolved graph + pool */
  if (r->status != AWSMAP_OK && r->status != AWSMAP_ERR_PARTIAL) {
    fprintf(stderr, "bench_discover: discovery failed: %s: %s\n", awsmap_status_name(r->status),
            awsmap_error_message(awsmap_error_last()));
    awsmap_client_free(client);
    return -1;
  }
  r->user_s = tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime);
  r->sys_s = tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime);
  r->maxrss_kb = ru1.ru_maxrss;
  r->sample_cpu_s = sampler.cpu_s;
  r->heap_peak = sampler.peak;
  r->pages = sampler.pages;
  r->resources = sampler.resources;

  r->nodes = awsmap_graph_node_count(graph);
  r->edges = awsmap_graph_edge_count(graph);
  r->instances = awsmap_graph_type_count(graph, "ec2:instance");
  r->errors = awsmap_graph_error_count(graph);
  r->string_bytes = graph_string_bytes(graph);

  /* The graph's heap is what freeing it gives back (lazily initialised
   * library state and caches stay out of the figure). */
  awsmap_client_free(client);
  size_t with_graph = heap_in_use();
  awsmap_graph_free(graph);
  size_t without = heap_in_use();
  r->graph_heap = with_graph > without ? with_graph - without : 0;
  return 0;
}

/* ---- emulator control ------------------------------------------------- */

static int set_latency(struct emu *emu, long ms) {
  char body[64];
  snprintf(body, sizeof body, "{\"latency_ms\": %ld}", ms);
  if (emu_post(emu, "/_emu/config", body) != 0 || emu_post(emu, "/_emu/reset", NULL) != 0) {
    fprintf(stderr, "bench_discover: cannot configure the emulator\n");
    return -1;
  }
  return 0;
}

/* The emulator answers headers and body in two writes without TCP_NODELAY,
 * which costs ~40 ms per response on a kept-alive connection; the
 * sitecustomize.py in nodelay/ turns Nagle off in the emulator process only. */
static int start_emulator(struct emu *emu, const struct options *o, long *generated) {
  char scale[32];
  snprintf(scale, sizeof scale, "%ld", o->scale);
  const char *args[] = {"--scale", scale, NULL};
  char *saved = getenv("PYTHONPATH") ? strdup(getenv("PYTHONPATH")) : NULL;
  if (!o->stock_emulator)
    setenv("PYTHONPATH", AWSMAP_BENCH_DIR "/nodelay", 1);
  int rc = emu_start(emu, AWSMAP_BENCH_DIR "/four_regions.json", args);
  if (saved)
    setenv("PYTHONPATH", saved, 1);
  else
    unsetenv("PYTHONPATH");
  free(saved);
  if (rc != 0) {
    fprintf(stderr, "bench_discover: the emulator did not start\n");
    return -1;
  }
  char *health = emu_get(emu, "/_emu/health");
  const char *p = health ? strstr(health, "\"resources\":") : NULL;
  *generated = p ? strtol(p + strlen("\"resources\":"), NULL, 10) : -1;
  free(health);
  return 0;
}

/* ---- boto3 ------------------------------------------------------------ */

/* Seconds boto3 would need for every scope awsmap read: measured where it
 * ran, else the seconds of the measured region scaled by the ratio of
 * libawsmap's requests in the two scopes (the generator spreads resources
 * evenly, so request counts track the work). */
static double boto3_extrapolate(const boto3_result *b, const cp_result *calls) {
  const boto3_scope *ref = boto3_scope_find(b, REGIONS[0]);
  size_t ref_requests = cp_scope_requests(calls, REGIONS[0]);
  double total = 0;
  for (size_t i = 0; i < calls->scope_count; i++) {
    const boto3_scope *s = boto3_scope_find(b, calls->scopes[i].name);
    if (s)
      total += s->seconds;
    else if (ref && ref_requests)
      total += ref->seconds * (double)calls->scopes[i].requests / (double)ref_requests;
  }
  return total;
}

/* ---- report ----------------------------------------------------------- */

static const char *verdict(int ok) { return ok ? "met" : "NOT met"; }

static void report(const struct options *o, long generated, const struct run *r,
                   const cp_result *calls, const struct run *floor_run, const boto3_result *b,
                   int boto3_ok) {
  double lat = (double)o->latency_ms / 1000.0;
  double critical = (double)calls->critical * lat;
  double inflight_bound = (double)calls->requests * lat / (double)o->in_flight;
  double bound = critical > inflight_bound ? critical : inflight_bound;
  double cpu = r->user_s + r->sys_s - r->sample_cpu_s;
  double per_k_inst = r->instances ? cpu / ((double)r->instances / 1000.0) : 0;
  double nodes = r->nodes ? (double)r->nodes : 1;
  double beyond = r->graph_heap > r->string_bytes ? (double)(r->graph_heap - r->string_bytes) : 0;

  printf("\nlibawsmap discovery benchmark (GitHub issue 7)%s\n", o->quick ? " -- QUICK mode" : "");
  printf("  emulator     %ld generated resources (--scale %ld), %zu regions, %ld ms latency per "
         "request%s\n", generated, o->scale, REGION_COUNT, o->latency_ms,
         o->stock_emulator ? " (stock emulator: +~40 ms Nagle delay per kept-alive response)"
                           : ", emulator sockets TCP_NODELAY (nodelay/sitecustomize.py)");
  printf("  client       max_in_flight %u, page size = each API's maximum, static credentials\n",
         o->in_flight);
  printf("\nlibawsmap awsmap_discover(): %s\n", awsmap_status_name(r->status));
  printf("  requests       %zu answered (%zu failed attempts), %zu chains; %zu records\n",
         calls->requests, calls->failed, calls->chains, r->resources);
  printf("  graph          %zu nodes (%zu ec2:instance), %zu edges, %zu recorded errors\n",
         r->nodes, r->instances, r->edges, r->errors);
  printf("  wall           %.3f s\n", r->wall_s);
  printf("  critical path  %zu dependent requests x %ld ms = %.3f s%s\n"
         "                 (longest: %s)\n", calls->critical, o->latency_ms, critical,
         calls->critical_estimated ? " (lower bound)" : "", calls->critical_desc);
  printf("  wall/critical  %.2fx   goal <= 1.25x: %s\n", r->wall_s / critical,
         verdict(r->wall_s <= 1.25 * critical));
  printf("  in-flight bound %zu requests x %ld ms / %u in flight = %.3f s; "
         "wall / max(critical, that) = %.2fx\n", calls->requests, o->latency_ms, o->in_flight,
         inflight_bound, r->wall_s / bound);
  if (floor_run)
    printf("  0 ms latency   %.3f s wall, %.3f s client CPU (same discovery, latency off: the "
           "emulator's and client's processing floor)\n", floor_run->wall_s,
           floor_run->user_s + floor_run->sys_s - floor_run->sample_cpu_s);
  printf("  emulator CPU   %.3f s during the run (%.0f%% of the wall)", r->emulator_cpu_s,
         100.0 * r->emulator_cpu_s / r->wall_s);
  if (floor_run)
    printf("; %.3f s at 0 ms latency", floor_run->emulator_cpu_s);
  printf("\n");
  printf("  client CPU     %.3f s (user %.3f + sys %.3f, minus %.3f s of heap sampling)\n", cpu,
         r->user_s, r->sys_s, r->sample_cpu_s);
  printf("                 = %.4f s per 1,000 instances   goal < 0.03: %s\n", per_k_inst,
         verdict(per_k_inst < 0.03));
  printf("                 (whole pipeline: requests, signing, parsing, graph, resolve; "
         "%.4f s per 1,000 records)\n", r->resources ? cpu / ((double)r->resources / 1000.0) : 0);
  printf("  memory         peak RSS %.1f MB (whole process, includes libcurl/OpenSSL/libxml2)\n",
         (double)r->maxrss_kb / 1024.0);
  printf("                 heap peak during discovery +%.1f MB = %.0f B per node (pool, buffers, "
         "records in flight, graph)\n", (double)r->heap_peak / 1048576.0,
         (double)r->heap_peak / nodes);
  printf("                 graph kept %.1f MB = %.0f B per node (nodes, edges, indexes, strings, "
         "malloc headers)\n", (double)r->graph_heap / 1048576.0, (double)r->graph_heap / nodes);
  printf("                 of which strings %.1f MB; beyond strings %.0f B per node   "
         "goal < 2048: %s\n", (double)r->string_bytes / 1048576.0, beyond / nodes,
         verdict(beyond / nodes < 2048));

  if (o->boto3 == BOTO3_NONE)
    return;
  printf("\nboto3 baseline (tests/emulator/baseline/boto3_discover.py, sequential paginators)\n");
  if (!boto3_ok) {
    printf("  FAILED (see stderr)\n");
    return;
  }
  for (size_t i = 0; i < b->scope_count; i++) {
    const boto3_scope *s = &b->scopes[i];
    size_t mine = cp_scope_requests(calls, s->name);
    printf("  %-15s %5zu requests (libawsmap: %zu%s), %6zu records, %8.3f s\n", s->name,
           s->requests, mine, mine == s->requests ? "" : ", DIFFERENT", s->resources, s->seconds);
  }
  double est = boto3_extrapolate(b, calls);
  if (o->boto3 == BOTO3_SUBSET)
    printf("  ran            %s + global only: %zu requests in %.3f s; the other regions are "
           "extrapolated\n                 linearly by libawsmap's request count per region -> "
           "%.3f s for the whole account\n", REGIONS[0], b->requests, b->seconds, est);
  else
    printf("  ran            every region: %zu requests in %.3f s\n", b->requests, b->seconds);
  printf("  speedup        %.1fx   goal >= 10x: %s\n", est / r->wall_s,
         verdict(est / r->wall_s >= 10));
  if (b->instances)
    printf("  boto3 CPU      %.3f s = %.3f s per 1,000 instances (script process, measured part)\n",
           b->cpu_seconds, b->cpu_seconds / ((double)b->instances / 1000.0));
}

/* ---- main ------------------------------------------------------------- */

static int usage(void) {
  fprintf(stderr, "usage: bench_discover [--quick] [--scale N] [--latency MS] [--in-flight N]\n"
                  "                      [--boto3 full|subset|none] [--no-floor] "
                  "[--stock-emulator]\n");
  return 2;
}

static int parse_args(int argc, char **argv, struct options *o) {
  *o = (struct options){.scale = 20000, .latency_ms = 50, .in_flight = 64, .boto3 = BOTO3_SUBSET,
                        .floor = 1};
  int boto3_set = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--quick")) {
      o->quick = 1;
    } else if (!strcmp(a, "--no-floor")) {
      o->floor = 0;
    } else if (!strcmp(a, "--stock-emulator")) {
      o->stock_emulator = 1;
    } else if (!strcmp(a, "--scale") && v) {
      o->scale = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--latency") && v) {
      o->latency_ms = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--in-flight") && v) {
      o->in_flight = (unsigned)strtoul(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--boto3") && v) {
      i++;
      boto3_set = 1;
      if (!strcmp(v, "full"))
        o->boto3 = BOTO3_FULL;
      else if (!strcmp(v, "subset"))
        o->boto3 = BOTO3_SUBSET;
      else if (!strcmp(v, "none"))
        o->boto3 = BOTO3_NONE;
      else
        return -1;
    } else {
      return -1;
    }
  }
  if (o->quick) { /* a smoke run: a tenth of the account, boto3 over all of it */
    o->scale = o->scale == 20000 ? 2000 : o->scale;
    if (!boto3_set)
      o->boto3 = BOTO3_FULL;
  }
  if (o->scale < 1 || o->latency_ms < 1 || o->in_flight < 1)
    return -1;
  return 0;
}

int main(int argc, char **argv) {
  struct options o;
  if (parse_args(argc, argv, &o) != 0)
    return usage();
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (awsmap_global_init() != AWSMAP_OK)
    return 1;

  struct emu emu;
  long generated = 0;
  if (start_emulator(&emu, &o, &generated) != 0)
    return 1;
  int rc = 1;
  struct run r, floor_run;
  cp_result calls;
  boto3_result b;
  int boto3_ok = 0;
  char *log = NULL;

  printf("emulator up at %s with %ld resources; discovering with %ld ms latency...\n",
         emu_url(&emu), generated, o.latency_ms);
  if (set_latency(&emu, o.latency_ms) != 0 || run_discovery(&emu, &o, &r) != 0)
    goto out;
  if (!(log = emu_get(&emu, "/_emu/calls")) || cp_analyse(log, &calls) != 0)
    goto out;
  if (calls.critical == 0) {
    fprintf(stderr, "bench_discover: the call log holds no request\n");
    goto out;
  }
  if (o.floor) {
    printf("same discovery with 0 ms latency (processing floor)...\n");
    if (set_latency(&emu, 0) != 0 || run_discovery(&emu, &o, &floor_run) != 0)
      goto out;
  }
  if (o.boto3 != BOTO3_NONE) {
    char regions[256] = "";
    for (size_t i = 0; i < (o.boto3 == BOTO3_FULL ? REGION_COUNT : 1); i++)
      snprintf(regions + strlen(regions), sizeof regions - strlen(regions), "%s%s", i ? "," : "",
               REGIONS[i]);
    printf("boto3 baseline over %s + global with %ld ms latency...\n", regions, o.latency_ms);
    if (set_latency(&emu, o.latency_ms) != 0)
      goto out;
    boto3_ok = boto3_run(emu_url(&emu), ACCESS_KEY, SECRET_KEY, regions, &b) == 0;
  }
  report(&o, generated, &r, &calls, o.floor ? &floor_run : NULL, &b, boto3_ok);
  rc = 0;
out:
  free(log);
  emu_stop(&emu);
  awsmap_global_cleanup();
  return rc;
}
