/* Endpoint resolution: which host serves a service in a region (partitions, FIPS, dual-stack,
 * overrides) and how an S3 bucket is addressed. Hostnames follow the AWS endpoint rule sets. */
#include "http/internal.h"

#include <string.h>

typedef struct partition {
  const char *prefix;    /* region prefix that selects it; "" = the default partition */
  const char *suffix;    /* DNS suffix */
  const char *ds_suffix; /* dual-stack DNS suffix */
  bool fips_is_plain;    /* GovCloud: the plain regional endpoints are already FIPS */
  const char *home;      /* where its account-wide calls go (S3 ListBuckets) */
} partition;

static const partition PARTITIONS[] = {
    {"cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn", false, "cn-north-1"},
    {"us-gov-", "amazonaws.com", "api.aws", true, "us-gov-west-1"},
    {"us-isob-", "sc2s.sgov.gov", "sc2s.sgov.gov", false, "us-isob-east-1"},
    {"us-iso-", "c2s.ic.gov", "c2s.ic.gov", false, "us-iso-east-1"},
    {"", "amazonaws.com", "api.aws", false, "us-east-1"},
};

static const partition *partition_of(const char *region) {
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(PARTITIONS); i++)
    if (awsmap__str_starts_with(region, PARTITIONS[i].prefix))
      return &PARTITIONS[i];
  return &PARTITIONS[AWSMAP__ARRAY_LEN(PARTITIONS) - 1];
}

const char *awsmap__endpoint_dns_suffix(const char *region) {
  return partition_of(region ? region : "")->suffix;
}

const char *awsmap__http_partition_home(const char *region) {
  return partition_of(region ? region : "")->home;
}

/* Services whose GovCloud FIPS endpoint is the plain regional host. */
static bool gov_fips_plain(const char *service) {
  return strcmp(service, "ec2") == 0 || strcmp(service, "rds") == 0 ||
         strcmp(service, "elasticloadbalancing") == 0 || strcmp(service, "sts") == 0;
}

static bool valid_label_chars(const char *s, bool allow_dot) {
  if (!s || !*s)
    return false;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (allow_dot && c == '.')))
      return false;
  }
  return true;
}

bool awsmap__s3_bucket_virtual_ok(const char *bucket) {
  if (!bucket)
    return false;
  size_t n = strlen(bucket);
  /* Dots would break the *.s3 wildcard certificate, so under TLS they force path-style;
   * uppercase and underscores are not valid in DNS names. */
  if (n < 3 || n > 63 || !valid_label_chars(bucket, false))
    return false;
  return bucket[0] != '-' && bucket[n - 1] != '-';
}

static awsmap_status host_for(const char *service, const char *region, bool fips, bool ds,
                              awsmap__buf *host) {
  bool global = strcmp(region, "aws-global") == 0;
  if (global && !fips && !ds && (strcmp(service, "sts") == 0 || strcmp(service, "s3") == 0))
    return awsmap__buf_printf(host, "%s.amazonaws.com", service);
  if (global)
    region = "us-east-1"; /* the global endpoints live there */
  const partition *p = partition_of(region);
  const char *fips_tag = fips ? "-fips" : "";
  if (strcmp(service, "s3") == 0)
    return awsmap__buf_printf(host, "s3%s.%s%s.%s", fips_tag, ds ? "dualstack." : "", region,
                              p->suffix);
  const char *name = strcmp(service, "sso") == 0 ? "portal.sso" : service;
  if (fips && !ds && p->fips_is_plain && gov_fips_plain(service))
    fips_tag = "";
  return awsmap__buf_printf(host, "%s%s.%s.%s", name, fips_tag, region,
                            ds ? p->ds_suffix : p->suffix);
}

static bool default_port(bool https, const char *port, size_t n) {
  return (https && n == 3 && memcmp(port, "443", 3) == 0) ||
         (!https && n == 2 && memcmp(port, "80", 2) == 0);
}

