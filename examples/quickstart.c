/*
 * awsmap-quickstart: the README's example. Assumes a read-only role with an
 * External ID, discovers the account in one region and prints the graph as JSON.
 *
 *   awsmap-quickstart ROLE_ARN EXTERNAL_ID [REGION]
 *
 * The source credentials come from the default chain (environment, profile,
 * SSO, container, instance metadata). AWS_ENDPOINT_URL redirects every call,
 * e.g. to the bundled emulator.
 */
#include <awsmap/awsmap.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  bool help = argc > 1 && strcmp(argv[1], "--help") == 0;
  if (help || argc < 3) {
    fprintf(help ? stdout : stderr, "usage: %s ROLE_ARN EXTERNAL_ID [REGION]\n", argv[0]);
    return help ? 0 : 2;
  }
  awsmap_credentials_provider *source = NULL, *role = NULL;
  awsmap_client *client = NULL;
  awsmap_graph *graph = NULL;
  awsmap_buf *json = NULL;
  awsmap_assume_role_options ar = AWSMAP_ASSUME_ROLE_OPTIONS_INIT;
  ar.role_arn = argv[1];
  ar.external_id = argv[2];
  awsmap_client_options co = AWSMAP_CLIENT_OPTIONS_INIT;
  co.region = argc > 3 ? argv[3] : NULL;

  awsmap_status st = awsmap_global_init();
  if (!st) st = awsmap_credentials_provider_default_new(&source, NULL);
  if (!st) st = awsmap_credentials_provider_assume_role_new(&role, source, &ar);
  if (!st) st = awsmap_client_new(&client, role, &co);
  if (!st) st = awsmap_discover(&graph, client, NULL);
  if (st) /* before the export: every call clears the last error */
    fprintf(stderr, "%s: %s\n", awsmap_status_name(st), awsmap_error_message(awsmap_error_last()));
  if (graph && !awsmap_graph_to_json(graph, &json))
    fputs(awsmap_buf_data(json), stdout);

  awsmap_buf_free(json);
  awsmap_graph_free(graph);
  awsmap_client_free(client);
  awsmap_credentials_provider_release(role);
  awsmap_credentials_provider_release(source);
  awsmap_global_cleanup();
  return st == AWSMAP_OK ? 0 : st == AWSMAP_ERR_PARTIAL ? 3 : 1;
}
