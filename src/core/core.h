/*
 * core: the utilities every other module shares. Internal (awsmap__ prefix,
 * hidden); nothing here is part of the ABI.
 *
 *   alloc    - allocation with a test hook that fails the n-th allocation
 *   buf      - growable byte buffer (also the public awsmap_buf)
 *   str      - small string helpers
 *   uri      - RFC 3986 percent-encoding, AWS flavour
 *   time     - clock seam, ISO-8601 and RFC-1123
 *   crypto   - SHA-256, HMAC, hex, random bytes, secure zeroing
 *   hashmap  - string-keyed open-addressing hash map
 *   error    - the thread-local detailed error
 *   log      - the log callback, with redaction of secrets
 */
#ifndef AWSMAP_CORE_H
#define AWSMAP_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "awsmap/awsmap.h"

#if defined(__GNUC__)
#define AWSMAP__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define AWSMAP__WARN_UNUSED __attribute__((warn_unused_result))
#else
#define AWSMAP__PRINTF(fmt, args)
#define AWSMAP__WARN_UNUSED
#endif

#define AWSMAP__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- alloc ------------------------------------------------------------ */

void *awsmap__malloc(size_t size);
void *awsmap__calloc(size_t n, size_t size);
void *awsmap__realloc(void *ptr, size_t size);
void awsmap__free(void *ptr);
char *awsmap__strdup(const char *s);
char *awsmap__strndup(const char *s, size_t n);
/* Frees a secret string after zeroing it. Accepts NULL. */
void awsmap__free_secret(char *s);
/* Large zeroed blocks for arenas that grow to megabytes: size is a multiple
 * of 2 MiB. On Linux they are mapped 2 MiB-aligned and advised for
 * transparent huge pages, so filling one costs one page fault instead of 512
 * (first-touch faults dominated the graph's cost on virtual machines).
 * Free with awsmap__pages_free and the same size. */
void *awsmap__pages_alloc(size_t size);
void awsmap__pages_free(void *ptr, size_t size);
/* Bytes of such blocks allocated and not freed (benchmarks add it to malloc's figures). */
size_t awsmap__pages_in_use(void);

/* Test hook: the n-th allocation from now on fails (1 = the next one);
 * 0 disables. Counts per process, not per thread. */
void awsmap__alloc_fail_after(long n);

/* ---- buf -------------------------------------------------------------- */

/* A growable, always NUL-terminated byte buffer. Zero-initialise it (or use
 * AWSMAP__BUF_INIT); it owns ptr. On allocation failure the functions return
 * AWSMAP_ERR_NOMEM and the buffer keeps its previous contents. */
struct awsmap_buf {
  char *ptr;
  size_t len;
  size_t cap;
};
typedef struct awsmap_buf awsmap__buf;
#define AWSMAP__BUF_INIT {NULL, 0, 0}

awsmap_status awsmap__buf_reserve(awsmap__buf *b, size_t extra) AWSMAP__WARN_UNUSED;
awsmap_status awsmap__buf_put(awsmap__buf *b, const void *data, size_t len);
awsmap_status awsmap__buf_puts(awsmap__buf *b, const char *s);
awsmap_status awsmap__buf_putc(awsmap__buf *b, char c);
awsmap_status awsmap__buf_printf(awsmap__buf *b, const char *fmt, ...) AWSMAP__PRINTF(2, 3);
awsmap_status awsmap__buf_vprintf(awsmap__buf *b, const char *fmt, va_list ap) AWSMAP__PRINTF(2, 0);
void awsmap__buf_clear(awsmap__buf *b);      /* len = 0, keeps capacity */
void awsmap__buf_truncate(awsmap__buf *b, size_t len);
const char *awsmap__buf_cstr(const awsmap__buf *b); /* "" when empty */
/* Hands ptr to the caller (never NULL on success; "" for empty) and resets b. */
char *awsmap__buf_detach(awsmap__buf *b);
void awsmap__buf_dispose(awsmap__buf *b);
/* Zeroes the whole allocation before freeing: for buffers that held secrets. */
void awsmap__buf_dispose_secret(awsmap__buf *b);
/* Appends to a buffer holding a secret: growth never leaves an unwiped copy
 * behind (see buf_secret.c). Dispose such buffers with awsmap__buf_dispose_secret. */
