/* Fuzz target for the SigV4 canonicaliser and signer: the input bytes are
 * cut into a path, a query, header names/values and a body, then signed in
 * both rule sets and both modes. Whatever the bytes, signing must either
 * succeed or fail with a status; it must never read out of bounds (the
 * replay driver hands over exact-size heap copies for ASan).
 *
 * Layout: fields separated by 0x00 bytes, in order: path, query, then
 * name, value pairs. The first byte (when present) picks flags. */
#include "sigv4/sigv4.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned flags = size ? data[0] : 0;
  const uint8_t *p = size ? data + 1 : data;
  size_t n = size ? size - 1 : 0;

  /* split into NUL-terminated heap copies of exact size */
  char *fields[MAX_FIELDS];
  size_t count = 0, start = 0;
  for (size_t i = 0; i <= n && count < MAX_FIELDS; i++) {
    if (i < n && p[i] != 0)
      continue;
    fields[count] = malloc(i - start + 1);
    if (i > start)
      memcpy(fields[count], p + start, i - start);
    fields[count][i - start] = '\0';
    count++;
    start = i + 1;
  }

  /* the canonicalisers on raw lengths, no NUL needed */
  awsmap__buf out = AWSMAP__BUF_INIT;
  (void)awsmap__sigv4_canonical_path(&out, (const char *)p, n, flags & 1, flags & 2);
  awsmap__buf_dispose(&out);
  awsmap__sigv4_params qp = {AWSMAP__BUF_INIT, NULL, 0, 0};
  if (awsmap__sigv4_params_parse(&qp, (const char *)p, n) == AWSMAP_OK) {
    awsmap__sigv4_params_sort(&qp);
    (void)awsmap__sigv4_params_join(&qp, &out);
  }
  awsmap__sigv4_params_dispose(&qp);
  awsmap__buf_dispose(&out);
  (void)awsmap__sigv4_append_folded(&out, (const char *)p, n);
  awsmap__buf_dispose(&out);

  /* the whole signer */
  awsmap__header hdrs[MAX_FIELDS / 2 + 1];
  size_t hn = 0;
  hdrs[hn++] = (awsmap__header){"Host", "example.amazonaws.com"};
  for (size_t i = 2; i + 1 < count; i += 2)
    hdrs[hn++] = (awsmap__header){fields[i], fields[i + 1]};
  awsmap_credentials *creds = NULL;
  if (awsmap__credentials_new(&creds, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                              (flags & 4) ? "token/+=" : NULL, 0, "fuzz", NULL) == AWSMAP_OK) {
    awsmap__sigv4_input in = {"GET", count > 0 ? fields[0] : "/", count > 1 ? fields[1] : NULL,
                              hdrs, hn, data, size, NULL, "us-east-1", "service",
                              1440938160, (flags & 8) != 0};
    awsmap__sigv4_options o = AWSMAP__SIGV4_OPTIONS_INIT;
    o.mode = (flags & 16) ? AWSMAP__SIGV4_QUERY : AWSMAP__SIGV4_HEADERS;
    o.expires = 3600;
    awsmap__sigv4_result res;
    if (awsmap__sigv4_sign(&in, &o, creds, &res) == AWSMAP_OK)
      awsmap__sigv4_result_dispose(&res);
    awsmap_credentials_release(creds);
  }
  for (size_t i = 0; i < count; i++)
    free(fields[i]);
  return 0;
}
