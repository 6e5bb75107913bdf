/* The smallest real program against an installed libawsmap: it checks that
 * the headers it was built with match the library it runs with. */
#include <awsmap/awsmap.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  if (awsmap_global_init() != AWSMAP_OK)
    return 1;
  int ok = awsmap_version_num() == AWSMAP_VERSION_NUM &&
           strcmp(awsmap_version(), AWSMAP_VERSION_STRING) == 0 &&
           strcmp(awsmap_status_name(AWSMAP_ERR_ACCESS_DENIED), "AWSMAP_ERR_ACCESS_DENIED") == 0;
  printf("libawsmap %s (%s)\n", awsmap_version(), ok ? "headers match" : "MISMATCH");
  awsmap_global_cleanup();
  return ok ? 0 : 1;
}
