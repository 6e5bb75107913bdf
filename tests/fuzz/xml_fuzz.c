/* Fuzz target for the streaming XML parser and the table-driven decoder.
 * The first byte picks a call's decoder table and the second a chunk size,
 * so arbitrary bytes run through the parser in varied splits; the error-body
 * and extract helpers see the same bytes. Nothing may crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>

#include "services/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static awsmap_status drop(void *ctx, awsmap_record *rec) {
  (*(size_t *)ctx)++;
  awsmap__record_free(rec);
  return AWSMAP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  const awsmap__call_spec *spec = awsmap__call_find(awsmap_operation_name(data[0] % awsmap_operation_count()));
  size_t chunk = 1 + data[1] % 64 * (data[1] & 0x80 ? 97 : 1);
  const char *doc = (const char *)data + 2;
  size_t len = size - 2;
  const awsmap__decoder_table *t;
  if (awsmap__call_table(spec, &t) != AWSMAP_OK)
    return 0;
  size_t records = 0;
  awsmap__decoder *d = awsmap__decoder_new(t, drop, &records);
  awsmap__xml_parser *p = d ? awsmap__xml_parser_new(awsmap__decoder_handler(), d, 1 << 20) : NULL;
  awsmap_status st = p ? AWSMAP_OK : AWSMAP_ERR_NOMEM;
  for (size_t off = 0; off < len && st == AWSMAP_OK; off += chunk)
    st = awsmap__xml_parser_feed(p, doc + off, len - off < chunk ? len - off : chunk);
  if (st == AWSMAP_OK)
    (void)awsmap__xml_parser_finish(p);
  (void)awsmap__decoder_token(d);
  awsmap__xml_parser_free(p);
  awsmap__decoder_free(d);

  awsmap__buf code = AWSMAP__BUF_INIT, msg = AWSMAP__BUF_INIT, rid = AWSMAP__BUF_INIT;
  (void)awsmap__xml_parse_error(doc, len, &code, &msg, &rid);
  const char *paths[] = {"AssumeRoleResult/Credentials/AccessKeyId", "ResponseMetadata/RequestId"};
  awsmap__buf vals[2] = {AWSMAP__BUF_INIT, AWSMAP__BUF_INIT};
  (void)awsmap__xml_extract(doc, len, paths, 2, vals);
  awsmap__buf_dispose(&code);
  awsmap__buf_dispose(&msg);
  awsmap__buf_dispose(&rid);
  awsmap__buf_dispose(&vals[0]);
  awsmap__buf_dispose(&vals[1]);
  return 0;
}