awsmap_status awsmap__endpoint_from_url(const char *url, awsmap__endpoint *ep) {
  static const char *OP = "endpoint";
  if (!url)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "endpoint URL missing");
  bool https = awsmap__str_starts_with(url, "https://");
  if (!https && !awsmap__str_starts_with(url, "http://"))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "endpoint URL %s: only http:// and https:// are allowed", url);
  const char *auth = url + (https ? 8 : 7);
  size_t auth_len = strcspn(auth, "/?#");
  const char *path = auth + auth_len;
  if (auth_len == 0 || memchr(auth, '@', auth_len) || strpbrk(path, "?#") ||
      strpbrk(url, " \t\r\n"))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP,
                             "endpoint URL %s: want scheme://host[:port][/path]", url);
  /* host, then an optional :port (IPv6 literals keep their brackets) */
  size_t host_len = auth_len;
  if (auth[0] == '[') {
    const char *close = memchr(auth, ']', auth_len);
    if (!close)
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "endpoint URL %s: bad IPv6 host", url);
    host_len = (size_t)(close - auth) + 1;
  } else {
    const char *colon = memchr(auth, ':', auth_len);
    if (colon)
      host_len = (size_t)(colon - auth);
  }
  const char *port = auth + host_len;
  size_t port_len = auth_len - host_len;
  if (port_len && (port[0] != ':' || port_len < 2 || port_len > 6 ||
                   strspn(port + 1, "0123456789") < port_len - 1))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "endpoint URL %s: bad port", url);
  size_t path_len = strlen(path);
  while (path_len && path[path_len - 1] == '/')
    path_len--;
  awsmap_status st = AWSMAP_OK;
  for (size_t i = 0; i < host_len && st == AWSMAP_OK; i++)
    st = awsmap__buf_putc(&ep->host, awsmap__tolower(auth[i]));
  if (st == AWSMAP_OK && port_len && !default_port(https, port + 1, port_len - 1))
    st = awsmap__buf_put(&ep->host, port, port_len);
  if (st == AWSMAP_OK)
    st = awsmap__buf_printf(&ep->base, "%s://%s%.*s", https ? "https" : "http",
                            awsmap__buf_cstr(&ep->host), (int)path_len, path);
  if (st == AWSMAP_OK)
    st = awsmap__buf_put(&ep->base_path, path, path_len);
  return st;
}

awsmap_status awsmap__endpoint_resolve(const awsmap__endpoint_options *o, const char *service,
                                       const char *region, const char *bucket,
                                       awsmap__endpoint *ep) {
  static const char *OP = "endpoint";
  if (!service || !valid_label_chars(service, false))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "bad service name");
  bool s3 = strcmp(service, "s3") == 0;
  bool has_bucket = s3 && bucket && *bucket;
  if (o && o->override_url) {
    awsmap_status st = awsmap__endpoint_from_url(o->override_url, ep);
    /* an overridden endpoint (a local emulator, a gateway) cannot be bucket.host */
    ep->bucket_in_path = has_bucket;
    return st;
  }
  if (!region || !valid_label_chars(region, false))
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, OP, "%s: bad or missing region \"%s\"",
                             service, region ? region : "");
  awsmap__buf host = AWSMAP__BUF_INIT;
  awsmap_status st = host_for(service, region, o && o->fips, o && o->dualstack, &host);
  bool virtual_host = has_bucket && !(o && o->s3_path_style) && awsmap__s3_bucket_virtual_ok(bucket);
  if (st == AWSMAP_OK && virtual_host)
    st = awsmap__buf_printf(&ep->host, "%s.%s", bucket, host.ptr);
  else if (st == AWSMAP_OK)
    st = awsmap__buf_puts(&ep->host, host.ptr);
  if (st == AWSMAP_OK)
    st = awsmap__buf_printf(&ep->base, "https://%s", ep->host.ptr);
  ep->bucket_in_path = has_bucket && !virtual_host;
  awsmap__buf_dispose(&host);
  return st;
}

void awsmap__endpoint_dispose(awsmap__endpoint *ep) {
  if (!ep)
    return;
  awsmap__buf_dispose(&ep->base);
  awsmap__buf_dispose(&ep->host);
  awsmap__buf_dispose(&ep->base_path);
  ep->bucket_in_path = false;
}
