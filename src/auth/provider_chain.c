/* chain: the first link that yields credentials wins. A link that is not
 * configured here (AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) passes to the next;
 * a configured link that fails stops the chain, as in the SDKs, so a broken
 * profile is reported instead of silently falling through to IMDS. */
#include "auth/auth.h"

#include <stdio.h>
#include <string.h>

typedef struct chain {
  size_t count;
  awsmap_credentials_provider *links[];
} chain;

static awsmap_status chain_fetch(void *impl, awsmap_credentials **out) {
  chain *ch = impl;
  /* Each link's reason gets an equal share of the error message. */
  char tried[sizeof awsmap__error_tls()->message] = "";
  size_t used = 0, share = (sizeof tried - 64) / (ch->count ? ch->count : 1);
  for (size_t i = 0; i < ch->count; i++) {
    awsmap_credentials_provider *link = ch->links[i];
    awsmap__error_clear();
    awsmap_status st = awsmap__provider_fetch(link, out);
    if (st == AWSMAP_OK) {
      AWSMAP__DEBUG("auth", "credentials from %s", awsmap_credentials_provider_name(link));
      return AWSMAP_OK;
    }
    const awsmap_error *e = awsmap__error_tls();
    if (st != AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) {
      awsmap__error_prefix("%s: ", awsmap_credentials_provider_name(link));
      return st;
    }
    int n = snprintf(tried + used, sizeof tried - used, "%s%s: %.*s", used ? "; " : "",
                     awsmap_credentials_provider_name(link),
                     (int)(share > 24 ? share - 24 : 0), e->message);
    if (n > 0)
      used += (size_t)n < sizeof tried - used ? (size_t)n : sizeof tried - used - 1;
  }
  awsmap__error_clear();
  return awsmap__error_set(AWSMAP_ERR_CREDENTIALS_UNAVAILABLE, "credentials",
                           "no credentials found (%s)", tried);
}

static void chain_destroy(void *impl) {
  chain *ch = impl;
  if (!ch)
    return;
  for (size_t i = 0; i < ch->count; i++)
    awsmap_credentials_provider_release(ch->links[i]);
  awsmap__free(ch);
}

static const awsmap__provider_vtable CHAIN_VT = {chain_fetch, chain_destroy};

awsmap_status awsmap__provider_chain_new(awsmap_credentials_provider **out,
                                         awsmap_credentials_provider *const *providers, size_t count,
                                         const char *name) {
  if (!out || !providers || count == 0 || count > 64)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "chain provider",
                             "a chain needs an out pointer and 1 to 64 providers");
  for (size_t i = 0; i < count; i++)
    if (!providers[i])
      return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "chain provider", "provider %zu is NULL", i);
  chain *ch = awsmap__calloc(1, sizeof *ch + count * sizeof ch->links[0]);
  if (!ch)
    return awsmap__error_nomem("chain provider");
  ch->count = count;
  for (size_t i = 0; i < count; i++)
    ch->links[i] = awsmap_credentials_provider_acquire(providers[i]);
  return awsmap__provider_new(out, &CHAIN_VT, name, ch);
}

awsmap_status awsmap_credentials_provider_chain_new(awsmap_credentials_provider **out,
                                                    awsmap_credentials_provider *const *providers,
                                                    size_t count) {
  awsmap__error_clear();
  return awsmap__provider_chain_new(out, providers, count, "chain");
}
