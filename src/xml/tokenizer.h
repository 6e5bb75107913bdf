/* The tokenizer's state and the steps its files share (parser.c: the
 * interface, streaming and errors; content.c: the hot path of elements and
 * character data; markup.c: references, comments, PIs, CDATA, the prolog and
 * epilog). Internal to src/xml.
 *
 * Every step takes the bytes [*sp, e) and returns DONE (advanced past a
 * complete token), MORE (the token is cut by e: nothing consumed, nothing
 * reported) or STOP (p->status holds the failure). */
#ifndef AWSMAP_XML_TOKENIZER_H
#define AWSMAP_XML_TOKENIZER_H

#include "xml/lex.h"
#include "xml/xml.h"

typedef unsigned char uchar;

enum state {
  ST_BEGIN,   /* nothing read: a UTF-8 BOM may come */
  ST_DECL,    /* an XML declaration may come */
  ST_PROLOG,  /* before the root: white space, comments, PIs */
  ST_CONTENT, /* inside the root element */
  ST_EPILOG   /* after the root: white space, comments, PIs */
};

/* For the few small steps of the hot path that must be inlined into its loop. */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* What a token step did. */
enum { DONE, MORE, STOP };

/* A token cut by the end of a chunk is first retried with this many more bytes. */
#define SMALL_RETRY 64
/* Room kept past the end of the text and names buffers, so short copies and compares
 * move 16 bytes at a time instead of calling memcpy/memcmp. */
#define SLACK 32

/* Lines counted over the bytes consumed so far. */
typedef struct position {
  size_t line;       /* 1-based */
  size_t line_start; /* absolute offset where the line starts */
  bool cr_at_end;    /* the bytes ended with CR (a LF may follow) */
} position;

struct awsmap__xml_parser {
  awsmap__xml_handler h;
  void *ctx;
  size_t max_bytes, fed;
  awsmap_status status; /* sticky: the first failure */
  enum state state;
  bool finished;
  bool ascii_only;   /* the document declared US-ASCII */
  int depth;         /* open elements */
  awsmap__buf text;  /* character data since the last start or end event */
  awsmap__buf names; /* qualified names of the open elements, each NUL-terminated */
  uint32_t name_off[AWSMAP__XML_MAX_DEPTH];  /* where each one starts in names */
  uint32_t name_len[AWSMAP__XML_MAX_DEPTH];  /* its length */
  uint32_t local_off[AWSMAP__XML_MAX_DEPTH]; /* where its local name starts within it */
  awsmap__buf pend;                          /* the start of a token cut by the end of a chunk */
  bool pend_large;                           /* SMALL_RETRY more bytes did not complete it */
  size_t pend_tried;                         /* pend.len at the last attempt */
  const uchar *base;                         /* start of the bytes being parsed */
  size_t abs;                                /* bytes consumed before base */
  position pos;                              /* where base is */
};

/* Records a parse error at `at` (within the bytes being parsed); returns STOP. */
int awsmap__xml_fail_at(awsmap__xml_parser *p, const uchar *at, const char *fmt, ...)
    AWSMAP__PRINTF(3, 4);
/* Records a failure from elsewhere (a callback, no memory); returns STOP. */
int awsmap__xml_fail_status(awsmap__xml_parser *p, awsmap_status st);
int awsmap__xml_bad_byte(awsmap__xml_parser *p, const uchar *s, const char *where);
int awsmap__xml_shown(const uchar *s, const uchar *e);
int awsmap__xml_decode(awsmap__xml_parser *p, const uchar *s, const uchar *e, uint32_t *cp);
int awsmap__xml_scan_name(awsmap__xml_parser *p, const uchar **sp, const uchar *e,
                          const char *what);
int awsmap__xml_add_text_slow(awsmap__xml_parser *p, const void *s, size_t n);

/* content.c */
int awsmap__xml_content(awsmap__xml_parser *p, const uchar **sp, const uchar *e);
int awsmap__xml_start_tag(awsmap__xml_parser *p, const uchar **sp, const uchar *e);

/* markup.c */
int awsmap__xml_reference(awsmap__xml_parser *p, const uchar **sp, const uchar *e,
                          awsmap__buf *out);
int awsmap__xml_pi(awsmap__xml_parser *p, const uchar **sp, const uchar *e);
int awsmap__xml_bang(awsmap__xml_parser *p, const uchar **sp, const uchar *e);
int awsmap__xml_misc(awsmap__xml_parser *p, const uchar **sp, const uchar *e);
int awsmap__xml_begin(awsmap__xml_parser *p, const uchar **sp, const uchar *e);

static inline const uchar *awsmap__xml_skip_space(const uchar *s, const uchar *e) {
  while (s < e && (awsmap__xml_class[*s] & AWSMAP__XC_SPACE))
    s++;
  return s;
}

#endif /* AWSMAP_XML_TOKENIZER_H */
