/* Records: a type plus ordered (name, value) fields. Values live in one
 * growable arena and fields refer to them by offset. The record, its type, a
 * first block of fields and a first arena share one allocation, sized like
 * the last record this thread built: a page of similar records (the way
 * decoders produce them) costs one malloc and one free per record instead of
 * a string copy and a series of regrowths. */
#include "core/core.h"

#include <stddef.h>
#include <string.h>

struct field {
  const char *name; /* static, or NULL when copied into the arena */
  size_t name_off;  /* SIZE_MAX: name is static */
  size_t value_off;
};

struct awsmap_record {
  const char *type;     /* in the inline space */
  struct field *fields; /* inline space, or heap once outgrown */
  size_t count, cap;
  char *arena;          /* NUL-separated values (and copied names): inline, or heap */
  size_t alen, acap;
  size_t space_len;     /* bytes of the inline space, used or outgrown */
  bool fields_heap, arena_heap;
  _Alignas(max_align_t) char space[]; /* fields, then arena, then type */
};

/* How big the next record starts. Per thread, so no locking; a stale or
 * wrong guess only costs a regrowth or some slack. */
#define MIN_FIELDS 8
#define MIN_ARENA 128
#define MAX_HINT_FIELDS 4096
#define MAX_HINT_ARENA (256 * 1024)
static _Thread_local size_t hint_fields = 16, hint_arena = 512;

static void remember(size_t fields, size_t arena) {
  hint_fields = fields < MIN_FIELDS ? MIN_FIELDS : fields > MAX_HINT_FIELDS ? MAX_HINT_FIELDS : fields;
  hint_arena = arena < MIN_ARENA ? MIN_ARENA : arena > MAX_HINT_ARENA ? MAX_HINT_ARENA : arena;
}

awsmap_record *awsmap__record_new(const char *type) {
  if (!type)
    type = "";
  size_t tlen = strlen(type);
  size_t nf = hint_fields, na = (hint_arena + 15) & ~(size_t)15;
  size_t space = nf * sizeof(struct field) + na + tlen + 1;
  awsmap_record *r = awsmap__malloc(sizeof *r + space);
  if (!r)
    return NULL;
  r->space_len = space;
  r->fields = (struct field *)(void *)r->space;
  r->count = 0;
  r->cap = nf;
  r->arena = r->space + nf * sizeof(struct field);
  r->alen = 0;
  r->acap = na;
  r->fields_heap = r->arena_heap = false;
  char *t = r->arena + na;
  memcpy(t, type, tlen + 1);
  r->type = t;
  return r;
}

void awsmap__record_free(awsmap_record *r) {
  if (!r)
    return;
  remember(r->count + r->count / 8, r->alen + r->alen / 8); /* a little slack */
  if (r->fields_heap)
    awsmap__free(r->fields);
  if (r->arena_heap)
    awsmap__free(r->arena);
  awsmap__free(r);
}

/* Room for `extra` more arena bytes; moves the arena to the heap when the
 * inline block is outgrown. */
static awsmap_status arena_reserve(awsmap_record *r, size_t extra) {
  if (extra <= r->acap - r->alen)
    return AWSMAP_OK;
  if (extra > SIZE_MAX / 2 - r->alen)
    return AWSMAP_ERR_NOMEM;
  size_t cap = r->acap ? r->acap * 2 : MIN_ARENA;
  while (cap < r->alen + extra)
    cap *= 2;
  char *p;
  if (r->arena_heap) {
    p = awsmap__realloc(r->arena, cap);
  } else if ((p = awsmap__malloc(cap)) != NULL) {
    memcpy(p, r->arena, r->alen);
  }
  if (!p)
    return AWSMAP_ERR_NOMEM;
  r->arena = p;
  r->acap = cap;
  r->arena_heap = true;
  if (cap > hint_arena)
    remember(hint_fields, cap);
  return AWSMAP_OK;
}

static awsmap_status fields_reserve(awsmap_record *r) {
  if (r->count < r->cap)
    return AWSMAP_OK;
  size_t cap = r->cap ? r->cap * 2 : MIN_FIELDS;
  struct field *f;
  if (r->fields_heap) {
    f = awsmap__realloc(r->fields, cap * sizeof *f);
  } else if ((f = awsmap__malloc(cap * sizeof *f)) != NULL) {
    memcpy(f, r->fields, r->count * sizeof *f);
  }
  if (!f)
    return AWSMAP_ERR_NOMEM;
  r->fields = f;
  r->cap = cap;
  r->fields_heap = true;
  if (cap > hint_fields)
    remember(cap, hint_arena);
  return AWSMAP_OK;
}

/* Appends bytes + NUL to the arena; returns the offset or SIZE_MAX. */
static size_t arena_put(awsmap_record *r, const char *s, size_t len) {
  if (arena_reserve(r, len + 1) != AWSMAP_OK)
    return SIZE_MAX;
  size_t off = r->alen;
  if (len)
    memcpy(r->arena + off, s, len);
  r->arena[off + len] = '\0';
  r->alen = off + len + 1;
  return off;
}

static awsmap_status add(awsmap_record *r, const char *name, size_t name_off, const char *value,
                         size_t value_len) {
  if (fields_reserve(r) != AWSMAP_OK)
    return AWSMAP_ERR_NOMEM;
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
  size_t before = r->alen;
  size_t off = arena_put(r, name, name_len);
  if (off == SIZE_MAX)
    return AWSMAP_ERR_NOMEM;
  awsmap_status st = add(r, NULL, off, value, value_len);
  if (st != AWSMAP_OK)
    r->alen = before;
  return st;
}

size_t awsmap__record_bytes(const awsmap_record *r) {
  return sizeof *r + r->space_len + (r->fields_heap ? r->cap * sizeof *r->fields : 0) +
         (r->arena_heap ? r->acap : 0);
}

const char *awsmap__record_static_name(const awsmap_record *r, size_t i) {
  return i < r->count && r->fields[i].name_off == SIZE_MAX ? r->fields[i].name : NULL;
}

static const char *name_of(const awsmap_record *r, const struct field *f) {
  return f->name_off == SIZE_MAX ? f->name : r->arena + f->name_off;
}

/* ---- public accessors ---- */

const char *awsmap_record_type(const awsmap_record *r) { return r ? r->type : ""; }

const char *awsmap_record_get_nth(const awsmap_record *r, const char *field, size_t index) {
  if (!r || !field)
    return NULL;
  for (size_t i = 0; i < r->count; i++)
    if (strcmp(name_of(r, &r->fields[i]), field) == 0 && index-- == 0)
      return r->arena + r->fields[i].value_off;
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
  return r->arena + r->fields[index].value_off;
}
