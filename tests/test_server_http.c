/*
 * msdrm-server over HTTP (msdrm_add_test_with_server: the program runs
 * at MSDRM_TEST_SERVER_URL): the MS-RMPR calls of net/rmpr_client.h
 * against it through the libcurl transport, concurrent clients, and
 * hostile HTTP: a 64 MB body (announced and chunked) refused at once, a
 * GET, after which the server keeps serving.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, sockets, clock_gettime */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/rmpr_client.h"
#include "server_fixture.h"
#include "xrml/xrml_document.h"

static const char *base_url;
static struct test_machine machine;
static char certification[256], licensing[256];

static int setup_all(void **state)
{
    (void)state;
    base_url = getenv("MSDRM_TEST_SERVER_URL");
    assert_non_null(base_url);
    snprintf(certification, sizeof certification, "%s/certification", base_url);
    snprintf(licensing, sizeof licensing, "%s/licensing", base_url);
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

static void assert_chain(const struct rmpr_documents *chain, size_t count)
{
    assert_int_equal(chain->count, count);
    struct xrml_document *documents[4];
    for (size_t i = 0; i < count; i++)
        assert_int_equal(xrml_parse_utf8(chain->texts[i], chain->lengths[i], &documents[i]), S_OK);
    assert_int_equal(xrml_verify_chain(documents, count), S_OK);
    for (size_t i = 0; i < count; i++)
        xrml_document_unref(documents[i]);
}

static HRESULT certify(const char *from, struct rmpr_documents *rac_chain)
{
    struct rmpr_call_options options = {certification, from, 10000};
    char *texts[1] = {machine.certificate[0]};
    size_t lengths[1] = {strlen(machine.certificate[0])};
    struct rmpr_documents machine_chain = {1, texts, lengths};
    return rmpr_certify(&options, &machine_chain, true, rac_chain);
}

/* User activation and a CLC as the DLL will do them (spec/rmpr.md §6.2,
 * §6.3), and discovery (§4). */
static void calls_over_http(void **state)
{
    (void)state;
    struct rmpr_documents rac_chain = {0}, clc_chain = {0}, slc_chain = {0};
    assert_int_equal(certify(TEST_USER, &rac_chain), S_OK);
    assert_chain(&rac_chain, 3);
    struct rmpr_call_options options = {licensing, TEST_USER, 10000};
    assert_int_equal(rmpr_get_client_licensor_cert(&options, &rac_chain, &clc_chain), S_OK);
    assert_chain(&clc_chain, 3);
    assert_int_equal(rmpr_get_licensor_certificate(&options, &slc_chain), S_OK);
    assert_chain(&slc_chain, 2);
    assert_string_equal(slc_chain.texts[0], rac_chain.texts[1]);
    const char *types[] = {"LicensingInternalService", "CertificationService"};
    char *urls[2] = {NULL, NULL};
    struct rmpr_call_options locator = {certification, TEST_USER, 10000};
    assert_int_equal(rmpr_find_service_locations(&locator, types, 2, urls), S_OK);
    assert_string_equal(urls[0], licensing);
    assert_string_equal(urls[1], certification);
    free(urls[0]);
    free(urls[1]);
    /* A fault comes back as the client maps it (no From: unauthorized). */
    struct rmpr_documents none = {0};
    assert_true(FAILED(certify(NULL, &none)));
    assert_int_equal(none.count, 0);
    rmpr_documents_clear(&rac_chain);
    rmpr_documents_clear(&clc_chain);
    rmpr_documents_clear(&slc_chain);
}

struct worker {
    pthread_t thread;
    int index, errors;
};

static void *work(void *argument)
{
    struct worker *w = argument;
    char from[64];
    snprintf(from, sizeof from, "user%d@openmsdrm.test", w->index);
    for (int i = 0; i < 10; i++) {
        struct rmpr_documents chain = {0};
        if (certify(from, &chain) != S_OK || chain.count != 3)
            w->errors++;
        rmpr_documents_clear(&chain);
    }
    return NULL;
}

/* Requests are served concurrently. */
static void concurrent_clients(void **state)
{
    (void)state;
    struct worker workers[8];
    for (int i = 0; i < 8; i++) {
        workers[i] = (struct worker){.index = i};
        assert_int_equal(pthread_create(&workers[i].thread, NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(workers[i].thread, NULL);
        assert_int_equal(workers[i].errors, 0);
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int connect_to_server(void)
{
    unsigned port = 0;
    char host[64];
    assert_int_equal(sscanf(base_url, "http://%63[^:]:%u/", host, &port), 2);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    assert_int_equal(inet_pton(AF_INET, host, &address.sin_addr), 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&address, sizeof address), 0);
    return fd;
}

/* Sends `headers` then up to `body_bytes` zero bytes while watching for
 * the server's answer; what it answered (or "" when it closed), and how
 * much of the body went out before that. */
static void send_until_answered(const char *headers, size_t body_bytes, char *answer,
                                size_t answer_size, size_t *sent)
{
    int fd = connect_to_server();
    assert_int_equal(send(fd, headers, strlen(headers), MSG_NOSIGNAL), (ssize_t)strlen(headers));
    static char zeros[65536];
    *sent = 0;
    answer[0] = '\0';
    size_t got = 0;
    double start = now_ms();
    while (now_ms() - start < 5000) {
        struct pollfd watch = {.fd = fd, .events = POLLIN | (*sent < body_bytes ? POLLOUT : 0)};
        assert_true(poll(&watch, 1, 100) >= 0);
        if (watch.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(fd, answer + got, answer_size - 1 - got, 0);
            if (n <= 0)
                break;
            got += (size_t)n;
            answer[got] = '\0';
            if (strstr(answer, "\r\n\r\n") != NULL)
                break;
        } else if (watch.revents & POLLOUT) {
            size_t chunk = body_bytes - *sent < sizeof zeros ? body_bytes - *sent : sizeof zeros;
            ssize_t n = send(fd, zeros, chunk, MSG_NOSIGNAL);
            if (n <= 0)
                break;
            *sent += (size_t)n;
        }
    }
    close(fd);
}

/* A 64 MB body: 413 before the body is read (announced), the connection
 * closed at once (chunked); either way the server keeps serving. */
static void huge_body_refused(void **state)
{
    (void)state;
    char headers[512];
    snprintf(headers, sizeof headers,
             "POST /_wmcs/certification/certification.asmx HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: text/xml; charset=utf-8\r\n"
             "SOAPAction: \"http://microsoft.com/DRM/CertificationService/Certify\"\r\n"
             "Content-Length: %zu\r\n\r\n",
             (size_t)64 << 20);
    char answer[4096];
    size_t sent = 0;
    double start = now_ms();
    send_until_answered(headers, (size_t)64 << 20, answer, sizeof answer, &sent);
    assert_true(now_ms() - start < 2000);
    assert_true(strncmp(answer, "HTTP/1.1 413", 12) == 0);
    assert_true(sent < ((size_t)64 << 20));

    snprintf(headers, sizeof headers,
             "POST /_wmcs/certification/certification.asmx HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
             "SOAPAction: \"http://microsoft.com/DRM/CertificationService/Certify\"\r\n\r\n"
             "4000000\r\n");
    start = now_ms();
    send_until_answered(headers, (size_t)64 << 20, answer, sizeof answer, &sent);
    assert_true(now_ms() - start < 2000);
    assert_true(sent < ((size_t)64 << 20));
    assert_null(strstr(answer, "HTTP/1.1 200"));

    struct rmpr_documents chain = {0};
    assert_int_equal(certify(TEST_USER, &chain), S_OK);
    rmpr_documents_clear(&chain);
}

/* Only POST is served. */
static void get_refused(void **state)
{
    (void)state;
    char answer[4096];
    size_t sent = 0;
    send_until_answered("GET /_wmcs/certification/certification.asmx HTTP/1.1\r\nHost: x\r\n\r\n",
                        0, answer, sizeof answer, &sent);
    assert_true(strncmp(answer, "HTTP/1.1 405", 12) == 0);
    send_until_answered("POST /../../etc/passwd HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                        0, answer, sizeof answer, &sent);
    assert_true(strncmp(answer, "HTTP/1.1 404", 12) == 0 ||
                strncmp(answer, "HTTP/1.1 400", 12) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calls_over_http),
        cmocka_unit_test(concurrent_clients),
        cmocka_unit_test(huge_body_refused),
        cmocka_unit_test(get_refused),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
