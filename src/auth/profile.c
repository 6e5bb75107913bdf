/* The shared config / credentials file parser, following the AWS SDKs'
 * profile-file rules:
 *  - "[profile name]" / "[default]" / "[sso-session name]" / "[services name]"
 *    in the config file, "[name]" in the credentials file; other sections
 *    (and names with characters outside the identifier set) are ignored;
 *  - "[profile default]" beats "[default]" in the config file;
 *  - "#" and ";" start comment lines, and inline comments after a section
 *    header or (when preceded by whitespace) after a property value;
 *  - indented lines continue the previous value ("a\nb"), or, when the value
 *    was empty, hold sub-properties ("s3 =\n  max = 10");
 *  - a repeated section merges, a repeated key replaces; credentials-file
 *    values replace config-file ones;
 *  - CRLF line ends and a UTF-8 BOM are accepted.
 * Values may be secrets: they are zeroed when freed and never put in errors. */
#include "auth/auth.h"

#include <string.h>

#define MAX_PROFILE_FILE (4u << 20)

typedef struct prop {
  char *key;
  char *value;
} prop;

struct awsmap__profile_section {
  awsmap__section_kind kind;
  char *name;
  prop *props;
  size_t count, cap;
};

struct awsmap__profile_set {
  awsmap__profile_section **sections;
  size_t count, cap;
};

awsmap__profile_set *awsmap__profile_set_new(void) {
  return awsmap__calloc(1, sizeof(awsmap__profile_set));
}

static void section_free(awsmap__profile_section *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->count; i++) {
    awsmap__free(s->props[i].key);
    awsmap__free_secret(s->props[i].value);
  }
  awsmap__free(s->props);
  awsmap__free(s->name);
  awsmap__free(s);
}

void awsmap__profile_set_free(awsmap__profile_set *set) {
  if (!set)
    return;
  for (size_t i = 0; i < set->count; i++)
    section_free(set->sections[i]);
  awsmap__free(set->sections);
  awsmap__free(set);
}

static bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != '\0' && strchr("-_./@+:%", c) != NULL);
}

static bool valid_identifier(awsmap__str s) {
  if (s.len == 0)
    return false;
  for (size_t i = 0; i < s.len; i++)
    if (!name_char(s.ptr[i]))
      return false;
  return true;
}

static awsmap__profile_section *find_section(const awsmap__profile_set *set,
                                             awsmap__section_kind kind, const char *name,
                                             size_t len) {
  for (size_t i = 0; i < set->count; i++) {
    awsmap__profile_section *s = set->sections[i];
    if (s->kind == kind && strlen(s->name) == len && memcmp(s->name, name, len) == 0)
      return s;
  }
  return NULL;
}

static awsmap__profile_section *section_new(awsmap__section_kind kind, const char *name, size_t len) {
  awsmap__profile_section *s = awsmap__calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->kind = kind;
  if (!(s->name = awsmap__strndup(name, len))) {
    awsmap__free(s);
    return NULL;
  }
  return s;
}

static awsmap_status set_add(awsmap__profile_set *set, awsmap__profile_section *s) {
  if (set->count == set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 8;
    void *p = awsmap__realloc(set->sections, cap * sizeof *set->sections);
    if (!p)
      return AWSMAP_ERR_NOMEM;
    set->sections = p;
    set->cap = cap;
  }
  set->sections[set->count++] = s;
  return AWSMAP_OK;
}

static awsmap__profile_section *get_or_add(awsmap__profile_set *set, awsmap__section_kind kind,
                                           const char *name, size_t len) {
  awsmap__profile_section *s = find_section(set, kind, name, len);
  if (s)
    return s;
  if (!(s = section_new(kind, name, len)))
    return NULL;
  if (set_add(set, s) != AWSMAP_OK) {
    section_free(s);
    return NULL;
  }
  return s;
}

static prop *find_prop(const awsmap__profile_section *s, const char *key, size_t len) {
  for (size_t i = 0; i < s->count; i++)
    if (strlen(s->props[i].key) == len && awsmap__str_eq_icase((awsmap__str){key, len}, s->props[i].key))
      return &s->props[i];
  return NULL;
}

