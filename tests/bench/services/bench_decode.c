/* Typed decode of a ~20 MB DescribeInstances page against two floors over the
 * same bytes, fed in the same 16 KB chunks libcurl would hand over: our XML
 * tokenizer with empty callbacks, and libxml2's push SAX parser with empty
 * callbacks (the parser the tokenizer replaced, kept here for comparison; the
 * library itself no longer uses libxml2). Also measures the extra heap
 * used while decoding (records freed as they arrive), sampled from mallinfo2
 * at every record, and the bytes of the records when they are all kept.
 * Usage: bench_services_decode [megabytes=20] [rounds=5] */
#include <libxml/parser.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "services/internal.h"

#define CHUNK 16384

static void instance(awsmap__buf *b, int i) {
  awsmap__buf_printf(
      b,
      "<item><instanceId>i-0%015x</instanceId><imageId>ami-0abcdef1234567890</imageId>"
      "<instanceState><code>16</code><name>running</name></instanceState>"
      "<privateDnsName>ip-10-0-%d-%d.eu-west-1.compute.internal</privateDnsName>"
      "<dnsName>ec2-52-1-%d-%d.eu-west-1.compute.amazonaws.com</dnsName><reason/>"
      "<keyName>deploy</keyName><amiLaunchIndex>0</amiLaunchIndex><productCodes/>"
      "<instanceType>m5.large</instanceType><launchTime>2024-03-01T10:00:00.000Z</launchTime>"
      "<placement><availabilityZone>eu-west-1%c</availabilityZone><groupName/><tenancy>default</tenancy></placement>"
      "<monitoring><state>disabled</state></monitoring><subnetId>subnet-0%08x</subnetId>"
      "<vpcId>vpc-0%08x</vpcId><privateIpAddress>10.0.%d.%d</privateIpAddress>"
      "<ipAddress>52.1.%d.%d</ipAddress><sourceDestCheck>true</sourceDestCheck>"
      "<groupSet><item><groupId>sg-0%08x</groupId><groupName>web</groupName></item>"
      "<item><groupId>sg-0%08x</groupId><groupName>ssh</groupName></item></groupSet>"
      "<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>"
      "<rootDeviceName>/dev/xvda</rootDeviceName><blockDeviceMapping>",
      i, i / 250 % 250, i % 250, i / 250 % 250, i % 250, 'a' + i % 3, i % 64, i % 8,
      i / 250 % 250, i % 250, i / 250 % 250, i % 250, i % 50, i % 50 + 1);
  for (int d = 0; d < 2; d++)
    awsmap__buf_printf(b,
                       "<item><deviceName>/dev/xvd%c</deviceName><ebs><volumeId>vol-0%015x</volumeId>"
                       "<status>attached</status><attachTime>2024-03-01T10:00:05.000Z</attachTime>"
                       "<deleteOnTermination>true</deleteOnTermination></ebs></item>",
                       'a' + d, i * 2 + d);
  awsmap__buf_printf(b, "</blockDeviceMapping><virtualizationType>hvm</virtualizationType>"
                        "<clientToken/><tagSet><item><key>Name</key><value>web-%d</value></item>"
                        "<item><key>env</key><value>prod</value></item><item><key>team</key>"
                        "<value>platform &amp; infra</value></item></tagSet>"
                        "<hypervisor>xen</hypervisor><networkInterfaceSet>",
                     i);
  for (int n = 0; n < 2; n++)
    awsmap__buf_printf(
        b,
        "<item><networkInterfaceId>eni-0%015x</networkInterfaceId><subnetId>subnet-0%08x</subnetId>"
        "<vpcId>vpc-0%08x</vpcId><description/><ownerId>123456789012</ownerId><status>in-use</status>"
        "<macAddress>02:%02x:%02x:00:00:%02x</macAddress><privateIpAddress>10.0.%d.%d</privateIpAddress>"
        "<sourceDestCheck>true</sourceDestCheck><groupSet><item><groupId>sg-0%08x</groupId>"
        "<groupName>web</groupName></item></groupSet><attachment><attachmentId>eni-attach-0%015x"
        "</attachmentId><deviceIndex>%d</deviceIndex><status>attached</status>"
        "<attachTime>2024-03-01T10:00:00.000Z</attachTime><deleteOnTermination>true</deleteOnTermination>"
        "</attachment><association><publicIp>52.1.%d.%d</publicIp><ipOwnerId>amazon</ipOwnerId>"
        "</association><privateIpAddressesSet><item><privateIpAddress>10.0.%d.%d</privateIpAddress>"
        "<primary>true</primary></item></privateIpAddressesSet><ipv6AddressesSet/>"
        "<interfaceType>interface</interfaceType></item>",
        i * 2 + n, i % 64, i % 8, i >> 8 & 255, i & 255, n, i / 250 % 250, i % 250, i % 50, i * 2 + n,
        n, i / 250 % 250, i % 250, i / 250 % 250, i % 250);
  awsmap__buf_puts(b, "</networkInterfaceSet><ebsOptimized>false</ebsOptimized><enaSupport>true"
                      "</enaSupport><cpuOptions><coreCount>1</coreCount><threadsPerCore>2"
                      "</threadsPerCore></cpuOptions><metadataOptions><state>applied</state>"
                      "<httpTokens>required</httpTokens></metadataOptions></item>");
}

