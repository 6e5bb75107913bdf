/* bench_discover's record/replay HTTP/1.1 proxy.
 *
 * Why: the Python emulator spends 1.3-1.75 CPU seconds per full discovery on
 * the same two cores as the client, so against it the wall time measures the
 * emulator, not libawsmap. The proxy lets the benchmark first record the
 * emulator's own answers (a pass at 0 ms latency, every request checked by the
 * emulator's SigV4 verification), then serve exactly those bytes again from
 * memory, each one `latency_ms` after its request arrived, at a few
 * microseconds of CPU per request. bench_discover checks that the replayed
 * run made the same requests (no miss, as many hits as the recording pass had
 * requests) and built a byte-identical graph.
 *
 * How: a child process forked by replay_proxy_start() listens on an ephemeral
 * port of 127.0.0.1: one epoll loop, non-blocking sockets, TCP_NODELAY,
 * keep-alive, thousands of connections, requests with a Content-Length body
 * (chunked bodies get 411, anything unparseable 400).
 *   record  every request is forwarded to the upstream (one blocking libcurl
 *           call at a time: recording is not measured) and its response --
 *           status line, headers, body -- is stored and returned;
 *   replay  answers come from memory, never from the upstream; a request with
 *           no recording is answered 500 naming it and counted as a miss.
 * A recording's key is the method, the request target (path and query), the
 * body and the region and service of the SigV4 credential scope: signatures,
 * dates and other headers change from run to run and are left out.
 *
 * Control, on the same port:
 *   POST /_replay/config   {"mode":"record"|"replay","latency_ms":N} (either
 *                          field optional); resets the counters, keeps the
 *                          recordings; answers with the stats
 *   GET  /_replay/requests [{"method","target","region","service","body"}, ...]:
 *                          every recorded request (transport_floor.c replays them)
 *   GET  /_replay/stats    {"mode","latency_ms","recorded","requests","hits",
 *                           "misses","upstream_errors","max_connections",
 *                           "late_us_avg","late_us_max","written_us_avg",
 *                           "written_us_max","recorded_bytes","user_s","sys_s"}
 *   POST /_replay/shutdown the child exits
 * The counters count AWS requests since the last config; "recorded" is the
 * number of distinct keys held; late_us_* say how far past its deadline a
 * replayed answer started to be written, written_us_* when its last byte was
 * (that includes waiting for a client that reads slowly); user_s and sys_s are the proxy
 * process's CPU time since it started. */
#ifndef AWSMAP_BENCH_REPLAY_PROXY_H
#define AWSMAP_BENCH_REPLAY_PROXY_H

#include <sys/types.h>

struct replay_proxy {
  pid_t pid;    /* the proxy process, 0 when not running */
  int port;     /* its port on 127.0.0.1 */
  char url[64]; /* "http://127.0.0.1:PORT" */
};

struct replay_stats {
  long recorded, requests, hits, misses, upstream_errors, max_connections;
  double late_us_avg, late_us_max, written_us_avg, written_us_max, recorded_bytes;
  double user_s, sys_s; /* the proxy process's CPU since it started */
};

/* Forks the proxy in record mode in front of `upstream_url`
 * ("http://127.0.0.1:PORT"). The child dies with the parent. Returns 0, or -1
 * with a message on stderr. */
int replay_proxy_start(struct replay_proxy *p, const char *upstream_url);

/* Switches mode ("record" or "replay") and latency; resets the counters.
 * Returns 0, or -1 with a message on stderr. */
int replay_proxy_configure(struct replay_proxy *p, const char *mode, long latency_ms);

/* Reads the counters. Returns 0, or -1 with a message on stderr. */
int replay_proxy_stats(struct replay_proxy *p, struct replay_stats *out);

/* Asks the proxy to exit, then SIGTERM / SIGKILL if it does not, and reaps
 * it. Accepts a proxy that never started. */
void replay_proxy_stop(struct replay_proxy *p);

/* The child's side: serves `listen_fd` until told to shut down. Returns the
 * process exit status. */
int replay_proxy_serve(int listen_fd, const char *upstream_url);

#endif
