/*
 * Benchmark (issue 10): HTTP round trips over loopback through
 * platform_http_post (libcurl natively, WinHTTP under Wine) against the
 * scripted server's echo, on 1 and on 2 threads.
 *
 *   bash tests/tools/run_with_server.sh build/release/bin/http_test_server --port 0 -- \
 *       build/release/bin/http_bench [runs] [body bytes]
 *   bash tests/tools/run_with_server.sh build/native/bin/http_test_server --port 0 -- \
 *       build/x86_64/wine-run.sh $PWD/build/x86_64/bin/http_bench.exe [runs] [body bytes]
 *
 * Each run posts a 2 KiB SOAP-sized body (or the size given) REQUESTS
 * times per thread and reads back the echo (the body and ~200 bytes). Prints each run's round trips a
 * second and the median latency of one round trip, then the medians over
 * the runs. The server gives each connection its own thread, so its own
 * cost is part of every figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_median.h"
#include "msdrmerror.h"
#include "platform/http.h"
#include "platform/platform.h"
#include "test_platform.h"
#include "test_threads.h"

#define MAX_RUNS 51
#define MAX_THREADS 2
#define REQUESTS 200
#define MAX_BODY_BYTES 65536

static size_t body_bytes = 2048;

struct worker {
    const char *url;
    const char *body;
    double latencies_us[REQUESTS];
    unsigned failures;
};

static void post_requests(void *argument)
{
    struct worker *worker = argument;
    for (unsigned i = 0; i < REQUESTS; i++) {
        struct http_request request = {
            .url = worker->url,
            .content_type = "text/xml; charset=utf-8",
            .soap_action = "http://microsoft.com/DRM/CertificationService/Certify",
            .from = "bench@example.com",
            .body = worker->body,
            .body_length = body_bytes,
        };
        struct http_response response = {0};
        unsigned long long start = test_monotonic_ns();
        HRESULT hr = platform_http_post(&request, &response);
        worker->latencies_us[i] = (double)(test_monotonic_ns() - start) / 1000.0;
        if (hr != S_OK || response.status != 200 || response.length < body_bytes)
            worker->failures++;
        http_response_clear(&response);
    }
}

/* One run on `threads` threads: round trips a second; *latency_us the median. */
static double run_once(unsigned threads, const char *url, const char *body, double *latency_us,
                       unsigned *failures)
{
    static struct worker workers[MAX_THREADS];
    void *arguments[MAX_THREADS];
    for (unsigned i = 0; i < threads; i++) {
        workers[i] = (struct worker){.url = url, .body = body};
        arguments[i] = &workers[i];
    }
    unsigned long long start = test_monotonic_ns();
    run_on_threads(threads, post_requests, arguments);
    double seconds = (double)(test_monotonic_ns() - start) / 1e9;
    static double all[MAX_THREADS * REQUESTS];
    for (unsigned i = 0; i < threads; i++) {
        memcpy(all + i * REQUESTS, workers[i].latencies_us, sizeof workers[i].latencies_us);
        *failures += workers[i].failures;
    }
    *latency_us = bench_median(all, (size_t)threads * REQUESTS);
    return (double)threads * REQUESTS / seconds;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    long size = argc > 2 ? atol(argv[2]) : 2048;
    if (runs < 1 || runs > MAX_RUNS || size < 0 || size > MAX_BODY_BYTES) {
        fprintf(stderr, "usage: http_bench [runs, 1-%d] [body bytes, 0-%d]\n", MAX_RUNS,
                MAX_BODY_BYTES);
        return 2;
    }
    body_bytes = (size_t)size;
    const char *base = getenv("MSDRM_TEST_SERVER_URL");
    if (base == NULL) {
        fprintf(stderr, "http_bench: MSDRM_TEST_SERVER_URL is not set (run it through "
                        "tests/tools/run_with_server.sh)\n");
        return 2;
    }
    char url[256];
    snprintf(url, sizeof url, "%s/_wmcs/certification/certification.asmx", base);
    static char body[MAX_BODY_BYTES + 1];
    for (size_t i = 0; i < body_bytes; i++)
        body[i] = (char)('a' + i % 26);

    unsigned failures = 0;
    double latency = 0;
    run_once(1, url, body, &latency, &failures); /* warm-up: first-use costs */
    double rates[MAX_THREADS][MAX_RUNS], latencies[MAX_THREADS][MAX_RUNS];
    for (int run = 0; run < runs; run++) {
        for (unsigned threads = 1; threads <= MAX_THREADS; threads++) {
            rates[threads - 1][run] =
                run_once(threads, url, body, &latencies[threads - 1][run], &failures);
            printf("run %d, %u thread%s: %8.0f round trips/s, median %7.1f us\n", run + 1,
                   threads, threads == 1 ? " " : "s", rates[threads - 1][run],
                   latencies[threads - 1][run]);
        }
    }
    for (unsigned threads = 1; threads <= MAX_THREADS; threads++) {
        printf("median of %d runs, %u thread%s: %8.0f round trips/s, median %7.1f us\n", runs,
               threads, threads == 1 ? " " : "s", bench_median(rates[threads - 1], (size_t)runs),
               bench_median(latencies[threads - 1], (size_t)runs));
    }
    printf("failures: %u\n", failures);
    return failures == 0 ? 0 : 1;
}
