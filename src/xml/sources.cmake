list(APPEND AWSMAP_SOURCES
  xml/parser.c
  xml/extract.c)
