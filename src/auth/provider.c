/* The provider handle: a name, a reference count and a vtable over an impl. */
#include "auth/auth.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

struct awsmap_credentials_provider {
  atomic_int refs;
  const awsmap__provider_vtable *vt;
  void *impl;
  char name[64];
};

awsmap_status awsmap__provider_new(awsmap_credentials_provider **out,
                                   const awsmap__provider_vtable *vt, const char *name,
                                   void *impl) {
  awsmap_credentials_provider *p = awsmap__calloc(1, sizeof *p);
  if (!p) {
    vt->destroy(impl);
    return awsmap__error_nomem("credentials provider");
  }
  atomic_init(&p->refs, 1);
  p->vt = vt;
  p->impl = impl;
  snprintf(p->name, sizeof p->name, "%s", name ? name : "provider");
  *out = p;
  return AWSMAP_OK;
}

void *awsmap__provider_impl(const awsmap_credentials_provider *p) { return p ? p->impl : NULL; }

awsmap_status awsmap__provider_fetch(awsmap_credentials_provider *p, awsmap_credentials **out) {
  awsmap_credentials *c = NULL;
  awsmap_status st = p->vt->fetch(p->impl, &c);
  if (st != AWSMAP_OK) {
    if (!awsmap_error_provider(awsmap__error_tls()))
      awsmap__error_set_provider(p->name);
    return st;
  }
  *out = c;
  return AWSMAP_OK;
}

awsmap_status awsmap_credentials_provider_get(awsmap_credentials_provider *p,
                                              awsmap_credentials **out) {
  awsmap__error_clear();
  if (!p || !out)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "credentials provider",
                             "awsmap_credentials_provider_get needs a provider and an out pointer");
  return awsmap__provider_fetch(p, out);
}

awsmap_credentials_provider *awsmap_credentials_provider_acquire(awsmap_credentials_provider *p) {
  if (p)
    atomic_fetch_add(&p->refs, 1);
  return p;
}

void awsmap_credentials_provider_release(awsmap_credentials_provider *p) {
  if (p && atomic_fetch_sub(&p->refs, 1) == 1) {
    p->vt->destroy(p->impl);
    awsmap__free(p);
  }
}

const char *awsmap_credentials_provider_name(const awsmap_credentials_provider *p) {
  return p ? p->name : "";
}
