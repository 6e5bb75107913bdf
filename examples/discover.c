/*
 * awsmap-discover: map an AWS account into a graph and write it as JSON or
 * Graphviz DOT.
 *
 *   awsmap-discover [--profile P] [--region R ... | [--region R] --all-regions]
 *                   [--services ec2,rds,elb,elbv2,s3] [--role-arn ARN --external-id ID]
 *                   [--endpoint-url URL] [--format json|dot] [-o FILE]
 *                   [--json FILE] [--dot FILE] [--concurrency N] [--page-size N]
 *
 * Credentials come from the default chain (environment, web identity, shared
 * files, container, instance metadata), or from --profile. With --role-arn the
 * role is assumed first (with --external-id when its trust policy requires one),
 * which is how a read-only cross-account role is used.
 *
 * Exit status: 0 success, 3 partial (some services or regions could not be
 * read; the output lists them), 1 failure, 2 usage error.
 */
#include <awsmap/awsmap.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_PARTIAL 3
#define EXIT_USAGE 2
#define MAX_REGIONS 64

struct args {
  const char *profile, *role_arn, *external_id, *session_name, *endpoint_url;
  const char *format, *output, *json_path, *dot_path, *services;
  const char *regions[MAX_REGIONS];
  size_t region_count;
  int all_regions, verbose, quiet;
  unsigned long concurrency, page_size;
};

static void usage(FILE *to) {
  fprintf(to,
          "usage: awsmap-discover [options]\n"
          "Maps an AWS account into a graph of its components (read-only calls only).\n\n"
          "credentials:\n"
          "  --profile P            use profile P from ~/.aws/config and ~/.aws/credentials\n"
          "  --role-arn ARN         assume this role first (e.g. a read-only cross-account role)\n"
          "  --external-id ID       the External ID the role's trust policy requires\n"
          "  --role-session-name N  session name for --role-arn (default awsmap-<time>)\n"
          "what to read:\n"
          "  --region R             a region to read; repeatable (default: AWS_REGION,\n"
          "                         AWS_DEFAULT_REGION, the profile's region, us-east-1)\n"
          "  --all-regions          every region enabled for the account (listed from\n"
          "                         --region R when given: a role limited to some regions)\n"
          "  --services LIST        comma-separated: ec2,rds,elb,elbv2,s3 (default all)\n"
          "output:\n"
          "  --format json|dot      format for -o or standard output (default json)\n"
          "  -o, --output FILE      write there instead of standard output\n"
          "  --json FILE            also write the JSON graph to FILE\n"
          "  --dot FILE             also write the Graphviz DOT diagram to FILE\n"
          "connection:\n"
          "  --endpoint-url URL     send every call there (a local or private endpoint)\n"
          "  --concurrency N        requests in flight at once (default 32)\n"
          "  --page-size N          results per page (default: each API's maximum)\n"
          "  -v, --verbose          log requests and retries to standard error\n"
          "  -q, --quiet            no progress line and no summary\n"
          "  -h, --help             this text\n\n"
          "exit status: 0 success, 3 partial (see the errors in the output), 1 failure,\n"
          "2 usage error\n");
}

