list(APPEND AWSMAP_SOURCES
  services/client.c
  services/decode.c
  services/paginate.c
  services/registry.c
  services/request.c
  services/tables_ec2.c
  services/tables_rds.c
  services/tables_elb.c
  services/tables_elbv2.c
  services/tables_s3.c
  services/tables_sts.c)
