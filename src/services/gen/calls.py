"""The calls libawsmap makes, as data: what to decode from each response.

gen_tables.py turns this into src/services/tables_<service>.c using botocore's
service models for every wire name, list wrapper, pagination parameter and
limit. Paths are botocore member names joined by '.', list levels implicit:
  record  where each record sits below the output shape ("" = the output itself)
  top     also take every scalar (or list-of-scalars) member of the record
  fields  further member paths below the record (nested structures, lists)
  outer   member paths outside the record copied into each record (EC2 OwnerId)
  tags    the member holding Key/Value tags, decoded as "Tags.<key>"
  ids     request list parameter that forbids the page-size parameter
  parent  required request parameter copied into each record
  limits  (min, max) of the page-size parameter when the model does not say
  unmodelled  (wire, name) members of the record newer than the model on disk
"""

EC2_PAGED = dict(limits=(5, 1000))

CALLS = [
    # ---- EC2 (ec2 protocol) ----
    dict(op="ec2:DescribeRegions", type="ec2:region", record="Regions", top=True),
    dict(op="ec2:DescribeAvailabilityZones", type="ec2:availability-zone",
         record="AvailabilityZones", top=True),
    dict(op="ec2:DescribeInstances", type="ec2:instance", record="Reservations.Instances",
         top=True, ids="InstanceId", tags="Tags", **EC2_PAGED,
         outer=["Reservations.OwnerId", "Reservations.ReservationId", "Reservations.RequesterId"],
         fields=["State.Name", "State.Code", "Placement.AvailabilityZone", "Placement.Tenancy",
                 "Placement.GroupName", "Monitoring.State", "IamInstanceProfile.Arn",
                 "SecurityGroups.GroupId", "SecurityGroups.GroupName",
                 "NetworkInterfaces.NetworkInterfaceId", "NetworkInterfaces.SubnetId",
                 "NetworkInterfaces.VpcId", "NetworkInterfaces.PrivateIpAddress",
                 "NetworkInterfaces.MacAddress", "NetworkInterfaces.Association.PublicIp",
                 "NetworkInterfaces.Attachment.DeviceIndex",
                 "NetworkInterfaces.Groups.GroupId",
                 "BlockDeviceMappings.DeviceName", "BlockDeviceMappings.Ebs.VolumeId",
                 "CpuOptions.CoreCount", "CpuOptions.ThreadsPerCore"]),
    dict(op="ec2:DescribeVolumes", type="ec2:volume", record="Volumes", top=True, ids="VolumeId",
         tags="Tags", limits=(5, 500),
         fields=["Attachments.InstanceId", "Attachments.Device", "Attachments.State",
                 "Attachments.DeleteOnTermination"]),
    dict(op="ec2:DescribeNetworkInterfaces", type="ec2:network-interface",
         record="NetworkInterfaces", top=True, ids="NetworkInterfaceId", tags="TagSet",
         **EC2_PAGED,
         fields=["Groups.GroupId", "Groups.GroupName", "Attachment.AttachmentId",
                 "Attachment.InstanceId", "Attachment.InstanceOwnerId",
                 "Attachment.DeviceIndex", "Attachment.Status", "Association.PublicIp",
                 "Association.AllocationId", "Association.IpOwnerId",
                 "PrivateIpAddresses.PrivateIpAddress", "Ipv6Addresses.Ipv6Address"]),
    dict(op="ec2:DescribeSecurityGroups", type="ec2:security-group", record="SecurityGroups",
         top=True, ids="GroupId", tags="Tags",
         fields=[f"{d}.{m}" for d in ("IpPermissions", "IpPermissionsEgress") for m in (
             "IpProtocol", "FromPort", "ToPort", "IpRanges.CidrIp", "Ipv6Ranges.CidrIpv6",
             "PrefixListIds.PrefixListId", "UserIdGroupPairs.GroupId",
             "UserIdGroupPairs.UserId", "UserIdGroupPairs.VpcId",
             "UserIdGroupPairs.VpcPeeringConnectionId")]),
    dict(op="ec2:DescribeVpcs", type="ec2:vpc", record="Vpcs", top=True, ids="VpcId", tags="Tags",
         fields=["CidrBlockAssociationSet.CidrBlock",
                 "Ipv6CidrBlockAssociationSet.Ipv6CidrBlock"]),
    dict(op="ec2:DescribeSubnets", type="ec2:subnet", record="Subnets", top=True, ids="SubnetId",
         tags="Tags", fields=["Ipv6CidrBlockAssociationSet.Ipv6CidrBlock"]),
    dict(op="ec2:DescribeInternetGateways", type="ec2:internet-gateway",
         record="InternetGateways", top=True, ids="InternetGatewayId", tags="Tags",
         fields=["Attachments.VpcId", "Attachments.State"]),
    dict(op="ec2:DescribeNatGateways", type="ec2:nat-gateway", record="NatGateways", top=True,
         ids="NatGatewayId", tags="Tags",
         fields=["NatGatewayAddresses.AllocationId", "NatGatewayAddresses.NetworkInterfaceId",
                 "NatGatewayAddresses.PrivateIp", "NatGatewayAddresses.PublicIp"]),
    dict(op="ec2:DescribeRouteTables", type="ec2:route-table", record="RouteTables", top=True,
         ids="RouteTableId", tags="Tags",
         fields=["Associations.RouteTableAssociationId", "Associations.SubnetId",
                 "Associations.GatewayId", "Associations.Main",
                 "PropagatingVgws.GatewayId"] + [f"Routes.{m}" for m in (
                     "DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId",
                     "GatewayId", "NatGatewayId", "VpcPeeringConnectionId", "TransitGatewayId",
                     "InstanceId", "NetworkInterfaceId", "EgressOnlyInternetGatewayId",
                     "LocalGatewayId", "CarrierGatewayId", "State", "Origin")]),
    dict(op="ec2:DescribeVpcPeeringConnections", type="ec2:vpc-peering-connection",
         record="VpcPeeringConnections", top=True, ids="VpcPeeringConnectionId", tags="Tags",
         **EC2_PAGED,
         fields=[f"{s}.{m}" for s in ("AccepterVpcInfo", "RequesterVpcInfo")
                 for m in ("VpcId", "OwnerId", "Region", "CidrBlock")] +
                ["Status.Code", "Status.Message"]),
    dict(op="ec2:DescribeVpcEndpoints", type="ec2:vpc-endpoint", record="VpcEndpoints",
         top=True, ids="VpcEndpointId", tags="Tags", **EC2_PAGED,
         fields=["Groups.GroupId", "DnsEntries.DnsName"]),
    dict(op="ec2:DescribeInstanceStatus", type="ec2:instance-status", record="InstanceStatuses",
         top=True, ids="InstanceId", **EC2_PAGED,
         fields=["InstanceState.Name", "InstanceState.Code", "InstanceStatus.Status",
                 "SystemStatus.Status", "Events.Code", "Events.NotBefore"]),

    # ---- RDS (query) ----
    dict(op="rds:DescribeDBInstances", type="rds:db-instance", record="DBInstances", top=True,
         tags="TagList", limits=(20, 100),
         fields=["Endpoint.Address", "Endpoint.Port", "Endpoint.HostedZoneId",
                 "DBSubnetGroup.DBSubnetGroupName", "DBSubnetGroup.VpcId",
                 "DBSubnetGroup.Subnets.SubnetIdentifier",
                 "DBSubnetGroup.Subnets.SubnetAvailabilityZone.Name",
                 "VpcSecurityGroups.VpcSecurityGroupId", "VpcSecurityGroups.Status",
                 "DBParameterGroups.DBParameterGroupName"]),
    dict(op="rds:DescribeDBClusters", type="rds:db-cluster", record="DBClusters", top=True,
         tags="TagList", limits=(20, 100),
         fields=["DBClusterMembers.DBInstanceIdentifier", "DBClusterMembers.IsClusterWriter",
                 "VpcSecurityGroups.VpcSecurityGroupId"]),
    dict(op="rds:DescribeDBSubnetGroups", type="rds:db-subnet-group", record="DBSubnetGroups",
         top=True, limits=(20, 100),
         fields=["Subnets.SubnetIdentifier", "Subnets.SubnetAvailabilityZone.Name",
                 "Subnets.SubnetStatus"]),

    # ---- ELB classic (query) ----
    dict(op="elb:DescribeLoadBalancers", type="elb:load-balancer",
         record="LoadBalancerDescriptions", top=True,
         fields=["Instances.InstanceId", "ListenerDescriptions.Listener.Protocol",
                 "ListenerDescriptions.Listener.LoadBalancerPort",
                 "ListenerDescriptions.Listener.InstanceProtocol",
                 "ListenerDescriptions.Listener.InstancePort",
                 "ListenerDescriptions.Listener.SSLCertificateId",
                 "SourceSecurityGroup.OwnerAlias", "SourceSecurityGroup.GroupName",
                 "HealthCheck.Target"]),
    dict(op="elb:DescribeInstanceHealth", type="elb:instance-health", record="InstanceStates",
         top=True, parent="LoadBalancerName"),

    # ---- ELBv2 (query) ----
    dict(op="elbv2:DescribeLoadBalancers", type="elbv2:load-balancer", record="LoadBalancers",
         top=True,
         fields=["State.Code", "State.Reason", "AvailabilityZones.ZoneName",
                 "AvailabilityZones.SubnetId",
                 "AvailabilityZones.LoadBalancerAddresses.IpAddress",
                 "AvailabilityZones.LoadBalancerAddresses.AllocationId"]),
    dict(op="elbv2:DescribeListeners", type="elbv2:listener", record="Listeners", top=True,
         fields=["DefaultActions.Type", "DefaultActions.TargetGroupArn",
                 "DefaultActions.ForwardConfig.TargetGroups.TargetGroupArn",
                 "Certificates.CertificateArn"]),
    dict(op="elbv2:DescribeTargetGroups", type="elbv2:target-group", record="TargetGroups",
         top=True),
    dict(op="elbv2:DescribeTargetHealth", type="elbv2:target-health",
         record="TargetHealthDescriptions", top=True, parent="TargetGroupArn",
         fields=["Target.Id", "Target.Port", "Target.AvailabilityZone", "TargetHealth.State",
                 "TargetHealth.Reason", "TargetHealth.Description"]),

    # ---- S3 (rest-xml) ----
    # The 2006-03-01 model on disk predates ListBuckets paging; the API takes
    # max-buckets (1..10000) + continuation-token and answers ContinuationToken.
    # BucketRegion (2024) names each bucket's region: no GetBucketLocation per bucket.
    dict(op="s3:ListBuckets", type="s3:bucket", record="Buckets", top=True,
         outer=["Owner.ID", "Owner.DisplayName"], unmodelled=[("BucketRegion", "BucketRegion")],
         paging=dict(token_out="ContinuationToken", token_in="continuation-token",
                     limit="max-buckets"), limits=(1, 10000)),
    dict(op="s3:GetBucketLocation", type="s3:bucket-location", record="", top=True,
         parent="Bucket", s3_region=True),

    # ---- STS (query) ----
    dict(op="sts:GetCallerIdentity", type="sts:caller-identity", record="", top=True),
]