/* Sets key = value (value copied), replacing an earlier definition. */
static prop *put_prop(awsmap__profile_section *s, const char *key, size_t key_len,
                      const char *value, size_t value_len) {
  char *v = awsmap__strndup(value, value_len);
  if (!v)
    return NULL;
  prop *p = find_prop(s, key, key_len);
  if (p) {
    awsmap__free_secret(p->value);
    p->value = v;
    return p;
  }
  if (s->count == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    void *np = awsmap__realloc(s->props, cap * sizeof *s->props);
    if (!np) {
      awsmap__free_secret(v);
      return NULL;
    }
    s->props = np;
    s->cap = cap;
  }
  p = &s->props[s->count];
  if (!(p->key = awsmap__strndup(key, key_len))) {
    awsmap__free_secret(v);
    return NULL;
  }
  p->value = v;
  s->count++;
  return p;
}

/* Appends "\n" + text to a value. */
static awsmap_status append_line(prop *p, awsmap__str text) {
  size_t old = strlen(p->value);
  char *v = awsmap__malloc(old + 1 + text.len + 1);
  if (!v)
    return AWSMAP_ERR_NOMEM;
  memcpy(v, p->value, old);
  v[old] = '\n';
  memcpy(v + old + 1, text.ptr, text.len);
  v[old + 1 + text.len] = '\0';
  awsmap__free_secret(p->value);
  p->value = v;
  return AWSMAP_OK;
}

/* Merges every property of src into dst (src wins). */
static awsmap_status merge_into(awsmap__profile_section *dst, const awsmap__profile_section *src) {
  for (size_t i = 0; i < src->count; i++)
    if (!put_prop(dst, src->props[i].key, strlen(src->props[i].key), src->props[i].value,
                  strlen(src->props[i].value)))
      return AWSMAP_ERR_NOMEM;
  return AWSMAP_OK;
}

/* "profile" + blank + rest: the rest, trimmed; else an empty view. */
static bool strip_keyword(awsmap__str inner, const char *kw, awsmap__str *rest) {
  size_t n = strlen(kw);
  if (inner.len <= n || memcmp(inner.ptr, kw, n) != 0 ||
      (inner.ptr[n] != ' ' && inner.ptr[n] != '\t'))
    return false;
  *rest = awsmap__str_trim((awsmap__str){inner.ptr + n, inner.len - n});
  return true;
}

/* A property value ends at a '#' or ';' that follows whitespace. */
static awsmap__str strip_value_comment(awsmap__str v) {
  for (size_t i = 1; i < v.len; i++)
    if ((v.ptr[i] == '#' || v.ptr[i] == ';') && (v.ptr[i - 1] == ' ' || v.ptr[i - 1] == '\t'))
      return awsmap__str_trim((awsmap__str){v.ptr, i});
  return v;
}

typedef struct parse_state {
  awsmap__profile_set *set;
  awsmap__profile_file_kind kind;
  const char *origin;
  size_t line_no;
  bool in_section;                 /* a section header was seen (maybe an ignored one) */
  awsmap__profile_section *target; /* where properties go; NULL for ignored sections */
  bool have_prop;                  /* a property was defined in this section */
  bool sub_props;                  /* ... with an empty value: continuations are sub-properties */
  prop *last;                      /* that property, NULL when it is ignored */
  awsmap__profile_section *bare_default; /* config "[default]", merged at the end */
  bool prefixed_default;           /* config "[profile default]" was seen */
} parse_state;

static awsmap_status syntax(const parse_state *ps, const char *what) {
  return awsmap__error_set(AWSMAP_ERR_PARSE, "profile", "%s line %zu: %s", ps->origin, ps->line_no,
                           what);
}

static awsmap_status nomem(void) { return awsmap__error_nomem("profile"); }

