/**
 * @file awsmap/graph.h
 * @brief The architecture graph: resources keyed by ARN, typed edges between
 *        them, partial failures, and exporters (JSON, Graphviz DOT).
 *
 * A graph is built from ::awsmap_record values (by discovery, or by the
 * caller with awsmap_graph_add_record()), then awsmap_graph_resolve() turns
 * the references inside the records into edges. After that, everything is
 * read through index-based accessors: nodes are numbered 0..count-1 in ARN
 * order, edges 0..count-1 in (from ARN, to ARN, kind) order, so indices and
 * exports are the same on every run for the same resources, whatever order
 * the records arrived in.
 *
 * @section graph_nodes Nodes
 * Each node has an ARN (the key), a type, a resource ID, a name (the `Name`
 * tag, else the service's own name, else the ID), account, region,
 * availability zone, status, tags, and properties (by name, sorted by key).
 * Where the API returns no ARN it is built in the AWS format, with the
 * partition taken from the region (`cn-*` -> `aws-cn`, `us-gov-*` ->
 * `aws-us-gov`, `us-iso-*` -> `aws-iso`, `us-isob-*` -> `aws-iso-b`, else
 * `aws`).
 *
 * | type                          | ARN                                                        | status from                    |
 * |-------------------------------|------------------------------------------------------------|--------------------------------|
 * | aws:account                   | arn:P:iam::ACCOUNT:root                                    | -                              |
 * | ec2:region                    | arn:P:awsmap:REGION:ACCOUNT:region/REGION (synthetic)      | OptInStatus                    |
 * | ec2:availability-zone         | arn:P:awsmap:REGION:ACCOUNT:availability-zone/ZONE (synth.)| State                          |
 * | ec2:vpc                       | arn:P:ec2:R:A:vpc/ID                                       | State                          |
 * | ec2:subnet                    | SubnetArn, else arn:P:ec2:R:A:subnet/ID                    | State                          |
 * | ec2:instance                  | arn:P:ec2:R:A:instance/ID                                  | State.Name, ec2:instance-status|
 * | ec2:volume                    | arn:P:ec2:R:A:volume/ID                                    | State                          |
 * | ec2:network-interface         | arn:P:ec2:R:A:network-interface/ID                         | Status                         |
 * | ec2:security-group            | arn:P:ec2:R:A:security-group/ID                            | -                              |
 * | ec2:internet-gateway          | arn:P:ec2:R:A:internet-gateway/ID                          | Attachments.State              |
 * | ec2:nat-gateway               | arn:P:ec2:R:A:natgateway/ID                                | State                          |
 * | ec2:route-table               | arn:P:ec2:R:A:route-table/ID                               | -                              |
 * | ec2:vpc-peering-connection    | arn:P:ec2:R:A:vpc-peering-connection/ID (requester's R, A) | Status.Code                    |
 * | ec2:vpc-endpoint              | arn:P:ec2:R:A:vpc-endpoint/ID                              | State                          |
 * | rds:db-instance               | DBInstanceArn, else arn:P:rds:R:A:db:NAME                  | DBInstanceStatus               |
 * | rds:db-cluster                | DBClusterArn, else arn:P:rds:R:A:cluster:NAME              | Status                         |
 * | rds:db-subnet-group           | DBSubnetGroupArn, else arn:P:rds:R:A:subgrp:NAME           | SubnetGroupStatus              |
 * | elb:load-balancer             | arn:P:elasticloadbalancing:R:A:loadbalancer/NAME           | -                              |
 * | elbv2:load-balancer           | LoadBalancerArn (ID: the part after "loadbalancer/")       | State.Code                     |
 * | elbv2:listener                | ListenerArn (name "PROTOCOL:PORT")                         | -                              |
 * | elbv2:target-group            | TargetGroupArn                                             | -                              |
 * | s3:bucket                     | arn:P:s3:(empty):(empty):BUCKET, region from BucketRegion or s3:bucket-location| -                              |
 * | ip                            | arn:P:awsmap:R:A:ip/VPC/ADDRESS (synthetic; IP targets)    | target health                  |
 *
 * Synthetic ARNs use the service name `awsmap`, which AWS never uses, so
 * they parse as ARNs and sort beside the account's real resources.
 * Resources referenced but never described (another account's security
 * group, a deleted instance, an unmodelled gateway type) become **stub
 * nodes**: awsmap_graph_node_external() returns 1, the ARN is built from what
 * the reference says (owner account and region when the reference names
 * them), and every edge to them is kept. Nothing is dropped silently.
 *
 * Properties (keys as listed; repeated fields are joined with ","):
 * instance: instance_type, image_id, platform, architecture, tenancy,
 * lifecycle, launch_time, private_ip, public_ip, instance_status,
 * system_status; volume: size_gib, volume_type, iops, throughput, encrypted;
 * network-interface: interface_type, private_ip, public_ip, description;
 * security-group: group_name, description; vpc: cidr, cidrs, is_default,
 * tenancy; subnet: cidr, zone_id, public_ip_on_launch, available_ips;
 * nat-gateway: connectivity, public_ip, private_ip; route-table: main;
 * vpc-peering-connection: requester_vpc, requester_owner, requester_region,
 * requester_cidr, accepter_vpc, accepter_owner, accepter_region,
 * accepter_cidr; vpc-endpoint: endpoint_type, service_name; db-instance:
 * db_class, engine, engine_version, storage_gib, storage_type, iops,
 * multi_az, endpoint, port, publicly_accessible, encrypted, license_model;
 * db-cluster: engine, engine_version, engine_mode, endpoint,
 * reader_endpoint, port, multi_az, storage_gib, storage_type; db-subnet-group:
 * description; elb: lb_type ("classic"), scheme, dns_name, listener_ports,
 * zones; elbv2 load balancer: lb_type, scheme, dns_name, ip_address_type;
 * listener: protocol, port, ssl_policy; target-group: protocol, port,
 * target_type, health_check_path, vpc_id; bucket: creation_date; region: endpoint;
 * availability-zone: zone_id, zone_type; account: caller_arn.
 *
 * @section graph_edges Edges and the resolver's rules
 * An edge has a direction (from -> to), a kind, and attributes. The resolver
 * is a table of rules (record type, field, target type, edge kind); every
 * reference is looked up in a hash map from (type, account, region, ID or
 * name) or ARN to node, so resolving is linear in the number of records.
 * References name the same account and region as the record unless the rule
 * takes owner/region from the record (marked *). EC2 resources (VPCs,
 * subnets, instances, ...: all but zones and regions) are found by region
 * and ID alone, since their IDs are unique across accounts: an instance in a
 * subnet that another account shares through RAM lands in the owner's
 * subnet node, as DescribeSubnets lists it (OwnerId).
 *
 * | record type               | field                                              | target                 | kind        | edge direction / attributes         |
 * |---------------------------|----------------------------------------------------|------------------------|-------------|-------------------------------------|
 * | (account context)         | -                                                  | ec2:region             | contains    | account -> region                   |
 * | (any zonal node)          | zone                                               | ec2:availability-zone  | contains    | region -> zone                      |
 * | (vpc, volume, igw, pcx, vpce, db-cluster, bucket, ...) | region                | ec2:region             | contains    | region -> node (no parent rule hit) |
 * | ec2:subnet                | VpcId                                              | ec2:vpc                | contains    | vpc -> subnet                       |
 * | ec2:instance              | SubnetId, else VpcId                               | ec2:subnet / ec2:vpc   | contains    | parent -> instance                  |
 * | ec2:network-interface     | SubnetId, else VpcId                               | ec2:subnet / ec2:vpc   | contains    | parent -> eni                       |
 * | ec2:nat-gateway           | SubnetId, else VpcId                               | ec2:subnet / ec2:vpc   | contains    | parent -> nat (zone from subnet)    |
 * | ec2:security-group        | VpcId                                              | ec2:vpc                | contains    | vpc -> sg                           |
 * | ec2:route-table           | VpcId                                              | ec2:vpc                | contains    | vpc -> route table                  |
 * | rds:db-instance           | DBSubnetGroup.Subnets.SubnetIdentifier in its zone, else DBSubnetGroup.VpcId | subnet / vpc | contains | parent -> db   |
 * | rds:db-subnet-group       | VpcId                                              | ec2:vpc                | contains    | vpc -> subnet group                 |
 * | elb:load-balancer         | VPCId                                              | ec2:vpc                | contains    | vpc -> lb                           |
 * | elbv2:load-balancer       | VpcId                                              | ec2:vpc                | contains    | vpc -> lb                           |
 * | elbv2:target-group        | VpcId                                              | ec2:vpc                | contains    | vpc -> target group                 |
 * | ec2:instance              | BlockDeviceMappings.Ebs.VolumeId                   | ec2:volume             | attached    | instance -> volume                  |
 * | ec2:volume                | Attachments.InstanceId                             | ec2:instance           | attached    | instance -> volume                  |
 * | ec2:network-interface     | Attachment.InstanceId                              | ec2:instance           | attached    | eni -> instance                     |
 * | ec2:instance              | NetworkInterfaces.NetworkInterfaceId               | ec2:network-interface  | attached    | eni -> instance                     |
 * | ec2:nat-gateway           | NatGatewayAddresses.NetworkInterfaceId             | ec2:network-interface  | attached    | eni -> nat                          |
 * | ec2:internet-gateway      | Attachments.VpcId                                  | ec2:vpc                | attached    | igw -> vpc                          |
 * | ec2:vpc-endpoint          | VpcId                                              | ec2:vpc                | attached    | vpce -> vpc                         |
 * | ec2:instance              | SecurityGroups.GroupId                             | ec2:security-group     | secured-by  | resource -> sg                      |
 * | ec2:network-interface     | Groups.GroupId                                     | ec2:security-group     | secured-by  | resource -> sg                      |
 * | ec2:vpc-endpoint          | Groups.GroupId                                     | ec2:security-group     | secured-by  | resource -> sg                      |
 * | rds:db-instance, rds:db-cluster | VpcSecurityGroups.VpcSecurityGroupId         | ec2:security-group     | secured-by  | resource -> sg                      |
 * | elb:load-balancer, elbv2:load-balancer | SecurityGroups                        | ec2:security-group     | secured-by  | resource -> sg                      |
 * | ec2:security-group        | IpPermissions.UserIdGroupPairs.GroupId (owner UserId*) | ec2:security-group | references  | sg -> sg; direction=ingress         |
 * | ec2:security-group        | IpPermissionsEgress.UserIdGroupPairs.GroupId (owner UserId*) | ec2:security-group | references | sg -> sg; direction=egress  |
 * | ec2:route-table           | Associations.SubnetId                              | ec2:subnet             | associated  | route table -> subnet               |
 * | ec2:route-table           | Routes.GatewayId, NatGatewayId, VpcPeeringConnectionId, InstanceId, NetworkInterfaceId, TransitGatewayId, EgressOnlyInternetGatewayId | by ID prefix (igw-, vpce-, nat-, pcx-, i-, eni-, tgw-, vgw-, eigw-) | routes-to | route table -> target; destination=CIDRs |
 * | ec2:vpc-endpoint          | RouteTableIds                                      | ec2:route-table        | associated  | vpce -> route table                 |
 * | ec2:vpc-endpoint          | SubnetIds                                          | ec2:subnet             | associated  | vpce -> subnet                      |
 * | ec2:vpc-peering-connection| RequesterVpcInfo.VpcId (OwnerId*, Region*)         | ec2:vpc                | connects    | pcx -> vpc; role=requester          |
 * | ec2:vpc-peering-connection| AccepterVpcInfo.VpcId (OwnerId*, Region*)          | ec2:vpc                | connects    | pcx -> vpc; role=accepter           |
 * | ec2:vpc-peering-connection| (computed from the two above)                      | ec2:vpc                | peering     | requester vpc -> accepter vpc; connection, status |
 * | elb:load-balancer         | Instances.InstanceId                               | ec2:instance           | target      | lb -> instance                      |
 * | elb:instance-health       | LoadBalancerName, InstanceId                       | (status record)        | target      | lb -> instance; health, reason      |
 * | elbv2:listener            | LoadBalancerArn                                    | elbv2:load-balancer    | listener    | lb -> listener                      |
 * | elbv2:listener            | DefaultActions.TargetGroupArn, DefaultActions.ForwardConfig.TargetGroups.TargetGroupArn | elbv2:target-group | forwards-to | listener -> target group |
 * | elbv2:target-health       | TargetGroupArn, Target.Id                          | instance, ip, lb, lambda (status record) | target | target group -> target; health, port, reason |
 * | rds:db-instance           | DBSubnetGroup.DBSubnetGroupName                    | rds:db-subnet-group    | uses        | db -> subnet group                  |
 * | rds:db-cluster            | DBSubnetGroup                                      | rds:db-subnet-group    | uses        | cluster -> subnet group             |
 * | rds:db-subnet-group       | Subnets.SubnetIdentifier                           | ec2:subnet             | includes    | subnet group -> subnet              |
 * | rds:db-instance           | DBClusterIdentifier                                | rds:db-cluster         | member-of   | db -> cluster                       |
 * | rds:db-cluster            | DBClusterMembers.DBInstanceIdentifier              | rds:db-instance        | member-of   | db -> cluster                       |
 * | s3:bucket-location        | Bucket, LocationConstraint                         | (status record)        | contains    | region -> bucket ("" = us-east-1, EU = eu-west-1) |
 * | ec2:instance-status       | InstanceId                                         | (status record)        | -           | instance status, instance_status, system_status |
 *
 * Status records (ec2:instance-status, elb:instance-health,
 * elbv2:target-health, s3:bucket-location) never create nodes of their own
 * kind: they update statuses and edge attributes (a target-health IP target
 * becomes an `ip` node). Records of other types are ignored. The same edge
 * found twice is kept once, its attributes merged.
 *
 * @section graph_json JSON schema, version 1
 * @code
 * {"format":"awsmap-graph","version":1,
 *  "accounts":[{"id":"111122223333","arn":"arn:aws:iam::111122223333:root"}, ...],
 *  "nodes":[{"arn":"...","type":"ec2:instance","id":"i-...","name":"...","account":"...",
 *            "region":"...","availability_zone":"...","status":"...","external":false,
 *            "tags":{"Name":"..."},"properties":{"instance_type":"m6i.large"}}, ...],
 *  "edges":[{"from":"<arn>","to":"<arn>","kind":"contains","attributes":{}}, ...],
 *  "errors":[{"account":"...","region":"...","service":"ec2","operation":"...",
 *             "status":"AWSMAP_ERR_ACCESS_DENIED","code":"...","http_status":403,
 *             "message":"...","request_id":"..."}, ...]}
 * @endcode
 * Every key is always present (strings may be ""); nodes are sorted by ARN,
 * edges by (from, to, kind), accounts by ID, errors by (account, region,
 * service, operation, message, then the other fields), object keys by name;
 * one node, edge, account or error per line. The same resources give byte-identical output. Readers
 * must ignore keys they do not know; a new key does not change "version".
 *
 * @section graph_dot Graphviz DOT
 * Nested clusters account > region > VPC > availability zone > subnet;
 * containment is drawn as nesting, never as edges. Load balancers, gateways
 * and endpoints sit in their VPC outside the zones; regional services (S3,
 * RDS clusters, unattached volumes) in the region outside the VPCs; stub
 * nodes in an "external" cluster. Attached volumes, network interfaces and
 * security groups are folded into their owner's label. Labels show name,
 * type and status, coloured per type; unhealthy states are red.
 *
 * @section graph_threads Threads
 * Building (add_record, resolve) is one thread at a time. After
 * awsmap_graph_resolve() (or awsmap_graph_load_json()) a graph that is no
 * longer modified is immutable and safe to share: every accessor and
 * exporter only reads.
 */
