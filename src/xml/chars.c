/* The byte table and the non-ASCII Name ranges of XML 1.0, 5th edition. */
#include "xml/lex.h"

/* The class of one byte, computed by the compiler for each table entry. */
#define IS_START(c)                                                                                \
  (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') || (c) == '_' || (c) == ':')
#define IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')
#define IS_ASCII_CHAR(c) (((c) >= 0x20 && (c) < 0x80) || IS_SPACE(c))
#define CLASS(c)                                                                                   \
  (uint8_t)(                                                                                       \
      (IS_START(c) ? AWSMAP__XC_NAME_START | AWSMAP__XC_NAME : 0) |                                \
      (((c) == '-' || (c) == '.' || ((c) >= '0' && (c) <= '9')) ? AWSMAP__XC_NAME : 0) |           \
      (IS_SPACE(c) ? AWSMAP__XC_SPACE : 0) |                                                       \
      (IS_ASCII_CHAR(c) && (c) != '<' && (c) != '&' && (c) != ']' && (c) != '\r' ? AWSMAP__XC_TEXT \
                                                                                 : 0) |            \
      (IS_ASCII_CHAR(c) && (c) != '<' && (c) != '&' && (c) != '"' && (c) != '\'' ? AWSMAP__XC_ATTR \
                                                                                 : 0) |            \
      (IS_ASCII_CHAR(c) && (c) != '-' && (c) != '?' && (c) != ']' ? AWSMAP__XC_MISC : 0) |         \
      (IS_START(c) && (c) != ':' ? AWSMAP__XC_NC_START | AWSMAP__XC_NC : 0) |                      \
      (((c) == '-' || (c) == '.' || ((c) >= '0' && (c) <= '9')) ? AWSMAP__XC_NC : 0))
#define C4(b) CLASS(b), CLASS((b) + 1), CLASS((b) + 2), CLASS((b) + 3)
#define C16(b) C4(b), C4((b) + 4), C4((b) + 8), C4((b) + 12)
#define C64(b) C16(b), C16((b) + 16), C16((b) + 32), C16((b) + 48)

const uint8_t awsmap__xml_class[256] = {C64(0), C64(64), C64(128), C64(192)};

bool awsmap__xml_name_start_cp(uint32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

bool awsmap__xml_name_cp(uint32_t c) {
  return awsmap__xml_name_start_cp(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

size_t awsmap__xml_put_utf8(uint32_t v, char out[4]) {
  if (v < 0x80) {
    out[0] = (char)v;
    return 1;
  }
  if (v < 0x800) {
    out[0] = (char)(0xC0 | v >> 6);
    out[1] = (char)(0x80 | (v & 0x3F));
    return 2;
  }
  if (v < 0x10000) {
    out[0] = (char)(0xE0 | v >> 12);
    out[1] = (char)(0x80 | (v >> 6 & 0x3F));
    out[2] = (char)(0x80 | (v & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | v >> 18);
  out[1] = (char)(0x80 | (v >> 12 & 0x3F));
  out[2] = (char)(0x80 | (v >> 6 & 0x3F));
  out[3] = (char)(0x80 | (v & 0x3F));
  return 4;
}