static awsmap_status on_section(parse_state *ps, awsmap__str line) {
  const char *close = memchr(line.ptr, ']', line.len);
  if (!close)
    return syntax(ps, "a section definition must end with ']'");
  /* Anything after ']' is a comment or ignored, as the CLI's parser does. */
  awsmap__str inner = awsmap__str_trim((awsmap__str){line.ptr + 1, (size_t)(close - line.ptr - 1)});
  awsmap__str name = {NULL, 0};
  awsmap__section_kind kind = AWSMAP__SECTION_PROFILE;
  bool bare_default = false;
  ps->in_section = true;
  ps->have_prop = false;
  ps->last = NULL;
  ps->target = NULL;
  if (ps->kind == AWSMAP__PROFILE_FILE_CREDENTIALS) {
    name = inner;
  } else if (awsmap__str_eq(inner, "default")) {
    name = inner;
    bare_default = true;
  } else if (strip_keyword(inner, "profile", &name)) {
    if (awsmap__str_eq(name, "default"))
      ps->prefixed_default = true;
  } else if (strip_keyword(inner, "sso-session", &name)) {
    kind = AWSMAP__SECTION_SSO_SESSION;
  } else if (strip_keyword(inner, "services", &name)) {
    kind = AWSMAP__SECTION_SERVICES;
  } else {
    AWSMAP__DEBUG("auth", "%s line %zu: ignoring a config section without the 'profile ' prefix",
                  ps->origin, ps->line_no);
    return AWSMAP_OK;
  }
  if (!valid_identifier(name)) {
    AWSMAP__DEBUG("auth", "%s line %zu: ignoring a section with an invalid name", ps->origin,
                  ps->line_no);
    return AWSMAP_OK;
  }
  if (bare_default) {
    if (!ps->bare_default && !(ps->bare_default = section_new(kind, "default", 7)))
      return nomem();
    ps->target = ps->bare_default;
    return AWSMAP_OK;
  }
  if (!(ps->target = get_or_add(ps->set, kind, name.ptr, name.len)))
    return nomem();
  return AWSMAP_OK;
}

static awsmap_status on_continuation(parse_state *ps, awsmap__str text) {
  if (!ps->in_section)
    return syntax(ps, "expected a profile definition, found a continuation line");
  if (!ps->have_prop)
    return syntax(ps, "expected a property definition, found a continuation line");
  if (ps->sub_props) {
    const char *eq = memchr(text.ptr, '=', text.len);
    if (!eq)
      return syntax(ps, "expected an '=' sign defining a sub-property");
    if (awsmap__str_trim((awsmap__str){text.ptr, (size_t)(eq - text.ptr)}).len == 0)
      return syntax(ps, "a sub-property did not have a name");
  }
  if (ps->last && append_line(ps->last, text) != AWSMAP_OK)
    return nomem();
  return AWSMAP_OK;
}

static awsmap_status on_property(parse_state *ps, awsmap__str text) {
  if (!ps->in_section)
    return syntax(ps, "expected a profile definition before the first property");
  const char *eq = memchr(text.ptr, '=', text.len);
  if (!eq)
    return syntax(ps, "expected an '=' sign defining a property");
  awsmap__str key = awsmap__str_trim((awsmap__str){text.ptr, (size_t)(eq - text.ptr)});
  if (key.len == 0)
    return syntax(ps, "a property did not have a name");
  awsmap__str value = awsmap__str_trim(
      (awsmap__str){eq + 1, (size_t)(text.ptr + text.len - eq - 1)});
  value = strip_value_comment(value);
  ps->have_prop = true;
  ps->sub_props = value.len == 0;
  ps->last = NULL;
  if (!ps->target)
    return AWSMAP_OK;
  if (!valid_identifier(key)) {
    AWSMAP__DEBUG("auth", "%s line %zu: ignoring a property with an invalid name", ps->origin,
                  ps->line_no);
    return AWSMAP_OK;
  }
  if (!(ps->last = put_prop(ps->target, key.ptr, key.len, value.ptr, value.len)))
    return nomem();
  return AWSMAP_OK;
}

static awsmap_status parse_line(parse_state *ps, awsmap__str line) {
  awsmap__str t = awsmap__str_trim(line);
  if (t.len == 0 || t.ptr[0] == '#' || t.ptr[0] == ';')
    return AWSMAP_OK;
  if (line.ptr[0] == ' ' || line.ptr[0] == '\t')
    return on_continuation(ps, t);
  if (t.ptr[0] == '[')
    return on_section(ps, t);
  return on_property(ps, t);
}

awsmap_status awsmap__profile_parse(awsmap__profile_set *set, awsmap__profile_file_kind kind,
                                    const char *text, size_t len, const char *origin) {
  parse_state ps = {set, kind, origin ? origin : "profile file", 0, false, NULL,
                    false, false, NULL, NULL, false};
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  awsmap_status st = AWSMAP_OK;
  const char *p = text, *end = text + len;
  while (st == AWSMAP_OK && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    size_t n = (size_t)(eol - p);
    if (n && p[n - 1] == '\r')
      n--;
    ps.line_no++;
    if (memchr(p, '\0', n))
      st = syntax(&ps, "NUL byte in the file");
    else
      st = parse_line(&ps, (awsmap__str){p, n});
    p = nl ? nl + 1 : end;
  }
  /* "[default]" counts only when no "[profile default]" exists in the file. */
  if (st == AWSMAP_OK && ps.bare_default && !ps.prefixed_default) {
    awsmap__profile_section *d = get_or_add(set, AWSMAP__SECTION_PROFILE, "default", 7);
    if (!d || merge_into(d, ps.bare_default) != AWSMAP_OK)
      st = nomem();
  }
  section_free(ps.bare_default);
  return st;
}