#ifndef AWSMAP_GRAPH_H
#define AWSMAP_GRAPH_H

#include <stddef.h>
#include <awsmap/export.h>
#include <awsmap/status.h>
#include <awsmap/buf.h>
#include <awsmap/record.h>

AWSMAP_BEGIN_DECLS

/** @brief A resource graph. Opaque. See @ref graph_threads. */
typedef struct awsmap_graph awsmap_graph;

/** @brief "No such node/edge": returned by index accessors when out of range. */
#define AWSMAP_GRAPH_NONE ((size_t)-1)

/** @brief Which edges of a node to walk. */
typedef enum awsmap_graph_direction {
  AWSMAP_GRAPH_OUT = 1,  /**< Edges leaving the node. */
  AWSMAP_GRAPH_IN = 2,   /**< Edges arriving at the node. */
  AWSMAP_GRAPH_BOTH = 3  /**< Both. */
} awsmap_graph_direction;

/* ---- building ------------------------------------------------------------ */

/**
 * @brief Creates an empty graph.
 * @param[out] out Receives the graph; free it with awsmap_graph_free().
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (@p out NULL), ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_new(awsmap_graph **out);

/**
 * @brief Frees a graph and everything borrowed from it.
 * @param[in] graph A graph, or NULL (does nothing). @since 0.1.0
 */