awsmap_status awsmap__buf_put_secret(awsmap__buf *b, const void *data, size_t len);
/* Moves a stack buffer into a heap awsmap_buf for the caller. */
awsmap_status awsmap__buf_to_public(awsmap__buf *b, awsmap_buf **out);

/* ---- str -------------------------------------------------------------- */

/* A non-owning view of bytes. */
typedef struct awsmap__str {
  const char *ptr;
  size_t len;
} awsmap__str;

#define AWSMAP__STR(lit) ((awsmap__str){(lit), sizeof(lit) - 1})
awsmap__str awsmap__str_of(const char *s); /* NULL gives an empty view */
bool awsmap__str_eq(awsmap__str a, const char *b);
bool awsmap__str_eq_icase(awsmap__str a, const char *b);
awsmap__str awsmap__str_trim(awsmap__str s);       /* ASCII whitespace */
bool awsmap__str_starts_with(const char *s, const char *prefix);
bool awsmap__str_ends_with(const char *s, const char *suffix);
int awsmap__strcasecmp(const char *a, const char *b); /* ASCII only, locale-free */
char awsmap__tolower(char c);
bool awsmap__is_space(char c);
/* Parses a whole decimal string into [min,max]; false on any junk. */
bool awsmap__parse_long(const char *s, long min, long max, long *out);

/* ---- uri -------------------------------------------------------------- */

/* RFC 3986 percent-encoding as AWS requires: unreserved A-Z a-z 0-9 - . _ ~
 * pass, everything else becomes %XX (upper-case hex). With keep_slash, '/'
 * passes too (paths). */
awsmap_status awsmap__uri_encode(awsmap__buf *out, const char *s, size_t len, bool keep_slash);
/* Decodes %XX sequences ('+' is left alone). AWSMAP_ERR_PARSE on a bad escape. */
awsmap_status awsmap__uri_decode(awsmap__buf *out, const char *s, size_t len);
bool awsmap__is_unreserved(unsigned char c);
/* The value of a hex digit (either case), or -1. */
int awsmap__hexval(char c);

/* ---- time ------------------------------------------------------------- */

/* The clock seam: tests replace it. Returns Unix seconds. */
typedef int64_t (*awsmap__clock_fn)(void);
void awsmap__clock_set(awsmap__clock_fn fn); /* NULL restores the real clock */
int64_t awsmap__now(void);
/* Monotonic milliseconds, for timeouts and backoff. */
int64_t awsmap__monotonic_ms(void);

/* 20150830T123600Z (16 chars + NUL) */
void awsmap__time_amz(int64_t t, char out[17]);
/* 2015-08-30T12:36:00Z (20 chars + NUL) */
void awsmap__time_iso8601(int64_t t, char out[21]);
/* Sun, 30 Aug 2015 12:36:00 GMT (29 chars + NUL) */
void awsmap__time_rfc1123(int64_t t, char out[30]);
/* Accepts 2015-08-30T12:36:00Z, fractional seconds, +hh:mm offsets and the
 * basic 20150830T123600Z form. AWSMAP_ERR_PARSE otherwise. */
awsmap_status awsmap__time_parse_iso8601(const char *s, int64_t *out);
awsmap_status awsmap__time_parse_rfc1123(const char *s, int64_t *out);
int64_t awsmap__timegm(const struct tm *tm);

/* ---- crypto ----------------------------------------------------------- */

