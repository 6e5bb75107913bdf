list(APPEND AWSMAP_SOURCES
  graph/access.c
  graph/arn.c
  graph/dot.c
  graph/fieldmap.c
  graph/index.c
  graph/ingest.c
  graph/json_in.c
  graph/json_out.c
  graph/lookup.c
  graph/resolve.c
  graph/rules.c
  graph/store.c)
