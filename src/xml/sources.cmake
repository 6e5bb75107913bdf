list(APPEND AWSMAP_SOURCES
  xml/chars.c
  xml/decl.c
  xml/parser.c
  xml/content.c
  xml/markup.c
  xml/extract.c)
