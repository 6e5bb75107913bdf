/* Lexical rules for the XML tokenizer: a byte table for the ASCII fast
 * paths, UTF-8 decoding, and the XML 1.0 (5th edition) Char and Name rules
 * for code points beyond ASCII, and the XML declaration. Internal to src/xml. */
#ifndef AWSMAP_XML_LEX_H
#define AWSMAP_XML_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
  AWSMAP__XC_NAME_START = 0x01, /* A-Z a-z _ : */
  AWSMAP__XC_NAME = 0x02,       /* the above and - . 0-9 */
  AWSMAP__XC_SPACE = 0x04,      /* the S production: space, tab, CR, LF */
  AWSMAP__XC_TEXT = 0x08,       /* ASCII that character data copies as is: not < & ] CR */
  AWSMAP__XC_ATTR = 0x10,       /* ASCII allowed as is in attribute values: not < & " ' */
  AWSMAP__XC_MISC = 0x20,       /* ASCII allowed as is in comments, PIs, CDATA: not - ? ] */
  AWSMAP__XC_NC_START = 0x40,   /* NAME_START but ':' (NCName, for the fast paths) */
  AWSMAP__XC_NC = 0x80,         /* NAME but ':' */
};

/* Indexed by byte; 0 for controls other than tab/CR/LF and for bytes >= 0x80. */
extern const uint8_t awsmap__xml_class[256];

/* Decodes the UTF-8 sequence at s, where *s >= 0x80 and s < e. Returns its length (2..4)
 * and the code point in *cp; 0 when e cuts the sequence (more input may complete it);
 * -1 when the bytes are not UTF-8 (overlong forms and surrogates included); -2 when the
 * code point is not an XML Char (U+FFFE, U+FFFF). */
static inline int awsmap__xml_utf8(const unsigned char *s, const unsigned char *e, uint32_t *cp) {
  unsigned c = s[0], lo = 0x80, hi = 0xBF;
  size_t avail = (size_t)(e - s), n;
  uint32_t v;
  if (c < 0xC2)
    return -1;
  if (c < 0xE0) {
    n = 2;
    v = c & 0x1F;
  } else if (c < 0xF0) {
    n = 3;
    v = c & 0x0F;
    lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
    hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
  } else if (c < 0xF5) {
    n = 4;
    v = c & 0x07;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
  } else {
    return -1;
  }
  if (avail < 2)
    return 0;
  if (s[1] < lo || s[1] > hi)
    return -1;
  v = v << 6 | (s[1] & 0x3Fu);
  for (size_t i = 2; i < n; i++) {
    if (avail <= i)
      return 0;
    if ((s[i] & 0xC0) != 0x80)
      return -1;
    v = v << 6 | (s[i] & 0x3Fu);
  }
  *cp = v;
  return v == 0xFFFE || v == 0xFFFF ? -2 : (int)n;
}

/* The Char production, for character references. */
static inline bool awsmap__xml_is_char(uint32_t v) {
  return v >= 0x20
             ? (v <= 0xD7FF || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF))
             : (v == 0x9 || v == 0xA || v == 0xD);
}

/* NameStartChar and NameChar for code points >= 0x80. */
bool awsmap__xml_name_start_cp(uint32_t cp);
bool awsmap__xml_name_cp(uint32_t cp);

/* Writes code point v (a valid Char) as UTF-8 into out; returns the length. */
size_t awsmap__xml_put_utf8(uint32_t v, char out[4]);

/* Checks an XML declaration: [s, e) is what lies between "<?xml" and "?>" (it starts with
 * white space). Returns true when it is well-formed and declares UTF-8 (or US-ASCII, or no
 * encoding); *ascii_only tells whether it declared US-ASCII. Otherwise writes the fault to
 * why and sets *at to where it is. */
bool awsmap__xml_decl_check(const unsigned char *s, const unsigned char *e, bool *ascii_only,
                            const unsigned char **at, char *why, size_t why_len);

#endif /* AWSMAP_XML_LEX_H */
