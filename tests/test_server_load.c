/*
 * msdrm-server under load and killed (issue 10, "Load and faults"): the
 * test starts the program itself, so that it knows its process: 8
 * concurrent clients x 200 Certify with no error and flat server memory;
 * then the server killed with SIGKILL in the middle of such a load and
 * started again on the same folder: every RAC it acknowledged is in its
 * log, byte for byte, and it serves the same SLC. SIGTERM and SIGINT stop
 * it within a second.
 */
#define _POSIX_C_SOURCE 200809L /* fork, kill, clock_gettime, strdup */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "license/license_model.h"
#include "net/rmpr_client.h"
#include "server/server_store.h"
#include "server_fixture.h"
#include "xrml/xrml_document.h"

#ifndef MSDRM_SERVER_PROGRAM
#error "MSDRM_SERVER_PROGRAM (the msdrm-server binary) comes from tests/server_tests.cmake"
#endif

#define CLIENTS 8
#define REQUESTS 200

struct running_server {
    pid_t pid;
    char url[512];
};

/* Starts msdrm-server on a free port with --data `folder`; waits for its
 * listening line. Its stderr (a line a request) goes to /dev/null. */
static void start_server(struct running_server *s, const char *folder)
{
    int out[2];
    assert_int_equal(pipe(out), 0);
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        if (freopen("/dev/null", "w", stderr) == NULL)
            _exit(127);
        /* A short quarantine under AddressSanitizer, so that memory
         * measures the server, not the sanitizer. */
        setenv("ASAN_OPTIONS", "quarantine_size_mb=4:detect_leaks=0", 1);
        execl(MSDRM_SERVER_PROGRAM, MSDRM_SERVER_PROGRAM, "--listen", "127.0.0.1:0", "--data",
              folder, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *output = fdopen(out[0], "r");
    char line[512];
    assert_non_null(fgets(line, sizeof line, output));
    fclose(output);
    const char *prefix = "msdrm-server: listening on ";
    assert_int_equal(strncmp(line, prefix, strlen(prefix)), 0);
    snprintf(s->url, sizeof s->url, "%s", line + strlen(prefix));
    s->url[strcspn(s->url, "\r\n")] = '\0';
}

static void sleep_ms(long milliseconds)
{
    struct timespec t = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* SIGTERM or SIGINT: the server exits cleanly within a second. */
static void stop_server(struct running_server *s, int signal_number)
{
    double start = now_ms();
    assert_int_equal(kill(s->pid, signal_number), 0);
    int status = 0;
    assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
    assert_true(now_ms() - start < 1000);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* VmRSS of a process, in kB. */
static long resident_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    long kb = -1;
    while (fgets(line, sizeof line, file) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(file);
    return kb;
}

static struct test_machine machine;

struct client {
    pthread_t thread;
    const char *url;
    int index, requests; /* 0: until it fails */
    int errors;          /* read after the thread is joined */
    int done;            /* requests answered or failed (atomic) */
    char **acknowledged; /* license IDs of the RACs received, and their texts */
    char **texts;
    size_t count;
};

static void *run_client(void *argument)
{
    struct client *c = argument;
    char certification[600], from[64];
    snprintf(certification, sizeof certification, "%s/certification", c->url);
    snprintf(from, sizeof from, "load%d@openmsdrm.test", c->index);
    struct rmpr_call_options options = {certification, from, 10000};
    char *texts[1] = {machine.certificate[c->index % 2]};
    size_t lengths[1] = {strlen(texts[0])};
    struct rmpr_documents machine_chain = {1, texts, lengths};
    size_t capacity = c->requests > 0 ? (size_t)c->requests : 100000;
    c->acknowledged = calloc(capacity, sizeof *c->acknowledged);
    c->texts = calloc(capacity, sizeof *c->texts);
    for (int i = 0; c->requests == 0 || i < c->requests; i++) {
        struct rmpr_documents rac_chain = {0};
        HRESULT hr = rmpr_certify(&options, &machine_chain, true, &rac_chain);
        if (hr != S_OK || rac_chain.count != 3) {
            c->errors++;
            rmpr_documents_clear(&rac_chain);
            __atomic_add_fetch(&c->done, 1, __ATOMIC_RELAXED);
            if (c->requests == 0)
                break; /* the server is gone */
            continue;
        }
        struct xrml_document *document = NULL;
        struct license_model model;
        if (c->count < capacity &&
            xrml_parse_utf8(rac_chain.texts[0], rac_chain.lengths[0], &document) == S_OK &&
            license_model_read(document, &model) == S_OK) {
            c->acknowledged[c->count] = strdup(license_id(&model));
            c->texts[c->count] = strdup(rac_chain.texts[0]);
            c->count++;
            license_model_clear(&model);
        } else {
            c->errors++;
        }
        xrml_document_unref(document);
        rmpr_documents_clear(&rac_chain);
        __atomic_add_fetch(&c->done, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

static void free_client(struct client *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->acknowledged[i]);
        free(c->texts[i]);
    }
    free(c->acknowledged);
    free(c->texts);
}

static int total_done(struct client *clients)
{
    int done = 0;
    for (int i = 0; i < CLIENTS; i++)
        done += __atomic_load_n(&clients[i].done, __ATOMIC_RELAXED);
    return done;
}

static int setup_all(void **state)
{
    (void)state;
    char *folder = test_folder("machine");
    test_machine_make(&machine, folder);
    free(folder);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    test_machine_free(&machine);
    return 0;
}

/* 8 x 200 Certify, no error; memory at the end within a few megabytes
 * of what it was halfway. */
static void load(void **state)
{
    (void)state;
    char *folder = test_folder("load-server");
    struct running_server s;
    start_server(&s, folder);
    struct client clients[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients[i] = (struct client){.url = s.url, .index = i, .requests = REQUESTS};
        assert_int_equal(pthread_create(&clients[i].thread, NULL, run_client, &clients[i]), 0);
    }
    while (total_done(clients) < CLIENTS * REQUESTS / 2)
        sleep_ms(2);
    long halfway = resident_kb(s.pid);
    int errors = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(clients[i].thread, NULL);
        errors += clients[i].errors;
        free_client(&clients[i]);
    }
    long end = resident_kb(s.pid);
    stop_server(&s, SIGTERM);
    fprintf(stderr, "load: %d requests, %d errors, server RSS %ld kB halfway, %ld kB at the end\n",
            CLIENTS * REQUESTS, errors, halfway, end);
    assert_int_equal(errors, 0);
    assert_true(halfway > 0);
    assert_true(end <= halfway + 8 * 1024);
    free(folder);
}

/* SIGKILL during the load; after a restart every acknowledged RAC is in
 * the log and the chain is the same. */
static void killed_during_load(void **state)
{
    (void)state;
    char *folder = test_folder("killed-server");
    struct running_server s;
    start_server(&s, folder);
    struct rmpr_call_options options = {NULL, TEST_USER, 10000};
    char licensing[600];
    snprintf(licensing, sizeof licensing, "%s/licensing", s.url);
    options.service_url = licensing;
    struct rmpr_documents before = {0};
    assert_int_equal(rmpr_get_licensor_certificate(&options, &before), S_OK);

    struct client clients[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients[i] = (struct client){.url = s.url, .index = i, .requests = 0};
        assert_int_equal(pthread_create(&clients[i].thread, NULL, run_client, &clients[i]), 0);
    }
    while (total_done(clients) < 300)
        sleep_ms(1);
    assert_int_equal(kill(s.pid, SIGKILL), 0);
    waitpid(s.pid, NULL, 0);
    size_t acknowledged = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(clients[i].thread, NULL);
        acknowledged += clients[i].count;
    }

    start_server(&s, folder);
    snprintf(licensing, sizeof licensing, "%s/licensing", s.url);
    struct rmpr_documents after = {0};
    assert_int_equal(rmpr_get_licensor_certificate(&options, &after), S_OK);
    assert_int_equal(after.count, before.count);
    for (size_t i = 0; i < after.count; i++)
        assert_string_equal(after.texts[i], before.texts[i]);
    stop_server(&s, SIGINT);

    char path[1024];
    snprintf(path, sizeof path, "%s/server.db", folder);
    struct server_store *store = NULL;
    assert_int_equal(server_store_open(path, &store), S_OK);
    size_t found = 0;
    for (int i = 0; i < CLIENTS; i++) {
        for (size_t j = 0; j < clients[i].count; j++) {
            char *certificate = NULL;
            assert_int_equal(
                server_store_find_issued(store, clients[i].acknowledged[j], &certificate), S_OK);
            assert_string_equal(certificate, clients[i].texts[j]);
            free(certificate);
            found++;
        }
        free_client(&clients[i]);
    }
    int64_t logged = 0;
    assert_int_equal(server_store_count_issued(store, "RAC", &logged), S_OK);
    server_store_close(store);
    fprintf(stderr, "killed: %zu RACs acknowledged, all %zu in the log of %lld\n", acknowledged,
            found, (long long)logged);
    assert_true(acknowledged >= 300);
    assert_true((size_t)logged >= acknowledged);
    rmpr_documents_clear(&before);
    rmpr_documents_clear(&after);
    free(folder);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load),
        cmocka_unit_test(killed_during_load),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