static size_t make_page(awsmap__buf *b, size_t target) {
  awsmap__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse "
                      "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>"
                      "8f7724cf-496f-496e-8fe3-example</requestId><reservationSet>");
  size_t n = 0;
  while (b->len < target) {
    awsmap__buf_printf(b, "<item><reservationId>r-0%015zx</reservationId><ownerId>123456789012"
                          "</ownerId><groupSet/><instancesSet>", n);
    for (int k = 0; k < 4; k++)
      instance(b, (int)(n * 4 + (size_t)k));
    awsmap__buf_puts(b, "</instancesSet></item>");
    n += 4;
  }
  awsmap__buf_puts(b, "</reservationSet><nextToken>eyJ2IjoxfQ==</nextToken></DescribeInstancesResponse>");
  return n;
}

/* Nanosecond clock: a pass over 20 MB takes ~10 ms, too short for milliseconds. */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* libxml2's floor: push SAX with callbacks that do nothing. */
static void empty_start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn,
                        const xmlChar **ns, int na, int nd, const xmlChar **a) {}
static void empty_end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void empty_text(void *c, const xmlChar *ch, int len) {}

static double floor_pass(const awsmap__buf *doc) {
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = empty_start;
  sax.endElementNs = empty_end;
  sax.characters = empty_text;
  double t0 = now_s();
  xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
  for (size_t off = 0; off < doc->len; off += CHUNK)
    xmlParseChunk(ctxt, doc->ptr + off, (int)(doc->len - off < CHUNK ? doc->len - off : CHUNK), 0);
  xmlParseChunk(ctxt, NULL, 0, 1);
  if (!ctxt->wellFormed) {
    fprintf(stderr, "floor: document not well-formed\n");
    exit(1);
  }
  xmlFreeParserCtxt(ctxt);
  return now_s() - t0;
}

/* Our floor: the tokenizer with callbacks that do nothing. */
static awsmap_status none_start(void *c, int depth, const char *name, size_t len) {
  return AWSMAP_OK;
}
static awsmap_status none_end(void *c, int depth, const char *name, size_t len, const char *text,
                              size_t text_len) {
  return AWSMAP_OK;
}

static double tokenizer_pass(const awsmap__buf *doc) {
  static const awsmap__xml_handler none = {none_start, none_end};
  double t0 = now_s();
  awsmap__xml_parser *p = awsmap__xml_parser_new(&none, NULL, 0);
  awsmap_status st = p ? AWSMAP_OK : AWSMAP_ERR_NOMEM;
  for (size_t off = 0; off < doc->len && st == AWSMAP_OK; off += CHUNK)
    st = awsmap__xml_parser_feed(p, doc->ptr + off, doc->len - off < CHUNK ? doc->len - off : CHUNK);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(p);
  if (st != AWSMAP_OK) {
    fprintf(stderr, "tokenizer: %s\n", awsmap_error_message(awsmap_error_last()));
    exit(1);
  }
  awsmap__xml_parser_free(p);
  return now_s() - t0;
}

typedef struct run {
  bool keep, sample;
  size_t records, fields, kept_bytes, base, peak;
  awsmap_record **kept;
  size_t kept_cap;
} run;

static size_t heap_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

static awsmap_status on_record(void *ctx, awsmap_record *rec) {
  run *r = ctx;
  r->records++;
  r->fields += awsmap_record_field_count(rec);
  if (r->keep) {
    if (r->records > r->kept_cap) {
      r->kept_cap = r->kept_cap ? r->kept_cap * 2 : 1024;
      r->kept = realloc(r->kept, r->kept_cap * sizeof *r->kept);
    }
    r->kept[r->records - 1] = rec;
    r->kept_bytes += awsmap__record_bytes(rec);
  }
  if (r->sample) { /* only in the memory passes: mallinfo2 is not free */
    size_t used = heap_in_use();
    if (used > r->peak)
      r->peak = used;
  }
  if (!r->keep)
    awsmap__record_free(rec);
  return AWSMAP_OK;
}

