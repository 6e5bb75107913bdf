/**
 * @file awsmap/awsmap.h
 * @brief Umbrella header: includes every public libawsmap header.
 *
 * Conventions that hold for the whole API:
 * - Every symbol starts with `awsmap_` (macros `AWSMAP_`); nothing else is exported.
 * - Fallible functions return ::awsmap_status and clear, then set, the
 *   thread's detailed error (awsmap_error_last()).
 * - Out-parameters come first. Strings passed in are copied. Returned `const`
 *   pointers are borrowed from a named parent object. Whatever the caller
 *   owns is released with a named `awsmap_..._free()` function, never `free()`.
 *   Every `_free` accepts NULL.
 * - Secrets are zeroed when freed and never logged.
 */
#ifndef AWSMAP_AWSMAP_H
#define AWSMAP_AWSMAP_H

#include <awsmap/export.h>
#include <awsmap/version.h>
#include <awsmap/status.h>
#include <awsmap/log.h>
#include <awsmap/buf.h>
#include <awsmap/global.h>
#include <awsmap/credentials.h>
#include <awsmap/record.h>
#include <awsmap/sigv4.h>
#include <awsmap/client.h>
#include <awsmap/services.h>
#include <awsmap/graph.h>
#include <awsmap/discover.h>

#endif /* AWSMAP_AWSMAP_H */