AWSMAP_API void awsmap_graph_free(awsmap_graph *graph);

/**
 * @brief Adds one record (e.g. from awsmap_client_call()), seen in an account and region.
 *
 * The record's contents are copied; it may be freed afterwards. A record for
 * an ARN already in the graph is merged into that node. Records of types the
 * graph does not model are ignored (::AWSMAP_OK).
 * @param[in,out] graph   The graph.
 * @param[in]     account The 12-digit account the record was read from; copied.
 * @param[in]     region  The region it was read from, e.g. "eu-west-1"; copied.
 * @param[in]     record  The record; borrowed for the call.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL argument, empty account or
 *         region, or a record without its ID field, e.g. an ec2:instance without
 *         InstanceId), ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_add_record(awsmap_graph *graph, const char *account,
                                                 const char *region,
                                                 const awsmap_record *record);

/**
 * @brief Builds the edges, stub nodes and indexes from every record added so far.
 *
 * Idempotent: each call rebuilds all edges from scratch, so it may be called
 * after every batch or once at the end. Node and edge indices are only
 * meaningful after it; adding a record invalidates them until the next call.
 * @param[in,out] graph The graph.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG, ::AWSMAP_ERR_NOMEM.
 * @note One thread at a time. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_resolve(awsmap_graph *graph);

/* ---- JSON and DOT ------------------------------------------------------------ */

