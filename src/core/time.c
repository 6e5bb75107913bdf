/* Time: a replaceable clock, and the AWS date formats. */
#include "core/core.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static int64_t real_clock(void) { return (int64_t)time(NULL); }

static _Atomic(awsmap__clock_fn) clock_fn = real_clock;

void awsmap__clock_set(awsmap__clock_fn fn) { atomic_store(&clock_fn, fn ? fn : real_clock); }

int64_t awsmap__now(void) { return atomic_load(&clock_fn)(); }

int64_t awsmap__monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days from civil date, proleptic Gregorian (Howard Hinnant's algorithm):
 * no timezone, no locale, no libc state. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

int64_t awsmap__timegm(const struct tm *tm) {
  int64_t days = days_from_civil((int64_t)tm->tm_year + 1900, (unsigned)tm->tm_mon + 1,
                                 (unsigned)tm->tm_mday);
  return days * 86400 + tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

static void to_tm(int64_t t, struct tm *tm) {
  time_t tt = (time_t)t;
  gmtime_r(&tt, tm);
}

/* The inverse of days_from_civil: no libc time state, no locale. This runs
 * for every signature (X-Amz-Date), where strftime + gmtime_r showed up. */
static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *put2(char *p, unsigned v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
  return p + 2;
}

/* Writes yyyy mm dd [sep] hh mm ss with the given separators ("" for none). */
static void format(int64_t t, char *p, bool extended) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  unsigned secs = (unsigned)(t - days * 86400);
  int y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000);
  p = put2(p, yy / 100);
  p = put2(p, yy % 100);
  if (extended)
    *p++ = '-';
  p = put2(p, m);
  if (extended)
    *p++ = '-';
  p = put2(p, d);
  *p++ = 'T';
  p = put2(p, secs / 3600);
  if (extended)
    *p++ = ':';
  p = put2(p, secs / 60 % 60);
  if (extended)
    *p++ = ':';
  p = put2(p, secs % 60);
  *p++ = 'Z';
  *p = '\0';
}

void awsmap__time_amz(int64_t t, char out[17]) { format(t, out, false); }

void awsmap__time_iso8601(int64_t t, char out[21]) { format(t, out, true); }

static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void awsmap__time_rfc1123(int64_t t, char out[30]) {
  struct tm tm;
  to_tm(t, &tm);
  snprintf(out, 30, "%s, %02d %s %04d %02d:%02d:%02d GMT", DAYS[tm.tm_wday % 7], tm.tm_mday,
           MONTHS[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min,
           tm.tm_sec);
}

/* Reads exactly n digits. */
static bool digits(const char **s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    char c = (*s)[i];
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (c - '0');
  }
  *s += n;
  *out = v;
  return true;
}

static bool valid_tm(const struct tm *tm) {
  return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
         tm->tm_hour <= 23 && tm->tm_min <= 59 && tm->tm_sec <= 60;
}

/* Checks the fields of a parsed date (month 0-11) and converts it to Unix
 * seconds, plus `adjust` seconds. */
static awsmap_status assemble(int y, int mon, int d, int h, int mi, int se, int adjust,
                              int64_t *out) {
  struct tm tm = {0};
  tm.tm_year = y - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  if (!valid_tm(&tm))
    return AWSMAP_ERR_PARSE;
  *out = awsmap__timegm(&tm) + adjust;
  return AWSMAP_OK;
}

awsmap_status awsmap__time_parse_iso8601(const char *s, int64_t *out) {
  if (!s)
    return AWSMAP_ERR_PARSE;
  int y, mo, d, h, mi, se;
  bool basic = strlen(s) >= 9 && s[8] == 'T';
  if (!digits(&s, 4, &y) || (!basic && *s++ != '-') || !digits(&s, 2, &mo) ||
      (!basic && *s++ != '-') || !digits(&s, 2, &d) || (*s != 'T' && *s != 't' && *s != ' '))
    return AWSMAP_ERR_PARSE;
  s++;
  if (!digits(&s, 2, &h) || (!basic && *s++ != ':') || !digits(&s, 2, &mi) ||
      (!basic && *s++ != ':') || !digits(&s, 2, &se))
    return AWSMAP_ERR_PARSE;
  if (*s == '.' || *s == ',') { /* fractional seconds are dropped */
    s++;
    if (*s < '0' || *s > '9')
      return AWSMAP_ERR_PARSE;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  int offset = 0;
  if (*s == 'Z' || *s == 'z') {
    s++;
  } else if (*s == '+' || *s == '-') {
    int sign = *s++ == '-' ? -1 : 1, oh, om;
    if (!digits(&s, 2, &oh))
      return AWSMAP_ERR_PARSE;
    if (*s == ':')
      s++;
    if (!digits(&s, 2, &om))
      return AWSMAP_ERR_PARSE;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return AWSMAP_ERR_PARSE; /* AWS always sends a zone; a bare time is ambiguous */
  }
  if (*s)
    return AWSMAP_ERR_PARSE;
  return assemble(y, mo - 1, d, h, mi, se, -offset, out);
}

awsmap_status awsmap__time_parse_rfc1123(const char *s, int64_t *out) {
  if (!s)
    return AWSMAP_ERR_PARSE;
  /* "Sun, 30 Aug 2015 12:36:00 GMT" */
  const char *comma = strchr(s, ',');
  if (!comma)
    return AWSMAP_ERR_PARSE;
  s = comma + 1;
  while (*s == ' ')
    s++;
  struct tm tm = {0};
  int d, y, h, mi, se;
  if (!digits(&s, 2, &d) && !digits(&s, 1, &d))
    return AWSMAP_ERR_PARSE;
  if (*s++ != ' ')
    return AWSMAP_ERR_PARSE;
  tm.tm_mon = -1;
  for (int i = 0; i < 12; i++)
    if (strncmp(s, MONTHS[i], 3) == 0)
      tm.tm_mon = i;
  if (tm.tm_mon < 0)
    return AWSMAP_ERR_PARSE;
  s += 3;
  if (*s++ != ' ' || !digits(&s, 4, &y) || *s++ != ' ' || !digits(&s, 2, &h) || *s++ != ':' ||
      !digits(&s, 2, &mi) || *s++ != ':' || !digits(&s, 2, &se))
    return AWSMAP_ERR_PARSE;
  if (strcmp(s, " GMT") != 0 && strcmp(s, " UTC") != 0 && strcmp(s, " +0000") != 0)
    return AWSMAP_ERR_PARSE;
  return assemble(y, tm.tm_mon, d, h, mi, se, 0, out);
}
