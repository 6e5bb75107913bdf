/* The profile-file parser against the SDKs' parsing rules, table-driven:
 * each case is a config and/or credentials text and the expected profiles
 * (dumped as name{key=value;...}) or the expected error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "auth/auth.h"

typedef struct parse_case {
  const char *what;
  const char *config;
  const char *credentials;
  const char *expect; /* dump of the profiles, or NULL when an error is expected */
  const char *error;  /* substring of the error message */
} parse_case;

static const parse_case CASES[] = {
    {"empty files have no profiles", "", NULL, "", NULL},
    {"empty profile", "[profile foo]", NULL, "foo{}", NULL},
    {"missing ]", "[profile foo", NULL, NULL, "line 1: a section definition must end with ']'"},
    {"names are trimmed", "[profile \tfoo \t]", NULL, "foo{}", NULL},
    {"tab after prefix", "[profile\tfoo]", NULL, "foo{}", NULL},
    {"property outside a profile", "name = value", NULL, NULL, "line 1: expected a profile definition"},
    {"property", "[profile foo]\nname = value", NULL, "foo{name=value}", NULL},
    {"CRLF", "[profile foo]\r\nname = value\r\n", NULL, "foo{name=value}", NULL},
    {"BOM", "\xEF\xBB\xBF[profile foo]\nname = value", NULL, "foo{name=value}", NULL},
    {"equals in value", "[profile foo]\nname = val=ue", NULL, "foo{name=val=ue}", NULL},
    {"unicode value", "[profile foo]\nname = \xF0\x9F\x98\x82", NULL, "foo{name=\xF0\x9F\x98\x82}", NULL},
    {"two properties", "[profile foo]\nname = value\nname2 = value2", NULL,
     "foo{name=value;name2=value2}", NULL},
    {"keys and values trimmed", "[profile foo]\nname \t=  \tvalue \t", NULL, "foo{name=value}", NULL},
    {"empty value", "[profile foo]\nname =", NULL, "foo{name=}", NULL},
    {"empty key", "[profile foo]\n= value", NULL, NULL, "line 2: a property did not have a name"},
    {"no equals", "[profile foo]\nkey : value", NULL, NULL, "line 2: expected an '=' sign"},
    {"empty profiles", "[profile foo]\n[profile bar]", NULL, "foo{}bar{}", NULL},
    {"blank lines", "\t \n[profile foo]\n\t\n \nname = value\n\t \n[profile bar]\n \t", NULL,
     "foo{name=value}bar{}", NULL},
    {"pound comments", "# Comment\n[profile foo] # Comment\nname = value # Comment with # sign", NULL,
     "foo{name=value}", NULL},
    {"semicolon comments", "; Comment\n[profile foo] ; Comment\nname = value ; Comment with ; sign",
     NULL, "foo{name=value}", NULL},
    {"empty comments", ";\n[profile foo];\nname = value ;\n", NULL, "foo{name=value}", NULL},
    {"comments adjacent to headers", "[profile foo]; x\n[profile bar]# y", NULL, "foo{}bar{}", NULL},
    {"comments adjacent to values stay", "[profile foo]\nname = value; x\nname2 = value# y", NULL,
     "foo{name=value; x;name2=value# y}", NULL},
    {"continuation", "[profile foo]\nname = value\n -continued", NULL, "foo{name=value\\n-continued}", NULL},
    {"two continuations", "[profile foo]\nname = value\n -continued\n -and-continued", NULL,
     "foo{name=value\\n-continued\\n-and-continued}", NULL},
    {"continuations trimmed", "[profile foo]\nname = value\n \t -continued \t ", NULL,
     "foo{name=value\\n-continued}", NULL},
    {"continuations keep comments", "[profile foo]\nname = value\n -continued # Comment", NULL,
     "foo{name=value\\n-continued # Comment}", NULL},
    {"continuation outside a profile", " -continued", NULL, NULL, "expected a profile definition"},
    {"continuation outside a property", "[profile foo]\n -continued", NULL, NULL,
     "line 2: expected a property definition"},
    {"continuations reset by sections", "[profile foo]\nname = value\n[profile foo]\n -continued", NULL,
     NULL, "line 4: expected a property definition"},
    {"duplicate profiles merge", "[profile foo]\nname = value\n[profile foo]\nname2 = value2", NULL,
     "foo{name=value;name2=value2}", NULL},
    {"duplicate keys: last wins", "[profile foo]\nname = value\nname = value2", NULL, "foo{name=value2}",
     NULL},
    {"duplicate keys across duplicate profiles", "[profile foo]\nname = value\n[profile foo]\nname = value2",
     NULL, "foo{name=value2}", NULL},
    {"keys compare without case", "[profile foo]\nName = value\nNAME = value2", NULL, "foo{Name=value2}", NULL},
    {"[profile default] beats [default] (first)", "[profile default]\nname = value\n[default]\nname2 = value2",
     NULL, "default{name=value}", NULL},
    {"[profile default] beats [default] (last)", "[default]\nname2 = value2\n[profile default]\nname = value",
     NULL, "default{name=value}", NULL},
    {"[default] alone", "[default]\nregion = eu-west-1", NULL, "default{region=eu-west-1}", NULL},
    {"invalid profile names are ignored", "[profile in valid]\nname = value", "[in valid 2]\nname2 = value2",
     "", NULL},
    {"invalid property names are ignored", "[profile foo]\nin valid = value", NULL, "foo{}", NULL},
    {"all identifier characters",
     "[profile ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_]\n"
     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ = value",
     NULL,
     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_{"
     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=value}",
     NULL},
    {"sub-properties", "[profile foo]\ns3 =\n name = value", NULL, "foo{s3=\\nname = value}", NULL},
    {"sub-property without '='", "[profile foo]\ns3 =\n invalid", NULL, NULL,
     "line 3: expected an '=' sign defining a sub-property"},
    {"sub-property with empty value", "[profile foo]\ns3 =\n name =", NULL, "foo{s3=\\nname =}", NULL},
    {"sub-property without a name", "[profile foo]\ns3 =\n = value", NULL, NULL,
     "a sub-property did not have a name"},
    {"sub-property with an invalid name", "[profile foo]\ns3 =\n in valid = value", NULL,
     "foo{s3=\\nin valid = value}", NULL},
    {"sub-properties skip blank lines", "[profile foo]\ns3 =\n name = value\n\t \n name2 = value2", NULL,
     "foo{s3=\\nname = value\\nname2 = value2}", NULL},
    {"files merge", "[profile foo]\nname = value", "[foo]\nname2 = value2", "foo{name=value;name2=value2}",
     NULL},
    {"mixed defaults ignore the bare one",
     "[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3", NULL,
     "default{name=value;name3=value3}", NULL},
    {"mixed defaults merge with credentials",
     "[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3",
     "[default]\nsecret=foo", "default{name=value;name3=value3;secret=foo}", NULL},
    {"credentials file wins", "[profile foo]\nname = value", "[foo]\nname = value2", "foo{name=value2}", NULL},
    {"config sections without prefix are ignored", "[foo]\nname = value", NULL, "", NULL},
    {"credentials sections with prefix are ignored", NULL, "[profile foo]\nname = value", "", NULL},
    {"sneaky profile name", "[profilefoo]\nname = value\n[profile bar]", NULL, "bar{}", NULL},
    {"properties of an invalid profile are ignored",
     "[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2", NULL,
     "foo{name=value}bar{name=value2}", NULL},
    {"whitespace inside brackets", "[   profile foo    ]\nname = value\n[profile bar]", NULL,
     "foo{name=value}bar{}", NULL},
    {"whitespace inside brackets (credentials)", NULL, "[   foo    ]\nname = value\n[profile bar]",
     "foo{name=value}", NULL},
    {"sso-session sections are separate", "[sso-session foo]\nsso_region = us-east-1\n[profile foo]", NULL,
     "foo{}", NULL},
    {"NUL byte", "[profile foo]\nname = va\0lue", NULL, NULL, "NUL byte"},
};

