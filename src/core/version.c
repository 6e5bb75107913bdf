#include "core/core.h"

const char *awsmap_version(void) { return AWSMAP_VERSION_STRING; }

unsigned int awsmap_version_num(void) { return AWSMAP_VERSION_NUM; }
