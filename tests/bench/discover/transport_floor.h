/* bench_discover's transport floor: the recorded requests sent again through
 * bare libcurl, to tell what the transport alone costs on this machine from
 * what libawsmap adds to it (signing, decoding, the graph).
 *
 * The proxy lists what it recorded (GET /_replay/requests); every request
 * goes out once through a curl multi handle driven by epoll, at most
 * `in_flight` at a time (a finished transfer's easy handle takes the next
 * request, so connections are reused as libawsmap reuses them), with the
 * recorded method, target and body and a dummy Authorization header naming
 * the recorded region and service (the proxy keys answers on them; it does
 * not check signatures). Answers are counted and dropped. Unlike a discovery,
 * nothing waits for an earlier answer: every request is known at the start,
 * so the wall time is no bound for a discovery's, only the CPU is. */
#ifndef AWSMAP_BENCH_TRANSPORT_FLOOR_H
#define AWSMAP_BENCH_TRANSPORT_FLOOR_H

struct transport_floor {
  long requests;    /* sent */
  long failed;      /* transfers that failed, or answers that were not 2xx */
  double bytes;     /* answer bytes received (bodies) */
  double wall_s, user_s, sys_s;
};

/* Replays the proxy's recorded requests (the proxy must be in replay mode):
 * all of them, or with `actions` (NULL-terminated, e.g. "DescribeListeners")
 * only the query-protocol requests whose body names one of those actions.
 * `threads` (1-16) threads share them round-robin, each with its own multi
 * handle and in_flight / threads transfers at a time (rounded down); the CPU
 * counts them all. No request of that kind recorded is an empty run (0
 * requests). Returns 0, or -1 with a message on stderr. */
int transport_floor_run(const char *proxy_url, unsigned in_flight, unsigned threads,
                        const char *const *actions, struct transport_floor *out);

#endif