/* Lower-case letters, digits and dashes, 1-63 of them: what a region name can be. */
static int region_name_ok(const char *r) {
  size_t n = strlen(r);
  if (n == 0 || n > 63)
    return 0;
  for (const char *p = r; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return 0;
  return 1;
}

static int parse_count(const char *name, const char *text, unsigned long max, unsigned long *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(text, &end, 10);
  if (errno || *end || !*text || v == 0 || v > max) {
    fprintf(stderr, "awsmap-discover: %s must be a number from 1 to %lu, not '%s'\n", name, max,
            text);
    return -1;
  }
  *out = v;
  return 0;
}

static int parse_args(int argc, char **argv, struct args *a) {
  enum { PROFILE = 256, REGION, ALL_REGIONS, SERVICES, ROLE_ARN, EXTERNAL_ID, SESSION_NAME,
         ENDPOINT, FORMAT, JSON, DOT, CONCURRENCY, PAGE_SIZE };
  static const struct option OPTIONS[] = {
      {"profile", required_argument, NULL, PROFILE},
      {"region", required_argument, NULL, REGION},
      {"all-regions", no_argument, NULL, ALL_REGIONS},
      {"services", required_argument, NULL, SERVICES},
      {"role-arn", required_argument, NULL, ROLE_ARN},
      {"external-id", required_argument, NULL, EXTERNAL_ID},
      {"role-session-name", required_argument, NULL, SESSION_NAME},
      {"endpoint-url", required_argument, NULL, ENDPOINT},
      {"format", required_argument, NULL, FORMAT},
      {"output", required_argument, NULL, 'o'},
      {"json", required_argument, NULL, JSON},
      {"dot", required_argument, NULL, DOT},
      {"concurrency", required_argument, NULL, CONCURRENCY},
      {"page-size", required_argument, NULL, PAGE_SIZE},
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "o:vqh", OPTIONS, NULL)) != -1) {
    switch (c) {
    case PROFILE: a->profile = optarg; break;
    case REGION:
      if (a->region_count == MAX_REGIONS) {
        fprintf(stderr, "awsmap-discover: at most %d --region options\n", MAX_REGIONS);
        return -1;
      }
      a->regions[a->region_count++] = optarg;
      break;
    case ALL_REGIONS: a->all_regions = 1; break;
    case SERVICES: a->services = optarg; break;
    case ROLE_ARN: a->role_arn = optarg; break;
    case EXTERNAL_ID: a->external_id = optarg; break;
    case SESSION_NAME: a->session_name = optarg; break;
    case ENDPOINT: a->endpoint_url = optarg; break;
    case FORMAT: a->format = optarg; break;
    case 'o': a->output = optarg; break;
    case JSON: a->json_path = optarg; break;
    case DOT: a->dot_path = optarg; break;
    case CONCURRENCY:
      if (parse_count("--concurrency", optarg, 1024, &a->concurrency) != 0)
        return -1;
      break;
    case PAGE_SIZE:
      if (parse_count("--page-size", optarg, 100000, &a->page_size) != 0)
        return -1;
      break;
    case 'v': a->verbose = 1; break;
    case 'q': a->quiet = 1; break;
    case 'h': usage(stdout); exit(0);
    default: return -1;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "awsmap-discover: unexpected argument '%s'\n", argv[optind]);
    return -1;
  }
  if (a->format && strcmp(a->format, "json") != 0 && strcmp(a->format, "dot") != 0) {
    fprintf(stderr, "awsmap-discover: --format must be json or dot, not '%s'\n", a->format);
    return -1;
  }
  if (a->external_id && !a->role_arn) {
    fprintf(stderr, "awsmap-discover: --external-id needs --role-arn\n");
    return -1;
  }
  if (a->all_regions && a->region_count > 1) {
    fprintf(stderr, "awsmap-discover: with --all-regions, one --region at most (where to list "
                    "the regions from)\n");
    return -1;
  }
  for (size_t i = 0; i < a->region_count; i++)
    if (!region_name_ok(a->regions[i])) {
      fprintf(stderr, "awsmap-discover: --region '%s' is not a region name (like eu-west-1)\n",
              a->regions[i]);
      return -1;
    }
  const char *named[][2] = {{"--profile", a->profile}, {"--endpoint-url", a->endpoint_url},
                            {"--role-arn", a->role_arn}, {"--external-id", a->external_id},
                            {"--role-session-name", a->session_name}};
  for (size_t i = 0; i < sizeof named / sizeof *named; i++)
    if (named[i][1] && !*named[i][1]) {
      fprintf(stderr, "awsmap-discover: %s is empty\n", named[i][0]);
      return -1;
    }
  return 0;
}

static void log_to_stderr(awsmap_log_level level, const char *subsystem, const char *message,
                          void *userdata) {
  (void)userdata;
  fprintf(stderr, "[%s] %s: %s\n", awsmap_log_level_str(level), subsystem, message);
}

