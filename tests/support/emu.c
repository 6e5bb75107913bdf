/* See emu.h. The emulator prints exactly one line "AWSEMU_PORT=<port>" on
 * stdout when it is listening; everything else goes to stderr. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fork, kill, poll, clock_gettime under -std=c11 */
#endif
#include "emu.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AWSEMU_SCRIPT
#error "define AWSEMU_SCRIPT as the absolute path of tests/emulator/awsemu.py"
#endif
#ifndef AWSEMU_SCENARIOS
#error "define AWSEMU_SCENARIOS as the absolute path of tests/emulator/scenarios"
#endif

#ifndef AWSEMU_PYTHON
#define AWSEMU_PYTHON "/usr/bin/python3"
#endif

#define EMU_START_TIMEOUT_MS 20000

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "demo" -> AWSEMU_SCENARIOS/demo.json; anything with a '/' or ".json" is a path. */
static void scenario_path(const char *scenario, char *out, size_t n)
{
    size_t len = strlen(scenario);
    if (strchr(scenario, '/') || (len > 5 && strcmp(scenario + len - 5, ".json") == 0))
        snprintf(out, n, "%s", scenario);
    else
        snprintf(out, n, "%s/%s.json", AWSEMU_SCENARIOS, scenario);
}

/* Read until a full "AWSEMU_PORT=" line arrives or the deadline passes. */
static int read_port(int fd, long deadline)
{
    char buf[256];
    size_t used = 0;
    while (used < sizeof buf - 1) {
        long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        ssize_t got = read(fd, buf + used, sizeof buf - 1 - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1; /* emulator exited */
        used += (size_t)got;
        buf[used] = '\0';
        char *nl = strchr(buf, '\n');
        if (nl) {
            *nl = '\0';
            int port = 0;
            if (sscanf(buf, "AWSEMU_PORT=%d", &port) == 1 && port > 0 && port < 65536)
                return port;
            return -1;
        }
    }
    return -1;
}

static void reap(struct emu *e, long wait_ms)
{
    long deadline = now_ms() + wait_ms;
    while (now_ms() < deadline) {
        pid_t r = waitpid(e->pid, NULL, WNOHANG);
        if (r == e->pid || (r < 0 && errno == ECHILD)) {
            e->pid = 0;
            return;
        }
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

int emu_start(struct emu *e, const char *scenario, const char *const *extra_args)
{
    memset(e, 0, sizeof *e);
    char path[4096];
    scenario_path(scenario ? scenario : "demo", path, sizeof path);

    size_t nextra = 0;
    while (extra_args && extra_args[nextra])
        nextra++;
    const char **argv = calloc(nextra + 8, sizeof *argv);
    if (!argv)
        return -1;
    size_t a = 0;
    argv[a++] = AWSEMU_PYTHON;
    argv[a++] = AWSEMU_SCRIPT;
    argv[a++] = "--scenario";
    argv[a++] = path;
    argv[a++] = "--port";
    argv[a++] = "0";
    for (size_t i = 0; i < nextra; i++)
        argv[a++] = extra_args[i];
    argv[a] = NULL;

    int fds[2];
    if (pipe(fds) != 0) {
        free(argv);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        free(argv);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    free(argv);
    close(fds[1]);
    e->pid = pid;
    int port = read_port(fds[0], now_ms() + EMU_START_TIMEOUT_MS);
    close(fds[0]); /* the emulator writes nothing else to stdout */
    if (port < 0) {
        kill(pid, SIGKILL);
        reap(e, 5000);
        if (e->pid) { /* should not happen after SIGKILL; block to avoid a zombie */
            waitpid(e->pid, NULL, 0);
            e->pid = 0;
        }
        return -1;
    }
    e->port = port;
    snprintf(e->url, sizeof e->url, "http://127.0.0.1:%d", port);
    return 0;
}

void emu_stop(struct emu *e)
{
    if (!e || e->pid <= 0)
        return;
    emu_post(e, "/_emu/shutdown", NULL);
    reap(e, 3000);
    if (e->pid) {
        kill(e->pid, SIGTERM);
        reap(e, 5000);
    }
    if (e->pid) {
        kill(e->pid, SIGKILL);
        waitpid(e->pid, NULL, 0);
        e->pid = 0;
    }
    e->port = 0;
    e->url[0] = '\0';
}

const char *emu_url(const struct emu *e)
{
    return e->url;
}

struct buf {
    char *data;
    size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, ptr, n);
    b->data = p;
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

long emu_http(const char *url, const char *post_body, char **body)
{
    *body = NULL;
    CURL *c = curl_easy_init();
    if (!c)
        return 0;
    struct buf out = {NULL, 0};
    struct curl_slist *h = NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*"); /* loopback only, whatever http_proxy says */
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    if (post_body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body);
    }
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    *body = out.data;
    return status;
}

/* One request to the emulator; returns the HTTP status (0 on transport error). */
static long request(struct emu *e, const char *path, const char *post_body, char **body)
{
    *body = NULL;
    if (!e || !e->port)
        return 0;
    char url[1024];
    snprintf(url, sizeof url, "%s%s", e->url, path);
    return emu_http(url, post_body, body);
}

int emu_post(struct emu *e, const char *path, const char *json_body)
{
    char *body;
    long st = request(e, path, json_body ? json_body : "", &body);
    free(body);
    return (st >= 200 && st < 300) ? 0 : -1;
}

char *emu_get(struct emu *e, const char *path)
{
    char *body;
    long st = request(e, path, NULL, &body);
    if (st < 200 || st >= 300) {
        free(body);
        return NULL;
    }
    return body ? body : calloc(1, 1);
}
