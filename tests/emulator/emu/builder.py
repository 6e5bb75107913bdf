"""Builds consistent resources in botocore's response shapes.

Used by the scale generator and by scenarios/build_scenarios.py (which wrote
demo.json and full.json), so every relationship (subnet->VPC, ENI->instance,
route->NAT, target->instance ...) is derived from one place.
"""
import ipaddress

T0 = "2024-03-01T12:00:00.000Z"


def tags(d):
    return [{"Key": k, "Value": v} for k, v in d.items()]


class Builder:
    def __init__(self, regions=("us-east-1",)):
        self.n = 0
        self.regions = list(regions)
        self.accounts = []

    # ---- ids -------------------------------------------------------------
    def _hex(self, prefix, width=17):
        self.n += 1
        return f"{prefix}-{self.n:0{width}x}"

    # ---- identity ---------------------------------------------------------
    def account(self, acct_id, name):
        a = {"id": acct_id, "name": name, "users": [], "roles": [], "buckets": [],
             "regions": {}}
        self.accounts.append(a)
        return a

    def user(self, acct, name, key, secret, policy=None):
        u = {"name": name, "access_key_id": key, "secret_access_key": secret}
        if policy:
            u["policy"] = policy
        acct["users"].append(u)
        return u

    def role(self, acct, name, principals, external_id=None, max_session=3600, policy=None):
        r = {"name": name, "trust": {"principals": principals}, "max_session_duration": max_session}
        if external_id:
            r["trust"]["external_id"] = external_id
        if policy:
            r["policy"] = policy
        acct["roles"].append(r)
        return r

    def _reg(self, acct, region, svc, coll):
        rb = acct["regions"].setdefault(region, {})
        sb = rb.setdefault(svc, {})
        return sb.setdefault(coll, [] if coll not in ("InstanceHealth", "TargetHealth") else {})

    # ---- EC2 --------------------------------------------------------------
    def vpc(self, acct, region, cidr, name):
        v = {"VpcId": self._hex("vpc"), "CidrBlock": cidr, "State": "available",
             "DhcpOptionsId": "dopt-0a1b2c3d", "OwnerId": acct["id"],
             "InstanceTenancy": "default", "IsDefault": False,
             "CidrBlockAssociationSet": [{"AssociationId": self._hex("vpc-cidr-assoc"),
                                          "CidrBlock": cidr,
                                          "CidrBlockState": {"State": "associated"}}],
             "Tags": tags({"Name": name})}
        v["_region"] = region
        self._reg(acct, region, "ec2", "Vpcs").append(v)
        return v

    def subnet(self, acct, vpc, az, cidr, name, public=False):
        region = vpc["_region"]
        sid = self._hex("subnet")
        net = ipaddress.ip_network(cidr)
        s = {"SubnetId": sid, "VpcId": vpc["VpcId"], "CidrBlock": cidr,
             "AvailabilityZone": az, "AvailabilityZoneId": f"{region[:2]}{region.split('-')[1][:1]}{region[-1]}-az{ord(az[-1]) - 96}",
             "AvailableIpAddressCount": net.num_addresses - 5, "State": "available",
             "MapPublicIpOnLaunch": public, "DefaultForAz": False, "OwnerId": acct["id"],
             "SubnetArn": f"arn:aws:ec2:{region}:{acct['id']}:subnet/{sid}",
             "Tags": tags({"Name": name, "tier": "public" if public else "private"})}
        s["_region"] = region
        s["_hosts"] = net.hosts()
        self._reg(acct, region, "ec2", "Subnets").append(s)
        return s

    def _ip(self, subnet):
        for _ in range(4):
            ip = next(subnet["_hosts"])
        return str(ip)

    def igw(self, acct, vpc, name):
        g = {"InternetGatewayId": self._hex("igw"), "OwnerId": acct["id"],
             "Attachments": [{"VpcId": vpc["VpcId"], "State": "available"}],
             "Tags": tags({"Name": name})}
        self._reg(acct, vpc["_region"], "ec2", "InternetGateways").append(g)
        return g

    def eni(self, acct, subnet, groups, itype="interface", desc="", instance=None, public_ip=None):
        region = subnet["_region"]
        ip = self._ip(subnet)
        e = {"NetworkInterfaceId": self._hex("eni"), "SubnetId": subnet["SubnetId"],
             "VpcId": subnet["VpcId"], "AvailabilityZone": subnet["AvailabilityZone"],
             "Description": desc, "OwnerId": acct["id"], "PrivateIpAddress": ip,
             "PrivateDnsName": f"ip-{ip.replace('.', '-')}.{region}.compute.internal",
             "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}],
             "Status": "in-use", "InterfaceType": itype, "SourceDestCheck": itype == "interface",
             "MacAddress": "02:%02x:%02x:%02x:%02x:01" % ((self.n >> 24) & 255, (self.n >> 16) & 255,
                                                          (self.n >> 8) & 255, self.n & 255),
             "RequesterManaged": itype != "interface",
             "Groups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups],
             "TagSet": []}
        if instance is not None:
            e["Attachment"] = {"AttachmentId": self._hex("eni-attach"), "DeviceIndex": 0,
                               "InstanceId": instance["InstanceId"], "InstanceOwnerId": acct["id"],
                               "Status": "attached", "DeleteOnTermination": True, "AttachTime": T0}
        if public_ip:
            e["Association"] = {"PublicIp": public_ip, "IpOwnerId": "amazon"}
        self._reg(acct, region, "ec2", "NetworkInterfaces").append(e)
        return e

    def nat(self, acct, subnet, name, public_ip):
        nid = self._hex("nat")
        e = self.eni(acct, subnet, [], "nat_gateway", f"Interface for NAT Gateway {nid}",
                     public_ip=public_ip)
        g = {"NatGatewayId": nid, "VpcId": subnet["VpcId"], "SubnetId": subnet["SubnetId"],
             "State": "available", "ConnectivityType": "public", "CreateTime": T0,
             "NatGatewayAddresses": [{"AllocationId": self._hex("eipalloc"),
                                      "NetworkInterfaceId": e["NetworkInterfaceId"],
                                      "PrivateIp": e["PrivateIpAddress"], "PublicIp": public_ip}],
             "Tags": tags({"Name": name})}
        self._reg(acct, subnet["_region"], "ec2", "NatGateways").append(g)
        return g

    def route_table(self, acct, vpc, name, subnets=(), main=False, routes=()):
        rid = self._hex("rtb")
        assocs = []
        if main:
            assocs.append({"Main": True, "RouteTableAssociationId": self._hex("rtbassoc"),
                           "RouteTableId": rid, "AssociationState": {"State": "associated"}})
        for s in subnets:
            assocs.append({"Main": False, "RouteTableAssociationId": self._hex("rtbassoc"),
                           "RouteTableId": rid, "SubnetId": s["SubnetId"],
                           "AssociationState": {"State": "associated"}})
        rs = [{"DestinationCidrBlock": vpc["CidrBlock"], "GatewayId": "local",
               "Origin": "CreateRouteTable", "State": "active"}]
        for dest, target in routes:
            r = {"Origin": "CreateRoute", "State": "active"}
            if dest.startswith("pl-"):
                r["DestinationPrefixListId"] = dest
            else:
                r["DestinationCidrBlock"] = dest
            # target is an id string: igw-/nat-/pcx-/vpce-
            tid = target
            key = ("NatGatewayId" if tid.startswith("nat-") else
                   "VpcPeeringConnectionId" if tid.startswith("pcx-") else "GatewayId")
            r[key] = tid
            rs.append(r)
        t = {"RouteTableId": rid, "VpcId": vpc["VpcId"], "OwnerId": acct["id"],
             "Associations": assocs, "Routes": rs, "PropagatingVgws": [],
             "Tags": tags({"Name": name})}
        self._reg(acct, vpc["_region"], "ec2", "RouteTables").append(t)
        return t

    def sg(self, acct, vpc, name, desc, ingress=()):
        g = {"GroupId": self._hex("sg"), "GroupName": name, "Description": desc,
             "VpcId": vpc["VpcId"], "OwnerId": acct["id"], "IpPermissions": [],
             "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                                      "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
             "Tags": tags({"Name": name})}
        for rule in ingress:
            self.allow(acct, g, *rule)
        self._reg(acct, vpc["_region"], "ec2", "SecurityGroups").append(g)
        return g

    def allow(self, acct, group, port, source, proto="tcp"):
        """Ingress rule; `source` is a CIDR string or another group dict."""
        p = {"IpProtocol": proto, "FromPort": port, "ToPort": port, "IpRanges": [],
             "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
        if isinstance(source, str):
            p["IpRanges"].append({"CidrIp": source})
        else:
            p["UserIdGroupPairs"].append({"GroupId": source["GroupId"], "UserId": acct["id"]})
        group["IpPermissions"].append(p)

    def instance(self, acct, subnet, groups, name, itype="t3.medium", public_ip=None,
                 profile=None, volumes=1, state=("running", 16)):
        region = subnet["_region"]
        iid = self._hex("i")
        inst = {"InstanceId": iid, "ImageId": "ami-0abcdef1234567890", "InstanceType": itype,
                "State": {"Code": state[1], "Name": state[0]}, "LaunchTime": T0,
                "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "Tenancy": "default"},
                "SubnetId": subnet["SubnetId"], "VpcId": subnet["VpcId"],
                "Architecture": "x86_64", "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs",
                "SecurityGroups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups],
                "Tags": tags({"Name": name})}
        e = self.eni(acct, subnet, groups, "interface", "Primary network interface", inst, public_ip)
        inst["PrivateIpAddress"] = e["PrivateIpAddress"]
        inst["PrivateDnsName"] = e["PrivateDnsName"]
        if public_ip:
            inst["PublicIpAddress"] = public_ip
        inst["NetworkInterfaces"] = [{
            "NetworkInterfaceId": e["NetworkInterfaceId"], "SubnetId": e["SubnetId"],
            "VpcId": e["VpcId"], "PrivateIpAddress": e["PrivateIpAddress"], "Status": "in-use",
            "OwnerId": acct["id"], "MacAddress": e["MacAddress"], "Description": e["Description"],
            "SourceDestCheck": True, "Groups": e["Groups"], "InterfaceType": "interface",
            "Attachment": {"AttachmentId": e["Attachment"]["AttachmentId"], "DeviceIndex": 0,
                           "Status": "attached", "DeleteOnTermination": True, "AttachTime": T0,
                           "NetworkCardIndex": 0},
            "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": e["PrivateIpAddress"]}]}]
        if profile:
            inst["IamInstanceProfile"] = {"Arn": f"arn:aws:iam::{acct['id']}:instance-profile/{profile}",
                                          "Id": "AIPA" + iid[2:18].upper()}
        bdm = []
        for k in range(volumes):
            dev = "/dev/xvda" if k == 0 else f"/dev/xvd{chr(98 + k)}"
            vid = self._hex("vol")
            self._reg(acct, region, "ec2", "Volumes").append({
                "VolumeId": vid, "Size": 8 if k == 0 else 100, "VolumeType": "gp3", "Iops": 3000,
                "AvailabilityZone": subnet["AvailabilityZone"], "State": "in-use",
                "CreateTime": T0, "Encrypted": k > 0, "MultiAttachEnabled": False,
                "Attachments": [{"VolumeId": vid, "InstanceId": iid, "Device": dev,
                                 "State": "attached", "AttachTime": T0, "DeleteOnTermination": k == 0}],
                "Tags": tags({"Name": f"{name}-{'root' if k == 0 else 'data'}"})})
            bdm.append({"DeviceName": dev, "Ebs": {"VolumeId": vid, "Status": "attached",
                                                   "AttachTime": T0, "DeleteOnTermination": k == 0}})
        inst["BlockDeviceMappings"] = bdm
        inst["_ReservationId"] = self._hex("r")
        self._reg(acct, region, "ec2", "Instances").append(inst)
        return inst

    def peering(self, req_acct, req_vpc, acc_acct, acc_vpc, name):
        p = {"VpcPeeringConnectionId": self._hex("pcx"),
             "RequesterVpcInfo": {"CidrBlock": req_vpc["CidrBlock"], "OwnerId": req_acct["id"],
                                  "VpcId": req_vpc["VpcId"], "Region": req_vpc["_region"]},
             "AccepterVpcInfo": {"CidrBlock": acc_vpc["CidrBlock"], "OwnerId": acc_acct["id"],
                                 "VpcId": acc_vpc["VpcId"], "Region": acc_vpc["_region"]},
             "Status": {"Code": "active", "Message": "Active"}, "Tags": tags({"Name": name})}
        # Both sides see the connection in their own account and region.
        self._reg(req_acct, req_vpc["_region"], "ec2", "VpcPeeringConnections").append(p)
        if (acc_acct is not req_acct) or acc_vpc["_region"] != req_vpc["_region"]:
            self._reg(acc_acct, acc_vpc["_region"], "ec2", "VpcPeeringConnections").append(dict(p))
        return p

    def vpc_endpoint(self, acct, vpc, service, route_tables=(), subnets=(), groups=()):
        region = vpc["_region"]
        gateway = not subnets
        e = {"VpcEndpointId": self._hex("vpce"), "VpcEndpointType": "Gateway" if gateway else "Interface",
             "VpcId": vpc["VpcId"], "ServiceName": f"com.amazonaws.{region}.{service}",
             "State": "available", "RouteTableIds": [t["RouteTableId"] for t in route_tables],
             "SubnetIds": [s["SubnetId"] for s in subnets],
             "Groups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups],
             "PrivateDnsEnabled": not gateway, "RequesterManaged": False,
             "NetworkInterfaceIds": [], "CreationTimestamp": T0, "OwnerId": acct["id"],
             "Tags": tags({"Name": f"{service}-endpoint"})}
        if gateway:
            for t in route_tables:
                t["Routes"].append({"DestinationPrefixListId": "pl-63a5400a", "GatewayId": e["VpcEndpointId"],
                                    "Origin": "CreateRoute", "State": "active"})
        else:
            for s in subnets:
                n = self.eni(acct, s, groups, "vpc_endpoint", f"VPC Endpoint Interface {e['VpcEndpointId']}")
                e["NetworkInterfaceIds"].append(n["NetworkInterfaceId"])
        self._reg(acct, region, "ec2", "VpcEndpoints").append(e)
        return e

    # ---- RDS --------------------------------------------------------------
    def db_subnet_group(self, acct, name, subnets):
        region = subnets[0]["_region"]
        g = {"DBSubnetGroupName": name, "DBSubnetGroupDescription": f"{name} subnets",
             "VpcId": subnets[0]["VpcId"], "SubnetGroupStatus": "Complete",
             "Subnets": [{"SubnetIdentifier": s["SubnetId"],
                          "SubnetAvailabilityZone": {"Name": s["AvailabilityZone"]},
                          "SubnetStatus": "Active"} for s in subnets],
             "DBSubnetGroupArn": f"arn:aws:rds:{region}:{acct['id']}:subgrp:{name}"}
        g["_region"] = region
        self._reg(acct, region, "rds", "DBSubnetGroups").append(g)
        return g

    def db_instance(self, acct, ident, subnet_group, groups, engine="postgres", cluster=None, az=None):
        region = subnet_group["_region"]
        d = {"DBInstanceIdentifier": ident, "DBInstanceClass": "db.r6g.large", "Engine": engine,
             "EngineVersion": "15.4" if "postgres" in engine else "8.0.35",
             "DBInstanceStatus": "available", "MasterUsername": "admin",
             "Endpoint": {"Address": f"{ident}.c9akciq32.{region}.rds.amazonaws.com",
                          "Port": 5432 if "postgres" in engine else 3306,
                          "HostedZoneId": "Z2R2ITUGPM61AM"},
             "AllocatedStorage": 100, "InstanceCreateTime": T0,
             "AvailabilityZone": az or subnet_group["Subnets"][0]["SubnetAvailabilityZone"]["Name"],
             "MultiAZ": cluster is None, "PubliclyAccessible": False, "StorageEncrypted": True,
             "DBSubnetGroup": {k: v for k, v in subnet_group.items()
                               if k in ("DBSubnetGroupName", "DBSubnetGroupDescription", "VpcId",
                                        "SubnetGroupStatus", "Subnets")},
             "VpcSecurityGroups": [{"VpcSecurityGroupId": g["GroupId"], "Status": "active"} for g in groups],
             "DBInstanceArn": f"arn:aws:rds:{region}:{acct['id']}:db:{ident}",
             "DbiResourceId": "db-" + self._hex("x")[2:].upper(),
             "TagList": tags({"Name": ident})}
        if cluster is not None:
            d["DBClusterIdentifier"] = cluster["DBClusterIdentifier"]
            cluster["DBClusterMembers"].append({
                "DBInstanceIdentifier": ident, "IsClusterWriter": not cluster["DBClusterMembers"],
                "DBClusterParameterGroupStatus": "in-sync", "PromotionTier": 1})
        self._reg(acct, region, "rds", "DBInstances").append(d)
        return d

    def db_cluster(self, acct, ident, subnet_group, groups, engine="aurora-postgresql"):
        region = subnet_group["_region"]
        c = {"DBClusterIdentifier": ident, "Engine": engine, "EngineVersion": "15.4",
             "Status": "available", "Port": 5432, "MultiAZ": True,
             "Endpoint": f"{ident}.cluster-c9akciq32.{region}.rds.amazonaws.com",
             "ReaderEndpoint": f"{ident}.cluster-ro-c9akciq32.{region}.rds.amazonaws.com",
             "DBSubnetGroup": subnet_group["DBSubnetGroupName"],
             "AvailabilityZones": sorted({s["SubnetAvailabilityZone"]["Name"] for s in subnet_group["Subnets"]}),
             "VpcSecurityGroups": [{"VpcSecurityGroupId": g["GroupId"], "Status": "active"} for g in groups],
             "DBClusterMembers": [], "ClusterCreateTime": T0, "StorageEncrypted": True,
             "DBClusterArn": f"arn:aws:rds:{region}:{acct['id']}:cluster:{ident}",
             "TagList": tags({"Name": ident})}
        self._reg(acct, region, "rds", "DBClusters").append(c)
        return c

    # ---- ELB classic --------------------------------------------------------
    def classic_elb(self, acct, name, subnets, groups, instances, port=80, inst_port=8080):
        region = subnets[0]["_region"]
        lb = {"LoadBalancerName": name,
              "DNSName": f"{name}-1234567890.{region}.elb.amazonaws.com",
              "CanonicalHostedZoneName": f"{name}-1234567890.{region}.elb.amazonaws.com",
              "CanonicalHostedZoneNameID": "Z35SXDOTRQ7X7K",
              "ListenerDescriptions": [{"Listener": {"Protocol": "HTTP", "LoadBalancerPort": port,
                                                     "InstanceProtocol": "HTTP", "InstancePort": inst_port},
                                        "PolicyNames": []}],
              "Policies": {"AppCookieStickinessPolicies": [], "LBCookieStickinessPolicies": [],
                           "OtherPolicies": []},
              "BackendServerDescriptions": [],
              "AvailabilityZones": [s["AvailabilityZone"] for s in subnets],
              "Subnets": [s["SubnetId"] for s in subnets], "VPCId": subnets[0]["VpcId"],
              "Instances": [{"InstanceId": i["InstanceId"]} for i in instances],
              "HealthCheck": {"Target": f"HTTP:{inst_port}/health", "Interval": 30, "Timeout": 5,
                              "UnhealthyThreshold": 2, "HealthyThreshold": 10},
              "SourceSecurityGroup": {"OwnerAlias": acct["id"], "GroupName": groups[0]["GroupName"]},
              "SecurityGroups": [g["GroupId"] for g in groups], "CreatedTime": T0,
              "Scheme": "internet-facing"}
        self._reg(acct, region, "elb", "LoadBalancerDescriptions").append(lb)
        health = self._reg(acct, region, "elb", "InstanceHealth")
        health[name] = [{"InstanceId": i["InstanceId"], "State": "InService",
                         "ReasonCode": "N/A", "Description": "N/A"} for i in instances]
        return lb

    # ---- ELBv2 --------------------------------------------------------------
    def lb_v2(self, acct, name, subnets, groups=(), lb_type="application", scheme="internet-facing"):
        region = subnets[0]["_region"]
        kind = "app" if lb_type == "application" else "net"
        arn = f"arn:aws:elasticloadbalancing:{region}:{acct['id']}:loadbalancer/{kind}/{name}/{self.n + 1:016x}"
        self.n += 1
        lb = {"LoadBalancerArn": arn, "DNSName": f"{name}-{self.n}.{region}.elb.amazonaws.com",
              "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K", "CreatedTime": T0, "LoadBalancerName": name,
              "Scheme": scheme, "VpcId": subnets[0]["VpcId"], "State": {"Code": "active"},
              "Type": lb_type, "IpAddressType": "ipv4",
              "AvailabilityZones": [{"ZoneName": s["AvailabilityZone"], "SubnetId": s["SubnetId"],
                                     "LoadBalancerAddresses": []} for s in subnets]}
        if lb_type == "application":
            lb["SecurityGroups"] = [g["GroupId"] for g in groups]
        lb["_region"] = region
        self._reg(acct, region, "elbv2", "LoadBalancers").append(lb)
        return lb

    def target_group(self, acct, vpc, name, port, targets, protocol="HTTP", lbs=()):
        region = vpc["_region"]
        self.n += 1
        arn = f"arn:aws:elasticloadbalancing:{region}:{acct['id']}:targetgroup/{name}/{self.n:016x}"
        tg = {"TargetGroupArn": arn, "TargetGroupName": name, "Protocol": protocol, "Port": port,
              "VpcId": vpc["VpcId"], "HealthCheckProtocol": protocol, "HealthCheckPort": "traffic-port",
              "HealthCheckEnabled": True, "HealthCheckIntervalSeconds": 30,
              "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
              "TargetType": "instance", "IpAddressType": "ipv4",
              "LoadBalancerArns": [lb["LoadBalancerArn"] for lb in lbs]}
        if protocol.startswith("HTTP"):
            tg["HealthCheckPath"] = "/health"
            tg["Matcher"] = {"HttpCode": "200"}
            tg["ProtocolVersion"] = "HTTP1"
        self._reg(acct, region, "elbv2", "TargetGroups").append(tg)
        self._reg(acct, region, "elbv2", "TargetHealth")[arn] = [
            {"Target": {"Id": i["InstanceId"], "Port": port}, "HealthCheckPort": str(port),
             "TargetHealth": {"State": "healthy"}} for i in targets]
        return tg

    def listener(self, acct, lb, port, protocol, tg):
        arn = lb["LoadBalancerArn"].replace(":loadbalancer/", ":listener/") + f"/{self.n + 1:016x}"
        self.n += 1
        li = {"ListenerArn": arn, "LoadBalancerArn": lb["LoadBalancerArn"], "Port": port,
              "Protocol": protocol, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}]}
        if protocol == "HTTPS":
            li["SslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06"
            li["Certificates"] = [{"CertificateArn": f"arn:aws:acm:{lb['_region']}:{acct['id']}:certificate/{self.n:08x}-0000-4000-8000-000000000000"}]
        if lb["LoadBalancerArn"] not in tg["LoadBalancerArns"]:
            tg["LoadBalancerArns"].append(lb["LoadBalancerArn"])
        self._reg(acct, lb["_region"], "elbv2", "Listeners").append(li)
        return li

    # ---- S3 -----------------------------------------------------------------
    def bucket(self, acct, name, region):
        b = {"Name": name, "CreationDate": T0, "BucketRegion": region}
        acct["buckets"].append(b)
        return b

    def scenario(self, **extra):
        """The scenario dict, with builder-private keys (`_region`, ...) removed."""
        def clean(o):
            if isinstance(o, dict):
                return {k: clean(v) for k, v in o.items() if k not in ("_region", "_hosts")}
            if isinstance(o, list):
                return [clean(v) for v in o]
            return o
        s = {"version": 1, "regions": self.regions, "accounts": clean(self.accounts)}
        s.update(extra)
        return s
