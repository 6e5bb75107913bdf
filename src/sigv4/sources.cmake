list(APPEND AWSMAP_SOURCES
  sigv4/api.c
  sigv4/canonical.c
  sigv4/hash.c
  sigv4/keycache.c
  sigv4/sign.c)
