list(APPEND AWSMAP_SOURCES
  discover/discover.c
  discover/options.c
  discover/plan.c)