static int progress(size_t done, size_t queued, size_t resources, const char *region,
                    const char *service, void *userdata) {
  (void)userdata;
  fprintf(stderr, "\r\033[K%zu requests done, %zu pending, %zu resources  %s %s", done, queued,
          resources, region, service);
  return 0;
}

static void fail(const char *what) {
  const awsmap_error *e = awsmap_error_last();
  fprintf(stderr, "awsmap-discover: %s: %s\n", what, awsmap_error_message(e));
}

/* Credentials: the default chain or a profile, then the role when asked. */
static awsmap_status make_provider(const struct args *a, awsmap_credentials_provider **out) {
  awsmap_credentials_provider *base = NULL;
  awsmap_status st;
  if (a->profile) {
    awsmap_profile_options po = AWSMAP_PROFILE_OPTIONS_INIT;
    po.profile = a->profile;
    po.endpoint_url = a->endpoint_url;
    st = awsmap_credentials_provider_profile_new(&base, &po);
  } else {
    awsmap_default_chain_options dc = AWSMAP_DEFAULT_CHAIN_OPTIONS_INIT;
    dc.endpoint_url = a->endpoint_url;
    st = awsmap_credentials_provider_default_new(&base, &dc);
  }
  if (st != AWSMAP_OK || !a->role_arn) {
    *out = base;
    return st;
  }
  awsmap_assume_role_options ar = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  ar.role_arn = a->role_arn;
  ar.external_id = a->external_id;
  ar.role_session_name = a->session_name;
  ar.endpoint_url = a->endpoint_url;
  if (a->region_count)
    ar.region = a->regions[0];
  st = awsmap_credentials_provider_assume_role_new(out, base, &ar);
  awsmap_credentials_provider_release(base); /* the role provider holds its own reference */
  return st;
}

/* Whether path can be written (its directory, and the file if it exists):
 * asked before discovering, so a typo costs no discovery. */
static int check_writable(const char *path) {
  if (!path || strcmp(path, "-") == 0)
    return 0;
  char dir[4096];
  const char *slash = strrchr(path, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
           slash ? path : ".");
  if (access(dir, W_OK | X_OK) != 0 || (access(path, F_OK) == 0 && access(path, W_OK) != 0)) {
    fprintf(stderr, "awsmap-discover: cannot write %s: %s\n", path, strerror(errno));
    return -1;
  }
  return 0;
}

/* Writes a file whole or not at all: into "<path>.tmp" first, then renamed
 * over path, so a failed run never leaves a truncated graph behind. */
static int write_file(const char *path, const awsmap_buf *text) {
  bool out = strcmp(path, "-") == 0;
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = out ? stdout : fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "awsmap-discover: cannot write %s: %s\n", tmp, strerror(errno));
    return -1;
  }
  size_t n = fwrite(awsmap_buf_data(text), 1, awsmap_buf_len(text), f);
  int bad = n != awsmap_buf_len(text);
  bad |= (out ? fflush(f) : fclose(f)) != 0;
  if (!out && !bad)
    bad = rename(tmp, path) != 0;
  if (bad) {
    fprintf(stderr, "awsmap-discover: writing %s failed: %s\n", path, strerror(errno));
    if (!out)
      unlink(tmp);
  }
  return bad ? -1 : 0;
}

static int export_to(const awsmap_graph *g, const char *format, const char *path) {
  awsmap_buf *text = NULL;
  awsmap_status st = strcmp(format, "dot") == 0 ? awsmap_graph_to_dot(g, &text)
                                                 : awsmap_graph_to_json(g, &text);
  if (st != AWSMAP_OK) {
    fail("export");
    return -1;
  }
  int rc = write_file(path, text);
  awsmap_buf_free(text);
  return rc;
}