/**
 * @brief Writes the graph as JSON (see @ref graph_json).
 * @param[in]  graph A resolved graph.
 * @param[out] out   Receives the text; free it with awsmap_buf_free().
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL, or records added since the
 *         last awsmap_graph_resolve()), ::AWSMAP_ERR_NOMEM.
 * @note Only reads @p graph. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_to_json(const awsmap_graph *graph, awsmap_buf **out);

/**
 * @brief Writes the graph as Graphviz DOT (see @ref graph_dot); render it
 *        with `dot -Tsvg`.
 * @param[in]  graph A resolved graph.
 * @param[out] out   Receives the text; free it with awsmap_buf_free().
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL, or records added since the
 *         last awsmap_graph_resolve()), ::AWSMAP_ERR_NOMEM.
 * @note Only reads @p graph. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_to_dot(const awsmap_graph *graph, awsmap_buf **out);

/**
 * @brief Reads a graph written by awsmap_graph_to_json(); exporting it again
 *        gives the same bytes. Unknown keys are ignored.
 * @param[out] out  Receives the resolved graph; free it with awsmap_graph_free().
 * @param[in]  json The text (need not be NUL-terminated); borrowed for the call.
 * @param[in]  len  Its length in bytes.
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_INVALID_ARG (NULL), ::AWSMAP_ERR_PARSE (not
 *         JSON, wrong "format" or "version", a missing or mistyped member, an
 *         edge naming an unknown node, and what no exported graph holds: a
 *         NUL character (escaped u0000) in a string, an edge from a node to
 *         itself, an empty edge attribute; the message says which and where),
 *         ::AWSMAP_ERR_NOMEM.
 * @note Thread-safe. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_load_json(awsmap_graph **out, const char *json,
                                                size_t len);

/* ---- nodes ------------------------------------------------------------------- */

