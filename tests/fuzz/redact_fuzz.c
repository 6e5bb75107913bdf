/* The redactor sees every log line: any bytes must be safe, and the output
 * is never shorter than what it copied through. */
#include <stdint.h>
#include <stdlib.h>

#include "core/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  awsmap__buf out = AWSMAP__BUF_INIT;
  if (awsmap__redact(&out, (const char *)data, size) == AWSMAP_OK && out.len > size + 64 * size)
    abort(); /* each secret becomes one fixed marker: output cannot explode */
  awsmap__buf_dispose(&out);
  return 0;
}
