/**
 * @file awsmap/discover.h
 * @brief Discovery: from an account's credentials to its component graph.
 *
 * awsmap_discover() asks STS who the credentials belong to, then runs every
 * describe call of every selected region and service concurrently through
 * one connection pool (bounded by the client's in-flight limit), feeds each
 * record to the relationship resolver as it arrives, and returns the graph.
 * Only read-only actions are called; see README.md for the list.
 *
 * Partial failure is data: when the credentials may not read a service, or a
 * region fails after retries, discovery keeps everything else, records the
 * failure in the graph (awsmap_graph_error_count()) and returns
 * ::AWSMAP_ERR_PARTIAL together with the graph. A malformed answer that
 * leaves a resource without its ID skips that resource only, recorded the
 * same way (::AWSMAP_ERR_PARSE, one error per call saying how many).
 */
#ifndef AWSMAP_DISCOVER_H
#define AWSMAP_DISCOVER_H

#include <stddef.h>
#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/client.h>
#include <awsmap/graph.h>

AWSMAP_BEGIN_DECLS

/** @brief Services discovery can read; combine with `|`. */
typedef enum awsmap_service {
  AWSMAP_SERVICE_EC2 = 1 << 0,   /**< EC2 and VPC networking. */
  AWSMAP_SERVICE_RDS = 1 << 1,   /**< RDS instances, clusters, subnet groups. */
  AWSMAP_SERVICE_ELB = 1 << 2,   /**< Classic load balancers. */
  AWSMAP_SERVICE_ELBV2 = 1 << 3, /**< Application and network load balancers. */
  AWSMAP_SERVICE_S3 = 1 << 4,    /**< S3 buckets. */
  AWSMAP_SERVICE_ALL = 0x1f      /**< Every service above. */
} awsmap_service;

/**
 * @brief Receives progress while discovery runs.
 * @param[in] requests_done   Requests (pages) completed so far, across all chains.
 * @param[in] requests_queued Requests known to be still waiting or in flight.
 * @param[in] resources       Records received so far.
 * @param[in] region          The region of the page that just completed.
 * @param[in] operation       Its operation, e.g. "ec2:DescribeInstances".
 * @param[in] userdata        As given in the options.
 * @return 0 to continue; non-zero cancels discovery (::AWSMAP_ERR_CANCELLED).
 *
 * Called on the thread that called awsmap_discover(), after each page. The
 * strings are valid only during the call.
 */
typedef int (*awsmap_progress_fn)(size_t requests_done, size_t requests_queued,
                                  size_t resources, const char *region,
                                  const char *operation, void *userdata);

/** @brief Version of ::awsmap_discover_options this header describes. */
#define AWSMAP_DISCOVER_OPTIONS_VERSION 1

/**
 * @brief What to discover. Initialise with ::AWSMAP_DISCOVER_OPTIONS_INIT or
 *        awsmap_discover_options_init(); fields are only ever appended.
 */
typedef struct awsmap_discover_options {
  unsigned int version;            /**< ::AWSMAP_DISCOVER_OPTIONS_VERSION. */
  const char *const *regions;      /**< Regions to read, or NULL: the client's region. */
  size_t region_count;             /**< Entries in @ref regions. */
  int all_regions;                 /**< Non-zero: every region enabled for the account
                                        (EC2 DescribeRegions); overrides @ref regions. */
  unsigned int services;           /**< ::awsmap_service bits; 0 means all. */
  awsmap_progress_fn progress;     /**< Optional progress callback. */
  void *progress_userdata;         /**< Passed to @ref progress; not owned. */
} awsmap_discover_options;

/** @brief Static initialiser: the client's region, every service, no progress. */
#define AWSMAP_DISCOVER_OPTIONS_INIT {AWSMAP_DISCOVER_OPTIONS_VERSION, NULL, 0, 0, 0, NULL, NULL}

/**
 * @brief Initialises @p opts to the defaults of ::AWSMAP_DISCOVER_OPTIONS_INIT.
 * @param[out] opts    The options to initialise.
 * @param[in]  version ::AWSMAP_DISCOVER_OPTIONS_VERSION.
 * @return ::AWSMAP_OK, or ::AWSMAP_ERR_INVALID_ARG for a NULL @p opts or an
 *         unknown @p version.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_discover_options_init(awsmap_discover_options *opts,
                                                      unsigned int version);

/**
 * @brief Discovers one account: everything its credentials can read.
 *
 * @param[out] out    Receives the graph (free it with awsmap_graph_free())
 *                    on ::AWSMAP_OK and ::AWSMAP_ERR_PARTIAL; NULL otherwise.
 * @param[in]  client The client: credentials provider, endpoints, retries,
 *                    in-flight limit and page size.
 * @param[in]  opts   What to discover, or NULL for the defaults.
 * @return ::AWSMAP_OK; ::AWSMAP_ERR_PARTIAL when some service or region
 *         failed (the graph lists why); or the failure that stopped discovery
 *         before any resource could be read: ::AWSMAP_ERR_CREDENTIALS_UNAVAILABLE,
 *         ::AWSMAP_ERR_AUTH, ::AWSMAP_ERR_ACCESS_DENIED (STS itself refused),
 *         ::AWSMAP_ERR_CANCELLED, ::AWSMAP_ERR_NETWORK, ::AWSMAP_ERR_INVALID_ARG, ...
 *         with details in awsmap_error_last().
 * @note One thread at a time per client; awsmap_client_cancel() may be called
 *       from any thread to stop it. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_discover(awsmap_graph **out, awsmap_client *client,
                                         const awsmap_discover_options *opts);

/**
 * @brief Parses a comma-separated service list ("ec2,rds,elb,elbv2,s3" or "all").
 * @param[in]  list A list as a user would type it; case-insensitive.
 * @param[out] out  Receives the ::awsmap_service bits.
 * @return ::AWSMAP_OK, or ::AWSMAP_ERR_INVALID_ARG naming the unknown service.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_service_parse(const char *list, unsigned int *out);

AWSMAP_END_DECLS

#endif /* AWSMAP_DISCOVER_H */
