/* Fuzz target: the shared config / credentials file parser. The first byte
 * picks the file kind; the rest is the file. Every profile found is then
 * read back, including sub-properties. */
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  awsmap__profile_file_kind kind =
      (data[0] & 1) ? AWSMAP__PROFILE_FILE_CREDENTIALS : AWSMAP__PROFILE_FILE_CONFIG;
  awsmap__profile_set *set = awsmap__profile_set_new();
  if (!set)
    return 0;
  if (awsmap__profile_parse(set, kind, (const char *)data + 1, size - 1, "fuzz") == AWSMAP_OK) {
    awsmap__buf sub = AWSMAP__BUF_INIT;
    for (int k = AWSMAP__SECTION_PROFILE; k <= AWSMAP__SECTION_SERVICES; k++) {
      size_t n = awsmap__profile_count(set, (awsmap__section_kind)k);
      for (size_t i = 0; i < n; i++) {
        const awsmap__profile_section *s = awsmap__profile_at(set, (awsmap__section_kind)k, i);
        for (size_t j = 0; j < awsmap__profile_property_count(s); j++) {
          const char *key, *value;
          awsmap__profile_property_at(s, j, &key, &value);
          if (awsmap__profile_get(s, key) == NULL)
            __builtin_trap(); /* every listed key must be found again */
          (void)awsmap__profile_get_sub(s, key, "max_concurrent_requests", &sub);
          (void)value;
        }
      }
    }
    awsmap__buf_dispose(&sub);
  }
  awsmap__profile_set_free(set);
  return 0;
}
