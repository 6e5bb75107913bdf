list(APPEND AWSMAP_SOURCES
  core/alloc.c
  core/buf.c
  core/buf_secret.c
  core/credentials.c
  core/crypto.c
  core/error.c
  core/global.c
  core/hashmap.c
  core/log.c
  core/record.c
  core/record_api.c
  core/redact.c
  core/str.c
  core/time.c
  core/uri.c
  core/version.c)