static awsmap_status load_one(awsmap__profile_set *set, awsmap__profile_file_kind kind,
                              const char *path) {
  if (!path || !*path)
    return AWSMAP_OK;
  awsmap__buf text = AWSMAP__BUF_INIT;
  awsmap_status st = awsmap__auth_read_file(&text, path, MAX_PROFILE_FILE);
  if (st == AWSMAP_ERR_NOT_FOUND) {
    awsmap__error_clear();
    st = AWSMAP_OK;
  } else if (st == AWSMAP_OK) {
    st = awsmap__profile_parse(set, kind, awsmap__buf_cstr(&text), text.len, path);
  }
  awsmap__buf_dispose_secret(&text);
  return st;
}

awsmap_status awsmap__profile_load(awsmap__profile_set **out, const char *config_path,
                                   const char *credentials_path) {
  awsmap__profile_set *set = awsmap__profile_set_new();
  if (!set)
    return nomem();
  awsmap_status st = load_one(set, AWSMAP__PROFILE_FILE_CONFIG, config_path);
  if (st == AWSMAP_OK)
    st = load_one(set, AWSMAP__PROFILE_FILE_CREDENTIALS, credentials_path);
  if (st != AWSMAP_OK) {
    awsmap__profile_set_free(set);
    return st;
  }
  *out = set;
  return AWSMAP_OK;
}

const awsmap__profile_section *awsmap__profile_find(const awsmap__profile_set *set,
                                                    awsmap__section_kind kind, const char *name) {
  return set && name ? find_section(set, kind, name, strlen(name)) : NULL;
}

size_t awsmap__profile_count(const awsmap__profile_set *set, awsmap__section_kind kind) {
  size_t n = 0;
  for (size_t i = 0; set && i < set->count; i++)
    n += set->sections[i]->kind == kind;
  return n;
}

const awsmap__profile_section *awsmap__profile_at(const awsmap__profile_set *set,
                                                  awsmap__section_kind kind, size_t index) {
  for (size_t i = 0; set && i < set->count; i++)
    if (set->sections[i]->kind == kind && index-- == 0)
      return set->sections[i];
  return NULL;
}

const char *awsmap__profile_section_name(const awsmap__profile_section *s) {
  return s ? s->name : NULL;
}

size_t awsmap__profile_property_count(const awsmap__profile_section *s) { return s ? s->count : 0; }

void awsmap__profile_property_at(const awsmap__profile_section *s, size_t index, const char **key,
                                 const char **value) {
  bool ok = s && index < s->count;
  *key = ok ? s->props[index].key : NULL;
  *value = ok ? s->props[index].value : NULL;
}

const char *awsmap__profile_get(const awsmap__profile_section *s, const char *key) {
  if (!s || !key)
    return NULL;
  prop *p = find_prop(s, key, strlen(key));
  return p ? p->value : NULL;
}

bool awsmap__profile_get_sub(const awsmap__profile_section *s, const char *key,
                             const char *sub_key, awsmap__buf *out) {
  const char *v = awsmap__profile_get(s, key);
  if (!v || !sub_key)
    return false;
  bool found = false;
  for (const char *line = v; *line;) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    const char *eq = memchr(line, '=', n);
    if (eq) {
      awsmap__str k = awsmap__str_trim((awsmap__str){line, (size_t)(eq - line)});
      if (awsmap__str_eq_icase(k, sub_key) && strlen(sub_key) == k.len) {
        awsmap__str val = awsmap__str_trim((awsmap__str){eq + 1, (size_t)(line + n - eq - 1)});
        awsmap__buf_clear(out);
        if (awsmap__buf_put(out, val.ptr, val.len) != AWSMAP_OK)
          return false;
        found = true; /* keep going: the last definition wins */
      }
    }
    line += n + (nl ? 1 : 0);
  }
  return found;
}
