list(APPEND AWSMAP_SOURCES
  http/aws_perform.c
  http/call.c
  http/easy.c
  http/endpoints.c
  http/engine.c
  http/env.c
  http/error_body.c
  http/errors.c
  http/no_proxy.c
  http/perform.c
  http/retry.c
  http/run.c
  http/watch.c)