/**
 * @brief The number of nodes.
 * @param[in] graph A graph, or NULL.
 * @return The count (0 for NULL). @note Only reads. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_count(const awsmap_graph *graph);

/**
 * @brief Finds a node by ARN.
 * @param[in]  graph A resolved graph.
 * @param[in]  arn   The ARN.
 * @param[out] index Receives the node index (AWSMAP_GRAPH_NONE when not found).
 * @return ::AWSMAP_OK, ::AWSMAP_ERR_NOT_FOUND, ::AWSMAP_ERR_INVALID_ARG (NULL argument).
 * @note Only reads @p graph. @since 0.1.0
 */
AWSMAP_API awsmap_status awsmap_graph_find_node(const awsmap_graph *graph, const char *arn,
                                                size_t *index);

/**
 * @brief The node's ARN.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph, or NULL when @p node is out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_arn(const awsmap_graph *graph, size_t node);
/**
 * @brief The node's type, e.g. "ec2:instance" (see @ref graph_nodes).
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_type(const awsmap_graph *graph, size_t node);
/**
 * @brief The resource ID, e.g. "i-0abc", a DB identifier or a bucket name.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_id(const awsmap_graph *graph, size_t node);
/**
 * @brief The display name: Name tag, else the service's name, else the ID.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_name(const awsmap_graph *graph, size_t node);
/**
 * @brief The owning account ID.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph ("" for global nodes), or NULL when out of range.
 * @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_account(const awsmap_graph *graph, size_t node);
/**
 * @brief The region, e.g. "eu-west-1".
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph ("" when none), or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_region(const awsmap_graph *graph, size_t node);
/**
 * @brief The availability zone, e.g. "eu-west-1a".
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph ("" when none), or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_availability_zone(const awsmap_graph *graph,
                                                           size_t node);
/**
 * @brief The status: instance state, DB status, LB state, target health, ...
 * @param[in] graph A graph. @param[in] node A node index.
 * @return Borrowed from @p graph ("" when none), or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_status(const awsmap_graph *graph, size_t node);
/**
 * @brief Whether the node is a stub: referenced, but not described by any record.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return 1 for a stub, 0 otherwise or when out of range. @since 0.1.0
 */
