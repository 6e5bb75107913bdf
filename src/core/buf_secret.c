/* Appending to a buffer that holds a secret. realloc may move the block and
 * free the old one as it was; here growth copies into a new block and wipes
 * the old one first, so no stale copy of the secret is left in the heap. */
#include "core/core.h"

#include <string.h>

awsmap_status awsmap__buf_put_secret(awsmap__buf *b, const void *data, size_t len) {
  if (len > SIZE_MAX - b->len - 1)
    return AWSMAP_ERR_NOMEM;
  size_t need = b->len + len + 1;
  if (need > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
      cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = awsmap__malloc(cap);
    if (!p)
      return AWSMAP_ERR_NOMEM;
    if (b->ptr) {
      memcpy(p, b->ptr, b->len);
      awsmap__secure_zero(b->ptr, b->cap);
      awsmap__free(b->ptr);
    }
    b->ptr = p;
    b->cap = cap;
  }
  if (len)
    memcpy(b->ptr + b->len, data, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return AWSMAP_OK;
}
