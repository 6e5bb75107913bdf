/* SHA-256 and HMAC-SHA256 for the signing hot path.
 *
 * Why the low-level SHA256_* calls: through EVP every HMAC costs an algorithm
 * lookup, a context allocation and a provider dup, which dwarfs hashing a few
 * hundred bytes. An HMAC key here is two SHA-256 states with the padded key
 * already absorbed (RFC 2104), so one HMAC is two struct copies plus the
 * unavoidable compression rounds. The SHA256_* functions still use
 * OpenSSL's assembly (SHA-NI / AVX2); they are deprecated in 3.0 only in
 * favour of EVP, hence the suppression, which is confined to this file. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "sigv4/sigv4.h"

#include <openssl/sha.h>
#include <string.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((awsmap__sigv4_hmac_key *)0)->state[0]),
               "SHA256_CTX does not fit the HMAC key template");

#define BLOCK 64

void awsmap__sigv4_hmac_key_init(awsmap__sigv4_hmac_key *key, const void *k, size_t k_len) {
  unsigned char block[BLOCK];
  memset(block, 0, sizeof block);
  if (k_len > BLOCK)
    SHA256(k, k_len, block); /* long keys are hashed first */
  else if (k_len)
    memcpy(block, k, k_len);
  unsigned char pad[BLOCK];
  SHA256_CTX ctx;
  for (int which = 0; which < 2; which++) {
    unsigned char x = which == 0 ? 0x36 : 0x5c;
    for (size_t i = 0; i < BLOCK; i++)
      pad[i] = block[i] ^ x;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, pad, BLOCK);
    memset(key->state[which], 0, sizeof key->state[which]);
    memcpy(key->state[which], &ctx, sizeof ctx);
  }
  awsmap__secure_zero(block, sizeof block);
  awsmap__secure_zero(pad, sizeof pad);
  awsmap__secure_zero(&ctx, sizeof ctx);
}

void awsmap__sigv4_hmac(const awsmap__sigv4_hmac_key *key, const void *data, size_t len,
                        unsigned char out[AWSMAP__SHA256_LEN]) {
  SHA256_CTX ctx;
  unsigned char inner[AWSMAP__SHA256_LEN];
  memcpy(&ctx, key->state[0], sizeof ctx);
  SHA256_Update(&ctx, data, len);
  SHA256_Final(inner, &ctx);
  memcpy(&ctx, key->state[1], sizeof ctx);
  SHA256_Update(&ctx, inner, sizeof inner);
  SHA256_Final(out, &ctx);
  /* The states hold the key's padded blocks: do not leave them on the stack. */
  awsmap__secure_zero(&ctx, sizeof ctx);
}

/* Not the one-shot SHA256(): in OpenSSL 3 it fetches the algorithm on every
 * call (a provider lookup under a read-write lock, then a free). */
void awsmap__sigv4_sha256(const void *data, size_t len, unsigned char out[AWSMAP__SHA256_LEN]) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data, len);
  SHA256_Final(out, &ctx);
  /* the canonical request can carry the session token: no copy left on the stack */
  awsmap__secure_zero(&ctx, sizeof ctx);
}
