/* The discovery benchmark of GitHub issue 7.
 *
 * Starts the emulator with ~20,000 generated resources over four regions and
 * measures awsmap_discover() over the four regions with 50 ms of latency per
 * AWS request. It reports:
 *   - wall time against the critical path (the longest chain of dependent
 *     requests x latency, computed from the emulator's call log: see
 *     critical_path.c) and against the in-flight limit's own bound,
 *   - client CPU seconds per 1,000 instances (getrusage, this process only:
 *     the replay proxy, the emulator and boto3 are child processes),
 *   - memory: peak RSS, peak heap growth during discovery and the heap the
 *     graph keeps, per node, with and without the bytes of its strings
 *     (mallinfo2),
 *   - wall time against a sequential boto3 script over the emulator
 *     (tests/emulator/baseline/boto3_discover.py; at full scale it runs on one
 *     region plus the account-wide calls and is extrapolated by request count).
 *
 * Method. The Python emulator spends 1.3-1.75 CPU seconds per discovery on
 * the same two cores as the client, so a run against it measures the
 * emulator more than libawsmap. The measured runs therefore go through the
 * record/replay proxy (replay_proxy.c, a forked child process, so its CPU is
 * not the client's):
 *   1. recording pass: the proxy forwards every request to the emulator
 *      (latency 0; the emulator verifies every SigV4 signature) and keeps its
 *      raw answers; the emulator's call log of this pass gives the critical
 *      path, and the graph's JSON is kept;
 *   2. timed run: the proxy answers from memory, each answer 50 ms after its
 *      request arrived, never contacting the emulator; wall time and CPU come
 *      from this run, which does not sample the heap (mallinfo2() after every
 *      page costs ~0.1 s of wall);
 *   3. sampled run: the same again, sampling the heap for its peak.
 * Each replayed run must make the recording pass's requests (no miss, hits ==
 * the requests recorded) and build a byte-identical graph; otherwise the
 * report says INVALID and the exit status is 3.
 *   4. transport floor: the recorded requests once more through bare libcurl
 *      (transport_floor.c: no signing, decoding or graph), which tells what
 *      the transport itself costs here from what libawsmap adds;
 *   5. the follow-up requests alone the same way: none of them can be sent
 *      before the first answers arrive, so latency + their wall is a lower
 *      bound for any discovery over this transport at this in-flight limit.
 * For comparison the same discovery then runs directly against the emulator
 * with latency (heap sampled as before the proxy existed; plus a 0 ms run,
 * the processing floor), and the boto3 baseline runs directly against the
 * emulator too, so its speedup is taken over that direct run.
 *
 * Usage: bench_discover [--quick] [--scale N] [--latency MS] [--in-flight N]
 *                       [--boto3 full|subset|none] [--no-floor] [--no-direct]
 *                       [--stock-emulator] [--floor-threads N]
 * --in-flight defaults to 512, the fastest wall measured on the 2-core test
 * machine: every request beyond the connections already open costs the client
 * a new connection (~0.1 ms of CPU here), and at 1024 those cost more than
 * the queueing they save (the report prints the in-flight bound).
 * --no-direct skips the direct and 0 ms runs. --floor-threads N (1-16) drives
 * the transport floors from N threads, one multi handle each.
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
#include "core/core.h"
#include "critical_path.h"
#include "discover/plan.h"
#include "emu.h"
#include "replay_proxy.h"
#include "transport_floor.h"

/* tests/bench/discover/four_regions.json: one account, these regions, this user. */
static const char *const REGIONS[] = {"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"};
#define REGION_COUNT (sizeof REGIONS / sizeof *REGIONS)
#define ACCESS_KEY "AKIAEMUBENCH00000001"
#define SECRET_KEY "benchSecretKey/000000000000000000000001"

enum boto3_mode { BOTO3_NONE, BOTO3_SUBSET, BOTO3_FULL };

struct options {
  long scale, latency_ms;
  unsigned in_flight, floor_threads;
  enum boto3_mode boto3;
  int floor, direct, stock_emulator, quick;
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
  long minflt;                /* page faults during the run (first touches of memory) */
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

/* Bytes handed out by malloc, chunk headers included, in every arena and mmap,
 * and the huge-page blocks the graph maps itself (awsmap__pages_alloc). */
static size_t heap_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd + awsmap__pages_in_use(); /* + the graph's huge-page blocks */
}