/* Resources by type, then every failed call: one screen for the demo account. */
static void summary(const awsmap_graph *g) {
  size_t n = awsmap_graph_node_count(g);
  const char *seen[128];
  size_t types = 0;
  for (size_t i = 0; i < n && types < 128; i++) {
    const char *t = awsmap_graph_node_type(g, i);
    size_t j = 0;
    while (j < types && strcmp(seen[j], t) != 0)
      j++;
    if (j == types)
      seen[types++] = t;
  }
  fprintf(stderr, "%zu resources, %zu relationships", n, awsmap_graph_edge_count(g));
  for (size_t a = 0; a < awsmap_graph_account_count(g); a++)
    fprintf(stderr, "%s account %s", a ? "," : " in", awsmap_graph_account_at(g, a));
  fprintf(stderr, "\n");
  for (size_t j = 0; j < types; j++)
    fprintf(stderr, "  %-28s %zu\n", seen[j], awsmap_graph_type_count(g, seen[j]));
  for (size_t e = 0; e < awsmap_graph_error_count(g); e++) {
    const awsmap_error *err = awsmap_graph_error_at(g, e);
    fprintf(stderr, "  not read: %s in %s: %s\n", awsmap_graph_error_service(g, e),
            awsmap_graph_error_region(g, e), awsmap_error_message(err));
  }
}

int main(int argc, char **argv) {
  struct args a = {0};
  if (parse_args(argc, argv, &a) != 0) {
    usage(stderr);
    return EXIT_USAGE;
  }
  unsigned int services = AWSMAP_SERVICE_ALL;
  if (a.services && awsmap_service_parse(a.services, &services) != AWSMAP_OK) {
    fprintf(stderr, "awsmap-discover: %s\n", awsmap_error_message(awsmap_error_last()));
    return EXIT_USAGE;
  }
  if (check_writable(a.output) || check_writable(a.json_path) || check_writable(a.dot_path))
    return EXIT_USAGE;
  if (awsmap_global_init() != AWSMAP_OK) {
    fail("initialisation");
    return EXIT_FAILURE;
  }
  if (a.verbose)
    awsmap_log_set(AWSMAP_LOG_DEBUG, log_to_stderr, NULL);

  int rc = EXIT_FAILURE;
  awsmap_credentials_provider *provider = NULL;
  awsmap_client *client = NULL;
  awsmap_graph *graph = NULL;
  if (make_provider(&a, &provider) != AWSMAP_OK) {
    fail("credentials");
    goto done;
  }
  awsmap_client_options co = AWSMAP_CLIENT_OPTIONS_INIT;
  co.endpoint_url = a.endpoint_url;
  co.max_in_flight = (unsigned int)a.concurrency;
  co.page_size = (unsigned int)a.page_size;
  if (a.region_count)
    co.region = a.regions[0];
  else if (a.profile) /* the profile's region, as `aws --profile P` takes it */
    setenv("AWS_PROFILE", a.profile, 1);
  if (awsmap_client_new(&client, provider, &co) != AWSMAP_OK) {
    fail("client");
    goto done;
  }

  awsmap_discover_options opts = AWSMAP_DISCOVER_OPTIONS_INIT;
  opts.regions = a.regions;
  opts.region_count = a.region_count;
  opts.all_regions = a.all_regions;
  opts.services = services;
  int tty = isatty(STDERR_FILENO) && !a.quiet && !a.verbose;
  if (tty)
    opts.progress = progress;
  awsmap_status st = awsmap_discover(&graph, client, &opts);
  if (tty)
    fprintf(stderr, "\r\033[K");
  if (st != AWSMAP_OK && st != AWSMAP_ERR_PARTIAL) {
    fail("discovery");
    goto done;
  }

  const char *format = a.format ? a.format : "json";
  int written = 0;
  if (a.json_path && export_to(graph, "json", a.json_path) != 0)
    goto done;
  if (a.dot_path && export_to(graph, "dot", a.dot_path) != 0)
    goto done;
  written = a.json_path || a.dot_path;
  /* -o, or standard output when nothing else was asked for or --format was */
  if ((a.output || !written || a.format) &&
      export_to(graph, format, a.output ? a.output : "-") != 0)
    goto done;
  if (!a.quiet)
    summary(graph);
  rc = st == AWSMAP_ERR_PARTIAL ? EXIT_PARTIAL : EXIT_SUCCESS;

done:
  awsmap_graph_free(graph);
  awsmap_client_free(client);
  awsmap_credentials_provider_release(provider);
  awsmap_global_cleanup();
  return rc;
}