static size_t text_len(const parse_case *c, const char *text) {
  /* the NUL-byte case carries an explicit NUL: measure to the real end */
  if (text && strcmp(c->what, "NUL byte") == 0)
    return strlen(text) + 1 + strlen(text + strlen(text) + 1);
  return text ? strlen(text) : 0;
}

static void parser_cases(void **state) {
  for (size_t i = 0; i < AWSMAP__ARRAY_LEN(CASES); i++) {
    const parse_case *c = &CASES[i];
    awsmap__profile_set *set = awsmap__profile_set_new();
    assert_non_null(set);
    awsmap__error_clear();
    awsmap_status st = AWSMAP_OK;
    if (c->config)
      st = awsmap__profile_parse(set, AWSMAP__PROFILE_FILE_CONFIG, c->config, text_len(c, c->config),
                                 "config");
    if (st == AWSMAP_OK && c->credentials)
      st = awsmap__profile_parse(set, AWSMAP__PROFILE_FILE_CREDENTIALS, c->credentials,
                                 strlen(c->credentials), "credentials");
    if (!c->expect) {
      if (st != AWSMAP_ERR_PARSE || !strstr(awsmap_error_message(awsmap_error_last()), c->error))
        fail_msg("case '%s': expected error '%s', got %d '%s'", c->what, c->error, st,
                 awsmap_error_message(awsmap_error_last()));
    } else {
      if (st != AWSMAP_OK)
        fail_msg("case '%s': unexpected error %s", c->what, awsmap_error_message(awsmap_error_last()));
      awsmap__buf got = AWSMAP__BUF_INIT;
      size_t n = awsmap__profile_count(set, AWSMAP__SECTION_PROFILE);
      for (size_t k = 0; k < n; k++) {
        const awsmap__profile_section *s = awsmap__profile_at(set, AWSMAP__SECTION_PROFILE, k);
        assert_int_equal(awsmap__buf_printf(&got, "%s{", awsmap__profile_section_name(s)), AWSMAP_OK);
        for (size_t j = 0; j < awsmap__profile_property_count(s); j++) {
          const char *key, *value;
          awsmap__profile_property_at(s, j, &key, &value);
          assert_int_equal(awsmap__buf_printf(&got, "%s%s=", j ? ";" : "", key), AWSMAP_OK);
          for (const char *v = value; *v; v++)
            assert_int_equal(*v == '\n' ? awsmap__buf_puts(&got, "\\n") : awsmap__buf_putc(&got, *v),
                             AWSMAP_OK);
        }
        assert_int_equal(awsmap__buf_puts(&got, "}"), AWSMAP_OK);
      }
      if (strcmp(awsmap__buf_cstr(&got), c->expect) != 0)
        fail_msg("case '%s':\n  expected %s\n  got      %s", c->what, c->expect, awsmap__buf_cstr(&got));
      awsmap__buf_dispose(&got);
    }
    awsmap__profile_set_free(set);
  }
}