/* Heap sampling after every page: mallinfo2() walks malloc's bins and costs
 * ~0.1 ms a call with this heap, ~0.15 s of wall over a full discovery, so
 * the timed replayed run does not sample and a second replayed run does. */
struct sampler {
  int sample;
  size_t base, peak;
  double cpu_s;
  size_t pages, resources;
};

static int on_progress(size_t done, size_t queued, size_t resources, const char *region,
                       const char *service, void *userdata) {
  (void)queued, (void)region, (void)service;
  struct sampler *s = userdata;
  s->pages = done;
  s->resources = resources;
  if (!s->sample)
    return 0;
  double t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
  size_t used = heap_in_use();
  if (used > s->base && used - s->base > s->peak)
    s->peak = used - s->base;
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

/* One discovery against `url` (the emulator's or the proxy's), measuring the
 * emulator process's CPU too. `sample_heap`: track the heap peak after every
 * page (else r->heap_peak is only the heap at the end). With `json` non-NULL
 * the graph's JSON is kept there: made after the timed window, and present
 * in both heap readings that size the graph, so it cancels out of them. */
static int run_discovery(const char *url, pid_t emulator, const struct options *o,
                         int sample_heap, struct run *r, awsmap_buf **json) {
  memset(r, 0, sizeof *r);
  awsmap_credentials_provider *provider = NULL;
  awsmap_client *client = NULL;
  awsmap_graph *graph = NULL;
  struct sampler sampler = {.sample = sample_heap};
  sampler.base = heap_in_use();

  awsmap_status st = awsmap_credentials_provider_static_new(&provider, ACCESS_KEY, SECRET_KEY, NULL);
  if (st == AWSMAP_OK) {
    awsmap_client_options co = AWSMAP_CLIENT_OPTIONS_INIT;
    co.region = REGIONS[0];
    co.endpoint_url = url;
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
  double emu0 = process_cpu_s(emulator);
  getrusage(RUSAGE_SELF, &ru0);
  double t0 = now_s(CLOCK_MONOTONIC);
  r->status = awsmap_discover(&graph, client, &d);
  r->wall_s = now_s(CLOCK_MONOTONIC) - t0;
  getrusage(RUSAGE_SELF, &ru1);
  double emu1 = process_cpu_s(emulator);
  r->emulator_cpu_s = emu0 >= 0 && emu1 >= 0 ? emu1 - emu0 : -1;
  r->sample_cpu_s = sampler.cpu_s; /* what the timed window holds */
  sampler.sample = 1;
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
  r->minflt = ru1.ru_minflt - ru0.ru_minflt;
  r->heap_peak = sampler.peak;
  r->pages = sampler.pages;
  r->resources = sampler.resources;

  r->nodes = awsmap_graph_node_count(graph);
  r->edges = awsmap_graph_edge_count(graph);
  r->instances = awsmap_graph_type_count(graph, "ec2:instance");
  r->errors = awsmap_graph_error_count(graph);
  r->string_bytes = graph_string_bytes(graph);
  if (json && awsmap_graph_to_json(graph, json) != AWSMAP_OK) {
    fprintf(stderr, "bench_discover: graph to JSON: %s\n",
            awsmap_error_message(awsmap_error_last()));
    *json = NULL;
  }

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

/* ---- the replay proxy ------------------------------------------------- */

/* Whether the measured run made the recording pass's requests and built its
 * graph: if not, it measured something else and its verdict is invalid. */
struct replay_check {
  struct replay_stats recording; /* the proxy's counters after the recording pass */
  struct replay_stats timed;     /* ... after the timed run */
  struct replay_stats sampled;   /* ... after the heap-sampled run */
  size_t logged;                 /* requests in the emulator's log of the recording pass */
  int timed_identical, sampled_identical; /* graph JSON as recorded; -1 when an export failed */
  size_t json_len;
  int direct_identical; /* the direct run's graph against the recording pass's; -1: not run */
  struct transport_floor transport; /* the recorded requests through bare libcurl */
  struct replay_stats transport_stats; /* the proxy's counters after it */
  struct transport_floor follow_ups;   /* only the follow-up calls, the same way */
  int valid;
};

static int same_json(const awsmap_buf *a, const awsmap_buf *b) {
  if (!a || !b)
    return -1;
  return awsmap_buf_len(a) == awsmap_buf_len(b) &&
         memcmp(awsmap_buf_data(a), awsmap_buf_data(b), awsmap_buf_len(a)) == 0;
}

/* ---- report ----------------------------------------------------------- */

static const char *verdict(int ok) { return ok ? "met" : "NOT met"; }

/* The lines both runs share: requests, graph, wall against the critical
 * path, client CPU, memory. */
static void report_run(const struct options *o, const struct run *r, const struct run *mem,
                       const cp_result *calls, int valid) {
  double lat = (double)o->latency_ms / 1000.0;
  double critical = (double)calls->critical * lat;
  double inflight_bound = (double)calls->requests * lat / (double)o->in_flight;
  double bound = critical > inflight_bound ? critical : inflight_bound;
  double cpu = r->user_s + r->sys_s - r->sample_cpu_s;
  double per_k_inst = r->instances ? cpu / ((double)r->instances / 1000.0) : 0;
  double nodes = r->nodes ? (double)r->nodes : 1;
  double beyond = r->graph_heap > r->string_bytes ? (double)(r->graph_heap - r->string_bytes) : 0;

  printf("  requests       %zu answered (%zu failed attempts), %zu chains; %zu records\n",
         calls->requests, calls->failed, calls->chains, r->resources);
  printf("  graph          %zu nodes (%zu ec2:instance), %zu edges, %zu recorded errors\n",
         r->nodes, r->instances, r->edges, r->errors);
  printf("  wall           %.3f s\n", r->wall_s);
  printf("  critical path  %zu dependent requests x %ld ms = %.3f s%s\n"
         "                 (longest: %s)\n", calls->critical, o->latency_ms, critical,
         calls->critical_estimated ? " (lower bound)" : "", calls->critical_desc);
  printf("  wall/critical  %.2fx   goal <= 1.25x: %s\n", r->wall_s / critical,
         valid ? verdict(r->wall_s <= 1.25 * critical) : "INVALID (the replay check failed)");
  printf("  in-flight bound %zu requests x %ld ms / %u in flight = %.3f s; "
         "wall / max(critical, that) = %.2fx\n", calls->requests, o->latency_ms, o->in_flight,
         inflight_bound, r->wall_s / bound);
  printf("  client CPU     %.3f s (user %.3f + sys %.3f, minus %.3f s of heap sampling), "
         "%ld page faults\n", cpu, r->user_s, r->sys_s, r->sample_cpu_s, r->minflt);
  printf("                 = %.4f s per 1,000 instances   goal < 0.03: %s\n", per_k_inst,
         verdict(per_k_inst < 0.03));
  printf("                 (whole pipeline: requests, signing, parsing, graph, resolve; "
         "%.4f s per 1,000 records)\n", r->resources ? cpu / ((double)r->resources / 1000.0) : 0);
  printf("  memory         peak RSS %.1f MB (whole process so far, includes libcurl and "
         "OpenSSL)\n", (double)r->maxrss_kb / 1024.0);
  printf("                 heap peak during discovery +%.1f MB = %.0f B per node (pool, buffers, "
         "records in flight, graph)%s\n", (double)mem->heap_peak / 1048576.0,
         (double)mem->heap_peak / nodes, mem != r ? ",\n                 sampled after every "
         "page in a second replayed run" : "");
  printf("                 graph kept %.1f MB = %.0f B per node (nodes, edges, indexes, strings, "
         "malloc headers)\n", (double)r->graph_heap / 1048576.0, (double)r->graph_heap / nodes);
  printf("                 of which strings %.1f MB; beyond strings %.0f B per node   "
         "goal < 2048: %s\n", (double)r->string_bytes / 1048576.0, beyond / nodes,
         verdict(beyond / nodes < 2048));
}

static const char *yes_no(int v) {
  return v < 0 ? "unknown (JSON export failed)" : v ? "yes" : "NO";
}

static void report_replay(const struct options *o, const struct run *r, const struct run *mem,
                          const cp_result *calls, const struct replay_check *c) {
  printf("\nlibawsmap awsmap_discover() through the replay proxy [measured]: %s\n",
         awsmap_status_name(r->status));
  printf("  method         the emulator's own answers, recorded in a 0 ms pass (every request "
         "SigV4-verified by\n                 the emulator), replayed from memory %ld ms after "
         "each request; the critical path\n                 comes from the emulator's log of "
         "the recording pass; wall and CPU from a run\n                 without heap sampling, "
         "the heap peak from a second replayed run with it\n", o->latency_ms);
  printf("  replay check   recording pass %ld requests (emulator log %zu), %ld distinct "
         "answers (%.1f MB), %ld upstream errors;\n                 timed run %ld hits, %ld "
         "misses; sampled run %ld hits, %ld misses -> %s\n", c->recording.requests, c->logged,
         c->recording.recorded, c->recording.recorded_bytes / 1048576.0,
         c->recording.upstream_errors, c->timed.hits, c->timed.misses, c->sampled.hits,
         c->sampled.misses, c->valid ? "same request set" : "MISMATCH");
  printf("  graph identical: %s (%zu bytes of JSON, timed run against the recording pass; "
         "sampled run: %s)\n", yes_no(c->timed_identical), c->json_len,
         yes_no(c->sampled_identical));
  if (!c->valid)
    printf("  *** REPLAY CHECK FAILED: the measured runs did not repeat the recording pass; the "
           "wall/critical\n  *** verdict is INVALID (see the misses on stderr) ***\n");
  report_run(o, r, mem, calls, c->valid);
  double requests = c->timed.requests > 0 ? (double)c->timed.requests : 1;
  /* The proxy's own getrusage, read after the recording pass and after the timed run. */
  double user = c->timed.user_s - c->recording.user_s, sys = c->timed.sys_s - c->recording.sys_s;
  printf("  proxy          %.3f s CPU during the timed run (user %.3f + sys %.3f = %.1f us per "
         "request;\n                 its own process), %ld connections at most; emulator CPU "
         "%.3f s (not contacted)\n", user + sys, user, sys, 1e6 * (user + sys) / requests,
         c->timed.max_connections, r->emulator_cpu_s);
  printf("                 answers started %.2f ms after their deadline on average (%.2f ms at "
         "most),\n                 fully written %.2f ms after it (%.2f ms at most: includes "
         "the client reading slowly)\n", c->timed.late_us_avg / 1e3, c->timed.late_us_max / 1e3,
         c->timed.written_us_avg / 1e3, c->timed.written_us_max / 1e3);
  printf("  heap sampling  the sampled run took %.3f s wall, %.3f s of it in mallinfo2()\n",
         mem->wall_s, mem->sample_cpu_s);
  const struct transport_floor *t = &c->transport;
  double t_cpu = t->user_s + t->sys_s, cpu = r->user_s + r->sys_s - r->sample_cpu_s;
  double k_inst = r->instances ? (double)r->instances / 1000.0 : 1;
  printf("  transport floor the same %ld requests again through bare libcurl (transport_floor.c:\n"
         "                 %u thread(s), a multi handle and epoll each, %u in flight, answers "
         "dropped: no signing,\n                 decoding or graph; all known at the start, so "
         "its wall is no bound for a discovery's):\n                 wall %.3f s, CPU %.3f s "
         "(user %.3f + sys %.3f) = %.4f s per 1,000 instances;\n                 %ld failed, "
         "%ld proxy misses, %.1f MB received\n", t->requests, o->floor_threads,
         o->in_flight / o->floor_threads * o->floor_threads,
         t->wall_s, t_cpu, t->user_s, t->sys_s, t_cpu / k_inst, t->failed,
         c->transport_stats.misses, t->bytes / 1048576.0);
  if (o->floor_threads == 1) /* the discovery ran on one thread */
    printf("                 libawsmap's own work on top of it: %.3f s CPU = %.4f s per 1,000 "
           "instances\n", cpu - t_cpu, (cpu - t_cpu) / k_inst);
  const struct transport_floor *f = &c->follow_ups;
  if (!f->requests) {
    printf("  follow-ups     none recorded (no load balancer, target group or bucket needed "
           "one): no bound\n");
    return;
  }
  double lat = (double)o->latency_ms / 1000.0, bound = lat + f->wall_s;
  printf("  follow-ups     the %ld follow-up requests alone, the same way (each waits for an "
         "earlier answer,\n                 so none can be sent before the first answers arrive, "
         "%ld ms in): wall %.3f s, CPU %.3f s\n                 -> with %u in flight on this "
         "transport no discovery ends before %ld ms + %.3f s\n                    = %.3f s = "
         "%.2fx the critical path, before any decoding or graph work\n", f->requests,
         o->latency_ms, f->wall_s, f->user_s + f->sys_s,
         o->in_flight / o->floor_threads * o->floor_threads, o->latency_ms, f->wall_s,
         bound, bound / ((double)calls->critical * lat));
}

static void report_direct(const struct options *o, const struct run *r, const cp_result *calls,
                          const struct run *floor_run, const struct replay_check *c) {
  printf("\nlibawsmap awsmap_discover() directly against the Python emulator [for comparison]: "
         "%s\n", awsmap_status_name(r->status));
  printf("  (the emulator's own processing shares the client's cores and bounds the wall time;\n"
         "  heap sampled after every page during this run, as before the replay proxy)\n");
  if (c->direct_identical >= 0)
    printf("  graph identical to the recording pass's: %s\n", yes_no(c->direct_identical));
  report_run(o, r, r, calls, 1);
  if (floor_run)
    printf("  0 ms latency   %.3f s wall, %.3f s client CPU (same discovery, latency off: the "
           "emulator's and client's processing floor)\n", floor_run->wall_s,
           floor_run->user_s + floor_run->sys_s - floor_run->sample_cpu_s);
  printf("  emulator CPU   %.3f s during the run (%.0f%% of the wall)", r->emulator_cpu_s,
         100.0 * r->emulator_cpu_s / r->wall_s);
  if (floor_run)
    printf("; %.3f s at 0 ms latency", floor_run->emulator_cpu_s);
  printf("\n");
}

static void report_boto3(const struct options *o, const cp_result *calls, const struct run *direct,
                         const struct run *replayed, const boto3_result *b, int boto3_ok) {
  printf("\nboto3 baseline (tests/emulator/baseline/boto3_discover.py, sequential paginators, "
         "directly against the emulator)\n");
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
  if (direct) {
    printf("  speedup        %.1fx over the direct run   goal >= 10x: %s\n", est / direct->wall_s,
           verdict(est / direct->wall_s >= 10));
    if (replayed)
      printf("                 (%.1fx over the replayed run; boto3 itself ran against the Python "
             "emulator)\n",
             est / replayed->wall_s);
  } else if (replayed) {
    printf("  speedup        %.1fx over the replayed run (no direct run: --no-direct)\n",
           est / replayed->wall_s);
  }
  if (b->instances)
    printf("  boto3 CPU      %.3f s = %.3f s per 1,000 instances (script process, measured part)\n",
           b->cpu_seconds, b->cpu_seconds / ((double)b->instances / 1000.0));
}

/* ---- main ------------------------------------------------------------- */

static int usage(void) {
  fprintf(stderr, "usage: bench_discover [--quick] [--scale N] [--latency MS] [--in-flight N]\n"
                  "                      [--boto3 full|subset|none] [--no-floor] [--no-direct]\n"
                  "                      [--stock-emulator] [--floor-threads N]\n");
  return 2;
}

static int parse_args(int argc, char **argv, struct options *o) {
  *o = (struct options){.scale = 20000, .latency_ms = 50, .in_flight = 512, .floor_threads = 1,
                        .boto3 = BOTO3_SUBSET, .floor = 1, .direct = 1};
  int boto3_set = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--quick")) {
      o->quick = 1;
    } else if (!strcmp(a, "--no-floor")) {
      o->floor = 0;
    } else if (!strcmp(a, "--no-direct")) {
      o->direct = 0;
    } else if (!strcmp(a, "--stock-emulator")) {
      o->stock_emulator = 1;
    } else if (!strcmp(a, "--scale") && v) {
      o->scale = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--latency") && v) {
      o->latency_ms = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--in-flight") && v) {
      o->in_flight = (unsigned)strtoul(argv[++i], NULL, 10);
    } else if (!strcmp(a, "--floor-threads") && v) {
      o->floor_threads = (unsigned)strtoul(argv[++i], NULL, 10);
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
  if (!o->direct)
    o->floor = 0; /* the floor is a direct run too */
  if (o->scale < 1 || o->latency_ms < 1 || o->in_flight < 1 || o->floor_threads < 1 ||
      o->floor_threads > 16)
    return -1;
  return 0;
}

/* The emulator's call log since the last reset, analysed. */
static int analyse_log(struct emu *emu, cp_result *calls) {
  char *log = emu_get(emu, "/_emu/calls");
  int rc = log ? cp_analyse(log, calls) : -1;
  free(log);
  if (rc == 0 && calls->critical == 0) {
    fprintf(stderr, "bench_discover: the call log holds no request\n");
    rc = -1;
  }
  return rc;
}

/* One run through the proxy in replay mode; *identical says whether its
 * graph's JSON is the recording pass's. */
static int replay_run(struct replay_proxy *proxy, pid_t emulator, const struct options *o,
                      int sample_heap, const awsmap_buf *recorded, struct run *r,
                      struct replay_stats *st, int *identical, size_t *json_len) {
  awsmap_buf *json = NULL;
  int rc = -1;
  if (replay_proxy_configure(proxy, "replay", o->latency_ms) == 0 &&
      run_discovery(proxy->url, emulator, o, sample_heap, r, &json) == 0 &&
      replay_proxy_stats(proxy, st) == 0)
    rc = 0;
  *identical = same_json(recorded, json);
  if (json_len)
    *json_len = json ? awsmap_buf_len(json) : 0;
  awsmap_buf_free(json);
  return rc;
}

static int replay_ok(const struct replay_check *c, const struct replay_stats *st, int identical,
                     const char *which) {
  int ok = st->misses == 0 && st->hits == c->recording.requests && identical == 1;
  if (!ok)
    fprintf(stderr, "bench_discover: REPLAY CHECK FAILED (%s run): %ld hits + %ld misses for the "
                    "recording pass's %ld requests; graph identical: %s\n", which, st->hits,
            st->misses, c->recording.requests, yes_no(identical));
  return ok;
}

/* The transport floor and the follow-up floor (transport_floor.h): 1 when
 * both replayed the recording, 0 when not, -1 when they could not run. */
static int run_floors(struct replay_proxy *proxy, const struct options *o,
                      struct replay_check *c) {
  printf("transport floor: the recorded requests through bare libcurl, %ld ms latency...\n",
         o->latency_ms);
  if (replay_proxy_configure(proxy, "replay", o->latency_ms) != 0 ||
      transport_floor_run(proxy->url, o->in_flight, o->floor_threads, NULL, &c->transport) != 0 ||
      replay_proxy_stats(proxy, &c->transport_stats) != 0)
    return -1;
  const char *actions[16] = {0};
  for (size_t i = 0; i < awsmap__plan_follow_count && i + 1 < AWSMAP__ARRAY_LEN(actions); i++)
    actions[i] = strchr(awsmap__plan_follows[i].operation, ':') + 1; /* "elbv2:X" -> "X" */
  printf("the follow-up requests alone, the same way...\n");
  if (replay_proxy_configure(proxy, "replay", o->latency_ms) != 0 ||
      transport_floor_run(proxy->url, o->in_flight, o->floor_threads, actions,
                          &c->follow_ups) != 0)
    return -1;
  int ok = !c->transport.failed && !c->transport_stats.misses &&
           c->transport_stats.hits == c->recording.recorded && !c->follow_ups.failed;
  if (!ok)
    fprintf(stderr, "bench_discover: REPLAY CHECK FAILED (transport floor): %ld + %ld failed, "
                    "%ld hits, %ld misses for %ld recorded answers\n", c->transport.failed,
            c->follow_ups.failed, c->transport_stats.hits, c->transport_stats.misses,
            c->recording.recorded);
  return ok;
}

/* Recording pass, then the timed run and the heap-sampled run through the
 * proxy in replay mode, then the floors. */
static int run_replayed(struct emu *emu, struct replay_proxy *proxy, const struct options *o,
                        struct run *timed, struct run *sampled, cp_result *calls,
                        struct replay_check *c, awsmap_buf **recorded_json) {
  struct run recording;
  printf("recording pass through the replay proxy at %s (emulator latency 0)...\n", proxy->url);
  if (set_latency(emu, 0) != 0 ||
      run_discovery(proxy->url, emu->pid, o, 0, &recording, recorded_json) != 0 ||
      replay_proxy_stats(proxy, &c->recording) != 0 || analyse_log(emu, calls) != 0)
    return -1;
  c->logged = calls->requests + calls->failed;
  printf("timed run: replaying with %ld ms latency...\n", o->latency_ms);
  if (replay_run(proxy, emu->pid, o, 0, *recorded_json, timed, &c->timed, &c->timed_identical,
                 &c->json_len) != 0)
    return -1;
  printf("same, sampling the heap after every page...\n");
  if (replay_run(proxy, emu->pid, o, 1, *recorded_json, sampled, &c->sampled,
                 &c->sampled_identical, NULL) != 0)
    return -1;
  int floor_ok = run_floors(proxy, o, c);
  if (floor_ok < 0)
    return -1;
  c->valid = c->recording.upstream_errors == 0 && (size_t)c->recording.requests == c->logged;
  if (!c->valid)
    fprintf(stderr, "bench_discover: REPLAY CHECK FAILED: the proxy forwarded %ld requests (%ld "
                    "failed), the emulator logged %zu\n", c->recording.requests,
            c->recording.upstream_errors, c->logged);
  c->valid &= replay_ok(c, &c->timed, c->timed_identical, "timed");
  c->valid &= replay_ok(c, &c->sampled, c->sampled_identical, "heap-sampled");
  c->valid &= floor_ok;
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
  struct replay_proxy proxy = {0};
  long generated = 0;
  if (start_emulator(&emu, &o, &generated) != 0) {
    awsmap_global_cleanup();
    return 1;
  }
  int rc = 1;
  struct run replayed, sampled, direct, floor_run;
  cp_result calls, direct_calls;
  struct replay_check check = {.timed_identical = -1, .sampled_identical = -1,
                              .direct_identical = -1};
  awsmap_buf *recorded_json = NULL, *direct_json = NULL;
  boto3_result b;
  int boto3_ok = 0;

  printf("emulator up at %s with %ld resources; max in flight %u\n", emu_url(&emu), generated,
         o.in_flight);
  if (replay_proxy_start(&proxy, emu_url(&emu)) != 0 ||
      run_replayed(&emu, &proxy, &o, &replayed, &sampled, &calls, &check, &recorded_json) != 0)
    goto out;
  replay_proxy_stop(&proxy);

  if (o.direct) {
    printf("direct run against the emulator with %ld ms latency...\n", o.latency_ms);
    if (set_latency(&emu, o.latency_ms) != 0 ||
        run_discovery(emu_url(&emu), emu.pid, &o, 1, &direct, &direct_json) != 0 ||
        analyse_log(&emu, &direct_calls) != 0)
      goto out;
    check.direct_identical = same_json(recorded_json, direct_json);
  }
  if (o.floor) {
    printf("same discovery with 0 ms latency (processing floor)...\n");
    if (set_latency(&emu, 0) != 0 ||
        run_discovery(emu_url(&emu), emu.pid, &o, 1, &floor_run, NULL) != 0)
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

  printf("\nlibawsmap discovery benchmark (GitHub issue 7)%s\n", o.quick ? " -- QUICK mode" : "");
  printf("  emulator     %ld generated resources (--scale %ld), %zu regions, %ld ms latency per "
         "request%s\n", generated, o.scale, REGION_COUNT, o.latency_ms,
         o.stock_emulator ? " (stock emulator: +~40 ms Nagle delay per kept-alive response)"
                          : ", emulator sockets TCP_NODELAY (nodelay/sitecustomize.py)");
  printf("  client       max_in_flight %u, page size = each API's maximum, static credentials\n",
         o.in_flight);
  report_replay(&o, &replayed, &sampled, &calls, &check);
  if (o.direct)
    report_direct(&o, &direct, &direct_calls, o.floor ? &floor_run : NULL, &check);
  if (o.boto3 != BOTO3_NONE)
    report_boto3(&o, o.direct ? &direct_calls : &calls, o.direct ? &direct : NULL, &replayed, &b,
                 boto3_ok);
  rc = check.valid ? 0 : 3;
out:
  replay_proxy_stop(&proxy);
  awsmap_buf_free(recorded_json);
  awsmap_buf_free(direct_json);
  emu_stop(&emu);
  awsmap_global_cleanup();
  return rc;
}