AWSMAP_API int awsmap_graph_node_external(const awsmap_graph *graph, size_t node);

/**
 * @brief The number of properties of a node.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return The count, 0 when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_property_count(const awsmap_graph *graph, size_t node);
/**
 * @brief The @p index-th property, in key order.
 * @param[in]  graph A graph. @param[in] node A node index.
 * @param[in]  index 0 .. awsmap_graph_node_property_count() - 1.
 * @param[out] key   Receives the key (borrowed), NULL when out of range; may be NULL.
 * @return The value, borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_property_at(const awsmap_graph *graph, size_t node,
                                                     size_t index, const char **key);
/**
 * @brief A property by key, e.g. "instance_type".
 * @param[in] graph A graph. @param[in] node A node index. @param[in] key The key.
 * @return The value, borrowed from @p graph, or NULL when absent. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_property(const awsmap_graph *graph, size_t node,
                                                  const char *key);
/**
 * @brief The number of tags of a node.
 * @param[in] graph A graph. @param[in] node A node index.
 * @return The count, 0 when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_tag_count(const awsmap_graph *graph, size_t node);
/**
 * @brief The @p index-th tag, in key order.
 * @param[in]  graph A graph. @param[in] node A node index.
 * @param[in]  index 0 .. awsmap_graph_node_tag_count() - 1.
 * @param[out] key   Receives the tag key (borrowed), NULL when out of range; may be NULL.
 * @return The value, borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_tag_at(const awsmap_graph *graph, size_t node,
                                                size_t index, const char **key);
/**
 * @brief A tag by key, e.g. "Name".
 * @param[in] graph A graph. @param[in] node A node index. @param[in] key The tag key.
 * @return The value, borrowed from @p graph, or NULL when absent. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_node_tag(const awsmap_graph *graph, size_t node,
                                             const char *key);

/**
 * @brief How many nodes have a type.
 * @param[in] graph A graph. @param[in] type A node type, e.g. "ec2:subnet".
 * @return The count (0 for an unknown type). @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_type_count(const awsmap_graph *graph, const char *type);
/**
 * @brief The @p index-th node of a type, in ARN order.
 * @param[in] graph A graph. @param[in] type A node type.
 * @param[in] index 0 .. awsmap_graph_type_count() - 1.
 * @return A node index, or AWSMAP_GRAPH_NONE when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_type_node_at(const awsmap_graph *graph, const char *type,
                                            size_t index);

/* ---- edges ------------------------------------------------------------------- */