static void lookups_and_sub_properties(void **state) {
  awsmap__profile_set *set = awsmap__profile_set_new();
  const char *cfg = "[profile dev]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 10\n"
                    "  addressing_style = path\n[sso-session corp]\nsso_region = us-east-1\n";
  assert_int_equal(awsmap__profile_parse(set, AWSMAP__PROFILE_FILE_CONFIG, cfg, strlen(cfg), "c"), AWSMAP_OK);
  const awsmap__profile_section *dev = awsmap__profile_find(set, AWSMAP__SECTION_PROFILE, "dev");
  assert_non_null(dev);
  assert_string_equal(awsmap__profile_get(dev, "REGION"), "eu-west-1");
  assert_null(awsmap__profile_get(dev, "nope"));
  awsmap__buf v = AWSMAP__BUF_INIT;
  assert_true(awsmap__profile_get_sub(dev, "s3", "max_concurrent_requests", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "10");
  assert_true(awsmap__profile_get_sub(dev, "s3", "addressing_style", &v));
  assert_string_equal(awsmap__buf_cstr(&v), "path");
  assert_false(awsmap__profile_get_sub(dev, "s3", "missing", &v));
  awsmap__buf_dispose(&v);
  assert_null(awsmap__profile_find(set, AWSMAP__SECTION_PROFILE, "corp"));
  const awsmap__profile_section *corp = awsmap__profile_find(set, AWSMAP__SECTION_SSO_SESSION, "corp");
  assert_string_equal(awsmap__profile_get(corp, "sso_region"), "us-east-1");
  awsmap__profile_set_free(set);
}

static void load_missing_and_present_files(void **state) {
  awsmap__profile_set *set = NULL;
  assert_int_equal(awsmap__profile_load(&set, AWSMAP_TEST_DATA "/auth/no-such-config",
                                        AWSMAP_TEST_DATA "/auth/no-such-credentials"),
                   AWSMAP_OK);
  assert_int_equal(awsmap__profile_count(set, AWSMAP__SECTION_PROFILE), 0);
  awsmap__profile_set_free(set);
  assert_int_equal(awsmap__profile_load(&set, AWSMAP_TEST_DATA "/auth/basic/config",
                                        AWSMAP_TEST_DATA "/auth/basic/credentials"),
                   AWSMAP_OK);
  const awsmap__profile_section *d = awsmap__profile_find(set, AWSMAP__SECTION_PROFILE, "default");
  assert_string_equal(awsmap__profile_get(d, "aws_access_key_id"), "AKIDDEFAULTCREDS");
  assert_string_equal(awsmap__profile_get(d, "region"), "us-west-2");
  awsmap__profile_set_free(set);
  set = NULL;
  assert_int_equal(awsmap__profile_load(&set, AWSMAP_TEST_DATA "/auth/malformed/config", NULL),
                   AWSMAP_ERR_PARSE);
  assert_null(set);
  const char *msg = awsmap_error_message(awsmap_error_last());
  assert_non_null(strstr(msg, "malformed/config line 3"));
  assert_null(strstr(msg, "SECRET")); /* the offending line's text is never quoted */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parser_cases),
      cmocka_unit_test(lookups_and_sub_properties),
      cmocka_unit_test(load_missing_and_present_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
