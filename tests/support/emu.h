/* Test harness: start/stop the Python AWS emulator (tests/emulator) and talk
 * to its /_emu/ control API. Plain C11 + POSIX + libcurl; no project code.
 *
 * Needs the compile definitions AWSEMU_SCRIPT (absolute path of awsemu.py)
 * and AWSEMU_SCENARIOS (absolute path of the scenarios directory). */
#ifndef LIBAWSMAP_TESTS_EMU_H
#define LIBAWSMAP_TESTS_EMU_H

#include <sys/types.h>

struct emu {
    pid_t pid;     /* emulator process, 0 when not running */
    int port;      /* TCP port on 127.0.0.1 */
    char url[64];  /* "http://127.0.0.1:PORT" */
};

/* Start the emulator with `scenario` ("demo", "full", or a path to a JSON
 * file) and optional NULL-terminated extra arguments (e.g. "--scale",
 * "20000"). Waits up to 20 s for the port. Returns 0 on success, -1 on error. */
int emu_start(struct emu *e, const char *scenario, const char *const *extra_args);

/* POST /_emu/shutdown, then SIGTERM if needed, and reap the process. */
void emu_stop(struct emu *e);

/* "http://127.0.0.1:PORT" (valid while the emulator runs). */
const char *emu_url(const struct emu *e);

/* POST `json_body` (may be NULL) to `path` (e.g. "/_emu/faults").
 * Returns 0 on a 2xx answer, -1 otherwise. */
int emu_post(struct emu *e, const char *path, const char *json_body);

/* GET `path` (e.g. "/_emu/calls"); returns the malloc'd NUL-terminated body
 * (caller frees) or NULL on error / non-2xx. */
char *emu_get(struct emu *e, const char *path);

/* One request to a loopback control endpoint (the emulator's, the benchmark
 * proxy's): GET, or POST of a JSON body when post_body is not NULL. Returns the
 * HTTP status (0 on a transport error); *body gets the malloc'd NUL-terminated
 * answer or NULL (caller frees). */
long emu_http(const char *url, const char *post_body, char **body);

#endif