#define AWSMAP__SHA256_LEN 32
void awsmap__sha256(const void *data, size_t len, unsigned char out[AWSMAP__SHA256_LEN]);
void awsmap__sha256_hex(const void *data, size_t len, char out[2 * AWSMAP__SHA256_LEN + 1]);
void awsmap__sha1_hex(const void *data, size_t len, char out[41]);
void awsmap__hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                         unsigned char out[AWSMAP__SHA256_LEN]);
/* Lower-case hex; out must hold 2*len+1. */
void awsmap__hex(const unsigned char *in, size_t len, char *out);
awsmap_status awsmap__random_bytes(void *out, size_t len);
/* Zeroing the compiler may not elide. */
void awsmap__secure_zero(void *p, size_t len);
/* Constant-time comparison of equal-length byte strings. */
bool awsmap__ct_equal(const void *a, const void *b, size_t len);

/* ---- hashmap ---------------------------------------------------------- */

/* String-keyed hash map (open addressing, linear probing). Keys are copied
 * into the map; values are opaque pointers the map does not own. */
typedef struct awsmap__map awsmap__map;
awsmap__map *awsmap__map_new(size_t expected);
void awsmap__map_free(awsmap__map *m);
/* Inserts or replaces. If old is non-NULL it receives the replaced value
 * (NULL when the key was new). */
awsmap_status awsmap__map_put(awsmap__map *m, const char *key, size_t key_len, void *value,
                              void **old);
void *awsmap__map_get(const awsmap__map *m, const char *key, size_t key_len);
bool awsmap__map_remove(awsmap__map *m, const char *key, size_t key_len, void **value);
size_t awsmap__map_count(const awsmap__map *m);
/* Iteration: start with *cursor = 0; returns false at the end. Order is the
 * table order (not insertion order); do not modify the map while iterating. */