/**
 * @brief The number of edges.
 * @param[in] graph A graph, or NULL.
 * @return The count (0 for NULL, and until awsmap_graph_resolve() after new records).
 * @note Only reads. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_edge_count(const awsmap_graph *graph);
/**
 * @brief The node an edge leaves.
 * @param[in] graph A graph. @param[in] edge An edge index.
 * @return A node index, or AWSMAP_GRAPH_NONE when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_edge_from(const awsmap_graph *graph, size_t edge);
/**
 * @brief The node an edge arrives at.
 * @param[in] graph A graph. @param[in] edge An edge index.
 * @return A node index, or AWSMAP_GRAPH_NONE when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_edge_to(const awsmap_graph *graph, size_t edge);
/**
 * @brief The edge kind, e.g. "contains", "attached", "routes-to" (see @ref graph_edges).
 * @param[in] graph A graph. @param[in] edge An edge index.
 * @return A string borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_edge_kind(const awsmap_graph *graph, size_t edge);
/**
 * @brief The number of attributes of an edge (health, port, destination, ...).
 * @param[in] graph A graph. @param[in] edge An edge index.
 * @return The count, 0 when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_edge_attribute_count(const awsmap_graph *graph, size_t edge);
/**
 * @brief The @p index-th attribute of an edge, in key order.
 * @param[in]  graph A graph. @param[in] edge An edge index.
 * @param[in]  index 0 .. awsmap_graph_edge_attribute_count() - 1.
 * @param[out] key   Receives the key (borrowed), NULL when out of range; may be NULL.
 * @return The value, borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_edge_attribute_at(const awsmap_graph *graph, size_t edge,
                                                      size_t index, const char **key);
/**
 * @brief An edge attribute by key, e.g. "health".
 * @param[in] graph A graph. @param[in] edge An edge index. @param[in] key The key.
 * @return The value, borrowed from @p graph, or NULL when absent. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_edge_attribute(const awsmap_graph *graph, size_t edge,
                                                   const char *key);

/**
 * @brief How many edges of a node go in a direction, optionally of one kind.
 * @param[in] graph     A graph.
 * @param[in] node      A node index.
 * @param[in] direction ::AWSMAP_GRAPH_OUT, ::AWSMAP_GRAPH_IN or ::AWSMAP_GRAPH_BOTH.
 * @param[in] kind      An edge kind, or NULL for all kinds.
 * @return The count (0 when out of range). @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_edge_count(const awsmap_graph *graph, size_t node,
                                               awsmap_graph_direction direction,
                                               const char *kind);
/**
 * @brief The @p index-th such edge: outgoing first (by target ARN), then incoming
 *        (by source ARN).
 * @param[in] graph A graph. @param[in] node A node index.
 * @param[in] direction Which edges. @param[in] kind An edge kind, or NULL for all.
 * @param[in] index 0 .. awsmap_graph_node_edge_count() - 1.
 * @return An edge index, or AWSMAP_GRAPH_NONE when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_edge_at(const awsmap_graph *graph, size_t node,
                                            awsmap_graph_direction direction,
                                            const char *kind, size_t index);
/**
 * @brief The node at the other end of awsmap_graph_node_edge_at(): a neighbour.
 * @param[in] graph A graph. @param[in] node A node index.
 * @param[in] direction Which edges. @param[in] kind An edge kind, or NULL for all.
 * @param[in] index 0 .. awsmap_graph_node_edge_count() - 1.
 * @return A node index, or AWSMAP_GRAPH_NONE when out of range. @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_node_neighbor(const awsmap_graph *graph, size_t node,
                                             awsmap_graph_direction direction,
                                             const char *kind, size_t index);

/* ---- accounts and partial failures --------------------------------------------- */

/**
 * @brief The number of accounts in the graph.
 * @param[in] graph A graph, or NULL.
 * @return The count (0 for NULL). @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_account_count(const awsmap_graph *graph);
/**
 * @brief The @p index-th account ID, in order.
 * @param[in] graph A graph. @param[in] index 0 .. awsmap_graph_account_count() - 1.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_account_at(const awsmap_graph *graph, size_t index);

/**
 * @brief The number of partial failures recorded while building.
 * @param[in] graph A graph, or NULL.
 * @return The count (0 for NULL). @since 0.1.0
 */
AWSMAP_API size_t awsmap_graph_error_count(const awsmap_graph *graph);
/**
 * @brief The @p index-th failure: read it with awsmap_error_message(),
 *        awsmap_error_operation(), awsmap_error_aws_code(), awsmap_error_status(), ...
 * @param[in] graph A graph. @param[in] index 0 .. awsmap_graph_error_count() - 1.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const awsmap_error *awsmap_graph_error_at(const awsmap_graph *graph, size_t index);
/**
 * @brief The service of the @p index-th failure, e.g. "ec2".
 * @param[in] graph A graph. @param[in] index An error index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_error_service(const awsmap_graph *graph, size_t index);
/**
 * @brief The region of the @p index-th failure ("" for global calls).
 * @param[in] graph A graph. @param[in] index An error index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_error_region(const awsmap_graph *graph, size_t index);
/**
 * @brief The account of the @p index-th failure.
 * @param[in] graph A graph. @param[in] index An error index.
 * @return Borrowed from @p graph, or NULL when out of range. @since 0.1.0
 */
AWSMAP_API const char *awsmap_graph_error_account(const awsmap_graph *graph, size_t index);

AWSMAP_END_DECLS

#endif /* AWSMAP_GRAPH_H */