static double decode_pass(const awsmap__buf *doc, run *r) {
  const awsmap__decoder_table *t;
  if (awsmap__call_table(awsmap__call_find("ec2:DescribeInstances"), &t) != AWSMAP_OK)
    exit(1);
  r->base = r->peak = heap_in_use();
  double t0 = now_s();
  awsmap__decoder *d = awsmap__decoder_new(t, on_record, r);
  awsmap__xml_parser *p = awsmap__xml_parser_new(awsmap__decoder_handler(), d, 0);
  awsmap_status st = AWSMAP_OK;
  for (size_t off = 0; off < doc->len && st == AWSMAP_OK; off += CHUNK)
    st = awsmap__xml_parser_feed(p, doc->ptr + off, doc->len - off < CHUNK ? doc->len - off : CHUNK);
  if (st == AWSMAP_OK)
    st = awsmap__xml_parser_finish(p);
  if (st != AWSMAP_OK) {
    fprintf(stderr, "decode failed: %s\n", awsmap_error_message(awsmap_error_last()));
    exit(1);
  }
  awsmap__xml_parser_free(p);
  awsmap__decoder_free(d);
  return now_s() - t0;
}

/* usage: bench_services_decode [MB [ROUNDS [--write FILE]]]
 * --write saves the generated page, so other parsers (botocore.py beside
 * this file) can be measured on exactly the same bytes. */
int main(int argc, char **argv) {
  size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 20;
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  const char *write_to = argc > 4 && strcmp(argv[3], "--write") == 0 ? argv[4] : NULL;
  awsmap__global_ensure();
  awsmap__buf doc = AWSMAP__BUF_INIT;
  size_t instances = make_page(&doc, mb << 20);
  double mbytes = (double)doc.len / 1e6;
  printf("page: %.1f MB, %zu instances\n", mbytes, instances);
  if (write_to) {
    FILE *f = fopen(write_to, "wb");
    if (!f || fwrite(doc.ptr, 1, doc.len, f) != doc.len || fclose(f) != 0) {
      fprintf(stderr, "cannot write %s\n", write_to);
      return 1;
    }
    printf("page written to %s\n", write_to);
  }
  double best_floor = 1e9, best_decode = 1e9, best_tok = 1e9;
  run last = {.sample = true};
  decode_pass(&doc, &last); /* memory, records freed as they arrive */
  for (int i = 0; i < rounds; i++) {
    double f = floor_pass(&doc);
    double tk = tokenizer_pass(&doc);
    if (tk < best_tok)
      best_tok = tk;
    run r = {0};
    double d = decode_pass(&doc, &r);
    if (f < best_floor)
      best_floor = f;
    if (d < best_decode)
      best_decode = d;
  }
  printf("libxml2 push SAX, empty callbacks (the parser this replaced): %7.1f MB/s (best of %d)\n",
         mbytes / best_floor, rounds);
  printf("awsmap XML tokenizer, empty callbacks:                        %7.1f MB/s (best of %d) "
         "= %.2fx libxml2\n", mbytes / best_tok, rounds, best_floor / best_tok);
  printf("typed decode (records freed):                                 %7.1f MB/s (best of %d) "
         "= %.2fx libxml2's floor\n", mbytes / best_decode, rounds, best_floor / best_decode);
  printf("records: %zu, fields: %zu\n", last.records, last.fields);
  printf("extra heap while decoding, records freed as they arrive: peak %.2f MB\n",
         (double)(last.peak - last.base) / 1048576.0);
  run k = {.keep = true, .sample = true};
  double kd = decode_pass(&doc, &k);
  size_t in_use = heap_in_use() - k.base;
  printf("records kept: %zu records, %.1f MB of records (awsmap__record_bytes); "
         "peak heap growth %.1f MB, of which beyond the records %.2f MB (%.1f MB/s)\n",
         k.records, (double)k.kept_bytes / 1048576.0, (double)(k.peak - k.base) / 1048576.0,
         ((double)(k.peak - k.base) - (double)k.kept_bytes) / 1048576.0, mbytes / kd);
  (void)in_use;
  for (size_t i = 0; i < k.records; i++)
    awsmap__record_free(k.kept[i]);
  free(k.kept);
  awsmap__buf_dispose(&doc);
  return 0;
}
