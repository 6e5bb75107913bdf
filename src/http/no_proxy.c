/* Which hosts a credential request must reach without a proxy.
 *
 * The instance metadata service (169.254.169.254, [fd00:ec2::254]), the ECS and
 * EKS container endpoints (169.254.170.2, 169.254.170.23, [fd00:ec2::23]) and
 * loopback full URIs are on the machine or its link: a proxy is never the way
 * there, and sending it the IMDS token PUT or a container Authorization token
 * would hand credentials to whoever runs the proxy. Public hosts (the SSO
 * portal) stay with the user's proxy settings. */
#include "http/internal.h"

#include <arpa/inet.h>
#include <string.h>

static bool ipv4_is_local(const unsigned char a[4]) {
  return a[0] == 127 ||                 /* 127.0.0.0/8 loopback */
         (a[0] == 169 && a[1] == 254);  /* 169.254.0.0/16 link-local: IMDS, ECS, EKS */
}

static bool ipv6_is_local(const unsigned char a[16]) {
  static const unsigned char loopback[16] = {[15] = 1};
  static const unsigned char v4_mapped[12] = {[10] = 0xff, [11] = 0xff};
  if (memcmp(a, loopback, 16) == 0)
    return true;                                   /* ::1 */
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
    return true;                                   /* fe80::/10 link-local */
  if (a[0] == 0xfd && a[1] == 0x00 && a[2] == 0x0e && a[3] == 0xc2)
    return true;                                   /* fd00:ec2::/32: IMDS and EKS over IPv6 */
  if (memcmp(a, v4_mapped, 12) == 0)
    return ipv4_is_local(a + 12);                  /* ::ffff:169.254.169.254 */
  return false;
}

/* host as curl_url() gives it: IPv6 in brackets (zone id separate), IPv4 normalised. */
static bool host_is_local(const char *host) {
  char h[256];
  size_t n = strlen(host);
  if (n == 0 || n >= sizeof h)
    return false;
  memcpy(h, host, n + 1);
  if (h[0] == '[' && h[n - 1] == ']') {
    h[n - 1] = '\0';
    char *zone = strchr(h + 1, '%');
    if (zone)
      *zone = '\0';
    unsigned char a6[16];
    return inet_pton(AF_INET6, h + 1, a6) == 1 && ipv6_is_local(a6);
  }
  unsigned char a4[4];
  if (inet_pton(AF_INET, h, a4) == 1)
    return ipv4_is_local(a4);
  if (h[n - 1] == '.') /* "localhost." is localhost */
    h[--n] = '\0';
  /* curl answers localhost and *.localhost itself, with loopback addresses */
  return awsmap__strcasecmp(h, "localhost") == 0 ||
         (n > 10 && awsmap__strcasecmp(h + n - 10, ".localhost") == 0);
}

awsmap_status awsmap__http_url_is_local(const char *url, bool *local) {
  *local = false;
  CURLU *u = curl_url();
  if (!u)
    return awsmap__error_nomem("http_perform");
  char *host = NULL;
  awsmap_status st = AWSMAP_OK;
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host)
    st = awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "http_perform", "bad URL: no host");
  else
    *local = host_is_local(host);
  curl_free(host);
  curl_url_cleanup(u);
  return st;
}
