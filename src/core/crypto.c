/* Thin wrappers over OpenSSL's one-shot digests; the SigV4 hot path keeps
 * its own pre-fetched contexts (sigv4/), these serve everything else. */
#include "core/core.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

void awsmap__hex(const unsigned char *in, size_t len, char *out) {
  static const char HEX[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = HEX[in[i] >> 4];
    out[2 * i + 1] = HEX[in[i] & 15];
  }
  out[2 * len] = '\0';
}

void awsmap__sha256(const void *data, size_t len, unsigned char out[AWSMAP__SHA256_LEN]) {
  SHA256(data, len, out);
}

void awsmap__sha256_hex(const void *data, size_t len, char out[2 * AWSMAP__SHA256_LEN + 1]) {
  unsigned char md[AWSMAP__SHA256_LEN];
  SHA256(data, len, md);
  awsmap__hex(md, sizeof md, out);
}

void awsmap__sha1_hex(const void *data, size_t len, char out[41]) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(data, len, md);
  awsmap__hex(md, sizeof md, out);
}

void awsmap__hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                         unsigned char out[AWSMAP__SHA256_LEN]) {
  unsigned int out_len = AWSMAP__SHA256_LEN;
  HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &out_len);
}

awsmap_status awsmap__random_bytes(void *out, size_t len) {
  if (len > INT32_MAX || RAND_bytes(out, (int)len) != 1)
    return awsmap__error_set(AWSMAP_ERR_INTERNAL, "random", "the system random generator failed");
  return AWSMAP_OK;
}

void awsmap__secure_zero(void *p, size_t len) {
  if (p && len)
    OPENSSL_cleanse(p, len);
}

bool awsmap__ct_equal(const void *a, const void *b, size_t len) {
  return CRYPTO_memcmp(a, b, len) == 0;
}
