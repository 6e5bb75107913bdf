/*
 * awsmap-whoami: which AWS identity would libawsmap use?
 *
 * Resolves credentials the way libawsmap does for discovery - the SDKs'
 * default chain, a named profile, or an assumed role with an External ID on
 * top of either - calls STS GetCallerIdentity with them, and prints the
 * account, the ARN and the provider that supplied the credentials.
 *
 *   awsmap-whoami
 *   awsmap-whoami --profile dev
 *   awsmap-whoami --role-arn arn:aws:iam::222222222222:role/AuditRole --external-id ext-7f3a9c
 *   awsmap-whoami --endpoint-url http://127.0.0.1:4566    # a local emulator or private endpoint
 *
 * Exit status: 0 on success, 1 when credentials or the call fail, 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>

#include <awsmap/awsmap.h>
#include <awsmap/client.h>
#include <awsmap/services.h>

static void usage(FILE *out) {
  fputs("usage: awsmap-whoami [--profile NAME] [--role-arn ARN [--external-id ID]\n"
        "                     [--session-name NAME]] [--region REGION] [--endpoint-url URL]\n"
        "\n"
        "Resolves AWS credentials (default chain, or --profile), optionally assumes\n"
        "--role-arn with --external-id, calls STS GetCallerIdentity and prints the\n"
        "account, the ARN and the credentials provider.\n"
        "\n"
        "  --profile NAME       use this profile of ~/.aws/config and ~/.aws/credentials\n"
        "  --role-arn ARN       assume this role with the resolved credentials\n"
        "  --external-id ID     the External ID the role's trust policy requires\n"
        "  --session-name NAME  role session name (default awsmap-<time>)\n"
        "  --region REGION      STS region (default AWS_REGION, else us-east-1)\n"
        "  --endpoint-url URL   send every AWS call there (e.g. a local emulator)\n"
        "  --help               this text\n",
        out);
}

typedef struct identity {
  char account[32];
  char arn[512];
  char user_id[256];
} identity;

static int on_record(const awsmap_record *rec, void *userdata) {
  identity *id = userdata;
  const char *v;
  if ((v = awsmap_record_get(rec, "Account")))
    snprintf(id->account, sizeof id->account, "%s", v);
  if ((v = awsmap_record_get(rec, "Arn")))
    snprintf(id->arn, sizeof id->arn, "%s", v);
  if ((v = awsmap_record_get(rec, "UserId")))
    snprintf(id->user_id, sizeof id->user_id, "%s", v);
  return 0;
}

static int fail(const char *what) {
  const awsmap_error *e = awsmap_error_last();
  const char *provider = awsmap_error_provider(e);
  fprintf(stderr, "awsmap-whoami: %s: %s%s%s%s\n", what, awsmap_error_message(e),
          provider ? " [provider " : "", provider ? provider : "", provider ? "]" : "");
  return 1;
}

int main(int argc, char **argv) {
  const char *profile = NULL, *role_arn = NULL, *external_id = NULL, *session = NULL;
  const char *region = NULL, *endpoint = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--profile") == 0       ? &profile
                        : strcmp(a, "--role-arn") == 0     ? &role_arn
                        : strcmp(a, "--external-id") == 0  ? &external_id
                        : strcmp(a, "--session-name") == 0 ? &session
                        : strcmp(a, "--region") == 0       ? &region
                        : strcmp(a, "--endpoint-url") == 0 ? &endpoint
                                                           : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    }
    if (!slot || i + 1 >= argc) {
      fprintf(stderr, "awsmap-whoami: %s %s\n", slot ? "missing value for" : "unknown option", a);
      usage(stderr);
      return 2;
    }
    *slot = argv[++i];
  }
  if (external_id && !role_arn) {
    fputs("awsmap-whoami: --external-id needs --role-arn\n", stderr);
    return 2;
  }
  if (awsmap_global_init() != AWSMAP_OK)
    return fail("initialisation");

  int rc = 1;
  awsmap_credentials_provider *base = NULL, *provider = NULL;
  awsmap_client *client = NULL;
  awsmap_credentials *creds = NULL;
  identity id = {"", "", ""};

  awsmap_default_chain_options chain = AWSMAP_DEFAULT_CHAIN_OPTIONS_INIT;
  chain.profile = profile;
  chain.endpoint_url = endpoint;
  chain.region = region;
  if (awsmap_credentials_provider_default_new(&base, &chain) != AWSMAP_OK) {
    fail("credentials");
    goto done;
  }
  provider = awsmap_credentials_provider_acquire(base);
  if (role_arn) {
    awsmap_assume_role_options ar = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
    ar.role_arn = role_arn;
    ar.external_id = external_id;
    ar.role_session_name = session;
    ar.region = region;
    ar.endpoint_url = endpoint;
    awsmap_credentials_provider_release(provider);
    provider = NULL;
    if (awsmap_credentials_provider_assume_role_new(&provider, base, &ar) != AWSMAP_OK) {
      fail("assume role");
      goto done;
    }
  }
  /* Resolve first, so a credentials problem is reported as such. */
  if (awsmap_credentials_provider_get(provider, &creds) != AWSMAP_OK) {
    fail("credentials");
    goto done;
  }
  awsmap_client_options opts = AWSMAP_CLIENT_OPTIONS_INIT;
  opts.region = region;
  opts.endpoint_url = endpoint;
  if (awsmap_client_new(&client, provider, &opts) != AWSMAP_OK) {
    fail("client");
    goto done;
  }
  if (awsmap_client_call(client, "sts:GetCallerIdentity", NULL, NULL, on_record, &id) != AWSMAP_OK) {
    fail("sts GetCallerIdentity");
    goto done;
  }
  printf("Account:  %s\n", id.account);
  printf("Arn:      %s\n", id.arn);
  printf("UserId:   %s\n", id.user_id);
  printf("Provider: %s\n", awsmap_credentials_source(creds));
  rc = 0;
done:
  awsmap_credentials_release(creds);
  awsmap_client_free(client);
  awsmap_credentials_provider_release(provider);
  awsmap_credentials_provider_release(base);
  awsmap_global_cleanup();
  return rc;
}
