/* Records: a type plus ordered (name, value) fields. Values live in one
 * growable arena and fields refer to them by offset, so decoding a record
 * costs a few amortised allocations rather than one per field. */
#include "core/core.h"

#include <string.h>

struct field {
  const char *name; /* static, or points into the arena when copied */
  size_t name_off;  /* SIZE_MAX: name is static */
  size_t value_off;
};

struct awsmap_record {
  char *type;
  struct field *fields;
  size_t count, cap;
  awsmap__buf arena; /* NUL-separated values (and copied names) */
};

awsmap_record *awsmap__record_new(const char *type) {
  awsmap_record *r = awsmap__calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->type = awsmap__strdup(type ? type : "");
  if (!r->type) {
    awsmap__free(r);
    return NULL;
  }
  return r;
}

void awsmap__record_free(awsmap_record *r) {
  if (!r)
    return;
  awsmap__free(r->type);
  awsmap__free(r->fields);
  awsmap__buf_dispose(&r->arena);
  awsmap__free(r);
}

/* Appends bytes + NUL to the arena; returns the offset or SIZE_MAX. */
static size_t arena_put(awsmap_record *r, const char *s, size_t len) {
  size_t off = r->arena.len;
  if (awsmap__buf_put(&r->arena, s, len) != AWSMAP_OK ||
      awsmap__buf_putc(&r->arena, '\0') != AWSMAP_OK) {
    awsmap__buf_truncate(&r->arena, off);
    return SIZE_MAX;
  }
  return off;
}

static awsmap_status add(awsmap_record *r, const char *name, size_t name_off, const char *value,
                         size_t value_len) {
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    struct field *f = awsmap__realloc(r->fields, cap * sizeof *f);
    if (!f)
      return AWSMAP_ERR_NOMEM;
    r->fields = f;
    r->cap = cap;
  }
  size_t off = arena_put(r, value, value_len);
  if (off == SIZE_MAX)
    return AWSMAP_ERR_NOMEM;
  r->fields[r->count++] = (struct field){name, name_off, off};
  return AWSMAP_OK;
}

awsmap_status awsmap__record_add(awsmap_record *r, const char *name, const char *value,
                                 size_t value_len) {
  return add(r, name, SIZE_MAX, value, value_len);
}

awsmap_status awsmap__record_add_copy_name(awsmap_record *r, const char *name, size_t name_len,
                                           const char *value, size_t value_len) {
  size_t before = r->arena.len;
  size_t off = arena_put(r, name, name_len);
  if (off == SIZE_MAX)
    return AWSMAP_ERR_NOMEM;
  awsmap_status st = add(r, NULL, off, value, value_len);
  if (st != AWSMAP_OK)
    awsmap__buf_truncate(&r->arena, before);
  return st;
}

size_t awsmap__record_bytes(const awsmap_record *r) {
  return sizeof *r + strlen(r->type) + 1 + r->cap * sizeof *r->fields + r->arena.cap;
}

static const char *name_of(const awsmap_record *r, const struct field *f) {
  return f->name_off == SIZE_MAX ? f->name : r->arena.ptr + f->name_off;
}

/* ---- public accessors ---- */

const char *awsmap_record_type(const awsmap_record *r) { return r ? r->type : ""; }

const char *awsmap_record_get_nth(const awsmap_record *r, const char *field, size_t index) {
  if (!r || !field)
    return NULL;
  for (size_t i = 0; i < r->count; i++)
    if (strcmp(name_of(r, &r->fields[i]), field) == 0 && index-- == 0)
      return r->arena.ptr + r->fields[i].value_off;
  return NULL;
}

const char *awsmap_record_get(const awsmap_record *r, const char *field) {
  return awsmap_record_get_nth(r, field, 0);
}

size_t awsmap_record_count(const awsmap_record *r, const char *field) {
  size_t n = 0;
  for (size_t i = 0; r && field && i < r->count; i++)
    n += strcmp(name_of(r, &r->fields[i]), field) == 0;
  return n;
}

size_t awsmap_record_field_count(const awsmap_record *r) { return r ? r->count : 0; }

const char *awsmap_record_field_at(const awsmap_record *r, size_t index, const char **name) {
  if (!r || index >= r->count) {
    if (name)
      *name = NULL;
    return NULL;
  }
  if (name)
    *name = name_of(r, &r->fields[index]);
  return r->arena.ptr + r->fields[index].value_off;
}
