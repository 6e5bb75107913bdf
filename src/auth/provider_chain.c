/* chain: the first link that yields credentials wins. A link that is not
 * configured here (AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) passes to the next;
 * a configured link that fails stops the chain, as in the SDKs, so a broken
 * profile is reported instead of silently falling through to IMDS. */
#include "auth/auth.h"

#include <stdio.h>
#include <stdbool.h>
#include <string.h>

typedef struct chain {
  size_t count;
  awsmap_credentials_provider *links[];
} chain;

/* "name: reason; name: reason ..." into out (cap bytes). When the reasons do
 * not all fit, the short ones stay whole and the long ones share what is
 * left, each cut at a character and marked "...". */
static void join_reasons(char *out, size_t cap, const char *const *names,
                         char (*reasons)[sizeof awsmap__error_tls()->message], size_t n) {
  size_t room = cap - 1, fixed = 0, open = 0, budget;
  for (size_t i = 0; i < n; i++)
    fixed += strlen(names[i]) + 2 + (i ? 2 : 0); /* "name: " and "; " */
  room = room > fixed ? room - fixed : 0;
  bool done[16] = {false};
  for (size_t pass = 0, changed = 1; changed && pass < n; pass++) { /* water-filling */
    changed = 0, open = 0;
    for (size_t i = 0; i < n; i++)
      open += !done[i];
    budget = open ? room / open : 0;
    for (size_t i = 0; i < n; i++)
      if (!done[i] && strlen(reasons[i]) <= budget) {
        done[i] = true, changed = 1;
        room -= strlen(reasons[i]);
      }
  }
  open = 0;
  for (size_t i = 0; i < n; i++)
    open += !done[i];
  budget = open ? room / open : 0;
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n && used < cap - 1; i++) {
    size_t keep = done[i] ? strlen(reasons[i]) : budget > 3 ? budget - 3 : 0;
    keep = awsmap__utf8_cut(reasons[i], keep);
    int w = snprintf(out + used, cap - used, "%s%s: %.*s%s", i ? "; " : "", names[i], (int)keep,
                     reasons[i], done[i] ? "" : "...");
    used += w > 0 ? (size_t)w : 0;
  }
}

static awsmap_status chain_fetch(void *impl, awsmap_credentials **out) {
  chain *ch = impl;
  size_t n = ch->count < 16 ? ch->count : 16; /* every reason, up to 16 links */
  char(*reasons)[sizeof awsmap__error_tls()->message] = awsmap__calloc(n ? n : 1, sizeof *reasons);
  const char *names[16];
  if (!reasons)
    return awsmap__error_nomem("credentials");
  for (size_t i = 0; i < ch->count; i++) {
    awsmap_credentials_provider *link = ch->links[i];
    awsmap__error_clear();
    awsmap_status st = awsmap__provider_fetch(link, out);
    if (st == AWSMAP_OK) {
      AWSMAP__DEBUG("auth", "credentials from %s", awsmap_credentials_provider_name(link));
      awsmap__free(reasons);
      return AWSMAP_OK;
    }
    if (st != AWSMAP_ERR_CREDENTIALS_UNAVAILABLE) {
      awsmap__error_prefix("%s: ", awsmap_credentials_provider_name(link));
      awsmap__free(reasons);
      return st;
    }
    if (i < n) {
      names[i] = awsmap_credentials_provider_name(link);
      snprintf(reasons[i], sizeof reasons[i], "%s", awsmap__error_tls()->message);
    }
  }
  char tried[sizeof awsmap__error_tls()->message - 32];
  join_reasons(tried, sizeof tried, names, reasons, n);
  awsmap__free(reasons);
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
