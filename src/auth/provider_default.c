/* default-chain: the SDKs' order - environment, web identity, the shared
 * files (static keys, SSO, credential_process, assume role), container,
 * IMDS - behind one cache. An explicit profile skips the environment keys,
 * as `aws --profile` does. */
#include "auth/auth.h"

awsmap_status awsmap_default_chain_options_init(awsmap_default_chain_options *opts, unsigned int version) {
  awsmap__error_clear();
  if (!opts || version != AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "default-chain", "unknown options version %u", version);
  awsmap_default_chain_options init = AWSMAP_DEFAULT_CHAIN_OPTIONS_INIT;
  *opts = init;
  return AWSMAP_OK;
}

awsmap_status awsmap_credentials_provider_default_new(awsmap_credentials_provider **out,
                                                      const awsmap_default_chain_options *opts) {
  awsmap__error_clear();
  awsmap_default_chain_options defaults = AWSMAP_DEFAULT_CHAIN_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (!out || opts->version != AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION)
    return awsmap__error_set(AWSMAP_ERR_INVALID_ARG, "default-chain",
                             "the default chain needs an out pointer and options of version %d",
                             AWSMAP_DEFAULT_CHAIN_OPTIONS_VERSION);
  awsmap_credentials_provider *links[5] = {NULL};
  size_t n = 0;
  awsmap_status st = AWSMAP_OK;
  if (!opts->profile || !*opts->profile)
    st = awsmap_credentials_provider_environment_new(&links[n++]);
  if (st == AWSMAP_OK) {
    awsmap_web_identity_options w = AWSMAP_WEB_IDENTITY_OPTIONS_INIT;
    w.region = opts->region;
    w.endpoint_url = opts->endpoint_url;
    st = awsmap__provider_web_identity_new(&links[n++], &w);
  }
  if (st == AWSMAP_OK) {
    awsmap_profile_options p = AWSMAP_PROFILE_OPTIONS_INIT;
    p.profile = opts->profile;
    p.region = opts->region;
    p.endpoint_url = opts->endpoint_url;
    st = awsmap__provider_profile_new(&links[n++], &p);
  }
  if (st == AWSMAP_OK)
    st = awsmap_credentials_provider_container_new(&links[n++]);
  if (st == AWSMAP_OK && !opts->disable_imds) {
    awsmap_imds_options i = AWSMAP_IMDS_OPTIONS_INIT;
    i.allow_v1 = opts->imds_allow_v1;
    st = awsmap_credentials_provider_imds_new(&links[n++], &i);
  }
  awsmap_credentials_provider *chain = NULL;
  if (st == AWSMAP_OK)
    st = awsmap__provider_chain_new(&chain, links, n, "default-chain");
  for (size_t i = 0; i < n; i++)
    awsmap_credentials_provider_release(links[i]);
  if (st != AWSMAP_OK)
    return st;
  return awsmap__provider_cached_wrap(out, chain, 0);
}