bool awsmap__map_next(const awsmap__map *m, size_t *cursor, const char **key, void **value);
uint64_t awsmap__hash(const void *data, size_t len);
/* Unaligned native-endian loads, for word-at-a-time hashing and compares. */
static inline uint64_t awsmap__load64(const void *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}
static inline uint32_t awsmap__load32(const void *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

/* ---- error ------------------------------------------------------------ */

/* The detailed error. Fixed-size fields: setting an error never allocates,
 * so it works when memory has run out. */
struct awsmap_error {
  awsmap_status status;
  int http_status;
  char message[512];
  char operation[96];
  char aws_code[96];
  char request_id[96];
  char provider[64];
};

/* Every public fallible function calls this on entry. */
void awsmap__error_clear(void);
awsmap_error *awsmap__error_tls(void);
/* Sets status + message (and logs it at debug level). Returns status, so
 * `return awsmap__error_set(AWSMAP_ERR_PARSE, "xml", "bad %s", x);` works. */
awsmap_status awsmap__error_set(awsmap_status status, const char *operation, const char *fmt,
                                ...) AWSMAP__PRINTF(3, 4);
/* The full form, for failures that came from AWS. Any string may be NULL. */
awsmap_status awsmap__error_set_aws(awsmap_status status, const char *operation,
                                    const char *aws_code, int http_status,
                                    const char *request_id, const char *fmt, ...)
    AWSMAP__PRINTF(6, 7);
/* Names the credential provider on the current error. */
void awsmap__error_set_provider(const char *provider);
/* Prefixes the current message with context ("profile dev: "), keeping the rest. */
void awsmap__error_prefix(const char *fmt, ...) AWSMAP__PRINTF(1, 2);
/* Appends to e's message; what does not fit is cut at a character and marked "...". */
void awsmap__error_append(awsmap_error *e, const char *fmt, ...) AWSMAP__PRINTF(2, 3);
/* The length of s cut to at most max bytes without splitting a UTF-8 character
 * (bytes that are not UTF-8 are cut at max). */
size_t awsmap__utf8_cut(const char *s, size_t max);
/* Copies an error (for per-item failures kept in results). */
void awsmap__error_copy(awsmap_error *dst, const awsmap_error *src);
/* Shorthand for allocation failures. */
awsmap_status awsmap__error_nomem(const char *operation);

/* ---- log -------------------------------------------------------------- */

bool awsmap__log_enabled(awsmap_log_level level);
void awsmap__log(awsmap_log_level level, const char *subsystem, const char *fmt, ...)
    AWSMAP__PRINTF(3, 4);
/* Rewrites text with every secret replaced by <redacted>: header values of
 * Authorization / X-Amz-Security-Token / x-amz-sso_bearer_token /
 * X-aws-ec2-metadata-token, query params X-Amz-Signature / X-Amz-Security-Token
 * / X-Amz-Credential secrets, XML elements and JSON / INI keys that hold
 * secret keys and tokens. Used by awsmap__log on every line. */
awsmap_status awsmap__redact(awsmap__buf *out, const char *text, size_t len);

#define AWSMAP__LOG(level, subsystem, ...)                 \
  do {                                                     \
    if (awsmap__log_enabled(level))                        \
      awsmap__log((level), (subsystem), __VA_ARGS__);      \
  } while (0)
#define AWSMAP__ERROR(sub, ...) AWSMAP__LOG(AWSMAP_LOG_ERROR, sub, __VA_ARGS__)
#define AWSMAP__WARN(sub, ...) AWSMAP__LOG(AWSMAP_LOG_WARN, sub, __VA_ARGS__)
#define AWSMAP__INFO(sub, ...) AWSMAP__LOG(AWSMAP_LOG_INFO, sub, __VA_ARGS__)
#define AWSMAP__DEBUG(sub, ...) AWSMAP__LOG(AWSMAP_LOG_DEBUG, sub, __VA_ARGS__)
#define AWSMAP__TRACE(sub, ...) AWSMAP__LOG(AWSMAP_LOG_TRACE, sub, __VA_ARGS__)

/* ---- global ----------------------------------------------------------- */

/* Idempotent, lazy global setup for paths that need curl/OpenSSL even when
 * the caller forgot awsmap_global_init(). */
awsmap_status awsmap__global_ensure(void);


/* ---- credentials (the value; providers live in auth/) ------------------- */

/* Full constructor for providers: also records who produced the credentials
 * and, when known, the account. provider_name and account_id may be NULL. */
awsmap_status awsmap__credentials_new(awsmap_credentials **out, const char *access_key_id,
                                      const char *secret_access_key, const char *session_token,
                                      int64_t expiration, const char *provider_name,
                                      const char *account_id);
/* HMAC-SHA256 of the secret under a random key made once per process,
 * computed when the credentials are created: lets a cache key on the secret
 * without holding it or anything that can be checked against a guess.
 * NULL when no random key could be made (then: do not cache). */
const unsigned char *awsmap__credentials_fingerprint(const awsmap_credentials *creds);
/* True when the credentials expire within `margin` seconds of now. */
bool awsmap__credentials_expiring(const awsmap_credentials *creds, int64_t margin);

/* ---- header pair, shared by sigv4 and http ------------------------------ */

typedef struct awsmap__header {
  const char *name;
  const char *value;
} awsmap__header;


/* ---- record ------------------------------------------------------------- */

/* A record owns one arena holding its type, field names and values, so a
 * record is a handful of allocations however many fields it has. Field names
 * are usually static strings from decoder tables; add_field copies them only
 * when asked (copy_name), values always. */
awsmap_record *awsmap__record_new(const char *type);
void awsmap__record_free(awsmap_record *rec);
awsmap_status awsmap__record_add(awsmap_record *rec, const char *name, const char *value,
                                 size_t value_len);
/* Same, for a name that is not a static string (e.g. "Tags.<key>"). */
awsmap_status awsmap__record_add_copy_name(awsmap_record *rec, const char *name,
                                           size_t name_len, const char *value,
                                           size_t value_len);
/* Approximate heap bytes held, for memory accounting. */
size_t awsmap__record_bytes(const awsmap_record *rec);
/* Field i's name when it is a static string (added with awsmap__record_add),
 * else NULL. Such a pointer lives as long as the program, so it can key a cache. */
const char *awsmap__record_static_name(const awsmap_record *rec, size_t i);

#endif /* AWSMAP_CORE_H */
