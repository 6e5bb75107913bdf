/* String-keyed hash map: open addressing with linear probing and backward-
 * shift deletion (no tombstones), so lookups stay short at any age. */
#include "core/core.h"

#include <string.h>

struct slot {
  char *key; /* NULL: empty */
  size_t key_len;
  uint64_t hash;
  void *value;
};

struct awsmap__map {
  struct slot *slots;
  size_t cap; /* power of two */
  size_t count;
};

/* Eight bytes per step with a multiply-xorshift mix, then a final avalanche:
 * keys here (ARNs, node keys, IDs) are 10-100 bytes that share long
 * prefixes, and a byte-at-a-time hash spent more time than the probes. The
 * last 1-8 bytes are read with (possibly overlapping) wide loads rather than
 * a byte loop; the length is mixed in first, so the overlap cannot make two
 * keys collide. Dependency-free; only the low bits index the table, so the
 * finaliser mixes every input bit into them. */
uint64_t awsmap__hash(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)len * 0xff51afd7ed558ccdULL);
  size_t n = len;
  while (n > 8) {
    h = (h ^ awsmap__load64(p)) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w;
  if (len >= 8)
    w = awsmap__load64(p + n - 8); /* the last eight bytes of the key */
  else if (n >= 4)
    w = (uint64_t)awsmap__load32(p) | (uint64_t)awsmap__load32(p + n - 4) << 32;
  else if (n > 0)
    w = (uint64_t)p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;
  else
    w = 0;
  h = (h ^ w) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  h *= 0xd6e8feb86659fd93ULL;
  return h ^ (h >> 32);
}

awsmap__map *awsmap__map_new(size_t expected) {
  awsmap__map *m = awsmap__calloc(1, sizeof *m);
  if (!m)
    return NULL;
  size_t cap = 16;
  while (cap < expected + expected / 2 + 1)
    cap *= 2;
  m->slots = awsmap__calloc(cap, sizeof *m->slots);
  if (!m->slots) {
    awsmap__free(m);
    return NULL;
  }
  m->cap = cap;
  return m;
}

void awsmap__map_free(awsmap__map *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->cap; i++)
    awsmap__free(m->slots[i].key);
  awsmap__free(m->slots);
  awsmap__free(m);
}

static size_t find(const awsmap__map *m, const char *key, size_t key_len, uint64_t h) {
  size_t mask = m->cap - 1, i = (size_t)h & mask;
  while (m->slots[i].key) {
    const struct slot *s = &m->slots[i];
    if (s->hash == h && s->key_len == key_len && memcmp(s->key, key, key_len) == 0)
      return i;
    i = (i + 1) & mask;
  }
  return i; /* the empty slot where the key would go */
}

static awsmap_status grow(awsmap__map *m) {
  size_t cap = m->cap * 2;
  struct slot *slots = awsmap__calloc(cap, sizeof *slots);
  if (!slots)
    return AWSMAP_ERR_NOMEM;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].key)
      continue;
    size_t j = (size_t)m->slots[i].hash & (cap - 1);
    while (slots[j].key)
      j = (j + 1) & (cap - 1);
    slots[j] = m->slots[i];
  }
  awsmap__free(m->slots);
  m->slots = slots;
  m->cap = cap;
  return AWSMAP_OK;
}

awsmap_status awsmap__map_put(awsmap__map *m, const char *key, size_t key_len, void *value,
                              void **old) {
  uint64_t h = awsmap__hash(key, key_len);
  size_t i = find(m, key, key_len, h);
  if (m->slots[i].key) {
    if (old)
      *old = m->slots[i].value;
    m->slots[i].value = value;
    return AWSMAP_OK;
  }
  if ((m->count + 1) * 4 > m->cap * 3) { /* keep load under 3/4 */
    if (grow(m) != AWSMAP_OK)
      return AWSMAP_ERR_NOMEM;
    i = find(m, key, key_len, h);
  }
  char *copy = awsmap__strndup(key, key_len);
  if (!copy)
    return AWSMAP_ERR_NOMEM;
  m->slots[i] = (struct slot){copy, key_len, h, value};
  m->count++;
  if (old)
    *old = NULL;
  return AWSMAP_OK;
}

void *awsmap__map_get(const awsmap__map *m, const char *key, size_t key_len) {
  size_t i = find(m, key, key_len, awsmap__hash(key, key_len));
  return m->slots[i].key ? m->slots[i].value : NULL;
}

bool awsmap__map_remove(awsmap__map *m, const char *key, size_t key_len, void **value) {
  size_t mask = m->cap - 1, i = find(m, key, key_len, awsmap__hash(key, key_len));
  if (!m->slots[i].key)
    return false;
  if (value)
    *value = m->slots[i].value;
  awsmap__free(m->slots[i].key);
  m->slots[i].key = NULL;
  m->count--;
  /* Backward-shift: pull later members of the probe run into the hole. */
  for (size_t j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
    size_t home = (size_t)m->slots[j].hash & mask;
    bool movable = (i <= j) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) {
      m->slots[i] = m->slots[j];
      m->slots[j].key = NULL;
      i = j;
    }
  }
  return true;
}

size_t awsmap__map_count(const awsmap__map *m) { return m->count; }

bool awsmap__map_next(const awsmap__map *m, size_t *cursor, const char **key, void **value) {
  for (size_t i = *cursor; i < m->cap; i++) {
    if (m->slots[i].key) {
      if (key)
        *key = m->slots[i].key;
      if (value)
        *value = m->slots[i].value;
      *cursor = i + 1;
      return true;
    }
  }
  *cursor = m->cap;
  return false;
}
